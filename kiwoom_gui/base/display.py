"""Is there a screen to open a window on? Asked before Qt starts: without one, Qt aborts the process."""

from __future__ import annotations

import sys
from collections.abc import Mapping

NO_DISPLAY = (
    "kiwoom-gui: 화면(디스플레이)이 없습니다 — 주문창은 데스크톱(X11 또는 Wayland) 세션에서 실행하세요.\n"
    "kiwoom-gui: no display. Run it in a desktop session: set DISPLAY (X11) or WAYLAND_DISPLAY, "
    "or QT_QPA_PLATFORM=offscreen for tests."
)


def missing_display(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """The message to print when Qt would find no display, else None.

    Linux (and other X11 systems) only: Windows and macOS always have their own platform plugin.
    An explicit QT_QPA_PLATFORM is the user's choice (offscreen, vnc, eglfs…) and is left to Qt.
    """
    if platform in ("win32", "cygwin", "darwin"):
        return None
    if any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return NO_DISPLAY
