"""Checks a looked-up instrument adds to an order form: price band and NXT; warnings to confirm.

The tick rule itself lives in ``validation.validate`` (it needs no lookup; the instrument only picks the
table through ``price_kind``). Messages come from resources/instrument.json.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..base.resources_io import load_json
from ..orders.specs import order_spec
from .model import Instrument

PRICE_FIELDS = ("ord_uv", "cond_uv", "mdfy_uv", "mdfy_cond_uv")
_WHOLE = re.compile(r"[1-9][0-9]{0,14}")  # a normalised price; longer ones are judged by validate already


@cache
def _texts() -> Mapping[str, Any]:
    return load_json("instrument.json")


def _label(api_id: str, key: str) -> str:
    try:
        return order_spec(api_id).body_field(key).label
    except KeyError:
        return key


def instrument_errors(
    api_id: str, values: Mapping[str, str], instrument: Instrument | None, today: str = ""
) -> dict[str, str]:
    """Field key → Korean message: a price outside 하한가…상한가 (at that price field), NXT chosen for a
    stock without nxtEnable Y (at ``dmst_stex_tp``). ``values`` are the normalised form values.

    An instrument looked up for another code than the form's ``stk_cd`` judges nothing (a stale lookup);
    its band judges nothing once ``today`` (KST, ISO) is another day than the one it was fetched on."""
    if instrument is None:
        return {}
    code = str(values.get("stk_cd", "") or "").strip().upper()
    if code and code != instrument.code.upper():
        return {}
    messages = _texts()["messages"]
    errors: dict[str, str] = {}
    band_today = not (today and instrument.day and today != instrument.day)  # yesterday's band is not today's
    for key in PRICE_FIELDS if band_today else ():
        text = str(values.get(key, "") or "")
        if not _WHOLE.fullmatch(text):
            continue
        price = int(text)
        if instrument.upper_limit is not None and price > instrument.upper_limit:
            errors[key] = messages["above_upper"].format(label=_label(api_id, key), upper=instrument.upper_limit)
        elif instrument.lower_limit is not None and price < instrument.lower_limit:
            errors[key] = messages["below_lower"].format(label=_label(api_id, key), lower=instrument.lower_limit)
    venue = str(values.get("dmst_stex_tp", "") or "").strip().upper()
    if venue == "NXT" and instrument.nxt_enable is False:
        errors["dmst_stex_tp"] = messages["no_nxt"].format(name=instrument.name or instrument.code)
    return errors


def confirmation_warnings(instrument: Instrument | None, *, code: str = "", failed: bool = False) -> tuple[str, ...]:
    """Korean lines a confirmation must name before sending (신용 불가, 투자경고, 투자유의 미확인, …); () when
    none. ``failed``: the latest lookup of ``code`` failed — with nothing known, or only a "none" that this
    lookup could not confirm, the stock's warnings are not known, and that is asked ("not known" is never
    "none"). Nothing looked up yet (``instrument`` None, not ``failed``) asks nothing here: the window's
    pending rule decides."""
    texts = _texts()
    flags = texts["flags"]
    unknown = flags["unknown_warning"]
    if instrument is None:
        if not failed:
            return ()
        return (texts["confirm_line_code"].format(code=code or "?", line=unknown["line"]),)
    name = instrument.name or instrument.code
    lines = []
    labels = list(instrument.warnings)
    if failed and instrument.order_warning == texts["order_warnings"]["none"]:
        labels.append(unknown["label"])  # a "none" kept from before: this lookup could not say it again
    for label in labels:
        if label == flags["no_credit"]["label"]:
            line = flags["no_credit"]["line"].format(state=instrument.state or "-")
        elif label == flags["no_nxt"]["label"]:
            line = label
        elif label == unknown["label"]:
            line = unknown["line"]
        elif label == flags["impossible_band"]["label"] and instrument.impossible_band is not None:
            upper, lower = instrument.impossible_band
            line = flags["impossible_band"]["line"].format(upper=upper, lower=lower)
        else:
            line = flags["order_warning"]["line"].format(label=label)
        lines.append(texts["confirm_line"].format(name=name, code=instrument.code, line=line))
    return tuple(lines)
