"""Continuation of a paged answer: ``cont-yn: Y`` and ``next-key`` like the host's.

The first page fixes the whole result (a snapshot); each ``next-key`` names the query and the offset
of the next page in it, and is valid only with the same api-id and body. A key may be sent again
(a client retries a page after a 429), until the snapshot is pushed out by newer queries.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    next_key: str  # "" on the last page

    @property
    def more(self) -> bool:
        return bool(self.next_key)


@dataclass(frozen=True)
class _Snapshot:
    api_id: str
    body: tuple[tuple[str, str], ...]
    rows: list[dict]
    page_size: int


def _fingerprint(body: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in body.items()))


class Cursors:
    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._snapshots: OrderedDict[str, _Snapshot] = OrderedDict()

    def first(self, api_id: str, body: Mapping[str, object], rows: list[dict], page_size: int) -> Page:
        if len(rows) <= page_size:
            return Page(rows, "")
        token = secrets.token_hex(12)
        with self._lock:
            self._snapshots[token] = _Snapshot(api_id, _fingerprint(body), rows, page_size)
            while len(self._snapshots) > self._limit:
                self._snapshots.popitem(last=False)
        return Page(rows[:page_size], f"{token}-{page_size}")

    def next(self, api_id: str, body: Mapping[str, object], key: str) -> Page | str:
        """The page ``key`` names, or why there is none (Korean, for the error answer)."""
        token, _, offset_text = key.partition("-")
        with self._lock:
            snap = self._snapshots.get(token)
            if snap is not None:
                self._snapshots.move_to_end(token)
        if snap is None or not offset_text.isdigit():
            return "알 수 없거나 만료된 연속조회키"
        if snap.api_id != api_id or snap.body != _fingerprint(body):
            return "연속조회키와 다른 조회 조건"
        offset = int(offset_text)
        if not 0 < offset < len(snap.rows):
            return "알 수 없거나 만료된 연속조회키"
        end = offset + snap.page_size
        return Page(snap.rows[offset:end], f"{token}-{end}" if end < len(snap.rows) else "")
