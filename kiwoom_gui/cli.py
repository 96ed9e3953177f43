"""Command-line options shared by ``kiwoom-gui`` and :func:`kiwoom_gui.app.create_main_window` (no Qt)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__
from .base.resources_io import load_json

ENVIRONMENTS = ("mock", "real")


class _KoreanHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001 (argparse's own signature)
        super().add_usage(usage, actions, groups, load_json("cli.json")["usage"] if prefix is None else prefix)


class KoreanArgumentParser(argparse.ArgumentParser):
    """argparse with its own words in Korean: usage, the options' title, -h/--version, and its error messages."""

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(formatter_class=_KoreanHelp, add_help=False, **kwargs)
        self._optionals.title = load_json("cli.json")["options_title"]
        self.add_argument("-h", "--help", action="help", help=load_json("cli.json")["help"])

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, load_json("cli.json")["error"].format(prog=self.prog, message=korean_message(message)))


def korean_message(message: str) -> str:
    """argparse's English error in Korean (our own messages are Korean already and pass unchanged)."""
    for pattern, template in load_json("cli.json")["messages"]:
        found = re.match(pattern, message)
        if found:
            return template.format(*found.groups())
    return message


def build_parser() -> argparse.ArgumentParser:
    parser = KoreanArgumentParser(
        prog="kiwoom-gui",
        description="키움증권 REST API 신용주문(kt10006–kt10009) 주문창.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help=load_json("cli.json")["version"]
    )
    parser.add_argument(
        "--env",
        choices=ENVIRONMENTS,
        default=None,
        help="환경: mock(모의투자, 기본값) 또는 real(실전투자)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="이 환경의 호스트를 대신할 주소 (http는 127.0.0.1/localhost 에만 허용)",
    )
    parser.add_argument(
        "--ws-url",
        metavar="URL",
        help="실시간 주문체결·잔고 WebSocket 주소 (예: wss://호스트:10000/api/dostk/websocket; "
        "ws는 127.0.0.1/localhost 에만 허용; --base-url 을 주면 이것 없이는 실시간 연결을 하지 않음)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="시뮬레이터와 데모 자격증명(메모리에만, 키링 사용 안 함)으로 시작 (계좌 불필요). "
        "--base-url 127.0.0.1 주소를 함께 주면 이미 떠 있는 시뮬레이터(python -m kiwoom_gui.simulator)에 "
        "붙고, 없으면 내장 시뮬레이터를 띄웁니다",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="주문 저널과 설정을 이 폴더에 보관 (기본: 사용자 데이터 폴더)",
    )
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse and refuse contradicting options (argparse error: message on stderr, exit 2)."""
    parser = build_parser()
    options = parser.parse_args(list(argv))
    if options.demo and options.env:
        # --demo always means the simulator: an --env beside it would be silently ignored
        parser.error(
            f"--demo 는 시뮬레이터 전용이라 --env {options.env} 와 함께 쓸 수 없습니다. "
            f"{'실전투자' if options.env == 'real' else '모의투자'}에는 --demo 없이 --env {options.env} 로 시작하세요."
        )
    if options.demo and options.base_url:
        problem = _demo_url_problem(options.base_url)
        if problem:
            parser.error(problem)
    return options


def _demo_url_problem(url: str) -> str | None:
    """Demo keys go only to a simulator on this machine, never to a broker's host."""
    from urllib.parse import urlsplit

    from .host.environments import UnsafeBaseURL, check_base_url, is_loopback_host

    try:
        check_base_url(url)
    except UnsafeBaseURL:
        return None  # a malformed address is refused by check_base_url at start, like any other
    host = urlsplit(url.strip()).hostname or ""
    if not is_loopback_host(host):
        return (
            f"--demo 와 함께 쓰는 --base-url 은 이 컴퓨터(127.0.0.1, localhost)의 시뮬레이터 주소여야 합니다: {url!r}"
        )
    return None
