"""The list of listed stocks (ka10099 종목정보 리스트) behind the 종목코드 completer: rows read from the host's
answer, and the copy kept in the data folder (one file per environment, for one host and one KST day).

Only a well-formed row makes an entry: a code that passes the order form's own code rule as sent (never cut,
padded or upper-cased) and a name of plain text. Whatever else comes — garbage rows, a code named twice with
two names, a file that does not read — is left out and counted, never guessed at.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..base.resources_io import load_json
from ..base.safe_text import printable
from ..orders.specs import load_rules

_VERSION = 1


@cache
def settings() -> Mapping[str, Any]:
    return load_json("stock_list.json")


@cache
def _code_rule() -> re.Pattern[str]:
    return re.compile(load_rules().kinds["stock_code"]["pattern"])


@dataclass(frozen=True)
class StockName:
    code: str  # as the host sent it, and as the form would send it
    name: str
    market: str  # 코스피, 코스닥, ETF: the market it was listed under (our label of the mrkt_tp asked)

    @property
    def shown(self) -> str:
        return f"{self.name} {self.code} {self.market}"


def valid_code(code: object) -> bool:
    """The form's code rule (rules.json stock_code), on the value exactly as it came."""
    return isinstance(code, str) and _code_rule().fullmatch(code) is not None


def _name(raw: object) -> str | None:
    if not isinstance(raw, str):
        return None
    name = raw.strip()
    limit = int(settings()["max_name_chars"])
    # printable: no control or direction-override characters, no lone surrogates (a name is shown, never run)
    if not name or len(name) > limit or printable(name) != name or not name.isprintable():
        return None
    return name


def entry_from_row(row: object, market: str) -> StockName | None:
    """One ka10099 row as an entry, or None when it is not well formed. A name that is itself a code (as the
    form would read it, upper-cased) is none: "005930 000660" would offer one stock under another's code."""
    if not isinstance(row, Mapping):
        return None
    code, name = row.get("code"), _name(row.get("name"))
    if not valid_code(code) or name is None or valid_code(name.upper()):
        return None
    return StockName(code, name, market)


def rows_from_answer(body: Mapping[str, object], market: str) -> tuple[list[StockName], int] | None:
    """The well-formed entries of one answer page and how many rows were not; None when the page has no list."""
    rows = body.get("list")
    if not isinstance(rows, list):
        return None
    entries = [e for e in (entry_from_row(r, market) for r in rows) if e is not None]
    return entries, len(rows) - len(entries)


def merged(entries: Iterable[StockName]) -> tuple[list[StockName], int]:
    """One entry per code (the first market it came under); a code named with two different names is dropped
    altogether (which name the code is would be a guess). Returns the entries and how many codes were dropped."""
    by_code: dict[str, StockName] = {}
    conflicted: set[str] = set()
    for entry in entries:
        known = by_code.get(entry.code)
        if known is None:
            by_code[entry.code] = entry
        elif known.name != entry.name:
            conflicted.add(entry.code)
    return [e for code, e in by_code.items() if code not in conflicted], len(conflicted)


def file_path(data_dir: Path, env: str) -> Path:
    return data_dir / str(settings()["file"]).format(env=env)


@dataclass(frozen=True)
class StoredList:
    env: str
    host: str
    day: str  # KST date (ISO) the list was read from the host
    entries: tuple[StockName, ...]


def read_file(path: Path) -> StoredList | None:
    """The list kept at ``path``; None when there is none. Raises ValueError (in Korean words) when the file is
    there but is not a list this program wrote, or any entry in it is not well formed."""
    if not path.exists():
        return None
    if path.stat().st_size > int(settings()["max_file_bytes"]):
        raise ValueError("파일이 너무 큽니다")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("JSON이 아닙니다") from exc
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        raise ValueError("형식이 다릅니다")
    env, host, day, rows = data.get("env"), data.get("host"), data.get("day"), data.get("entries")
    if not all(isinstance(v, str) for v in (env, host, day)) or not isinstance(rows, list):
        raise ValueError("형식이 다릅니다")
    entries = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3 and all(isinstance(v, str) for v in row)):
            raise ValueError("읽을 수 없는 줄이 있습니다")
        entry = entry_from_row({"code": row[0], "name": row[1]}, row[2])
        if entry is None or entry.name != row[1] or not row[2]:
            raise ValueError("읽을 수 없는 줄이 있습니다")
        entries.append(entry)
    if merged(entries)[1]:  # a code under two names: never a list this program wrote (it drops them)
        raise ValueError("같은 코드가 다른 이름으로 두 번 있습니다")
    return StoredList(env, host, day, tuple(entries))


def write_file(path: Path, stored: StoredList) -> None:
    """Write the list beside the journal, whole or not at all (a temporary file moved into place)."""
    data = {
        "version": _VERSION,
        "env": stored.env,
        "host": stored.host,
        "day": stored.day,
        "entries": [[e.code, e.name, e.market] for e in stored.entries],
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def markets() -> Sequence[Mapping[str, str]]:
    return settings()["markets"]
