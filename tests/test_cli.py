"""``kiwoom-gui --help`` / ``--version`` work without a display and without starting Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiwoom_gui import __version__
from kiwoom_gui.cli import parse_args


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiwoom_gui", *args], capture_output=True, text=True, timeout=60)


def test_version():
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"kiwoom-gui {__version__}"


def test_help_lists_the_public_options():
    proc = run("--help")
    assert proc.returncode == 0
    for option in ("--env", "--base-url", "--demo", "--data-dir"):
        assert option in proc.stdout


def test_defaults_and_choices():
    options = parse_args([])
    assert (options.env, options.base_url, options.demo, options.data_dir) == (None, None, False, None)  # None = mock
    assert parse_args(["--env", "real"]).env == "real"
    with pytest.raises(SystemExit):
        parse_args(["--env", "prod"])
