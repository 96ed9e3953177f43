"""Text from a host made safe to show and to store: lone surrogates escaped, long values cut with a mark.

A host that cuts a message inside an emoji sends half a surrogate pair (``"\\ud800"``). Python keeps it,
but it cannot be encoded as UTF-8: SQLite refuses it and Qt drops it without a word. Escaping it as the
six characters ``\\ud800`` keeps what was sent and is safe everywhere.
"""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` with every lone surrogate written as its ``\\uXXXX`` escape; anything else unchanged."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def excerpt(text: str, limit: int) -> str:
    """At most ``limit`` characters, with ``…`` where it was cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
