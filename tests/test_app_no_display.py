"""Without a display, ``kiwoom-gui`` says so (Korean and English) and exits 2 instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiwoom_gui.base.display import missing_display

SCRUBBED = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def headless_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in SCRUBBED}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux (X11/Wayland)")
def test_headless_start_is_a_clear_message(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kiwoom_gui", "--data-dir", str(tmp_path)],
        env=headless_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "화면(디스플레이)이 없습니다" in proc.stderr
    assert "set DISPLAY" in proc.stderr and "QT_QPA_PLATFORM=offscreen" in proc.stderr
    assert list(tmp_path.iterdir()) == []  # nothing started: no settings, no journal, no lock


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux (X11/Wayland)")
def test_checked_before_qt_is_loaded():
    script = "import sys; from kiwoom_gui.app import main; rc = main([]); print('PySide6' in sys.modules); sys.exit(rc)"
    proc = subprocess.run(
        [sys.executable, "-c", script], env=headless_env(), capture_output=True, text=True, timeout=60
    )
    assert (proc.returncode, proc.stdout.strip()) == (2, "False")


def test_help_still_works_headless():
    proc = subprocess.run(
        [sys.executable, "-m", "kiwoom_gui", "--help"], env=headless_env(), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and "--demo" in proc.stdout


@pytest.mark.parametrize(
    ("environ", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ""}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "freebsd14", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_which_systems_are_asked(environ, platform, missing):
    assert (missing_display(environ, platform) is not None) is missing
