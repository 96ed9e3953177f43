"""A one-line label that never widens its window: a long text is shortened with "…" to the room the layout
gives it, and the whole text is in the tooltip (issue 18: a long live-status text made the window 1,839 px wide
on a 1,600 px screen, pushing 새로고침 off it). ``text()`` keeps returning the whole text.

A label not visible (the whole window while it is built, a tab not shown) is shortened when something reads it
(shown, resized, laid out, its tooltip asked): building the window set texts 170 times, and shortening each
cost start-up about 9 ms."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_chars: int = 6) -> None:
        super().__init__(parent)
        self._full = ""
        self._extra_tip = ""
        self._min_chars = min_chars
        self._stale = False  # the text or tooltip changed while not visible: shortened when next read
        self.setWordWrap(False)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a host's words are never markup here
        # its whole text where there is room, shortened down to min_chars where there is not
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text or ""
        self._changed()

    def text(self) -> str:
        """The whole text, as set (what is painted may be shortened)."""
        return self._full

    def shown_text(self) -> str:
        self._catch_up()
        return super().text()

    def setToolTip(self, tip: str) -> None:  # noqa: N802 (Qt's name)
        """A tooltip of the caller's own comes after the whole text."""
        self._extra_tip = tip or ""
        self._changed()

    def toolTip(self) -> str:  # noqa: N802 (Qt's name)
        """The whole text when it is shortened, then the caller's own tooltip."""
        self._catch_up()
        return super().toolTip()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """What the whole text would like; the layout may give less (the policy ignores it)."""
        self._catch_up()
        hint = super().sizeHint()
        return QSize(min(self.fontMetrics().horizontalAdvance(self._full) + 8, 480), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        self._catch_up()
        return QSize(self.fontMetrics().averageCharWidth() * self._min_chars, super().minimumSizeHint().height())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self._catch_up()  # before the first paint of a text set while hidden
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._show()

    def _changed(self) -> None:
        if self.isVisible():
            self._show()
        else:
            self._stale = True

    def _catch_up(self) -> None:
        if self._stale:
            self._show()

    def _show(self) -> None:
        self._stale = False
        room = max(self.contentsRect().width(), 0)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room) if room else ""
        if shown != super().text():
            super().setText(shown)
        tip = "\n".join(t for t in (self._full if shown != self._full else "", self._extra_tip) if t)
        if tip != super().toolTip():
            super().setToolTip(tip)
