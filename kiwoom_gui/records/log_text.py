"""A log row as bounded text: the detail pane, the JSON copy and the table's cells.

A host can send (and an old journal can hold) an answer of megabytes. Qt lays out a long line in
time that grows faster than its length (measured: a 100,000-character line 2.6 s, 1,000,000 minutes),
so nothing the log shows is unbounded: each string is cut at ``string_chars``, each list or object at
``container_items``, and the whole text at ``detail_chars``; every cut says what it left out
("… (n자 생략)"). Cutting strings rather than the dumped text keeps the JSON copy valid JSON.
The journal keeps its own excerpt; the CSV export writes rows in full. Limits: resources/log.json.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..base.resources_io import load_json
from ..base.safe_text import printable  # lone surrogates (half an emoji) escaped: Qt would drop them

if TYPE_CHECKING:
    from .log_rows import LogRow

_LOG = load_json("log.json")
_TEXTS: dict[str, str] = _LOG["texts"]
STRING_CHARS: int = int(_LOG["limits"]["string_chars"])
CONTAINER_ITEMS: int = int(_LOG["limits"]["container_items"])
DETAIL_CHARS: int = int(_LOG["limits"]["detail_chars"])
_MAX_DEPTH = 32  # deeper than any answer; stops a hostile nesting from recursing without end


def bounded(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, then a note of how many were left out."""
    if len(text) > limit:
        text = text[:limit] + _TEXTS["omitted_chars"].format(n=len(text) - limit)
    return printable(text)


def bounded_json(value: Any, string_chars: int = STRING_CHARS, items: int = CONTAINER_ITEMS, depth: int = 0) -> Any:
    """``value`` (parsed JSON) with long strings and long lists/objects cut, each cut noted; still JSON."""
    if isinstance(value, str):
        return bounded(value, string_chars)
    if depth >= _MAX_DEPTH and isinstance(value, Mapping | list | tuple):
        return _TEXTS["omitted_depth"]
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for i, (key, item) in enumerate(value.items()):
            if i == items:
                out["…"] = _TEXTS["omitted_items"].format(n=len(value) - items)
                break
            out[bounded(str(key), string_chars)] = bounded_json(item, string_chars, items, depth + 1)
        return out
    if isinstance(value, list | tuple):
        kept = [bounded_json(item, string_chars, items, depth + 1) for item in value[:items]]
        if len(value) > items:
            kept.append(_TEXTS["omitted_items"].format(n=len(value) - items))
        return kept
    return value


def dump_bounded(value: Any, limit: int = DETAIL_CHARS) -> str:
    """Indented JSON of ``value`` in at most about ``limit`` characters: strings and lists are cut harder
    until it fits (so it stays valid JSON); only a pathological value is cut as text at the end."""
    text = ""
    for string_chars, items in ((STRING_CHARS, CONTAINER_ITEMS), (500, 50), (100, 20), (20, 5)):
        text = json.dumps(bounded_json(value, string_chars, items), ensure_ascii=False, indent=2, default=str)
        if len(text) <= limit:
            return text
    return bounded(text, limit)


def detail_text(row: LogRow) -> str:
    """The detail pane's text for ``row``: summary, note, request headers (masked) and body, the answer."""
    values = row.values()
    parts = [f"{row.when} · {values['env']} · {row.api_id} {values['title']} · {row.outcome_label}"]
    if row.message:
        parts.append(bounded(row.message, STRING_CHARS))
    if row.candidates and row.outcome is not None and row.outcome.value == "unknown":
        from ..account.attribution import candidate_lines

        parts.append("\n" + _TEXTS["section_candidates"])
        for candidate in row.candidates:
            parts.extend(bounded(line, STRING_CHARS) for line in candidate_lines(candidate))
    parts.append("\n" + _TEXTS["section_request_headers"] + "\n" + dump_bounded(dict(row.request_headers)))
    parts.append(_TEXTS["section_request_body"] + "\n" + dump_bounded(dict(row.request_body)))
    if row.response_headers:
        parts.append(_TEXTS["section_response_headers"] + "\n" + dump_bounded(dict(row.response_headers)))
    if row.response is not None:
        parts.append(_TEXTS["section_response_body"] + "\n" + dump_bounded(row.response))
    return bounded("\n".join(parts), DETAIL_CHARS)


def copy_text(row: LogRow) -> str:
    """What "JSON 복사" puts on the clipboard: the row as JSON, bounded like the detail pane."""
    return dump_bounded(row.to_json())
