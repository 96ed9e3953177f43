"""When Qt's xcb plugin cannot load, ``kiwoom-gui`` names the missing system libraries and the packages that
bring them, and exits 2 — instead of Qt's abort, which blames the plugin (issue 18, item 10).

The plugin is a copy of PySide6's own with one needed library renamed in its ELF header: a real plugin that
really cannot load on any machine, whatever the machine has installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiwoom_gui.base.xcb_check import xcb_plugin, xcb_problem

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("ldd") is None, reason="the xcb check is for Linux with ldd"
)
REAL = "libxcb-cursor.so.0"
GONE = "libxcb-cursoZ.so.0"  # same length: the ELF's string table keeps its layout


@pytest.fixture
def broken_plugin(tmp_path) -> Path:
    plugin = xcb_plugin({})
    if plugin is None or not plugin.is_file():
        pytest.skip("PySide6 has no xcb plugin here")
    data = plugin.read_bytes()
    assert REAL.encode() in data
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (platforms / "libqxcb.so").write_bytes(data.replace(REAL.encode(), GONE.encode()))
    # the plugin finds Qt's own libraries at $ORIGIN/../../lib, as in PySide6's tree
    (tmp_path / "lib").symlink_to(plugin.parent.parent.parent / "lib")
    return platforms


def test_the_start_names_the_missing_library_and_its_package(broken_plugin, tmp_path):
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":97", QT_QPA_PLATFORM_PLUGIN_PATH=str(broken_plugin))
    proc = subprocess.run(
        [sys.executable, "-m", "kiwoom_gui", "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert GONE in proc.stderr and "화면 플러그인(xcb)을 열 수 없습니다" in proc.stderr
    assert "sudo apt-get install" in proc.stderr
    assert not data_dir.exists()  # nothing started


def test_not_asked_for_another_platform_or_without_a_display(broken_plugin):
    path = str(broken_plugin)
    assert xcb_problem({"DISPLAY": ":1", "QT_QPA_PLATFORM": "offscreen", "QT_QPA_PLATFORM_PLUGIN_PATH": path}) is None
    assert xcb_problem({"QT_QPA_PLATFORM_PLUGIN_PATH": path}) is None  # no display: the display check speaks
    assert xcb_problem({"DISPLAY": ":1", "QT_QPA_PLATFORM_PLUGIN_PATH": path}, platform="win32") is None
    said = xcb_problem({"DISPLAY": ":1", "QT_QPA_PLATFORM": "xcb", "QT_QPA_PLATFORM_PLUGIN_PATH": path})
    assert said is not None and GONE in said
