"""A one-line label that never widens its window: a long text is shortened with "…" to the room the layout
gives it, and the whole text is in the tooltip (issue 18: a long live-status text made the window 1,839 px wide
on a 1,600 px screen, pushing 새로고침 off it). ``text()`` keeps returning the whole text.

A label not visible (the whole window while it is built, a tab not shown) is shortened when something reads it
(shown, resized, laid out, its tooltip asked): building the window set texts 170 times, and shortening each
cost start-up about 9 ms. Once shown, it is shortened at once again, hidden or not (a tab left, then grabbed or
read by a screen reader, must not show the text it had). A label never shown gets the resize Qt sends before its
first paint or grab, which shortens it: no paint override, so its paint runs no Python. A new font or style (the
credit desk's bold red, the banner's padding) shortens it again: the room for the text changed without a resize,
and a text cut at the edge without "…" can read as a wrong figure."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# the room for the text changes without a resize: shortened again
_RESHORTEN = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_chars: int = 6) -> None:
        super().__init__(parent)
        self._full = ""
        self._extra_tip = ""
        self._min_chars = min_chars
        self._stale = False  # the text or tooltip changed while not visible: shortened when next read
        self._shown = False  # shown once: every change is shortened at once from then on
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
        self._shown = True
        self._catch_up()  # before the first paint of a text set while hidden
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in _RESHORTEN:
            self._changed()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._show()

    def _changed(self) -> None:
        if self._shown or self.isVisible():
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
