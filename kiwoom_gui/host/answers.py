"""Read a Kiwoom answer: outcome taxonomy, the specific code inside ``return_msg``, Korean explanations."""

from __future__ import annotations

import re
from enum import Enum

from ..base.resources_io import load_json


class Outcome(str, Enum):
    ACCEPTED = "accepted"  # HTTP 200, return_code 0 and an ord_no
    REJECTED = "rejected"  # the host answered with a non-zero return_code: not placed
    RATE_LIMITED = "rate_limited"  # 429 or [1700]-[1702]: not processed
    AUTH_FAILED = "auth_failed"  # return_code 3 or 8005/8031/8103: not processed
    NOT_SENT = "not_sent"  # the connection could not be opened: nothing reached the host
    UNKNOWN = "unknown"  # may or may not have been placed: never resent automatically
    CONFIRMED = "confirmed"  # was unknown; today's order list shows it placed (its number is known)

    @property
    def label(self) -> str:
        return load_json("answers.json")["outcomes"][self.value]["label"]

    @property
    def explanation(self) -> str:
        return load_json("answers.json")["outcomes"][self.value]["explain"]


# "[2000](571412:…)" names the specific code in parentheses; "[8005:…]" in brackets; WebSocket "CODE=8005".
_CODE_PATTERNS = (
    re.compile(r"\(((?:RC)?\d{4,6}):"),
    re.compile(r"\[(\d{3,5}):"),
    re.compile(r"\[(\d{3,5})\]"),
    re.compile(r"CODE=(\d{3,5})"),
)


def specific_code(return_msg: str | None) -> str | None:
    """``'인증에 실패했습니다[8005:Token이…]'`` → ``'8005'``; ``'[2000](RC9000:…)'`` → ``'RC9000'``."""
    if not return_msg:
        return None
    for pattern in _CODE_PATTERNS:
        m = pattern.search(return_msg)
        if m:
            return m.group(1)
    return None


def parse_return_code(value: object) -> int | None:
    """Accept ``0``, ``"0"``, ``"0000"``; anything else that is not an integer is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**18 else None
    # a code has a few digits; thousands of them are not one (and int() refuses past 4,300)
    if isinstance(value, str) and len(value.strip()) <= 18 and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def order_number(value: object) -> str | None:
    """The host's ``ord_no`` if it is one: exactly 7 ASCII digits once surrounding spaces are trimmed.

    Anything else (cut, padded, a number type, other characters) is not an order number: it must never
    be copied into a modify or cancel form, where it could name another order.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if len(text) == 7 and text.isascii() and text.isdigit() else None


def carries_order_number(body: object) -> bool:
    """The answer has a non-empty ``ord_no`` of any kind: the order may have been placed."""
    if not isinstance(body, dict):
        return False
    value = body.get("ord_no")
    return value is not None and value is not False and str(value).strip() != ""


def classify(http_status: int, body: object, return_code: int | None, code: str | None) -> Outcome:
    """The outcome of an answer that did arrive (transport failures are classified by the client).

    An answer that says success or names an order is accepted only when it is whole (HTTP 200,
    return_code 0, a real order number); otherwise it is unknown — never "not processed", so it can
    never lead to a resend.
    """
    data = load_json("answers.json")
    if return_code == 0 or carries_order_number(body):
        whole = http_status == 200 and return_code == 0 and isinstance(body, dict)
        return Outcome.ACCEPTED if whole and order_number(body.get("ord_no")) else Outcome.UNKNOWN
    if http_status == 429 or code in data["rate_limit_codes"]:
        return Outcome.RATE_LIMITED
    if http_status >= 500 or http_status == 408 or 300 <= http_status < 400:
        return Outcome.UNKNOWN
    if http_status == 401 or return_code == 3 or code in data["auth_codes"]:
        return Outcome.AUTH_FAILED
    if not isinstance(body, dict) or return_code is None:
        # a 4xx without Kiwoom's body was refused at the door; a 200 we cannot read is unknown
        return Outcome.REJECTED if 400 <= http_status < 500 else Outcome.UNKNOWN
    if return_code == 5 and code is None:
        return Outcome.RATE_LIMITED
    return Outcome.REJECTED


def explain(outcome: Outcome, code: str | None) -> str:
    """A Korean sentence for the log: what the code means, then what the outcome means for the user."""
    known = load_json("answers.json")["codes"].get(code or "")
    return f"{known} {outcome.explanation}" if known else outcome.explanation


def may_reissue_token(code: str | None, return_code: int | None) -> bool:
    """Only a stale/mismatched token is fixed by re-issuing; an unregistered IP (8050) is not."""
    if code is not None:
        return code in load_json("answers.json")["reissue_codes"]
    return return_code == 3
