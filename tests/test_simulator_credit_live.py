"""04 잔고 from the simulator's WebSocket carries a credit lot's FIDs (issue 19): 916 대출일, 918 만기일, 957 신용금액,
958 신용이자, 933 주문가능수량 — for a credit buy that fills and for a 33 sell that reduces its lot."""

from __future__ import annotations

import datetime as dt
import json

import requests
from websockets.sync.client import connect

from kiwoom_gui.base.kst import KST
from kiwoom_gui.simulator import KiwoomSimulator


def _order(sim: KiwoomSimulator, token: str, api_id: str, body: dict) -> None:
    r = requests.post(
        sim.base_url + "/api/dostk/crdordr",
        json=body,
        headers={"api-id": api_id, "authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert r.json()["return_code"] == 0, r.text


def _next_04(ws) -> dict:
    while True:
        frame = json.loads(ws.recv(timeout=5))
        if frame.get("trnm") == "REAL":
            for item in frame["data"]:
                if item["type"] == "04":
                    return item["values"]


def test_04_carries_the_credit_fids_of_a_lot():
    today = dt.datetime.now(KST).date()
    loan_day = today - dt.timedelta(days=30)
    with KiwoomSimulator(market=True, rate_limit_per_second=0) as sim:
        sim.seed_position("000660", 10, loan_day.strftime("%Y%m%d"), price=200_000)  # 40 %: 1,200,000 lent
        token = sim.issue_token_for_tests()
        with connect(sim.ws_url) as ws:
            ws.send(json.dumps({"trnm": "LOGIN", "token": token}))
            assert json.loads(ws.recv(timeout=5))["return_code"] == 0
            ws.send(
                json.dumps({"trnm": "REG", "grp_no": "1", "refresh": "1", "data": [{"item": [""], "type": ["04"]}]})
            )
            assert json.loads(ws.recv(timeout=5))["trnm"] == "REG"

            buy = {
                "dmst_stex_tp": "KRX",
                "stk_cd": "005930",
                "ord_qty": "10",
                "ord_uv": "",
                "trde_tp": "3",
                "cond_uv": "",
            }
            _order(sim, token, "kt10006", buy)
            v = _next_04(ws)
            assert (v["9001"], v["917"], v["916"]) == ("005930", "33", today.strftime("%Y%m%d"))
            assert v["918"] == (today + dt.timedelta(days=150)).strftime("%Y%m%d")
            assert (v["957"], v["958"], v["930"], v["933"]) == ("390500", "0", "10", "10")

            sell = {
                "dmst_stex_tp": "KRX", "stk_cd": "000660", "ord_qty": "4", "ord_uv": "", "trde_tp": "3",
                "crd_deal_tp": "33", "crd_loan_dt": loan_day.strftime("%Y%m%d"), "cond_uv": "",
            }  # fmt: skip
            _order(sim, token, "kt10007", sell)
            v = _next_04(ws)
            assert (v["9001"], v["916"], v["930"], v["933"]) == ("000660", loan_day.strftime("%Y%m%d"), "6", "6")
            assert v["918"] == (loan_day + dt.timedelta(days=150)).strftime("%Y%m%d")
            assert v["957"] == "720000" and v["958"] == str(720_000 * 95 * 30 // 365_000)
