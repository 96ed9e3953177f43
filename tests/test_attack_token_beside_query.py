"""Hostile review of issue 19's run_aside: a token refused while a query page is on the wire beside an order.

The page leaves with the token of its moment; an order clicked meanwhile is sent at once, refused with 8005,
and re-issues the token (once, as an order may). When the page's own refusal of that old token lands after, the
newer token is already there: the page asks again with it. Re-issuing once more would replace the token the
order just got (and log the live connection in again) for a refusal of a token already replaced — the rule of
the lookups and the live connection (tests/test_token_generations.py): one issue per refused generation."""

from __future__ import annotations

from gui_helpers import rows, send, wait_answered
from hostile_host import HostileHost, order_answer, reply
from test_attack_order_behind_refresh import is_query
from test_attack_order_beside_query import ready
from test_gui_account_hostile import BUY, account_window, empty  # noqa: F401

from kiwoom_gui.host.answers import Outcome

assert account_window

SLOW_S = 1.5  # the page on the wire, once the start-up load is over (the read timeout is 3 s)
REFUSED = "인증에 실패했습니다[8005:Token이 유효하지 않습니다]"


class RotatingTokens:
    """Each token request gets a new token; once ``refuse`` names one, the host refuses it (8005) — orders at
    once, account queries after ``SLOW_S`` (the page was on the wire when the order came)."""

    def __init__(self) -> None:
        self.issued: list[str] = []
        self.refuse: str | None = None
        self.numbers = iter(range(1, 10_000))

    def __call__(self, r):
        if r.path == "/oauth2/token":
            self.issued.append(f"rotating-token-{len(self.issued) + 1:03d}-" + "y" * 30)
            body = {"expires_dt": "20991231235959", "token_type": "bearer", "token": self.issued[-1],
                    "return_code": 0, "return_msg": "정상적으로 처리되었습니다"}  # fmt: skip
            return [reply(200, body)]
        used = r.headers.get("authorization", "").removeprefix("Bearer ")
        refused = self.refuse is not None and used == self.refuse
        if r.path == "/api/dostk/crdordr":
            if refused:
                return [order_answer(r.headers["api-id"], "", 3, return_msg=REFUSED)]
            return [order_answer(r.headers["api-id"], f"{next(self.numbers):07d}")]
        if self.refuse is not None and r.path == "/api/dostk/acnt":
            if refused:
                return [SLOW_S, reply(200, {"return_code": 3, "return_msg": REFUSED}, {"api-id": r.headers["api-id"]})]
            return [SLOW_S, *empty(r)]
        return empty(r)


def test_a_page_refused_for_the_token_an_order_replaced_meanwhile_does_not_issue_another(qtbot, account_window):  # noqa: F811
    script = RotatingTokens()
    with HostileHost(script) as host:
        w = ready(qtbot, account_window, host)
        old = script.issued[-1]
        script.refuse = old  # from now on the host refuses the token every request so far carried
        landed: list[str] = []
        w.controller.query_done.connect(lambda d: landed.append(d.view))
        before = len(host.requests)
        w.refresh_button.click()  # F5: a page leaves with the old token and waits on the wire
        qtbot.waitUntil(lambda: any(is_query(r) for r in host.requests[before:]), timeout=5000)
        wire = next(r for r in host.requests[before:] if is_query(r))
        assert wire.headers["authorization"] == f"Bearer {old}"
        issued_before = len(script.issued)
        send(qtbot, w, "kt10006")  # sent beside the page: refused (8005), re-issued, sent again
        wait_answered(qtbot, w, 1, timeout=int(SLOW_S * 1000) + 3000)
        assert rows(w)[-1].outcome is Outcome.ACCEPTED and rows(w)[-1].ord_no == "0000001"
        assert len(script.issued) == issued_before + 1  # the order's one re-issue
        qtbot.waitUntil(lambda: {"open_orders", "executions", "positions"} <= set(landed), timeout=20000)
        # the page asked again with the token the order got — not with one issued for it alone
        again = [r for r in host.requests[before:] if is_query(r) and r.headers.get("api-id") == wire.headers["api-id"]]
        assert len(again) >= 2 and again[1].headers["authorization"] == f"Bearer {script.issued[issued_before]}"
        assert len(script.issued) == issued_before + 1, f"{len(script.issued) - issued_before} issues for one refusal"
        assert len(host.orders()) == 2  # the order: refused once, sent once more with the new token, never again
