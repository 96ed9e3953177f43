"""The stock line under 종목코드: what the host said about the form's stock, in room kept from the start.

The line's items (name, price and change, 기준가, 상한가, 하한가, flags) never break inside: a narrow ticket
wraps between them. Its height is the room a full line needs at the label's width, reserved while it is
empty or says 조회 중…, so the fields below never move when an answer lands or leaves (issue 18).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import cache

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ...base.kst import KST
from ...base.resources_io import load_json
from ...base.safe_text import excerpt, printable
from ...instrument.model import Instrument
from ...instrument.rules import confirmation_warnings

SEPARATOR = "&nbsp;· "  # the dot stays with the item before it; the line may break after it


def kst_today() -> str:
    """Today in Korea (ISO): a looked-up band holds for the trading day it was fetched on."""
    return dt.datetime.now(KST).date().isoformat()


@cache
def texts() -> dict:
    """What the forms show about a looked-up stock (resources/instrument_form.json)."""
    return load_json("instrument_form.json")


_HOST_CODE = re.compile(r"\[\s*(\d{4})\b")  # "…[1902:종목 정보가 없습니다 …]" → 1902


def unknown_message(code: str, host_message: str = "") -> str:
    """The field error for a code the host does not know (resources/instrument.json), with the host's
    error number when its message had one."""
    found = _HOST_CODE.search(host_message or "")
    return load_json("instrument.json")["messages"]["unknown_code"].format(
        code=code, host_code=found.group(1) if found else "?"
    )


def won(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def item(text: str) -> str:
    """One item of the line, kept whole when the line wraps."""
    return f'<span style="white-space:nowrap">{text}</span>'


def join_items(parts: list[str]) -> str:
    return SEPARATOR.join(item(p) for p in parts)


def _host_text(text: str, limit: int) -> str:
    return html.escape(excerpt(printable(text), limit))


def instrument_html(instrument: Instrument) -> str:
    """``삼성전자 · 현재가 71,000 ▲+0.71% · 기준가 70,500 · 상한가 91,600 · 하한가 49,400 · 신용 불가``: the
    price red when up and blue when down, flags red, the whole line red for a stock to confirm. Every text
    from the host is escaped (the label is rich text)."""
    t, colours = texts()["line"], texts()["colours"]
    name = _host_text(instrument.name, int(t["name_limit"])) if instrument.name else t["unnamed"]
    parts = [f"<b>{name}</b>"]
    if instrument.price is not None:
        move = texts()["arrows"].get(instrument.direction, "")
        rate = _host_text(instrument.change_rate, 12)
        move += f"{rate}%" if rate else ""
        current = t["current"].format(price=won(instrument.price)) + (f" {move}" if move else "")
        colour = colours.get(instrument.direction)
        parts.append(f'<span style="color:{colour}">{current}</span>' if colour else current)
    for key, value in (("base", instrument.base_price), ("upper", instrument.upper_limit),
                       ("lower", instrument.lower_limit)):
        if value is not None:
            parts.append(t[key].format(price=won(value)))
    flag_style = f'style="color:{colours["flag"]}; font-weight:bold"'
    parts += [f"<span {flag_style}>{_host_text(flag, 40)}</span>" for flag in instrument.flags]
    line = join_items(parts)
    if confirmation_warnings(instrument):
        line = f'<span style="color:{colours["warning"]}">{line}</span>'
    return line


def status_html(
    code: str,
    instrument: Instrument | None,
    *,
    unknown: bool,
    loading: bool,
    lookup_error: str,
    fetched_at: str,
) -> str:
    """The whole line for the form's state: "" without a code or for an unknown one (the field says so)."""
    t = texts()["line"]

    def note(text: str, colour: str) -> str:  # a sentence: it may wrap at its spaces
        return f"{SEPARATOR}<span style='color:{colour}'>{text}</span>"

    def reason() -> str:
        return html.escape(excerpt(printable(lookup_error), int(t["reason_limit"])))

    if not code or unknown:
        return ""
    if instrument is not None:
        line = instrument_html(instrument)
        if instrument.credit_ok is None:
            line += note(t["partial"], "#666")
        if instrument.day and instrument.day != kst_today():
            line += note(t["old_day"], "#e65100")
        if lookup_error:  # a refresh failed: what is shown is the last good answer
            failed = t["refresh_failed"].format(reason=reason(), time=html.escape(fetched_at or "?"))
            line += note(failed, "#e65100")
        return line
    if lookup_error:
        return t["failed"].format(reason=reason())
    return t["loading"] if loading else ""


class InstrumentLine(QLabel):
    """The rich-text stock line (object name ``instrument``), as tall as a full line at its width from the
    start: filling or emptying it never moves what is below. A longer line (a note, many flags) may take more."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("instrument")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        # never widens the ticket: it wraps to the width it is given
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._room = QLabel()  # a typical full line, never shown: its height at our width is the room kept
        self._room.setTextFormat(Qt.TextFormat.RichText)
        self._room.setWordWrap(True)
        self._room.setText(join_items(texts()["room_sample"]))
        self._room.setFont(self.font())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._room.setFont(self.font())
        super().changeEvent(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        own = super().heightForWidth(width) if self.text() else 0
        return max(own, self._room.heightForWidth(width))

    def sizeHint(self) -> QSize:
        width = max(self.width(), 1)
        return QSize(super().sizeHint().width(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.heightForWidth(max(self.width(), 1)))
