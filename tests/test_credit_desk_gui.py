"""Issue 19, the credit desk through the real window: a recording host on 127.0.0.1 answering kt00001, kt00012
and kt20017 in the spec's shapes (and badly). The strip ``creditSummary``, the 신용매수 ticket's
``orderableQuantity`` / ``maxQuantity`` / ``estimatedRatio``, the 신용매도 ``maxQuantity``, the mock host's
refusal asked once, and what the confirmation says — with nothing asked of the host at Send."""

from __future__ import annotations

from gui_helpers import fill, rows, send, wait_answered
from hostile_host import HostileHost, order_answer, reply, token_answer
from PySide6.QtWidgets import QLabel, QPushButton
from test_attack_account_position import position
from test_gui_account_hostile import page

LISTS = {"ka10075": "oso", "kt00007": "acnt_ord_cntr_prps_dtl", "kt00018": "acnt_evlt_remn_indv_tot"}
CREDIT = ("kt00001", "kt00012", "kt20017")
REFUSED = {"return_code": 20, "return_msg": "[2000](RC9000:모의투자에서는 해당업무가 제공되지 않습니다)"}


def kt00001(**changed: object) -> dict:
    body = {"entr": "000000010000000", "ord_alow_amt": "000000008000000", "loan_sum": "000000020000000",
            "crd_grnt_rt": "150.00", "int_npay_amt_tot": "000000000012345", "add_grnt_ch": "000000000001000",
            "add_grnt_repl": "000000000000500"}  # fmt: skip
    body.update(changed)
    return {k: v for k, v in body.items() if v is not None}


def kt00012(rate_name: str = "40%", **changed: object) -> dict:
    body = {"stk_assr_rt": "B", "stk_assr_rt_nm": rate_name}
    for pct, qty in ((30, 300), (40, 250), (50, 200), (60, 150)):
        body[f"assr_{pct}ord_alowq"] = f"{qty:012d}"
        body[f"assr_{pct}ord_alow_amt"] = f"{qty * 50000:012d}"
    body.update(changed)
    return body


class CreditHost:
    """Tokens, orders, the account tabs (a 융자 position of 100 sellable), and the credit queries from ``answers``
    (api-id → the JSON body; a body with a non-zero return_code is a refusal)."""

    def __init__(self, **answers: dict) -> None:
        self.answers = {"kt00001": kt00001(), "kt00012": kt00012(), "kt20017": {"crd_alow_yn": "< A군 신용융자 가능 >"},
                        **answers}  # fmt: skip
        self.numbers = iter(range(1, 10_000))

    def __call__(self, r):
        if r.path == "/oauth2/token":
            return [token_answer()]
        api_id = r.headers.get("api-id", "")
        if r.path == "/api/dostk/crdordr":
            return [order_answer(api_id, f"{next(self.numbers):07d}")]
        if api_id in CREDIT:
            body = dict(self.answers[api_id])
            body.setdefault("return_code", 0)
            body.setdefault("return_msg", "조회가 완료되었습니다.")
            return [reply(200, body, {"api-id": api_id, "cont-yn": "N", "next-key": ""})]
        if api_id == "ka00001":
            return [reply(200, {"acctNo": "1234567890", "return_code": 0, "return_msg": ""}, {"api-id": api_id})]
        if api_id == "kt00018":
            items = [position("A005930", "20250102", "000000000100")] if r.json().get("dmst_stex_tp") == "KRX" else []
            return [page(api_id, LISTS[api_id], items)]
        if api_id in LISTS:
            return [page(api_id, LISTS[api_id], [])]
        return [reply(500, b"<html>no quotes here</html>", {"api-id": api_id})]


def asked(http: HostileHost, api_id: str) -> list[dict]:
    return [r.json() for r in list(http.requests) if r.headers.get("api-id") == api_id]


def label(window, name: str) -> QLabel:
    return window.credit.summary.findChild(QLabel, name)


def buy_widget(window, cls, name: str):
    return window.forms["kt10006"].findChild(cls, name)


def open_window(window_with, http: HostileHost, tmp_path, warn: str | None = None):
    if warn is not None:
        (tmp_path / "settings.ini").write_text(f"[credit]\ncollateral_warn_pct={warn}\n", encoding="utf-8")
    window = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0, timeouts=(1.0, 3.0))
    window.refresh_account()
    return window


def test_the_desk_shows_the_line_the_orderable_quantity_and_the_estimate_and_send_asks_nothing_new(
    qtbot, window_with, demo_keys, tmp_path
):
    script = CreditHost()
    with HostileHost(script) as http:
        window = open_window(window_with, http, tmp_path)
        qtbot.waitUntil(lambda: label(window, "deposit").text() == "10,000,000원", timeout=8000)
        assert asked(http, "kt00001") == [{"qry_tp": "3"}]
        assert [r.path for r in http.requests if r.headers.get("api-id") == "kt00001"] == ["/api/dostk/acnt"]
        assert label(window, "orderableAmount").text() == "8,000,000원"
        assert label(window, "loanTotal").text() == "20,000,000원"
        assert label(window, "collateralRatio").text() == "150.00 %"
        assert "c62828" not in label(window, "collateralRatio").styleSheet()
        assert "약관" in label(window, "collateralRatio").toolTip()  # the broker's rule governs
        assert label(window, "unpaidInterest").text() == "12,345원"
        assert label(window, "additionalCollateral").text() == "1,500원"

        # 신용매수: code and price settle → kt00012 at that price (debounced: the price typed digit by digit)
        form = window.forms["kt10006"]
        fill(window, "kt10006", {"stk_cd": "005930", "trde_tp": "0"})
        for typed in ("5", "50", "500", "5000", "50000"):
            form.set_values({"ord_uv": typed})
        orderable, max_button = buy_widget(window, QLabel, "orderableQuantity"), buy_widget(window, QPushButton,
                                                                                           "maxQuantity")  # fmt: skip
        qtbot.waitUntil(lambda: "250주" in orderable.text(), timeout=5000)
        assert asked(http, "kt00012") == [{"stk_cd": "005930", "uv": "50000"}]  # only the settled price
        assert [r.path for r in http.requests if r.headers.get("api-id") == "kt20017"] == ["/api/dostk/stkinfo"]
        assert asked(http, "kt20017") == [{"stk_cd": "005930"}]
        assert max_button.isEnabled()
        max_button.click()
        assert form.raw_values()["ord_qty"] == "250"
        # x = 250 × 50,000 × (1 − 0.40) = 7,500,000: (30,000,000 + x) / (20,000,000 + x) = 136.36 % — under 140
        estimated = buy_widget(window, QLabel, "estimatedRatio")
        assert "추정" in estimated.text() and "136.36" in estimated.text()
        assert "c62828" in estimated.styleSheet()

        # the same code and price again: the cached answer, nothing asked
        form.set_values({"ord_uv": "5000"})
        form.set_values({"ord_uv": "50000"})
        qtbot.wait(400)
        assert len(asked(http, "kt00012")) == 1

        # Send: the estimate under the threshold asks first (the switch is off), naming it and the known figure
        seen: list[dict] = []
        before = len(http.requests)

        def confirm(*_):
            seen.append(dict(window.confirming))
            return False

        window.confirm = confirm
        send(qtbot, window, "kt10006")
        assert len(seen) == 1 and "추정 담보비율 136.36 %" in seen[0]["credit"]
        assert "마지막으로 알려진 주문가능수량 250주" in seen[0]["credit"] and "KST" in seen[0]["credit"]
        form.set_values({"ord_qty": "300"})
        send(qtbot, window, "kt10006")
        assert "300주가 마지막으로 알려진 주문가능수량 250주보다 많습니다" in seen[1]["credit"]
        assert len(http.requests) == before  # nothing new was asked of the host at Send
        window.confirm = lambda *_: True
        send(qtbot, window, "kt10006")
        wait_answered(qtbot, window, 1)
        assert http.orders()[0].json()["ord_qty"] == "300"
        assert all(r.headers.get("api-id") not in CREDIT for r in http.requests[before:before + 1])
        qtbot.waitUntil(lambda: len(asked(http, "kt00001")) >= 2, timeout=8000)  # refreshed after the answer

        # 신용매도: 최대 fills the position's 매매가능수량, or the chosen lot's 청산가능수량 when one is given
        view = window.account.views["positions"]
        qtbot.waitUntil(lambda: len(view.rows()) == 1 and window.account_number is not None, timeout=5000)
        view.table.selectRow(0)
        window.account.update_actions()
        qtbot.waitUntil(lambda: window.account.sell_button.isEnabled(), timeout=3000)
        window.account.sell_button.click()
        sell = window.forms["kt10007"]
        sell_max = sell.findChild(QPushButton, "maxQuantity")
        qtbot.waitUntil(sell_max.isEnabled, timeout=2000)
        sell_max.click()
        assert sell.raw_values()["ord_qty"] == "100"
        window.credit.sell.set_lot_quantity("005930", "20250102", 40)
        sell_max.click()
        assert sell.raw_values()["ord_qty"] == "40"
        assert len(rows(window)) == 1


def test_bad_answers_are_shown_as_sent_marked_and_feed_nothing(qtbot, window_with, demo_keys, tmp_path):
    script = CreditHost(
        kt00001=kt00001(crd_grnt_rt="abc", ord_alow_amt=None), kt00012=kt00012("40%", assr_40ord_alowq="-00000000001")
    )
    with HostileHost(script) as http:
        window = open_window(window_with, http, tmp_path)
        ratio = label(window, "collateralRatio")
        qtbot.waitUntil(lambda: "abc" in ratio.text(), timeout=8000)
        assert "⚠" in ratio.text() and "e65100" in ratio.styleSheet() and "숫자가 아님" in ratio.toolTip()
        assert "값 없음" in label(window, "orderableAmount").text()
        assert label(window, "deposit").text() == "10,000,000원"
        fill(window, "kt10006", {"stk_cd": "005930", "trde_tp": "0", "ord_uv": "50000", "ord_qty": "10"})
        orderable = buy_widget(window, QLabel, "orderableQuantity")
        qtbot.waitUntil(lambda: "-00000000001" in orderable.text(), timeout=5000)
        assert not buy_widget(window, QPushButton, "maxQuantity").isEnabled()  # no 최대
        assert "추정 불가" in buy_widget(window, QLabel, "estimatedRatio").text()  # no estimate
        seen: list[dict] = []
        window.confirm = lambda *_: seen.append(dict(window.confirming)) or False
        send(qtbot, window, "kt10006")  # the warning is not silenced: an unreadable ratio asks first
        assert len(seen) == 1 and "신용담보비율을 읽을 수 없습니다" in seen[0]["credit"] and "abc" in seen[0]["credit"]
        assert "알려져 있지 않습니다" in seen[0]["credit"]

        # 45 % against columns 30/40/50/60: every column, "cannot tell", no 최대
        script.answers["kt00012"] = kt00012("45%")
        script.answers["kt00001"] = kt00001(crd_grnt_rt="0.00", loan_sum="000000000000000")
        window.refresh_account()
        qtbot.waitUntil(lambda: "알 수 없습니다" in orderable.text(), timeout=5000)
        assert all(f"{p}%열" in orderable.text() for p in (30, 40, 50, 60))
        assert not buy_widget(window, QPushButton, "maxQuantity").isEnabled()
        qtbot.waitUntil(lambda: ratio.text() == "융자 없음", timeout=5000)  # 0.00 with no loan: never "0 %"
        assert "융자 없음" in buy_widget(window, QLabel, "estimatedRatio").text()
        assert not http.orders()


def test_the_mock_refusal_is_asked_once_and_a_low_ratio_asks_every_credit_buy(qtbot, window_with, demo_keys,
                                                                             tmp_path):  # fmt: skip
    script = CreditHost(kt00001=kt00001(crd_grnt_rt="135.00"), kt00012=REFUSED, kt20017=REFUSED)
    with HostileHost(script) as http:
        window = open_window(window_with, http, tmp_path)
        ratio = label(window, "collateralRatio")
        qtbot.waitUntil(lambda: ratio.text() == "135.00 %", timeout=8000)
        assert "c62828" in ratio.styleSheet()
        fill(window, "kt10006", {"stk_cd": "005930", "trde_tp": "0", "ord_uv": "50000", "ord_qty": "1"})
        orderable = buy_widget(window, QLabel, "orderableQuantity")
        qtbot.waitUntil(lambda: orderable.text() == "모의투자에서는 제공되지 않습니다", timeout=5000)
        qtbot.waitUntil(lambda: "모의투자에서는 제공되지 않습니다" in buy_widget(window, QLabel, "creditFlags").text(),
                        timeout=5000)  # fmt: skip
        for price in ("50100", "50200"):
            window.forms["kt10006"].set_values({"ord_uv": price})
            qtbot.wait(300)
        window.refresh_account()
        qtbot.waitUntil(lambda: len(asked(http, "kt00001")) == 2, timeout=5000)
        qtbot.wait(300)
        assert len(asked(http, "kt00012")) == 1 and len(asked(http, "kt20017")) == 1  # never again this session
        seen: list[dict] = []
        window.confirm = lambda *_: seen.append(dict(window.confirming)) or False
        send(qtbot, window, "kt10006")
        assert len(seen) == 1 and "신용담보비율 135.00 %" in seen[0]["credit"] and "140" in seen[0]["credit"]
        assert not http.orders()


def test_the_warning_threshold_comes_from_settings(qtbot, window_with, demo_keys, tmp_path):
    with HostileHost(CreditHost(kt00001=kt00001(crd_grnt_rt="135.00"))) as http:
        window = open_window(window_with, http, tmp_path, warn="130")
        ratio = label(window, "collateralRatio")
        qtbot.waitUntil(lambda: ratio.text() == "135.00 %", timeout=8000)
        assert "c62828" not in ratio.styleSheet() and "130" in ratio.toolTip()


def test_a_threshold_typed_as_a_fraction_does_not_silence_the_warning(qtbot, window_with, demo_keys, tmp_path):
    # 1.4 (a fraction for 140 %) would make no ratio ever "low": outside 100–1000 the default 140 stands
    with HostileHost(CreditHost(kt00001=kt00001(crd_grnt_rt="135.00"))) as http:
        window = open_window(window_with, http, tmp_path, warn="1.4")
        ratio = label(window, "collateralRatio")
        qtbot.waitUntil(lambda: ratio.text() == "135.00 %", timeout=8000)
        assert "c62828" in ratio.styleSheet() and "140" in ratio.toolTip()
