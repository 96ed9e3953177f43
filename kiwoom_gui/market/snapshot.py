"""The ka10007 시세표성정보 answer (POST /api/dostk/mrkcond) → the book, the last price and the band to seed the
ladder with before 0D keeps it live. Never raises on what the host sends: an unreadable answer is a failure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .quotes import Book, StockInfo, Trade, Unreadable, amount, market_data, parse_book, parse_trade


@dataclass(frozen=True)
class Snapshot:
    book: Book | None
    trade: Trade | None
    band: StockInfo


def snapshot_fields() -> Mapping[str, Any]:
    return market_data()["snapshot"]


def read_snapshot(body: Mapping[str, Any]) -> Snapshot:
    """Raises Unreadable when the answer holds neither a readable book nor a price."""
    f = snapshot_fields()
    try:
        book = parse_book(body, {**f, "expected_price": f["expected_price"], "expected_qty": f["expected_qty"]})
    except Unreadable:
        book = None
    try:
        trade = parse_trade(body, f)
    except Unreadable:
        trade = None
    if book is None and trade is None:
        raise Unreadable("snapshot")
    try:
        band = StockInfo(amount(body, f["upper"]) or None, amount(body, f["lower"]) or None,
                         amount(body, f["base"]) or None)
    except Unreadable:
        band = StockInfo(None, None, None)
    if band.upper is not None and band.lower is not None and band.upper < band.lower:
        band = StockInfo(None, None, band.base)
    return Snapshot(book, trade, band)
