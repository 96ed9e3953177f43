"""Small helpers for Korean message text."""

from __future__ import annotations

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


def has_final_consonant(word: str) -> bool | None:
    """True if the last syllable has a 받침, False if not, None if the word does not end in Hangul."""
    if not word:
        return None
    code = ord(word[-1])
    if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return None
    return (code - _HANGUL_FIRST) % 28 != 0


def with_object_particle(word: str) -> str:
    """``주문단가`` → ``주문단가를``, ``대출일`` → ``대출일을`` (을/를 chosen by the final syllable)."""
    final = has_final_consonant(word)
    if final is None:
        return f"{word}을(를)"
    return word + ("을" if final else "를")
