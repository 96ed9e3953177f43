"""Which tick grid a looked-up code's prices are judged on, and how sure that is (Qt-free).

ka10100 has no instrument-type field: "ETF"/"ETN" is an inference from marketCode and marketName
(resources/instrument.json "kind"). A claim is taken as sure only when both fields make it and every price
ka10001 gave lies on the claimed 5원 grid; otherwise the kind is unsure and a price must lie on the stock grid
AND the claimed one ("stock+etf"): the stricter grid, never the laxer.
"""

from __future__ import annotations

from collections.abc import Iterable

from .ticks import on_tick


def grid_kind(default: str, code_kind: str | None, name_kind: str | None, prices: Iterable[int | None]) -> str:
    """The tick table: ``default`` ("stock") without a claim; the claimed kind when marketCode
    (``code_kind``) and marketName (``name_kind``) both make it and no price is off its grid; else
    ``default+claim`` (both grids)."""
    claim = code_kind or name_kind
    if claim is None or claim == default:
        return default
    agreed = code_kind == name_kind == claim
    if agreed and all(price is None or on_tick(price, claim) for price in prices):
        return claim
    return f"{default}+{claim}"


def unsure_claim(kind: str) -> str:
    """The kind an unsure grid was claimed as ("stock+etf" → "etf"); "" for a sure kind."""
    return kind.split("+", 1)[1] if "+" in kind else ""
