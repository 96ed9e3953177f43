"""ka10004 주식호가요청 and ka10007 시세표성정보요청 (POST /api/dostk/mrkcond): the streamed book of ``stk_cd``
(``005930`` KRX, ``005930_NX`` NXT, ``005930_AL`` SOR) as it stands, refused like ka10001 for an unknown code
or NXT for a code not on NXT."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...base.resources_io import load_json
from .quote_book import NXT, split_item
from .session_clock import quotes_data

QUERIES = ("ka10004", "ka10007")


def market_answer(sim: Any, api_id: str, body: Mapping[str, object]) -> dict:
    """``sim``: the simulator (its book's listings and its stream)."""
    value = body.get("stk_cd")
    asked = "" if value is None else str(value).strip()
    if not asked:
        code, msg = load_json("simulator.json")["errors"]["missing_field"]
        return {"return_code": code, "return_msg": msg.format(field="stk_cd")}
    instruments = sim.book.instruments
    code, venue = split_item(asked)
    listing = instruments.listing(code)
    if listing is None:
        return instruments.error("unknown_code", code=asked)
    if venue == NXT and listing.nxt_enable != "Y":
        return instruments.error("unknown_venue_code", venue=venue, code=code)
    values = sim.stream.snapshot(api_id, code, venue, asked)
    if values is None:
        return instruments.error("unknown_code", code=asked)
    return {**values, "return_code": 0, "return_msg": quotes_data()["ok"]}
