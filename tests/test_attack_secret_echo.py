"""Hostile review (#17 item 5): a host echoes the secrets back inside the data it sends.

The REST host is the simulator behind a relay (tests/hostile_host.py) that appends the token, the app key and
the secret key to every ``stk_nm`` (ka10001, ka10075, kt00007, kt00018 rows) and every ``return_msg`` (the
order's answer); the WebSocket host (tests/hostile_ws.py) echoes them in 00 / 04 values (302 종목명,
919 거부사유, 913 주문상태) and in a SYSTEM notice. Through the real window, none of it may reach a widget,
the log, the CSV file, the clipboard or the journal.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from gui_helpers import fill, rows, send, wait_answered
from hostile_host import HostileHost, Request, reply
from hostile_ws import HostileWS, order_values, real
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLabel

from kiwoom_gui.live import frames

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 30.0}
MARK = "에코"  # shows that the host's text itself did reach the screen (with the secrets taken out)


class EchoRelay:
    """Forwards every request to the simulator and appends the secrets to the host texts of its answer."""

    def __init__(self, simulator_url: str, appkey: str, secretkey: str) -> None:
        parts = urlsplit(simulator_url)
        self.host, self.port = parts.hostname, parts.port
        self.keys = (appkey, secretkey)
        self.tokens: list[str] = []

    def echo(self) -> str:
        return " ".join((MARK, *self.tokens, *self.keys))

    def _inject(self, value: object) -> object:
        if isinstance(value, dict):
            return {
                k: (f"{v} {self.echo()}" if k in ("stk_nm", "return_msg") and isinstance(v, str) else self._inject(v))
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._inject(v) for v in value]
        return value

    def __call__(self, r: Request) -> list[bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            names = ("content-type", "api-id", "authorization", "cont-yn", "next-key")
            conn.request(r.method, r.path, r.body, {k: v for k, v in r.headers.items() if k in names})
            answer = conn.getresponse()
            data = answer.read()
            headers = {h: answer.getheader(h) for h in ("api-id", "cont-yn", "next-key") if answer.getheader(h)}
        finally:
            conn.close()
        body = json.loads(data)
        if r.path == "/oauth2/token":
            self.tokens.append(body["token"])
        elif isinstance(body, dict):
            body = self._inject(body)
        return [reply(answer.status, body, headers)]


def _model_texts(view: QAbstractItemView) -> str:
    model = view.model()
    out = []
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            index = model.index(r, c)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if value is not None:
                    out.append(str(value))
    return "\n".join(out)


def test_secrets_echoed_by_the_rest_and_the_live_host_reach_no_widget_file_or_clipboard(
    qtbot, window_with, simulator, demo_keys, tmp_path
):
    appkey, secretkey = demo_keys
    relay = EchoRelay(simulator.base_url, appkey, secretkey)
    shown: list[str] = []  # everything the status bar and the liveStatus label ever said
    ws = HostileWS().start()
    try:
        with HostileHost(relay) as host:
            window = window_with(
                "--env", "mock", "--base-url", host.url, "--ws-url", ws.url, live_options=FAST, orders_per_second=0
            )
            window.statusBar().messageChanged.connect(shown.append)
            label = window.live.label
            window.refresh_account()
            qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
            qtbot.waitUntil(lambda: window.account_number is not None, timeout=5000)
            assert relay.tokens, "the window took its token through the relay"
            secrets = [*relay.tokens, appkey, secretkey]

            fill(
                window,
                "kt10006",
                {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "5", "ord_uv": "60,000", "trde_tp": "0"},
            )
            form = window.forms["kt10006"]
            qtbot.waitUntil(lambda: MARK in form.instrument_line.text(), timeout=8000)  # ka10001's stk_nm
            instrument_line = form.instrument_line.text() + form.instrument_line.toolTip()
            qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
            send(qtbot, window, "kt10006")
            (row,) = wait_answered(qtbot, window, 1)
            assert row.ord_no, row.message

            echo = relay.echo()
            mine = window.account_number
            fills: list[str] = []
            names = ("openOrders", "executions", "positions", "responseLog")
            tables: dict[str, str] = dict.fromkeys(names, "")

            def snapshot() -> None:
                for name in names:
                    tables[name] += _model_texts(window.findChild(QAbstractItemView, name))

            def push(values: dict[str, str], kind: str = "00") -> None:
                before = window.live.events_applied
                ws.push(real(values, kind=kind))
                qtbot.waitUntil(lambda: window.live.events_applied > before, timeout=5000)
                qtbot.wait(100)
                fills.append(next(r for r in rows(window) if r.id == row.id).fill)
                snapshot()

            common = dict(f9201=mine, f900="5", f901="60000", f922="03")
            # a part fill: 302 in the status bar's announcement, the 미체결 and 주문·체결 tables
            push(order_values(row.ord_no, f302=f"삼성전자 {echo}", f913="체결", f902="2", f903="180000",
                              f909="1", f910="60000", f911="3", **common))
            # a rejection: 919 in the 체결 cell and the status bar
            push(order_values(row.ord_no, f302="삼성전자", f913="거부", f919=f"사유 {echo}", f902="2", **common))
            # a status the program does not know, without an open quantity: 913 as the 체결 cell
            push(order_values(row.ord_no, f302="삼성전자", f913=echo, f902="", **common))
            # a position: 302 in the 잔고 table
            push({"9201": mine, "9001": "005930", "302": f"삼성전자 {echo}", "917": "03", "916": "20250101", "930": "3",
                  "933": "3", "931": "60000", "10": "60100", "8019": "0.17"}, kind="04")
            # a SYSTEM notice that ends nothing: the liveStatus label and its tooltip
            ws.push(frames.system_frame("R19999", f"공지 {echo}"))
            qtbot.waitUntil(lambda: "R19999" in label.text() + label.toolTip(), timeout=5000)
            shown.append(label.text() + "\n" + label.toolTip())

            views = list(window.account.views.values())
            before = [v.fetched_at for v in views]
            window.refresh_account()  # the REST rows (ka10075, kt00007, kt00018) with their echoed stk_nm
            qtbot.waitUntil(lambda: all(v.fetched_at != b for v, b in zip(views, before, strict=True)), timeout=8000)
            snapshot()
            assert any(MARK in f for f in fills), fills  # the host's texts did reach the 체결 cell
            assert all(MARK in tables[name] for name in names), tables

            details, copies = [], []
            for i in range(window.log.proxy.rowCount()):
                window.log.table.selectRow(i)
                details.append(window.log.detail.toPlainText())
                copies.append(window.log.copy_selected())
                copies.append(QGuiApplication.clipboard().text())
            csv_path = tmp_path / "log.csv"
            window.log.export_csv(csv_path)
            labels = "\n".join(w.text() + w.toolTip() for w in window.findChildren(QLabel))

        window.close()  # the journal is written and closed
        journal = b"".join(p.read_bytes() for p in tmp_path.glob("journal.sqlite3*"))
        assert journal, "the journal file was written"
        places = {
            "체결 cells": "\n".join(fills),
            "status bar / liveStatus": "\n".join(shown),
            "instrument line": instrument_line,
            "labels": labels,
            "detail pane": "\n".join(details),
            "clipboard": "\n".join(copies),
            "CSV": csv_path.read_text(encoding="utf-8-sig"),
            **tables,
        }
        leaks = [
            f"secret {n} ({'전체' if secret in text else '앞 12자'}) in {place}"
            for n, secret in enumerate(secrets)
            for place, text in places.items()
            if secret[:12] in text  # the whole secret, or enough of it to be one
        ]
        leaks += [f"secret {n} in the journal file" for n, s in enumerate(secrets) if s.encode("utf-8") in journal]
        assert not leaks, "; ".join(leaks)
    finally:
        ws.stop()
