"""The demo's simulator (``kiwoom-gui --demo``, ``python -m kiwoom_gui.simulator --demo``): a market that fills
orders in parts and moves prices a tick at a time, and an account that starts with two 융자 positions — so the
first command shows a whole trade (issue 18). Its figures are in resources/simulator_demo.json."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Mapping
from typing import Any

from ..base.kst import KST
from ..base.resources_io import load_json
from .server import KiwoomSimulator


def demo_data() -> Mapping[str, Any]:
    return load_json("simulator_demo.json")


def loan_date(days_ago: int, today: dt.date) -> str:
    """``days_ago`` calendar days before ``today``, on the Friday before when that is a weekend (YYYYMMDD)."""
    day = today - dt.timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day.strftime("%Y%m%d")


def seed_demo_account(sim: KiwoomSimulator, today: dt.date | None = None) -> None:
    """The demo account's holdings: the 융자 positions of resources/simulator_demo.json."""
    today = today or dt.datetime.now(KST).date()
    for p in demo_data()["positions"]:
        sim.seed_position(p["stk_cd"], int(p["qty"]), loan_date(int(p["loan_days_ago"]), today))


def run_market(sim: KiwoomSimulator, every_s: float | None = None, seed: int | None = None) -> threading.Thread:
    """Every ``every_s`` seconds until the simulator stops: each walking stock's price moves by -1, 0 or +1
    tick, then the market takes its next step (the next part of each partly filled order, and resting orders
    the price now meets)."""
    data = demo_data()
    every = float(every_s if every_s is not None else data["step_s"])
    rng = random.Random(seed)
    codes = list(data["walk_codes"])

    def loop() -> None:
        while not sim.stopping.wait(every):
            for code in codes:
                move = rng.choice((-1, 0, 1))
                if move:
                    sim.move_price(code, move)
            sim.step()

    thread = threading.Thread(target=loop, name="simulator-demo-market", daemon=True)
    thread.start()
    return thread


def start_demo(**options: Any) -> KiwoomSimulator:
    """A started simulator with the demo's market and account (``options`` go to :class:`KiwoomSimulator`)."""
    sim = KiwoomSimulator(market=True, **options)
    sim.fill_in_parts = [int(q) for q in demo_data()["fill_parts"]]
    seed_demo_account(sim)
    sim.start()
    run_market(sim)
    return sim
