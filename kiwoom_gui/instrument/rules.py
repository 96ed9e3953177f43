"""Checks a looked-up instrument adds to an order form: price band and NXT; warnings to confirm.

Skeleton: signatures are the contract; bodies are being written. The tick rule itself lives in
``validation.validate`` (it needs no lookup).
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import Instrument

PRICE_FIELDS = ("ord_uv", "cond_uv", "mdfy_uv", "mdfy_cond_uv")


def instrument_errors(api_id: str, values: Mapping[str, str], instrument: Instrument | None) -> dict[str, str]:
    """Field key → Korean message: a price outside 하한가…상한가 (at that price field), NXT chosen for a
    stock without nxtEnable Y (at ``dmst_stex_tp``). ``values`` are the normalised form values."""
    raise NotImplementedError


def confirmation_warnings(instrument: Instrument | None) -> tuple[str, ...]:
    """Korean lines a confirmation must name before sending (신용 불가, 투자경고, …); () when none."""
    raise NotImplementedError
