"""One 모두 취소 as it goes (Qt-free): the cancels still to send, one at a time, and what each came to.

Each cancel is sent once. Its answer — accepted, refused, or unknown (확인 필요) — is recorded and the next
one goes; nothing here ever sends a cancel again. Stopped (the window closes, the environment, host or KST
day changes), the cancels not yet sent stay unsent and the summary says how many.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..host.answers import Outcome
from ..records.log_rows import LogRow
from .cancel_plan import CancelPlan, PlannedCancel, Skipped, texts

_REJECTED = (Outcome.REJECTED, Outcome.RATE_LIMITED, Outcome.AUTH_FAILED, Outcome.NOT_SENT)
_STANDING = (Outcome.ACCEPTED, Outcome.CONFIRMED, Outcome.UNKNOWN)  # a cancel that took, or may have


@dataclass(frozen=True)
class Where:
    env: str
    host: str
    day: dt.date  # KST


class CancelRun:
    def __init__(self, plan: CancelPlan, where: Where) -> None:
        self.plan, self.where = plan, where
        self._left: deque[PlannedCancel] = deque(plan.cancels)
        self.in_flight: PlannedCancel | None = None
        self.outcomes: list[tuple[PlannedCancel, Outcome]] = []
        self.skipped_later: list[Skipped] = []  # planned, then cancelled elsewhere (the 취소 tab) before its turn
        self.stopped = ""  # why the rest was not sent ("" while it goes on, or when it ran to the end)

    @property
    def finished(self) -> bool:
        return self.in_flight is None and (not self._left or bool(self.stopped))

    def take_next(self, now: Where, already_sent: Callable[[str], str | None] = lambda n: None) -> PlannedCancel | None:
        """The next cancel to send at ``now``; None when none is left, one is still in flight, or the run has
        stopped (a different environment, host or KST day stops it: a number is good where it was read).
        ``already_sent(ord_no)``: why a cancel of that order must not go now (one was sent since the plan was
        made, e.g. from the 취소 tab): it is passed over, and the summary says so."""
        if self.in_flight is not None or self.stopped or not self._left:
            return None
        if (now.env, now.host) != (self.where.env, self.where.host):
            self.stop(texts()["stopped_env"])
            return None
        if now.day != self.where.day:
            self.stop(texts()["stopped_day"])
            return None
        while self._left:
            reason = already_sent(self._left[0].ord_no)
            if reason is None:
                self.in_flight = self._left.popleft()
                return self.in_flight
            self.skipped_later.append(Skipped(self._left.popleft().ord_no, reason, "already"))
        return None

    def answered(self, outcome: Outcome) -> PlannedCancel | None:
        """The cancel in flight came to ``outcome`` (never to be sent again); returns it."""
        done, self.in_flight = self.in_flight, None
        if done is not None:
            self.outcomes.append((done, outcome))
        return done

    def stop(self, reason: str) -> None:
        if not self.stopped and self._left:
            self.stopped = reason

    @property
    def left(self) -> int:
        return len(self._left)

    def summary(self) -> str:
        t = texts()
        outcomes = [o for _, o in self.outcomes]
        accepted = sum(o in (Outcome.ACCEPTED, Outcome.CONFIRMED) for o in outcomes)
        rejected = sum(o in _REJECTED for o in outcomes)
        skipped, passed = "", [*self.plan.skipped, *self.skipped_later]
        if passed:
            reasons = ", ".join(s.short for s in passed)
            skipped = t["summary_skipped"].format(count=len(passed), reasons=reasons)
        stopped = t["summary_stopped"].format(reason=self.stopped, left=self.left) if self.stopped else ""
        return t["summary"].format(
            accepted=accepted,
            rejected=rejected,
            unknown=len(outcomes) - accepted - rejected,
            sent=len(outcomes),
            total=len(self.plan.cancels),
            skipped=skipped,
            stopped=stopped,
        )


def earlier_cancels(rows: Iterable[LogRow], where: Where) -> dict[str, str]:
    """Order number → why a cancel of it must not be sent again: a 취소 of it sent today in this environment and
    host that is on its way, accepted, or of unknown outcome — a second one could only be refused, or (unknown)
    be the order's second cancel. A refused one may be tried again (it was not placed)."""
    from ..orders.order_reuse import trading_day

    found: dict[str, str] = {}
    for row in rows:
        if row.api_id != "kt10009" or (row.env, row.host) != (where.env, where.host):
            continue
        if not (row.outcome is None or row.outcome in _STANDING) or trading_day(row.created_at) != where.day:
            continue
        label = row.outcome.label if row.outcome is not None else texts()["on_its_way"]
        found[str(row.request_body.get("orig_ord_no", ""))] = texts()["already"].format(when=row.when, outcome=label)
    return found
