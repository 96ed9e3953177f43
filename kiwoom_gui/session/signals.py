"""Real-time 0s (장시작시간), 1h (VI발동/해제) and 0g (주식종목정보) values → frozen signals (kiwoom-spec/0s.md,
1h.md, 0g.md). Never raises on what the host sends: an entry of these types that cannot be read is counted as
unread (shown in the market state's tooltip), never shown as a state or a price.

:func:`parse_market` reads a whole REAL frame; :func:`parse_entry` one entry (what a dispatcher that already
split the frame by type hands over)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..account.cells import parse_cell
from ..base.safe_text import excerpt, printable
from .calendar import data

SESSION_TYPE, VI_TYPE, BAND_TYPE = "0s", "1h", "0g"
TYPES = (SESSION_TYPE, VI_TYPE, BAND_TYPE)
VI_ON, VI_OFF, VI_UNKNOWN = "on", "off", "unknown"


@dataclass(frozen=True)
class SessionSignal:
    venue: str  # "KRX" or "NXT"
    session: str  # a session id of market_sessions.json
    code: str  # FID 215 as sent
    time: str  # FID 20 HHmmss ("" when missing or not a time)


@dataclass(frozen=True)
class ViSignal:
    code: str  # 6-character stock code (venue suffix and A removed)
    name: str  # 302
    state: str  # VI_ON, VI_OFF, VI_UNKNOWN (9068 not one of the known values: treated as on)
    value: str  # 9068 as sent
    kind: str  # 1225 정적/동적/동적+정적 as sent
    price: int | None  # 1221 VI발동가격


@dataclass(frozen=True)
class BandSignal:
    code: str
    upper: int | None  # 305 상한가 (direction mark removed)
    lower: int | None  # 306 하한가
    base: int | None  # 307 기준가


Signal = SessionSignal | ViSignal | BandSignal


def _text(values: Mapping, fid: str, limit: int = 40) -> str:
    value = values.get(fid)
    return excerpt(printable(value.strip()), limit) if isinstance(value, str) else ""


def _hhmmss(values: Mapping, fid: str) -> str:
    """An HHmmss time as sent; "" when missing or not a time of day (never shown as one)."""
    text = _text(values, fid, 8)
    ok = len(text) == 6 and text.isascii() and text.isdigit()
    return text if ok and int(text[:2]) < 24 and int(text[2:4]) < 60 and int(text[4:]) < 60 else ""


def _price(values: Mapping, fid: str) -> int | None:
    value = parse_cell("price", values.get(fid)).value
    return value if isinstance(value, int) and value > 0 else None


def _code(values: Mapping, item: object) -> str:
    """The stock an entry is about: 9001 and the entry's item, which must agree when both are sent (an entry
    whose item names one stock and whose 9001 another proves neither: "" — unread)."""
    found = {code for code in (parse_cell("code", raw).value for raw in (values.get("9001"), item))
             if isinstance(code, str)}
    return found.pop() if len(found) == 1 else ""


def parse_entry(kind: object, values: object, item: object = None) -> Signal | None:
    """One entry of type 0s / 1h / 0g → its signal; None when it cannot be read (or is another type)."""
    if not isinstance(values, Mapping):
        return None
    if kind == SESSION_TYPE:
        found = data()["live_0s"].get(_text(values, "215", 4))
        if not isinstance(found, list):
            return None
        return SessionSignal(found[0], found[1], _text(values, "215", 4), _hhmmss(values, "20"))
    code = _code(values, item)
    if not code:
        return None
    if kind == VI_TYPE:
        value = _text(values, "9068", 8)
        vi = data()["vi"]
        state = VI_ON if value in vi["triggered"] else VI_OFF if value in vi["released"] else VI_UNKNOWN
        return ViSignal(code, _text(values, "302", 40), state, value, _text(values, data()["vi_kind_fid"], 12),
                        _price(values, data()["vi_price_fid"]))
    if kind == BAND_TYPE:
        upper, lower = _price(values, "305"), _price(values, "306")
        if upper is None and lower is None or (upper is not None and lower is not None and upper < lower):
            return None  # no band, or one that cannot be true: never replaces the known one
        return BandSignal(code, upper, lower, _price(values, "307"))
    return None


def parse_market(frame: object) -> tuple[list[Signal], int]:
    """Every 0s / 1h / 0g entry of a REAL frame body, in order, and how many of them could not be read."""
    if not isinstance(frame, Mapping) or not isinstance(frame.get("data"), list):
        return [], 0
    found: list[Signal] = []
    unread = 0
    for entry in frame["data"]:
        if not isinstance(entry, Mapping) or entry.get("type") not in TYPES:
            continue
        signal = parse_entry(entry.get("type"), entry.get("values"), entry.get("item"))
        if signal is None:
            unread += 1
        else:
            found.append(signal)
    return found, unread
