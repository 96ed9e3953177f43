"""Whether an order may be a second one: an order of the same KST day at the same environment and host, still 확인 필요,
with exactly its body (it may have been placed). Read from the journal on the API thread, for a Send the window
judged before the journal's history reached its log (the window asks the user itself once it has)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..base.error_words import reason_in_korean
from ..base.kst import in_kst
from ..base.resources_io import load_json
from ..host.answers import Outcome
from .journal import Journal


def second_order_refusal(
    journal: Journal, api_id: str, body: Mapping[str, str], env: str, host: str, today: dt.date
) -> str:
    """Why the order must not go ("" when it may): the earlier 확인 필요 order, or the journal could not tell."""
    problems = load_json("answers.json")["answer_problems"]
    try:
        earlier = journal.unknown_today(env, host, today, looked_for=True)
    except Exception as exc:  # not known is not none: refused, and why
        return problems["unknown_not_checked"].format(error=reason_in_korean(exc))
    wanted = {str(k): str(v) for k, v in body.items()}
    for intent in earlier:
        if intent.api_id == api_id and intent.body == wanted:
            when = in_kst(intent.created_at)
            return problems["same_unknown"].format(time=when.strftime("%H:%M:%S") if when else intent.created_at)
    return ""


def may_hide_unknown(journal: Journal, unreadable: list[int], today: dt.date) -> bool:
    """Whether a row the history could not read may be an order of KST ``today`` still 확인 필요 (its outcome or its
    time unreadable too counts): then the log cannot show every earlier order a Send may double."""
    if not unreadable:
        return False
    settled = {o.value for o in Outcome if o is not Outcome.UNKNOWN}
    try:
        heads = journal.heads(unreadable)
    except Exception:  # not known is not none (the rows that could be read are still shown)
        return True
    for created_at, outcome in heads:
        when = in_kst(created_at) if isinstance(created_at, str) else None
        if outcome not in settled and (when is None or when.date() == today):
            return True
    return False
