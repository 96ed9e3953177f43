"""Is what the host shows (a kt00007 row, a live 00 접수) one of our orders of unknown outcome? One rule.

Proof: every field the order has and the answer shows agrees (stock, side, 신용/현금 and 신용구분, venue,
매매구분, quantity, price, 조건단가; a 정정: original, quantity, price; a 취소: original, quantity), it was
placed after our intent left this PC on the host's clock (with the measured offset's margin), no other
order — and no other order of ours of unknown outcome — could be it, and the in-flight window (intent +
request deadline + a grace) is over. Anything less is a *candidate*, shown to the user and never credited
by itself. A field the answer lacks or that cannot be read is "not known": it keeps a row a candidate and
proves nothing. A field that differs, a time before the intent, another channel (통신구분 영웅문…) or a
number the journal already holds excludes the row. Qt-free; the tables are resources/attribution.json.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..base.resources_io import load_json
from ..host.answers import order_number
from .cells import parse_cell
from .reconcile import Intent, intent_time_kst

if TYPE_CHECKING:
    from ..host.host_clock import Offset
    from ..live.events import OrderEvent
    from .rows import AccountRow

AGREE, DIFFER, UNKNOWN = "agree", "differ", "unknown"
_ALL = "all"  # 정정/취소 수량 0: whatever remained


@cache
def _data() -> Mapping[str, Any]:
    return load_json("attribution.json")


@cache
def _settings() -> Mapping[str, Any]:
    return load_json("reconcile.json")


@cache
def _trde_tp_codes() -> dict[str, str]:
    """An answer's 매매구분 name → the order body's code."""
    return {name: code for code, names in _data()["trde_tp_names"].items() if code != "_note" for name in names}


@dataclass(frozen=True)
class Seen:
    """An order as the host shows it, each compared field normalised to the order body's terms (absent: the
    answer does not show it or it cannot be read)."""

    source: str  # "kt00007" | "live"
    ord_no: str | None
    time: str | None  # HH:MM:SS on the host's clock
    values: Mapping[str, object]
    texts: Mapping[str, str]  # what the host sent, per field, for the detail pane
    foreign: str = ""  # the other channel the answer names (통신구분), "" when none
    not_shown: tuple[str, ...] = ()  # fields this source never carries (live: 조건단가)


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    wanted: str
    seen: str
    verdict: str  # agree / differ / unknown


@dataclass(frozen=True)
class Candidate:
    """An order that could be ours: its number, host time, where it was seen and every field compared."""

    ord_no: str
    time: str
    source: str
    checks: tuple[Check, ...]
    seen: Seen

    @property
    def complete(self) -> bool:
        """Every compared field, the time included, agrees."""
        return all(c.verdict == AGREE for c in self.checks)

    @property
    def short(self) -> str:
        return f"{self.ord_no} {self.time}"


@dataclass(frozen=True)
class Verdict:
    proven: Candidate | None
    candidates: tuple[Candidate, ...]


# --- what the host shows ----------------------------------------------------------------------------------
def _int(raw: object) -> int | None:
    value = parse_cell("int", raw).value
    return value if isinstance(value, int) and value >= 0 else None


def _price(raw: object) -> int | None:
    value = parse_cell("price", raw).value
    return value if isinstance(value, int) else None


def _str(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def _orig(raw: object) -> str | None:
    number = order_number(raw)
    if number is None:
        return None
    return "none" if number == load_json("queries.json")["rows"]["no_original"] else number


def _put(values: dict, texts: dict, key: str, value: object, text: object) -> None:
    if value is not None:
        values[key] = value
    texts[key] = _str(text) if isinstance(text, str) else ("" if text is None else str(text))


def seen_in_row(row: AccountRow) -> Seen:
    """A kt00007 row (계좌별주문체결내역상세) as compared."""
    t = _data()["kt00007"]
    raw = {k: row.cell(k).raw for k in row.cells}
    values: dict[str, object] = {}
    texts: dict[str, str] = {}
    words = _str(raw.get("mdfy_cncl")) + " " + _str(raw.get("io_tp_nm"))
    kinds = {kind for word, kind in t["kinds"].items() if word in words}
    orig = _orig(raw.get("ori_ord"))
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    if not kinds and raw.get("mdfy_cncl") is not None and orig == "none":
        kind = "new"
    _put(values, texts, "kind", kind, raw.get("mdfy_cncl") or raw.get("io_tp_nm"))
    _put(values, texts, "orig", orig, raw.get("ori_ord"))
    _put(values, texts, "stk_cd", row.stk_cd, raw.get("stk_cd"))
    sides = {side for word, side in t["sides"].items() if word in _str(raw.get("io_tp_nm"))}
    _put(values, texts, "side", next(iter(sides)) if len(sides) == 1 else None, raw.get("io_tp_nm"))
    credit_text = _str(raw.get("crd_tp")) + " " + _str(raw.get("io_tp_nm"))
    is_credit = any(w in credit_text for w in t["credit"]["credit_words"])
    is_cash = any(w in credit_text for w in t["credit"]["cash_words"])
    credit = "credit" if is_credit and not is_cash else "cash" if is_cash and not is_credit else None
    _put(values, texts, "credit", credit, f"{_str(raw.get('crd_tp'))} / {_str(raw.get('io_tp_nm'))}")
    deal = next((code for word, code in t["deal"]["words"] if word in _str(raw.get("crd_tp"))), None)
    _put(values, texts, "deal", deal, raw.get("crd_tp"))
    _put(values, texts, "loan_dt", row.loan_dt, raw.get("loan_dt"))
    venue = _str(raw.get("dmst_stex_tp")).upper()
    _put(values, texts, "venue", venue if venue in t["venues"] else None, raw.get("dmst_stex_tp"))
    _put(values, texts, "trde_tp", _trde_tp_codes().get(_str(raw.get("trde_tp"))), raw.get("trde_tp"))
    for key, field in (("qty", "ord_qty"), ("price", "ord_uv"), ("cond_uv", "cond_uv")):
        _put(values, texts, key, _int(raw.get(field)), raw.get(field))
    channel = _str(raw.get("comm_ord_tp"))
    foreign = channel if any(w in channel for w in t["foreign_channels"]["words"]) else ""
    texts["channel"] = channel
    time = row.value("ord_tm")
    return Seen(
        "kt00007",
        row.ord_no,
        time if isinstance(time, str) else None,
        MappingProxyType(values),
        MappingProxyType(texts),
        foreign,
    )


def seen_in_event(event: OrderEvent) -> Seen:
    """A live 00 event as compared (FIDs: resources/live.json; values: attribution.json "live")."""
    t = _data()["live"]
    fid = load_json("live.json")["fields"]["00"]
    raw = event.raw
    values: dict[str, object] = {}
    texts: dict[str, str] = {}
    kind_words = t["kind_words"]
    kinds = {k for w, k in kind_words.items() if w not in ("_note", "new") and w in event.order_kind}
    kind = next(iter(kinds)) if len(kinds) == 1 else ("new" if event.order_kind in kind_words["new"] else None)
    _put(values, texts, "kind", kind, raw.get(fid["order_kind"]))
    _put(values, texts, "orig", _orig(raw.get(fid["orig_ord_no"])), raw.get(fid["orig_ord_no"]))
    _put(values, texts, "stk_cd", event.stk_cd or None, raw.get(fid["stk_cd"]))
    side = _str(raw.get(fid["side"]))
    _put(values, texts, "side", t["sides"].get(side) if side != "_note" else None, side)
    code = _str(raw.get(fid["crd_tp"]))
    credit = "cash" if code in t["credit"]["cash"] else "credit" if len(code) == 2 and code.isdigit() else None
    _put(values, texts, "credit", credit, code)
    _put(values, texts, "deal", t["credit"]["deal"].get(code), code)
    loan = parse_cell("date", raw.get(fid["loan_dt"])).value
    _put(values, texts, "loan_dt", loan if loan and loan != t["no_loan_date"] else None, raw.get(fid["loan_dt"]))
    sor, exchange = _str(raw.get(fid["sor"])).upper(), _str(raw.get(fid["exchange"]))
    venue = "SOR" if sor == t["venues"]["sor_yes"] else t["venues"]["by_code"].get(exchange)
    _put(values, texts, "venue", venue, f"{exchange} / {sor}")
    _put(values, texts, "trde_tp", _trde_tp_codes().get(event.trde_tp), raw.get(fid["trde_tp"]))
    _put(values, texts, "qty", event.ord_qty, raw.get(fid["ord_qty"]))
    _put(values, texts, "price", event.ord_pric, raw.get(fid["ord_pric"]))
    time = parse_cell("time", raw.get(fid["time"])).value
    return Seen(
        "live",
        event.ord_no,
        time if isinstance(time, str) else None,
        MappingProxyType(values),
        MappingProxyType(texts),
        not_shown=("cond_uv",),
    )


# --- what we sent -------------------------------------------------------------------------------------------
def wanted(intent: Intent) -> dict[str, object] | None:
    """The compared fields of ``intent``'s body; None for an api-id that is no order."""
    order = _data()["orders"].get(intent.api_id)
    if order is None or intent.api_id == "_note":
        return None
    body = intent.body
    out: dict[str, object] = {} if order.get("kind") != "new" else {"orig": "none"}
    for key, source in order.items():
        if key in ("side", "kind", "credit"):
            out[key] = source
            continue
        text = _str(body.get(source, ""))
        if key in ("qty", "price", "cond_uv"):
            value = 0 if text == "" else _int(text.replace(",", ""))
            if value == 0 and _data()["all_remaining"].get(intent.api_id) == key:
                value = _ALL
            out[key] = value
        elif key == "orig":
            out[key] = order_number(text)
        elif key in ("deal", "loan_dt"):
            if text:
                out[key] = text
        else:
            out[key] = text.upper()
    return out


def _text(key: str, value: object) -> str:
    if value is None:
        return "?"
    if value == _ALL:
        return "잔량 전부"
    shown = _data()["values"].get(key, {}).get(value) if isinstance(value, str) else None
    if shown:
        return shown
    return f"{value:,}" if isinstance(value, int) and key in ("qty", "price", "cond_uv") else str(value)


def _verdict(key: str, want: object, seen: Seen) -> str:
    if key not in seen.values:
        if key in seen.not_shown and want in (0, "", None):
            return ""  # the source never shows it and the order has none: nothing to compare
        return UNKNOWN
    got = seen.values[key]
    if want is None or want == _ALL:
        return UNKNOWN
    if got == want:
        return AGREE
    if key == "venue" and got in _data()["venue_maybe"].get(str(want), []):
        return UNKNOWN
    return DIFFER


def _time_check(intent: Intent, seen: Seen, offset: Offset | None) -> Check | None:
    """AGREE: placed after the intent on the host's clock, whatever the margin; None: certainly before."""
    label = _data()["labels"]["time"]
    since = intent_time_kst(intent)
    if since is None or seen.time is None:
        return Check("time", label, "?", seen.time or "?", UNKNOWN)
    if offset is None:  # no Date header yet: a wide margin, never proof
        wide = float(_settings()["unmeasured_offset_s"])
        low, high = -wide, wide
    else:
        low, high = offset.low, offset.high
    hour, minute, second = (int(p) for p in seen.time.split(":"))
    placed = dt.datetime.combine(since.date(), dt.time(hour, minute, second), since.tzinfo)
    earliest, latest = since + dt.timedelta(seconds=low), since + dt.timedelta(seconds=high)
    wanted_text = f"{_tenths(earliest)} ~ {_tenths(latest)} 이후"
    if placed + dt.timedelta(seconds=1) <= earliest:
        return None
    if offset is None:  # the host's clock is not measured: after the click cannot be shown (review 5)
        return Check("time", label, wanted_text, seen.time, UNKNOWN)
    return Check("time", label, wanted_text, seen.time, AGREE if placed >= latest else UNKNOWN)


def _tenths(when: dt.datetime) -> str:
    return f"{when:%H:%M:%S}.{when.microsecond // 100_000}"


def compare(intent: Intent, seen: Seen, offset: Offset | None) -> Candidate | None:
    """``seen`` as a candidate for ``intent`` with every field compared; None when it cannot be that order."""
    want = wanted(intent)
    if want is None or seen.ord_no is None or seen.foreign:
        return None
    time = _time_check(intent, seen, offset)
    if time is None:
        return None
    labels = _data()["labels"]
    checks = [time]
    for key, value in want.items():
        verdict = _verdict(key, value, seen)
        if verdict == DIFFER:
            return None
        if verdict:
            checks.append(Check(key, labels[key], _text(key, value), _shown(key, seen), verdict))
    # where the order came from (통신구분): another channel excluded it above; only a named channel can show it is
    # not one — a row without it, and a live event (00 carries no 통신구분), prove nothing (review 5)
    channel = seen.texts.get("channel", "").strip()
    checks.append(Check("channel", labels["channel"], "", channel or "(없음)", AGREE if channel else UNKNOWN))
    return Candidate(seen.ord_no, seen.time or "?", seen.source, tuple(checks), seen)


def _shown(key: str, seen: Seen) -> str:
    got = seen.values.get(key)
    text = seen.texts.get(key, "")
    if got is None:
        return f"{text} (읽을 수 없음)" if text else "(없음)"
    return _text(key, got) if not text or _text(key, got) == text else f"{_text(key, got)} ({text})"


def settle_time(intent: Intent, deadline: float) -> dt.datetime | None:
    """When the in-flight window of ``intent`` is over: its intent + the request deadline + a grace."""
    since = intent_time_kst(intent)
    if since is None:
        return None
    return since + dt.timedelta(seconds=deadline + float(_settings()["settle_grace_s"]))


def judge(
    intent: Intent,
    seen: Iterable[Seen],
    known: set[str],
    offset: Offset | None,
    now: dt.datetime,
    settle_at: dt.datetime | None,
    rivals: Iterable[Intent] = (),
    today: dt.date | None = None,
) -> Verdict:
    """The candidates among ``seen`` for ``intent`` and, only on proof, the one that is it. ``rivals``: the
    other orders of unknown outcome at the same host — a row that could be one of theirs proves nothing."""
    since = intent_time_kst(intent)
    if since is None or (today is not None and since.date() != today):
        return Verdict(None, ())
    found: dict[str, Candidate] = {}
    for s in seen:
        if s.ord_no is None or s.ord_no in known or s.ord_no in found:
            continue
        candidate = compare(intent, s, offset)
        if candidate is not None:
            found[s.ord_no] = candidate
    candidates = tuple(found.values())
    proven = None
    if len(candidates) == 1 and candidates[0].complete and settle_at is not None and now >= settle_at:
        only = candidates[0]
        if not any(r.journal_id != intent.journal_id and compare(r, only.seen, offset) for r in rivals):
            proven = only
    return Verdict(proven, candidates)


def candidates_text(candidates: Iterable[Candidate]) -> str:
    """후보 2건: 0000101 15:33:03, 0000102 15:33:05"""
    listed = list(candidates)
    return load_json("account_views.json")["reconcile"]["candidates"].format(
        n=len(listed), list=", ".join(c.short for c in listed)
    )


def candidate_lines(candidate: Candidate) -> list[str]:
    """The detail pane's lines for one candidate: every field compared, with its verdict."""
    marks = load_json("account_views.json")["reconcile"]["marks"]
    lines = [load_json("account_views.json")["reconcile"]["candidate_head"].format(
        ord_no=candidate.ord_no, time=candidate.time, source=marks[candidate.source]
    )]
    for c in candidate.checks:
        wanted_part = f"주문 {c.wanted} · " if c.wanted else ""
        lines.append(f"  {marks[c.verdict]} {c.label}: {wanted_part}호스트 {c.seen}")
    return lines
