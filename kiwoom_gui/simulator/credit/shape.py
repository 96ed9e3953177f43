"""The credit answers' shapes: every key of the spec's table in the spec's order (resources/simulator_credit.json
``fields``, drawn from ../shared/kiwoom-spec), and the host's number formats."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from .terms import data


def padded(n: int, width: int) -> str:
    """Kiwoom's zero-padded signed number of ``width`` characters: 000000000319500, -00000000196888."""
    return f"{n:0{width}d}"


def rate4(part: int, whole: int) -> str:
    """A percentage with four decimals (kt00005 pl_rt, tot_pl_rt: 1.8546); "0.0000" for no base."""
    if not whole:
        return "0.0000"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return f"{value:.4f}"


def fields(api_id: str) -> Mapping[str, object]:
    return data()["fields"][api_id]


def head(api_id: str, values: Mapping[str, object], default: object = "") -> dict[str, object]:
    """The answer's top-level keys in the spec's order; a key with no value gets ``default``."""
    return {k: values.get(k, default) for k in fields(api_id)["head"]}


def row(api_id: str, values: Mapping[str, str]) -> dict[str, str]:
    """One row of the answer's list, every key of the spec's list in order ("" when we have no value)."""
    return {k: values.get(k, "") for k in fields(api_id)["row"]}


def list_key(api_id: str) -> str | None:
    return fields(api_id).get("list")  # type: ignore[return-value]
