"""What a test on a real X server (Xvfb) needs, and why it skips when the machine lacks it."""

from __future__ import annotations

import os
import shutil
import sys

from kiwoom_gui.base.xcb_check import xcb_problem


def x11_missing(*tools: str) -> str | None:
    """Why an X11 test cannot run here (a skip reason), or None. ``tools``: the programs it needs besides Xvfb.

    Xvfb alone is not enough: Qt's xcb plugin needs its own libraries (libxcb-cursor0, …), and without them the
    child aborts before its window shows — a machine that lacks them, not a failure of the program."""
    if not sys.platform.startswith("linux"):
        return "needs Linux: the X11 tests run on Xvfb"
    absent = [tool for tool in ("Xvfb", *tools) if not shutil.which(tool)]
    if absent:
        return f"not installed: {', '.join(absent)} (apt-get install xvfb xdotool)"
    problem = xcb_problem({**os.environ, "DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"})
    return problem.splitlines()[-1] if problem else None  # its English line: names the missing libraries
