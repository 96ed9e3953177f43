"""Property tests: any text in any field never raises, and whatever is accepted obeys every rule."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rule_oracle import VALID, assert_body_satisfies_rules

from kiwoom_gui.specs import load_orders
from kiwoom_gui.validation import validate

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
        "2580",
        " 455 ",
        "0000455",
        "005930",
        "00088k",
        "KRX",
        "nxt",
        "SOR",
        "3",
        "28",
        "33",
        "99",
        "20240229",
        "2026-11-24",
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
    else:
        assert result.body is None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(VALID)), st.dictionaries(st.text(max_size=20), st.text(max_size=50), max_size=8))
def test_arbitrary_keys_never_raise(api_id, raw):
    validate(api_id, raw)
