"""Hostile review 8 (issue 19, "최대 fills the orderable quantity of this account"): a kt00012 asked with account
A's token that answers after the user pasted account B's token is taken for B's figure.

The switch forgets what was heard (``environment_changed``), but the answer in flight carries the same Target
(env, host) — nothing tells it from B's. Worse, the fresh ask the switch makes rides on the one in flight (one of
each at a time), so B's own figure is never asked: 최대 fills A's 250주 into B's 신용매수.

Real window, the real credentials dialog, a scripted host on 127.0.0.1 answering per token.
"""

from __future__ import annotations

import threading

from gui_helpers import fill
from hostile_host import HostileHost, reply
from PySide6.QtWidgets import QLabel, QPushButton
from test_credit_desk_gui import CreditHost, buy_widget, kt00012, open_window

OTHER = "pasted-token-of-account-b-0123456789"


class PerToken(CreditHost):
    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.a_asked = threading.Event()

    def __call__(self, r):
        api_id = r.headers.get("api-id", "")
        theirs = OTHER in r.headers.get("authorization", "")
        if api_id == "ka00001":
            account = "9876543210" if theirs else "1234567890"
            return [reply(200, {"acctNo": account, "return_code": 0, "return_msg": ""}, {"api-id": api_id})]
        if api_id == "kt00012":
            if theirs:  # account B can buy 4 at 40 %
                body = kt00012(assr_40ord_alowq="000000000004", assr_40ord_alow_amt="000000200000")
            else:  # account A: 250, answered late
                self.a_asked.set()
                self.gate.wait(2.5)
                body = kt00012()
            body.update(return_code=0, return_msg="조회가 완료되었습니다.")
            return [reply(200, body, {"api-id": api_id, "cont-yn": "N", "next-key": ""})]
        return super().__call__(r)


def test_an_answer_asked_with_the_old_token_is_not_the_new_accounts_maximum(qtbot, window_with, demo_keys, tmp_path):
    script = PerToken()
    with HostileHost(script) as http:
        window = open_window(window_with, http, tmp_path)
        qtbot.waitUntil(lambda: window.account_number == "1234567890", timeout=8000)
        fill(window, "kt10006", {"stk_cd": "005930", "trde_tp": "0", "ord_uv": "50000"})
        qtbot.waitUntil(script.a_asked.is_set, timeout=5000)

        dialog = window.open_credentials()
        dialog.token.setText(OTHER)
        dialog.buttons["paste_token"].click()
        qtbot.waitUntil(lambda: "토큰을 저장했습니다" in dialog.status.text(), timeout=5000)
        dialog.close()
        qtbot.waitUntil(lambda: window.account_number == "9876543210", timeout=5000)
        script.gate.set()  # A's answer lands now, after the switch

        orderable = buy_widget(window, QLabel, "orderableQuantity")
        button = buy_widget(window, QPushButton, "maxQuantity")
        qtbot.waitUntil(lambda: "조회 중" not in orderable.text(), timeout=5000)
        qtbot.wait(1500)  # B's own ask, if one goes, answers well within this
        if button.isEnabled():
            button.click()
        qty = window.forms["kt10006"].raw_values()["ord_qty"]
        assert qty != "250", f"최대 filled account A's 250주 into account B's credit buy ({orderable.text()!r})"
        assert "250" not in orderable.text(), f"account B shows account A's orderable quantity: {orderable.text()!r}"
