"""Property tests: any text in any field never raises, and whatever is accepted obeys every rule."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rule_oracle import VALID, assert_body_satisfies_rules, assert_read_faithfully

from kiwoom_gui.orders.specs import load_orders
from kiwoom_gui.orders.validation import validate

NOISE = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from("0123456789,.- \n\t가나다ABCKRXNXTSOR０١"),
    max_size=30,
) | st.text(max_size=5000)
PLAUSIBLE = st.sampled_from(
    [
        "",
        "0",
        "1",
        "10",
        "1,000",
        "0,500",
        "00,500",
        "1,00",
        "12,345",
        "2580",
        " 455 ",
        "0000455",
        "00004551",
        "4550000456",
        "005930",
        "00088k",
        "0059ß",
        "00088ı",
        "KRX",
        "nxt",
        "SOR",
        "3",
        "28",
        "33",
        "99",
        "20240229",
        "2026-11-24",
        "2099-12-31",
        "20991231",
        "2000.01.02",
        "12.5",
        "-1",
        "999999999999",
        "1234567890123",
    ]
)
VALUE = st.one_of(PLAUSIBLE, NOISE)


def forms(api_id: str):
    keys = [f.key for f in load_orders()[api_id].request_body]
    return st.fixed_dictionaries({k: VALUE for k in keys}) | st.fixed_dictionaries(
        {k: st.one_of(st.just(VALID[api_id][k]), VALUE) for k in keys}
    )


ANY_FORM = st.sampled_from(list(VALID)).flatmap(lambda api: st.tuples(st.just(api), forms(api)))


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ANY_FORM)
def test_never_raises_and_accepted_bodies_obey_every_rule(case):
    api_id, raw = case
    result = validate(api_id, raw)
    for key, message in result.errors.items():
        assert isinstance(message, str) and message, key
    if result.ok:
        assert_body_satisfies_rules(api_id, result.body)
        assert_read_faithfully(raw, result.body)
    else:
        assert result.body is None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(VALID)), st.dictionaries(st.text(max_size=20), st.text(max_size=50), max_size=8))
def test_arbitrary_keys_never_raise(api_id, raw):
    validate(api_id, raw)


NUMBER_FIELDS = [
    (api_id, f.key)
    for api_id in VALID
    for f in load_orders()[api_id].request_body
    if f.kind in ("quantity", "remaining_quantity", "price")
]


# digit groups joined by commas, most of them three long: the near misses of a thousands separator
GROUPED = st.builds(
    lambda lead, groups: lead + "".join("," + g for g in groups),
    st.from_regex(r"\A[0-9]{1,4}\Z"),
    st.lists(st.from_regex(r"\A[0-9]{3}\Z") | st.from_regex(r"\A[0-9]{0,4}\Z"), max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(NUMBER_FIELDS), GROUPED)
def test_digits_and_commas_are_read_as_written_or_refused(field, text):
    """Separators must sit on thousands: "0,500", "00,500" and "1,00" are refused, never read as 500 or 100."""
    api_id, key = field
    raw = {**VALID[api_id], key: text}
    if key == "cond_uv":
        raw["trde_tp"] = "28"  # 스톱지정가: the only order type that takes a condition price
    result = validate(api_id, raw)
    if result.ok:
        assert_read_faithfully(raw, result.body)
    else:
        assert key in result.errors and result.body is None
