"""What an order form does besides judging its fields: where Ctrl+1…4 put the focus, the last answer under Send,
and the checks the form adds to the core's judgement (the sell limit, the looked-up stock, an unknown code) —
a mixin of :class:`~.order_form.OrderForm`, kept apart so that module stays one job."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QStyle, QStyleOptionButton, QStylePainter, QWidget

from ...instrument.rules import instrument_errors
from ...orders.validation import ValidationResult
from .instrument_line import kst_today, unknown_message


class SendButton(QPushButton):
    """Send. Its busy words (전송 중…) are painted in its own area, not set with ``setText``: a new text is a
    geometry change, and the form, the tabs and the window laid out and repainted again cost the GUI thread
    2–3 ms just when the API thread journals and posts the order (issue 18). ``text()`` and the accessible
    name say what is shown."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._shown = ""  # the busy words painted instead of the text, "" for the text

    def show_instead(self, words: str) -> None:
        if words != self._shown:
            self._shown = words
            self.setAccessibleName(words)  # "": the text again
            self.update()

    def text(self) -> str:
        return self._shown or super().text()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self._shown:
            super().paintEvent(event)
            return
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self._shown
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_PushButton, option)


class FormFeedback:
    market = None  # the window's SessionWiring (ui/session): the session's refusals, VI, notes; None: no judgement

    def focus_first_empty(self) -> None:
        """Ctrl+1…4: the focus on the first enabled text field still empty (else the first field), in reading
        order."""
        fields = [self.editors[k] for k in self._reading_order if self.editors[k].isEnabled()]
        empty = [e for e in fields if isinstance(e, QLineEdit) and not e.text().strip()]
        target = (empty or fields or [self.send_button])[0]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_result(self, text: str, color: str = "") -> None:
        """The last answer of this form's order, under Send (``color``: a CSS colour, "" for the default)."""
        self.result.setText(text)
        self.result.setStyleSheet(f"color:{color};" if color else "")

    def _extra_errors(self, result: ValidationResult) -> dict[str, str]:
        """What the form adds to the core's judgement: the sell limit, the looked-up stock, an unknown code."""
        extra = self._limits.errors(result.values) if self._limits else {}
        if self.instrument is not None:
            for key, message in instrument_errors(self.spec.api_id, result.values, self.instrument,
                                                  kst_today()).items():
                extra.setdefault(key, message)
        if self._unknown:
            extra.setdefault("stk_cd", unknown_message(self._code, self._host_message))
        if self.market is not None:  # a 매매구분 the session refuses (NXT 애프터마켓 시장가, 휴장 …)
            for key, message in self.market.field_errors(self.spec.api_id, result.values).items():
                extra.setdefault(key, message)
        return extra

    def market_notes(self) -> list[str]:
        """What the confirmation adds about the session (an untested 매매구분, an NXT order's lifetime)."""
        return self.market.notes(self.spec.api_id, self.raw_values()) if self.market is not None else []

    def body_still_valid(self) -> bool:
        """The body judged again now (the session, the KST day as they are now) is the one held."""
        return self._body_unchanged()

    def _body_unchanged(self) -> bool:
        """The body judged again now (the KST day of the click) is the one shown: then revalidate() would change
        nothing on screen either (same values, no errors, same field states), and the click need not wait for
        it. Widgets are not touched here."""
        if self._body is None:
            return False
        result, _ = self._validate(self.today())
        return not self._extra_errors(result) and result.body == self._body
