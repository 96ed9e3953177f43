"""Reading Kiwoom's answers: the specific code inside return_msg and the outcome table."""

from __future__ import annotations

import pytest

from kiwoom_gui.host.answers import Outcome, classify, explain, order_number, parse_return_code, specific_code
from kiwoom_gui.host.throttle import Throttle


@pytest.mark.parametrize(
    ("msg", "code"),
    [
        ("인증에 실패했습니다[8005:Token이 유효하지 않습니다]", "8005"),
        ("[2000](RC9000:모의투자에서는 해당업무가 제공되지 않습니다.)", "RC9000"),
        ("[2000](571412:SOR정정 및 취소주문은…)", "571412"),
        ("허용된 요청 개수를 초과하였습니다[1700:허용된 API 요청 개수를 초과하였습니다. 유량=5]", "1700"),
        ("허용된 요청 개수를 초과하였습니다[1634]", "1634"),
        ("(RC4058:모의투자 장종료)", "RC4058"),
        ("CODE=8005", "8005"),
        ("정상적으로 처리되었습니다", None),
        ("", None),
        (None, None),
    ],
)
def test_specific_code(msg, code):
    assert specific_code(msg) == code


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (0, 0),
        ("0", 0),
        ("0000", 0),
        ("20", 20),
        (" 3 ", 3),
        (None, None),
        ("x", None),
        (True, None),
        ("٣", None),
    ],
)
def test_return_code_accepts_int_and_string(value, parsed):
    assert parse_return_code(value) == parsed


@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [
        (200, {"return_code": 0, "ord_no": "0000001"}, Outcome.ACCEPTED),
        (200, {"return_code": "0", "ord_no": "0000001"}, Outcome.ACCEPTED),
        (200, {"return_code": 0}, Outcome.UNKNOWN),
        (200, {"return_code": 0, "ord_no": " "}, Outcome.UNKNOWN),
        (200, {"return_code": 20, "return_msg": "[2000](571552:하한가)"}, Outcome.REJECTED),
        (200, {"return_code": 3, "return_msg": "인증에 실패했습니다[8050:지정단말기]"}, Outcome.AUTH_FAILED),
        (200, {"return_code": 2, "return_msg": "입력 값 오류입니다[8031:투자구분]"}, Outcome.AUTH_FAILED),
        (200, {"return_code": 5, "return_msg": "허용된 요청 개수를 초과하였습니다"}, Outcome.RATE_LIMITED),
        (200, {"return_code": 5, "return_msg": "[1634]"}, Outcome.REJECTED),
        (429, {"return_code": 5}, Outcome.RATE_LIMITED),
        (429, None, Outcome.RATE_LIMITED),
        (500, {"return_code": 0, "ord_no": "0000001"}, Outcome.UNKNOWN),
        (502, None, Outcome.UNKNOWN),
        (200, None, Outcome.UNKNOWN),
        (200, {"no": "code"}, Outcome.UNKNOWN),
        (401, None, Outcome.AUTH_FAILED),
        (400, None, Outcome.REJECTED),
        (408, None, Outcome.UNKNOWN),
        # an answer that names an order is accepted or unknown, never a reason to resend (issue 10.7)
        (200, {"return_code": 3, "ord_no": "0000001", "return_msg": "인증에 실패했습니다"}, Outcome.UNKNOWN),
        (200, {"return_code": 0, "ord_no": "0000001", "return_msg": "완료[8005:Token]"}, Outcome.ACCEPTED),
        (200, {"return_code": 0, "return_msg": "완료[8005:Token이 유효하지 않습니다]"}, Outcome.UNKNOWN),
        (401, {"return_code": 3, "ord_no": "0000001"}, Outcome.UNKNOWN),
        (429, {"return_code": 5, "ord_no": "0000001"}, Outcome.UNKNOWN),
        (200, {"return_code": 2, "ord_no": "0000001", "return_msg": "[1700:]"}, Outcome.UNKNOWN),
        # not exactly 7 digits after trimming: not an order number (issue 10.2)
        (200, {"return_code": 0, "ord_no": " 0000455"}, Outcome.ACCEPTED),
        (200, {"return_code": 0, "ord_no": " 000045"}, Outcome.UNKNOWN),
        (200, {"return_code": 0, "ord_no": "00004551"}, Outcome.UNKNOWN),
        (200, {"return_code": 0, "ord_no": 455}, Outcome.UNKNOWN),
        (200, {"return_code": 0, "ord_no": "000045５"}, Outcome.UNKNOWN),
        (307, None, Outcome.UNKNOWN),
    ],
)
def test_outcome_table(status, body, outcome):
    rc = parse_return_code(body.get("return_code")) if isinstance(body, dict) else None
    code = specific_code(body.get("return_msg")) if isinstance(body, dict) else None
    assert classify(status, body, rc, code) is outcome


@pytest.mark.parametrize(
    ("value", "number"),
    [(" 0000455 ", "0000455"), ("0000455", "0000455"), (" 000045", None), ("00004551", None), (455, None),
     ("000 455", None), ("", None), (None, None), ("٠٠٠٠٤٥٥", None)],
)
def test_order_number_is_exactly_seven_digits(value, number):
    assert order_number(value) == number


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("8005", "만료"),
        ("8050", "IP"),
        ("8030", "실전/모의"),
        ("8031", "실전/모의"),
        ("RC9000", "모의투자"),
        ("1700", "한도"),
        ("571412", "같은 거래소구분"),
        ("1511", "필수"),
    ],
)
def test_korean_explanations_for_common_codes(code, words):
    assert words in explain(Outcome.REJECTED, code)


def test_outcome_labels():
    labels = ["접수", "거부", "유량 초과", "인증 실패", "전송 안 됨", "확인 필요", "접수 확인"]
    assert [o.label for o in Outcome] == labels


def test_throttle_gives_slots_in_call_order():
    now = [0.0]
    slept: list[float] = []
    t = Throttle(5, clock=lambda: now[0], sleep=slept.append)
    waits = [t.wait() for _ in range(4)]
    assert waits == pytest.approx([0.0, 0.2, 0.4, 0.6])
    now[0] = 10.0
    assert t.wait() == 0.0
    assert Throttle(None).wait() == 0.0
