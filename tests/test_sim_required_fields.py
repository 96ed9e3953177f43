"""A required field sent empty is answered [1511] like the host's gateway, over real HTTP.

Required by the spec (stk_cd, ord_qty…) or by the order type (resources/rules.json conditions:
ord_uv for 지정가, cond_uv for 스톱지정가, crd_loan_dt for 융자) — empty, whitespace, JSON null or absent.
"""

from __future__ import annotations

import json

import pytest
import requests
from rule_oracle import VALID

from kiwoom_gui.orders.validation import build_body

MESSAGE = "입력 값 오류입니다[1511:필수 입력 값에 값이 존재하지 않습니다. 필수입력 파라미터={}]"
_ABSENT = object()


def post(sim, api_id: str, body: dict) -> dict:
    with requests.Session() as s:
        s.trust_env = False
        r = s.post(
            sim.base_url + "/api/dostk/crdordr",
            headers={
                "content-type": "application/json;charset=UTF-8",
                "authorization": f"Bearer {sim.issue_token_for_tests()}",
                "api-id": api_id,
            },
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            timeout=5,
        )
    assert r.status_code == 200
    return r.json()


def body_with(api_id: str, changes: dict) -> dict:
    body = build_body(api_id, VALID[api_id])
    for key, value in changes.items():
        if value is _ABSENT:
            body.pop(key, None)
        else:
            body[key] = value
    return body


@pytest.mark.parametrize(
    ("api_id", "changes", "missing"),
    [
        # required by the spec
        ("kt10006", {"stk_cd": ""}, "stk_cd"),
        ("kt10006", {"ord_qty": "  "}, "ord_qty"),
        ("kt10006", {"stk_cd": None}, "stk_cd"),
        ("kt10007", {"crd_deal_tp": _ABSENT}, "crd_deal_tp"),
        ("kt10009", {"cncl_qty": ""}, "cncl_qty"),
        ("kt10008", {"mdfy_uv": None}, "mdfy_uv"),
        # required by the order type
        ("kt10006", {"trde_tp": "0", "ord_uv": ""}, "ord_uv"),
        ("kt10007", {"trde_tp": "62", "ord_uv": None}, "ord_uv"),
        ("kt10006", {"trde_tp": "28", "ord_uv": "2580", "cond_uv": ""}, "cond_uv"),
        ("kt10007", {"crd_deal_tp": "33", "crd_loan_dt": _ABSENT}, "crd_loan_dt"),
    ],
)
def test_empty_required_field_is_1511(simulator, api_id, changes, missing):
    answer = post(simulator, api_id, body_with(api_id, changes))
    assert answer == {"return_code": 2, "return_msg": MESSAGE.format(missing)}
    assert simulator.book.orders() == []  # nothing was placed


def test_the_first_missing_field_in_spec_order_is_named(simulator):
    answer = post(simulator, "kt10006", body_with("kt10006", {"ord_qty": "", "ord_uv": "", "stk_cd": ""}))
    assert answer["return_msg"] == MESSAGE.format("stk_cd")


@pytest.mark.parametrize(
    ("api_id", "changes"),
    [
        ("kt10006", {"trde_tp": "3", "ord_uv": ""}),  # 시장가: no price, and none is asked for
        ("kt10006", {"trde_tp": "0", "cond_uv": None}),  # an optional field sent as null
        ("kt10007", {"crd_deal_tp": "99", "crd_loan_dt": ""}),  # 융자합: no loan date
    ],
)
def test_fields_not_required_by_the_order_type_may_be_empty(simulator, api_id, changes):
    answer = post(simulator, api_id, body_with(api_id, changes))
    assert answer["return_code"] == 0 and len(answer["ord_no"]) == 7, answer
