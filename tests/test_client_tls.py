"""The client against the simulator over real TLS: verified against this run's own authority, never unverified."""

from __future__ import annotations

import pytest
from rule_oracle import VALID

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body
from kiwoom_gui.simulator import KiwoomSimulator
from kiwoom_gui.simulator.tls import make_throwaway_tls

BUY = build_body("kt10006", VALID["kt10006"])


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return make_throwaway_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_simulator(tls):
    sim = KiwoomSimulator(ssl_context=tls.server_context()).start()
    yield sim
    sim.stop()


def test_orders_over_tls_verified_by_the_given_authority_on_one_connection(tls, tls_simulator, demo_keys):
    assert tls_simulator.base_url.startswith("https://127.0.0.1:")
    with KiwoomClient("mock", base_url=tls_simulator.base_url, orders_per_second=0, ca_bundle=str(tls.ca)) as c:
        results = [c.send_order("kt10006", BUY) for _ in range(3)]
    assert [r.outcome for r in results] == [Outcome.ACCEPTED] * 3
    assert len({r.client_port for r in tls_simulator.recorded}) == 1  # token and orders: one TLS session


def test_an_unknown_certificate_is_refused_and_nothing_is_sent(tls_simulator, demo_keys):
    with KiwoomClient("mock", base_url=tls_simulator.base_url, orders_per_second=0) as c:  # system store only
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.NOT_SENT, result.message
    assert tls_simulator.recorded == []  # not even the token request got through
    assert tls_simulator.book.orders() == []
