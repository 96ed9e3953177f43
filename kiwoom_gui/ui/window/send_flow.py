"""From Send to the answer: the confirmation when one is due, the hand-off to the API thread, the log row in
click order, and the answer shown on the form, in the log and in the status bar.

An order leaves first; its log row is drawn once it is on the wire, so the GUI's bookkeeping never holds the
interpreter while the worker journals and posts. Nothing here ever resends an order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Slot

from ...base.kst import KST
from ...base.payloads import OrderDone, OrderRequest, OrderResolved, Target
from ...credit.figures import texts as credit_texts
from ...guards.limits import texts as precaution_texts
from ...host.answers import Outcome
from ...host.environments import environment
from ...host.request_headers import masked_request_headers
from ...orders.order_words import order_rows, order_table_text
from ...records.journal_entry import now_iso
from ...records.log_rows import WAITING_MESSAGE
from ..log.log_model import LogRow
from ..orders.order_form import OrderForm
from ..orders.order_form import texts as form_texts
from .confirmation import UNKNOWN_BEFORE, Confirm
from .number_origins import NumberOrigins

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QStatusBar, QTabWidget

    from ..controller import OrderController
    from ..credit.credit_desk import CreditDesk
    from ..guards.precaution_guard import PrecautionGuard
    from ..instrument.instrument_lookup import InstrumentLookup
    from ..log.log_panel import LogPanel

_COLORS = {Outcome.REJECTED: "#c62828", Outcome.UNKNOWN: "#e65100", Outcome.NOT_SENT: "#c62828"}


class SendingWindow(Protocol):
    """What the send flow reads of the window (a protocol: the window imports this module, not back)."""

    forms: dict[str, OrderForm]
    tabs: QTabWidget
    controller: OrderController
    log: LogPanel
    instrument_lookup: InstrumentLookup
    precautions: PrecautionGuard
    confirm_action: QAction
    confirm: Confirm
    confirming: dict[str, str]
    credit: CreditDesk

    @property
    def closing(self) -> bool: ...

    @property
    def env(self) -> str: ...

    def target(self) -> Target: ...

    def host(self, target: Target | None = None) -> str: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)

    def refresh_account(self) -> None: ...


def send_texts() -> Mapping[str, str]:
    """What Send says about the stock's lookup (resources/instrument_form.json "send")."""
    return form_texts()["send"]


class SendFlow(QObject):
    def __init__(self, window: SendingWindow, origins: NumberOrigins, refresh_after_ms: int) -> None:
        super().__init__(window)  # type: ignore[arg-type]  (the window is a QObject)
        self._w = window
        self._origins = origins
        self._request_ids = itertools.count(1)
        # request_id → its order (api-id, body, target, KST day of the click), until answered
        self._pending: dict[int, tuple[str, dict[str, str], Target, dt.date]] = {}
        self._unlogged: dict[int, LogRow] = {}  # rows whose order is not on the wire yet (logged when it is)
        self._not_from_form: set[int] = set()  # orders sent by 모두 취소: their answers leave the forms alone
        # why a form's order may not go now (the halt switch: new orders), None when it may; asked at Send
        self.new_order_refusal: Callable[[str], str | None] = lambda api_id: None
        self.refresh_timer = QTimer(self)  # the account once after each answered order (several answers: once)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(refresh_after_ms)
        self.refresh_timer.timeout.connect(window.refresh_account)
        # the journal's history (this day's 확인 필요 orders among it) reaches the log after the first paint: a Send
        # before it says so, and the API thread then looks in the journal itself; None: it could not be read
        self._history: bool | None = False
        c = window.controller
        c.order_sent.connect(self._on_order_sent)
        c.order_done.connect(self._on_order_done)
        c.order_resolved.connect(self._on_order_resolved)

    # --- before sending ------------------------------------------------------------------------
    def _needs_confirm(self) -> bool:
        return self._w.env == "real" or self._w.confirm_action.isChecked()

    def _lookup_pending(self, api_id: str) -> bool:
        """The form's stock has waited for its lookup longer than a lookup's normal time: its name, band and
        warnings are unchecked, so Send asks first (a shorter wait does not: lookups never delay an order)."""
        waited = self._w.instrument_lookup.pending_s(api_id)
        return waited is not None and waited * 1000 >= float(form_texts()["lookup"]["pending_confirm_ms"])

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
        if self._w.target() != target:
            return t["changed_target"]
        return ""

    def _earlier_unknown(self, api_id: str, body: Mapping[str, str], env: str, host: str) -> LogRow | None:
        """An order of this trading day still 확인 필요 with exactly this body: sending again may double it."""
        from ...orders.order_reuse import trading_day

        today = dt.datetime.now(KST).date()
        for row in reversed(self._w.log.model.unknown_rows()):  # not a scan of the whole log: at every click
            if (
                row.outcome is Outcome.UNKNOWN
                and row.api_id == api_id
                and dict(row.request_body) == dict(body)
                and (row.env, row.host) == (env, host)
                and trading_day(row.created_at) == today
            ):
                return row
        return None

    def _halted(self, form: OrderForm, api_id: str) -> bool:
        """The halt switch refuses this order (said on the form and in the status bar, the form freed)."""
        halted = self.new_order_refusal(api_id)
        if halted:
            form.set_busy(False)
            form.show_result(halted, _COLORS[Outcome.REJECTED])
            self._w.statusBar().showMessage(halted, 15000)
        return bool(halted)

    @Slot()
    def send_current(self) -> None:
        form = self._w.tabs.currentWidget()
        if isinstance(form, OrderForm):
            form.request_send()

    @Slot(str, object)
    def send_requested(self, api_id: str, body: dict) -> None:
        w = self._w
        form = w.forms[api_id]
        if w.closing:
            form.set_busy(False)
            return
        if self._halted(form, api_id):  # refused before anything is journalled or sent
            return
        target = w.target()
        elsewhere = self._origins.copied_elsewhere(api_id, body)
        if elsewhere:
            form.set_busy(False)
            w.statusBar().showMessage(elsewhere, 30000)
            return
        host = w.host(target)
        # judged now, with what the log holds now: a history landing during the dialog below was not shown in it
        judged = self._history is not False
        earlier = self._earlier_unknown(api_id, body, target.env, host)
        unreadable = self._history is None  # whether one is 확인 필요 is not known: asked, every time
        warnings = form.confirmation_warnings()  # 투자경고, 신용 불가 …: asked in every environment
        price_kind = form.price_kind  # the grid ``body`` was judged on (an answer may land during the dialog)
        pending = self._lookup_pending(api_id)
        beyond = w.precautions.lines(api_id, body, form)  # 주문 착오 방지: asked in every environment
        credit = w.credit.send_check(api_id, body)  # what the desk last heard: nothing is asked of the host
        must_ask = beyond or (credit and credit.must_ask)
        if self._needs_confirm() or earlier is not None or unreadable or warnings or pending or must_ask:
            name = form.instrument.name if form.instrument is not None else ""
            w.confirming = {
                "warnings": "\n".join(f"⚠ {line}" for line in warnings),
                "pending": f"⚠ {send_texts()['pending']}" if pending else "",
                "precautions": "\n".join(f"⚠ {line}" for line in beyond),
                "summary": form.summary.text(),
                "table": order_table_text(order_rows(api_id, body, name=name)),
                "host": host,
                "origin": self._origins.origin_of(api_id, body),
                "unknown": UNKNOWN_BEFORE.format(time=earlier.when) if earlier is not None
                else send_texts()["history_unreadable"] if unreadable else "",
                "session": "\n".join(f"ⓘ {note}" for note in form.market_notes()),
                "credit": "\n".join(credit.lines) if credit else "",
            }
            if not w.confirm(environment(target.env).label, form.spec.title, body):
                form.set_busy(False)
                w.statusBar().showMessage("주문을 보내지 않았습니다 (확인에서 취소).", 5000)
                return
            if w.closing:  # closed while the dialog was open: nothing goes on (and no target is made anew)
                form.set_busy(False)
                return
            if self._halted(form, api_id):  # switched on while the dialog was open: it holds now
                return
            # the dialog ran an event loop: an answer may have landed meanwhile (a warning, a band, the grid), or a
            # 0s / the clock changed the session, which the form's judged body hears only a frame later: judged now
            if not form.body_still_valid():
                form.revalidate()
            changed = self._changed_since_confirmed(form, body, warnings, price_kind, target)
            if not changed and set(w.precautions.lines(api_id, body, form)) - set(beyond):
                changed = precaution_texts()["changed"]  # e.g. the 현재가 landed meanwhile: a limit now passed
            if not changed and credit is not None and credit.new_reasons(w.credit.send_check(api_id, body)):
                changed = credit_texts()["changed"]  # e.g. the ratio after the last fill landed meanwhile
            if changed:
                form.set_busy(False)
                w.statusBar().showMessage(send_texts()["changed"].format(what=changed), 30000)
                return
        self._submit(api_id, body, target, host, price_kind, unknown_checked=judged)

    def submit(self, api_id: str, body: dict, target: Target, host: str) -> int:
        """An order made elsewhere than a form (모두 취소), already confirmed: sent, journalled and logged as a
        form's order is, its answer shown in the log and the status bar only. Returns its request id."""
        return self._submit(api_id, body, target, host, "stock", from_form=False)

    def _submit(
        self,
        api_id: str,
        body: dict,
        target: Target,
        host: str,
        price_kind: str,
        *,
        from_form: bool = True,
        unknown_checked: bool = True,
    ) -> int:
        """``unknown_checked``: the Send was judged with the journal's history in the log (False: the API thread
        looks in the journal itself). 모두 취소 sends cancels: no second order to fear."""
        request_id = next(self._request_ids)
        if not from_form:
            self._not_from_form.add(request_id)
        waiting = self._w.controller.busy
        clicked_at = now_iso()
        self._pending[request_id] = (api_id, dict(body), target, dt.datetime.now(KST).date())
        # handed to the API thread first; the GUI's own bookkeeping follows (its answer comes through this thread's
        # event loop, so nothing below can miss it)
        self._w.controller.submit(
            OrderRequest(request_id, target, api_id, body, price_kind=price_kind, unknown_checked=unknown_checked)
        )
        self._w.precautions.record_sent(api_id)  # counted for max_orders_per_minute
        row = LogRow(None, clicked_at, target.env, api_id, dict(body), masked_request_headers(api_id), host=host,
                     request_id=request_id)  # fmt: skip
        if from_form:
            self._w.forms[api_id].show_result("")  # the last order's answer is not this one's
        if waiting:  # behind a slow answer: say so now rather than show nothing
            self._log_row(replace(row, message=WAITING_MESSAGE, waiting=True))
        else:
            self._unlogged[request_id] = row
        return request_id

    @property
    def history_known(self) -> bool:
        """The journal's history has reached the log, or could not be read (then every Send asks)."""
        return self._history is not False

    def history_in_log(self, entries: object) -> None:
        """The window has put the journal's history into the log (told after it has, so a history the log could not
        take leaves the API thread checking); ``entries`` None: it could not be read, or not all of it (the rows
        that could follow), and every Send asks — for the rest of the session."""
        self._history = None if entries is None or self._history is None else True

    def unanswered(self) -> list[tuple[str, dict[str, str], Target]]:
        """Every order handed to the API thread and not answered yet (api-id, body, target), logged or not."""
        return [(api_id, dict(body), target) for api_id, body, target, _ in self._pending.values()]

    # --- the log and the answers ---------------------------------------------------------------
    def _log_row(self, row: LogRow) -> None:
        """Append ``row`` after every earlier order's row (the log stays in click order)."""
        earlier = [self._unlogged.pop(i) for i in sorted(self._unlogged) if i < (row.request_id or 0)]
        self._w.log.model.extend([*earlier, row])
        self._w.log.scroll_to_bottom_soon()

    @Slot(int)
    def _on_order_sent(self, request_id: int) -> None:
        row = self._unlogged.pop(request_id, None)
        if row is not None:
            self._log_row(row)
        else:
            self._w.log.model.mark_sent(request_id)

    @Slot(object)
    def _on_order_done(self, done: OrderDone) -> None:
        w = self._w
        order = self._pending.pop(done.request_id, None)
        result = done.result
        from_form = done.request_id not in self._not_from_form
        self._not_from_form.discard(done.request_id)
        if order is not None and not w.closing:
            api_id, body, target, sent_on = order
            if from_form:  # a 모두 취소 answer must not free the form while its own order is on the way
                w.forms[api_id].set_busy(False)  # first: nothing below may leave the form stuck
            self.refresh_timer.start()  # the account after every answer (accepted, rejected or unknown)
            if from_form:
                self._show_on_form(api_id, result)
            if result.outcome is Outcome.ACCEPTED and target == w.target():
                when = dt.datetime.now(KST).strftime("%H:%M:%S")
                self._origins.order_accepted(api_id, body, result.ord_no, when, sent_on)
        row = self._unlogged.pop(done.request_id, None)
        if row is not None:  # answered without going on the wire (refused, not sent)
            self._log_row(row)
        w.log.model.update_request(done.request_id, result, done.journal_id)
        w.log.refresh_detail()
        prefix = f"{w.forms[result.api_id].spec.title if result.api_id in w.forms else result.api_id}"
        prefix += f" {result.outcome.label}"
        if result.ord_no:
            prefix += f" · 주문번호 {result.ord_no}"
        w.statusBar().showMessage(f"{prefix} — {result.message}", 15000)
        style = "color:#e65100; font-weight:bold;" if result.outcome is Outcome.UNKNOWN else ""
        if w.statusBar().styleSheet() != style:  # re-polishing on every answer repaints the window
            w.statusBar().setStyleSheet(style)

    def _show_on_form(self, api_id: str, result) -> None:  # noqa: ANN001 (OrderResult)
        number = f" · 주문번호 {result.ord_no}" if result.ord_no else ""
        when = dt.datetime.now(KST).strftime("%H:%M:%S")
        self._w.forms[api_id].show_result(
            f"{when} {result.outcome.label}{number} — {result.message}", _COLORS.get(result.outcome, "")
        )

    def confirm_candidate(self, row: LogRow, candidate: object) -> None:
        """The user picked a candidate for a 확인 필요 row (after its confirmation): journalled on the API thread
        as their choice, for this environment and host only. Nothing is sent."""
        from ...orders.order_reuse import trading_day

        w = self._w
        if row.id is None or (row.env, row.host) != (w.env, w.host()):
            w.statusBar().showMessage("다른 환경·호스트의 주문입니다: 그 환경으로 바꾼 뒤 고르세요.", 15000)
            return
        if trading_day(row.created_at) != dt.datetime.now(KST).date():  # a number is good on its own day only
            w.statusBar().showMessage("지난 거래일의 주문입니다: 그날의 주문번호는 오늘 고를 수 없습니다.", 15000)
            return
        w.controller.confirm_candidate(w.target(), row.id, candidate)

    @Slot(object)
    def _on_order_resolved(self, resolved: OrderResolved) -> None:
        w = self._w
        outcome = Outcome.CONFIRMED if resolved.ord_no else None
        row = w.log.model.resolve(
            resolved.journal_id, outcome, resolved.ord_no, resolved.message, resolved.candidates
        )
        if row is not None:
            w.log.refresh_detail()
        label = f"주문번호 {resolved.ord_no} 접수 확인" if resolved.ord_no else "확인 필요 주문"
        w.statusBar().showMessage(f"{label} — {resolved.message}", 30000)
        w.statusBar().setStyleSheet("" if resolved.ord_no else "color:#e65100; font-weight:bold;")
        if resolved.ord_no:
            w.refresh_account()
