"""Can Qt's xcb platform plugin load? Asked before Qt starts: Qt aborts the process when it cannot, and its
message names the plugin, not the missing system library (issue 18: a new user was sent after the wrong one).

A plugin that loads costs one ``dlopen`` that Qt would do a moment later anyway; only a plugin that fails to
load is examined with ``ldd``, which names every missing library at once.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from .resources_io import load_json

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def xcb_plugin(environ: Mapping[str, str]) -> Path | None:
    """The xcb plugin Qt would load: from ``QT_QPA_PLATFORM_PLUGIN_PATH`` when set, else PySide6's own."""
    override = environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if override:
        return Path(override) / "libqxcb.so"
    spec = importlib.util.find_spec("PySide6")  # finds the folder without importing Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / load_json("linux_libraries.json")["plugin"]


def missing_libraries(plugin: Path) -> list[str]:
    """The libraries ``plugin`` needs that this system lacks (``ldd``); [] when ldd is not there."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(out)))


def xcb_problem(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> str | None:
    """The message to print when Qt would pick the xcb plugin and it cannot load, else None."""
    if not platform.startswith("linux") or not environ.get("DISPLAY"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # the user's own choice (offscreen, wayland …) is left to Qt
    if not chosen and environ.get("WAYLAND_DISPLAY"):
        return None  # Qt may take Wayland here
    plugin = xcb_plugin(environ)
    if plugin is None or not plugin.is_file():
        return None
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
        return None
    except OSError:
        pass
    missing = missing_libraries(plugin)
    if not missing:
        return None  # a failure ldd cannot explain: Qt's own message is all there is
    data = load_json("linux_libraries.json")
    packages = [data["packages"].get(lib, "") for lib in missing]
    return data["message"].format(
        missing=", ".join(missing), packages=" ".join(dict.fromkeys(p for p in packages if p)) or "?"
    )
