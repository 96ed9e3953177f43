"""Application entry points: ``kiwoom-gui`` / ``python -m kiwoom_gui`` and ``create_main_window``."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from .base.display import missing_display
from .cli import parse_args
from .host.environments import check_base_url, check_ws_url


def _data_dir(option: str | None) -> Path:
    if option:
        return Path(option).expanduser().resolve()
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base) / "kiwoom-gui"


GIL_SWITCH_INTERVAL_S = 0.001


def create_main_window(
    argv: list[str],
    *,
    orders_per_second: float | None = None,
    timeouts: tuple[float, float] | None = None,
    live_options: Mapping[str, object] | None = None,
):
    """Build the main window from command-line style options.

    Needs an existing QApplication; does not enter the event loop; starts the API worker thread.
    Closing the window stops it. ``orders_per_second`` overrides the environment's client-side
    throttle (benchmarks use it to push orders faster than the host would accept; 0 = none);
    ``timeouts`` the (connect, read) seconds (tests use it to reach a timeout quickly); ``live_options``
    the live connection's timings (``backoff_s``, ``idle_timeout_s``, ``ca_bundle``; tests).

    Raises :class:`~kiwoom_gui.host.environments.UnsafeBaseURL` for a bad ``--base-url`` and
    :class:`~kiwoom_gui.ui.data_dir_lock.DataDirInUse` when another window holds the data directory
    (released when that window closes).
    """
    # the API thread parses answers in Python: hand the interpreter back to the GUI thread every 1 ms
    # (the default 5 ms shows as a stall while a 500-row page is read)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    from .base.heap import no_collections_while_building

    with no_collections_while_building():
        return _build_main_window(argv, orders_per_second, timeouts, live_options)


def _build_main_window(
    argv: list[str],
    orders_per_second: float | None,
    timeouts: tuple[float, float] | None,
    live_options: Mapping[str, object] | None,
):
    from PySide6.QtCore import QCoreApplication, QSettings

    from .ui import data_dir_lock
    from .ui.main_window import MainWindow
    from .ui.qt_translations import install_korean

    options = parse_args(argv)
    base_url = check_base_url(options.base_url) if options.base_url else None  # refuse before anything starts
    ws_url = check_ws_url(options.ws_url) if options.ws_url else None  # likewise: LOGIN carries the token
    app = QCoreApplication.instance()
    if app is not None:
        install_korean(app)  # once per application: Qt's own menus and buttons in Korean
    data_dir = _data_dir(options.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = data_dir_lock.acquire(data_dir)  # before the journal is touched: see data_dir_lock
    try:
        settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        env = "simulator" if options.demo else (options.env or "mock")
        explicit = bool(options.demo or options.env or options.base_url)
        window = MainWindow(
            env=env,
            env_explicit=explicit,
            # --demo --base-url: demo keys (memory only) against a simulator already running there
            base_url=None if options.demo else base_url,
            simulator_url=base_url if options.demo else None,
            # --ws-url belongs to the environment chosen at start (the simulator with --demo)
            ws_url=ws_url,
            ws_url_env=env,
            live_options=live_options,
            demo_market=bool(options.demo and not base_url),  # the first command shows a whole trade
            data_dir=data_dir,
            settings=settings,
            orders_per_second=orders_per_second,
            timeouts=timeouts,
        )
    except BaseException:
        if lock is not None:
            lock.unlock()
        raise
    if lock is not None:
        data_dir_lock.hold_until_closed(window, lock)
    return window


HEAP_SET_ASIDE_MS = 1000  # after the first paint and start-up's first queries: the one full collection it costs


def set_aside_heap_after_start(window) -> None:  # noqa: ANN001 (a MainWindow: not imported before Qt is)
    """What ``main`` does once the window is up: the start-up heap set aside from the garbage collector
    (:mod:`kiwoom_gui.base.heap`) a moment later. Benchmarks that stand for the app call it too."""
    from PySide6.QtCore import QTimer

    from .base.heap import set_aside_startup_heap

    QTimer.singleShot(HEAP_SET_ASIDE_MS, window, set_aside_startup_heap)


def _tell_in_use(message: str) -> None:
    """stderr always; a message box too when there is a screen to show it on."""
    print(f"kiwoom-gui: {message}", file=sys.stderr)
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMessageBox

    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.warning(None, "kiwoom-gui — 이미 실행 중", message)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options = parse_args(args)  # --help / --version / bad options exit here, before Qt is loaded
    if options.base_url:
        try:
            check_base_url(options.base_url)
        except ValueError as exc:
            print(f"kiwoom-gui: {exc}", file=sys.stderr)
            return 2
    if options.ws_url:  # the LOGIN frame carries the token: refused before anything starts, like --base-url
        try:
            check_ws_url(options.ws_url)
        except ValueError as exc:
            print(f"kiwoom-gui: {exc}", file=sys.stderr)
            return 2
    problem = missing_display(os.environ)
    if problem:  # Qt would abort (exit 134) with a message few users can read
        print(problem, file=sys.stderr)
        return 2
    from .base.xcb_check import xcb_problem

    problem = xcb_problem(os.environ)
    if problem:  # likewise, and Qt's message would blame the plugin, not the library that is missing
        print(problem, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from .ui.data_dir_lock import DataDirInUse

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName("kiwoom-gui")
    try:
        window = create_main_window(args)
    except DataDirInUse as exc:
        _tell_in_use(str(exc))
        return 1
    window.show()
    set_aside_heap_after_start(window)
    code = app.exec()
    from .ui.controller import wait_for_stragglers

    # a worker that outlived its window's close wait is still journalling its last answer: let it finish
    # rather than let the interpreter destroy a running thread (Qt aborts the process then)
    wait_for_stragglers(30_000)
    from .ui.live.live_bridge import wait_for_live_stragglers

    wait_for_live_stragglers(15_000)  # a live thread still opening its socket ends within the open timeout
    return code
