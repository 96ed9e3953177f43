"""An order body in a trader's words, one (label, value) row per field: what the confirmation shows above the
JSON (issue 18). Labels and units: resources/order_words.json. Values are shown as they will be sent — an order
number or a code exactly as in the body — only numbers get their thousands separators and units."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..base.resources_io import load_json
from .specs import order_spec

_NUMBER = re.compile(r"[0-9]{1,18}")  # ASCII digits, and short enough for int()


def _grouped(text: str) -> str | None:
    return f"{int(text):,}" if _NUMBER.fullmatch(text) else None


def order_rows(api_id: str, body: Mapping[str, str], *, name: str = "") -> list[tuple[str, str]]:
    """(label, value) for each field of ``body`` in the spec's order; ``name``: the stock's name when known."""
    words = load_json("order_words.json")
    rows: list[tuple[str, str]] = []
    for field in order_spec(api_id).request_body:
        if field.key not in body:
            continue
        raw = str(body[field.key])
        label = words["labels"].get(field.key, field.label)
        if field.enum:  # a venue keeps its own name (KRX); a number code (보통 = 0) is read as its word
            value = field.enum_label(raw) if raw else ""
            if raw and not raw.isdigit():
                value = f"{value} ({raw})"
        elif field.key == "stk_cd":
            value = f"{name}({raw})" if name and raw else raw
        elif field.kind == "date" and re.fullmatch(r"[0-9]{8}", raw):
            value = f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
        elif field.kind == "remaining_quantity" and raw == "0":
            value = words["whole_remaining"]
        elif field.kind in words["units"]:
            grouped = _grouped(raw)
            if raw == "":
                if field.key.startswith("cond") or field.key.endswith("cond_uv"):
                    continue  # a 조건단가 the order does not carry says nothing
                value = words["no_price"] if field.kind == "price" else ""
            else:
                value = f"{grouped}{words['units'][field.kind]}" if grouped is not None else raw
        else:
            value = raw
        rows.append((label, value))
    return rows


def order_table_text(rows: list[tuple[str, str]]) -> str:
    """The rows as aligned plain text (labels padded to one width)."""
    width = max((len(label) for label, _ in rows), default=0)
    return "\n".join(f"{label.ljust(width, '　')}  {value}" for label, value in rows)
