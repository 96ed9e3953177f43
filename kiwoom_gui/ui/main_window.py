"""MainWindow: composes the top row, the order tickets, the account views and the log, and follows the
environment. The send flow, the confirmation, the number origins, the form filling and the settings are modules
of their own (ui/window/); this one lays out and wires."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ..base.kst import kst_today
from ..base.payloads import CredentialCommand, CredentialStatus, QueryDone, QueryRequest, Target
from ..host.environments import environment, resolve_base_url
from ..orders.specs import load_orders
from .account.account_panel import VIEWS, AccountPanel
from .account.account_view import views_data
from .account.sell_limit import SellLimit
from .controller import OrderController
from .live.live_wiring import LiveWiring
from .log.log_model import row_from_journal
from .log.log_panel import LogPanel
from .orders.instrument_lookup import InstrumentLookup
from .orders.order_form import OrderForm, tab_title
from .window import window_settings
from .window.confirmation import Confirm, confirm_with_dialog
from .window.form_filling import FormFilling
from .window.number_origins import NumberOrigins
from .window.send_flow import SendFlow
from .window.top_bar import TopBar

if TYPE_CHECKING:
    from ..simulator import KiwoomSimulator
    from .credentials_dialog import CredentialsDialog


@functools.cache
def _resolved_host(env: str, base_url: str | None) -> str:
    """Parsed once per target: every click asks."""
    try:
        return resolve_base_url(env, base_url)
    except ValueError:
        return base_url or ""


class MainWindow(QMainWindow):
    closed = Signal()  # after a close was accepted: the worker has stopped (or outlived its wait)

    def __init__(
        self,
        *,
        env: str,
        env_explicit: bool,
        base_url: str | None,
        data_dir: Path,
        settings: QSettings,
        timeouts: tuple[float, float] | None = None,
        orders_per_second: float | None = None,
        simulator_url: str | None = None,
        ws_url: str | None = None,
        ws_url_env: str | None = None,
        live_options: Mapping[str, object] | None = None,
        demo_market: bool = False,
    ) -> None:
        """``ws_url``: --ws-url, for the environment ``ws_url_env`` it was given with; ``live_options``: the live
        connection's timings (tests); ``demo_market``: the built-in simulator runs the demo's market (--demo)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings, self.data_dir = settings, data_dir
        self._base_url_env = None if env == "simulator" else env
        self._base_url = base_url
        self._simulator_url = simulator_url  # --demo --base-url: a simulator already running elsewhere
        self._env_explicit = env_explicit
        # the account loads at start only where the user chose the target (--env, --demo, --base-url): a default
        # start never reaches out to Kiwoom's hosts by itself
        self._load_account_at_start = env_explicit
        self._simulator: KiwoomSimulator | None = None
        self._simulator_base = ""  # its address, kept after the close stops it
        self._demo_market = demo_market
        self.confirming: dict[str, str] = {}  # what the confirmation shows besides the body
        self._closing = False
        self._account_number: str | None = None
        self._painted = False
        self.installEventFilter(self)  # until the first paint (see eventFilter)
        self._deferred_done = False  # journal, keyring status and simulator start after the first paint
        self.confirm: Confirm = confirm_with_dialog(self, lambda: self.confirming)
        self.controller = OrderController(data_dir / "journal.sqlite3", timeouts, self, orders_per_second)
        # the real-time connection (00 주문체결, 04 잔고) of the environment shown, on its own thread
        self.live = LiveWiring(self, ws_url, ws_url_env, **dict(live_options or {}))
        self.top = TopBar(self.live.label, self.live.reconnect_button, self)
        self.env_combo, self.banner = self.top.env_combo, self.top.banner
        self.keyring_problem, self.account_label = self.top.keyring_problem, self.top.account_label
        self.refresh_button = self.top.refresh_button
        self.refresh_button.clicked.connect(self.refresh_account)

        # the four order forms, all built by one class from the specs
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("orderTabs")
        self.forms: dict[str, OrderForm] = {}
        for spec in load_orders().values():
            self.forms[spec.api_id] = OrderForm(spec, self)
            self.tabs.addTab(self.forms[spec.api_id], tab_title(spec))
        # what each form's stock is (name, price, band, warnings): looked up off the GUI thread, cached per host
        self.instrument_lookup = InstrumentLookup(self.forms, self.controller, self.target, self.host, self)
        self.origins = NumberOrigins(self.forms, lambda: (self.env, self.host(), kst_today()))

        self.log = LogPanel(self)
        self.log.notice.connect(self._on_notice)
        # 미체결 / 주문·체결 / 잔고 / 응답 로그; rows are offered only once the account is known and theirs
        self.account = AccountPanel(lambda: (self.env, self.host()), self, account=lambda: self._account_number)
        self.account.addTab(self.log, "응답 로그")
        self.sell_limit = SellLimit(self.forms["kt10007"], self.account.views["positions"], self)
        self.filling = FormFilling(
            self.forms, self.tabs, self.account, self.origins, self.sell_limit, lambda: (self.env, self.host()),
            self.statusBar,
        )
        self.log.use_as_original.connect(self.use_as_original)
        self.log.reuse_check = self.reuse_refusal
        self.account.modify_requested.connect(lambda row, venue: self.use_open_order(row, venue, "kt10008"))
        self.account.cancel_requested.connect(lambda row, venue: self.use_open_order(row, venue, "kt10009"))
        self.account.sell_requested.connect(self.use_position)
        self.sending = SendFlow(self, self.origins, int(views_data()["refresh_after_order_ms"]))
        for form in self.forms.values():
            form.send_requested.connect(self.sending.send_requested)
        self.log.candidates.confirmed.connect(self.sending.confirm_candidate)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.account)
        self.splitter.setStretchFactor(0, 0)  # the ticket keeps its width; the account views take the rest
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.tabs.setMaximumWidth(620)
        self.splitter.setSizes([420, 980])
        self.central = QWidget(self)
        self.central.setObjectName("central")
        layout = QVBoxLayout(self.central)
        layout.addWidget(self.top)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(self.central)
        self._build_menu_and_keys()

        c = self.controller
        c.query_done.connect(self._on_query_done)
        c.history_loaded.connect(self._on_history)
        c.notice.connect(self._on_notice)
        c.credential_status.connect(self._on_credential_status)
        self.confirm_action.setChecked(window_settings.restore(*self._settings_parts()))
        self.env_combo.setCurrentIndex(self.env_combo.findData(env))
        self.env_combo.currentIndexChanged.connect(self._on_env_changed)
        self._on_env_changed()
        self._no_credentials: set[str] = set()
        # mock by default, the simulator when no credentials exist yet; the status also tells whether the
        # keyring works at all
        self._startup_status = ("mock", "real") if not env_explicit else ((env,) if env != "simulator" else ())
        QTimer.singleShot(0, self, self._start_if_never_shown)  # dropped if the window is gone

    def _build_menu_and_keys(self) -> None:
        menu = self.menuBar().addMenu("설정")
        self.credentials_action = QAction("자격증명…", self)
        self.credentials_action.triggered.connect(self.open_credentials)
        menu.addAction(self.credentials_action)
        self.confirm_action = QAction("모든 환경에서 보내기 전 확인", self)
        self.confirm_action.setObjectName("confirmAlways")
        self.confirm_action.setCheckable(True)
        menu.addAction(self.confirm_action)
        for i in range(4):  # the tab, and the focus on its first empty field
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.show_form(i))
        self.send_shortcuts = []
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self, activated=self.send_current)
            shortcut.setAutoRepeat(False)  # holding the keys is one press: at most one order
            self.send_shortcuts.append(shortcut)
        refresh = QShortcut(QKeySequence("F5"), self, activated=self.refresh_account)
        refresh.activated.connect(lambda: self.instrument_lookup.refresh(self.tabs.currentWidget()))  # its stock too

    def show_form(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        form = self.tabs.currentWidget()
        if isinstance(form, OrderForm):
            form.focus_first_empty()

    # --- environment ----------------------------------------------------------------------------
    @property
    def env(self) -> str:
        return self.env_combo.currentData()

    def target(self) -> Target:
        if self.env == "simulator":
            if self._simulator_url:  # not ours: nothing to start here, nor to stop on close
                return Target("simulator", self._simulator_url, demo=True)
            if self._simulator is None and self._closing and self._simulator_base:
                # closed: the stopped simulator's address still names the target; a new one is never started
                return Target("simulator", self._simulator_base, demo=True)
            if self._simulator is None:
                from ..simulator.demo import KiwoomSimulator, start_demo  # only when the simulator is chosen

                self._simulator = start_demo() if self._demo_market else KiwoomSimulator().start()
                self._simulator_base = self._simulator.base_url
            return Target("simulator", self._simulator.base_url, demo=True)
        return Target(self.env, self._base_url if self.env == self._base_url_env else None)

    @property
    def simulator_url(self) -> str | None:
        """--demo --base-url: the simulator running elsewhere (None: the built-in one, or not the simulator)."""
        return self._simulator_url

    @property
    def simulator(self) -> KiwoomSimulator | None:
        """The built-in simulator, once started."""
        return self._simulator

    @property
    def closing(self) -> bool:
        return self._closing

    @property
    def account_number(self) -> str | None:
        """The account the token trades (ka00001), once known."""
        return self._account_number

    def host(self, target: Target | None = None) -> str:
        """The base URL orders go to now (what an order number from the log must have come from)."""
        target = target or self.target()
        return _resolved_host(target.env, target.base_url)

    def set_environment(self, env: str) -> None:
        self.env_combo.setCurrentIndex(self.env_combo.findData(env))

    @Slot()
    def _on_env_changed(self, *_: object) -> None:
        env = self.env
        custom = self._base_url or "" if env == self._base_url_env else ""
        # the simulator (and the HTTP server code it imports) starts after the first paint
        address = self.target().base_url if env == "simulator" and (self._deferred_done or self._simulator) else ""
        self.top.show_environment(env, custom, address or "시작 중…")
        self.central.setStyleSheet("#central { border: 4px solid #c62828; }" if env == "real" else "")
        self.setWindowTitle(f"kiwoom-gui — 키움 신용주문 [{environment(env).label}]")
        if hasattr(self, "log"):
            self.log.update_actions()  # a number from the log is good in one environment only
        if hasattr(self, "account"):
            self._account_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # one-shot: the first paint schedules the deferred start, then this filter removes itself, so no Python
        # runs on later paints
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.removeEventFilter(self)
            QTimer.singleShot(0, self, self._after_first_paint)
        return False

    @Slot()
    def _start_if_never_shown(self) -> None:
        if not self.isVisible():  # built but not shown (scripts, tests): do not wait for a paint
            self._after_first_paint()

    @Slot()
    def _after_first_paint(self) -> None:
        """What the first paint does not need: the journal and history, keyring status, the simulator."""
        if self._closing or self._deferred_done:
            return
        self._deferred_done = True
        self.controller.start()
        for name in self._startup_status:
            self.controller.credentials(CredentialCommand(Target(name), "status"))
        if self.env == "simulator":
            self._on_env_changed()  # starts the simulator, shows its address, loads the account
        elif self._load_account_at_start:
            self._account_changed()

    # --- the account -----------------------------------------------------------------------------
    def _account_changed(self) -> None:
        """Another environment or host: nothing shown may pass for this one's — the forms' order numbers and
        loan dates go, the account loads afresh, this trading day's orders of unknown outcome are looked for."""
        self.account.clear()
        self.origins.target_changed()
        self._account_number = None
        self._show_account_number()
        self.instrument_lookup.environment_changed()  # another host's answer never stands for this one's
        if self._deferred_done and not self._closing:
            self.refresh_account()
            self.controller.look_for_unknowns(self.target())
            self.live.follow()

    def _show_account_number(self) -> None:
        texts, label = views_data()["texts"], environment(self.env).label
        if self._account_number:
            from ..account.rows import mask_account

            self.account_label.setText(texts["account"].format(number=mask_account(self._account_number), env=label))
        else:
            self.account_label.setText(texts["account_unknown"].format(env=label))

    @Slot()
    def refresh_account(self) -> None:
        """F5 / the button / after an answer / on a switch: every account view, and the number if unknown."""
        if self._closing:
            return
        target = self.target()
        if self.live.never_started and self._deferred_done:
            self.live.follow()  # the first F5 of a default start: the live connection comes along
        if not self._account_number:
            self.controller.refresh(QueryRequest("account", target))
        for view in VIEWS:
            self.account.views[view].set_loading()
            self.controller.refresh(QueryRequest(view, target))

    @Slot(object)
    def _on_query_done(self, done: QueryDone) -> None:
        if (done.env, done.host) != (self.env, self.host()):
            return  # for an environment no longer shown
        if done.view == "account":
            if done.account:
                self._account_number = done.account
                self._show_account_number()
            self.account.update_actions()  # rows are offered only once the account is known
            self.live.account_answered(done)  # live events wait for it
            return
        self.account.show_result(done)
        self.live.query_landed(done)  # events newer than this list: it is asked for again

    # --- forms, log and dialogs ------------------------------------------------------------------
    def use_open_order(self, row, venue: str, api_id: str) -> bool:  # noqa: ANN001 (AccountRow)
        return self.filling.use_open_order(row, venue, api_id)

    def use_position(self, row, venue: str) -> bool:  # noqa: ANN001 (AccountRow)
        return self.filling.use_position(row, venue)

    def reuse_refusal(self, row) -> str | None:  # noqa: ANN001 (LogRow)
        return self.filling.reuse_refusal(row)

    @Slot(object)
    def use_as_original(self, row) -> bool:  # noqa: ANN001 (LogRow)
        return self.filling.use_as_original(row)

    @Slot()
    def send_current(self) -> None:
        self.sending.send_current()

    @Slot(object)
    def _on_history(self, entries) -> None:  # noqa: ANN001 (journal entries)
        self.log.model.extend([row_from_journal(e) for e in entries])
        self.log.scroll_to_bottom_soon()

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    @Slot(object)
    def _on_credential_status(self, status: CredentialStatus) -> None:
        if status.problem and self.top.show_keyring_problem(status.problem):
            self.statusBar().showMessage(status.problem, 30000)
        if self._env_explicit or status.env not in ("mock", "real"):
            return
        if status.has_appkey or status.token_masked:
            self._env_explicit = True  # someone has credentials: stay on mock
            return
        self._no_credentials.add(status.env)
        if self._no_credentials == {"mock", "real"} and self.env == "mock":
            self._env_explicit = True
            self.set_environment("simulator")
            self.statusBar().showMessage("저장된 자격증명이 없어 시뮬레이터로 시작했습니다.", 10000)

    @Slot()
    def open_credentials(self) -> CredentialsDialog:
        from .credentials_dialog import CredentialsDialog

        dialog = CredentialsDialog(self.controller, self.target(), self)
        dialog.show()  # non-modal: the window keeps working while a token is issued
        return dialog

    # --- settings and closing ------------------------------------------------------------------
    def _settings_parts(self) -> tuple:
        splitters = {"window/ticketSplitter": self.splitter, "window/logSplitter": self.log.splitter}
        return self.settings, self, splitters, self.tabs, self.forms

    def save_settings(self) -> None:
        window_settings.save(*self._settings_parts(), self.confirm_action.isChecked())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._closing:
            self._closing = True
            self.live.stop()
            self.save_settings()
            if self.controller.in_flight:
                self.statusBar().showMessage("보낸 주문의 응답을 기다리는 중… (최대 제한시간까지)")
            self.controller.shutdown()
            if self._simulator is not None:
                self._simulator.stop()
                self._simulator = None
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
