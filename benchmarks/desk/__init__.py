"""The desk beside the ticket under load (issues 19 and 20): click-to-wire while the credit desk refreshes against a
host slow to answer queries, a typed price → 주문가능수량 painted, click-to-wire during a market flood, and memory
over a long flood. Parent side: :mod:`benchmarks.desk.figures`; children: ``credit_child``, ``flood_child``."""
