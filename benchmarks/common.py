"""Shared pieces for the benchmarks: statistics, resident memory, one result row, child processes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Figure:
    """One line of the table: what was measured, the figure, the goal, and whether it was met."""

    name: str
    value: str
    goal: str
    met: bool | None  # None: reported for context, no goal of its own


def median(values: list[float]) -> float:
    return statistics.median(values)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def rss_mb() -> float:
    """Resident memory of this process in MB (Qt's C++ heap included, unlike tracemalloc)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, AttributeError):  # not Linux: fall back to the peak
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def child_command(module: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run ``python -m benchmarks.<module>`` offscreen."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return [sys.executable, "-m", f"benchmarks.{module}", *args], env


def run_child(module: str, *args: str, timeout: float = 900) -> dict:
    """Run ``python -m benchmarks.<module>`` offscreen and return the JSON it prints last."""
    command, env = child_command(module, *args)
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.{module} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def emit(result: dict) -> None:
    """A child's last stdout line is its result, as JSON."""
    print(json.dumps(result), flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
