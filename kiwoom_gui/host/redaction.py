"""Keep secrets out of text: masks for display and a scrubber for anything that leaves the process."""

from __future__ import annotations

from collections.abc import Iterable

MASK = "****"


def mask_secret(value: str | None) -> str:
    """``abcd…wxyz`` for long secrets (enough to tell two apart), ``****`` for short or empty ones."""
    if not value:
        return ""
    if len(value) < 24:
        return MASK
    return f"{value[:4]}…{value[-4:]}"


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of every non-trivial secret in ``text`` with ``****``."""
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
