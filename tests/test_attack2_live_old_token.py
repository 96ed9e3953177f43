"""Hostile review 2 (issue 13): a host text is scrubbed of the token the connection holds *now*, not of the one
the session logged in with. A token renewed while a LOGIN is waiting for its ack (the window renews whenever
it is not connected yet) leaves the LOGIN's token — still valid until it expires — unscrubbed: a SYSTEM notice
echoing it reaches the liveStatus label and its tooltip whole.

LiveConnection against a WebSocket host on 127.0.0.1 that holds the LOGIN ack until the test has renewed the
token, then sends a notice naming the token it was sent. Real sockets, real frames.
"""

from __future__ import annotations

import json
import logging
import threading

from websockets.sync.server import ServerConnection, serve

from kiwoom_gui.live import frames
from kiwoom_gui.live.connection import LiveConnection
from kiwoom_gui.live.live_status import SecretToken

OLD = "OLDtoken-0123456789abcdefghijklmnopqrstuvwxyz"
NEW = "NEWtoken-9876543210zyxwvutsrqponmlkjihgfedcba"


def test_a_notice_echoing_the_login_token_is_scrubbed_after_a_renewal():
    got_login = threading.Event()
    renewed = threading.Event()
    sent_with: list[str] = []

    def handle(conn: ServerConnection) -> None:
        login = json.loads(conn.recv(timeout=5))
        sent_with.append(login.get("token", ""))
        got_login.set()
        renewed.wait(5)
        # the host interleaves a SYSTEM notice before the ack, echoing what the LOGIN carried
        conn.send(frames.system_frame("R19999", f"세션 확인: token={login.get('token')}"))
        conn.send(frames.ack_frame("LOGIN"))
        conn.recv(timeout=5)  # REG
        conn.send(frames.ack_frame("REG"))
        try:
            while True:
                conn.recv(timeout=5)
        except Exception:
            pass

    quiet = logging.getLogger("attack2_ws")
    quiet.setLevel(logging.CRITICAL)
    server = serve(handle, "127.0.0.1", 0, logger=quiet, compression=None)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}/api/dostk/websocket"
    statuses: list = []
    connection = LiveConnection(
        url, SecretToken(OLD), on_events=lambda e: None, on_status=statuses.append, backoff_s=(5.0,)
    )
    worker = threading.Thread(target=connection.run, daemon=True)
    worker.start()
    try:
        assert got_login.wait(5)
        connection.renew_token(SecretToken(NEW))  # e.g. the API thread issued a new token meanwhile
        renewed.set()
        deadline = threading.Event()
        for _ in range(50):
            if any(s.state == "connected" for s in statuses):
                break
            deadline.wait(0.1)
    finally:
        connection.stop()
        worker.join(5)
        server.shutdown()
    assert sent_with == [OLD]
    notices = [s.notice for s in statuses if s.notice]
    assert notices, [s.state for s in statuses]
    shown = [t for s in statuses for t in (s.reason, s.hint, s.notice)]
    assert not [t for t in shown if OLD[:20] in t], [t for t in shown if OLD[:20] in t]
