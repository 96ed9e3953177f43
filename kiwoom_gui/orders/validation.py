"""Normalise and validate the raw texts of an order form; build the exact request body.

Pure Python, no Qt. Every rule comes from ``resources/orders.json`` (spec fields) and
``resources/rules.json`` (rules the spec states only in prose); this module only interprets them.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..base.kst import KST
from ..instrument.ticks import tick_problem
from .korean import with_object_particle
from .specs import FieldSpec, OrderSpec, Rules, load_rules, order_spec

REQUIRED = "required"
OPTIONAL = "optional"
BLANK = "blank"  # does not apply to this order: must stay empty, sent as ""

# separators sit on thousands and a leading group never starts with 0: "0,500" and "00,500" are not 500
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")


def korea_today() -> _dt.date:
    """Today's date in Korea (the exchange's calendar), whatever the machine's time zone."""
    return _dt.datetime.now(KST).date()


def earliest_date(kind: Mapping[str, object]) -> _dt.date | None:
    """The first day a date of this kind may name (rules.json ``not_before``), or None."""
    text = kind.get("not_before")
    return _dt.datetime.strptime(str(text), "%Y%m%d").date() if text else None


@dataclass(frozen=True)
class ValidationResult:
    """What a form's raw texts amount to: normalised values, per-field errors and field states."""

    api_id: str
    values: Mapping[str, str]
    errors: Mapping[str, str]
    states: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def body(self) -> dict[str, str] | None:
        """The request body (every spec field, spec order, all strings) or None when invalid."""
        if self.errors:
            return None
        spec = order_spec(self.api_id)
        return {f.key: self.values[f.key] for f in spec.request_body}


class InvalidOrder(ValueError):
    """Raised by :func:`build_body` when the form is not valid; carries the per-field messages."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def _message(rules: Rules, name: str, f: FieldSpec, **extra: object) -> str:
    template = rules.messages.get(name) or rules.kinds.get(f.kind, {}).get(name) or name
    return template.format(label=f.label, label_eul=with_object_particle(f.label), **extra)


def normalise(f: FieldSpec, raw: object, rules: Rules | None = None) -> str:
    """Trim and canonicalise one raw text by the field's kind (never changes what it means)."""
    rules = rules or load_rules()
    kind = rules.kinds.get(f.kind, {})
    text = "" if raw is None else str(raw)
    text = text.strip()
    if kind.get("upper") and text.isascii():  # "ß".upper() is "SS": a non-ASCII text stays as typed, and fails
        text = text.upper()
    if kind.get("thousands") and _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if kind.get("thousands") and _DIGITS.fullmatch(text) and len(text) > 1:
        text = text.lstrip("0") or "0"  # "010" is 10; not int(): huge pastes must not raise
    pad = kind.get("zero_pad")
    if pad and _DIGITS.fullmatch(text) and len(text) < pad:
        text = text.zfill(pad)
    seps = kind.get("date_separators")
    if seps:
        sep = f"[{re.escape(seps)}]"
        m = re.fullmatch(f"([0-9]{{4}}){sep}([0-9]{{2}}){sep}([0-9]{{2}})", text)
        if m:
            text = "".join(m.groups())
    return text


def field_states(spec: OrderSpec, values: Mapping[str, str], rules: Rules | None = None) -> dict[str, str]:
    """Whether each body field is required, optional or must stay blank, given the other values."""
    rules = rules or load_rules()
    states = {f.key: REQUIRED if f.required else OPTIONAL for f in spec.request_body}
    for cond in rules.conditions:
        if cond.field not in states or not spec.has_field(cond.depends_on):
            continue
        dep = spec.body_field(cond.depends_on)
        dep_value = values.get(cond.depends_on, "")
        if dep_value in cond.required_when:
            states[cond.field] = REQUIRED
        elif dep.enum and dep_value in {o.code for o in dep.enum}:
            states[cond.field] = BLANK if cond.otherwise == BLANK else OPTIONAL
        # an unknown/invalid order type leaves the field as the spec says; the type itself is flagged
    return states


def _cause(spec: OrderSpec, rules: Rules, key: str, values: Mapping[str, str]) -> str | None:
    for cond in rules.conditions:
        if cond.field == key and spec.has_field(cond.depends_on):
            dep = spec.body_field(cond.depends_on)
            return dep.enum_label(values.get(cond.depends_on, ""))
    return None


def _check_value(f: FieldSpec, value: str, rules: Rules, today: _dt.date) -> str | None:
    kind = rules.kinds.get(f.kind, {})
    if len(value) > f.max_length:  # first: cheap on a huge paste, and the field keeps it whole
        return _message(rules, "too_long", f, max=f.max_length, length=len(value))
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in value):
        return _message(rules, "control_chars", f)
    if f.enum:
        codes = [o.code for o in f.enum]
        if value not in codes:
            return _message(rules, "invalid", f, codes=", ".join(codes))
        return None
    pattern = kind.get("pattern")
    if pattern and not re.fullmatch(pattern, value, flags=re.ASCII):
        return _message(rules, "invalid", f)
    if "min" in kind and int(value) < int(kind["min"]):
        return _message(rules, "too_small", f)
    if kind.get("not_all_zero") and not value.strip("0"):  # judged after padding: "0", "00" are 0000000 too
        return _message(rules, "all_zero", f, value=value)
    if kind.get("calendar_date"):
        try:
            date = _dt.datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            return _message(rules, "invalid", f)
        if kind.get("not_after_today") and date > today:
            return _message(rules, "after_today", f, today=today.isoformat())
        earliest = earliest_date(kind)
        if earliest is not None and date < earliest:  # a typo (1899, 0001): no credit loan is that old
            return _message(rules, "before_min", f, min=earliest.isoformat())
    return None


def validate(
    api_id: str, raw: Mapping[str, object], today: _dt.date | None = None, *, price_kind: str = "stock"
) -> ValidationResult:
    """Normalise every body field of ``api_id`` and judge it; never raises on any text.

    ``today`` (Korea's date by default) bounds dates that may not lie in the future. ``price_kind``: the
    tick table every price must lie on ("stock", the offline default; "etf"/"etn" once the code is known).
    """
    spec = order_spec(api_id)
    rules = load_rules()
    today = today or korea_today()
    values = {f.key: normalise(f, raw.get(f.key, ""), rules) for f in spec.request_body}
    states = field_states(spec, values, rules)
    errors: dict[str, str] = {}
    for f in spec.request_body:
        value, state = values[f.key], states[f.key]
        cause = _cause(spec, rules, f.key, values)
        if not value:
            if state == REQUIRED:
                if cause and not f.required:
                    errors[f.key] = _message(rules, "required_because", f, cause=cause)
                else:
                    errors[f.key] = _message(rules, "required", f)
            continue
        if state == BLANK:
            errors[f.key] = _message(rules, "must_be_blank", f, cause=cause or "")
            continue
        problem = _check_value(f, value, rules, today)
        if not problem and f.kind == "price":  # a well-formed price must also lie on the KRX tick grid
            problem = tick_problem(int(value), price_kind)
        if problem:
            errors[f.key] = problem
    return ValidationResult(
        api_id=api_id,
        values=MappingProxyType(values),
        errors=MappingProxyType(errors),
        states=MappingProxyType(states),
    )


def build_body(
    api_id: str, raw: Mapping[str, object], today: _dt.date | None = None, *, price_kind: str = "stock"
) -> dict[str, str]:
    """The request body for valid input; raises :class:`InvalidOrder` with Korean messages otherwise."""
    result = validate(api_id, raw, today, price_kind=price_kind)
    if result.body is None:
        raise InvalidOrder(result.errors)
    return result.body
