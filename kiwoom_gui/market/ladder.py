"""The 호가 ladder as rows (Qt-free): ten asks (10th at the top), ten bids, and the totals row; which marks each
level carries (현재가, 상한가, 하한가, 예상); and whether a level's price may go into the price field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..instrument.ticks import tick_problem
from .quotes import Book, market_data

LEVELS = 10
ROWS = 2 * LEVELS + 1  # asks, bids, 총잔량
SIZE_ASK, PRICE, SIZE_BID, MARKS = range(4)
COLUMNS = 4


@dataclass(frozen=True)
class Level:
    """One row: its side ("ask", "bid", "total"), price (0: empty level) and size."""

    side: str
    price: int
    size: int


def texts() -> dict:
    return market_data()["texts"]


def levels(book: Book | None) -> list[Level]:
    """Rows top to bottom: ask 10 … ask 1, bid 1 … bid 10, then the totals (price 0)."""
    if book is None:
        return [Level("ask", 0, 0)] * LEVELS + [Level("bid", 0, 0)] * LEVELS + [Level("total", 0, 0)]
    asks = [Level("ask", p, s) for p, s in reversed(book.asks)]
    bids = [Level("bid", p, s) for p, s in book.bids]
    return [*asks, *bids, Level("total", 0, 0)]


def marks(price: int, last: int | None, upper: int | None, lower: int | None, expected: int | None) -> str:
    """The words the marks column shows for a level at ``price``."""
    if not price:
        return ""
    t = texts()
    found = [t["mark_last"]] if last is not None and price == last else []
    if expected is not None and price == expected:
        found.append(t["mark_expected"])
    if upper is not None and price == upper:
        found.append(t["mark_upper"])
    if lower is not None and price == lower:
        found.append(t["mark_lower"])
    return " ".join(found)


def narrowest(bands: Iterable[tuple[int | None, int | None]]) -> tuple[int | None, int | None]:
    """(상한가, 하한가) every source allows: the lowest 상한가 and the highest 하한가 known (None: no source says).

    The daily band is set before the open and does not widen intraday: a live 0g (or a snapshot) may narrow what
    the lookup said — a 시장조치 it has not seen — but a wider one is never a reason to let a price through."""
    known = list(bands)
    uppers = [u for u, _ in known if u]
    lowers = [low for _, low in known if low]
    return (min(uppers) if uppers else None), (max(lowers) if lowers else None)


def fill_refusal(price: int, kind: str, upper: int | None, lower: int | None) -> str | None:
    """Why a level's ``price`` may not go into the price field (None: it may): an empty level, a price off the
    tick grid of the stock's kind, or outside the band as last known."""
    t = texts()
    if price <= 0:
        return t["empty_level"]
    problem = tick_problem(price, kind)
    if problem is not None:
        return t["off_tick"].format(price=f"{price:,}", problem=problem)
    if upper is not None and price > upper:
        return t["above_band"].format(price=f"{price:,}", limit=f"{upper:,}")
    if lower is not None and price < lower:
        return t["below_band"].format(price=f"{price:,}", limit=f"{lower:,}")
    return None
