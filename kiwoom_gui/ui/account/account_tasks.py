"""AccountTasks: account queries and the search for orders of unknown outcome, on the API thread.

It lives beside the :class:`ApiWorker` on the same thread and shares its clients, so a query and an
order never run at once. Every page — of a refresh or of a search — is one turn of the thread's
:class:`~kiwoom_gui.ui.api_queue.ApiQueue`, which takes a waiting order before any page: an order clicked
at any moment leaves after at most the request already in flight, however many refreshes are waiting.
Nothing here ever sends an order: an order of unknown outcome is looked for (:mod:`.unknown_orders`), never resent.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ...base.error_words import reason_in_korean
from ...base.kst import KST
from ...base.payloads import QueryDone, QueryRequest, Target
from ...base.resources_io import load_json
from .unknown_orders import UnknownOrders

if TYPE_CHECKING:
    from ...account.reconcile import Intent
    from ...host.client import KiwoomClient
    from ...records.journal import Journal


_RATE_LIMIT_TRIES = 3  # a page refused for the rate limit is asked again at most this often


def _loans_text(key: str) -> str:
    from ...loans.lots import texts

    return texts()[key]


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
    rows: list = field(default_factory=list)  # packed rows (account.rows.pack_rows)
    account: str | None = None
    missing: dict[str, str] = field(default_factory=dict)  # optional api-id → why it said nothing (Korean)
    started: float = field(default_factory=time.monotonic)
    # KST HH:MM:SS its first page was asked: the list is stamped with it, the earliest moment it can show — a page
    # on the wire while an order leaves beside it (ApiQueue.run_aside) lands after that order, without it
    asked: str = ""


class AccountTasks(QObject):
    query_done = Signal(object)  # QueryDone
    order_resolved = Signal(object)  # OrderResolved
    _continue = Signal(object)  # _Run: its next page, a turn of the queue (orders first)

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
        # (env, base URL, api-id) a host refused as not offered (RC9000, the mock host): not asked again this session
        self._not_offered: set[tuple[str, str | None, str]] = set()
        # emitted on this thread only (pages, pacing timers, retries): each adds one turn to the queue
        self._continue.connect(self._queue_page, Qt.ConnectionType.DirectConnection)
        self.unknown = UnknownOrders(client_for, journal, stopping, clock, self._max_pages, self, schedule=schedule)
        self.unknown.order_resolved.connect(self.order_resolved)

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
        for api_id, _, _ in run.plan:
            if (request.target.env, request.target.base_url, api_id) in self._not_offered:
                run.missing[api_id] = _loans_text("not_offered")
        run.plan = [step for step in run.plan if step[0] not in run.missing]
        self._running[key] = run
        self._queue_page(run)  # never sent here: an order clicked meanwhile goes first

    @Slot(object)
    def _queue_page(self, run: _Run) -> None:
        self._schedule(lambda: self._page(run))

    def _page(self, run: _Run) -> None:
        from ...account.rows import account_number, list_items, pack_rows

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
        if not run.asked:
            run.asked = self._clock().strftime("%H:%M:%S")
        try:
            # rows packed item by item as the page is decoded: no single decode holds the GIL for a page
            page = client.query_page(api_id, body, run.next_key, tries=1, items=list_items(api_id, venue), aside=True)
        except Exception as exc:  # a bug must not leave the view "조회 중" for ever
            return self._finish(run, error=reason_in_korean(exc))
        if not page.ok and page.rate_limited and run.rate_limited < _RATE_LIMIT_TRIES:
            run.rate_limited += 1  # a query is safe to ask again; the pacer has backed off
            QTimer.singleShot(int(max(client.query_delay(api_id), 0.2) * 1000), self, lambda: self._continue.emit(run))
            return
        run.pages += 1
        run.rate_limited = 0
        if not page.ok and self._optional(request.view, api_id):  # the view stands without it; its columns say why
            return self._skip_optional(run, api_id, page.message)
        if not page.ok:
            return self._finish(run, error=page.message)
        if request.view == "account":
            run.account = account_number(page.rows_body or {})
            return self._finish(run)
        # packed: nothing for the GC to walk
        run.rows.extend(page.items if page.items is not None else pack_rows(api_id, page.rows_body or {}, venue))
        if page.cont and page.next_key:
            if run.pages >= self._max_pages:
                return self._finish(run, complete=False)
            run.next_key = page.next_key
            self._continue.emit(run)  # queued: an order waiting now goes first
            return
        run.step, run.next_key = run.step + 1, ""
        if run.step < len(run.plan):
            self._continue.emit(run)
            return
        self._finish(run)

    def _optional(self, view: str, api_id: str) -> bool:
        queries = self._views.get(view, {}).get("queries", [])
        return any(q["api_id"] == api_id and q.get("optional") for q in queries)

    def _skip_optional(self, run: _Run, api_id: str, message: str) -> None:
        from ...loans.lots import data

        target = run.request.target
        if any(mark in message for mark in data()["not_offered_marks"]):
            self._not_offered.add((target.env, target.base_url, api_id))
            run.missing[api_id] = _loans_text("not_offered")
        else:  # asked again at the next refresh
            run.missing[api_id] = _loans_text("failed").format(reason=message)
        run.rows = [p for p in run.rows if p[0] != api_id]  # (packed: api-id first) a part of its list is not its list
        later = [step for step in run.plan[run.step + 1 :] if step[0] != api_id]  # its other venues: not asked
        run.plan = run.plan[: run.step + 1] + later
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
        if not error and run.rows and any(api_id == "kt00007" for api_id, _, _ in run.plan):
            # today's whole list: every order still of unknown outcome is judged on it again (packed rows: a
            # list of 60,000 row objects the collector must walk would hold the GIL for ~10 ms a collection)
            self.unknown.list_read(request.target, run.rows, complete)
        rows = run.rows
        if not error and request.view == "loan_lots":  # ka10085's loans, with kt00005's figures where it answered
            from ...account.rows import as_pair, packed_pair
            from ...loans.lots import REMN_API, build_lots, lot_texts

            lots = build_lots([as_pair(p) for p in run.rows], run.missing.get(REMN_API))
            rows = [packed_pair(pair) for pair in lots]
            texts = lot_texts(lots, [key for key, _ in self._views[request.view]["columns"]], self._clock().date())
        elif not error and request.view in self._views:
            from ...account.display import table_texts

            texts = table_texts(run.rows, [key for key, _ in self._views[request.view]["columns"]])
        self.query_done.emit(
            QueryDone(
                view=request.view,
                env=request.target.env,
                host=host,
                rows=None if error else tuple(rows),
                complete=complete and not error,
                pages=run.pages,
                fetched_at=run.asked or self._clock().strftime("%H:%M:%S"),
                error=error,
                account=run.account,
                texts=texts,
                started=run.started,
            )
        )

    # --- unknown outcomes: UnknownOrders (its own module) ---------------------------------------------
    def look_for(self, intent: Intent, target: Target, request_id: int | None = None) -> None:
        self.unknown.look_for(intent, target, request_id)

    @Slot(object)
    def pending_unknowns(self, target: Target) -> None:
        self.unknown.pending_unknowns(target)

    @Slot(object, object, object)
    def live_accepted(self, target: Target, events: list, live_since: dt.datetime | None) -> None:
        self.unknown.live_accepted(target, events, live_since)

    @Slot(object, int, object)
    def confirm_candidate(self, target: Target, journal_id: int, candidate: object) -> None:
        self.unknown.confirm_candidate(target, journal_id, candidate)
