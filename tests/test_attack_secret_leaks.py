"""Attack: a host echoes a secret where the program does not scrub it.

Real loopback HTTP from the scripted host, the real client and window, the real keyring API (memory backend).
"""

from __future__ import annotations

import keyring
import pytest
from hostile_host import HostileHost, reply
from rule_oracle import VALID

from kiwoom_gui.host.auth import CredentialStore, Token
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body

BUY = build_body("kt10006", VALID["kt10006"])
SECRET_TOKEN = "tok-9f3a61c0d2b74e58a1c6f0e2d4b8a7c3e5f1a2b4"  # no run of one letter: any 8 characters are its own


def test_api_id_header_echoing_the_token_is_not_shown_in_the_message():
    """The api-id mismatch note quotes the host's header cut to 20 characters, and nothing scrubs it: the
    first 19 characters of the live token go to the log, the status bar and the journal."""
    answer = reply(200, {"ord_no": "0000001", "return_code": 0, "return_msg": "ok"}, {"api-id": SECRET_TOKEN})
    store = CredentialStore()
    store.save_token("mock", Token(SECRET_TOKEN))
    with HostileHost(lambda r: [answer]) as host:
        with KiwoomClient("mock", base_url=host.url, store=store, orders_per_second=0, timeouts=(1.0, 2.0)) as c:
            result = c.send_order("kt10006", BUY)
    assert SECRET_TOKEN not in str(dict(result.response_headers))  # the header itself is scrubbed …
    assert SECRET_TOKEN[:10] not in result.message, result.message  # … the note quoting it is not


def test_failed_token_issue_does_not_show_the_stored_token(qtbot, tmp_path, demo_keys):
    """토큰 발급 keeps the stored (still valid) token until a new one arrives; a refusal that echoes it is
    scrubbed of the app key and secret key only, so the credentials dialog shows the live token in full."""
    keyring.set_password("kiwoom-gui", "mock:token", Token(SECRET_TOKEN).to_keyring())
    refusal = reply(200, {"return_code": 1, "return_msg": f"이미 유효한 토큰이 있습니다: {SECRET_TOKEN}"})

    from kiwoom_gui.app import create_main_window

    with HostileHost(lambda r: [refusal]) as host:
        w = create_main_window(["--env", "mock", "--base-url", host.url, "--data-dir", str(tmp_path)])
        w.confirm = lambda *a: pytest.fail("no confirmation expected")
        qtbot.addWidget(w)
        w.show()
        try:
            dialog = w.open_credentials()
            # the keyring is read on the API thread after the first paint: past 5 s once on a loaded machine
            qtbot.waitUntil(
                lambda: "확인 중" not in dialog.status.text() and "처리 중" not in dialog.status.text(), timeout=15_000
            )
            dialog.buttons["issue"].click()
            qtbot.waitUntil(lambda: "토큰 발급 실패" in dialog.status.text(), timeout=15_000)
            shown = dialog.status.text()
            dialog.close()
        finally:
            w.close()
    assert keyring.get_password("kiwoom-gui", "mock:token")  # the old token is kept: it is still a secret
    assert SECRET_TOKEN not in shown, shown
