"""Shared test setup: offscreen Qt, an in-memory keyring, the simulator on loopback."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyrings import MemoryKeyring  # noqa: E402

from kiwoom_gui.app import create_main_window  # noqa: E402
from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY, KiwoomSimulator  # noqa: E402


@pytest.fixture(autouse=True)
def memory_keyring():
    """Every test gets an empty in-memory keyring; no test touches the user's real one."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def fresh_secrets():
    """Every test is a new run: the secrets an earlier test used are not scrubbed from this one's texts."""
    from kiwoom_gui.host.redaction import forget_all

    forget_all()
    yield
    forget_all()


@pytest.fixture(autouse=True)
def precautions_off(request, monkeypatch):
    """The tests written before 주문 착오 방지 (issue 21) send at prices far from the market (60,000 for a 71,000
    stock) to keep orders open: in them the precautions start off (their default 5 % / 20 ticks would ask, as soon
    as the stock's lookup lands). A test that uses ``shipped_precautions`` gets the defaults as shipped; a
    settings.ini [precautions] value still applies in every test."""
    if "shipped_precautions" in request.fixturenames:
        return
    from kiwoom_gui.guards import limits

    monkeypatch.setattr(limits, "defaults", lambda: limits.Precautions())


@pytest.fixture
def shipped_precautions():
    """주문 착오 방지 with the defaults as shipped (resources/precautions.json)."""
    return True


@pytest.fixture
def simulator():
    sim = KiwoomSimulator().start()
    yield sim
    sim.stop()


@pytest.fixture
def live_sim():
    """A simulator whose WebSocket pings every 0.2 s (the host's 10 s would make the live tests slow); its market
    holds still (no quotes by themselves, no VI) so a fill comes only when a test steps it."""
    sim = KiwoomSimulator(live_ping_s=0.2, quote_rates={"0B": 0, "0D": 0}, vi_every_s=0).start()
    yield sim
    sim.stop()


@pytest.fixture
def demo_keys(memory_keyring):
    """Demo app key and secret stored for env 'mock' in the in-memory keyring."""
    keyring.set_password("kiwoom-gui", "mock:appkey", DEMO_APPKEY)
    keyring.set_password("kiwoom-gui", "mock:secretkey", DEMO_SECRETKEY)
    return DEMO_APPKEY, DEMO_SECRETKEY


@pytest.fixture
def window_with(qtbot, tmp_path):
    """Build, show and (at the end) close windows: ``window_with(*options, data_dir=…, **create_kwargs)``;
    the data directory defaults to the test's; a confirmation fails the test unless it replaces ``confirm``."""
    made = []

    def make(*options: str, data_dir=None, **kwargs):
        w = create_main_window([*options, "--data-dir", str(data_dir or tmp_path)], **kwargs)
        w.confirm = lambda *a: pytest.fail("no confirmation expected here")
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()
        assert not w.controller.is_running()


@pytest.fixture
def make_window(window_with, simulator, demo_keys):
    def make(*extra: str, data_dir=None):
        return window_with("--env", "mock", "--base-url", simulator.base_url, *extra, data_dir=data_dir)

    return make


@pytest.fixture
def window(make_window):
    return make_window()
