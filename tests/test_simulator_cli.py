"""``python -m kiwoom_gui.simulator`` serves on 127.0.0.1 and prints a window command that parses as printed."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import requests

from kiwoom_gui.cli import parse_args
from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY
from kiwoom_gui.simulator.__main__ import gui_program


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
            while not (printed and " --demo " in printed[-1]):
                line = proc.stdout.readline()
                assert line, f"no window command was printed: {printed}"
                printed.append(line.strip())
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    window_line = printed[-1]
    (ws_line,) = [line for line in printed if line.startswith("실시간(WebSocket): ")]
    ws_url = ws_line.split(": ", 1)[1]
    assert ws_url.startswith("ws://127.0.0.1:") and ws_url.endswith("/api/dostk/websocket")
    program, *rest = shlex.split(window_line)
    assert rest == ["--demo", "--base-url", url, "--ws-url", ws_url]
    # as the README types it: the script beside this Python (.venv/bin/kiwoom-gui from the project folder)
    assert program == gui_program() and Path(program).name.startswith("kiwoom-gui")
    options = parse_args(shlex.split(window_line)[1:])
    assert (options.demo, options.base_url, options.env, options.ws_url) == (True, url, None, ws_url)


def test_simulator_command_pages_and_fills_with_market():
    command = [sys.executable, "-m", "kiwoom_gui.simulator", "--port", "0", "--page-size", "2", "--market"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
        try:
            url = proc.stdout.readline().strip().split(": ", 1)[1]
            with requests.Session() as s:
                s.trust_env = False
                keys = {"grant_type": "client_credentials", "appkey": DEMO_APPKEY, "secretkey": DEMO_SECRETKEY}
                token = s.post(url + "/oauth2/token", json=keys, timeout=5).json()["token"]

                def post(path: str, api_id: str, body: dict) -> requests.Response:
                    headers = {"authorization": f"Bearer {token}", "api-id": api_id}
                    return s.post(url + path, json=body, headers=headers, timeout=5)

                buy = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "", "trde_tp": "3"}
                for _ in range(3):  # 시장가: filled by the market
                    assert post("/api/dostk/crdordr", "kt10006", buy | {"cond_uv": ""}).json()["return_code"] == 0
                details = {"ord_dt": "", "qry_tp": "4", "stk_bond_tp": "0", "sell_tp": "0", "stk_cd": ""}
                page = post("/api/dostk/acnt", "kt00007", details | {"fr_ord_no": "", "dmst_stex_tp": "%"})
                assert page.headers["cont-yn"] == "Y" and page.headers["next-key"]
                assert len(page.json()["acnt_ord_cntr_prps_dtl"]) == 2
                held = post("/api/dostk/acnt", "kt00018", {"qry_tp": "2", "dmst_stex_tp": "KRX"}).json()
                assert [r["rmnd_qty"] for r in held["acnt_evlt_remn_indv_tot"]] == ["000000000000003"]
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_simulator_command_refuses_a_bad_page_size():
    command = [sys.executable, "-m", "kiwoom_gui.simulator", "--page-size", "0"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "--page-size 는 1 이상이어야 합니다" in done.stderr


def test_fixed_ports_and_the_demo_account(tmp_path):
    import socket

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    port, ws_port = free_port(), free_port()
    command = [sys.executable, "-m", "kiwoom_gui.simulator", "--demo", "--port", str(port), "--ws-port", str(ws_port)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
        try:
            printed = [proc.stdout.readline().strip()]
            while " --demo " not in printed[-1]:
                line = proc.stdout.readline()
                assert line, printed
                printed.append(line.strip())
            url = f"http://127.0.0.1:{port}"
            assert printed[0] == f"simulator: {url}"
            assert f"실시간(WebSocket): ws://127.0.0.1:{ws_port}/api/dostk/websocket" in printed
            with requests.Session() as s:
                s.trust_env = False
                keys = {"grant_type": "client_credentials", "appkey": DEMO_APPKEY, "secretkey": DEMO_SECRETKEY}
                token = s.post(url + "/oauth2/token", json=keys, timeout=5).json()["token"]
                headers = {"authorization": f"Bearer {token}", "api-id": "kt00018"}
                body = {"qry_tp": "2", "dmst_stex_tp": "KRX"}
                held = s.post(url + "/api/dostk/acnt", json=body, headers=headers, timeout=5).json()
            codes = {r["stk_cd"].lstrip("A") for r in held["acnt_evlt_remn_indv_tot"]}
            assert {"005930", "000660"} <= codes, held
        finally:
            proc.terminate()
            proc.wait(timeout=10)
