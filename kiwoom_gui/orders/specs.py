"""The four credit orders and the account queries as frozen dataclasses, loaded from ``resources/orders.json``,
``queries.json`` and ``rules.json``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from ..base.resources_io import load_json


@dataclass(frozen=True)
class EnumOption:
    code: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    """One row of a spec table: key, 한글명, type, required, length, description, plus our input kind."""

    key: str
    label: str
    type: str
    required: bool
    max_length: int
    description: str = ""
    kind: str = "text"
    enum: tuple[EnumOption, ...] = ()
    default: str = ""
    hint: str = ""  # our own help text; ``description`` stays the spec's words
    children: tuple[FieldSpec, ...] = ()  # the fields of each row of a LIST field
    parse: str = "text"  # how an answer's value is read (kiwoom_gui.account.cells)

    def enum_label(self, code: str) -> str:
        for option in self.enum:
            if option.code == code:
                return option.label
        return code


@dataclass(frozen=True)
class OrderSpec:
    api_id: str
    title: str
    method: str
    path: str
    content_type: str
    request_headers: tuple[FieldSpec, ...]
    request_body: tuple[FieldSpec, ...]
    response_headers: tuple[FieldSpec, ...]
    response_body: tuple[FieldSpec, ...]
    example_request: Mapping[str, str] = field(default_factory=dict)

    def body_field(self, key: str) -> FieldSpec:
        for f in self.request_body:
            if f.key == key:
                return f
        raise KeyError(f"{self.api_id} has no body field {key!r}")

    def has_field(self, key: str) -> bool:
        return any(f.key == key for f in self.request_body)


@dataclass(frozen=True)
class Condition:
    """``field`` is required when ``depends_on`` has one of ``required_when``; else ``otherwise``."""

    field: str
    depends_on: str
    required_when: frozenset[str]
    otherwise: str  # "blank" (must be empty) or "optional"


@dataclass(frozen=True)
class Rules:
    kinds: Mapping[str, Mapping[str, Any]]
    conditions: tuple[Condition, ...]
    messages: Mapping[str, str]


def _field(raw: Mapping[str, Any]) -> FieldSpec:
    return FieldSpec(
        key=raw["key"],
        label=raw["label"],
        type=raw["type"],
        required=bool(raw["required"]),
        max_length=int(raw["max_length"]),
        description=raw.get("description", ""),
        kind=raw.get("kind", "text"),
        enum=tuple(EnumOption(o["code"], o["label"]) for o in raw.get("enum", ())),
        default=raw.get("default", ""),
        hint=raw.get("hint", ""),
        children=tuple(_field(c) for c in raw.get("children", ())),
        parse=raw.get("parse", "text"),
    )


def _order(raw: Mapping[str, Any]) -> OrderSpec:
    return OrderSpec(
        api_id=raw["api_id"],
        title=raw["title"],
        method=raw["method"],
        path=raw["path"],
        content_type=raw["content_type"],
        request_headers=tuple(_field(f) for f in raw["request_headers"]),
        request_body=tuple(_field(f) for f in raw["request_body"]),
        response_headers=tuple(_field(f) for f in raw["response_headers"]),
        response_body=tuple(_field(f) for f in raw["response_body"]),
        example_request=MappingProxyType(dict(raw.get("example_request", {}))),
    )


@cache
def load_orders() -> Mapping[str, OrderSpec]:
    """All order specs keyed by api-id, in the spec's order (kt10006, kt10007, kt10008, kt10009)."""
    data = load_json("orders.json")
    return MappingProxyType({o["api_id"]: _order(o) for o in data["orders"]})


def order_spec(api_id: str) -> OrderSpec:
    try:
        return load_orders()[api_id]
    except KeyError:
        raise KeyError(f"unknown api-id {api_id!r}") from None


@cache
def load_queries() -> Mapping[str, OrderSpec]:
    """The account queries keyed by api-id (ka00001, ka10075, kt00007, kt00018), same shape as the orders."""
    data = load_json("queries.json")
    return MappingProxyType({q["api_id"]: _order(q) for q in data["queries"]})


def query_spec(api_id: str) -> OrderSpec:
    try:
        return load_queries()[api_id]
    except KeyError:
        raise KeyError(f"unknown query api-id {api_id!r}") from None


@cache
def load_rules() -> Rules:
    data = load_json("rules.json")
    return Rules(
        kinds=MappingProxyType({k: MappingProxyType(v) for k, v in data["kinds"].items()}),
        conditions=tuple(
            Condition(c["field"], c["depends_on"], frozenset(c["required_when"]), c["otherwise"])
            for c in data["conditions"]
        ),
        messages=MappingProxyType(dict(data["messages"])),
    )
