"""An independent statement of the order rules (issue #2, facts §4), written out by hand.

The validator reads its rules from resources/; these tests state them again here so that
removing or loosening a rule in resources/ makes a test fail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

KST = dt.timezone(dt.timedelta(hours=9))  # stated again here: the loan date may not be after Korea's today

PRICE_REQUIRED = {"0", "5", "62", "10", "20", "28"}
PRICE_BLANK = {"3", "81", "61", "6", "7", "13", "16", "23", "26", "29", "30", "31"}
ALL_TRDE = PRICE_REQUIRED | PRICE_BLANK
BODY_KEYS = {
    "kt10006": ["dmst_stex_tp", "stk_cd", "ord_qty", "ord_uv", "trde_tp", "cond_uv"],
    "kt10007": [
        "dmst_stex_tp",
        "stk_cd",
        "ord_qty",
        "ord_uv",
        "trde_tp",
        "crd_deal_tp",
        "crd_loan_dt",
        "cond_uv",
    ],
    "kt10008": ["dmst_stex_tp", "orig_ord_no", "stk_cd", "mdfy_qty", "mdfy_uv", "mdfy_cond_uv"],
    "kt10009": ["dmst_stex_tp", "orig_ord_no", "stk_cd", "cncl_qty"],
}
LENGTHS = {
    "dmst_stex_tp": 3,
    "stk_cd": 12,
    "ord_qty": 12,
    "ord_uv": 12,
    "trde_tp": 2,
    "cond_uv": 12,
    "crd_deal_tp": 2,
    "crd_loan_dt": 8,
    "orig_ord_no": 7,
    "mdfy_qty": 12,
    "mdfy_uv": 12,
    "mdfy_cond_uv": 12,
    "cncl_qty": 12,
}
VALID = {
    "kt10006": {
        "dmst_stex_tp": "KRX",
        "stk_cd": "005930",
        "ord_qty": "10",
        "ord_uv": "60000",  # inside 005930's band at the simulator (49,400…91,600)
        "trde_tp": "0",
        "cond_uv": "",
    },
    "kt10007": {
        "dmst_stex_tp": "KRX",
        "stk_cd": "005930",
        "ord_qty": "3",
        "ord_uv": "64500",
        "trde_tp": "0",
        "crd_deal_tp": "99",
        "crd_loan_dt": "",
        "cond_uv": "",
    },
    "kt10008": {
        "dmst_stex_tp": "KRX",
        "orig_ord_no": "0000455",
        "stk_cd": "005930",
        "mdfy_qty": "1",
        "mdfy_uv": "60100",
        "mdfy_cond_uv": "",
    },
    "kt10009": {"dmst_stex_tp": "KRX", "orig_ord_no": "0001615", "stk_cd": "005930", "cncl_qty": "1"},
}


# a separator sits on thousands and a leading group never starts with 0 ("0,500" is not 500)
THOUSANDS = r"[1-9][0-9]{0,2}(,[0-9]{3})+"
NUMBER_KEYS = {"ord_qty", "ord_uv", "cond_uv", "mdfy_qty", "mdfy_uv", "mdfy_cond_uv", "cncl_qty"}
CODE_KEYS = {"dmst_stex_tp", "stk_cd", "trde_tp", "crd_deal_tp"}


def krx_tick(price: int, kind: str = "stock") -> int:
    """The KRX tick at ``price`` since 2023-01-25 (facts §6), stated again by hand; ETF/ETN a flat 5원."""
    if kind in ("etf", "etn"):
        return 5
    if price < 2_000:
        return 1
    if price < 5_000:
        return 5
    if price < 20_000:
        return 10
    if price < 50_000:
        return 50
    if price < 200_000:
        return 100
    if price < 500_000:
        return 500
    return 1_000


def _price(v: str) -> bool:
    """A positive whole number of won on the KRX stock tick grid."""
    return re.fullmatch(r"[1-9][0-9]*", v) is not None and int(v) % krx_tick(int(v)) == 0


def assert_read_faithfully(raw: Mapping[str, object], body: Mapping[str, str]) -> None:
    """Each sent value is its field's text re-spelt, never another value: nothing dropped, nothing added.

    Allowed re-spellings: blanks around the text, thousands separators, leading zeros of a number, zero
    padding of an order number, upper case of an ASCII code, separators of a date.
    """
    for key, sent in body.items():
        text = "" if raw.get(key) is None else str(raw.get(key)).strip()
        if not text or not sent:
            assert text == sent == "", (key, text, sent)
        elif key in NUMBER_KEYS:
            assert "," not in text or re.fullmatch(THOUSANDS, text), (key, text)
            digits = text.replace(",", "")
            assert re.fullmatch(r"[0-9]+", digits) and sent == (digits.lstrip("0") or "0"), (key, text, sent)
        elif key == "orig_ord_no":
            assert re.fullmatch(r"[0-9]{1,7}", text) and sent == text.zfill(7), (text, sent)
        elif key == "crd_loan_dt":
            assert re.fullmatch(r"[0-9]{8}|[0-9]{4}[-./][0-9]{2}[-./][0-9]{2}", text), text
            assert sent == re.sub(r"[-./]", "", text), (text, sent)
        else:
            assert key in CODE_KEYS and text.isascii() and sent == text.upper(), (key, text, sent)


def assert_body_satisfies_rules(api_id: str, body: dict) -> None:
    assert list(body) == BODY_KEYS[api_id]
    for key, value in body.items():
        assert isinstance(value, str)
        assert len(value) <= LENGTHS[key], key
    assert body["dmst_stex_tp"] in {"KRX", "NXT", "SOR"}
    assert re.fullmatch(r"[A-Z0-9]{6}", body["stk_cd"])
    if api_id in ("kt10006", "kt10007"):
        assert re.fullmatch(r"[1-9][0-9]*", body["ord_qty"])
        assert body["trde_tp"] in ALL_TRDE
        if body["trde_tp"] in PRICE_REQUIRED:
            assert _price(body["ord_uv"])
        else:
            assert body["ord_uv"] == ""
        if body["trde_tp"] == "28":
            assert _price(body["cond_uv"])
        else:
            assert body["cond_uv"] == ""
    if api_id == "kt10007":
        assert body["crd_deal_tp"] in {"33", "99"}
        if body["crd_deal_tp"] == "33":
            loan = dt.datetime.strptime(body["crd_loan_dt"], "%Y%m%d").date()
            assert re.fullmatch(r"[0-9]{8}", body["crd_loan_dt"])
            assert loan <= dt.datetime.now(KST).date(), loan  # never after today in Korea
            assert loan >= dt.date(1990, 1, 1), loan  # nor before the 1990s (issue 17 item 10)
        else:
            assert body["crd_loan_dt"] == ""
    if api_id in ("kt10008", "kt10009"):
        assert re.fullmatch(r"[0-9]{7}", body["orig_ord_no"])
        assert body["orig_ord_no"] != "0000000"  # no order has number 0 (issue 17 item 10)
        qty = body["mdfy_qty" if api_id == "kt10008" else "cncl_qty"]
        assert re.fullmatch(r"0|[1-9][0-9]*", qty)
    if api_id == "kt10008":
        assert _price(body["mdfy_uv"])
        assert body["mdfy_cond_uv"] == "" or _price(body["mdfy_cond_uv"])
