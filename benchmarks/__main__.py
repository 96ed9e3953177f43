"""Run every benchmark and print one table: ``python -m benchmarks`` (``--quick`` for a smoke run).

Figures are medians over repeated runs; comparisons are measured side by side in the same run.
Nothing here asserts a time: a missed goal is printed as such.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from . import gui, latency, live, loans, market  # noqa: E402
from .common import Figure  # noqa: E402
from .desk import figures as desk  # noqa: E402

SUITES = {
    "wire": gui.click_to_wire,
    "latency": latency.run,
    "responsiveness": gui.responsiveness,
    "startup": gui.startup,
    "first": gui.first_order,
    "log": gui.log_scale,
    "detail": gui.log_detail,
    "journal": gui.journal_scale,
    "soak": gui.soak,
    "account": gui.account,
    "live": live.live,
    "lookup": live.lookup,
    "lots": loans.loan_lots,
    "market": market.market,
    "desk": desk.desk,
    "flood": desk.flood,
}


def table(figures: list[Figure]) -> str:
    lines = ["| Figure | Measured | Goal | Met |", "|---|---|---|---|"]
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "**no**")
        lines.append(f"| {f.name} | {f.value} | {f.goal} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts: checks that every benchmark runs")
    parser.add_argument(
        "--long", action="store_true", help="the flood's memory over 10 minutes (also BENCHMARKS_LONG=1)"
    )
    parser.add_argument("only", nargs="*", help=f"run only these of {', '.join(SUITES)} (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(SUITES)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    if args.long:
        os.environ["BENCHMARKS_LONG"] = "1"
    figures: list[Figure] = []
    started = time.perf_counter()
    for name, run in SUITES.items():
        if args.only and name not in args.only:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        figures.extend(run(args.quick))
    from PySide6 import __version__ as pyside

    print(table(figures))
    print(
        f"\n{platform.python_implementation()} {platform.python_version()}, PySide6 {pyside}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; "
        f"{'quick run' if args.quick else 'full run'} in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
