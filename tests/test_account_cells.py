"""Answer fields read by kind (issue 11): codes without their prefix, padded signed numbers, a price's
direction mark — and anything else shown as the host sent it, never a crash, never a made-up 0."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiwoom_gui.account.cells import TEXT_LIMIT, Cell, parse_cell
from kiwoom_gui.base.safe_text import excerpt, printable

KINDS = ["text", "code", "int", "price", "rate", "date", "time"]


@pytest.mark.parametrize(
    ("kind", "raw", "value", "text"),
    [
        ("code", "A005930", "005930", "005930"),
        ("code", "J123456", "123456", "123456"),
        ("code", "Q500001", "500001", "500001"),
        ("code", "005930", "005930", "005930"),
        ("code", "0000J0", "0000J0", "0000J0"),  # newer codes carry a letter
        ("code", "005930_NX", "005930", "005930"),
        ("code", "X005930", None, "X005930"),
        ("code", "a005930", None, "a005930"),
        ("code", "00593", None, "00593"),
        ("int", "-00000000196888", -196888, "-196,888"),
        ("int", "000000000373500", 373500, "373,500"),
        ("int", "0000000001", 1, "1"),
        ("int", "+5", 5, "5"),
        ("int", "-0000000000", 0, "0"),
        ("int", "--5", None, "--5"),  # seen in net-buy fields: shown, not guessed
        ("int", "1,000", None, "1,000"),
        ("int", "1_000", None, "1_000"),  # int() would take it
        ("int", "٠٠٥", None, "٠٠٥"),  # int() would take Arabic-Indic digits
        ("int", "", None, ""),
        ("int", " ", None, " "),
        ("int", "abc", None, "abc"),
        ("price", "+74100", 74100, "74,100"),
        ("price", "-000000059000", 59000, "59,000"),
        ("price", "74100", 74100, "74,100"),
        ("price", "0000004900", 4900, "4,900"),
        ("price", "+-1", None, "+-1"),
        ("rate", "-000000001.23", Decimal("-1.23"), "-1.23"),
        ("rate", "+1.23", Decimal("1.23"), "1.23"),
        ("rate", "46.25", Decimal("46.25"), "46.25"),
        ("rate", "-0.00", Decimal("0.00"), "0.00"),
        ("rate", "NaN", None, "NaN"),
        ("rate", "1e5", None, "1e5"),
        ("rate", "Infinity", None, "Infinity"),
        ("date", "20250102", "20250102", "20250102"),
        ("date", "20250230", None, "20250230"),
        ("date", "00000000", None, "00000000"),
        ("date", "", None, ""),
        ("time", "154113", "15:41:13", "15:41:13"),
        ("time", "13:05:43", "13:05:43", "13:05:43"),
        ("time", "25:00:00", None, "25:00:00"),
        ("time", "13:0543", None, "13:0543"),
        ("text", "접수", "접수", "접수"),
    ],
)
def test_each_kind(kind, raw, value, text):
    cell = parse_cell(kind, raw)
    assert cell.raw == raw
    assert cell.value == value and type(cell.value) is type(value)
    assert cell.text == text


def test_price_keeps_its_direction_mark_apart_from_the_value():
    assert parse_cell("price", "+74100").direction == "+"
    assert parse_cell("price", "-74100").direction == "-"
    assert parse_cell("price", "74100").direction == ""
    assert parse_cell("int", "-74100").value == -74100  # an amount's sign is a sign


def test_missing_key_is_empty_not_zero():
    cell = parse_cell("int", None)
    assert cell == Cell(None, None) and cell.text == ""


@pytest.mark.parametrize("raw", [5, 5.0, True, [], {"a": 1}, ["0000001"]])
def test_a_non_string_is_shown_as_sent_and_never_used(raw):
    """The spec sends strings. A JSON number may be a cut or re-typed value: shown, not trusted."""
    for kind in KINDS:
        cell = parse_cell(kind, raw)
        assert cell.value is None
        assert cell.text and isinstance(cell.raw, str)


def test_lone_surrogate_is_shown_escaped_and_kept_raw():
    cell = parse_cell("text", "삼성\ud800")
    assert cell.raw == "삼성\ud800"
    assert cell.text == "삼성\\ud800"
    cell.text.encode("utf-8")


def test_huge_values_are_shown_bounded_and_never_read():
    digits = "9" * 100_000  # int() refuses past 4,300 digits; a cell must not
    cell = parse_cell("int", digits)
    assert cell.value is None and cell.raw == digits
    assert len(cell.text) == TEXT_LIMIT and cell.text.endswith("…")


_WELL_FORMED = {
    "int": re.compile(r"\s*[+-]?[0-9]+\s*"),
    "price": re.compile(r"\s*[+-]?[0-9]+\s*"),
    "rate": re.compile(r"\s*[+-]?[0-9]+(\.[0-9]+)?\s*"),
    "date": re.compile(r"\s*[0-9]{8}\s*"),
    "time": re.compile(r"\s*[0-9]{2}:?[0-9]{2}:?[0-9]{2}\s*"),
}
_NUMBERISH = st.text(alphabet="0123456789+-., :eE_٠١Aa\ud800", max_size=24)


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from([*KINDS, "nonsense"]),
    raw=st.one_of(st.text(), _NUMBERISH, st.none(), st.integers(), st.floats(), st.booleans(), st.lists(st.text())),
)
def test_parse_cell_never_raises_and_never_invents_a_value(kind, raw):
    cell = parse_cell(kind, raw)
    cell.text.encode("utf-8")  # always showable
    if not isinstance(raw, str):
        assert cell.value is None
        return
    assert cell.raw == raw
    if kind in _WELL_FORMED and cell.value is not None:
        assert _WELL_FORMED[kind].fullmatch(raw), (kind, raw)
    if kind in ("int", "price") and cell.value is not None:
        digits = raw.strip().lstrip("+-")
        assert cell.value == (-1 if raw.strip().startswith("-") and kind == "int" else 1) * int(digits)
    if cell.value is None:  # shown as the host sent it (half an emoji escaped, a megabyte cut)
        assert cell.text == excerpt(printable(raw), TEXT_LIMIT)


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=-(10**15), max_value=10**15), width=st.integers(min_value=1, max_value=20))
def test_zero_padded_signed_numbers_round_trip(number, width):
    raw = ("-" if number < 0 else "") + str(abs(number)).zfill(width)
    assert parse_cell("int", raw).value == number
    assert parse_cell("int", raw).text == f"{number:,}"
    price = parse_cell("price", raw)
    assert price.value == abs(number) and price.direction == ("-" if number < 0 else "")
