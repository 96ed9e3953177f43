"""resources/queries.json must agree with ../shared/kiwoom-spec/<api-id>.md field for field (issue 11)."""

from __future__ import annotations

import pytest
from spec_text import SPEC_DIR, parse_spec_md, skipped_without_shared

from kiwoom_gui.base.resources_io import load_json
from kiwoom_gui.orders.specs import FieldSpec, load_queries, query_spec

QUERIES = ["ka00001", "ka10075", "kt00007", "kt00018", "ka10001", "ka10100", "ka10099", "kt00001", "kt00012", "kt20017",
           "ka10085", "kt00005", "ka10007"]
STOCK_INFO = {"ka10001", "ka10100", "ka10099", "kt20017"}  # issues 12, 21 (ka10099), 19 (kt20017): /api/dostk/stkinfo
MARKET = {"ka10007"}  # issue 20: the 호가 snapshot, /api/dostk/mrkcond
TABLES = ("request_headers", "request_body", "response_headers", "response_body")
PARSE_KINDS = {"text", "code", "int", "price", "rate", "date", "time"}

# shown by `pytest -ra`: a green run without ../shared has not compared anything with the spec
SKIP_REASON = (
    f"명세 대조 안 함: 조회 API 명세가 없습니다 ({SPEC_DIR}). 저장소 옆에 ../shared 폴더(shared/kiwoom-spec)를 "
    "두면 실행됩니다 — query spec-drift tests skipped: ../shared/kiwoom-spec is not present next to the repository"
)


@pytest.fixture(scope="module")
def spec() -> dict:
    if not all((SPEC_DIR / f"{a}.md").exists() for a in QUERIES):
        pytest.skip(SKIP_REASON)
    return {a: parse_spec_md(a) for a in QUERIES}


def _ours(f: FieldSpec) -> dict:
    return {
        "key": f.key,
        "label": f.label,
        "type": f.type,
        "required": f.required,
        "max_length": f.max_length,
        "description": f.description,
        "children": [_ours(c) for c in f.children],
    }


def test_same_api_ids(spec):
    assert list(load_queries()) == list(spec) == QUERIES


@pytest.mark.parametrize("api_id", QUERIES)
@pytest.mark.parametrize("table", TABLES)
def test_table_matches_spec(spec, api_id, table):
    assert [_ours(f) for f in getattr(query_spec(api_id), table)] == spec[api_id][table]


@pytest.mark.parametrize("api_id", QUERIES)
def test_endpoint_title_and_example(spec, api_id):
    ours, theirs = query_spec(api_id), spec[api_id]
    assert (ours.title, ours.method, ours.path, ours.content_type) == (
        theirs["title"],
        theirs["method"],
        theirs["path"],
        theirs["content_type"],
    )
    assert dict(ours.example_request) == theirs["example"]


def test_every_query_goes_to_its_endpoint():
    for q in load_queries().values():
        path = ("/api/dostk/stkinfo" if q.api_id in STOCK_INFO else "/api/dostk/mrkcond" if q.api_id in MARKET
                else "/api/dostk/acnt")
        assert (q.method, q.path, q.content_type) == ("POST", path, "application/json;charset=UTF-8")
    assert STOCK_INFO < set(load_queries())


def test_parse_kinds_are_known_and_lists_have_rows():
    for q in load_queries().values():
        for f in q.response_body:
            assert f.parse in PARSE_KINDS
            assert all(c.parse in PARSE_KINDS for c in f.children)
            assert (f.type == "LIST") == bool(f.children)


def test_parse_kinds_follow_the_spec_descriptions():
    """Every field the spec calls a padded signed number is read as a number, never as text; codes with the
    A/J/Q prefix are read as codes; YYYYMMDD fields as dates."""
    for q in load_queries().values():
        fields = [c for f in q.response_body for c in (f.children or (f,))]
        for f in fields:
            if "0-padding" in f.description:
                assert f.parse in ("int", "price"), (q.api_id, f.key)
            if "%" in f.description and "백분율" in f.description:
                assert f.parse == "rate", (q.api_id, f.key)
            if "접두어" in f.description:
                assert f.parse == "code", (q.api_id, f.key)
            if f.description.strip() == "YYYYMMDD":
                assert f.parse == "date", (q.api_id, f.key)


def test_rows_data_names_real_list_fields():
    rows = load_json("queries.json")["rows"]
    for api_id, key in rows["list"].items():
        listed = [f for f in query_spec(api_id).response_body if f.type == "LIST"]
        assert [f.key for f in listed] == [key]
    for table in ("orig_fields", "loan_date_fields"):
        for api_id, key in rows[table].items():
            children = next(f for f in query_spec(api_id).response_body if f.type == "LIST").children
            assert key in [c.key for c in children]


def test_the_windows_request_bodies_carry_every_spec_key_as_strings():
    """Issue 11's public contract: bodies with every spec key, all strings (the lead's view data)."""
    try:
        data = load_json("account_views.json")
    except FileNotFoundError:
        pytest.skip("resources/account_views.json is not there yet")
    requests = [q for v in data["views"].values() for q in v["queries"]] + [data["account"]]
    assert requests
    for q in requests:
        keys = [f.key for f in query_spec(q["api_id"]).request_body]
        assert list(q["body"]) == keys, q["api_id"]
        assert all(isinstance(v, str) for v in q["body"].values())


def test_skip_reason_names_the_missing_shared_folder(tmp_path):
    """Run this file where ../shared does not exist: the skips must say why, in the -ra summary."""
    skipped, output = skipped_without_shared("test_spec_drift_queries.py", tmp_path)
    assert skipped and all("../shared" in line and "spec-drift tests skipped" in line for line in skipped)
    assert str(tmp_path / "shared" / "kiwoom-spec") in "".join(skipped)
    assert "5 passed" in output  # the checks that need no spec text still ran
