"""One figure of a host answer: a number, or what the host sent, marked bad (missing, not a number, impossible).
A bad figure feeds nothing: no 최대, no estimate, and no warning is silenced by it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from ..base.resources_io import load_json

_INT = re.compile(r"[+-]?\d+")
_RATE = re.compile(r"[+-]?\d+(\.\d+)?%?")


@cache
def credit_data() -> dict[str, Any]:
    return load_json("credit.json")


def texts() -> dict[str, str]:
    return credit_data()["texts"]


@dataclass(frozen=True)
class Figure:
    """``value`` is the number (None when bad); ``raw`` what the host sent (None: the field was missing);
    ``why`` says what is wrong with a bad one."""

    raw: str | None
    value: Decimal | None
    why: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None

    @property
    def int_value(self) -> int | None:
        return int(self.value) if self.value is not None else None

    def shown(self, good: str) -> str:
        """``good`` (formatted by the caller) when readable; else the host's text, marked."""
        if self.ok:
            return good
        if self.raw is None:
            return texts()["bad_missing"]
        return texts()["bad_shown"].format(raw=self.raw)

    def bad_tooltip(self) -> str:
        return texts()["bad_tooltip"].format(why=self.why) if not self.ok else ""


def _raw(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else repr(value)


def _bad(raw: str | None, why_key: str) -> Figure:
    return Figure(raw, None, texts()[why_key])


def amount(value: object, *, may_be_negative: bool = False) -> Figure:
    """A zero-padded signed whole number (원, 주): "000000000017534", "-00000000000084"."""
    raw = _raw(value)
    if raw is None:
        return _bad(None, "why_missing")
    text = raw.strip()
    if not isinstance(value, str) or not _INT.fullmatch(text):
        return _bad(raw, "why_not_number")
    number = int(text)
    if number < 0 and not may_be_negative:
        return _bad(raw, "why_negative")
    return Figure(raw, Decimal(number))


def rate(value: object) -> Figure:
    """A percentage with decimals ("153.27", "45%"); negative is impossible."""
    raw = _raw(value)
    if raw is None:
        return _bad(None, "why_missing")
    text = raw.strip()
    if not isinstance(value, str) or not _RATE.fullmatch(text):
        return _bad(raw, "why_not_number")
    number = Decimal(text.rstrip("%"))
    if number < 0:
        return _bad(raw, "why_negative")
    return Figure(raw, number)


def total(figures: list[Figure]) -> Figure:
    """The sum of several fields (추가담보금 현금 + 대용): bad when any part is."""
    raw = " + ".join(f.raw if f.raw is not None else "(없음)" for f in figures)
    for f in figures:
        if not f.ok:
            return Figure(raw if len(figures) > 1 else f.raw, None, f.why)
    return Figure(raw, sum((f.value for f in figures if f.value is not None), Decimal(0)))


def won(f: Figure) -> str:
    return f.shown(texts()["won"].format(value=f.int_value) if f.ok else "")


def shares(f: Figure) -> str:
    return f.shown(texts()["shares"].format(value=f.int_value) if f.ok else "")


def pct(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def mock_refused(return_msg: str) -> bool:
    """The mock host's "not offered here" (RC9000: 모의투자에서는 해당업무가 제공되지 않습니다)."""
    return any(code in (return_msg or "") for code in credit_data()["mock_refusal_codes"])
