"""resources/orders.json must agree with the official spec text field for field."""

from __future__ import annotations

import pytest
from spec_text import SEED, parse_seed, skipped_without_shared

from kiwoom_gui.orders.specs import load_orders

# shown by `pytest -ra`: a green run without ../shared has not compared anything with the spec
SKIP_REASON = (
    f"명세 대조 안 함: 공식 명세 텍스트가 없습니다 ({SEED}). 저장소 옆에 ../shared 폴더(shared/seed)를 두면 "
    "실행됩니다 — spec-drift tests skipped: ../shared/seed is not present next to the repository"
)

TABLES = ("request_headers", "request_body", "response_headers", "response_body")


@pytest.fixture(scope="module")
def seed() -> dict:
    if not SEED.exists():
        pytest.skip(SKIP_REASON)
    return parse_seed()


def test_same_api_ids_in_same_order(seed):
    assert list(seed) == list(load_orders()) == ["kt10006", "kt10007", "kt10008", "kt10009"]


@pytest.mark.parametrize("api_id", ["kt10006", "kt10007", "kt10008", "kt10009"])
@pytest.mark.parametrize("table", TABLES)
def test_table_matches_spec(seed, api_id, table):
    ours = [
        {
            "key": f.key,
            "label": f.label,
            "type": f.type,
            "required": f.required,
            "max_length": f.max_length,
            "description": f.description,
        }
        for f in getattr(load_orders()[api_id], table)
    ]
    assert ours == seed[api_id][table]


@pytest.mark.parametrize("api_id", ["kt10006", "kt10007", "kt10008", "kt10009"])
def test_title_and_example(seed, api_id):
    spec = load_orders()[api_id]
    assert spec.title.replace(" ", "") == seed[api_id]["title"].replace(" ", "")
    assert dict(spec.example_request) == seed[api_id]["example"]
    # the official sample sends every body field, in spec order
    assert list(seed[api_id]["example"]) == [f.key for f in spec.request_body]


def test_all_four_share_one_endpoint():
    for spec in load_orders().values():
        assert (spec.method, spec.path) == ("POST", "/api/dostk/crdordr")
        assert spec.content_type == "application/json;charset=UTF-8"


def test_enumerations_cover_spec_descriptions():
    orders = load_orders()
    trde = orders["kt10006"].body_field("trde_tp")
    codes = [o.code for o in trde.enum]
    assert len(codes) == 18
    for option in trde.enum:
        assert f"{option.code}:{option.label}" in trde.description.replace(" ", "")
    assert [o.code for o in orders["kt10007"].body_field("crd_deal_tp").enum] == ["33", "99"]
    for spec in orders.values():
        assert [o.code for o in spec.body_field("dmst_stex_tp").enum] == ["KRX", "NXT", "SOR"]


def test_skip_reason_names_the_missing_shared_folder(tmp_path):
    """Run this file where ../shared does not exist: the skips must say why, in the -ra summary."""
    skipped, output = skipped_without_shared("test_spec_drift.py", tmp_path)
    assert skipped and all("../shared" in line and "spec-drift tests skipped" in line for line in skipped)
    assert str(tmp_path / "shared" / "seed") in "".join(skipped)
    assert "2 passed" in output  # the checks that need no spec text still ran
