"""MainWindow: composes the top row, the order tickets, the account views and the log, and follows the
environment. Where orders go, the send flow, the confirmation, the number origins, the form filling, the account
wiring and the settings are modules of their own (ui/window/); this one lays out and wires."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ..base.kst import kst_today
from ..base.payloads import Target
from ..host.environments import environment
from ..orders.specs import load_orders
from .account.account_panel import AccountPanel
from .account.account_view import views_data
from .account.sell_limit import SellLimit
from .batch.cancel_all import CancelAll
from .batch.halt_switch import HaltSwitch
from .controller import OrderController
from .credit.credit_desk import CreditDesk
from .guards.precaution_guard import PrecautionGuard
from .instrument.instrument_lookup import InstrumentLookup
from .instrument.name_completer import NameCompleter
from .live.live_wiring import LiveWiring
from .loans.loan_lots_view import expiry_warn_days, lot_limit
from .log.log_model import row_from_journal
from .log.log_panel import LogPanel
from .market.market_panel import MarketPanel
from .orders.order_form import OrderForm, tab_title
from .session.session_wiring import SessionWiring
from .window import window_settings
from .window.account_wiring import AccountWiring
from .window.confirmation import Confirm, confirm_with_dialog
from .window.first_start import FirstStart
from .window.form_filling import FormFilling
from .window.held_keys import HeldKeys
from .window.number_origins import NumberOrigins
from .window.send_flow import SendFlow
from .window.targets import Targets, resolved_host
from .window.top_bar import TopBar

if TYPE_CHECKING:
    from ..simulator import KiwoomSimulator
    from .credentials_dialog import CredentialsDialog


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
        self.targets = Targets(base_url, None if env == "simulator" else env, simulator_url, demo_market)
        # the account loads at start only where the user chose the target (--env, --demo, --base-url): a default
        # start never reaches out to Kiwoom's hosts by itself
        self._load_account_at_start = env_explicit
        self.confirming: dict[str, str] = {}  # what the confirmation shows besides the body
        self._closing = self._painted = self._deferred_done = False  # journal, keyring, simulator: after 1st paint
        self.installEventFilter(self)  # until the first paint (see eventFilter)
        self.confirm: Confirm = confirm_with_dialog(self, lambda: self.confirming)
        self.controller = OrderController(data_dir / "journal.sqlite3", timeouts, self, orders_per_second)
        # the real-time connection (00 주문체결, 04 잔고) of the environment shown, on its own thread
        self.live = LiveWiring(self, ws_url, ws_url_env, **dict(live_options or {}))
        self.top = TopBar(self.live.label, self.live.reconnect_button, self)
        self.env_combo, self.banner = self.top.env_combo, self.top.banner
        self.keyring_problem, self.account_label = self.top.keyring_problem, self.top.account_label
        self.refresh_button = self.top.refresh_button
        self.refresh_button.clicked.connect(self.refresh_account)

        self.tabs = QTabWidget(self)  # the four order forms, all built by one class from the specs
        self.tabs.setObjectName("orderTabs")
        self.forms: dict[str, OrderForm] = {}
        for spec in load_orders().values():
            self.forms[spec.api_id] = OrderForm(spec, self)
            self.tabs.addTab(self.forms[spec.api_id], tab_title(spec))
        # what each form's stock is (name, price, band, warnings): looked up off the GUI thread, cached per host
        self.instrument_lookup = InstrumentLookup(self.forms, self.controller, self.target, self.host, self)
        # 종목코드 by name: a completer on each stk_cd from today's ka10099 list (the field keeps holding a code)
        self.names = NameCompleter(self.forms, self.controller, self.target, self.host, self._on_notice, self)
        # the session of KRX and NXT (0s, else the KST clock) and VI: the forms' 매매구분 and confirmations ask it
        host_kind = lambda: "custom" if self.targets.custom_host(self.env) else self.env  # noqa: E731
        self.session = SessionWiring(self, self.forms, host_kind)
        self.session.connect_bridge(self.live.bridge)
        self.top.add_status(self.session.label)
        # the market under the ticket: lastPrice and the orderBook ladder of the current form's stock (issue 20)
        self.market = MarketPanel(self)
        self.origins = NumberOrigins(self.forms, lambda: (self.env, self.host(), kst_today()))

        self.log = LogPanel(self)
        self.log.notice.connect(self._on_notice)
        # 미체결 / 주문·체결 / 잔고 / 응답 로그; rows are offered only once the account is known and theirs
        self.account = AccountPanel(lambda: (self.env, self.host()), self, account=lambda: self.account_number)
        self.account.addTab(self.log, "응답 로그")
        self.accounts = AccountWiring(self)
        self.credit = CreditDesk(self)  # the credit line, 주문가능수량, 최대, 추정 (issue 19)
        self.accounts.refreshing.connect(self.credit.refresh)
        self.accounts.switched.connect(self.credit.environment_changed)
        self.sell_limit = SellLimit(self.forms["kt10007"], self.account.views["positions"], self)
        self.lot_limit = lot_limit(self.forms["kt10007"], self.account.loan_lots, self)  # 신용잔고's 청산가능수량
        self.account.loan_lots.set_warn_days(expiry_warn_days(settings))
        where = lambda: (self.env, self.host())  # noqa: E731
        self.filling = FormFilling(self.forms, self.tabs, self.account, self.origins, self.sell_limit, where,
                                   self.statusBar, self.lot_limit)  # fmt: skip
        self.log.use_as_original.connect(self.use_as_original)
        self.log.reuse_check = self.filling.reuse_refusal
        self.account.modify_requested.connect(lambda row, venue: self.filling.use_open_order(row, venue, "kt10008"))
        self.account.cancel_requested.connect(lambda row, venue: self.filling.use_open_order(row, venue, "kt10009"))
        self.account.sell_requested.connect(self.filling.use_position)
        # 주문 착오 방지 (settings.ini [precautions]): an order beyond a limit asks first, in every environment
        self.precautions = PrecautionGuard(settings, self, self._on_notice)
        self.precautions.deposit_rate, self.precautions.live_price = self.credit.margin_rate, self.market.live_last
        self.account.loan_lots.expiringCountChanged.connect(
            lambda n: self.credit.summary.set_expiring(n, self.account.loan_lots.warn_days))
        self.account.sell_lot_requested.connect(self.filling.use_lot)
        self.sending = SendFlow(self, self.origins, int(views_data()["refresh_after_order_ms"]))
        for form in self.forms.values():
            form.send_requested.connect(self.sending.send_requested)
        self.log.candidates.confirmed.connect(self.sending.confirm_candidate)
        self.cancel_all = CancelAll(self)  # 미체결 모두 취소 (cancelAll)
        self.halt = HaltSwitch(settings, self.statusBar(), self)  # 신규 주문 정지 (haltNewOrders)
        self.top.add_beside_environment(self.halt.button, self.halt.label)
        self.sending.new_order_refusal = self.halt.refusal
        self._lay_out()
        self._build_menu_and_keys()
        self.controller.history_loaded.connect(self._on_history)
        self.controller.notice.connect(self._on_notice)
        self.first_start = FirstStart(env, env_explicit, self.top, self.statusBar, self)
        self.controller.credential_status.connect(self.first_start.status)
        self.confirm_action.setChecked(window_settings.restore(*self._settings_parts()))
        self.env_combo.setCurrentIndex(self.env_combo.findData(env))
        self.env_combo.currentIndexChanged.connect(self._on_env_changed)
        self._on_env_changed()
        if self.precautions.notes:  # a value in settings.ini that is no limit: its default stands in
            self._on_notice(" ".join(self.precautions.notes))
        QTimer.singleShot(0, self, self._start_if_never_shown)  # dropped if the window is gone

    def _lay_out(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.ticket_column = QSplitter(Qt.Orientation.Vertical, self)  # the ticket, its market under it
        self.ticket_column.setObjectName("ticketColumn")
        self.ticket_column.addWidget(self.tabs)
        self.ticket_column.addWidget(self.market)
        self.ticket_column.setStretchFactor(0, 0)
        self.ticket_column.setStretchFactor(1, 1)
        self.splitter.addWidget(self.ticket_column)
        self.splitter.addWidget(self.account)
        self.splitter.setStretchFactor(0, 0)  # the ticket keeps its width; the account views take the rest
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.ticket_column.setMaximumWidth(620)
        self.splitter.setSizes([420, 980])
        self.central = QWidget(self)
        self.central.setObjectName("central")
        layout = QVBoxLayout(self.central)
        layout.addWidget(self.top)
        layout.addWidget(self.credit.summary)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(self.central)

    def _build_menu_and_keys(self) -> None:
        menu = self.menuBar().addMenu("설정")
        self.credentials_action = QAction("자격증명…", self)
        self.credentials_action.triggered.connect(self.open_credentials)
        menu.addAction(self.credentials_action)
        self.confirm_action = QAction("모든 환경에서 보내기 전 확인", self)
        self.confirm_action.setObjectName("confirmAlways")
        self.confirm_action.setCheckable(True)
        menu.addAction(self.confirm_action)
        menu.addAction(self.precautions.action)
        menu.addAction(self.halt.action)
        for i in range(4):  # the tab, and the focus on its first empty field
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.show_form(i))
        self.send_shortcuts = []
        self.held_keys = HeldKeys(self)  # a repeat X11 reports as let go and pressed again is no new press
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self, activated=self._send_key)
            shortcut.setAutoRepeat(False)  # holding the keys is one press: at most one order
            self.send_shortcuts.append(shortcut)
        refresh = QShortcut(QKeySequence("F5"), self, activated=self.refresh_account)
        refresh.activated.connect(lambda: self.instrument_lookup.refresh(self.tabs.currentWidget()))  # its stock too

    def show_form(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        form = self.tabs.currentWidget()
        if isinstance(form, OrderForm):
            form.focus_first_empty()

    # --- where orders go --------------------------------------------------------------------------
    @property
    def env(self) -> str:
        return self.env_combo.currentData()

    def target(self) -> Target:
        return self.targets.target(self.env)

    def host(self, target: Target | None = None) -> str:
        """The base URL orders go to now (what an order number from the log must have come from)."""
        target = target or self.target()
        return resolved_host(target.env, target.base_url)

    @property
    def simulator_url(self) -> str | None:
        """--demo --base-url: the simulator running elsewhere (None: the built-in one, or not the simulator)."""
        return self.targets.simulator_url

    @property
    def simulator(self) -> KiwoomSimulator | None:
        """The built-in simulator, once started."""
        return self.targets.simulator

    @property
    def closing(self) -> bool:
        return self._closing

    @property
    def started(self) -> bool:
        """The deferred start (journal, keyring status, simulator) has run."""
        return self._deferred_done

    @property
    def account_number(self) -> str | None:
        """The account the token trades (ka00001), once known."""
        return self.accounts.number

    def set_environment(self, env: str) -> None:
        self.env_combo.setCurrentIndex(self.env_combo.findData(env))

    @Slot()
    def _on_env_changed(self, *_: object) -> None:
        env = self.env
        # the simulator (and the HTTP server code it imports) starts after the first paint
        shown = env == "simulator" and (self._deferred_done or self.targets.simulator)
        self.top.show_environment(env, self.targets.custom_host(env), self.target().base_url if shown else "시작 중…")
        self.central.setStyleSheet("#central { border: 4px solid #c62828; }" if env == "real" else "")
        self.setWindowTitle(f"kiwoom-gui — 키움 신용주문 [{environment(env).label}]")
        self.log.update_actions()  # a number from the log is good in one environment only
        self.accounts.changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # one-shot: the first paint schedules the deferred start, then this filter removes itself
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
        # PySide makes the Python type of every QWidget subclass, with its enums (about 10 ms), the first time Python
        # reads a plain widget that Qt made, such as a table's viewport: now, not in the turn showing the first rows
        self.account.views["open_orders"].table.viewport()
        self.controller.start()
        for command in self.first_start.commands():
            self.controller.credentials(command)
        if self.env == "simulator":
            self._on_env_changed()  # starts the simulator, shows its address, loads the account
        elif self._load_account_at_start:
            self.accounts.changed()

    # --- the account, forms, log and dialogs ----------------------------------------------------
    @Slot()
    def refresh_account(self) -> None:
        self.accounts.refresh()

    def reuse_refusal(self, row) -> str | None:  # noqa: ANN001 (LogRow)
        return self.filling.reuse_refusal(row)

    @Slot(object)
    def use_as_original(self, row) -> bool:  # noqa: ANN001 (LogRow)
        return self.filling.use_as_original(row)

    @Slot()
    def send_current(self) -> None:
        self.sending.send_current()

    @Slot()
    def _send_key(self) -> None:
        if not self.held_keys.is_repeat():
            self.send_current()

    @Slot(object)
    def _on_history(self, entries) -> None:  # noqa: ANN001 (journal entries)
        self.log.model.extend([row_from_journal(e) for e in entries or ()])  # None: could not be read
        self.sending.history_in_log(entries)  # after the rows are in: the Send's check can see them now
        self.log.scroll_to_bottom_soon()

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    @Slot()
    def open_credentials(self) -> CredentialsDialog:
        from .credentials_dialog import CredentialsDialog

        dialog = CredentialsDialog(self.controller, self.target(), self)
        dialog.show()  # non-modal: the window keeps working while a token is issued
        return dialog

    # --- settings and closing ------------------------------------------------------------------
    def _settings_parts(self) -> tuple:
        splitters = {"window/ticketSplitter": self.splitter, "window/logSplitter": self.log.splitter,
                     "window/ticketColumn": self.ticket_column}
        return self.settings, self, splitters, self.tabs, self.forms

    def save_settings(self) -> None:
        window_settings.save(*self._settings_parts(), self.confirm_action.isChecked())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._closing:
            self._closing = True
            self.live.stop()
            self.cancel_all.window_closing()  # no more of a 모두 취소 is sent (and it says so)
            self.halt.flush()
            self.save_settings()
            if self.controller.in_flight:
                self.statusBar().showMessage("보낸 주문의 응답을 기다리는 중… (최대 제한시간까지)")
            self.controller.shutdown()
            self.targets.close()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
