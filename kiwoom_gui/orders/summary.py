"""The one-line summary of what a form will send, e.g. ``005930 · 10주 × 2,580원 = 25,800원 · 신용매수 · KRX``."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .specs import order_spec

# ASCII digits only (str.isdigit() takes "²" and "١", which int() refuses or reads as other numbers), and
# short: a field now holds a whole 20,000-digit paste, beyond what int() converts
_NUMBER = re.compile(r"[0-9]{1,18}")
_SHOWN = 20  # longer texts are shown shortened, with their length, so the label cannot widen the window


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}…({len(text)}자)"


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def _won(text: str) -> str:
    return f"{int(text):,}" if _is_number(text) else _shown(text)


def order_summary(api_id: str, values: Mapping[str, str], *, name: str = "") -> str:
    """``name``: the stock's name once looked up, shown before its code (``삼성전자(005930)``)."""
    spec = order_spec(api_id)
    title = spec.title.replace(" ", "").replace("주문", "")
    venue = values.get("dmst_stex_tp", "")
    code = _shown(values.get("stk_cd", "")) or "종목?"
    if name and values.get("stk_cd"):
        code = f"{_shown(name)}({code})"
    if api_id in ("kt10006", "kt10007"):
        qty, price = values.get("ord_qty", ""), values.get("ord_uv", "")
        trde = spec.body_field("trde_tp").enum_label(values.get("trde_tp", ""))
        if _is_number(qty) and _is_number(price):
            amount = f"{_won(qty)}주 × {_won(price)}원 = {int(qty) * int(price):,}원"
        else:
            amount = f"{_won(qty) or '?'}주 · {trde}"
        parts = [code, amount, title, venue]
        if api_id == "kt10007" and values.get("crd_deal_tp"):
            parts.insert(3, spec.body_field("crd_deal_tp").enum_label(values["crd_deal_tp"]))
        return " · ".join(p for p in parts if p)
    qty_key = "mdfy_qty" if api_id == "kt10008" else "cncl_qty"
    qty = values.get(qty_key, "")
    qty_text = "잔량 전부" if qty == "0" else f"{_won(qty) or '?'}주"
    orig = _shown(values.get("orig_ord_no", "")) or "?"
    middle = f"{qty_text} → {_won(values['mdfy_uv'])}원" if api_id == "kt10008" and values.get("mdfy_uv") else qty_text
    return " · ".join(p for p in (f"원주문 {orig}", code, middle, title, venue) if p)
