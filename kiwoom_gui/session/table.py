"""What a session accepts: resources/market_sessions.json "table" (session × venue × 매매구분 → accepted, refused
with the host's code, or unknown). The first rule that matches decides; no rule is "unknown", never "accepted"."""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import data

ACCEPTED, REFUSED, UNKNOWN = "accepted", "refused", "unknown"


@dataclass(frozen=True)
class Verdict:
    status: str  # ACCEPTED, REFUSED or UNKNOWN
    code: str = ""  # the host's code for a refusal ("" when it was never captured)
    source: str = ""  # where the rule comes from (the facts file)
    every_type: bool = False  # the session refuses every 매매구분 (a holiday, 모의투자 after 15:30)


def verdict(venue: str, session: str, trde_tp: str) -> Verdict:
    """The table's word on ``trde_tp`` sent to ``venue`` ("KRX", "NXT"; SOR and others are unknown) during
    ``session``."""
    for rule in data()["table"]:
        types = rule["trde_tp"]
        if venue in rule["venues"] and session in rule["sessions"] and (types == "*" or trde_tp in types):
            return Verdict(rule["verdict"], rule.get("code", ""), rule["source"], types == "*")
    return Verdict(UNKNOWN)
