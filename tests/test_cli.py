"""``kiwoom-gui --help`` / ``--version`` work without a display and without starting Qt."""

from __future__ import annotations

import os
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


@pytest.mark.parametrize("env", ["real", "mock"])
def test_demo_refuses_an_environment_it_would_ignore(env, capsys):
    with pytest.raises(SystemExit) as exit_:
        parse_args(["--demo", "--env", env])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"--demo 는 시뮬레이터 전용이라 --env {env} 와 함께 쓸 수 없습니다" in err


def test_demo_with_real_is_refused_before_qt_starts():
    # no display: were the option accepted, the process would end at once instead of opening a window
    headless = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-m", "kiwoom_gui", "--demo", "--env", "real"],
        capture_output=True,
        text=True,
        timeout=60,
        env=headless,
    )
    assert proc.returncode == 2
    assert "--env real 와 함께 쓸 수 없습니다" in proc.stderr
    assert "실전투자에는 --demo 없이 --env real 로 시작하세요" in proc.stderr


@pytest.mark.parametrize("url", ["https://api.kiwoom.com", "https://mockapi.kiwoom.com", "https://example.com:8443"])
def test_demo_keys_go_only_to_a_simulator_on_this_machine(url, capsys):
    with pytest.raises(SystemExit):
        parse_args(["--demo", "--base-url", url])
    assert "이 컴퓨터(127.0.0.1, localhost)의 시뮬레이터 주소여야 합니다" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["http://127.0.0.1:8400", "http://localhost:8400", "https://127.0.0.1:8443"])
def test_demo_with_a_local_simulator(url):
    options = parse_args(["--demo", "--base-url", url])
    assert options.demo and options.base_url == url and options.env is None


def test_help_and_errors_are_korean():
    """Issue 18: argparse's own English (usage:, options:, show this help …, error: …) is Korean too."""
    proc = run("--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("사용법: kiwoom-gui") and "\n옵션:\n" in proc.stdout
    for english in ("usage:", "options:", "show this help", "show program's version", "Desktop order ticket"):
        assert english not in proc.stdout
    for args, korean in (
        (("--env", "prod"), "고를 수 없는 값 'prod'"),
        (("--base-url",), "--base-url 에는 값이 하나 필요합니다"),
        (("--bogus",), "알 수 없는 옵션: --bogus"),
    ):
        proc = run(*args)
        assert proc.returncode == 2
        assert "kiwoom-gui: 오류: " in proc.stderr and korean in proc.stderr, proc.stderr
        assert "error:" not in proc.stderr and "usage:" not in proc.stderr
