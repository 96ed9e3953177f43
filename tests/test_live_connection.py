"""LiveConnection against the simulator's WebSocket over loopback (plain and TLS): LOGIN, REG, PING echo,
events from the book, reconnects, SYSTEM codes, a refused token, and the token kept out of everything."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable

import pytest
from rule_oracle import VALID

from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.live import frames
from kiwoom_gui.live.connection import LiveConnection
from kiwoom_gui.live.events import BalanceEvent, OrderEvent
from kiwoom_gui.live.live_status import CONNECTED, DISCONNECTED, STOPPED, LiveStatus, SecretToken
from kiwoom_gui.orders.validation import build_body
from kiwoom_gui.simulator import KiwoomSimulator

FAST = {"backoff_s": (0.05, 0.1), "idle_timeout_s": 5.0, "login_timeout_s": 3.0}


class Live:
    """One LiveConnection on its own thread, with everything it reported."""

    def __init__(self, url: str, token: str, **kwargs) -> None:
        self.events: list[OrderEvent | BalanceEvent] = []
        self.calls = 0  # on_events calls (one per REAL frame)
        self.statuses: list[LiveStatus] = []
        self.registered = 0
        self._cond = threading.Condition()
        self.conn = LiveConnection(
            url,
            SecretToken(token),
            on_events=self._on_events,
            on_status=self._on_status,
            on_registered=self._on_registered,
            **{**FAST, **kwargs},
        )
        self.thread = threading.Thread(target=self.conn.run, daemon=True)

    def _on_events(self, events) -> None:
        with self._cond:
            self.events.extend(events)
            self.calls += 1
            self._cond.notify_all()

    def _on_status(self, status: LiveStatus) -> None:
        with self._cond:
            self.statuses.append(status)
            self._cond.notify_all()

    def _on_registered(self) -> None:
        with self._cond:
            self.registered += 1
            self._cond.notify_all()

    def wait(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        # polled as well: a predicate may watch the simulator, which never notifies this condition
        end = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = end - time.monotonic()
                assert left > 0, (self.statuses, self.events)
                self._cond.wait(min(left, 0.05))

    def start(self) -> Live:
        self.thread.start()
        return self

    def stop(self) -> float:
        started = time.monotonic()
        self.conn.stop()
        self.thread.join(5)
        assert not self.thread.is_alive()
        return time.monotonic() - started

    def orders(self, status: str | None = None) -> list[OrderEvent]:
        return [e for e in self.events if isinstance(e, OrderEvent) and (status is None or e.status == status)]


@pytest.fixture
def sim():
    s = KiwoomSimulator(live_ping_s=0.1, rate_limit_per_second=0).start()
    yield s
    s.stop()


@pytest.fixture
def live(sim):
    made: list[Live] = []

    def make(token: str | None = None, url: str | None = None, **kwargs) -> Live:
        one = Live(url or sim.ws_url, token or sim.issue_token_for_tests(), **kwargs).start()
        made.append(one)
        return one

    yield make
    for one in made:
        one.stop()


def place(sim: KiwoomSimulator, api_id: str, **changes: str) -> str:
    with KiwoomClient("mock", base_url=sim.base_url, orders_per_second=0) as client:
        result = client.send_order(api_id, build_body(api_id, {**VALID[api_id], **changes}))
    assert result.ord_no, result.message
    return result.ord_no


def test_pings_alone_keep_a_quiet_connection_alive(sim, live, demo_keys):
    one = live(idle_timeout_s=0.5)  # PINGs every 0.1 s, no events at all
    one.wait(lambda: one.registered == 1)
    time.sleep(1.5)
    assert one.registered == 1 and sim.live.counters.logins == 1  # never taken for dead
    assert one.statuses[-1].state == CONNECTED


def test_login_reg_and_ping_echo_are_exact(sim, live, demo_keys):
    token = sim.issue_token_for_tests()
    one = live(token)
    one.wait(lambda: one.registered == 1)
    assert one.statuses[-1].state == CONNECTED
    time.sleep(0.5)  # a few PINGs
    texts = [r.text for r in sim.live.recorded]
    assert json.loads(texts[0]) == {"trnm": "LOGIN", "token": token}
    reg = {"trnm": "REG", "grp_no": "1", "refresh": "1", "data": [{"item": [""], "type": ["00", "04"]}]}
    assert json.loads(texts[1]) == reg
    pings = texts[2:]
    assert len(pings) >= 3 and set(pings) == {frames.PING_TEXT}  # the very text sent, byte for byte
    assert sim.live.counters.pings_answered >= 3
    assert [s.types for s in sim.live_sessions()] == [("00", "04")]
    assert [t for t in texts if token in t] == [texts[0]]  # the token only ever in LOGIN


def test_order_events_received_filled_in_parts_and_cancel_confirmed(sim, live, demo_keys):
    one = live()
    one.wait(lambda: one.registered == 1)
    resting = place(sim, "kt10006", ord_qty="10", ord_uv="50000", trde_tp="0")
    one.wait(lambda: len(one.orders("접수")) == 1)
    received = one.orders("접수")[0]
    assert (received.ord_no, received.open_qty, received.ord_qty, received.side) == (resting, 10, 10, "2")
    sim.fill(resting, 3, 50000)
    sim.fill(resting, 4, 50000)
    one.wait(lambda: len(one.orders("체결")) == 2)
    fills = one.orders("체결")
    assert [(f.cntr_qty, f.open_qty, f.filled_qty) for f in fills] == [(3, 7, 3), (4, 3, 7)]
    assert fills[-1].average_price == 50000 and fills[-1].cntr_pric == 50000
    cancel = place(sim, "kt10009", orig_ord_no=resting, cncl_qty="0")
    one.wait(lambda: any(e.status == "확인" for e in one.orders()))
    confirmed = [e for e in one.orders() if e.status == "확인"][-1]
    assert (confirmed.ord_no, confirmed.orig_ord_no) == (cancel, resting)
    assert confirmed.is_cancel and confirmed.open_qty == 0
    assert one.calls == len(one.events)  # one call per REAL frame (each carries one event here)


def test_market_fills_in_parts_and_positions_follow(sim, live, demo_keys):
    sim.market = True
    sim.fill_in_parts = [2, 3]
    one = live()
    one.wait(lambda: one.registered == 1)
    no = place(sim, "kt10006", ord_qty="5", trde_tp="3", ord_uv="")  # 시장가: meets the market at once
    one.wait(lambda: len(one.orders("체결")) == 1)
    sim.step()
    one.wait(lambda: len(one.orders("체결")) == 2)
    assert [e.open_qty for e in one.orders("체결")] == [3, 0]
    one.wait(lambda: len([e for e in one.events if isinstance(e, BalanceEvent)]) == 2)
    balances = [e for e in one.events if isinstance(e, BalanceEvent)]
    assert [(b.stk_cd, b.qty) for b in balances] == [("005930", 2), ("005930", 5)]
    assert all(e.ord_no == no for e in one.orders())


def test_a_drop_reconnects_with_a_new_login_and_reg(sim, live, demo_keys):
    one = live()
    one.wait(lambda: one.registered == 1)
    sim.live_fault("drop")
    one.wait(lambda: one.registered == 2)
    dropped = [s for s in one.statuses if s.state == DISCONNECTED]
    assert dropped and dropped[0].retry_in == 0.05 and dropped[0].reason
    assert sim.live.counters.logins == 2 and sim.live.counters.regs == 2
    place(sim, "kt10006")  # registrations of the new session work
    one.wait(lambda: len(one.orders("접수")) == 1)


def test_missing_pong_ends_with_r10002_and_a_reconnect(sim, live, demo_keys):
    one = live()
    one.wait(lambda: one.registered == 1)
    sim.live_fault("no_pong")
    one.wait(lambda: one.registered == 2)
    assert any("R10002" in s.reason and s.state == DISCONNECTED for s in one.statuses)


def test_silence_is_noticed_by_the_idle_timeout(sim, live, demo_keys):
    one = live(idle_timeout_s=0.5)
    one.wait(lambda: one.registered == 1)
    sim.live_fault("silent")
    started = time.monotonic()
    one.wait(lambda: one.registered == 2)
    assert 0.4 < time.monotonic() - started < 3
    assert any("0.5초" in s.reason for s in one.statuses if s.state == DISCONNECTED)


def test_r10001_stops_for_good(sim, live, demo_keys):
    one = live()
    one.wait(lambda: one.registered == 1)
    sim.live_fault("r10001")
    one.wait(lambda: one.statuses[-1].state == STOPPED)
    one.thread.join(3)
    assert not one.thread.is_alive()  # run() returned on its own
    assert "R10001" in one.statuses[-1].reason and "하나만" in one.statuses[-1].reason
    time.sleep(0.3)
    assert sim.live.counters.connections == 1  # never tried again


def test_a_second_session_with_the_same_app_key_throws_the_first_out(sim, live, demo_keys):
    first = live()
    first.wait(lambda: first.registered == 1)
    second = live()
    second.wait(lambda: second.registered == 1)
    first.wait(lambda: first.statuses[-1].state == STOPPED)
    assert "R10001" in first.statuses[-1].reason
    assert second.statuses[-1].state == CONNECTED
    second.wait(lambda: len(sim.live_sessions()) == 1)  # the first one's socket closes a moment later


def test_a_refused_token_waits_for_a_new_one(sim, live, demo_keys):
    bad = "not-a-token-issued-here-0123456789"
    one = live(bad)
    one.wait(lambda: any(s.auth_failed for s in one.statuses))
    failed = [s for s in one.statuses if s.auth_failed][0]
    assert failed.state == DISCONNECTED and failed.retry_in is None and "8005" in failed.reason
    time.sleep(0.4)
    assert sim.live.counters.logins_refused == 1  # not hammered
    one.conn.renew_token(SecretToken("Bearer " + sim.issue_token_for_tests()))
    one.wait(lambda: one.registered == 1)
    assert sim.live.counters.logins == 1


def test_the_token_is_in_no_status_repr_exception_or_log(sim, live, demo_keys, caplog):
    caplog.set_level(logging.DEBUG)
    token = sim.issue_token_for_tests()
    one = live(token)
    one.wait(lambda: one.registered == 1)
    sim.live_fault("drop")
    one.wait(lambda: one.registered == 2)
    sim.expire_tokens()
    sim.live_fault("drop")
    one.wait(lambda: any(s.auth_failed for s in one.statuses))
    shown = repr(one.statuses) + repr(one.conn) + repr(SecretToken(token)) + str(SecretToken(token)) + caplog.text
    assert token not in shown
    assert "****" in repr(SecretToken(token))


def test_stop_returns_promptly_while_connected_and_while_waiting(sim, live, demo_keys):
    one = live()
    one.wait(lambda: one.registered == 1)
    assert one.stop() < 1.5
    assert one.statuses[-1].state == STOPPED
    waiting = live(backoff_s=(30.0,))
    waiting.wait(lambda: waiting.registered == 1)
    sim.live_fault("drop")
    waiting.wait(lambda: waiting.statuses[-1].state == DISCONNECTED)
    assert waiting.stop() < 1.5


def test_a_host_that_cannot_be_reached_is_retried_with_the_backoff(sim, live, demo_keys):
    port = sim.live.port
    sim.stop()
    one = live(url=f"ws://127.0.0.1:{port}/api/dostk/websocket", backoff_s=(0.05, 0.1, 0.2))
    one.wait(lambda: len([s for s in one.statuses if s.state == DISCONNECTED]) >= 4)
    waits = [s.retry_in for s in one.statuses if s.state == DISCONNECTED][:4]
    assert waits == [0.05, 0.1, 0.2, 0.2]  # capped
    assert "127.0.0.1" in one.statuses[-1].reason


def test_a_redirect_is_not_followed(sim, live, demo_keys):
    from websockets.sync.server import serve

    token = sim.issue_token_for_tests()
    with serve(
        lambda conn: None,
        "127.0.0.1",
        0,
        process_request=lambda conn, req: _redirect(conn, sim.ws_url),
        logger=logging.getLogger("test.redirect"),
    ) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        one = live(token, url=f"ws://127.0.0.1:{server.socket.getsockname()[1]}/api/dostk/websocket")
        one.wait(lambda: any(s.state == DISCONNECTED for s in one.statuses))
        one.stop()
        server.shutdown()
    assert "302" in [s for s in one.statuses if s.state == DISCONNECTED][0].reason
    assert sim.live.recorded == [] and sim.live.counters.connections == 0  # the token never went there


def _redirect(conn, location: str):
    response = conn.respond(302, "moved\n")
    response.headers["Location"] = location
    return response


# --- TLS ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    from kiwoom_gui.simulator.tls import make_throwaway_tls

    return make_throwaway_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_sim(tls):
    s = KiwoomSimulator(live_ping_s=0.1, ssl_context=tls.server_context()).start()
    yield s
    s.stop()


def test_over_tls_verified_against_the_given_authority(tls, tls_sim, demo_keys):
    assert tls_sim.ws_url.startswith("wss://127.0.0.1:")
    one = Live(tls_sim.ws_url, tls_sim.issue_token_for_tests(), ca_bundle=str(tls.ca)).start()
    try:
        one.wait(lambda: one.registered == 1)
        time.sleep(0.3)
        assert tls_sim.live.counters.pings_answered >= 1
    finally:
        one.stop()


def test_an_unknown_certificate_is_refused_before_login(tls_sim, demo_keys):
    one = Live(tls_sim.ws_url, tls_sim.issue_token_for_tests()).start()  # certifi's authorities only
    try:
        one.wait(lambda: any(s.state == DISCONNECTED for s in one.statuses))
    finally:
        one.stop()
    assert "인증서" in [s for s in one.statuses if s.state == DISCONNECTED][0].reason
    assert tls_sim.live.recorded == [] and tls_sim.live.counters.logins == 0
