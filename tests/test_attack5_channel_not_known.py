"""Hostile review 5 (issue 17, "another 통신구분 is not ours" and "not known is never none"): a kt00007 row whose
통신구분 (comm_ord_tp) is missing or blank proves it was *not* placed from 영웅문 — its channel check is "agree"
whatever it holds, so the row is full proof.

The spec documents only '영웅문4'; the value for REST orders is not known. A row that names a channel other than
영웅문 may be taken as ours (that is the documented choice), but a row that names none says nothing about where
the order came from: like every other field the answer lacks, it keeps the row a candidate.

Qt-free, the real parser (account.rows.parse_rows) and the one rule (account.attribution).
"""

from __future__ import annotations

import pytest
from test_attribution import PLACED, intent, verdict_of

from kiwoom_gui.account.attribution import seen_in_row
from kiwoom_gui.account.rows import parse_rows


def row_without(**changes: object):
    fields = {**PLACED, **changes}
    fields = {k: v for k, v in fields.items() if v is not None}
    return seen_in_row(parse_rows("kt00007", {"acnt_ord_cntr_prps_dtl": [fields]})[0])


def test_control_a_named_non_yeongungmun_channel_is_proof():
    assert verdict_of(intent(), row_without()) == "proof"


@pytest.mark.parametrize(("case", "comm"), [("blank", ""), ("spaces", "   "), ("missing", None)])
def test_a_row_that_names_no_channel_is_only_a_candidate(case, comm):
    assert verdict_of(intent(), row_without(comm_ord_tp=comm)) == "candidate", (
        f"통신구분 {case}: not known, yet the row proves the order was not placed from 영웅문"
    )
