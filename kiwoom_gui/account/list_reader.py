"""A query page read item by item: the list of an answer decoded one item at a time, each item kept as what the
program keeps of it (a packed row) and let go of at once.

``json.loads`` of a 1.4 MB page is one C call that holds the GIL throughout (~16 ms, far more when the machine is
busy), and leaves 3,000 dicts alive until they are packed: the GUI thread cannot paint meanwhile. Decoded item by
item, the API thread runs Python between items, so the GUI thread gets its turn within the interpreter's switch
interval, and at most one item is held as a dict.

What is decoded is exactly what ``json.loads`` would give (same decoder, same errors: ``ValueError`` for anything
malformed, a number past Python's digit limit included; ``RecursionError`` for nesting past the limit; a repeated
key: the last one counts); only the list under ``key`` of a top-level object is read this way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, as json.decoder skips it


@dataclass(frozen=True)
class ListItems:
    """How to read the list of a page: its key in the answer, and what to keep of each item — ``pack(item,
    scrub)``: ``item`` a dict as the host sent it, ``scrub`` the function that takes every secret out of a text
    (the caller's choke point: every text kept must pass through it)."""

    key: str
    pack: Callable[[Mapping[str, object], Callable[[str], str]], object]


def read_page(text: str, items: ListItems, scrub: Callable[[str], str]) -> tuple[Any, list | None]:
    """``(answer, kept)``: the answer as ``json.loads(text)`` gives it, except that when it is an object whose
    ``items.key`` is a list, that list is not in ``answer``: ``kept`` holds ``items.pack`` of each of its dict
    items, in order (other items are no rows and are skipped). ``kept`` is None when there is no such list.
    Raises as ``json.loads`` does."""
    at = _WS.match(text).end()
    if not text.startswith("{", at):
        return json.loads(text), None  # not an object: no page of rows, read as it is
    decode = _DECODER.raw_decode
    answer: dict[str, Any] = {}
    kept: list | None = None
    at = _WS.match(text, at + 1).end()
    if text.startswith("}", at):
        return _end(text, at + 1, answer), None
    while True:
        if not text.startswith('"', at):
            raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, at)
        name, at = decode(text, at)
        at = _WS.match(text, at).end()
        if not text.startswith(":", at):
            raise json.JSONDecodeError("Expecting ':' delimiter", text, at)
        at = _WS.match(text, at + 1).end()
        if name == items.key and text.startswith("[", at):
            kept, at = _items(text, at, items.pack, scrub)
            answer.pop(name, None)  # a repeated key: the last one counts, as json.loads has it
        else:
            value, at = decode(text, at)
            answer[name] = value
            if name == items.key:
                kept = None
        at = _WS.match(text, at).end()
        if text.startswith(",", at):
            at = _WS.match(text, at + 1).end()
            continue
        if text.startswith("}", at):
            return _end(text, at + 1, answer), kept
        raise json.JSONDecodeError("Expecting ',' delimiter", text, at)


def _items(text: str, at: int, pack: Callable, scrub: Callable[[str], str]) -> tuple[list, int]:
    """The list starting at ``text[at] == '['``: each dict item packed as soon as it is decoded."""
    decode = _DECODER.raw_decode
    kept: list = []
    at = _WS.match(text, at + 1).end()
    if text.startswith("]", at):
        return kept, at + 1
    while True:
        item, at = decode(text, at)  # one item: a short C call, then Python again (the GUI thread's turn)
        if type(item) is dict:
            kept.append(pack(item, scrub))
        del item  # never more than one item held as a dict
        at = _WS.match(text, at).end()
        if text.startswith(",", at):
            at = _WS.match(text, at + 1).end()
            continue
        if text.startswith("]", at):
            return kept, at + 1
        raise json.JSONDecodeError("Expecting ',' delimiter", text, at)


def _end(text: str, at: int, answer: dict) -> dict:
    if _WS.match(text, at).end() != len(text):
        raise json.JSONDecodeError("Extra data", text, at)
    return answer
