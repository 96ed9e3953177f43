"""Issue 17 item 9: 8005 storms. Lookups refused with 8005 re-issue the token once per token generation; whatever
waited on that re-issue continues once with the new token; a new token neither logs the live connection in
again nor refreshes the whole account.

Through the real window, against the simulator on 127.0.0.1 (REST and its WebSocket), counting what reaches it:
/oauth2/token requests, LOGIN frames, account queries.
"""

from __future__ import annotations

import pytest

from kiwoom_gui.base.payloads import InstrumentRequest

FAST = {"backoff_s": (0.1, 0.2), "idle_timeout_s": 10.0}
CODES = ("005930", "000660", "035420", "005380", "051910", "035720")  # six codes the simulator knows
ACCOUNT_QUERIES = ("ka00001", "ka10075", "kt00007", "kt00018")


@pytest.fixture
def live_window(window_with, live_sim, demo_keys):
    options = ("--env", "mock", "--base-url", live_sim.base_url, "--ws-url", live_sim.ws_url)
    return lambda: window_with(*options, live_options=FAST, timeouts=(1.0, 5.0))


def _token_requests(sim) -> int:
    return len([r for r in sim.recorded if r.path == "/oauth2/token"])


def _account_queries(sim) -> int:
    return len([r for r in sim.query_requests() if r.headers.get("api-id") in ACCOUNT_QUERIES])


def _settled(qtbot, window, sim) -> None:
    """Connected, and no account query asked for a while (the start's refreshes are over)."""
    import time

    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
    seen = [_account_queries(sim), time.monotonic()]

    def quiet() -> bool:
        if _account_queries(sim) != seen[0] or window.live._confirm.isActive():
            seen[:] = [_account_queries(sim), time.monotonic()]
            return False
        return time.monotonic() - seen[1] >= 1.0

    qtbot.waitUntil(quiet, timeout=15000)


def _look_up_all(qtbot, window, codes=CODES) -> dict[str, object]:
    done: dict[str, object] = {}
    window.controller.instrument_done.connect(lambda d: done.setdefault(d.code, d))
    target = window.target()
    for code in codes:  # all at once: six lookups waiting on the lookup thread
        window.controller.lookup_instrument(InstrumentRequest(target, code))
    qtbot.waitUntil(lambda: len(done) == len(codes), timeout=40000)
    return done


def test_six_lookups_refused_with_8005_reissue_the_token_once(qtbot, live_window, live_sim):
    """The host refuses every ka10001 with 8005 (each lookup's first request and its retry): today each lookup
    re-issues the token in turn (6 /oauth2/token), and every new token logs the live connection in again and
    refreshes the whole account (6 LOGINs, 6 rounds of queries)."""
    window = live_window()
    _settled(qtbot, window, live_sim)
    tokens, logins, queries = _token_requests(live_sim), live_sim.live.counters.logins, _account_queries(live_sim)
    live_sim.inject("token_rejected", api_id="ka10001", count=2 * len(CODES))
    done = _look_up_all(qtbot, window)
    qtbot.wait(1500)  # whatever a storm would still bring
    assert _token_requests(live_sim) - tokens == 1
    assert live_sim.live.counters.logins == logins, "a new token keeps the session that was let in"
    assert _account_queries(live_sim) == queries, "a new token alone refreshes nothing"
    assert window.live.state == "connected"
    for code, d in done.items():  # each waited once for the new token and was refused again: a clear failure
        assert d.instrument is None and d.error, (code, d)


def test_a_token_expired_everywhere_is_issued_once_for_f5_and_six_lookups(qtbot, live_window, live_sim):
    """The host forgets the token (expiry, a reset): an F5 on the API thread and six lookups on theirs are all
    refused with the same generation. One new token serves them all: the lookups' "fresh, please" after the
    API thread's re-issue hands back that token instead of issuing another."""
    window = live_window()
    _settled(qtbot, window, live_sim)
    tokens, logins = _token_requests(live_sim), live_sim.live.counters.logins
    live_sim.expire_tokens()
    queries = len(live_sim.query_requests())
    landed: set[str] = set()
    window.controller.query_done.connect(lambda d: landed.add(d.view))
    window.refresh_account()
    done = _look_up_all(qtbot, window)
    qtbot.waitUntil(lambda: {"open_orders", "executions", "positions"} <= landed, timeout=20000)
    qtbot.wait(1500)
    assert _token_requests(live_sim) - tokens == 1
    assert [c for c, d in done.items() if d.instrument is None] == [], {c: d.error for c, d in done.items()}
    assert live_sim.live.counters.logins == logins
    # the F5's one round (a refused page is asked again once with the new token), nothing more
    asked = [r.headers.get("api-id") for r in live_sim.query_requests()[queries:]]
    for api_id in ("ka10075", "kt00007", "kt00018"):
        assert asked.count(api_id) <= 2, asked
