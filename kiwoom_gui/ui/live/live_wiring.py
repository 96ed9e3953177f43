"""LiveWiring: the live connection in the window — where it goes, its token, its state label, and what its
events change (미체결, 주문·체결, 잔고, the log's 체결 column, the status bar, orders of unknown outcome).

The connection follows the environment shown: one at a time, started when the account is loaded there and
stopped on a switch or a close. Its URL comes from ``environments.live_url``: a custom ``--base-url``
without ``--ws-url`` keeps it off and says why (the token never goes to Kiwoom's default host instead).

A connection that stopped for good (R10001: another connection with the same app key took over) stays off at
that target — a new token, F5 or a switch back does not reconnect, each would throw the other session out —
until the user presses 다시 연결 (``liveReconnect``). A new token does not log a session that was let in again
(it is kept for the next LOGIN), unless the user issued or pasted it in 자격증명.
No event is applied until ka00001 has named the account and the event's 9201 names it (an AccountGate holds
them meanwhile); the label says what waits or was dropped, and why.
"""

from __future__ import annotations

import collections
import datetime as dt
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QPushButton

from ...base.kst import KST
from ...base.resources_io import load_json
from ...live.account_gate import AccountGate
from ..elided_label import ElidedLabel
from .live_bridge import LiveBridge

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as MainWindow  # the window (ui/main_window) wires this module in

    from ...base.payloads import LiveToken, QueryDone, Target
    from ...live.live_status import LiveStatus

_FRESH_TOKEN_EVERY_S = 30.0  # a refused LOGIN asks the API thread for a new token at most this often
_FILLS_KEPT = 5000  # the newest orders' live texts kept for rows whose number is not known yet


class LiveWiring(QObject):
    def __init__(
        self, window: MainWindow, ws_url: str | None, ws_url_env: str | None, **connection_options: object
    ) -> None:
        super().__init__(window)
        self.window = window
        self.texts = load_json("live_views.json")
        self._ws_url, self._ws_url_env = ws_url, ws_url_env  # --ws-url, for the environment it was given with
        self.label = ElidedLabel("", window, min_chars=12)  # shortened in the top row; the whole text in its tooltip
        self.label.setObjectName("liveStatus")
        # on only while the connection is held off for a reason the user can lift (R10001: it throws the other out)
        self.reconnect_button = QPushButton(self.texts["reconnect"]["text"], window)
        self.reconnect_button.setObjectName("liveReconnect")
        self.reconnect_button.setToolTip(self.texts["reconnect"]["tooltip"])
        self.reconnect_button.setEnabled(False)
        self.reconnect_button.clicked.connect(self.reconnect)
        self._held: dict[Target, tuple[str, str]] = {}  # stopped for good there: (reason, hint) until 다시 연결
        self._generation = 0  # of the token the connection holds: a refused LOGIN asks for a newer one
        self.bridge = LiveBridge(self, int(self.texts["batch_ms"]), **connection_options)
        self.bridge.status_changed.connect(self._on_status)
        self.bridge.events_ready.connect(self._on_events)
        self.bridge.registered.connect(self._on_registered)
        window.controller.live_token.connect(self._on_token)
        # an order's events often come before its answer (a fill at once): kept here until its row has the number
        # (env, host, KST day, number) → (stock, text): numbers start again each trading day
        self._fills: collections.OrderedDict[tuple[str, str, dt.date, str], tuple[str, str]] = collections.OrderedDict()
        window.controller.order_done.connect(lambda done: self._after_number(done.result.ord_no))
        window.controller.order_resolved.connect(lambda resolved: self._after_number(resolved.ord_no))
        self._wanted: tuple[Target, str] | None = None  # where the connection should be, once a token comes
        self._connected = False
        self._fresh_asked = -_FRESH_TOKEN_EVERY_S
        self._confirm = QTimer(self)  # rows only an event has shown: a query confirms them soon after
        self._confirm.setSingleShot(True)
        self._confirm.timeout.connect(self._confirm_rows)
        self._confirm_since: float | None = None
        self.events_applied = 0  # events judged (applied, or dropped as not this account's): tests, benchmarks
        # Kiwoom pushes only the token's account, but an event is applied only on proof: its 9201 names the
        # account ka00001 named. Until that is known events wait here (issue 17).
        self.gate = AccountGate(int(self.texts["account_gate"]["waiting_max"]))
        self._gate_target: Target | None = None  # the connection the waiting events came on
        self._account_problem = ""  # why ka00001 has not named the account (its last failure)
        self._shown: tuple[str, str, str] = ("off", "", "")
        self._applied_at: dict[str, float] = {}  # view → when events last changed it (monotonic)
        self.never_started = True  # a default start reaches out only when the user asks (F5, a switch)
        self._registered_at: dt.datetime | None = None  # the current session logged in and registered
        self._show("off", reason=self.texts["not_started"])

    # --- where and when ------------------------------------------------------------------------------
    def url_for(self, target: Target) -> tuple[str | None, str]:
        from ...host.environments import live_url

        window = self.window
        ws_url = self._ws_url if target.env == self._ws_url_env else None
        if target.env == "simulator":
            if window.simulator_url:  # --demo --base-url: a simulator elsewhere, whose WebSocket we cannot guess
                return live_url("simulator", window.simulator_url, ws_url)
            simulator = window.simulator
            return live_url("simulator", None, ws_url, simulator.ws_url if simulator is not None else None)
        return live_url(target.env, target.base_url, ws_url)

    def follow(self) -> None:
        """The window shows another environment or host (or loads the account the first time): connect
        there, or say why not."""
        self.never_started = False
        target = self.window.target()
        if self._wanted is not None and self._wanted[0] == target and self.bridge.running:
            return
        self._reset_gate()
        self.bridge.stop()
        self._connected = False
        if target in self._held:  # stopped for good here: only 다시 연결 connects again
            self._wanted = None
            self._show("stopped", *self._held[target])
            return
        url, reason = self.url_for(target)
        if url is None:
            self._wanted = None
            self._show("off", reason=reason)
            return
        self._wanted = (target, url)
        self._show("connecting")
        self.window.controller.ask_live_token(target)

    @Slot()
    def reconnect(self) -> None:
        """다시 연결: the user lifts the hold at the target shown (this connection throws the other one out)."""
        if self.window.closing:
            return
        self._held.pop(self.window.target(), None)
        self._wanted = None
        self.follow()

    def stop(self) -> None:
        self._wanted = None
        self._confirm.stop()
        self._reset_gate()
        self.bridge.stop()

    def _reset_gate(self) -> None:
        self.gate.reset()
        self._gate_target = None
        self._account_problem = ""

    @Slot(object)
    def _on_token(self, live: LiveToken) -> None:
        if self._wanted is None or live.target != self._wanted[0]:
            return  # for an environment no longer shown
        target, url = self._wanted
        if live.token is None:
            self.bridge.stop()
            self._show("off", reason=live.problem)
            return
        if target in self._held:
            return  # stopped for good: a new token must not throw the other session out
        self._generation = live.generation
        running = self.bridge.running and self.bridge.target == target
        if running and (not self._connected or not live.relogin):
            # waiting to retry (or refused): it connects now with this one; logged in: the session that was let
            # in stays, the token is for its next LOGIN (no new LOGIN, no account refresh per new token)
            self.bridge.renew(live.token)
            return
        try:  # not running yet, or the user's own new token (another account, perhaps): log in with it
            self.bridge.start(target, url, live.token)
        except ValueError as exc:  # an unsafe URL: refused before any socket opened
            self._show("off", reason=str(exc))

    # --- state ---------------------------------------------------------------------------------------
    def _show(self, state: str, reason: str = "", hint: str = "") -> None:
        """The label: the state, why, and — when it is not connected — what the connection will do (its hint,
        e.g. when it tries again) and what the user can do meanwhile."""
        self._shown = (state, reason, hint)
        label = self.texts["label"]
        text = label[state].format(reason=reason)
        if state in ("connected", "connecting"):
            if reason:
                text += f" — {reason}"  # a notice from the host that ended nothing
        gate = self._gate_note()
        if gate:
            text += f" — {gate}"
        if state not in ("connected", "connecting"):
            text += " — " + " · ".join(part for part in (hint, label["hint"]) if part)
        self.label.setText(text)  # shortened to its room when long: the whole text shows in the tooltip
        self.label.setStyleSheet(f"color:{self.texts['colors'][state]};")
        self.state = state
        self.reconnect_button.setEnabled(state == "stopped" and self.window.target() in self._held)

    @Slot(object)
    def _on_status(self, status: LiveStatus) -> None:
        from ...live.live_status import CONNECTED, CONNECTING, DISCONNECTED

        if status.state == CONNECTED and not self._connected:
            # logged in and registered (this status comes right after the REG ack): events of orders placed
            # from now on are not missed (taken here, a little late: an order in between counts as older)
            self._registered_at = dt.datetime.now(KST)
        self._connected = status.state == CONNECTED
        if not self._connected:
            self._registered_at = None
        if status.state == CONNECTED:
            self._show("connected", status.notice)
        elif status.state == CONNECTING:
            self._show("connecting", status.notice)
        elif status.state == DISCONNECTED:
            self._show("disconnected", status.reason, status.hint)
        else:  # stopped for good (R10001, an internal error): held off here until 다시 연결
            if self.bridge.target is not None:
                self._held[self.bridge.target] = (status.reason, status.hint)
            self._wanted = None
            self._show("stopped", status.reason, hint=status.hint)
        if status.auth_failed and self._wanted is not None:
            now = time.monotonic()
            if now - self._fresh_asked >= _FRESH_TOKEN_EVERY_S:
                self._fresh_asked = now
                self.window.controller.ask_live_token(self._wanted[0], refused=self._generation)

    @Slot()
    def _on_registered(self) -> None:
        # registrations do not survive a drop: what happened meanwhile is only in the lists
        self.window.refresh_account()

    # --- the account gate ------------------------------------------------------------------------------
    def _gate_note(self) -> str:
        """What the gate holds back or dropped, and why nothing is applied (empty when all is applied)."""
        if not hasattr(self, "gate"):  # the first label, drawn before the gate is made
            return ""
        texts = self.texts["account_gate"]
        parts = []
        if self._account_problem:
            parts.append(texts["failed"].format(reason=self._account_problem))
        if self.gate.waiting:
            parts.append(texts["waiting"].format(count=self.gate.waiting))
        dropped = self.gate.dropped
        for key, count in (("overflow", dropped.overflow), ("other", dropped.other), ("unnamed", dropped.unnamed)):
            if count:
                parts.append(texts[key].format(count=count))
        return " · ".join(parts)

    def _redraw(self) -> None:
        self._show(*self._shown)

    @property
    def events_waiting(self) -> int:
        """Events held until the account is known."""
        return self.gate.waiting

    def account_answered(self, done: QueryDone) -> None:
        """ka00001 answered (for the environment shown): the waiting events of this account are applied, in
        order; those of another are dropped. A failure keeps them waiting and says why."""
        self._account_problem = "" if done.account else done.error or self.texts["account_gate"]["no_account"]
        if done.account:
            self._judge([])
        self._redraw()

    # --- events ----------------------------------------------------------------------------------------
    @Slot(object)
    def _on_events(self, events: list) -> None:
        window = self.window
        target = self.bridge.target
        if target is None or target != window.target() or window.closing:
            return
        if self._gate_target != target:  # events of an earlier connection never wait for this one's account
            self.gate.reset()
            self._gate_target = target
        self._judge(events)

    def _judge(self, events: list) -> None:
        """Through the gate: what may be applied now is applied; the label says what waits or was dropped."""
        window = self.window
        if self._gate_target is None or self._gate_target != window.target() or window.closing:
            return
        account = window.account_number
        judged = self.gate.waiting + len(events) if account else 0  # waiting ones are judged once it is known
        note = self._gate_note()
        admitted = self.gate.admit(events, account)
        self.events_applied += judged
        if admitted:
            self._apply(admitted)
        if self._gate_note() != note:
            self._redraw()

    def _apply(self, events: list) -> None:
        """Events of this account, in order: the tabs, the log's 체결 column, the status bar, unknown orders."""
        from ...live.account_rows import (
            ExecutionRows,
            accepted_events,
            announcement,
            apply_to_executions,
            apply_to_open_orders,
            apply_to_positions,
            fill_text,
            original_text,
        )
        from ...live.events import BalanceEvent, OrderEvent
        from ...loans.lot_events import apply_to_lots

        window = self.window
        target = self.bridge.target
        if target is None or target != window.target() or window.closing:
            return
        now = dt.datetime.now(KST)
        when = now.strftime("%H:%M:%S")
        orders = [e for e in events if isinstance(e, OrderEvent)]
        balances = [e for e in events if isinstance(e, BalanceEvent)]
        views = window.account.views
        needs_query = False
        execution_rows = ExecutionRows()
        for name, apply, batch in (
            ("open_orders", apply_to_open_orders, orders),
            ("executions", lambda rows, events: apply_to_executions(rows, events, execution_rows), orders),
            ("positions", apply_to_positions, balances),
            ("loan_lots", apply_to_lots, balances),  # 신용잔고: 957 신용금액, 958 이자, 918 만기일, 933
        ):
            if not batch:
                continue
            applied = apply(views[name].live_rows(), batch)
            if applied.changed or applied.structural:
                views[name].apply_live(applied, when)
                self._applied_at[name] = time.monotonic()
            needs_query = needs_query or applied.needs_query
        if orders:
            fills: dict[str, tuple[str, str]] = {}  # number → (stock, text)
            for e in orders:
                if e.ord_no:
                    fills[e.ord_no] = (e.stk_cd, fill_text(e))
                original = original_text(e)
                if original and e.orig_ord_no:
                    fills[e.orig_ord_no] = (e.stk_cd, original)
            host = window.host(target)
            for ord_no, fill in fills.items():
                key = (target.env, host, now.date(), ord_no)
                self._fills[key] = fill
                self._fills.move_to_end(key)
            while len(self._fills) > _FILLS_KEPT:
                self._fills.popitem(last=False)
            if window.log.model.set_fills(target.env, host, now.date(), fills):
                window.log.refresh_detail()
            said = [text for text in map(announcement, orders) if text]
            if said:
                window.statusBar().showMessage(said[-1], 15000)
            accepted = accepted_events(orders)
            if accepted:  # may be an order whose answer was lost: the API thread judges, never resends
                window.controller.live_accepted(target, accepted, self._registered_at)
        window.account.update_actions()
        if needs_query:
            self._confirm_later()

    def _after_number(self, ord_no: str | None) -> None:
        """An answer (or a search) gave a row its number: show what the live connection already said of it."""
        if ord_no:
            QTimer.singleShot(0, self, lambda: self._show_kept(ord_no))  # after the window has updated the row

    def _show_kept(self, ord_no: str) -> None:
        window = self.window
        if window.closing:
            return
        target = window.target()
        host = window.host(target)
        day = dt.datetime.now(KST).date()
        fill = self._fills.get((target.env, host, day, ord_no))
        if fill and window.log.model.set_fills(target.env, host, day, {ord_no: fill}):
            window.log.refresh_detail()

    def query_landed(self, done: QueryDone) -> None:
        """A tab was refreshed: if events changed it after that query began, the list may be older than what
        the events said (a filled order shown open again): ask once more."""
        changed = self._applied_at.get(done.view)
        if changed is not None and done.started is not None and changed > done.started and done.rows is not None:
            self._confirm_later()

    def _confirm_later(self) -> None:
        now = time.monotonic()
        if self._confirm_since is None:
            self._confirm_since = now
        # (re)started while events keep coming, but never put off past the longest wait
        longest = float(self.texts["confirm_refresh_max_ms"]) / 1000
        if not self._confirm.isActive() or now - self._confirm_since < longest:
            self._confirm.start(int(self.texts["confirm_refresh_ms"]))

    @Slot()
    def _confirm_rows(self) -> None:
        self._confirm_since = None
        if self._wanted is not None and not self.window.closing:
            self.window.refresh_account()
