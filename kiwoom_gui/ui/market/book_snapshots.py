"""BookSnapshots: the ka10007 시세표성정보 snapshot (``POST /api/dostk/mrkcond``, ``{"stk_cd": "<item>"}``) that seeds
the ladder when a form's stock settles, on the API thread, one turn of its queue (orders always go first).

A query is safe to ask again: a rate-limited one is asked again a few times after the pacer's delay; any other
failure is answered as a failure (the ladder says so). Nothing here sends an order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ...base.error_words import reason_in_korean
from ...base.kst import KST
from ...base.payloads import Target
from ...market.quotes import market_data

if TYPE_CHECKING:
    from ...host.client import KiwoomClient
    from ...market.snapshot import Snapshot

_RATE_LIMIT_TRIES = 3


@dataclass(frozen=True)
class SnapshotRequest:
    target: Target
    item: str  # the quote item: code with the venue suffix (005930, 005930_NX, 005930_AL)


@dataclass(frozen=True)
class SnapshotDone:
    env: str
    host: str
    item: str
    snapshot: Snapshot | None
    error: str = ""
    fetched_at: str = ""  # KST HH:MM:SS


class BookSnapshots(QObject):
    snapshot_done = Signal(object)  # SnapshotDone
    _again = Signal(object, int)  # (request, tries so far): the next turn, emitted on this thread only

    def __init__(
        self,
        client_for: Callable[[Target], KiwoomClient],
        stopping: Callable[[], bool],
        schedule: Callable[[Callable[[], None]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client_for, self._stopping, self._schedule = client_for, stopping, schedule
        self._running: set[tuple[Target, str]] = set()
        self._again.connect(self._queue, Qt.ConnectionType.DirectConnection)

    @Slot(object)
    def snapshot(self, request: SnapshotRequest) -> None:
        key = (request.target, request.item)
        if key in self._running:  # already asked: that answer serves this one too
            return
        self._running.add(key)
        self._queue(request, 0)

    @Slot(object, int)
    def _queue(self, request: SnapshotRequest, tries: int) -> None:
        self._schedule(lambda: self._ask(request, tries))

    def _ask(self, request: SnapshotRequest, tries: int) -> None:
        from ...market.quotes import Unreadable
        from ...market.snapshot import read_snapshot

        api_id = market_data()["snapshot"]["api_id"]
        if self._stopping():
            return self._finish(request, error="프로그램을 닫는 중")
        try:
            client = self._client_for(request.target)
        except Exception as exc:
            return self._finish(request, error=str(exc))
        delay = client.query_delay(api_id)
        if delay > 0:  # paced on a timer, never a sleep: an order clicked meanwhile goes first
            QTimer.singleShot(int(delay * 1000) + 1, self, lambda: self._again.emit(request, tries))
            return
        try:
            page = client.query_page(api_id, {"stk_cd": request.item}, tries=1, aside=True)
        except Exception as exc:  # a bug must not leave the ladder waiting for ever
            return self._finish(request, error=reason_in_korean(exc))
        if not page.ok and page.rate_limited and tries < _RATE_LIMIT_TRIES:
            wait = int(max(client.query_delay(api_id), 0.2) * 1000)
            QTimer.singleShot(wait, self, lambda: self._again.emit(request, tries + 1))
            return
        if not page.ok:
            return self._finish(request, error=page.message or page.return_msg, host=client.base_url)
        body = dict(page.rows_body or {})
        code = body.get("stk_cd")
        if isinstance(code, str) and code.strip() and code.strip() not in (request.item, request.item.split("_")[0]):
            # an answer about another stock (or the same stock at another venue: 005930_AL for 005930_NX) is never
            # this one's book; the code alone (the spec's 6 characters) or the item as asked is
            other = f"다른 종목({code.strip()[:20]})의 호가가 왔습니다"
            return self._finish(request, error=other, host=client.base_url)
        try:
            snapshot = read_snapshot(body)
        except (Unreadable, TypeError, ValueError):
            return self._finish(request, error="호가를 읽을 수 없는 응답입니다", host=client.base_url)
        self._finish(request, snapshot=snapshot, host=client.base_url)

    def _finish(self, request: SnapshotRequest, *, snapshot: Snapshot | None = None, error: str = "",
                host: str = "") -> None:
        self._running.discard((request.target, request.item))
        fetched = dt.datetime.now(KST).strftime("%H:%M:%S")
        self.snapshot_done.emit(SnapshotDone(request.target.env, host, request.item, snapshot, error, fetched))
