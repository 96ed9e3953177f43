"""What the window keeps in settings.ini between runs: its size and place (never larger than the screen it
opens on), the splitters, the open tab, the confirmation switch, and each form's exchange, order type and 신용구분.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget

from ..orders.order_form import OrderForm

REMEMBERED = ("dmst_stex_tp", "trde_tp", "crd_deal_tp")  # choices, never numbers: nothing stale can be sent
DEFAULT_SIZE = (1400, 1000)  # tall enough for the ticket and ten rows of its 호가 ladder; fitted to smaller screens
_FRAME_ROOM = (16, 40)  # a window manager's borders and title bar, before the frame is known


def fit_to_screen(window: QMainWindow) -> None:
    """Shrink and move ``window`` inside the available area of its screen (a geometry saved on a larger
    screen, or a window that grew, must not open with 새로고침 off-screen)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room: QRect = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    if not window.isVisible():  # the frame is not known before the first show: leave room for a usual one
        extra_w, extra_h = max(extra_w, _FRAME_ROOM[0]), max(extra_h, _FRAME_ROOM[1])
    width = min(window.width(), room.width() - extra_w)
    height = min(window.height(), room.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), room.x()), room.x() + room.width() - width - extra_w)
    y = min(max(frame.y(), room.y()), room.y() + room.height() - height - extra_h)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def restore(
    s: QSettings,
    window: QMainWindow,
    splitters: Mapping[str, QSplitter],
    tabs: QTabWidget,
    forms: Mapping[str, OrderForm],
) -> bool:
    """Apply what ``s`` holds; returns the 'confirm in every environment' switch."""
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    fit_to_screen(window)
    for key, widget in splitters.items():
        state = s.value(key)
        if isinstance(state, QByteArray):
            widget.restoreState(state)
    for api_id, form in forms.items():
        remembered = {k: s.value(f"forms/{api_id}/{k}", "", type=str) for k in REMEMBERED if k in form.editors}
        form.set_values({k: v for k, v in remembered.items() if v})
    tab = s.value("window/tab", 0, type=int)
    tabs.setCurrentIndex(tab if 0 <= tab < tabs.count() else 0)
    return bool(s.value("confirm/always", False, type=bool))


def save(
    s: QSettings,
    window: QMainWindow,
    splitters: Mapping[str, QSplitter],
    tabs: QTabWidget,
    forms: Mapping[str, OrderForm],
    confirm_always: bool,
) -> None:
    s.setValue("window/geometry", window.saveGeometry())
    for key, widget in splitters.items():
        s.setValue(key, widget.saveState())
    s.setValue("window/tab", tabs.currentIndex())
    s.setValue("confirm/always", confirm_always)
    for api_id, form in forms.items():
        raw = form.raw_values()
        for key in REMEMBERED:
            if key in raw:
                s.setValue(f"forms/{api_id}/{key}", raw[key])
    s.sync()
