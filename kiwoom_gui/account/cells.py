"""One answer field read by its kind: the value the program may use, and the text shown for it.

A field that is missing or not a well-formed value of its kind has no value (never a made-up 0) and is
shown as the host sent it. Nothing here raises, whatever a host sends.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import NamedTuple

from ..base.resources_io import load_json
from ..base.safe_text import excerpt, printable

# what one cell may show: a hostile megabyte in a table cell would make every repaint slow
TEXT_LIMIT = 1000
# the spec's numbers are at most 20 characters; a longer one is shown, not read (and int() of a
# huge digit string would raise or take seconds)
NUMBER_LIMIT = 40

# ASCII digits only: Python's int() would also take "٠٠٥" or "1_000"
_INT = re.compile(r"([+-]?)0*([0-9]+)")
_RATE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_TIME = re.compile(r"([0-9]{2}):?([0-9]{2}):?([0-9]{2})")
_CODE = re.compile(r"[0-9A-Z]{6}")


class Cell(NamedTuple):
    """Immutable, and a tuple of plain values: a full garbage collection (which holds the GIL) walks a 60,000-row
    list's hundreds of thousands of cells faster than it walked frozen dataclasses (112 → 70 ms measured). It is
    still tracked — only an exact tuple is untracked — so rows keep raw texts and make cells when read
    (:mod:`.rows`), and the caches below keep plain tuples."""

    raw: str | None  # exactly what the host sent for the key (None = key missing)
    value: int | Decimal | str | None  # parsed; None when missing or not parseable
    direction: str = ""  # "+" / "-" for "price" fields with a direction mark

    @property
    def text(self) -> str:
        """Display text: ``71,000`` for numbers, the raw text as sent when unparseable, ``""`` when missing."""
        if isinstance(self.value, (int, Decimal)):
            return f"{self.value:,}"
        if isinstance(self.value, str):
            return excerpt(printable(self.value), TEXT_LIMIT)
        return "" if self.raw is None else excerpt(printable(self.raw), TEXT_LIMIT)


@cache
def _code_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = load_json("queries.json")["rows"]
    return tuple(rows["code_prefixes"]), tuple(rows["code_suffixes"])


def _raw_text(raw: object) -> str:
    """A non-string value as its JSON text (what the host wrote), never an exception."""
    try:
        return json.dumps(raw, ensure_ascii=False)
    except (TypeError, ValueError):
        try:
            return repr(raw)
        except Exception:
            return "<읽을 수 없는 값>"  # never the Python type's name


def _number(text: str) -> re.Match[str] | None:
    text = text.strip()
    return _INT.fullmatch(text) if len(text) <= NUMBER_LIMIT else None


def _int(text: str) -> int | None:
    m = _number(text)
    if m is None:
        return None
    number = int(m.group(2))
    return -number if m.group(1) == "-" and number else number


def _price(text: str) -> tuple[int | None, str]:
    """``+74100`` → (74100, "+"): a price is never negative; the mark says which way it moved."""
    m = _number(text)
    if m is None:
        return None, ""
    return int(m.group(2)), m.group(1)


def _rate(text: str) -> Decimal | None:
    text = text.strip()
    if len(text) > NUMBER_LIMIT or _RATE.fullmatch(text) is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value + 0  # "-0.00" → "0.00": no negative zero on screen


def _date(text: str) -> str | None:
    text = text.strip()
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        return None
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return text


def _time(text: str) -> str | None:
    text = text.strip()
    m = _TIME.fullmatch(text)
    if m is None or (":" in text and len(text) != 8):
        return None
    h, mi, s = (int(g) for g in m.groups())
    return f"{h:02d}:{mi:02d}:{s:02d}" if h < 24 and mi < 60 and s < 60 else None


def _code(text: str) -> str | None:
    """``A005930`` → ``005930``; a plain 6-character code as is; ``005930_NX`` → ``005930``."""
    text = text.strip()
    prefixes, suffixes = _code_affixes()
    for suffix in suffixes:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if len(text) == 7 and text[0] in prefixes:
        text = text[1:]
    return text if _CODE.fullmatch(text) else None


def parse_cell(kind: str, raw: object) -> Cell:
    """Read one answer value as ``kind`` (text, code, int, price, rate, date, time). Never raises."""
    if raw is None:
        return _MISSING
    if not isinstance(raw, str):  # the spec sends strings; a JSON number or object is shown, not used
        return Cell(_raw_text(raw), None)
    if len(raw) > NUMBER_LIMIT:
        return _parse_str(kind, raw)
    return Cell(*_parse_short(kind, raw))


_MISSING = Cell(None, None)


def kept_raw(raw: object) -> str | tuple[str] | None:
    """``raw`` as a packed row keeps it (:mod:`.rows`): a text or None as it is, anything else as a 1-tuple of
    its JSON text — only values the garbage collector does not track, so 60,000 rows cost it nothing."""
    if raw is None or isinstance(raw, str):
        return raw
    return (_raw_text(raw),)


def cell_of(kind: str, kept: str | tuple[str] | None) -> Cell:
    """The cell for a value as :func:`kept_raw` keeps it: the same as ``parse_cell(kind, raw)``."""
    if kept is None:
        return _MISSING
    if isinstance(kept, tuple):
        return Cell(kept[0], None)
    return Cell(*_parse_short(kind, kept)) if len(kept) <= NUMBER_LIMIT else _parse_str(kind, kept)


def text_of(kind: str, kept: str | tuple[str] | None) -> str:
    """``cell_of(kind, kept).text``, read once per value."""
    if isinstance(kept, str) and len(kept) <= NUMBER_LIMIT:
        return _text_short(kind, kept)
    return cell_of(kind, kept).text


# A list repeats its values ("0000000000", "KRX", "접수"): one read serves them all. The caches keep plain
# tuples and texts (which the garbage collector does not track), never Cell objects: 8,192 of those would be
# walked by every full collection.
@lru_cache(maxsize=8192)
def _parse_short(kind: str, raw: str) -> tuple:
    return tuple(_parse_str(kind, raw))


@lru_cache(maxsize=8192)
def _text_short(kind: str, raw: str) -> str:
    return _parse_str(kind, raw).text


def _parse_str(kind: str, raw: str) -> Cell:
    if kind == "int":
        return Cell(raw, _int(raw))
    if kind == "price":
        value, direction = _price(raw)
        return Cell(raw, value, direction)
    if kind == "rate":
        return Cell(raw, _rate(raw))
    if kind == "date":
        return Cell(raw, _date(raw))
    if kind == "time":
        return Cell(raw, _time(raw))
    if kind == "code":
        return Cell(raw, _code(raw))
    return Cell(raw, raw)
