"""The KRX tick grid (호가가격단위) in force since 2023-01-25, as data in resources/ticks.json.

Skeleton: signatures are the contract; bodies are being written.
"""

from __future__ import annotations


def tick_size(price: int, kind: str = "stock") -> int:
    """The tick at ``price`` (the band ``price`` lies in) for ``kind`` ("stock", "etf", "etn")."""
    raise NotImplementedError


def on_tick(price: int, kind: str = "stock") -> bool:
    """``price`` (> 0) lies on the grid."""
    raise NotImplementedError


def neighbours(price: int, kind: str = "stock") -> tuple[int | None, int]:
    """The nearest prices on the grid at or below and at or above ``price`` (below is None under the first
    tick). For an on-tick price both are ``price``."""
    raise NotImplementedError


def step_price(price: int, ticks: int, kind: str = "stock") -> int:
    """``price`` moved ``ticks`` ticks up (> 0) or down (< 0) along the grid, one tick at a time, so the step
    size changes across band edges (4,995 → 5,000 → 5,010; 5,000 down → 4,995). An off-tick price first
    snaps to its neighbour in the direction of the step. Never below the smallest tick (1)."""
    raise NotImplementedError


def tick_problem(price: int, kind: str = "stock") -> str | None:
    """None on the grid; else the Korean message naming both neighbours:
    ``호가단위 100원: 71,000 또는 71,100``."""
    raise NotImplementedError
