"""Hostile review 7 (the integrated main): a mock host that refuses kt00001 (RC9000, "not offered") — the credit
strip said so once; the next refresh (F5, after an order, a switch back) set every figure to "조회 중…" and then,
rightly, asked nothing (refused once: never again this session) — so the strip said "조회 중…" for ever: a query
that is not coming, shown as on its way.

Real window; a recording host on 127.0.0.1 answering kt00001 as the mock host answers what it does not offer.
"""

from __future__ import annotations

from hostile_host import HostileHost
from PySide6.QtWidgets import QLabel
from test_gui_account_hostile import Host, empty
from test_gui_loan_lots import refused

NAMES = ("deposit", "orderableAmount", "loanTotal", "collateralRatio", "unpaidInterest", "additionalCollateral")
NOT_OFFERED = "모의투자에서는 제공되지 않습니다"


def queries(r):
    return [refused("kt00001")] if r.headers["api-id"] == "kt00001" else empty(r)


def test_the_strip_keeps_saying_not_offered_after_a_refresh(qtbot, window_with, demo_keys):
    with HostileHost(Host(queries)) as http:
        window = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0)
        labels = [window.findChild(QLabel, name) for name in NAMES]
        window.refresh_account()
        qtbot.waitUntil(lambda: all(NOT_OFFERED in label.text() for label in labels), timeout=8000)

        with qtbot.waitSignal(window.account.views["positions"].changed, timeout=8000):
            window.refresh_account()  # F5
        asked = [r for r in http.requests if r.headers.get("api-id") == "kt00001"]
        assert len(asked) == 1  # refused once: not asked again
        texts = [label.text() for label in labels]
        assert all(NOT_OFFERED in text for text in texts), texts
