"""``python -m kiwoom_gui.simulator`` serves on 127.0.0.1 and prints a window command that parses as printed."""

from __future__ import annotations

import shlex
import subprocess
import sys

import requests

from kiwoom_gui.cli import parse_args
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
            printed = []
            while not (printed and printed[-1].startswith("kiwoom-gui ")):
                line = proc.stdout.readline()
                assert line, f"no window command was printed: {printed}"
                printed.append(line.strip())
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    window_line = printed[-1]
    assert shlex.split(window_line) == ["kiwoom-gui", "--demo", "--base-url", url]
    options = parse_args(shlex.split(window_line)[1:])
    assert (options.demo, options.base_url, options.env) == (True, url, None)
