"""Review 8: one host, one spelling. The journal's host column is compared as text (an earlier 확인 필요 order of the
same body, an order number's origin), so every spelling --base-url accepts for one host must come out the same:
a trailing dot (an absolute DNS name), an IPv6 address written out, a non-ASCII (IDN) name. Otherwise the 확인 필요
order made at one spelling hides from a Send at the other, and a doubled order goes out unasked."""

from __future__ import annotations

import pytest

from kiwoom_gui.base.kst import kst_today
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.environments import check_base_url
from kiwoom_gui.records.journal import Journal
from kiwoom_gui.records.second_order import second_order_refusal

BODY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "70000", "trde_tp": "0",
        "crd_deal_tp": "33", "crd_loan_dt": ""}  # fmt: skip

SAME_HOST = [
    ("https://mockapi.kiwoom.com", "https://mockapi.kiwoom.com."),
    ("https://mockapi.kiwoom.com", "https://MockAPI.Kiwoom.com.:443/"),
    ("http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]:8080"),
    ("http://[::1]:8080", "http://[::0001]:8080"),
    ("https://xn--3e0b707e.com", "https://한국.com"),
    ("https://api.kiwoom.com", "https://ＡＰＩ.kiwoom.com"),
]


@pytest.mark.parametrize(("first", "second"), SAME_HOST)
def test_one_spelling_per_host(first, second):
    assert check_base_url(second) == check_base_url(first)


@pytest.mark.parametrize(("first", "second"), SAME_HOST)
def test_unknown_order_found_at_another_spelling(tmp_path, first, second):
    """A real journal: the 확인 필요 order made at one spelling refuses the same body sent at the other."""
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        journal.record_intent("mock", "kt10006", BODY, {}, host=check_base_url(first))
        assert journal.recover() == 1  # a crash mid-flight: 확인 필요
        assert journal.recent()[0].outcome is Outcome.UNKNOWN
        refusal = second_order_refusal(journal, "kt10006", BODY, "mock", check_base_url(second), kst_today())
        assert "확인 필요" in refusal, (first, second, refusal)
    finally:
        journal.close()


def test_a_lone_root_dot_is_no_host():
    from kiwoom_gui.host.environments import UnsafeBaseURL

    with pytest.raises(UnsafeBaseURL):
        check_base_url("https://.")
