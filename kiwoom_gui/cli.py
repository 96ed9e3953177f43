"""Command-line options shared by ``kiwoom-gui`` and :func:`kiwoom_gui.app.create_main_window` (no Qt)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from . import __version__

ENVIRONMENTS = ("mock", "real")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiwoom-gui",
        description="키움증권 REST API 신용주문(kt10006–kt10009) 주문창. "
        "Desktop order ticket for Kiwoom REST credit orders.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
        "--demo",
        action="store_true",
        help="내장 시뮬레이터를 127.0.0.1에 띄우고 데모 자격증명으로 시작 (계좌 불필요)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="주문 저널과 설정을 이 폴더에 보관 (기본: 사용자 데이터 폴더)",
    )
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))
