"""Holding Ctrl+Enter is one press, even where X11 reports its auto-repeat as the key let go and pressed again.

``QShortcut.setAutoRepeat(False)`` drops the presses Qt marks as auto-repeat. An X server without detectable
auto-repeat sends each repeat as a release and a press; Qt pairs them by peeking at its event queue, and on a
loaded machine the press is not there yet, so the pair reads as a new press: a second order while the trader
only held the keys (seen once in a full test run). No hand lets go of Enter and presses it again within
``REPRESS_MS`` with nothing between: such a press is taken for a repeat.

The window's key events are watched only from a send by the keys until Ctrl is let go (or the window loses
the keyboard): a filter in Python sees every event of the window it is on, and the window paints without one.

Only on X11 (the ``xcb`` platform), and only for events that carry the server's time: elsewhere a repeat is
marked as one, and events made without a time (QTest's, offscreen's: all 0) would make every press after a
release "within 30 ms" — a second deliberate press would send nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication

REPRESS_MS = 30  # on the X server's clock, as the key events carry it
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIERS = (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta)
_PRESSES = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)  # a shortcut fires between the two
_KEYS = (*_PRESSES, QEvent.Type.KeyRelease)


class HeldKeys(QObject):
    """Ctrl+Enter's presses on ``window`` after a send: :meth:`is_repeat` at each of the shortcut's activations."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self._window = window
        self._watching = False
        self._released_at: int | None = None  # Enter let go (X server ms), nothing pressed since
        self._released_key = Qt.Key.Key_unknown  # which Enter: a repeat is of the key let go
        self._repeat = False  # the latest press of Enter came within REPRESS_MS of its release
        self._x11 = QGuiApplication.platformName() == "xcb"  # where a repeat may come as let go and pressed

    def is_repeat(self) -> bool:
        """At an activation of the send keys: was it a repeat? Watches the keys from here on either way."""
        repeat, self._repeat = self._repeat, False
        if not self._watching and self._x11:
            self._watching = True
            self._released_at = None
            self._window.installEventFilter(self)
        return repeat

    def _stop(self) -> None:
        self._window.removeEventFilter(self)
        self._watching = False
        self._released_at = None
        self._repeat = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.WindowDeactivate:
            self._stop()  # the keys go elsewhere now: a later press is the user's
        elif kind in _KEYS and not event.isAutoRepeat():
            key = event.key()
            if key == Qt.Key.Key_Control and kind == QEvent.Type.KeyRelease:
                self._stop()
            elif key in _ENTER and kind == QEvent.Type.KeyRelease:
                self._released_at = event.timestamp() or None  # 0: no server time, nothing to judge by
                self._released_key = key
            elif key in _ENTER:
                released = self._released_at if key == self._released_key else None
                self._repeat = released is not None and 0 <= event.timestamp() - released < REPRESS_MS
            elif key not in _MODIFIERS and kind in _PRESSES:
                self._released_at = None  # another key between: not the two halves of one repeat
        return False
