"""Whether an order number from the log (or, later, an account view) may go into a modify or cancel form.

An order number means something only at the host that issued it, in its environment, on its trading
day: the simulator's 0000001 is someone else's order at the real host, and yesterday's number may name
today's order. Anything else is refused with the reason, before a form is touched.
"""

from __future__ import annotations

import datetime as dt

from ..base.kst import KST
from ..host.answers import Outcome, order_number
from ..host.environments import environment
from ..records.journal_entry import JournalEntry


def _label(env: str) -> str:
    try:
        return environment(env).label
    except KeyError:
        return env


def trading_day(created_at: str) -> dt.date | None:
    """The KST date of a journal timestamp (local ISO time with its offset)."""
    try:
        return dt.datetime.fromisoformat(created_at).astimezone(KST).date()
    except (TypeError, ValueError):
        return None


def reuse_refusal(entry: JournalEntry, env: str, host: str, today: dt.date) -> str | None:
    """Why ``entry``'s order number may not be used now (in ``env`` at ``host`` on KST ``today``), or None."""
    if entry.outcome not in (Outcome.ACCEPTED, Outcome.CONFIRMED) or not entry.ord_no:
        return "접수된 주문의 주문번호만 정정/취소에 쓸 수 있습니다."
    if order_number(entry.ord_no) != entry.ord_no:
        return f"주문번호 {entry.ord_no!r}는 7자리 숫자가 아니라 쓸 수 없습니다."
    if entry.env != env:
        return f"{_label(entry.env)}에서 받은 주문번호입니다 — 지금 환경({_label(env)})에서는 쓸 수 없습니다."
    if entry.host != host:
        where = entry.host or "기록 없음"
        return f"다른 호스트({where})에서 받은 주문번호입니다 — 지금 호스트({host})에서는 쓸 수 없습니다."
    if trading_day(entry.created_at) != today:
        return "다른 거래일에 받은 주문번호입니다 — 오늘 받은 주문번호만 쓸 수 있습니다."
    return None
