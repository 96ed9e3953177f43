"""Find a stock by what the trader types: part of its name, its initial consonants (ㅅㅅㅈㅈ → 삼성전자), or the
start of its code (0000D → 0000D0). Pure text work over the list read from ka10099 (instrument.stock_list); one
regular expression per keystroke, so a list of thousands answers at once."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .stock_list import StockName

_FIRST, _LAST = 0xAC00, 0xD7A3  # Hangul syllables
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"  # compatibility jamo, in the syllables' order
_PER_INITIAL, _FINALS = 588, 28


def initial_of(ch: str) -> str:
    """The initial consonant of a Hangul syllable (삼 → ㅅ); any other character unchanged."""
    n = ord(ch)
    return _INITIALS[(n - _FIRST) // _PER_INITIAL] if _FIRST <= n <= _LAST else ch


def _piece(ch: str, last: bool) -> str:
    """The pattern one typed character stands for."""
    n = ord(ch)
    if ch in _INITIALS:  # ㅅ: itself or any syllable starting with ㅅ
        first = _FIRST + _INITIALS.index(ch) * _PER_INITIAL
        return f"[{ch}{chr(first)}-{chr(first + _PER_INITIAL - 1)}]"
    if last and _FIRST <= n <= _LAST and (n - _FIRST) % _FINALS == 0:  # 서 while 성 is being typed: 서, 석 … 섷
        return f"[{ch}-{chr(n + _FINALS - 1)}]"
    return re.escape(ch)


def fold(text: str) -> str:
    """What matching compares: no spaces, letters in one case."""
    return "".join(text.split()).casefold()


def pattern(typed: str) -> re.Pattern[str] | None:
    query = fold(typed)
    if not query:
        return None
    return re.compile("".join(_piece(ch, i == len(query) - 1) for i, ch in enumerate(query)))


def search(entries: Sequence[StockName], typed: str, limit: int = 20) -> list[StockName]:
    """The stocks ``typed`` names, best first: the exact name, names starting with it, codes starting with it,
    then names containing it (shorter names first within each). At most ``limit``."""
    found = pattern(typed)
    if found is None:
        return []
    query, code_query = fold(typed), "".join(typed.split()).upper()
    ranked: list[tuple[int, int, str, StockName]] = []
    for entry in entries:
        name = fold(entry.name)
        if name == query:
            rank = 0
        elif code_query.isascii() and entry.code.startswith(code_query):
            rank = 2
        else:
            where = found.search(name)
            if where is None:
                continue
            rank = 1 if where.start() == 0 else 3
        ranked.append((rank, len(entry.name), entry.code, entry))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]
