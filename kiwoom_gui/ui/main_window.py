"""MainWindow: environment switch, the four order tabs, the response log, credentials, demo mode."""

from __future__ import annotations

import datetime as dt
import functools
import html
import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..base.kst import KST
from ..base.payloads import (
    CredentialCommand,
    CredentialStatus,
    OrderDone,
    OrderRequest,
    OrderResolved,
    QueryDone,
    QueryRequest,
    Target,
)
from ..host.answers import Outcome
from ..host.environments import environment, resolve_base_url
from ..host.request_headers import masked_request_headers
from ..orders.specs import load_orders
from ..records.journal_entry import now_iso
from ..records.log_rows import WAITING_MESSAGE
from .account.account_panel import VIEWS, AccountPanel
from .account.account_view import views_data
from .controller import OrderController
from .live.live_wiring import LiveWiring
from .log.log_model import LogRow, row_from_journal
from .log.log_panel import LogPanel
from .orders.instrument_lookup import InstrumentLookup
from .orders.order_form import OrderForm, tab_title
from .orders.order_form import texts as _form_texts

if TYPE_CHECKING:
    from ..account.rows import AccountRow
    from ..simulator import KiwoomSimulator
    from .credentials_dialog import CredentialsDialog

ENVIRONMENTS = ("simulator", "mock", "real")
Confirm = Callable[[str, str, Mapping[str, str]], bool]
UNKNOWN_BEFORE = (
    "⚠ {time}에 보낸 같은 주문이 아직 '확인 필요'입니다 — 그 주문이 접수되었다면 이것은 두 번째 주문이 됩니다. "
    "미체결·주문체결 탭에서 먼저 확인하세요."
)


def send_texts() -> Mapping[str, str]:
    """What Send says about the stock's lookup (resources/instrument_form.json "send")."""
    return _form_texts()["send"]


def lookup_texts() -> Mapping[str, object]:
    return _form_texts()["lookup"]


def confirmation_text(context: Mapping[str, str]) -> str:
    """What the confirmation states before the JSON: the order in words, where it goes, and where an
    original order number came from."""
    lines = [
        context.get("warnings", ""),  # the stock's warnings first: they are why this is asked at all
        context.get("pending", ""),  # its lookup has not landed: name, band and warnings unchecked
        context.get("unknown", ""),
        context.get("summary", ""),
        f"호스트: {context.get('host', '')}",
    ]
    if context.get("origin"):
        lines.append(f"원주문번호 출처: {context['origin']}")
    return "\n".join(line for line in lines if line)


def confirm_with_dialog(parent: MainWindow) -> Confirm:
    def confirm(env_label: str, title: str, body: Mapping[str, str]) -> bool:
        from PySide6.QtWidgets import QMessageBox  # built on first use, not before the first paint

        box = QMessageBox(parent)
        box.setObjectName("confirmOrder")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(f"{env_label} 주문 확인")
        box.setText(f"<b>{env_label}</b> 환경으로 <b>{title}</b>을 보냅니다.")
        box.setTextFormat(Qt.TextFormat.RichText)  # our own words only (the environment and the order's title)
        box.setInformativeText(
            confirmation_text(parent.confirming)
            + "\n\n보낼 본문:\n"
            + json.dumps(dict(body), ensure_ascii=False, indent=2)
        )
        # the informative text carries the host's stock name: plain text, so a name with a tag or "<!--"
        # can hide neither the warnings nor the body (QMessageBox.setTextFormat covers the main text only)
        informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if informative is None:  # a Qt without that label: nothing host-made may be taken as HTML
            box.setInformativeText(html.escape(box.informativeText()).replace("\n", "<br>"))
        else:
            informative.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter alone never sends real money
        box.button(QMessageBox.StandardButton.Ok).setText("보내기")
        box.button(QMessageBox.StandardButton.Cancel).setText("취소")
        return box.exec() == QMessageBox.StandardButton.Ok

    return confirm


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
    ) -> None:
        """``ws_url``: --ws-url, for the environment ``ws_url_env`` it was given with; ``live_options``:
        the live connection's timings (tests)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("kiwoom-gui — 키움 신용주문")
        self.settings = settings
        self.data_dir = data_dir
        self._base_url_env = None if env == "simulator" else env
        self._base_url = base_url
        self._simulator_url = simulator_url  # --demo --base-url: a simulator already running elsewhere
        self._env_explicit = env_explicit
        # the account loads at start only where the user chose the target (--env, --demo, --base-url):
        # a default start never reaches out to Kiwoom's hosts by itself
        self._load_account_at_start = env_explicit
        self._simulator: KiwoomSimulator | None = None
        self._simulator_base = ""  # its address, kept after the close stops it
        self._request_ids = itertools.count(1)
        self._pending: dict[int, str] = {}  # request_id -> api_id, until its answer
        self._unlogged: dict[int, LogRow] = {}  # rows whose order is not on the wire yet (logged when it is)
        # api_id -> (orig_ord_no filled in, where it came from, its environment, host and KST day): a copied
        # number is sent only where and when it was copied
        self._origins: dict[str, tuple[str, str, str, str, dt.date]] = {}
        self.confirming: dict[str, str] = {}  # what the confirmation shows besides the body
        self._closing = False
        self._account_number: str | None = None
        self._painted = False
        self.installEventFilter(self)  # until the first paint (see eventFilter)
        self._deferred_done = False  # journal, keyring status and simulator start after the first paint
        self.confirm: Confirm = confirm_with_dialog(self)
        self.controller = OrderController(data_dir / "journal.sqlite3", timeouts, self, orders_per_second)
        # the real-time connection (00 주문체결, 04 잔고) of the environment shown, on its own thread
        self.live = LiveWiring(self, ws_url, ws_url_env, **dict(live_options or {}))

        # environment switch and banner
        self.env_combo = QComboBox(self)
        self.env_combo.setObjectName("environment")
        for name in ENVIRONMENTS:
            self.env_combo.addItem(environment(name).label, name)
        self.banner = QLabel(self)
        self.banner.setObjectName("envBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # shown for the whole run when the OS keyring cannot be used: the user must know why
        # credentials will be gone after closing (beside the banner, where no status message runs under it)
        self.keyring_problem = QLabel(self)
        self.keyring_problem.setObjectName("keyringProblem")
        self.keyring_problem.setStyleSheet("color:#e65100;")
        self.keyring_problem.setWordWrap(True)
        self.keyring_problem.hide()
        # the account number (ka00001, middle digits masked) and the environment, always visible
        self.account_label = QLabel(self)
        self.account_label.setObjectName("accountNumber")
        self.refresh_button = QPushButton("새로고침 (F5)", self)
        self.refresh_button.setObjectName("refreshAccount")
        self.refresh_button.setToolTip("미체결·주문체결·잔고를 다시 조회합니다")
        self.refresh_button.clicked.connect(self.refresh_account)
        top = QHBoxLayout()
        top.addWidget(QLabel("환경"))
        top.addWidget(self.env_combo)
        top.addWidget(self.banner, 1)
        top.addWidget(self.account_label)
        top.addWidget(self.live.label)
        top.addWidget(self.refresh_button)
        top.addWidget(self.keyring_problem)

        # the four order forms, all built by one class from the specs
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("orderTabs")
        self.forms: dict[str, OrderForm] = {}
        for spec in load_orders().values():
            form = OrderForm(spec, self)
            form.send_requested.connect(self._on_send_requested)
            self.forms[spec.api_id] = form
            self.tabs.addTab(form, tab_title(spec))
        # what each form's stock is (name, price, band, warnings): looked up on the API thread, cached per host
        self.instrument_lookup = InstrumentLookup(self.forms, self.controller, self.target, self.host, self)

        self.log = LogPanel(self)
        self.log.use_as_original.connect(self.use_as_original)
        self.log.reuse_check = self.reuse_refusal
        self.log.notice.connect(self._on_notice)
        self.log.candidates.confirmed.connect(self._confirm_candidate)
        # beside the ticket: 미체결 / 주문·체결 / 잔고 / 응답 로그
        self.account = AccountPanel(lambda: (self.env, self.host()), self)
        self.account.addTab(self.log, "응답 로그")
        self.account.modify_requested.connect(lambda row, venue: self.use_open_order(row, venue, "kt10008"))
        self.account.cancel_requested.connect(lambda row, venue: self.use_open_order(row, venue, "kt10009"))
        self.account.sell_requested.connect(self.use_position)
        self._refresh_timer = QTimer(self)  # once after each answered order (several answers: once)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(int(views_data()["refresh_after_order_ms"]))
        self._refresh_timer.timeout.connect(self.refresh_account)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.account)
        self.splitter.setStretchFactor(0, 0)  # the ticket stays narrow; the account views take the width
        self.splitter.setStretchFactor(1, 1)
        self.tabs.setMaximumWidth(620)
        self.splitter.setSizes([380, 800])

        self.central = QWidget(self)
        self.central.setObjectName("central")
        layout = QVBoxLayout(self.central)
        layout.addLayout(top)
        layout.addWidget(self.splitter)
        self.setCentralWidget(self.central)

        menu = self.menuBar().addMenu("설정")
        self.credentials_action = QAction("자격증명…", self)
        self.credentials_action.triggered.connect(self.open_credentials)
        menu.addAction(self.credentials_action)
        self.confirm_action = QAction("모든 환경에서 보내기 전 확인", self)
        self.confirm_action.setObjectName("confirmAlways")
        self.confirm_action.setCheckable(True)
        menu.addAction(self.confirm_action)

        for i in range(4):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.tabs.setCurrentIndex(i))
        self.send_shortcuts = []
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self, activated=self.send_current)
            shortcut.setAutoRepeat(False)  # holding the keys is one press: at most one order
            self.send_shortcuts.append(shortcut)

        refresh = QShortcut(QKeySequence("F5"), self, activated=self.refresh_account)
        refresh.activated.connect(lambda: self.instrument_lookup.refresh(self.tabs.currentWidget()))  # its stock too
        self.controller.query_done.connect(self._on_query_done)
        self.controller.order_resolved.connect(self._on_order_resolved)
        self.controller.order_sent.connect(self._on_order_sent)
        self.controller.order_done.connect(self._on_order_done)
        self.controller.history_loaded.connect(self._on_history)
        self.controller.notice.connect(self._on_notice)
        self.controller.credential_status.connect(self._on_credential_status)

        self._restore_settings()
        self.env_combo.setCurrentIndex(self.env_combo.findData(env))
        self.env_combo.currentIndexChanged.connect(self._on_env_changed)
        self._on_env_changed()
        self._no_credentials: set[str] = set()
        # mock by default, the simulator when no credentials exist yet; the status also tells
        # whether the keyring works at all
        self._startup_status = ("mock", "real") if not env_explicit else ((env,) if env != "simulator" else ())
        QTimer.singleShot(0, self, self._start_if_never_shown)  # dropped if the window is gone

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
                from ..simulator import KiwoomSimulator  # only when the simulator is chosen

                self._simulator = KiwoomSimulator().start()
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

    @property
    def _custom_host(self) -> str:
        """The --base-url, when it replaces the current environment's host."""
        return self._base_url or "" if self.env == self._base_url_env else ""

    def host(self, target: Target | None = None) -> str:
        """The base URL orders go to now (what an order number from the log must have come from)."""
        target = target or self.target()
        return _resolved_host(target.env, target.base_url)

    @Slot()
    def _on_env_changed(self, *_: object) -> None:
        env = self.env
        label = environment(env).label
        if env == "real":
            custom = f" · 사용자 지정 호스트 {self._custom_host}" if self._custom_host else ""
            self.banner.setText(f"실전투자 — 실제 계좌로 주문이 나갑니다. 모든 주문은 보내기 전에 확인합니다.{custom}")
            self.banner.setStyleSheet("background:#c62828; color:white; font-weight:bold; padding:6px;")
            self.central.setStyleSheet("#central { border: 4px solid #c62828; }")
        elif env == "mock" and self._custom_host:
            self.banner.setText(f"모의투자 — 사용자 지정 호스트 {self._custom_host} (키움 모의투자 서버가 아님)")
            self.banner.setStyleSheet("background:#6a1b9a; color:white; padding:6px;")
            self.central.setStyleSheet("")
        elif env == "mock":
            self.banner.setText("모의투자 — 키움 모의투자에는 신용주문이 없습니다 (RC9000). 연습은 시뮬레이터에서.")
            self.banner.setStyleSheet("background:#1565c0; color:white; padding:6px;")
            self.central.setStyleSheet("")
        else:
            # the simulator (and the HTTP server code it imports) starts after the first paint
            address = self.target().base_url if self._deferred_done or self._simulator else "시작 중…"
            self.banner.setText(f"시뮬레이터 — 이 컴퓨터의 가상 호스트({address}), 실제 주문 아님")
            self.banner.setStyleSheet("background:#2e7d32; color:white; padding:6px;")
            self.central.setStyleSheet("")
        self.setWindowTitle(f"kiwoom-gui — 키움 신용주문 [{label}]")
        if hasattr(self, "log"):
            self.log.update_actions()  # a number from the log is good in one environment only
        if hasattr(self, "account"):
            self._account_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # one-shot: the first paint schedules the deferred start, then this filter removes itself, so no
        # Python runs on later paints
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
        """Another environment or host: nothing shown may pass for this one's; load it afresh and look
        for this trading day's orders of unknown outcome there."""
        self.account.clear()
        for api_id, (number, _, env, host, _) in list(self._origins.items()):
            if (env, host) != (self.env, self.host()):  # a copied number belongs to where it was copied
                del self._origins[api_id]
                if self.forms[api_id].raw_values().get("orig_ord_no") == number:
                    self.forms[api_id].set_values({"orig_ord_no": ""})
        self._account_number = None
        self._show_account_number()
        self.instrument_lookup.environment_changed()  # another host's answer never stands for this one's
        if self._deferred_done and not self._closing:
            self.refresh_account()
            self.controller.look_for_unknowns(self.target())
            self.live.follow()

    def _show_account_number(self) -> None:
        texts = views_data()["texts"]
        label = environment(self.env).label
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
            return
        self.account.show_result(done)
        self.live.query_landed(done)  # events newer than this list: it is asked for again

    def use_open_order(self, row: AccountRow, venue: str, api_id: str) -> bool:
        """정정 / 취소 from a 미체결 row: the number, stock and venue as the host sent them, the remaining
        quantity, and for a modify the order's price to start from; then that form is shown."""
        if self.account.open_order_refusal() is not None:
            return False
        remaining = row.value("oso_qty")
        values = {
            "orig_ord_no": row.ord_no or "",
            "stk_cd": row.stk_cd or "",
            "dmst_stex_tp": venue,
            "mdfy_qty" if api_id == "kt10008" else "cncl_qty": str(remaining) if isinstance(remaining, int) else "0",
        }
        price = row.value("ord_pric")
        if api_id == "kt10008" and isinstance(price, int) and price > 0:
            values["mdfy_uv"] = str(price)
        form = self.forms[api_id]
        form.fill_from_original(values)
        fetched = self.account.views["open_orders"].fetched_at or ""
        origin = f"미체결 목록 ({fetched} 조회, {environment(self.env).label})"
        self._remember_origin(api_id, values["orig_ord_no"], origin)
        self.tabs.setCurrentWidget(form)
        return True

    def use_position(self, row: AccountRow, venue: str) -> bool:
        """신용매도에 사용: the stock, 융자 (33) and the position's loan date; the quantity is the user's,
        checked against 매매가능수량."""
        if self.account.position_refusal() is not None:
            return False
        form = self.forms["kt10007"]
        values = {"stk_cd": row.stk_cd or "", "crd_deal_tp": "33", "crd_loan_dt": row.loan_dt or ""}
        if venue in ("KRX", "NXT"):
            values["dmst_stex_tp"] = venue
        form.fill_from_original(values)
        able = row.value("trde_able_qty")
        if isinstance(able, int):
            form.set_limit(
                "ord_qty",
                able,
                {"stk_cd": values["stk_cd"], "crd_loan_dt": values["crd_loan_dt"]},
                f"매매가능수량({able:,}주)보다 많습니다",
                f"매매가능수량 {able:,}주",
            )
        else:  # never the previous position's limit; say what the host sent instead
            note = views_data()["texts"]["unreadable_sellable"].format(raw=row.text("trde_able_qty"))
            form.clear_limit("ord_qty", note)
        self.tabs.setCurrentWidget(form)
        return True

    @Slot(object)
    def _on_order_resolved(self, resolved: OrderResolved) -> None:
        outcome = Outcome.CONFIRMED if resolved.ord_no else None
        row = self.log.model.resolve(
            resolved.journal_id, outcome, resolved.ord_no, resolved.message, resolved.candidates
        )
        if row is not None:
            self.log.refresh_detail()
        label = f"주문번호 {resolved.ord_no} 접수 확인" if resolved.ord_no else "확인 필요 주문"
        self.statusBar().showMessage(f"{label} — {resolved.message}", 30000)
        self.statusBar().setStyleSheet("" if resolved.ord_no else "color:#e65100; font-weight:bold;")
        if resolved.ord_no:
            self.refresh_account()

    def _confirm_candidate(self, row: LogRow, candidate: object) -> None:
        """The user picked a candidate for a 확인 필요 row (after its confirmation): journalled on the API thread
        as their choice, for this environment and host only. Nothing is sent."""
        if row.id is None or (row.env, row.host) != (self.env, self.host()):
            self.statusBar().showMessage("다른 환경·호스트의 주문입니다: 그 환경으로 바꾼 뒤 고르세요.", 15000)
            return
        self.controller.confirm_candidate(self.target(), row.id, candidate)

    def _earlier_unknown(self, api_id: str, body: Mapping[str, str], env: str, host: str) -> LogRow | None:
        """An order of this trading day still 확인 필요 with exactly this body: sending again may double it."""
        from ..orders.order_reuse import trading_day

        today = dt.datetime.now(KST).date()
        for row in reversed(self.log.model.rows()):
            if (
                row.outcome is Outcome.UNKNOWN
                and row.api_id == api_id
                and dict(row.request_body) == dict(body)
                and (row.env, row.host) == (env, host)
                and trading_day(row.created_at) == today
            ):
                return row
        return None

    def set_environment(self, env: str) -> None:
        self.env_combo.setCurrentIndex(self.env_combo.findData(env))

    @Slot(object)
    def _on_credential_status(self, status: CredentialStatus) -> None:
        if status.problem and self.keyring_problem.isHidden():
            self.keyring_problem.setText("⚠ 키링을 쓸 수 없음 — 자격증명은 이번 실행 동안 메모리에만 보관")
            self.keyring_problem.setToolTip(status.problem)
            self.keyring_problem.show()
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

    # --- sending -----------------------------------------------------------------------------
    def _needs_confirm(self) -> bool:
        return self.env == "real" or self.confirm_action.isChecked()

    def _lookup_pending(self, api_id: str) -> bool:
        """The form's stock has waited for its lookup (debounce or in flight) longer than a lookup's normal
        time: its name, band and warnings are unchecked, so Send asks first. A shorter wait does not ask —
        lookups never delay an order, and a fill or a typed code is usually answered within it."""
        waited = self.instrument_lookup.pending_s(api_id)
        return waited is not None and waited * 1000 >= float(lookup_texts()["pending_confirm_ms"])

    def _changed_since_confirmed(
        self, form: OrderForm, body: Mapping[str, str], warnings: tuple[str, ...], price_kind: str, target: Target
    ) -> str:
        """What differs from what the confirmation showed ("" when nothing): the body the form would send now,
        the stock's warnings, the tick grid, or the environment and host."""
        t = send_texts()
        if form.body is None or dict(form.body) != dict(body):
            return t["changed_body"]
        if form.confirmation_warnings() != warnings:
            return t["changed_warnings"]
        if form.price_kind != price_kind:
            return t["changed_kind"]
        if self.target() != target:
            return t["changed_target"]
        return ""

    @Slot()
    def send_current(self) -> None:
        form = self.tabs.currentWidget()
        if isinstance(form, OrderForm):
            form.request_send()

    @Slot(str, object)
    def _on_send_requested(self, api_id: str, body: dict) -> None:
        form = self.forms[api_id]
        if self._closing:
            form.set_busy(False)
            return
        target = self.target()
        label = environment(target.env).label
        elsewhere = self._copied_elsewhere(api_id, body)
        if elsewhere:
            form.set_busy(False)
            self.statusBar().showMessage(elsewhere, 30000)
            return
        earlier = self._earlier_unknown(api_id, body, target.env, self.host(target))
        warnings = form.confirmation_warnings()  # 투자경고, 신용 불가 …: asked in every environment
        price_kind = form.price_kind  # the grid ``body`` was judged on (an answer may land during the dialog)
        pending = self._lookup_pending(api_id)
        if self._needs_confirm() or earlier is not None or warnings or pending:
            self.confirming = {
                "warnings": "\n".join(f"⚠ {line}" for line in warnings),
                "pending": f"⚠ {send_texts()['pending']}" if pending else "",
                "summary": form.summary.text(),
                "host": self.host(target),
                "origin": self._origin_of(api_id, body),
                "unknown": UNKNOWN_BEFORE.format(time=earlier.when) if earlier is not None else "",
            }
            if not self.confirm(label, form.spec.title, body):
                form.set_busy(False)
                self.statusBar().showMessage("주문을 보내지 않았습니다 (확인에서 취소).", 5000)
                return
            if self._closing:  # closed while the dialog was open: nothing goes on (and no target is made anew)
                form.set_busy(False)
                return
            # the dialog ran an event loop: an answer may have landed meanwhile (a warning, a band, the grid)
            changed = self._changed_since_confirmed(form, body, warnings, price_kind, target)
            if changed:
                form.set_busy(False)
                self.statusBar().showMessage(send_texts()["changed"].format(what=changed), 30000)
                return
        request_id = next(self._request_ids)
        waiting = self.controller.busy
        self._pending[request_id] = api_id
        row = LogRow(
            None,
            now_iso(),
            target.env,
            api_id,
            dict(body),
            masked_request_headers(api_id),
            host=self.host(target),
            request_id=request_id,
        )
        # the order leaves first; its log row is drawn once it is on the wire (order_sent), so the GUI's
        # bookkeeping never holds the interpreter while the worker journals and posts
        self.controller.submit(OrderRequest(request_id, target, api_id, body, price_kind=price_kind))
        if waiting:  # behind a slow answer: say so now rather than show nothing
            self._log_row(replace(row, message=WAITING_MESSAGE, waiting=True))
        else:
            self._unlogged[request_id] = row

    def _log_row(self, row: LogRow) -> None:
        """Append ``row`` after every earlier order's row (the log stays in click order)."""
        earlier = [self._unlogged.pop(i) for i in sorted(self._unlogged) if i < (row.request_id or 0)]
        self.log.model.extend([*earlier, row])
        self.log.scroll_to_bottom_soon()

    @Slot(int)
    def _on_order_sent(self, request_id: int) -> None:
        row = self._unlogged.pop(request_id, None)
        if row is not None:
            self._log_row(row)
        else:
            self.log.model.mark_sent(request_id)

    @Slot(object)
    def _on_order_done(self, done: OrderDone) -> None:
        api_id = self._pending.pop(done.request_id, None)
        if api_id and not self._closing:
            self.forms[api_id].set_busy(False)  # first: nothing below may leave the form stuck
            self._refresh_timer.start()  # the account after every answer (accepted, rejected or unknown)
        row = self._unlogged.pop(done.request_id, None)
        if row is not None:  # answered without going on the wire (refused, not sent)
            self._log_row(row)
        self.log.model.update_request(done.request_id, done.result, done.journal_id)
        self.log.refresh_detail()
        result = done.result
        prefix = f"{result.api_id} {result.outcome.label}"
        if result.ord_no:
            prefix += f" · 주문번호 {result.ord_no}"
        self.statusBar().showMessage(f"{prefix} — {result.message}", 15000)
        style = "color:#e65100; font-weight:bold;" if result.outcome is Outcome.UNKNOWN else ""
        if self.statusBar().styleSheet() != style:  # re-polishing on every answer repaints the window
            self.statusBar().setStyleSheet(style)

    @Slot(object)
    def _on_history(self, entries) -> None:
        self.log.model.extend([row_from_journal(e) for e in entries])
        self.log.scroll_to_bottom_soon()

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def reuse_refusal(self, row: LogRow) -> str | None:
        """Why ``row``'s order number may not go into a form now, or None (same env, host and day only)."""
        from ..orders.order_reuse import reuse_refusal

        return reuse_refusal(row, self.env, self.host(), dt.datetime.now(KST).date())

    @Slot(object)
    def use_as_original(self, row: LogRow) -> bool:
        """Fill orig_ord_no, stk_cd and dmst_stex_tp of the modify and cancel forms, clearing what was
        left from an earlier order; show 신용정정. Refused (with the reason) for a number from another
        environment, host or trading day."""
        refusal = self.reuse_refusal(row)
        if refusal:
            self.statusBar().showMessage(f"정정/취소에 쓰지 않았습니다: {refusal}", 15000)
            return False
        values = {
            "orig_ord_no": row.ord_no or "",
            "stk_cd": row.request_body.get("stk_cd", ""),
            "dmst_stex_tp": row.request_body.get("dmst_stex_tp", ""),
        }
        origin = f"응답 로그 {row.when} {row.cells()[3]} 접수 ({environment(row.env).label}, {row.host})"
        for api_id in ("kt10008", "kt10009"):
            self.forms[api_id].fill_from_original(values)
            self._remember_origin(api_id, values["orig_ord_no"], origin)
        self.tabs.setCurrentWidget(self.forms["kt10008"])
        return True

    def _origin_of(self, api_id: str, body: Mapping[str, str]) -> str:
        if "orig_ord_no" not in body:
            return ""
        number, origin, *_ = self._origins.get(api_id, ("", ""))
        return origin if number and number == body["orig_ord_no"] else "직접 입력"

    def _remember_origin(self, api_id: str, number: str, origin: str) -> None:
        self._origins[api_id] = (number, origin, self.env, self.host(), dt.datetime.now(KST).date())

    def _copied_elsewhere(self, api_id: str, body: Mapping[str, str]) -> str | None:
        """A copied original order number about to go to another environment, host or day: why not."""
        if "orig_ord_no" not in body or api_id not in self._origins:
            return None
        number, _, env, host, day = self._origins[api_id]
        if number != body["orig_ord_no"]:
            return None
        if (env, host, day) == (self.env, self.host(), dt.datetime.now(KST).date()):
            return None
        del self._origins[api_id]
        self.forms[api_id].set_values({"orig_ord_no": ""})
        return (
            f"원주문번호 {number}는 {environment(env).label}({host})에서 {day:%Y-%m-%d}에 복사한 번호라 "
            "지금 환경·호스트·거래일에는 보내지 않았습니다 — 이 환경의 주문번호를 넣으세요."
        )

    @Slot()
    def open_credentials(self) -> CredentialsDialog:
        from .credentials_dialog import CredentialsDialog

        dialog = CredentialsDialog(self.controller, self.target(), self)
        dialog.show()  # non-modal: the window keeps working while a token is issued
        return dialog

    # --- settings and closing ------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 860)
        for key, widget in (("window/ticketSplitter", self.splitter), ("window/logSplitter", self.log.splitter)):
            state = s.value(key)
            if isinstance(state, QByteArray):
                widget.restoreState(state)
        self.confirm_action.setChecked(s.value("confirm/always", False, type=bool))
        for api_id, form in self.forms.items():
            remembered = {
                k: s.value(f"forms/{api_id}/{k}", "", type=str)
                for k in ("dmst_stex_tp", "trde_tp", "crd_deal_tp")
                if k in form.editors
            }
            form.set_values({k: v for k, v in remembered.items() if v})
        tab = s.value("window/tab", 0, type=int)
        self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else 0)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/ticketSplitter", self.splitter.saveState())
        s.setValue("window/logSplitter", self.log.splitter.saveState())
        s.setValue("window/tab", self.tabs.currentIndex())
        s.setValue("confirm/always", self.confirm_action.isChecked())
        for api_id, form in self.forms.items():
            raw = form.raw_values()
            for key in ("dmst_stex_tp", "trde_tp", "crd_deal_tp"):
                if key in raw:
                    s.setValue(f"forms/{api_id}/{key}", raw[key])
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
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
