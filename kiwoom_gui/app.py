"""Application entry points: ``kiwoom-gui`` / ``python -m kiwoom_gui`` and ``create_main_window``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from .cli import parse_args
from .environments import check_base_url


def _data_dir(option: str | None) -> Path:
    if option:
        return Path(option).expanduser().resolve()
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base) / "kiwoom-gui"


def create_main_window(
    argv: list[str], *, orders_per_second: float | None = None, timeouts: tuple[float, float] | None = None
):
    """Build the main window from command-line style options.

    Needs an existing QApplication; does not enter the event loop; starts the API worker thread.
    Closing the window stops it. ``orders_per_second`` overrides the environment's client-side
    throttle (benchmarks use it to push orders faster than the host would accept; 0 = none);
    ``timeouts`` the (connect, read) seconds (tests use it to reach a timeout quickly).
    """
    from PySide6.QtCore import QSettings

    from .ui.main_window import MainWindow

    options = parse_args(argv)
    if options.base_url:
        check_base_url(options.base_url)  # refuse before anything starts
    data_dir = _data_dir(options.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    env = "simulator" if options.demo else (options.env or "mock")
    explicit = bool(options.demo or options.env or options.base_url)
    window = MainWindow(
        env=env,
        env_explicit=explicit,
        base_url=options.base_url,
        data_dir=data_dir,
        settings=settings,
        orders_per_second=orders_per_second,
        timeouts=timeouts,
    )
    return window


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options = parse_args(args)  # --help / --version / bad options exit here, before Qt is loaded
    if options.base_url:
        try:
            check_base_url(options.base_url)
        except ValueError as exc:
            print(f"kiwoom-gui: {exc}", file=sys.stderr)
            return 2
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName("kiwoom-gui")
    window = create_main_window(args)
    window.show()
    return app.exec()
