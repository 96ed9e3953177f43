"""CreditTasks: kt00001, kt00012 and kt20017 on the API thread, one page a turn of the worker's ApiQueue (a
waiting order goes first), paced like every query (a timer, never a sleep). A query is asked again only when the
host said "too many requests"; a refusal (the mock host's RC9000 among them) is answered, never retried."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ...base.error_words import reason_in_korean
from ...base.kst import KST
from ...base.payloads import Target
from ...credit.figures import mock_refused

if TYPE_CHECKING:
    from ...host.client import KiwoomClient

_RATE_LIMIT_TRIES = 3


@dataclass(frozen=True)
class CreditRequest:
    api_id: str  # kt00001, kt00012, kt20017
    target: Target
    body: tuple[tuple[str, str], ...] = ()  # the JSON body's (key, value) pairs, in order (hashable)


@dataclass(frozen=True)
class CreditDone:
    request: CreditRequest
    host: str
    answer: Mapping[str, object] | None  # the JSON body (scrubbed) when ok
    message: str = ""  # Korean, when not ok
    mock_refused: bool = False
    fetched_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(KST))


class CreditTasks(QObject):
    credit_done = Signal(object)  # CreditDone
    _again = Signal(object, int)  # (request, tries so far): its next turn in the queue

    def __init__(
        self,
        client_for: Callable[[Target], KiwoomClient],
        stopping: Callable[[], bool],
        schedule: Callable[[Callable[[], None]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client_for, self._stopping, self._schedule = client_for, stopping, schedule
        self._running: set[CreditRequest] = set()  # one of each at a time: a second ask rides on the first
        self._again.connect(self._queue, Qt.ConnectionType.DirectConnection)

    @Slot(object)
    def ask(self, request: CreditRequest) -> None:
        if request in self._running:
            return
        self._running.add(request)
        self._queue(request, 0)

    @Slot(object, int)
    def _queue(self, request: CreditRequest, tries: int) -> None:
        self._schedule(lambda: self._page(request, tries))

    def _page(self, request: CreditRequest, tries: int) -> None:
        if self._stopping():
            return self._finish(request, "", None, "프로그램을 닫는 중")
        try:
            client = self._client_for(request.target)
        except Exception as exc:
            return self._finish(request, "", None, reason_in_korean(exc))
        delay = client.query_delay(request.api_id)
        if delay > 0:  # paced on a timer: an order clicked meanwhile goes first
            QTimer.singleShot(int(delay * 1000) + 1, self, lambda: self._again.emit(request, tries))
            return
        # stamped with when it was asked: an order may leave beside the page (aside) and be answered before it,
        # and what the page says is the host's of before that order — never to read as of after it
        asked = dt.datetime.now(KST)
        try:
            page = client.query_page(request.api_id, dict(request.body), tries=1, aside=True)
        except Exception as exc:  # a bug must not leave the strip "조회 중" for ever
            return self._finish(request, client.base_url, None, reason_in_korean(exc))
        if not page.ok and page.rate_limited and tries < _RATE_LIMIT_TRIES:
            wait_ms = int(max(client.query_delay(request.api_id), 0.2) * 1000)
            QTimer.singleShot(wait_ms, self, lambda: self._again.emit(request, tries + 1))
            return
        if page.ok:
            return self._finish(request, client.base_url, dict(page.rows_body or {}), "", asked=asked)
        refused = page.return_code not in (None, 0) and mock_refused(page.return_msg)
        self._finish(request, client.base_url, None, page.message, refused, asked=asked)

    def _finish(
        self,
        request: CreditRequest,
        host: str,
        answer: dict | None,
        message: str,
        refused: bool = False,
        asked: dt.datetime | None = None,
    ):
        self._running.discard(request)
        done = CreditDone(request, host, answer, message, refused)
        self.credit_done.emit(done if asked is None else replace(done, fetched_at=asked))
