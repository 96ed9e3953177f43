"""The simulator's credit answers (resources/simulator_credit.json ``fields``) must carry exactly the keys of
../shared/kiwoom-spec/<api-id>.md, in its order, at its path (issue 19)."""

from __future__ import annotations

import pytest
from spec_text import SPEC_DIR, parse_spec_md

from kiwoom_gui.base.resources_io import load_json

CREDIT = ["kt00001", "ka10085", "kt00005", "kt00012", "kt20016", "kt20017"]


def test_the_credit_answers_follow_the_spec_tables():
    if not all((SPEC_DIR / f"{a}.md").exists() for a in CREDIT):
        pytest.skip(f"명세 대조 안 함: {SPEC_DIR} 없음 — credit spec-drift test skipped without ../shared/kiwoom-spec")
    ours = load_json("simulator_credit.json")["fields"]
    assert sorted(ours) == sorted(CREDIT)
    for api_id in CREDIT:
        spec = parse_spec_md(api_id)
        lists = [f for f in spec["response_body"] if f["type"] == "LIST"]
        theirs = {
            "path": spec["path"],
            "request": [f["key"] for f in spec["request_body"]],
            "required": [f["key"] for f in spec["request_body"] if f["required"]],
            "head": [f["key"] for f in spec["response_body"] if f["type"] != "LIST"],
            **({"list": lists[0]["key"], "row": [c["key"] for c in lists[0]["children"]]} if lists else {}),
        }
        assert ours[api_id] == theirs, api_id
