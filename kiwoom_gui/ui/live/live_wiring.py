"""LiveWiring: the live connection in the window — where it goes, its token, its state label, and what its
events change (미체결, 주문·체결, 잔고, the log's 체결 column, the status bar, orders of unknown outcome).

The connection follows the environment shown: one at a time, started when the account is loaded there and
stopped on a switch or a close. Its URL comes from ``environments.live_url``: a custom ``--base-url``
without ``--ws-url`` keeps it off and says why (the token never goes to Kiwoom's default host instead).
"""

from __future__ import annotations

import collections
import datetime as dt
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QLabel

from ...base.kst import KST
from ...base.resources_io import load_json
from .live_bridge import LiveBridge

if TYPE_CHECKING:
    from ...base.payloads import LiveToken, QueryDone, Target
    from ...live.connection import LiveStatus
    from ..main_window import MainWindow

_FRESH_TOKEN_EVERY_S = 30.0  # a refused LOGIN asks the API thread for a new token at most this often
_FILLS_KEPT = 5000  # the newest orders' live texts kept for rows whose number is not known yet


def _other_account(event: object, account: str | None) -> bool:
    """The event names an account (9201) other than the one this window's token trades."""
    raw = getattr(event, "raw", {})
    named = raw.get("9201") if hasattr(raw, "get") else None
    return bool(account) and isinstance(named, str) and named.strip() not in ("", account)


class LiveWiring(QObject):
    def __init__(
        self, window: MainWindow, ws_url: str | None, ws_url_env: str | None, **connection_options: object
    ) -> None:
        super().__init__(window)
        self.window = window
        self.texts = load_json("live_views.json")
        self._ws_url, self._ws_url_env = ws_url, ws_url_env  # --ws-url, for the environment it was given with
        self.label = QLabel(window)
        self.label.setObjectName("liveStatus")
        self.label.setWordWrap(False)
        self.bridge = LiveBridge(self, int(self.texts["batch_ms"]), **connection_options)
        self.bridge.status_changed.connect(self._on_status)
        self.bridge.events_ready.connect(self._on_events)
        self.bridge.registered.connect(self._on_registered)
        window.controller.live_token.connect(self._on_token)
        # an order's events often come before its answer (a fill at once): kept here until its row has the number
        # (env, host, KST day, number) → (stock, text): numbers start again each trading day
        self._fills: collections.OrderedDict[tuple[str, str, dt.date, str], tuple[str, str]] = (
            collections.OrderedDict()
        )
        window.controller.order_done.connect(lambda done: self._after_number(done.result.ord_no))
        window.controller.order_resolved.connect(lambda resolved: self._after_number(resolved.ord_no))
        self._wanted: tuple[Target, str] | None = None  # where the connection should be, once a token comes
        self._connected = False
        self._fresh_asked = -_FRESH_TOKEN_EVERY_S
        self._confirm = QTimer(self)  # rows only an event has shown: a query confirms them soon after
        self._confirm.setSingleShot(True)
        self._confirm.timeout.connect(self._confirm_rows)
        self._confirm_since: float | None = None
        self.events_applied = 0  # for tests and benchmarks
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
        self.bridge.stop()
        self._connected = False
        url, reason = self.url_for(target)
        if url is None:
            self._wanted = None
            self._show("off", reason=reason)
            return
        self._wanted = (target, url)
        self._show("connecting")
        self.window.controller.ask_live_token(target)

    def stop(self) -> None:
        self._wanted = None
        self._confirm.stop()
        self.bridge.stop()

    @Slot(object)
    def _on_token(self, live: LiveToken) -> None:
        if self._wanted is None or live.target != self._wanted[0]:
            return  # for an environment no longer shown
        target, url = self._wanted
        if live.token is None:
            self.bridge.stop()
            self._show("off", reason=live.problem)
            return
        if self.bridge.running and self.bridge.target == target and not self._connected:
            self.bridge.renew(live.token)  # waiting to retry (or refused): it connects now with this one
            return
        try:  # not running yet, or logged in with the old token: log in again with the new one
            self.bridge.start(target, url, live.token)
        except ValueError as exc:  # an unsafe URL: refused before any socket opened
            self._show("off", reason=str(exc))

    # --- state ---------------------------------------------------------------------------------------
    def _show(self, state: str, reason: str = "", hint: str = "") -> None:
        """The label: the state, why, and — when it is not connected — what the connection will do (its hint,
        e.g. when it tries again) and what the user can do meanwhile."""
        label = self.texts["label"]
        text = label[state].format(reason=reason)
        if state in ("connected", "connecting"):
            if reason:
                text += f" — {reason}"  # a notice from the host that ended nothing
        else:
            text += " — " + " · ".join(part for part in (hint, label["hint"]) if part)
        self.label.setText(text)
        self.label.setToolTip(text)
        self.label.setStyleSheet(f"color:{self.texts['colors'][state]};")
        self.state = state

    @Slot(object)
    def _on_status(self, status: LiveStatus) -> None:
        from ...live.connection import CONNECTED, CONNECTING, DISCONNECTED

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
        else:
            self._show("stopped", status.reason, hint=status.hint)
        if status.auth_failed and self._wanted is not None:
            now = time.monotonic()
            if now - self._fresh_asked >= _FRESH_TOKEN_EVERY_S:
                self._fresh_asked = now
                self.window.controller.ask_live_token(self._wanted[0], fresh=True)

    @Slot()
    def _on_registered(self) -> None:
        # registrations do not survive a drop: what happened meanwhile is only in the lists
        self.window.refresh_account()

    # --- events ----------------------------------------------------------------------------------------
    @Slot(object)
    def _on_events(self, events: list) -> None:
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

        window = self.window
        target = self.bridge.target
        if target is None or target != window.target() or window.closing:
            return
        self.events_applied += len(events)
        now = dt.datetime.now(KST)
        when = now.strftime("%H:%M:%S")
        # Kiwoom pushes only the token's account; an event naming another one is not this account's
        account = window.account_number
        events = [e for e in events if not _other_account(e, account)]
        orders = [e for e in events if isinstance(e, OrderEvent)]
        balances = [e for e in events if isinstance(e, BalanceEvent)]
        views = window.account.views
        needs_query = False
        execution_rows = ExecutionRows()
        for name, apply, batch in (
            ("open_orders", apply_to_open_orders, orders),
            ("executions", lambda rows, events: apply_to_executions(rows, events, execution_rows), orders),
            ("positions", apply_to_positions, balances),
        ):
            if not batch:
                continue
            applied = apply(views[name].row_pairs(), batch)
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
