"""Continuation of a paged answer: ``cont-yn: Y`` and ``next-key`` like the host's.

The first page fixes the whole result (a snapshot of the rows' state, turned into answer rows one page
at a time: 5,000 orders cost their filtering, not 5,000 rendered rows); each ``next-key`` names the query and the offset
of the next page in it, and is valid only with the same api-id and body. A key may be sent again
(a client retries a page after a 429), until the snapshot is pushed out by newer queries.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    next_key: str  # "" on the last page

    @property
    def more(self) -> bool:
        return bool(self.next_key)


@dataclass(frozen=True)
class Listing:
    """A query's result before it is sent: its items (copies of the book's state) and how one becomes a row."""

    items: Sequence[Any]
    render: Callable[[Any], dict]

    def rows(self, start: int, end: int) -> list[dict]:
        return [self.render(item) for item in self.items[start:end]]


@dataclass(frozen=True)
class _Snapshot:
    api_id: str
    body: tuple[tuple[str, str], ...]
    listing: Listing
    page_size: int


def _fingerprint(body: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in body.items()))


class Cursors:
    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._snapshots: OrderedDict[str, _Snapshot] = OrderedDict()

    def first(self, api_id: str, body: Mapping[str, object], listing: Listing, page_size: int) -> Page:
        if len(listing.items) <= page_size:
            return Page(listing.rows(0, page_size), "")
        token = secrets.token_hex(12)
        with self._lock:
            self._snapshots[token] = _Snapshot(api_id, _fingerprint(body), listing, page_size)
            while len(self._snapshots) > self._limit:
                self._snapshots.popitem(last=False)
        return Page(listing.rows(0, page_size), f"{token}-{page_size}")

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
        offset, count = int(offset_text), len(snap.listing.items)
        if not 0 < offset < count:
            return "알 수 없거나 만료된 연속조회키"
        end = offset + snap.page_size
        return Page(snap.listing.rows(offset, end), f"{token}-{end}" if end < count else "")
