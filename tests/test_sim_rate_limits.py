"""The simulator limits every api-id as the documented host does, unless told otherwise (real HTTP)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests
from rule_oracle import VALID

from kiwoom_gui.base.resources_io import load_json
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import CredentialStore
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body
from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY, KiwoomSimulator

BODY = {api_id: build_body(api_id, VALID[api_id]) for api_id in ("kt10006", "kt10007")}
DOCUMENTED = load_json("simulator.json")["rate_limits"]["per_second"]


def burst(url: str, token: str, api_id: str, count: int) -> list[tuple[int, dict]]:
    """``count`` orders as fast as one connection can send them."""
    headers = {
        "content-type": "application/json;charset=UTF-8",
        "authorization": f"Bearer {token}",
        "api-id": api_id,
    }
    out = []
    with requests.Session() as s:
        s.trust_env = False
        for _ in range(count):
            r = s.post(url + "/api/dostk/crdordr", headers=headers, data=json.dumps(BODY[api_id]), timeout=5)
            out.append((r.status_code, r.json()))
    return out


def refused(answers: list[tuple[int, dict]]) -> list[bool]:
    return [status == 429 and body["return_code"] == 5 and "[1700:" in body["return_msg"] for status, body in answers]


def test_documented_limits_come_from_resources():
    assert DOCUMENTED == {"sim": 5, "mock": 1}  # kiwoom-api-facts.md §3: 5/s per api-id, mockapi 1/s
    for mode, limit in (("sim", 5), ("mock", 1)):
        with KiwoomSimulator(mode=mode) as sim:
            assert sim.state.rate_limit_per_second == limit


def test_default_refuses_the_sixth_order_in_a_burst():
    with KiwoomSimulator() as sim:
        answers = burst(sim.base_url, sim.issue_token_for_tests(), "kt10006", 6)
    assert refused(answers) == [False] * 5 + [True]
    assert all(body["return_code"] == 0 for _, body in answers[:5])
    assert "유량=5, API ID=kt10006" in answers[5][1]["return_msg"]
    assert len(sim.book.orders()) == 5  # the refused one was not placed


def test_each_api_id_has_its_own_limit():
    with KiwoomSimulator() as sim:
        token = sim.issue_token_for_tests()
        buys = burst(sim.base_url, token, "kt10006", 5)
        sells = burst(sim.base_url, token, "kt10007", 5)
    assert not any(refused(buys + sells))


def test_mock_mode_allows_one_a_second_with_a_burst_of_two():
    with KiwoomSimulator(mode="mock") as sim:
        answers = burst(sim.base_url, sim.issue_token_for_tests(), "kt10006", 3)
    assert refused(answers) == [False, False, True]
    assert "[2000](RC9000:" in answers[0][1]["return_msg"]  # past the limit: answered like mockapi
    assert "유량=1," in answers[2][1]["return_msg"]


def test_zero_turns_the_limit_off():
    with KiwoomSimulator(rate_limit_per_second=0) as sim:
        answers = burst(sim.base_url, sim.issue_token_for_tests(), "kt10006", 20)
    assert not any(refused(answers))
    with pytest.raises(ValueError):
        KiwoomSimulator(rate_limit_per_second=-1)


def test_the_windows_own_pace_is_never_refused():
    """The client paces the simulator environment at 5/s (environments.json); arriving a few ms
    early now and then must not cost a refused order."""
    store = CredentialStore(session_only=True)
    store.set("simulator", "appkey", DEMO_APPKEY)
    store.set("simulator", "secretkey", DEMO_SECRETKEY)
    with KiwoomSimulator() as sim, KiwoomClient("simulator", base_url=sim.base_url, store=store) as c:
        outcomes = [c.send_order("kt10006", BODY["kt10006"]).outcome for _ in range(12)]
    assert outcomes == [Outcome.ACCEPTED] * 12


def run_cli_burst(*options: str, count: int) -> tuple[list[str], list[bool]]:
    command = [sys.executable, "-m", "kiwoom_gui.simulator", "--port", "0", *options]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
        try:
            lines = [proc.stdout.readline().strip() for _ in range(4)]
            url = lines[0].split(": ", 1)[1]
            with requests.Session() as s:
                s.trust_env = False
                keys = {"grant_type": "client_credentials", "appkey": DEMO_APPKEY, "secretkey": DEMO_SECRETKEY}
                token = s.post(url + "/oauth2/token", json=keys, timeout=5).json()["token"]
            return lines, refused(burst(url, token, "kt10006", count))
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_command_line_default_and_off():
    lines, answers = run_cli_burst(count=6)
    assert "api-id별 초당 5건" in lines[3]
    assert answers == [False] * 5 + [True]
    lines, answers = run_cli_burst("--rate-limit", "0", count=8)
    assert lines[3] == "유량 제한: 없음"
    assert not any(answers)
