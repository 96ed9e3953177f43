"""Korean words for why something failed, for every message the user reads (status bar, log rows, field
errors, live status, journal notes): never a Python class name (``TransportError``, ``OperationalError``) nor
a library's English text ("database is locked"). The table is resources/error_words.json.

Our own exceptions already speak Korean (JournalError, AuthError, InvalidOrder …): their text is kept as is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from .resources_io import load_json

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@cache
def _table() -> dict[str, Any]:
    data = load_json("error_words.json")
    return {
        "by_message": [(english.lower(), korean) for english, korean in data["by_message"]],
        "by_class": dict(data["by_class"]),
        "fallback": data["fallback"],
    }


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps, outermost first (requests → urllib3 MaxRetryError → reason → cause);
    a context hidden with ``raise … from None`` is not followed."""
    seen: set[int] = set()
    queue: list[BaseException] = [exc]
    while queue:
        e = queue.pop(0)
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        queue.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        inner = [getattr(e, "reason", None), e.__cause__]
        if not e.__suppress_context__:
            inner.append(e.__context__)
        queue.extend(i for i in inner if isinstance(i, BaseException))


def _text(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # a broken __str__ must not break the message that explains it
        return ""


def reason_in_korean(exc: BaseException) -> str:
    """Why ``exc`` happened, in Korean words: its own text when it is ours (Korean), else a common English
    message's words, else its class's (or a class it wraps or inherits from, the innermost cause first), else
    "알 수 없는 오류". Never the class name, never English from a library."""
    own = _text(exc)
    if _HANGUL.search(own) and not re.search(r"[A-Za-z]+Error|Exception", own):
        return own
    table = _table()
    chain = list(causes(exc))
    for e in reversed(chain):
        text = _text(e).lower()
        for english, korean in table["by_message"]:
            if english in text:
                return korean
    by_class = table["by_class"]
    for e in reversed(chain):  # the exact class first, innermost first: it says most
        if type(e).__name__ in by_class:
            return by_class[type(e).__name__]
    for e in reversed(chain):
        for kind in type(e).__mro__[1:]:
            if kind.__name__ in by_class:
                return by_class[kind.__name__]
    return table["fallback"]
