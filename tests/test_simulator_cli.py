"""``python -m kiwoom_gui.simulator`` serves on 127.0.0.1 and answers a token request."""

from __future__ import annotations

import subprocess
import sys

import requests

from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY


def test_simulator_command_serves_loopback():
    command = [sys.executable, "-m", "kiwoom_gui.simulator", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
        try:
            first = proc.stdout.readline().strip()
            assert first.startswith("simulator: http://127.0.0.1:")
            url = first.split(": ", 1)[1]
            with requests.Session() as s:
                s.trust_env = False
                keys = {"grant_type": "client_credentials", "appkey": DEMO_APPKEY, "secretkey": DEMO_SECRETKEY}
                answer = s.post(url + "/oauth2/token", json=keys, timeout=5).json()
            assert answer["return_code"] == 0
            assert answer["token_type"] == "bearer" and len(answer["expires_dt"]) == 14
        finally:
            proc.terminate()
            proc.wait(timeout=10)
