"""StockListTasks: the list behind the 종목코드 completer (ka10099), on the API thread, one page a queue turn.

Once per KST day per environment and host: the copy in the data folder is read first (a queue turn of its own,
off the GUI thread); when it is another day's or another host's, every market is asked page by page through the
worker's :class:`~kiwoom_gui.ui.api_queue.ApiQueue` — an order clicked meanwhile goes first — paced like any
query, and the list is written back. A market whose answer cannot be read is skipped with a note; rows that are
not well formed are left out and counted. A query, never an order: nothing here sends one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ...base.error_words import reason_in_korean
from ...base.kst import KST
from ...base.payloads import Target
from ...instrument import stock_list as sl

if TYPE_CHECKING:
    from ...host.client import KiwoomClient

_RATE_LIMIT_TRIES = 3
API_ID = "ka10099"


@dataclass(frozen=True)
class StockListDone:
    env: str
    host: str
    day: str  # the KST day the list was read from the host ("" when there is none)
    entries: tuple[sl.StockName, ...]
    notes: tuple[str, ...] = ()


@dataclass
class _Run:
    target: Target
    day: str
    market: int = 0
    next_key: str = ""
    pages: int = 0
    rate_limited: int = 0
    entries: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    stale: sl.StoredList | None = None  # another day's list of this host: used if today's cannot be read


class StockListTasks(QObject):
    list_done = Signal(object)  # StockListDone
    _continue = Signal(object)

    def __init__(
        self,
        client_for: Callable[[Target], KiwoomClient],
        data_dir: Path,
        stopping: Callable[[], bool],
        schedule: Callable[[Callable[[], None]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client_for, self._dir, self._stopping, self._schedule = client_for, data_dir, stopping, schedule
        self._running: set[Target] = set()
        self._continue.connect(lambda run: self._schedule(lambda: self._page(run)), Qt.ConnectionType.DirectConnection)

    @Slot(object)
    def load(self, target: Target) -> None:
        if target in self._running:
            return
        self._running.add(target)
        run = _Run(target, dt.datetime.now(KST).date().isoformat())
        self._schedule(lambda: self._read_file(run))

    def _host(self, target: Target) -> str:
        return self._client_for(target).base_url

    def _read_file(self, run: _Run) -> None:
        notes = sl.settings()["notes"]
        path = sl.file_path(self._dir, run.target.env)
        try:
            host = self._host(run.target)
            stored = sl.read_file(path)
        except ValueError as exc:
            run.notes.append(notes["file_unreadable"].format(file=path.name, reason=exc))
            stored = None
        except Exception as exc:  # an unusable base URL, a file system error: asked from the host then
            run.notes.append(notes["file_unreadable"].format(file=path.name, reason=reason_in_korean(exc)))
            return self._page(run)
        if stored is not None and (stored.env, stored.host) == (run.target.env, host):
            if stored.day == run.day:
                return self._finish(run, stored.entries, stored.day)
            run.stale = stored
        self._page(run)

    def _page(self, run: _Run) -> None:
        limits, notes = sl.settings(), sl.settings()["notes"]
        if self._stopping():
            return self._fail(run, "프로그램을 닫는 중")
        try:
            client = self._client_for(run.target)
        except Exception as exc:
            return self._fail(run, reason_in_korean(exc))
        delay = client.query_delay(API_ID)
        if delay > 0:  # paced on a timer, never a sleep: an order clicked meanwhile goes first
            QTimer.singleShot(int(delay * 1000) + 1, self, lambda: self._continue.emit(run))
            return
        market = sl.markets()[run.market]
        try:
            page = client.query_page(
                API_ID,
                {"mrkt_tp": market["mrkt_tp"]},
                run.next_key,
                tries=1,
                max_body=int(limits["max_answer_bytes"]),
                aside=True,  # names only: an order clicked while a page is on the wire leaves at once
            )
        except Exception as exc:
            return self._fail(run, reason_in_korean(exc))
        if not page.ok and page.rate_limited and run.rate_limited < _RATE_LIMIT_TRIES:
            run.rate_limited += 1
            QTimer.singleShot(int(max(client.query_delay(API_ID), 0.2) * 1000), self, lambda: self._continue.emit(run))
            return
        run.rate_limited, run.pages = 0, run.pages + 1
        if not page.ok:  # nothing came for this market (refused, too large, not JSON …): the next one goes on
            return self._next_market(run, notes["no_list"].format(market=market["label"], reason=page.message))
        read = sl.rows_from_answer(page.rows_body or {}, market["label"])
        if read is None:
            return self._next_market(run, notes["no_list"].format(market=market["label"], reason=notes["not_a_list"]))
        entries, skipped = read
        if skipped:
            run.notes.append(notes["skipped_rows"].format(market=market["label"], count=skipped))
        run.entries.extend(entries)
        if len(run.entries) > int(limits["max_rows"]):
            reason = notes["too_many_rows"].format(rows=limits["max_rows"])
            run.entries.clear()
            return self._fail(run, reason)
        if page.cont and page.next_key:
            if run.pages >= int(limits["max_pages"]):
                reason = notes["too_many_pages"].format(pages=limits["max_pages"])
                return self._next_market(run, notes["no_list"].format(market=market["label"], reason=reason))
            run.next_key = page.next_key
            return self._continue.emit(run)
        self._next_market(run, "")

    def _next_market(self, run: _Run, note: str) -> None:
        if note:  # a market half read is not kept: its rows go, and the note says why
            label = sl.markets()[run.market]["label"]
            run.entries = [e for e in run.entries if e.market != label]
            run.notes.append(note)
        run.market, run.next_key, run.pages = run.market + 1, "", 0
        if run.market < len(sl.markets()):
            return self._continue.emit(run)
        entries, conflicts = sl.merged(run.entries)
        if conflicts:
            run.notes.append(sl.settings()["notes"]["conflicts"].format(count=conflicts))
        if not entries:
            return self._fail(run, run.notes[-1] if run.notes else "")
        try:
            stored = sl.StoredList(run.target.env, self._host(run.target), run.day, tuple(entries))
            sl.write_file(sl.file_path(self._dir, run.target.env), stored)
        except Exception as exc:  # kept for this run only
            run.notes.append(sl.settings()["notes"]["file_not_written"].format(reason=reason_in_korean(exc)))
        self._finish(run, tuple(entries), run.day)

    def _fail(self, run: _Run, reason: str) -> None:
        notes = sl.settings()["notes"]
        if run.stale is not None:
            run.notes.append(notes["stale"].format(day=run.stale.day, reason=reason))
            return self._finish(run, run.stale.entries, run.stale.day)
        run.notes.append(notes["failed"].format(reason=reason))
        self._finish(run, (), "")

    def _finish(self, run: _Run, entries: tuple[sl.StockName, ...], day: str) -> None:
        self._running.discard(run.target)
        try:
            host = self._host(run.target)
        except Exception:
            host = ""
        self.list_done.emit(StockListDone(run.target.env, host, day, tuple(entries), tuple(run.notes)))
