"""What the confirmation of a 신용매수 says about credit, and whether it must ask at all. Nothing here asks the
host: it reads what the desk last heard (the order path stays as fast as it is)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .account_line import CreditLine
from .estimate import estimate
from .figures import pct, texts


@dataclass(frozen=True)
class KnownOrderable:
    """The last kt00012 answer for one (code, price): ``quantity`` None when its column cannot be told or its
    figure is bad; ``at`` when it was heard (KST)."""

    quantity: int | None
    at: dt.datetime
    margin_rate: Decimal | None = None


@dataclass(frozen=True)
class SendCheck:
    must_ask: bool  # the confirmation is shown whatever the user's switch says
    lines: tuple[str, ...]
    reasons: tuple[str, ...] = ()  # the lines that made it ask (no age in them: judged again after the dialog)

    def new_reasons(self, later: SendCheck | None) -> bool:
        """``later`` (judged after the confirmation was shown) asks for a reason this one did not show."""
        return later is not None and bool(set(later.reasons) - set(self.reasons))


def _int(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def credit_buy_check(
    body: Mapping[str, str],
    line: CreditLine | None,
    line_problem: str,
    warn_pct: Decimal,
    known: KnownOrderable | None,
    flags: tuple[str, ...],
    flags_text: str,
    now: dt.datetime,
    earlier: tuple[CreditLine, str] | None = None,
) -> SendCheck:
    """``line_problem``: why the line is not known (a failed query, refused, not asked yet); ``earlier``: the last
    line heard (and its KST time) when the latest query of it failed — a failed refresh never silences its warning."""
    t = texts()
    lines: list[str] = []
    reasons: list[str] = []

    def warn(text: str) -> None:
        lines.append(text)
        reasons.append(text)

    if flags:
        warn(t["confirm_flags"].format(text=flags_text))
    if line is None and earlier is not None:
        line, when = earlier
        lines.append(t["confirm_line_failed"].format(why=line_problem or t["not_known"], time=when))
    if line is None:
        lines.append(t["confirm_ratio_unknown"].format(why=line_problem or t["not_known"]))
    elif not line.ratio.ok:  # an unreadable ratio never passes for a safe one
        warn(t["confirm_ratio_bad"].format(raw=line.ratio.shown("")))
    elif line.ratio_below(warn_pct):
        warn(t["confirm_ratio_low"].format(value=pct(line.ratio.value), warn=warn_pct))
    quantity, price = _int(body.get("ord_qty", "")), _int(body.get("ord_uv", ""))
    guess = estimate(line, quantity, price, known.margin_rate if known else None)
    if guess.value is not None and guess.value < warn_pct:
        warn(t["confirm_estimate_low"].format(value=pct(guess.value), warn=warn_pct))
    if known is None or known.quantity is None:
        lines.append(t["confirm_none"])
    else:
        age = max(0, int((now - known.at).total_seconds()))
        fmt = dict(known=known.quantity, time=known.at.strftime("%H:%M:%S"), age=age)
        if quantity is not None and quantity > known.quantity:
            lines.append(t["confirm_over"].format(qty=quantity, **fmt))
        else:
            lines.append(t["confirm_within"].format(**fmt))
    return SendCheck(bool(reasons), tuple(lines), tuple(reasons))
