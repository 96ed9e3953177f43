"""Application entry points: ``kiwoom-gui`` / ``python -m kiwoom_gui`` and ``create_main_window``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .cli import parse_args


def create_main_window(argv: list[str]):
    """Build the main window from command-line style options; needs an existing QApplication."""
    from PySide6.QtWidgets import QLabel, QMainWindow

    options = parse_args(argv)
    window = QMainWindow()
    window.setWindowTitle("kiwoom-gui — 신용주문")
    window.setCentralWidget(QLabel(f"환경: {options.env}"))
    return window


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parse_args(args)  # --help / --version / bad options exit here, before Qt is loaded
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    window = create_main_window(args)
    window.show()
    return app.exec()
