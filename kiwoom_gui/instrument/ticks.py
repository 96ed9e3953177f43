"""The KRX tick grid (호가가격단위) in force since 2023-01-25, as data in resources/ticks.json.

A kind's table is a list of bands: prices below ``below`` take ``tick``. Every band edge is a multiple of
the ticks on both of its sides (checked when the table is read), so the grid inside a band is simply the
multiples of its tick and the neighbours of a price never lie across an edge.
"""

from __future__ import annotations

import math
from functools import cache

from ..base.resources_io import load_json


@cache
def _table(kind: str) -> tuple[tuple[int | None, int], ...]:
    if "+" in kind:  # "stock+etf": the kind is unsure, so a price must lie on every one of the grids
        bands = _combined(tuple(kind.split("+")))
    else:
        tables = load_json("ticks.json")["tables"]
        if kind not in tables:
            raise ValueError(f"unknown tick table {kind!r}; known: {', '.join(tables)}")
        bands = tuple((None if b["below"] is None else int(b["below"]), int(b["tick"])) for b in tables[kind])
    for (edge, tick), (_, next_tick) in zip(bands, bands[1:], strict=False):
        # an edge off either grid would put a price's neighbour inside the next band: refuse such a table
        if edge is None or edge % tick or edge % next_tick:
            raise ValueError(f"tick table {kind!r}: band edge {edge} is not on the grid")
    if bands[-1][0] is not None:
        raise ValueError(f"tick table {kind!r} must end with an open band (below: null)")
    return bands


def _combined(kinds: tuple[str, ...]) -> tuple[tuple[int | None, int], ...]:
    """The grid of prices on every one of ``kinds``' grids: each band of the union of their edges takes the
    least common multiple of their ticks there (71,005 is on the ETF grid but not on the stock one)."""
    edges = sorted({edge for kind in kinds for edge, _ in _table(kind) if edge is not None})
    bands: list[tuple[int | None, int]] = []
    start = 1
    for edge in [*edges, None]:
        tick = math.lcm(*(tick_size(start, kind) for kind in kinds))
        if bands and bands[-1][1] == tick:
            bands[-1] = (edge, tick)  # the same tick on both sides: one band
        else:
            bands.append((edge, tick))
        start = edge if edge is not None else start
    return tuple(bands)


def kinds() -> tuple[str, ...]:
    """The tick tables there are ("stock", "etf", "etn")."""
    return tuple(load_json("ticks.json")["tables"])


def tick_size(price: int, kind: str = "stock") -> int:
    """The tick at ``price`` (the band ``price`` lies in) for ``kind`` ("stock", "etf", "etn"; "stock+etf": a
    price on both grids, for a stock whose kind is unsure)."""
    for below, tick in _table(kind):
        if below is None or price < below:
            return tick
    raise AssertionError("unreachable: the last band is open")  # _table guarantees it


def first_price(kind: str = "stock") -> int:
    """The lowest price on the grid (the first band's tick: 1 for stocks, 5 for ETF/ETN)."""
    return _table(kind)[0][1]


def on_tick(price: int, kind: str = "stock") -> bool:
    """``price`` (> 0) lies on the grid."""
    return price > 0 and price % tick_size(price, kind) == 0


def neighbours(price: int, kind: str = "stock") -> tuple[int | None, int]:
    """The nearest prices on the grid at or below and at or above ``price`` (below is None under the first
    tick). For an on-tick price both are ``price``."""
    if price < first_price(kind):
        return None, first_price(kind)
    if on_tick(price, kind):
        return price, price
    tick = tick_size(price, kind)
    below = price - price % tick
    return below, below + tick  # below + tick never passes the band's edge: edges are on this grid


def step_price(price: int, ticks: int, kind: str = "stock") -> int:
    """``price`` moved ``ticks`` ticks up (> 0) or down (< 0) along the grid, one tick at a time, so the step
    size changes across band edges (4,995 → 5,000 → 5,010; 5,000 down → 4,995). An off-tick price first
    snaps to its neighbour in the direction of the step. Never below the smallest tick (1)."""
    if ticks == 0:
        return price
    floor = first_price(kind)
    up = ticks > 0
    remaining = abs(ticks)
    if not on_tick(price, kind):  # the snap is the first step: Up on 71,050 gives 71,100
        below, above = neighbours(price, kind)
        price = above if up or below is None else below
        remaining -= 1
    for _ in range(remaining):
        if up:
            price += tick_size(price, kind)
        elif price > floor:
            price -= tick_size(price - 1, kind)  # the tick of the band just below: 5,000 → 4,995
        else:
            break
    return max(price, floor)


def tick_problem(price: int, kind: str = "stock") -> str | None:
    """None on the grid; else the Korean message naming both neighbours:
    ``호가단위 100원: 71,000 또는 71,100``."""
    if on_tick(price, kind):
        return None
    below, above = neighbours(price, kind)
    texts = load_json("ticks.json")["messages"]
    tick = tick_size(max(price, 1), kind)
    if below is None:
        return texts["off_tick_first"].format(tick=tick, above=above)
    return texts["off_tick"].format(tick=tick, below=below, above=above)


def price_limits(base: int, kind: str = "stock", rate_percent: int | None = None) -> tuple[int, int]:
    """(상한가, 하한가) around ``base`` (기준가) by the KRX method (kiwoom-api-facts.md §6): base × rate
    truncated to the base's tick; base ± that, each truncated to the tick at the result.

    The host's ``upl_pric`` / ``lst_pric`` win over this whenever they are known; the simulator uses it."""
    if base < 1:
        raise ValueError("base price must be positive")
    rate = int(load_json("ticks.json")["price_limit"]["rate_percent"]) if rate_percent is None else rate_percent
    amount = base * rate // 100
    amount -= amount % tick_size(base, kind)
    upper = base + amount
    upper -= upper % tick_size(upper, kind)
    lower = base - amount
    lower = max(lower - lower % tick_size(max(lower, 1), kind), first_price(kind))
    return upper, lower
