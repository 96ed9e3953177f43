"""정정조건단가 applies only to an original order that has a 조건단가 (resources/rules.json
``modify_condition``): the 신용정정 form has no 매매구분, so the window tells it the original's type (from the
미체결 row's words or the log row's request body). The type holds only for the 원주문번호 it was given with:
a typed or filled other number is another order, whose type is not known."""

from __future__ import annotations

from functools import cache

from ...base.resources_io import load_json
from ...orders.specs import order_spec


@cache
def _rule() -> dict:
    return load_json("rules.json")["modify_condition"]


def condition_field() -> str:
    return str(_rule()["field"])


def order_type_code(code_or_text: str | None) -> str | None:
    """``"5"`` or ``"조건부지정가"`` (either spelling of a 매매구분) as its wire code; None when not known."""
    if code_or_text is None:
        return None
    text = str(code_or_text).strip()
    if not text:
        return None
    for option in order_spec(_rule()["types_from"]).body_field("trde_tp").enum:
        if text in (option.code, option.label):
            return option.code
    return None


def condition_applies(code: str | None) -> bool:
    return code is not None and code in _rule()["original_types"]


def closed_note() -> str:
    """Why the field is closed: what it applies to."""
    return str(_rule()["closed_note"])
