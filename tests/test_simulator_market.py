"""The simulator streams a market (issue 20), over a real WebSocket and real HTTP on 127.0.0.1: REG / REMOVE per
item and venue with grp_no / refresh, 0B / 0D in the spec's shape on the tick grid inside the band, ka10004 /
ka10007 matching the live book, 0s on the session clock, 1h / 0g / 0H for a VI on demand, fills that follow the
book, and the same frames from the same seed."""

from __future__ import annotations

import json
import re

import pytest
from test_sim_account_queries import Host

from kiwoom_gui.instrument.ticks import on_tick
from kiwoom_gui.live import frames
from kiwoom_gui.simulator import KiwoomSimulator

MRKCOND = "/api/dostk/mrkcond"
RESOURCES = json.loads(
    (__import__("pathlib").Path(__file__).resolve().parents[1] / "resources" / "simulator_quotes.json").read_text()
)
FIDS = {kind: t["fids"] for kind, t in RESOURCES["types"].items()}
UPPER, LOWER = 91600, 49400  # 005930: 70,500 ± 30 % on the KRX grid


class Ws:
    """One logged-in WebSocket session to the simulator."""

    def __init__(self, sim: KiwoomSimulator) -> None:
        from websockets.sync.client import connect

        self.conn = connect(sim.ws_url, open_timeout=5, proxy=None, legacy=True)
        self.conn.send(frames.login_frame(sim.issue_token_for_tests()))
        assert json.loads(self.conn.recv(timeout=5))["return_code"] == 0

    def send(self, trnm: str, grp: str, items: list[str], types: list[str], refresh: str | None = "1") -> dict:
        body = {"trnm": trnm, "grp_no": grp, **({"refresh": refresh} if refresh else {})}
        self.conn.send(json.dumps({**body, "data": [{"item": items, "type": types}]}))
        return self.next_frame("")

    def next_frame(self, want: str = "REAL") -> dict:
        while True:
            frame = json.loads(self.conn.recv(timeout=5))
            if frame["trnm"] == "PING":
                continue
            assert not want or frame["trnm"] == want, frame
            return frame

    def entries(self, n: int) -> list[dict]:
        """The next ``n`` REAL entries (one per frame, as the simulator sends them)."""
        found = []
        while len(found) < n:
            found += self.next_frame()["data"]
        return found

    def close(self) -> None:
        self.conn.close()


@pytest.fixture(scope="module")
def sim():
    s = KiwoomSimulator(seed=7, session="regular", quote_rates={"0B": 0, "0D": 0}, vi_every_s=0, live_ping_s=30)
    with s:
        yield s


@pytest.fixture
def ws(sim):
    w = Ws(sim)
    yield w
    w.close()


def _price(text: str) -> int:
    assert re.fullmatch(r"[+-]?\d+", text), text
    return abs(int(text))


def _check_book(values: dict) -> tuple[list[int], list[int]]:
    asks = [_price(values[str(41 + i)]) for i in range(10)]
    bids = [_price(values[str(51 + i)]) for i in range(10)]
    for p in asks + bids:
        assert p == 0 or (on_tick(p) and LOWER <= p <= UPPER), p
    shown_asks, shown_bids = [p for p in asks if p], [p for p in bids if p]
    assert shown_asks == sorted(shown_asks) and shown_bids == sorted(shown_bids, reverse=True)
    assert min(shown_asks) > max(shown_bids)
    assert int(values["121"]) == sum(int(values[str(61 + i)]) for i in range(10))
    assert int(values["125"]) == sum(int(values[str(71 + i)]) for i in range(10))
    return asks, bids


def test_reg_0b_0d_frames_in_spec_shape(sim, ws):
    ack = ws.send("REG", "2", ["005930"], ["0B", "0D"])
    assert ack == {"trnm": "REG", "return_code": 0, "return_msg": ""}
    sim.advance_market("005930", trades=6, changes=4)
    entries = []
    while sum(e["type"] == "0D" for e in entries) < 4:
        entries += ws.entries(1)
    trades = [e for e in entries if e["type"] == "0B"]
    assert trades and [e["type"] for e in entries] == ["0B"] * len(trades) + ["0D"] * 4  # NXT's trades go to _NX
    for e in entries:
        assert e["item"] == "005930" and e["name"] == {"0B": "주식체결", "0D": "주식호가잔량"}[e["type"]]
        assert list(e["values"]) == FIDS[e["type"]] and all(isinstance(v, str) for v in e["values"].values())
    for e in trades:
        v = e["values"]
        price = _price(v["10"])
        assert on_tick(price) and LOWER <= price <= UPPER
        assert v["10"][0] == ("+" if price > 70500 else "-" if price < 70500 else v["10"][0])
        assert _price(v["27"]) > _price(v["28"]) and v["15"][0] in "+-" and re.fullmatch(r"\d{6}", v["20"])
        assert int(v["11"]) == price - 70500
    for e in entries[len(trades) :]:
        _check_book(e["values"])


def test_remove_stops_item_and_nx_is_separate(sim, ws):
    ws.send("REG", "2", ["005930"], ["0D"])
    ws.send("REG", "3", ["005930_NX"], ["0D"])
    sim.advance_market("005930", changes=1)
    krx, nxt = ws.entries(2)
    assert (krx["item"], nxt["item"]) == ("005930", "005930_NX")
    assert [krx["values"][str(41 + i)] for i in range(10)] == [nxt["values"][str(41 + i)] for i in range(10)]
    assert krx["values"]["61"] != nxt["values"]["61"]  # NXT's own sizes at the same prices
    assert ws.send("REMOVE", "2", ["005930"], ["0D"], refresh=None) == {
        "trnm": "REMOVE",
        "return_code": 0,
        "return_msg": "",
    }
    sim.advance_market("005930", changes=3)
    # in each event the KRX entry would come first: three NX entries in a row prove the KRX item stopped
    assert [e["item"] for e in ws.entries(3)] == ["005930_NX"] * 3
    ws.send("REG", "3", ["000660"], ["0B"], refresh="0")  # replaces group 3: 005930_NX goes
    sim.advance_market("005930", changes=2)
    sim.advance_market("000660", trades=1)
    (only,) = ws.entries(1)
    assert (only["type"], only["item"]) == ("0B", "000660")
    for _ in range(100):  # the earlier tests' sessions end on the server's side a moment after they close
        if sim.stream.watching() == ["000660"]:
            break
        __import__("time").sleep(0.05)
    assert sim.stream.watching() == ["000660"]


def test_snapshots_match_the_live_book(sim, ws):
    ws.send("REG", "2", ["005930_NX", "005930_AL"], ["0D"])
    sim.advance_market("005930", trades=3, changes=1)
    nxt, sor = ws.entries(2)
    host = Host(sim)
    answer = host.post(MRKCOND, "ka10004", {"stk_cd": "005930_NX"}).json()
    assert answer["return_code"] == 0 and list(answer)[:-2] == RESOURCES["snapshots"]["ka10004"]
    v = nxt["values"]
    assert answer["sel_fpr_bid"] == v["41"] and answer["buy_fpr_bid"] == v["51"]
    assert answer["sel_fpr_req"] == v["61"] and answer["buy_10th_pre_req"] == v["80"]
    assert answer["tot_sel_req"] == v["121"] and answer["tot_buy_req"] == v["125"]
    sheet = host.post(MRKCOND, "ka10007", {"stk_cd": "005930_AL"}).json()
    assert sheet["return_code"] == 0 and list(sheet)[:-2] == RESOURCES["snapshots"]["ka10007"]
    s = sor["values"]
    assert [sheet[f"sel_{i}bid"] for i in range(1, 11)] == [s[str(40 + i)] for i in range(1, 11)]
    assert [sheet[f"buy_{i}bid_req"] for i in range(1, 11)] == [s[str(70 + i)] for i in range(1, 11)]
    assert int(s["61"]) == int(s["6044"]) + int(s["6066"])  # SOR: KRX + NXT at each level
    assert (sheet["upl_pric"], sheet["lst_pric"], sheet["pred_close_pric"]) == (f"+{UPPER}", f"-{LOWER}", "70500")
    refused = host.post(MRKCOND, "ka10004", {"stk_cd": "999999"}).json()
    assert refused["return_code"] != 0


def test_0s_follows_the_session_clock(sim, ws):
    ws.send("REG", "1", [""], ["0s"])
    now = [e["values"] for e in ws.entries(2)]
    assert [v["215"] for v in now] == ["3", "R"] and now[0]["20"] == "100000"  # regular: KRX 장시작, NXT 메인
    sim.set_session("after")
    after = [e["values"] for e in ws.entries(2)]
    assert [v["215"] for v in after] == ["c", "U"] and list(after[0]) == FIDS["0s"]
    sim.set_session("regular")
    ws.entries(2)


def test_vi_on_demand(sim, ws):
    ws.send("REG", "2", [""], ["1h"])
    ws.send("REG", "2", ["005930"], ["0g", "0H", "0B"])
    sim.trigger_vi("005930", "정적", seconds=60)
    vi, info = ws.entries(2)
    assert (vi["type"], vi["item"], vi["values"]["9068"], vi["values"]["1225"]) == ("1h", "005930", "1", "정적")
    assert list(vi["values"]) == FIDS["1h"] and vi["values"]["9001"] == "005930"
    assert info["values"]["297"] == "정적VI" and info["values"]["305"] == f"+{UPPER}"
    sim.advance_market("005930", trades=2)
    assert [e["type"] for e in ws.entries(2)] == ["0H", "0H"]  # no trades in a VI
    sim.release_vi("005930")
    off, info, match = ws.entries(3)
    assert off["values"]["9068"] == "2" and info["values"]["297"] == " " and match["type"] == "0B"


def test_cli_session_option(tmp_path):
    import subprocess
    import sys

    from kiwoom_gui.simulator.__main__ import main

    with pytest.raises(SystemExit):
        main(["--session", "lunch"])
    cmd = [sys.executable, "-m", "kiwoom_gui.simulator", "--session", "pre", "--seed", "3"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as proc:
        try:
            lines = [proc.stdout.readline() for _ in range(10)]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert any(line.startswith("시세: 장 시계 pre, 씨앗 3") for line in lines), lines


def test_a_resting_buy_fills_when_the_ask_reaches_it():
    with KiwoomSimulator(seed=11, market=True, quote_rates={"0B": 0, "0D": 0}, vi_every_s=0) as sim:
        _fill_follows_book(sim)


def _fill_follows_book(sim: KiwoomSimulator) -> None:
    book = sim.stream.item_book("005930")
    limit = book.bid - 100  # a tick under the best bid: the ask is two ticks away
    (no,) = sim.seed_open_orders(1, price=limit)
    for _ in range(2000):
        sim.advance_market("005930", trades=1)
        ask = sim.book.market.touch("005930")[0]
        order = sim.book.get(no)
        if order.filled:
            assert order.last_fill[0] <= limit and order.last_fill[0] == order.filled_amount // order.quantity
            return
        assert ask is None or ask > limit, (ask, limit)  # open only while the ask is above it
    pytest.fail("the ask never came down to the order")


def test_same_seed_same_frames():
    def run() -> list:
        got: list = []
        with KiwoomSimulator(seed=5, quote_rates={"0B": 0, "0D": 0}, vi_every_s=0) as sim:
            sim.stream.wants = lambda kind, item: True
            sim.stream.emit = got.extend
            sim.advance_market("005930", trades=30, changes=30)
        return got

    first = run()
    assert first == run() and len(first) == 30 * 2 + 30 * 3 * 2  # 0B: venue + SOR; 0D and 0C: three items


def test_fids_and_keys_are_the_specs():
    """resources/simulator_quotes.json against ../shared/kiwoom-spec (skipped without it)."""
    from spec_text import SPEC_DIR

    if not (SPEC_DIR / "0D.md").exists():
        pytest.skip("명세 대조 안 함: ../shared/kiwoom-spec 가 없습니다")
    for kind, table in RESOURCES["types"].items():
        text = (SPEC_DIR / f"{kind}.md").read_text(encoding="utf-8")
        assert table["fids"] == re.findall(r"^    - (\w+) \| ", text, re.M), kind
        assert f"'name': '{table['name']}'" in text.replace('"', "'").replace("':'", "': '"), kind
    for api_id, keys in RESOURCES["snapshots"].items():
        text = (SPEC_DIR / f"{api_id}.md").read_text(encoding="utf-8").split("### response.body")[1]
        assert keys == re.findall(r"^- (\w+) \| ", text.split("###")[0], re.M), api_id
