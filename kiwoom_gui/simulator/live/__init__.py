"""The simulator's real-time endpoint (WebSocket 00 주문체결 / 04 잔고) and the values it sends."""
