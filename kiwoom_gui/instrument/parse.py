"""Answers of ka10001 and ka10100 → :class:`Instrument`. Never raises on what the host sends.

Prices come as signed strings ("+71000", "-70000"): the mark is a direction, not a sign. Anything that is
not a plain whole number (missing, None, "abc", nested objects, absurdly long digit runs) reads as None;
words and flags read from resources/instrument.json.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from ..account.cells import parse_cell
from ..base.resources_io import load_json
from ..base.safe_text import excerpt, printable
from .kind import grid_kind, unsure_claim
from .model import Instrument

_HOST_CODE = re.compile(r"[\[(]\s*([0-9]{4})\s*[:\])]")
_UNREADABLE = "?"  # an orderWarning sent in a shape we cannot read: "?" + what was sent


@cache
def _texts() -> Mapping[str, Any]:
    return load_json("instrument.json")


def _text(value: object) -> str:
    """A host string made safe and short: "" for anything that is not a string (None, numbers, objects)."""
    if not isinstance(value, str):
        return ""
    limit = int(_texts()["limits"]["text_chars"])
    cleaned = "".join(ch for ch in value if ch.isprintable())  # no newlines or controls beside a code
    return excerpt(printable(cleaned.strip()), limit)


def _marked(value: object) -> tuple[str, int] | None:
    """("+" | "-" | "", n) for a marked whole number; None when unreadable. A string is read as the account tabs
    read a price (account.cells); a JSON int is taken as it is."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return ("-" if value < 0 else "", abs(value)) if abs(value) < 10 ** _digits() else None
    cell = parse_cell("price", value) if isinstance(value, str) else None
    if cell is None or not isinstance(cell.value, int) or cell.value >= 10 ** _digits():
        return None
    return cell.direction, cell.value


def _digits() -> int:
    return int(_texts()["limits"]["number_digits"])


def price_value(value: object) -> int | None:
    """A price as the host sends it ("+71000", "-70000", "71000", 71000) → 71000; None when missing,
    unreadable or not positive (a 0 price means no price)."""
    got = _marked(value)
    return got[1] if got and got[1] > 0 else None


def _direction(basic: Mapping) -> str:
    signs = _texts()["pre_sig"]
    sig = basic.get("pre_sig")
    if isinstance(sig, str) and sig.strip() in signs["directions"]:
        return signs["directions"][sig.strip()]
    got = _marked(basic.get("cur_prc"))  # no pre_sig: the mark on the price tells the direction
    if got is None:
        return ""
    return signs["marks"].get(got[0], "flat")


def instrument_kind(info: Mapping | None) -> str:
    """Which tick table ka10100 claims (resources/instrument.json "kind"): marketCode first, then marketName.
    A claim is not yet the grid: see :func:`kind.grid_kind`."""
    code_kind, name_kind = _market_kinds(info)
    return code_kind or name_kind or _texts()["kind"]["default"]


def _market_kinds(info: Mapping | None) -> tuple[str | None, str | None]:
    """(what marketCode says, what marketName says): a kind each, or None when it names none."""
    if not isinstance(info, Mapping):
        return None, None
    rules = _texts()["kind"]
    code_kind = rules["market_codes"].get(_text(info.get("marketCode")))
    name = _text(info.get("marketName")).upper()
    name_kind = next((kind for word, kind in rules["market_name_words"].items() if word in name), None)
    return code_kind, name_kind


def _order_warning(info: Mapping) -> str:
    """ka10100 orderWarning as a code: "" when not sent (nothing known), "0" none, "1".."99" as sent. A value
    present in any other shape (a word, a full-width digit, null, a float) is NOT taken as none: it comes back
    as ``?<what was sent>`` and becomes the unknown warning, shown and confirmed (fail-safe). A JSON whole
    number is read as its digits (5 → "5"): the host meant the same code, only unquoted."""
    if "orderWarning" not in info:
        return ""
    raw = info.get("orderWarning")
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < 100:
        return str(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if text.isascii() and text.isdigit() and len(text) <= 2:
            return str(int(text))  # "05" is 5, "00" is 0
        shown = _text(raw)
    else:
        # the value as the host wrote it (a list or an object too): never its Python type's name
        shown = json.dumps(raw, ensure_ascii=False, default=str)
    limit = int(_texts()["order_warnings"]["unknown_value_chars"])
    return _UNREADABLE + excerpt(shown or '""', limit)


def answer_code(value: object) -> str | None:
    """The stock code an answer names (ka10001 stk_cd, ka10100 code), as a 6-character code: without the
    venue suffix (_NX, _AL) and without an "A" prefix; None when the answer names none (missing or empty)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value).zfill(6) if 0 <= value < 10**6 else str(value)
    if not isinstance(value, str):
        return None if value is None else "?"
    text = value.strip().upper()
    for suffix in _texts()["answer_code"]["suffixes"]:
        text = text.removesuffix(suffix)
    if len(text) == 7 and text.startswith("A"):
        text = text[1:]
    return text or None


def answer_mismatch(code: str, answer: Mapping | None, key: str) -> str | None:
    """Why an answer is not about ``code`` (its ``key`` names another stock), or None. An answer about
    another stock must never be shown beside this code, nor its band judge this code's prices."""
    if not isinstance(answer, Mapping):
        return None
    named = answer_code(answer.get(key))
    asked = str(code).strip().upper()
    if named is None or named == asked:
        return None
    return _texts()["messages"]["other_code"].format(asked=_text(asked), named=excerpt(printable(named), 20))


def no_warning() -> str:
    """The orderWarning code that positively says "none" ("0")."""
    return _texts()["order_warnings"]["none"]


def describe(inst: Instrument) -> Instrument:
    """``inst`` with its flags (labels beside the code) and warnings (the ones a confirmation must name)
    worked out from its fields. What is not known is flagged and confirmed, never taken as none: a missing
    orderWarning, an impossible band."""
    texts = _texts()
    flags_cfg = texts["flags"]
    flags: list[str] = []
    confirm: list[str] = []

    def add(key: str, label: str) -> None:
        flags.append(label)
        if flags_cfg[key]["confirm"]:
            confirm.append(label)

    if inst.credit_ok is False:
        add("no_credit", flags_cfg["no_credit"]["label"])
    warning, warnings = inst.order_warning, texts["order_warnings"]
    if not warning:
        add("unknown_warning", flags_cfg["unknown_warning"]["label"])
    elif warning != warnings["none"]:
        if warning.startswith(_UNREADABLE):
            label = warnings["unreadable"].format(value=warning.removeprefix(_UNREADABLE))
        else:
            label = warnings["labels"].get(warning) or warnings["unknown"].format(code=warning)
        if inst.warning_seen:  # kept from an earlier answer: say when it was last stated
            seen = inst.warning_seen.removeprefix(f"{inst.day} ") if inst.day else inst.warning_seen
            label = flags_cfg["order_warning"]["kept"].format(label=label, seen=seen)
        add("order_warning", label)
    if inst.impossible_band is not None:
        add("impossible_band", flags_cfg["impossible_band"]["label"])
    claim = unsure_claim(inst.kind)
    if claim:
        add("unsure_kind", flags_cfg["unsure_kind"]["label"].format(kind=claim.upper()))
    if inst.nxt_enable is False:
        add("no_nxt", flags_cfg["no_nxt"]["label"])
    return replace(inst, flags=tuple(flags), warnings=tuple(confirm))


def instrument_from_answers(code: str, basic: Mapping | None, info: Mapping | None) -> Instrument:
    """Combine a ka10001 answer body (``basic``) and a ka10100 one (``info``); either may be None (failed)."""
    basic = basic if isinstance(basic, Mapping) else None
    info = info if isinstance(info, Mapping) else None
    b: Mapping = basic or {}
    name = _text(b.get("stk_nm")) or (_text(info.get("name")) if info else "")
    credit_ok: bool | None = None
    nxt: bool | None = None
    state = warning = market = ""
    if info is not None:
        raw_state = info.get("state")
        state = _text(raw_state)
        if isinstance(raw_state, str):  # a missing state says nothing either way
            credit_ok = _texts()["credit"]["word"] in [part.strip() for part in raw_state.split("|")]
        warning = _order_warning(info)
        raw_nxt = info.get("nxtEnable")
        if isinstance(raw_nxt, str):
            nxt = raw_nxt.strip().upper() == _texts()["nxt"]["yes"]
        market = _text(info.get("marketName"))
    code = _text(code).upper()
    rate = _text(b.get("flu_rt"))
    upper, lower = price_value(b.get("upl_pric")), price_value(b.get("lst_pric"))
    impossible = (upper, lower) if upper is not None and lower is not None and upper < lower else None
    price, base = price_value(b.get("cur_prc")), price_value(b.get("base_pric"))
    claim = _market_kinds(info)
    kind = grid_kind(_texts()["kind"]["default"], *claim, (price, base, upper, lower))
    return describe(
        Instrument(
            code=code,
            name=name,
            price=price,
            direction=_direction(b) if basic is not None else "",
            change_rate=rate if len(rate) <= 20 else "",
            base_price=base,
            upper_limit=None if impossible else upper,  # an impossible band is an unknown one: asked, not judged
            lower_limit=None if impossible else lower,
            kind=kind,
            market=market,
            credit_ok=credit_ok,
            order_warning=warning,
            nxt_enable=nxt,
            state=state,
            flags=(),
            warnings=(),
            impossible_band=impossible,
        )
    )


def unknown_code(return_msg: str) -> bool:
    """The host's message says the code does not exist (1901, 1902, 1903)."""
    known = _texts()["unknown_codes"]["codes"]
    return any(code in known for code in _host_codes(return_msg))


def _host_codes(return_msg: object) -> list[str]:
    if not isinstance(return_msg, str):
        return []
    return _HOST_CODE.findall(return_msg[:2000])  # a class like [2000] may come first: keep them all


def host_code(return_msg: object) -> str | None:
    """The 4-digit code in a message like ``입력 값 오류입니다[1902:종목 정보가 없습니다…]`` (an unknown-code
    one first, if any); None without one."""
    codes = _host_codes(return_msg)
    known = _texts()["unknown_codes"]["codes"]
    return next((c for c in codes if c in known), codes[0] if codes else None)


def unknown_code_message(code: str, return_msg: str) -> str:
    """The stk_cd field's message for an unknown code: ``종목코드 XXXXXX: 없는 종목입니다 (키움 [1902])``."""
    found = host_code(return_msg) or _texts()["unknown_codes"]["codes"][1]
    return _texts()["messages"]["unknown_code"].format(code=_text(code), host_code=found)
