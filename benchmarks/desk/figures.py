"""11 and 12: the credit desk (issue 19) and the market flood (issue 20) beside the ticket — each measured in its own
offscreen process (``benchmarks.desk.credit_child``, ``benchmarks.desk.flood_child``), the hosts in others.

``--long`` (or ``BENCHMARKS_LONG=1``): the flood's memory over the ten minutes issue 20 names (else 60 s; 10 s quick).
"""

from __future__ import annotations

import os
import tempfile

from ..common import Figure, median, p99, run_child

WIRE_GOAL = 1.2  # click-to-wire under the load ÷ the same clicks without it, in the same run
PRICE_GOAL_MS = 350  # a typed price → 주문가능수량 painted, the desk's debounce included
SLOPE_GOAL_MB_MIN = 0.5  # "memory flat": at most 5 MB over the ten minutes
QUERY_LATENCY_MS = 100  # the host answers every query this late (orders and tokens at once)
BOOKS, TRADES = 200, 50  # 0D and 0B frames a second on one stock


def _slope(samples: list[list[float]]) -> float:
    """Least-squares slope of (seconds, MB), in MB a minute."""
    n = len(samples)
    if n < 2:
        return float("nan")
    mt, mm = sum(t for t, _ in samples) / n, sum(m for _, m in samples) / n
    var = sum((t - mt) ** 2 for t, _ in samples)
    return 60 * sum((t - mt) * (m - mm) for t, m in samples) / var if var else float("nan")


def desk(quick: bool) -> list[Figure]:
    clicks, rounds = (2, 3) if quick else (15, 12)
    with tempfile.TemporaryDirectory() as tmp:
        w = run_child("desk.credit_child", "wire", tmp, str(QUERY_LATENCY_MS), str(clicks))
    with tempfile.TemporaryDirectory() as tmp:
        p = run_child("desk.credit_child", "price", tmp, str(rounds), "30")
    during, idle = median(w["refresh_ms"]), median(w["idle_ms"])
    ratio = during / idle
    overtaken = max(w["overtaken"], default=0)
    shown, asked = p["shown_ms"], p["wait_ms"]
    after = [s - a for s, a in zip(shown, asked, strict=True)]
    return [
        Figure(
            f"11. desk: click-to-wire while F5 refreshes the account tabs, 신용잔고 and the credit desk (kt00001, "
            f"kt00012, kt20017; every query answered {QUERY_LATENCY_MS} ms late; one F5 ≈ {w['span_ms']:.0f} ms) vs "
            f"none, median (p99); {len(w['refresh_ms'])} + {len(w['idle_ms'])} clicks ({w['missed']} more missed); "
            "and how long the query on the wire at the click still had to go (the order no longer waits for it: it "
            "leaves beside it), median (max)",
            f"{during:.2f} ms ({p99(w['refresh_ms']):.2f} ms) vs {idle:.2f} ms ({p99(w['idle_ms']):.2f} ms); "
            f"still to go {median(w['waited_ms']):.1f} ms ({max(w['waited_ms']):.1f} ms)",
            "",
            None,
        ),
        Figure(
            "11. desk: click-to-wire during the desk's refresh ÷ with none",
            f"{ratio:.2f}×",
            f"≤ {WIRE_GOAL}×",
            ratio <= WIRE_GOAL,
        ),  # fmt: skip
        Figure(
            "11. desk: query requests reaching the host between a click and its order (during the refresh), most",
            f"{overtaken}",
            "0",
            overtaken == 0,
        ),
        Figure(
            f"11. desk: typed price → orderableQuantity painted (a key every 30 ms into 신용매수's 주문단가; kt00012 "
            f"answered by the simulator), last keystroke → painted, median (max) of {len(shown)}; of it, the wait "
            f"({p['debounce_ms']} ms timer) and kt00012 asked → painted",
            f"{median(shown):.0f} ms ({max(shown):.0f} ms) = wait {median(asked):.0f} ms + {median(after):.1f} ms "
            f"({max(after):.1f} ms)",
            f"≤ {PRICE_GOAL_MS} ms",
            max(shown) <= PRICE_GOAL_MS,
        ),
    ]


def flood(quick: bool) -> list[Figure]:
    clicks = 3 if quick else 40  # medians of 4–7 ms swing ±1.5 ms: 15 a side could not tell 1.2× apart
    long = os.environ.get("BENCHMARKS_LONG", "") not in ("", "0")
    seconds = 600 if long else 10 if quick else 60
    with tempfile.TemporaryDirectory() as tmp:
        w = run_child("desk.flood_child", "wire", tmp, str(BOOKS), str(TRADES), str(clicks))
    with tempfile.TemporaryDirectory() as tmp:
        m = run_child("desk.flood_child", "memory", tmp, str(BOOKS), str(TRADES), str(seconds), timeout=seconds + 300)
    during, idle = median(w["flood_ms"]), median(w["idle_ms"])
    ratio = during / idle
    samples = m["samples"]
    slope = _slope(samples)
    end = samples[-1][1] if samples else float("nan")
    return [
        Figure(
            f"12. flood: click-to-wire during 0D {BOOKS}/s + 0B {TRADES}/s on the form's stock vs the flood off, "
            f"median (p99); {len(w['flood_ms'])} + {len(w['idle_ms'])} clicks in turn",
            f"{during:.2f} ms ({p99(w['flood_ms']):.2f} ms) vs {idle:.2f} ms ({p99(w['idle_ms']):.2f} ms); "
            f"{w['books_shown']:,} ladder updates of {w['sent']:,} frames, {w['bad']} unreadable",
            "",
            None,
        ),
        Figure(
            "12. flood: click-to-wire during the flood ÷ flood off",
            f"{ratio:.2f}×",
            f"≤ {WIRE_GOAL}×",
            ratio <= WIRE_GOAL,
        ),  # fmt: skip
        Figure(
            f"12. flood: memory over {m['seconds']:.0f} s of 0D {BOOKS}/s + 0B {TRADES}/s (RSS, sampled every second): "
            f"start → end (after a collection), slope{' (--long)' if long else ''}",
            f"{m['rss_start_mb']:.1f} → {end:.1f} MB ({m['rss_after_gc_mb']:.1f} MB), {slope:+.2f} MB/min; "
            f"{m['books_shown']:,} ladder updates",
            f"flat: < {SLOPE_GOAL_MB_MIN} MB/min",
            slope < SLOPE_GOAL_MB_MIN,
        ),
    ]
