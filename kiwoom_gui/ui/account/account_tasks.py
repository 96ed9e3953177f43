"""AccountTasks: account queries and the search for orders of unknown outcome, on the API thread.

It lives beside the :class:`ApiWorker` on the same thread and shares its clients, so a query and an
order never run at once. Every page — of a refresh or of a search — is one turn of the thread's
:class:`~kiwoom_gui.ui.api_queue.ApiQueue`, which takes a waiting order before any page: an order clicked
at any moment leaves after at most the request already in flight, however many refreshes are waiting.
Nothing here ever sends an order: an unknown order is looked for in kt00007, never resent.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ...base.kst import KST
from ...base.payloads import OrderResolved, QueryDone, QueryRequest, Target
from ...base.resources_io import load_json

if TYPE_CHECKING:
    from ...account.reconcile import Intent
    from ...host.client import KiwoomClient
    from ...records.journal import Journal


_RATE_LIMIT_TRIES = 3  # a page refused for the rate limit is asked again at most this often


def kst_now() -> dt.datetime:
    return dt.datetime.now(KST)


@dataclass
class _Run:
    """One view's refresh in progress: which query of the plan, which page, what arrived so far."""

    request: QueryRequest
    plan: list[tuple[str, dict[str, str], str]]  # (api_id, body, venue of the query)
    step: int = 0
    next_key: str = ""
    pages: int = 0
    rate_limited: int = 0  # times the host said "too many requests" for the page in hand
    rows: list = field(default_factory=list)
    account: str | None = None
    started: float = field(default_factory=time.monotonic)


@dataclass
class _Search:
    """One try at finding an order of unknown outcome: the pages of today's orders read so far."""

    intent: Intent
    target: Target
    request_id: int | None
    last: bool
    next_key: str = ""
    pages: int = 0
    rate_limited: int = 0
    rows: list = field(default_factory=list)


class AccountTasks(QObject):
    query_done = Signal(object)  # QueryDone
    order_resolved = Signal(object)  # OrderResolved
    _continue = Signal(object)  # _Run: its next page, a turn of the queue (orders first)
    _search_step = Signal(object)  # _Search: its next page, likewise

    def __init__(
        self,
        client_for: Callable[[Target], KiwoomClient],
        journal: Callable[[], Journal | None],
        stopping: Callable[[], bool],
        parent: QObject | None = None,
        clock: Callable[[], dt.datetime] = kst_now,
        schedule: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        """``schedule(step)``: run ``step`` (one page) at its turn on this thread — the worker's queue, where
        orders go first; by default a queue of its own (no orders)."""
        super().__init__(parent)
        if schedule is None:
            from ..api_queue import ApiQueue

            schedule = ApiQueue(parent=self).add_page
        self._schedule = schedule
        self._client_for, self._journal, self._stopping, self._clock = client_for, journal, stopping, clock
        data = load_json("account_views.json")
        self._views, self._account, self._max_pages = data["views"], data["account"], int(data["max_pages"])
        self._running: dict[tuple[str, str, str | None], _Run] = {}  # one refresh per view and target
        self._searching: set[int] = set()  # journal ids being looked for
        self._intents: dict[int, tuple[Intent, Target, int | None]] = {}  # the same, for live 접수 events
        self._live_seen: dict[int, dict[str, object]] = {}  # journal id → 접수 events that fit it, until settled
        # emitted on this thread only (pages, pacing timers, retries): each adds one turn to the queue
        self._continue.connect(self._queue_page, Qt.ConnectionType.DirectConnection)
        self._search_step.connect(self._queue_search, Qt.ConnectionType.DirectConnection)

    # --- queries -----------------------------------------------------------------------------
    def _plan(self, view: str) -> list[tuple[str, dict[str, str], str]]:
        today = self._clock().strftime("%Y%m%d")
        queries = [self._account] if view == "account" else self._views[view]["queries"]
        plan = []
        for q in queries:
            body = {k: (today if v == "{today}" else v) for k, v in q["body"].items()}
            plan.append((q["api_id"], body, body.get("dmst_stex_tp", "") if body.get("dmst_stex_tp") != "%" else ""))
        return plan

    @Slot(object)
    def query(self, request: QueryRequest) -> None:
        key = (request.view, request.target.env, request.target.base_url)
        if key in self._running:  # already refreshing: the running one answers this click too
            return
        run = _Run(request, self._plan(request.view))
        self._running[key] = run
        self._queue_page(run)  # never sent here: an order clicked meanwhile goes first

    @Slot(object)
    def _queue_page(self, run: _Run) -> None:
        self._schedule(lambda: self._page(run))

    @Slot(object)
    def _queue_search(self, search: _Search) -> None:
        self._schedule(lambda: self._search_page(search))

    def _page(self, run: _Run) -> None:
        from ...account.rows import account_number, parse_rows

        request = run.request
        target = request.target
        if self._stopping():
            return self._finish(run, error="프로그램을 닫는 중")
        try:
            client = self._client_for(target)
        except Exception as exc:
            return self._finish(run, error=str(exc))
        api_id, body, venue = run.plan[run.step]
        delay = client.query_delay(api_id)
        if delay > 0:  # paced: wait on a timer, not in a sleep, so an order clicked meanwhile goes first
            QTimer.singleShot(int(delay * 1000) + 1, self, lambda: self._continue.emit(run))
            return
        try:
            page = client.query_page(api_id, body, run.next_key, tries=1)
        except Exception as exc:  # a bug must not leave the view "조회 중" for ever
            return self._finish(run, error=type(exc).__name__)
        if not page.ok and page.rate_limited and run.rate_limited < _RATE_LIMIT_TRIES:
            run.rate_limited += 1  # a query is safe to ask again; the pacer has backed off
            QTimer.singleShot(int(max(client.query_delay(api_id), 0.2) * 1000), self, lambda: self._continue.emit(run))
            return
        run.pages += 1
        run.rate_limited = 0
        if not page.ok:
            return self._finish(run, error=page.message)
        if request.view == "account":
            run.account = account_number(page.rows_body or {})
            return self._finish(run)
        run.rows.extend((row, venue) for row in parse_rows(api_id, page.rows_body or {}))
        if page.cont and page.next_key:
            if run.pages >= self._max_pages:
                return self._finish(run, complete=False)
            run.next_key = page.next_key
            self._continue.emit(run)  # a turn of its own: an order waiting now goes first
            return
        run.step, run.next_key = run.step + 1, ""
        if run.step < len(run.plan):
            self._continue.emit(run)
            return
        self._finish(run)

    def _finish(self, run: _Run, *, error: str = "", complete: bool = True) -> None:
        request = run.request
        self._running.pop((request.view, request.target.env, request.target.base_url), None)
        host = ""
        try:
            host = self._client_for(request.target).base_url
        except Exception:
            pass
        texts = None
        if not error and request.view in self._views:
            from ...account.display import table_texts

            texts = table_texts(run.rows, [key for key, _ in self._views[request.view]["columns"]])
        self.query_done.emit(
            QueryDone(
                view=request.view,
                env=request.target.env,
                host=host,
                rows=None if error else tuple(run.rows),
                complete=complete and not error,
                pages=run.pages,
                fetched_at=self._clock().strftime("%H:%M:%S"),
                error=error,
                account=run.account,
                texts=texts,
                started=run.started,
            )
        )

    # --- unknown outcomes ----------------------------------------------------------------------
    def look_for(self, intent: Intent, target: Target, request_id: int | None = None) -> None:
        """Look for ``intent`` in today's orders (kt00007, newest first, that stock) on the schedule;
        record and announce what was found, or that nothing was after the last try."""
        from ...account.reconcile import RECONCILE_SCHEDULE_S

        if intent.journal_id in self._searching:
            return
        self._searching.add(intent.journal_id)
        self._intents[intent.journal_id] = (intent, target, request_id)
        schedule = list(RECONCILE_SCHEDULE_S)
        for i, delay in enumerate(schedule):
            last = i == len(schedule) - 1
            QTimer.singleShot(
                int(delay * 1000), self, lambda last=last: self._try_once(intent, target, request_id, last)
            )

    @Slot(object)
    def pending_unknowns(self, target: Target) -> None:
        """At start-up or on an environment switch: look for this trading day's unknown orders at
        ``target`` (those a crash or a timeout left)."""
        journal = self._journal()
        if journal is None:
            return
        try:
            host = self._client_for(target).base_url
            intents = journal.unknown_today(target.env, host, self._clock().date())
        except Exception:
            return
        for intent in intents:
            self.look_for(intent, target)

    def _try_once(self, intent: Intent, target: Target, request_id: int | None, last: bool) -> None:
        if intent.journal_id in self._searching and not self._stopping():
            self._queue_search(_Search(intent, target, request_id, last))

    @Slot(object)
    def _search_page(self, search: _Search) -> None:
        """One page of today's orders (kt00007, newest first, that stock) per queued step: an order clicked
        meanwhile goes first. The whole list is read before judging: a twin on a later page is no answer."""
        from ...account.rows import parse_rows

        if search.intent.journal_id not in self._searching or self._stopping():
            return
        try:
            client = self._client_for(search.target)
            delay = client.query_delay("kt00007")
            if delay > 0:  # paced: try again when allowed, never sleep in front of an order
                QTimer.singleShot(int(delay * 1000) + 1, self, lambda: self._search_step.emit(search))
                return
            body = {
                "ord_dt": self._clock().strftime("%Y%m%d"),
                "qry_tp": "2",  # 역순: the newest first
                "stk_bond_tp": "0",
                "sell_tp": "0",
                "stk_cd": search.intent.body.get("stk_cd", ""),
                "fr_ord_no": "",
                "dmst_stex_tp": "%",
            }
            page = client.query_page("kt00007", body, search.next_key, tries=1)
        except Exception as exc:
            return self._judge(search, failed=type(exc).__name__)
        if not page.ok and page.rate_limited and search.rate_limited < _RATE_LIMIT_TRIES:
            search.rate_limited += 1
            wait_ms = int(max(client.query_delay("kt00007"), 0.2) * 1000)
            QTimer.singleShot(wait_ms, self, lambda: self._search_step.emit(search))
            return
        if not page.ok:
            return self._judge(search, failed=page.message)
        search.pages += 1
        search.rate_limited = 0
        search.rows.extend(parse_rows("kt00007", page.rows_body or {}))
        if page.cont and page.next_key:
            if search.pages >= self._max_pages:
                return self._judge(search, failed=f"{search.pages}쪽 넘게 이어짐")
            search.next_key = page.next_key
            self._search_step.emit(search)
            return
        self._judge(search)

    def _judge(self, search: _Search, failed: str = "") -> None:
        """What this try found: one order (접수 확인), several (no answer), none — and only after a last try
        that read the whole list is 'not received' said; a try that could not read it says so instead."""
        from ...account.reconcile import matches

        intent = search.intent
        journal = self._journal()
        texts = load_json("account_views.json")["reconcile"]
        now = self._clock().strftime("%H:%M:%S")
        candidates: dict[str, object] = {}
        if not failed and journal is not None:
            try:
                known = journal.known_order_numbers(intent.env, intent.host, self._clock().date())
                for row in search.rows:
                    if matches(intent, row, known, today=self._clock().date()) and row.ord_no:
                        candidates[row.ord_no] = row
            except Exception as exc:
                failed = type(exc).__name__
        if len(candidates) == 1:
            (ord_no,) = candidates
            self._forget(intent.journal_id)
            how = texts["found"].format(time=now, ord_no=ord_no)
            self._record(journal, intent.journal_id, ord_no, how)
            self.order_resolved.emit(OrderResolved(intent.journal_id, search.request_id, ord_no, how, True))
            return
        if not search.last:
            return
        self._forget(intent.journal_id)
        if failed:  # nothing can be said about the order: it stays 확인 필요, looked for again at next start
            how = texts["unreadable"].format(time=now, reason=failed)
        elif candidates:
            how = texts["ambiguous"].format(time=now, numbers=", ".join(sorted(candidates)))
        else:
            how = texts["not_found"].format(time=now)
            self._record(journal, intent.journal_id, None, how)
        self.order_resolved.emit(OrderResolved(intent.journal_id, search.request_id, None, how, True))

    def _forget(self, journal_id: int) -> None:
        self._searching.discard(journal_id)
        self._intents.pop(journal_id, None)
        self._live_seen.pop(journal_id, None)

    @Slot(object, object, object)
    def live_accepted(self, target: Target, rows: list, live_since: dt.datetime | None) -> None:
        """접수 events of the live connection (kt00007-shaped rows) that fit an order of unknown outcome at
        ``target`` by the query's rule. They are gathered until the order's settle time (its intent + the
        request deadline + a grace): a slow host may place our order after the answer timed out, and an
        identical order placed meanwhile elsewhere must meet ours there, making two candidates and no answer.
        At settle time one candidate, claimed by no other unknown order, resolves it — only if the connection
        was logged in since before the intent (its own 접수 cannot have been missed). An order older than the
        session is looked for in today's whole list instead. Runs on the API thread after any order in flight
        has been journalled, so an order's own 접수 is never mistaken for another's."""
        from ...account.reconcile import intent_time_kst, matches

        journal = self._journal()
        waiting = [(i, t, r) for i, t, r in self._intents.values() if t == target]
        if journal is None or not waiting or not rows:
            return
        today = self._clock().date()
        try:
            client = self._client_for(target)
            known = journal.known_order_numbers(target.env, client.base_url, today)
        except Exception:
            return
        grace = float(load_json("reconcile.json")["settle_grace_s"])
        for intent, _, request_id in waiting:
            found = {r.ord_no: r for r in rows if r.ord_no and matches(intent, r, known, today=today)}
            if not found:
                continue
            since = intent_time_kst(intent)
            if live_since is None or since is None or since < live_since:
                self._try_once(intent, target, request_id, False)  # the list decides, not this one event
                continue
            settle_at = since + dt.timedelta(seconds=client.deadline + grace)
            left = (settle_at - self._clock()).total_seconds()
            if left <= 0:  # ours would have come by now: a late lone 접수 is no answer; the list decides
                self._try_once(intent, target, request_id, False)
                continue
            first = intent.journal_id not in self._live_seen
            self._live_seen.setdefault(intent.journal_id, {}).update(found)
            if first:
                QTimer.singleShot(int(left * 1000) + 1, self, lambda j=intent.journal_id: self._settle(j))

    def _settle(self, journal_id: int) -> None:
        """The settle time of an unknown order: the 접수 events gathered for it answer it if there is exactly
        one, and no other order being looked for claims the same number."""
        seen = self._live_seen.get(journal_id)
        waiting = self._intents.get(journal_id)
        journal = self._journal()
        if not seen or waiting is None or journal is None or len(seen) != 1 or self._stopping():
            return
        (ord_no,) = seen
        if any(ord_no in other for jid, other in self._live_seen.items() if jid != journal_id):
            return  # one 접수 that could be either of two unknown orders answers neither
        intent, _, request_id = waiting
        try:
            if ord_no in journal.known_order_numbers(intent.env, intent.host, self._clock().date()):
                return  # credited meanwhile to an order whose answer came
        except Exception:
            return
        self._forget(journal_id)
        texts = load_json("account_views.json")["reconcile"]
        how = texts["found_live"].format(time=self._clock().strftime("%H:%M:%S"), ord_no=ord_no)
        self._record(journal, journal_id, ord_no, how)
        self.order_resolved.emit(OrderResolved(journal_id, request_id, ord_no, how, True))

    def _record(self, journal: Journal | None, journal_id: int, ord_no: str | None, how: str) -> None:
        if journal is None:
            return
        try:
            journal.record_reconciliation(journal_id, ord_no, how)
        except Exception:
            pass  # the log still shows it; the journal keeps 확인 필요
