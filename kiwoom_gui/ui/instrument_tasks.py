"""InstrumentTasks: what a stock code is (ka10001 주식기본정보, then ka10100 종목정보), on the API thread.

It lives beside :class:`AccountTasks` on the same thread and shares the worker's clients, so a lookup
and an order never run at once. Each request is **one queued step**: an order clicked while a code is
looked up is queued before the next request and waits for at most the one in flight. Pacing waits on a
timer, never in a sleep. A lookup never sends an order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ..kst import KST
from ..payloads import InstrumentDone, InstrumentRequest

if TYPE_CHECKING:
    from ..client import KiwoomClient
    from ..payloads import Target

_RATE_LIMIT_TRIES = 3  # a request refused for the rate limit is asked again at most this often
_STEPS = ("ka10001", "ka10100")  # name, price and band first; then credit, warnings and NXT


def kst_now() -> dt.datetime:
    return dt.datetime.now(KST)


@dataclass
class _Lookup:
    """One code being looked up at one target: which request is next and what came back so far."""

    request: InstrumentRequest
    step: int = 0
    rate_limited: int = 0
    basic: dict | None = None  # the ka10001 answer body


class InstrumentTasks(QObject):
    instrument_done = Signal(object)  # InstrumentDone
    _step = Signal(object)  # _Lookup: its next request, queued behind whatever waits (orders first)

    def __init__(
        self,
        client_for: Callable[[Target], KiwoomClient],
        stopping: Callable[[], bool],
        parent: QObject | None = None,
        clock: Callable[[], dt.datetime] = kst_now,
    ) -> None:
        super().__init__(parent)
        self._client_for, self._stopping, self._clock = client_for, stopping, clock
        self._running: dict[tuple[str, str | None, str], _Lookup] = {}  # (env, base_url, code)
        self._step.connect(self._request, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def lookup(self, request: InstrumentRequest) -> None:
        key = (request.target.env, request.target.base_url, request.code)
        if key in self._running:  # already asked: the running lookup answers this one too
            return
        run = _Lookup(request)
        self._running[key] = run
        self._request(run)

    @Slot(object)
    def _request(self, run: _Lookup) -> None:
        from ..instrument.parse import instrument_from_answers, unknown_code

        if self._stopping():
            return self._finish(run, error="프로그램을 닫는 중")
        try:
            client = self._client_for(run.request.target)
        except Exception as exc:  # e.g. an unusable base URL
            return self._finish(run, error=str(exc))
        api_id = _STEPS[run.step]
        delay = client.query_delay(api_id)
        if delay > 0:  # paced: wait on a timer, so an order clicked meanwhile goes first
            QTimer.singleShot(int(delay * 1000) + 1, self, lambda: self._step.emit(run))
            return
        try:
            page = client.query_page(api_id, {"stk_cd": run.request.code}, tries=1)
        except Exception as exc:  # a bug must not leave the form "조회 중" for ever
            return self._finish(run, error=type(exc).__name__)
        if not page.ok and page.rate_limited and run.rate_limited < _RATE_LIMIT_TRIES:
            run.rate_limited += 1  # a lookup is safe to ask again; the pacer has backed off
            QTimer.singleShot(int(max(client.query_delay(api_id), 0.2) * 1000), self, lambda: self._step.emit(run))
            return
        run.rate_limited = 0
        code = run.request.code
        try:
            if run.step == 0:
                if not page.ok:
                    if unknown_code(page.return_msg):  # the host's words go along: its [1902] is shown
                        return self._finish(run, unknown=True, error=page.return_msg)
                    return self._finish(run, error=page.message or page.return_msg)
                run.basic, run.step = dict(page.rows_body or {}), 1
                self._step.emit(run)  # queued: an order waiting now goes before ka10100
                return
            # ka10100 failing alone still leaves name, price and band: the instrument with partial info
            info = dict(page.rows_body or {}) if page.ok else None
            self._finish(run, instrument=instrument_from_answers(code, run.basic, info))
        except Exception as exc:  # never let an exception escape a worker slot
            self._finish(run, error=type(exc).__name__)

    def _finish(self, run: _Lookup, *, instrument=None, unknown: bool = False, error: str = "") -> None:
        target = run.request.target
        self._running.pop((target.env, target.base_url, run.request.code), None)
        host = ""
        try:
            host = self._client_for(target).base_url
        except Exception:
            pass
        self.instrument_done.emit(
            InstrumentDone(
                env=target.env,
                host=host,
                code=run.request.code,
                instrument=instrument,
                unknown=unknown,
                error=error,
                fetched_at=self._clock().strftime("%H:%M:%S"),
            )
        )
