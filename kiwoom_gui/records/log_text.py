"""A log row as bounded text: the detail pane and the JSON copy (the cutting itself: bounded_text.py).

The journal keeps its own excerpt; the CSV export writes rows in full.
"""

from __future__ import annotations

from ..base.resources_io import load_json
from .bounded_text import DETAIL_CHARS, STRING_CHARS, bounded, bounded_json, dump_bounded
from .log_rows import LogRow

_TEXTS: dict[str, str] = load_json("log.json")["texts"]

__all__ = ["DETAIL_CHARS", "bounded", "bounded_json", "copy_text", "detail_text", "dump_bounded"]


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
