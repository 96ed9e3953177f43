"""Parse the official spec text (shared/seed) into tables, for the spec-drift guard."""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_f5b037b1b0561daa.txt"


def _is_title(lines: list[str], i: int) -> bool:
    """The line before an api-id line is the next order's title, not a wrapped description."""
    return i + 1 < len(lines) and re.fullmatch(r"kt\d{5}", lines[i + 1].strip()) is not None


def parse_seed(path: Path = SEED) -> dict[str, dict]:
    """api-id -> {"title", "example", "request_headers", "request_body", "response_headers", ...}."""
    apis: dict[str, dict] = {}
    current: dict | None = None
    side = table = None
    last_row: dict | None = None
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if re.fullmatch(r"kt\d{5}", stripped):
            current = apis.setdefault(stripped, {"title": lines[i - 1].strip(), "example": {}})
            side = table = None
            continue
        if current is None:
            continue
        m = re.match(r"\s*'(\w+)': '([^']*)',", line)
        if m and side is None:
            current["example"][m.group(1)] = m.group(2)
            continue
        if stripped in ("요청", "응답"):
            side, table = ("request" if stripped == "요청" else "response"), None
            continue
        if stripped in ("Header", "Body") and side:
            table = f"{side}_{stripped.lower()}{'s' if stripped == 'Header' else ''}"
            current[table] = []
            continue
        if not table:
            continue
        cols = line.split("\t")
        if cols[0] == "Element":
            continue
        if len(cols) >= 5:
            last_row = {
                "key": cols[0].strip(),
                "label": cols[1].strip(),
                "type": cols[2].strip(),
                "required": cols[3].strip() == "Y",
                "max_length": int(cols[4]),
                "description": cols[5].strip() if len(cols) > 5 else "",
            }
            current[table].append(last_row)
        elif stripped and last_row is not None and not _is_title(lines, i):
            last_row["description"] += "\n" + stripped  # a description wrapped onto the next line
    return apis


# --- ../shared/kiwoom-spec/<api-id>.md: "- key | 한글명 | type | req=Y | len=N | description", children "  - " ---
SPEC_DIR = Path(__file__).resolve().parents[2] / "shared" / "kiwoom-spec"
_SECTIONS = {
    "request.header": "request_headers",
    "request.body": "request_body",
    "response.header": "response_headers",
    "response.body": "response_body",
}


def _md_row(text: str) -> dict:
    key, label, type_, req, length, description = (c.strip() for c in text.split(" | ", 5))
    return {
        "key": key,
        "label": label,
        "type": type_,
        "required": req == "req=Y",
        "max_length": int(length.removeprefix("len=") or 0),
        "description": description.replace("  ⏎  ", "\n").strip(),
        "children": [],
    }


def parse_spec_md(api_id: str, folder: Path = SPEC_DIR) -> dict:
    """One API's md file -> {"title", "method", "path", "content_type", "example", and the four tables};
    a LIST field's rows are in its "children"."""
    import json

    lines = (folder / f"{api_id}.md").read_text(encoding="utf-8").splitlines()
    m = re.match(rf"## {api_id} (.+?)  \(", lines[0])
    api: dict = {"title": m.group(1).strip() if m else "", **{t: [] for t in _SECTIONS.values()}}
    meta = {"meta.Method:": "method", "meta.URL:": "path", "meta.Content-Type:": "content_type"}
    section = None
    example: list[str] = []
    for line in lines[1:]:
        stripped = line.strip()
        for prefix, name in meta.items():
            if stripped.startswith(prefix):
                api[name] = stripped.removeprefix(prefix).strip()
        if line.startswith("### "):
            section = line[4:].strip()
            continue
        if section in _SECTIONS and line.startswith("  - "):
            api[_SECTIONS[section]][-1]["children"].append(_md_row(line[4:]))
        elif section in _SECTIONS and line.startswith("- "):
            api[_SECTIONS[section]].append(_md_row(line[2:]))
        elif section == "request_example":
            example.append(line)
    api["example"] = json.loads("\n".join(example) or "{}")
    return api


def skipped_without_shared(test_file: str, tmp_path: Path) -> tuple[list[str], str]:
    """Run ``test_file`` from a copy of the tests where ../shared does not exist: the SKIPPED lines of
    the ``-ra`` summary and the whole output (its own skip-reason test left out)."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "repo" / "tests"
    copy.mkdir(parents=True)
    for name in (test_file, "spec_text.py"):
        shutil.copy(Path(__file__).parent / name, copy / name)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-ra", "-q", "-p", "no:cacheprovider", "-k", "not skip_reason", str(copy)],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    return [line for line in proc.stdout.splitlines() if line.startswith("SKIPPED")], proc.stdout
