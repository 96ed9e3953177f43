"""The precaution limits (settings.ini [precautions], resources/precautions.json): read, checked, written.

A value the file holds that is not a limit (a word, a negative number, 1e9 %) never stops the program: the
default stands in and a note says which key and why. 0 is off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cache
from typing import Any

from ..base.resources_io import load_json

_PERCENT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,2})?")


@cache
def data() -> Mapping[str, Any]:
    return load_json("precautions.json")


def texts() -> Mapping[str, str]:
    return data()["texts"]


@dataclass(frozen=True)
class Precautions:
    """Every limit; 0 is off."""

    max_quantity: int = 0
    max_amount: int = 0
    max_loan_amount: int = 0
    max_percent_from_last: Decimal = Decimal(0)
    max_ticks_from_last: int = 0
    max_orders_per_minute: int = 0


KEYS = tuple(f.name for f in fields(Precautions))


def parse_value(key: str, raw: object) -> int | Decimal | None:
    """``raw`` as the limit ``key`` holds, or None when it is not one (thousands commas are accepted)."""
    text = str(raw).strip().replace(",", "") if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
    if data()["kinds"][key] == "percent":
        if not _PERCENT.fullmatch(text):
            return None
        value = Decimal(text)
        return value if value <= Decimal(data()["max_percent"]) else None
    if not text.isascii() or not text.isdigit() or len(text.lstrip("0")) > int(data()["max_int_digits"]):
        return None
    return int(text)


def defaults() -> Precautions:
    return Precautions(**{k: parse_value(k, v) for k, v in data()["defaults"].items()})  # type: ignore[arg-type]


def from_settings(values: Mapping[str, object]) -> tuple[Precautions, list[str]]:
    """The limits ``values`` holds (a key missing: its default) and a note for every value that is not a limit."""
    base, chosen, notes = defaults(), {}, []
    for key in KEYS:
        if key not in values or values[key] is None:
            continue
        value = parse_value(key, values[key])
        if value is None:
            default = data()["defaults"][key]
            notes.append(texts()["bad_setting"].format(key=key, value=str(values[key])[:40], default=default))
            continue
        chosen[key] = value
    return Precautions(**{**{k: getattr(base, k) for k in KEYS}, **chosen}), notes


def to_settings(p: Precautions) -> dict[str, str]:
    return {key: str(getattr(p, key)) for key in KEYS}
