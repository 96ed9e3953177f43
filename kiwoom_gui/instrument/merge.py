"""A new answer about a code, merged with what an earlier one said: a known warning stays until an answer
positively clears it (Qt-free).

A refresh whose ka10100 omits orderWarning, or fails, says nothing about the stock's warnings: it is "not
known", never "none". So a 투자경고 (or 신용 불가, NXT 불가) known from an earlier answer about the same code
(same environment and host: the caller's cache) is kept, with when it was last stated; an answer saying
orderWarning "0" (or 신용가능, nxtEnable Y) clears it.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Instrument
from .parse import describe, no_warning


def keep_known(new: Instrument, known: Instrument | None, seen: str) -> Instrument:
    """``new`` with the warnings ``known`` stated and ``new`` does not say (neither sets nor clears).
    ``seen``: when ``known`` was fetched (KST "YYYY-MM-DD HH:MM:SS"), unless it was itself kept from before."""
    if known is None or known.code.upper() != new.code.upper():
        return new  # another code's warning is never this one's
    changes: dict[str, object] = {}
    if not new.order_warning and known.order_warning not in ("", no_warning()):
        changes.update(order_warning=known.order_warning, warning_seen=known.warning_seen or seen)
    if new.credit_ok is None and known.credit_ok is False:
        changes.update(credit_ok=False, state=known.state)
    if new.nxt_enable is None and known.nxt_enable is False:
        changes.update(nxt_enable=False)
    return describe(replace(new, **changes)) if changes else new
