"""The live connection to Kiwoom's WebSocket (real-time 00 주문체결, 04 잔고), Qt-free.

``frames``: LOGIN / REG / PING / SYSTEM / REAL frames built and read.
``events``: 00 and 04 values → :class:`OrderEvent` / :class:`BalanceEvent` (data: resources/live.json).
``connection``: :class:`LiveConnection`, a blocking loop for one worker thread: LOGIN, PING echo, REG,
reconnect with a capped backoff, SYSTEM codes.
"""
