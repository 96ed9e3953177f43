"""Hostile review 7 (the integrated main): a mock host that refuses both the ladder's snapshot (ka10007) and the
stock lookup (ka10001) with RC9000 — the ladder's note says the 호가 could not be had and the form says the lookup
failed, but ``lastPrice`` says "현재가 조회 중…" for ever: nothing is being asked any more.

Real window; a recording host on 127.0.0.1 refusing everything but the token as the mock host refuses what it
does not offer.
"""

from __future__ import annotations

from gui_helpers import fill
from hostile_host import HostileHost, reply, token_answer


def refuse(r):
    if r.path == "/oauth2/token":
        return [token_answer()]
    body = {"return_code": 20, "return_msg": "모의투자에서는 해당업무가 제공되지 않습니다.[RC9000]"}
    return [reply(200, body, {"api-id": r.headers.get("api-id", "")})]


def test_the_price_line_does_not_wait_for_answers_that_came(qtbot, window_with, demo_keys):
    with HostileHost(refuse) as http:
        w = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0)
        form = w.forms["kt10006"]
        fill(w, "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": "005930"})
        failed = "호가를 가져오지 못했습니다"
        qtbot.waitUntil(lambda: failed in w.market.note.text() and form.lookup_settled, timeout=8000)
        qtbot.wait(100)  # the line is redrawn a turn after the lookup lands
        assert "005930" in {r.json().get("stk_cd") for r in http.requests if r.headers.get("api-id") == "ka10001"}
        assert "조회 중" not in w.market.last_price.text(), w.market.last_price.text()
        assert "현재가" in w.market.last_price.text()
        assert http.orders() == []
