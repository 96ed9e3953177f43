"""UnknownOrders: looking for orders of unknown outcome, on the API thread beside the AccountTasks.

Evidence comes from three places — the search's own kt00007 pages (on a schedule, and once more at the
order's settle time), the 주문·체결 tab's refreshes (the whole day's list) and live 접수 events — and every
piece is judged by :func:`kiwoom_gui.account.attribution.judge`, the one rule. Only its proof credits an
order; candidates are announced (log row, detail pane) for the user to settle. "접수되지 않은 것으로 보임"
is an opinion: the order stays watched for the rest of its trading day and a later proof still credits it.
Nothing here ever sends an order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ...base.error_words import reason_in_korean
from ...base.payloads import OrderResolved, Target
from ...base.resources_io import load_json

if TYPE_CHECKING:
    from ...account.attribution import Candidate, Seen, Verdict
    from ...account.reconcile import Intent
    from ...account.rows import Packed
    from ...host.client import KiwoomClient
    from ...records.journal import Journal

_RATE_LIMIT_TRIES = 3


@dataclass
class _Watch:
    """One order of unknown outcome being watched: its settle time and what was last announced of it."""

    intent: Intent
    target: Target
    request_id: int | None
    settle_at: dt.datetime | None
    live_seen: dict = field(default_factory=dict)  # number → Seen, from 접수 events
    live_covered: bool = False  # the live session was up since before the intent: no 접수 of it was missed
    said: frozenset = frozenset()  # the candidate numbers last announced


@dataclass
class _Search:
    watch: _Watch
    last: bool
    next_key: str = ""
    pages: int = 0
    rate_limited: int = 0
    rows: list = field(default_factory=list)


class UnknownOrders(QObject):
    order_resolved = Signal(object)  # OrderResolved
    _search_step = Signal(object)  # _Search: its next page, a turn of the queue (orders first)

    def __init__(
        self,
        client_for: Callable[[Target], KiwoomClient],
        journal: Callable[[], Journal | None],
        stopping: Callable[[], bool],
        clock: Callable[[], dt.datetime],
        max_pages: int,
        parent: QObject | None = None,
        schedule: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        """``schedule(step)``: run ``step`` (one page) at its turn on this thread (the worker's queue: orders
        first); by default a queue of its own."""
        super().__init__(parent)
        if schedule is None:
            from ..api_queue import ApiQueue

            schedule = ApiQueue(parent=self).add_page
        self._schedule = schedule
        self._client_for, self._journal, self._stopping, self._clock = client_for, journal, stopping, clock
        self._max_pages = max_pages
        self._watches: dict[int, _Watch] = {}
        # emitted on this thread only (pages, pacing timers, retries): each adds one turn to the queue
        self._search_step.connect(self._queue_search, Qt.ConnectionType.DirectConnection)

    def _texts(self) -> dict:
        return load_json("account_views.json")["reconcile"]

    # --- what starts a watch ------------------------------------------------------------------------
    def look_for(self, intent: Intent, target: Target, request_id: int | None = None) -> None:
        """Watch ``intent``: look in today's orders (kt00007, newest first, that stock) on the schedule and once
        more at its settle time; an intent an earlier run already looked for to the end is only watched."""
        from ...account import reconcile
        from ...account.attribution import settle_time

        if intent.journal_id in self._watches:
            return
        try:
            settle_at = settle_time(intent, self._client_for(target).deadline)
        except Exception:
            settle_at = None
        watch = _Watch(intent, target, request_id, settle_at)
        self._watches[intent.journal_id] = watch
        if intent.looked_for:
            return
        delays = list(reconcile.RECONCILE_SCHEDULE_S)
        if settle_at is not None:
            at_settle = (settle_at - self._clock()).total_seconds() + 0.2
            if at_settle > delays[-1]:
                delays.append(at_settle)  # the last try is after the in-flight window: the one that may credit
        for i, delay in enumerate(delays):
            last = i == len(delays) - 1
            QTimer.singleShot(int(max(delay, 0) * 1000), self, lambda w=watch, last=last: self._try_once(w, last))

    @Slot(object)
    def pending_unknowns(self, target: Target) -> None:
        """At start-up or on an environment switch: watch this trading day's unknown orders at ``target``."""
        journal = self._journal()
        if journal is None:
            return
        try:
            host = self._client_for(target).base_url
            intents = journal.unknown_today(target.env, host, self._clock().date(), looked_for=True)
        except Exception:
            return
        for intent in intents:
            self.look_for(intent, target)

    # --- the search's own pages ----------------------------------------------------------------------
    def _try_once(self, watch: _Watch, last: bool) -> None:
        if self._watches.get(watch.intent.journal_id) is not watch or self._stopping():
            return
        if last and watch.settle_at is not None:
            early = (watch.settle_at - self._clock()).total_seconds()
            if early > 0:  # a coarse timer may fire a little early: the last try is the one after the window
                QTimer.singleShot(int(early * 1000) + 50, self, lambda: self._try_once(watch, last))
                return
        self._queue_search(_Search(watch, last))

    @Slot(object)
    def _queue_search(self, search: _Search) -> None:
        self._schedule(lambda: self._search_page(search))

    def _search_page(self, search: _Search) -> None:
        """One page of today's orders (that stock, newest first) per queued step: an order clicked meanwhile goes
        first. The whole list is read before judging: a twin on a later page is a second candidate."""
        from ...account.rows import AccountRow, list_items

        watch = search.watch
        if self._watches.get(watch.intent.journal_id) is not watch or self._stopping():
            return
        try:
            client = self._client_for(watch.target)
            delay = client.query_delay("kt00007")
            if delay > 0:  # paced: try again when allowed, never sleep in front of an order
                QTimer.singleShot(int(delay * 1000) + 1, self, lambda: self._search_step.emit(search))
                return
            body = {
                "ord_dt": self._clock().strftime("%Y%m%d"),
                "qry_tp": "2",  # 역순: the newest first
                "stk_bond_tp": "0",
                "sell_tp": "0",
                "stk_cd": watch.intent.body.get("stk_cd", ""),
                "fr_ord_no": "",
                "dmst_stex_tp": "%",
            }
            page = client.query_page("kt00007", body, search.next_key, tries=1, items=list_items("kt00007"))
        except Exception as exc:
            return self._judge_search(search, failed=reason_in_korean(exc))
        if not page.ok and page.rate_limited and search.rate_limited < _RATE_LIMIT_TRIES:
            search.rate_limited += 1
            wait_ms = int(max(client.query_delay("kt00007"), 0.2) * 1000)
            QTimer.singleShot(wait_ms, self, lambda: self._search_step.emit(search))
            return
        if not page.ok:
            return self._judge_search(search, failed=page.message)
        search.pages += 1
        search.rate_limited = 0
        search.rows.extend(AccountRow(p) for p in page.items or ())
        if page.cont and page.next_key:
            if search.pages >= self._max_pages:
                return self._judge_search(search, failed=f"{search.pages}쪽 넘게 이어짐")
            search.next_key = page.next_key
            self._search_step.emit(search)
            return
        self._judge_search(search)

    def _judge_search(self, search: _Search, failed: str = "") -> None:
        from ...account.attribution import candidates_text, seen_in_row

        watch = search.watch
        now = self._clock().strftime("%H:%M:%S")
        verdict = None
        if not failed:
            verdict = self._verdict(watch, [seen_in_row(r) for r in search.rows if r.api_id == "kt00007"])
            if verdict is None:
                failed = "주문 기록을 읽을 수 없음"
        if verdict is not None and verdict.proven is not None:
            return self._credit(watch, verdict.proven.ord_no, self._texts()["found"])
        if not search.last:
            if verdict is not None:
                self._announce(watch, verdict, final=False)
            return
        texts = self._texts()
        if failed:  # nothing can be said: it stays 확인 필요, watched and looked for again at the next start
            how = texts["unreadable"].format(time=now, reason=failed)
        elif verdict is not None and verdict.candidates:
            how = texts["ambiguous"].format(time=now, candidates=candidates_text(verdict.candidates))
        else:
            how = texts["not_found"].format(time=now)
            self._record(watch.intent.journal_id, None, how)
        candidates = verdict.candidates if verdict is not None else ()
        watch.said = frozenset(c.ord_no for c in candidates)
        self._emit(watch, None, how, candidates, final=True)

    # --- evidence from elsewhere -------------------------------------------------------------------------
    @Slot(object, object, bool)
    def list_read(self, target: Target, rows: Sequence[Packed], complete: bool) -> None:
        """The 주문·체결 tab read today's whole list (all stocks, packed rows): every watched order there is
        judged again."""
        from ...account.attribution import seen_in_row
        from ...account.rows import AccountRow

        if not complete:
            return
        watches = [w for w in self._watches.values() if w.target == target]
        if not watches:
            return
        seen = [seen_in_row(r) for r in map(AccountRow, rows) if r.api_id == "kt00007"]
        for watch in watches:
            self._judge_evidence(watch, seen, self._texts()["found"])

    @Slot(object, object, object)
    def live_accepted(self, target: Target, events: list, live_since: dt.datetime | None) -> None:
        """접수 events (live 00): the host's clock is read from their times; each watched order gathers the ones
        that could be it until its settle time. They answer it alone only if the live session was up since
        before its intent (none of its 접수 can have been missed); otherwise they make the list be read again."""
        from ...account.attribution import compare, seen_in_event
        from ...account.reconcile import intent_time_kst

        watches = [w for w in self._watches.values() if w.target == target]
        if not watches or not events:
            return
        try:
            client = self._client_for(target)
        except Exception:
            return
        now = self._clock()
        seen = [seen_in_event(e) for e in events]
        for s in seen:
            if s.time is not None:
                hour, minute, second = (int(p) for p in s.time.split(":"))
                stamped = dt.datetime.combine(now.date(), dt.time(hour, minute, second), now.tzinfo)
                client.http.clock.observe_event(stamped.timestamp(), now.timestamp())
        offset = client.http.clock.offset()
        for watch in watches:
            fitting = {s.ord_no: s for s in seen if s.ord_no and compare(watch.intent, s, offset) is not None}
            if not fitting:
                continue
            since = watch.settle_at
            intent_at = intent_time_kst(watch.intent)
            first = not watch.live_seen
            watch.live_seen.update(fitting)
            watch.live_covered = live_since is not None and intent_at is not None and live_since <= intent_at
            if since is None or not watch.live_covered:
                self._try_once(watch, False)  # the list decides, not these events alone
                continue
            left = (since - now).total_seconds()
            if left <= 0:
                self._settle(watch)
            elif first:
                QTimer.singleShot(int(left * 1000) + 1, self, lambda w=watch: self._settle(w))

    def _settle(self, watch: _Watch) -> None:
        """The settle time of an order whose 접수 events came: they name candidates (a 00 event carries no
        통신구분, so it cannot show the order is not one placed in 영웅문), and today's list is read to decide."""
        if self._watches.get(watch.intent.journal_id) is watch and not self._stopping():
            self._judge_evidence(watch, list(watch.live_seen.values()), self._texts()["found_live"])
            if self._watches.get(watch.intent.journal_id) is watch:
                self._try_once(watch, False)

    def _judge_evidence(self, watch: _Watch, seen: list[Seen], found_text: str) -> None:
        verdict = self._verdict(watch, seen)
        if verdict is None:
            return
        if verdict.proven is not None:
            self._credit(watch, verdict.proven.ord_no, found_text)
        else:
            self._announce(watch, verdict, final=False)

    # --- judging and saying -------------------------------------------------------------------------------
    def _verdict(self, watch: _Watch, seen: list[Seen]) -> Verdict | None:
        from ...account.attribution import judge

        journal = self._journal()
        if journal is None:
            return None
        intent = watch.intent
        try:
            client = self._client_for(watch.target)
            known = journal.known_order_numbers(intent.env, intent.host, self._clock().date())
            offset = client.http.clock.offset()
        except Exception:
            return None
        rivals = [w.intent for w in self._watches.values() if w.target == watch.target and w is not watch]
        now = self._clock()
        return judge(intent, seen, known, offset, now, watch.settle_at, rivals, today=now.date())

    def _announce(self, watch: _Watch, verdict: Verdict, *, final: bool) -> None:
        """Candidates, when they changed: before the settle time "not yet", after it "not proven"."""
        from ...account.attribution import candidates_text

        numbers = frozenset(c.ord_no for c in verdict.candidates)
        if not numbers or numbers == watch.said:
            return
        watch.said = numbers
        texts, now = self._texts(), self._clock()
        listed = candidates_text(verdict.candidates)
        if watch.settle_at is not None and now < watch.settle_at:
            settle = f"{watch.settle_at:%H:%M:%S}"
            how = texts["waiting"].format(time=f"{now:%H:%M:%S}", settle=settle, candidates=listed)
        else:
            how = texts["ambiguous"].format(time=f"{now:%H:%M:%S}", candidates=listed)
        self._emit(watch, None, how, verdict.candidates, final=final)

    def _credit(self, watch: _Watch, ord_no: str, text: str) -> None:
        how = text.format(time=self._clock().strftime("%H:%M:%S"), ord_no=ord_no)
        self._watches.pop(watch.intent.journal_id, None)
        self._record(watch.intent.journal_id, ord_no, how)
        self._emit(watch, ord_no, how, (), final=True)

    def _emit(self, watch: _Watch, ord_no: str | None, how: str, candidates: tuple, *, final: bool) -> None:
        self.order_resolved.emit(
            OrderResolved(watch.intent.journal_id, watch.request_id, ord_no, how, final, tuple(candidates))
        )

    def _record(self, journal_id: int, ord_no: str | None, how: str) -> None:
        journal = self._journal()
        if journal is None:
            return
        try:
            journal.record_reconciliation(journal_id, ord_no, how)
        except Exception:
            pass  # the log still shows it; the journal keeps 확인 필요

    # --- the user's choice -------------------------------------------------------------------------------
    @Slot(object, int, object)
    def confirm_candidate(self, target: Target, journal_id: int, candidate: Candidate) -> None:
        """The user picked ``candidate`` as the order of ``journal_id`` (after a confirmation naming it): the
        journal records that the user chose it — unless the number is already another order's, or the order
        is no longer of unknown outcome. Nothing is sent."""
        journal = self._journal()
        texts = self._texts()
        now = self._clock()
        if journal is None:
            return
        fields = ", ".join(f"{c.label} {c.seen}" for c in candidate.checks)
        how = texts["user_chose"].format(
            time=f"{now:%H:%M:%S}", ord_no=candidate.ord_no, placed=candidate.time, fields=fields
        )
        try:
            done = journal.record_user_choice(journal_id, candidate.ord_no, how, now.date())
        except Exception:
            done = False
        watch = self._watches.pop(journal_id, None) if done else self._watches.get(journal_id)
        request_id = watch.request_id if watch is not None else None
        if not done:
            refused = texts["user_refused"].format(ord_no=candidate.ord_no)
            self.order_resolved.emit(OrderResolved(journal_id, request_id, None, refused, False, (candidate,)))
            return
        self.order_resolved.emit(OrderResolved(journal_id, request_id, candidate.ord_no, how, True))
