"""A streamed book as the host words it: the values of 0B, 0C, 0D, 0H, 0g, 1h and 0s (every FID of the spec, in its
order, all strings) and the ka10004 / ka10007 snapshot answers (every key of the spec). Prices carry their
direction mark against 기준가 (+71000, -70000, 70500), changes their sign, rates two decimals; a level with no
order is "0"; what the simulator does not model is "" (as the spec's own examples leave many fields)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from .quote_book import KRX, NXT, SOR, CodeBook, Levels, Trade, Vi
from .session_clock import quotes_data


def fids(kind: str) -> list[str]:
    return quotes_data()["types"][kind]["fids"]


def type_name(kind: str) -> str:
    return quotes_data()["types"][kind]["name"]


def _ordered(kind: str, values: dict[str, str]) -> dict[str, str]:
    return {f: values.get(f, "") for f in fids(kind)}


def marked(n: int | None, base: int) -> str:
    if not n:
        return "0"
    return f"+{n}" if n > base else f"-{n}" if n < base else str(n)


def signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def rate(n: int, base: int) -> str:
    """n ÷ base in %, two decimals, signed: +0.71, -0.24, 0.00."""
    value = (Decimal(n) * 100 / Decimal(base or 1)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"+{value}" if value > 0 else str(value)


def ratio(a: int, b: int) -> str:
    return f"{Decimal(a) * 100 / Decimal(b):.2f}" if b else "0.00"


def sign_code(cb: CodeBook, price: int) -> str:
    """25 전일대비기호: 1 상한가, 2 상승, 3 보합, 4 하한가, 5 하락."""
    if price >= cb.upper:
        return "1"
    if price <= cb.lower:
        return "4"
    return "2" if price > cb.base else "5" if price < cb.base else "3"


def hms(at: dt.datetime) -> str:
    return at.strftime("%H%M%S")


def trade_values(cb: CodeBook, trade: Trade, market_kind: str) -> dict[str, str]:
    """0B 주식체결."""
    ask, bid = cb.ask, cb.bid
    strength = ratio(cb.buy_volume, cb.sell_volume) if cb.sell_volume else "0.00"
    return _ordered(
        "0B",
        {
            "20": hms(trade.at),
            "10": marked(trade.price, cb.base),
            "11": signed(trade.price - cb.base),
            "12": rate(trade.price - cb.base, cb.base),
            "27": marked(ask, cb.base),
            "28": marked(bid, cb.base),
            "15": signed(trade.qty),
            "13": str(cb.volume),
            "14": str(cb.amount // 1_000_000),
            "16": marked(cb.open, cb.base),
            "17": marked(cb.high, cb.base),
            "18": marked(cb.low, cb.base),
            "25": sign_code(cb, trade.price),
            "228": strength,
            "290": market_kind,
            "567": hms(trade.at) if trade.price >= cb.upper else "000000",
            "568": hms(trade.at) if trade.price <= cb.lower else "000000",
            "1030": str(cb.sell_volume),
            "1031": str(cb.buy_volume),
            "1032": ratio(cb.buy_volume, cb.volume),
            "1071": str(cb.sells),
            "1072": str(cb.buys),
            "1313": str(abs(trade.qty) * trade.price),
            "1315": str(-trade.qty if trade.qty < 0 else 0),
            "1316": str(trade.qty if trade.qty > 0 else 0),
            "1314": signed(cb.buy_volume - cb.sell_volume),
            "620": str(cb.amount // cb.volume) if cb.volume else "0",
            "9081": "2" if trade.venue == NXT else "1",
        },
    )


def best_values(cb: CodeBook) -> dict[str, str]:
    """0C 주식우선호가."""
    return _ordered("0C", {"27": marked(cb.ask, cb.base), "28": marked(cb.bid, cb.base)})


def _expected(cb: CodeBook) -> dict[str, str]:
    if not cb.expected:
        return {"23": "0", "24": "0", "200": "0", "201": "0.00", "238": "3"} | {
            "291": "0",
            "292": "0",
            "293": "3",
            "294": "0",
            "295": "0.00",
        }
    change = cb.expected - cb.base
    price, qty, sign = marked(cb.expected, cb.base), str(cb.expected_qty), sign_code(cb, cb.expected)
    moved = {"200": signed(change), "201": rate(change, cb.base), "238": sign}
    return {"23": price, "24": qty, **moved, "291": price, "292": qty, "293": sign, "294": signed(change)} | {
        "295": rate(change, cb.base)
    }


def book_values(cb: CodeBook, venue: str, at: dt.datetime) -> dict[str, str]:
    """0D 주식호가잔량 for ``venue``'s view (SOR: the sum, with the KRX/NXT split in 6044–6087)."""
    lv = cb.levels(venue)
    v: dict[str, str] = {"21": hms(at)}
    for i in range(10):
        v[str(41 + i)] = marked(lv.asks[i], cb.base)
        v[str(61 + i)] = str(lv.ask_sizes[i])
        v[str(81 + i)] = signed(lv.ask_deltas[i])
        v[str(51 + i)] = marked(lv.bids[i], cb.base)
        v[str(71 + i)] = str(lv.bid_sizes[i])
        v[str(91 + i)] = signed(lv.bid_deltas[i])
    ta, tb = lv.total_ask, lv.total_bid
    v |= {
        "121": str(ta),
        "122": signed(sum(lv.ask_deltas)),
        "125": str(tb),
        "126": signed(sum(lv.bid_deltas)),
        "128": signed(tb - ta),
        "129": ratio(tb, ta),
        "138": signed(ta - tb),
        "139": ratio(ta, tb),
        "13": str(cb.volume),
        "299": "0.00",
        **_expected(cb),
    }
    for n in range(621, 641):
        v[str(n)] = "0"
    for n in range(6044, 6116):
        v[str(n)] = "0"
    if venue == SOR:
        for offset, split in ((6044, cb.levels(KRX)), (6066, cb.levels(NXT))):
            for i in range(10):
                v[str(offset + i)] = str(split.ask_sizes[i])
                v[str(offset + 10 + i)] = str(split.bid_sizes[i])
            v[str(offset + 20)], v[str(offset + 21)] = str(split.total_ask), str(split.total_bid)
    return _ordered("0D", v)


def expected_values(cb: CodeBook, at: dt.datetime) -> dict[str, str]:
    """0H 주식예상체결."""
    change = cb.expected - cb.base
    return _ordered(
        "0H",
        {
            "20": hms(at),
            "10": marked(cb.expected, cb.base),
            "11": signed(change),
            "12": rate(change, cb.base),
            "15": signed(cb.expected_step),
            "13": str(cb.expected_qty),
            "25": sign_code(cb, cb.expected),
        },
    )


def info_values(cb: CodeBook) -> dict[str, str]:
    """0g 주식종목정보: the band and 기준가; 297 names a VI in force."""
    words = quotes_data()["vi"]
    vi = cb.vi
    info = words["info_none"] if vi is None else words["info_static" if vi.kind == words["static"] else "info_dynamic"]
    return _ordered(
        "0g",
        {
            "297": info,
            "592": words["info_none"],
            "593": words["info_none"],
            "305": marked(cb.upper, cb.base),
            "306": marked(cb.lower, cb.base),
            "307": str(cb.base),
        },
    )


def vi_values(cb: CodeBook, vi: Vi, on: bool, at: dt.datetime, release_at: dt.datetime, market: str) -> dict[str, str]:
    """1h VI발동/해제 (``on``: 발동, else 해제)."""
    words = quotes_data()["vi"]
    static = vi.kind == words["static"]
    gap_static = rate(vi.price - vi.ref_static, vi.ref_static)
    gap_dynamic = rate(vi.price - vi.ref_dynamic, vi.ref_dynamic)
    return _ordered(
        "1h",
        {
            "9001": cb.code,
            "302": cb.name,
            "13": str(cb.volume),
            "14": str(cb.amount // 1_000_000),
            "9068": words["on" if on else "off"],
            "9008": words["market"].get(market, words["market"]["kospi"]),
            "9075": "1",
            "1221": str(vi.price),
            "1223": hms(at),
            "1224": hms(release_at),
            "1225": vi.kind,
            "1236": str(vi.ref_static) if static else "0",
            "1237": "0" if static else str(vi.ref_dynamic),
            "1238": gap_static if static else "0.00",
            "1239": "0.00" if static else gap_dynamic,
            "1489": gap_static if static else gap_dynamic,
            "1490": str(vi.count),
            "9069": words["up" if vi.up else "down"],
            "1279": ("+" if vi.up else "-") + vi.kind,
        },
    )


def session_values(code: str, at: dt.datetime, left: str) -> dict[str, str]:
    """0s 장시작시간."""
    return _ordered("0s", {"215": code, "20": hms(at), "214": left})


# --- the REST snapshots (POST /api/dostk/mrkcond) ---------------------------------------------------
_KA10004 = re.compile(r"(sel|buy)_(?:(fpr)|(\d+)th_pre)_(bid|req)(_pre)?$")
_KA10007 = re.compile(r"(sel|buy)_(\d+)bid(_req|_jub_pre|_cnt)?$")


def _level(lv: Levels, side: str, n: int, what: str, base: int) -> str:
    i = n - 1
    if side == "sel":
        price, size, delta = lv.asks[i], lv.ask_sizes[i], lv.ask_deltas[i]
    else:
        price, size, delta = lv.bids[i], lv.bid_sizes[i], lv.bid_deltas[i]
    return {"bid": marked(price, base), "req": str(size), "pre": signed(delta), "cnt": ""}[what]


def orderbook_answer(cb: CodeBook, venue: str, at: dt.datetime) -> dict[str, str]:
    """ka10004 주식호가요청."""
    lv = cb.levels(venue)
    values = {
        "bid_req_base_tm": hms(at),
        "tot_sel_req_jub_pre": signed(sum(lv.ask_deltas)),
        "tot_sel_req": str(lv.total_ask),
        "tot_buy_req": str(lv.total_bid),
        "tot_buy_req_jub_pre": signed(sum(lv.bid_deltas)),
    }
    out = {}
    for key in quotes_data()["snapshots"]["ka10004"]:
        m = _KA10004.match(key)
        if m:
            side, fpr, n, what, pre = m.groups()
            out[key] = _level(lv, side, 1 if fpr else int(n), "pre" if pre else what, cb.base)
        else:
            out[key] = values.get(key, "0")
    return out


def quote_sheet_answer(cb: CodeBook, venue: str, asked: str, at: dt.datetime) -> dict[str, str]:
    """ka10007 시세표성정보요청."""
    lv = cb.levels(venue)
    change = cb.last - cb.base
    auction = bool(cb.expected)
    values = {
        "stk_nm": cb.name,
        "stk_cd": asked,
        "date": at.strftime("%Y%m%d"),
        "tm": hms(at),
        "pred_close_pric": str(cb.base),
        "pred_trde_qty": "0",
        "upl_pric": marked(cb.upper, cb.base),
        "lst_pric": marked(cb.lower, cb.base),
        "pred_trde_prica": "0",
        "flo_stkcnt": "",
        "cur_prc": marked(cb.last, cb.base),
        "smbol": sign_code(cb, cb.last),
        "flu_rt": rate(change, cb.base),
        "pred_rt": rate(change, cb.base),
        "open_pric": marked(cb.open, cb.base),
        "high_pric": marked(cb.high, cb.base),
        "low_pric": marked(cb.low, cb.base),
        "cntr_qty": str(abs(cb.last_trade.qty)) if cb.last_trade else "",
        "trde_qty": str(cb.volume),
        "trde_prica": str(cb.amount // 1_000_000),
        "exp_cntr_pric": marked(cb.expected, cb.base) if auction else "0",
        "exp_cntr_qty": str(cb.expected_qty),
        "exp_sel_pri_bid": marked(lv.asks[0], cb.base) if auction else "0",
        "exp_buy_pri_bid": marked(lv.bids[0], cb.base) if auction else "0",
        "trde_strt_dt": "00000000",
        "exec_pric": "0",
        "tot_buy_req": str(lv.total_bid),
        "tot_sel_req": str(lv.total_ask),
        "tot_buy_cnt": "",
        "tot_sel_cnt": "",
    }
    out = {}
    for key in quotes_data()["snapshots"]["ka10007"]:
        m = _KA10007.match(key)
        if m:
            side, n, what = m.groups()
            what = {None: "bid", "_req": "req", "_jub_pre": "pre", "_cnt": "cnt"}[what]
            out[key] = _level(lv, side, int(n), what, cb.base)
        elif key.startswith("lp"):
            out[key] = "0"
        else:
            out[key] = values.get(key, "")
    return out
