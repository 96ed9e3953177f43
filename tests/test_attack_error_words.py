"""Issue 18: no message the user reads carries a Python class name (``TransportError``, ``JSONDecodeError``,
``OperationalError`` …) or a library's English text ("database is locked"): a hostile host that closes the
connection mid-answer, sends invalid JSON or never finishes, and a journal file locked by another connection
(BEGIN EXCLUSIVE, a real SQLite lock) — through the real window (offscreen), its status bar and its log rows."""

from __future__ import annotations

import re
import sqlite3

import pytest
from gui_helpers import fill, log_texts, send, wait_answered
from hostile_host import CLOSE, HostileHost, order_answer, orders_only, reply, token_answer
from PySide6.QtWidgets import QLabel

from kiwoom_gui.base.error_words import reason_in_korean
from kiwoom_gui.host.answers import Outcome

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}
CLASS_NAME = re.compile(r"[A-Z][A-Za-z]*(Error|Exception|Timeout|Disconnected|IncompleteRead)\b")
ENGLISH = re.compile(r"\b[A-Za-z]{2,} [a-z]{2,} [a-z]{2,}\b")  # three English words in a row: a library's text
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def hostile_window(window_with, demo_keys):
    def make(host: HostileHost, timeouts=(1.0, 1.0), data_dir=None):
        w = window_with("--env", "mock", "--base-url", host.url, timeouts=timeouts, data_dir=data_dir)
        w.shown_status = []  # every status bar message, as it was shown
        w.statusBar().messageChanged.connect(lambda text: w.shown_status.append(text))
        return w

    return make


def assert_korean_only(texts: list[str]) -> None:
    for text in texts:
        assert not CLASS_NAME.search(text), text
        assert not ENGLISH.search(text), text


def half_answer(r) -> list[object]:
    """The head of an answer, half its body, then the connection closes."""
    api_id = r.headers.get("api-id", "").encode()
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\napi-id: " + api_id + b"\r\nContent-Length: 80\r\n\r\n"
    return [head + b'{"ord_no": "00', CLOSE]


def everything(steps):
    """A token on request; orders and account queries alike get ``steps``."""
    return lambda r: [token_answer()] if r.path == "/oauth2/token" else steps(r)


def labels(w) -> list[str]:
    return [label.text() for label in w.findChildren(QLabel)]


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        (half_answer, "답이 중간에 끊겼습니다"),
        (lambda r: [reply(200, b'{"ord_no": "0000001", "return_code": 0,', {"api-id": r.headers["api-id"]})],
         "주문 결과를 알 수 없습니다"),
        (lambda r: [b"HTTP/1.1 200 OK\r\n", CLOSE], "주문 결과를 알 수 없습니다"),  # read as an empty answer
        (lambda r: [5.0], "시간"),
    ],
    ids=["closed-mid-answer", "invalid-json", "closed-after-status", "never-finishes"],
)
def test_a_hostile_host_is_explained_in_korean_words(qtbot, hostile_window, steps, words):
    with HostileHost(everything(steps)) as host:
        w = hostile_window(host)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        (row,) = wait_answered(qtbot, w, 1, timeout=20000)
        assert row.outcome is Outcome.UNKNOWN
        assert words in row.message, row.message
        assert HANGUL.search(row.message)
        qtbot.waitUntil(lambda: len(host.requests) >= 3, timeout=10000)  # the account's queries met it too
        qtbot.wait(1500)
        assert_korean_only([row.message, *log_texts(w), *w.shown_status, *labels(w)])
        assert len(host.orders()) == 1  # never resent


def test_a_journal_locked_at_start_refuses_the_order_in_korean_words(qtbot, hostile_window, tmp_path):
    journal = tmp_path / "journal.sqlite3"
    sqlite3.connect(journal).close()
    lock = sqlite3.connect(journal, timeout=0, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")  # another program holds the file: the window's journal cannot open it
    try:
        with HostileHost(orders_only(lambda r: [order_answer("kt10006")])) as host:
            w = hostile_window(host, data_dir=tmp_path)
            qtbot.waitUntil(lambda: any("주문 기록" in t for t in w.shown_status), timeout=20000)
            fill(w, "kt10006", BUY)
            send(qtbot, w, "kt10006")
            (row,) = wait_answered(qtbot, w, 1, timeout=20000)
            assert row.outcome is Outcome.NOT_SENT and not host.orders()
            assert "다른 프로그램이 쓰고 있습니다" in row.message, row.message
            assert_korean_only([row.message, *log_texts(w), *w.shown_status])
    finally:
        lock.execute("ROLLBACK")
        lock.close()


def test_a_journal_locked_while_the_order_is_out_is_explained_in_korean_words(qtbot, hostile_window, tmp_path):
    journal = tmp_path / "journal.sqlite3"
    with HostileHost(orders_only(lambda r: [1.5, order_answer("kt10006", "0000042")])) as host:
        w = hostile_window(host, timeouts=(1.0, 8.0))
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        qtbot.waitUntil(lambda: len(host.orders()) == 1, timeout=10000)
        lock = sqlite3.connect(journal, timeout=0, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")  # every write of the window's journal now fails (database is locked)
        try:
            (row,) = wait_answered(qtbot, w, 1, timeout=30000)
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        assert (row.outcome, row.ord_no) == (Outcome.ACCEPTED, "0000042")
        assert "다른 프로그램이 쓰고 있습니다" in row.message, row.message
        assert_korean_only([row.message, *log_texts(w), *w.shown_status])


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (sqlite3.OperationalError("database is locked"), "다른 프로그램이 쓰고 있습니다"),
        (sqlite3.OperationalError("disk I/O error"), "디스크 입출력 오류"),
        (ConnectionResetError(104, "Connection reset by peer"), "호스트가 연결을 끊었습니다"),
        (ValueError("Expecting value: line 1 column 1 (char 0)"), "JSON 형식이 아닙니다"),
        (KeyError("x"), "알 수 없는 오류"),
        (TimeoutError(), "시간 초과"),
    ],
)
def test_reason_in_korean_names_no_class_and_no_english(exc, words):
    wrapped = RuntimeError("wrapper")
    wrapped.__cause__ = exc
    for e in (exc, wrapped):
        text = reason_in_korean(e)
        assert words in text and not CLASS_NAME.search(text) and not re.search(r"[a-z]{2,}", text), text


# --- the live connection's status (Qt-free: what the window's live label shows) ------------------------------
CAMEL = re.compile(r"\b(?!WebSocket\b)[A-Z][a-z]+[A-Z][A-Za-z]+\b")  # InvalidMessage, EOFError's kin


def live_reasons(url: str, **options) -> list[str]:
    import threading
    import time

    from kiwoom_gui.live.connection import LiveConnection
    from kiwoom_gui.live.live_status import DISCONNECTED, SecretToken

    statuses = []
    conn = LiveConnection(
        url, SecretToken("t" * 40), on_events=lambda e: None, on_status=statuses.append, backoff_s=(5.0,), **options
    )
    thread = threading.Thread(target=conn.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not any(s.state == DISCONNECTED for s in statuses):
        time.sleep(0.05)
    conn.stop()
    thread.join(5)
    reasons = [f"{s.reason} {s.hint}" for s in statuses if s.state == DISCONNECTED]
    assert reasons, statuses
    return reasons


def a_listener(answer: bytes):
    """A TCP port on 127.0.0.1 that answers every connection with ``answer`` and closes it."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.sendall(answer)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener


@pytest.mark.parametrize("answer", [b"", b"HELLO\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"])
def test_a_broken_websocket_host_is_explained_in_korean_words(answer):
    listener = a_listener(answer)
    try:
        reasons = live_reasons(f"ws://127.0.0.1:{listener.getsockname()[1]}/api/dostk/websocket")
    finally:
        listener.close()
    for text in reasons:
        assert HANGUL.search(text) and not CAMEL.search(text) and not CLASS_NAME.search(text), text
        assert not ENGLISH.search(text), text


def test_an_unknown_certificate_is_explained_in_korean_words(tmp_path):
    from kiwoom_gui.simulator import KiwoomSimulator
    from kiwoom_gui.simulator.tls import make_throwaway_tls

    tls = make_throwaway_tls(tmp_path)
    with KiwoomSimulator(ssl_context=tls.server_context()) as sim:
        reasons = live_reasons(sim.ws_url)  # certifi's authorities only: the throwaway CA is unknown
    for text in reasons:
        assert "인증서" in text and not CAMEL.search(text) and not CLASS_NAME.search(text), text
        assert not ENGLISH.search(text) and not re.search(r"\b[a-z]{3,}\b", text), text


def test_an_odd_order_warning_shows_what_the_host_wrote_not_its_python_type():
    from kiwoom_gui.instrument.parse import _order_warning

    shown = _order_warning({"orderWarning": ["5"]})  # a list where a code belongs
    assert '["5"]' in shown and "list" not in shown, shown
    assert "dict" not in _order_warning({"orderWarning": {"a": 1}})
