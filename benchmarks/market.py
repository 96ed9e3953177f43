"""9: the market beside the ticket under a flood (issue 20): 0D at 200 frames/s plus 0B at 50/s on one stock,
through the real window (``benchmarks.market_child``), against the same window registered and idle."""

from __future__ import annotations

import tempfile

from .common import Figure, median, p99, run_child

SHOWN_GOAL_MS = 50  # a 0D's levels on screen within 50 ms of its arrival (median)


def market(quick: bool) -> list[Figure]:
    idle, books, trades, seconds = (1.0, 200, 50, 2) if quick else (5.0, 200, 50, 10)
    with tempfile.TemporaryDirectory() as tmp:
        r = run_child("market_child", tmp, str(idle), str(books), str(trades), str(seconds))
    load, base = max(r["load_gaps_ms"]), max(r["idle_gaps_ms"])
    above = load - base
    shown = r["paint_ms"]
    return [
        Figure(
            f"10. market: 0D {books}/s + 0B {trades}/s on one stock for {seconds} s, longest event-loop gap vs the "
            "same window registered and idle (5 ms probe)",
            f"{load:.1f} ms vs {base:.1f} ms ({above:+.1f} ms; p99 {p99(r['load_gaps_ms']):.1f} vs "
            f"{p99(r['idle_gaps_ms']):.1f} ms); {r['books_shown']:,} ladder updates, {r['bad']} unreadable",
            "< 16 ms above idle",
            above < 16,
        ),
        Figure(
            f"10. market: 0D arrival → its levels painted in the ladder, median (max) of {len(shown):,}; memory "
            "before → after the flood (RSS)",
            f"{median(shown):.1f} ms ({max(shown):.1f} ms); {r['rss_before_mb']:.1f} → {r['rss_after_mb']:.1f} MB",
            f"< {SHOWN_GOAL_MS} ms",
            median(shown) < SHOWN_GOAL_MS,
        ),
    ]
