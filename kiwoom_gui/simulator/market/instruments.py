"""The simulator's listed codes (resources/simulator_instruments.json): ka10001 / ka10100 answers, the
daily price band, and the exchange's refusals of an order for a known code (off tick, outside the band,
NXT for a code not on NXT). Prices come from the market (resources/simulator_market.json).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from ...base.resources_io import load_json
from ...instrument.ticks import on_tick, price_limits, step_price
from ...orders.specs import query_spec
from .market import Market, Quote

QUERIES = ("ka10001", "ka10100")
_PRICE = re.compile(r"[0-9]{1,15}")  # longer prices are left to validate(): it says what is wrong


@cache
def _data() -> Mapping[str, Any]:
    return load_json("simulator_instruments.json")


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _marked(n: int, base: int) -> str:
    """Kiwoom's price with its direction mark against the base price: +71000, -70000, 70500."""
    return f"+{n}" if n > base else f"-{n}" if n < base else str(n)


@dataclass(frozen=True)
class Listing:
    """What the exchange lists about one code (ka10100's reference fields)."""

    code: str
    market_code: str
    market_name: str
    kind: str  # the tick table: "stock", "etf", "etn"
    state: str
    order_warning: str
    nxt_enable: str
    up_name: str
    up_size_name: str


class Instruments:
    """Listed codes over ``market``'s prices. A code is known when it is listed and has a quote."""

    def __init__(self, market: Market) -> None:
        self.market = market
        data = _data()
        markets = data["markets"]
        self._listings = {
            code: Listing(
                code,
                markets[i["market"]]["marketCode"],
                markets[i["market"]]["marketName"],
                markets[i["market"]]["kind"],
                i["state"],
                i["orderWarning"],
                i["nxtEnable"],
                i.get("upName", ""),
                i.get("upSizeName", ""),
            )
            for code, i in data["instruments"].items()
        }

    def codes(self) -> list[str]:
        """Every listed code, in the listing's order (kt20016 lists from these)."""
        return list(self._listings)

    def listing(self, code: str) -> Listing | None:
        return self._listings.get(code) if self.market.quote(code) is not None else None

    def kind(self, code: str) -> str:
        """The tick table of ``code``; "stock" for a code the exchange does not list."""
        listing = self.listing(_text(code).upper())
        return listing.kind if listing else "stock"

    def limits(self, code: str) -> tuple[int, int] | None:
        """(상한가, 하한가): ±30 % of yesterday's close by the KRX method; None for an unknown code."""
        listing, quote = self.listing(code), self.market.quote(code)
        if listing is None or quote is None:
            return None
        return price_limits(quote.pred_close, listing.kind)

    def move_price(self, code: str, ticks: int) -> int:
        """Move ``code``'s price ``ticks`` ticks along its grid, held inside the day's band; the new price."""
        listing, quote, band = self.listing(code), self.market.quote(code), self.limits(code)
        if listing is None or quote is None or band is None:
            raise ValueError(f"{code!r} is not a listed code")
        upper, lower = band
        price = min(max(step_price(quote.price, ticks, listing.kind), lower), upper)
        self.market.set_price(code, price)
        return price

    # --- answers -------------------------------------------------------------------------------
    @staticmethod
    def error(name: str, **fmt: object) -> dict:
        code, msg = _data()["errors"][name]
        return {"return_code": code, "return_msg": msg.format(**fmt)}

    def answer(self, api_id: str, body: Mapping[str, object]) -> dict:
        """ka10001 / ka10100 for ``body``'s stk_cd, every spec key in the spec's order, all strings."""
        raw = _text(body.get("stk_cd"))
        if not raw:
            code, msg = load_json("simulator.json")["errors"]["missing_field"]
            return {"return_code": code, "return_msg": msg.format(field="stk_cd")}
        ok = {"return_code": 0, "return_msg": _data()["ok"][api_id]}
        if api_id == "ka10100":  # 6 characters only: no venue suffix (spec len=6)
            listing = self.listing(raw)
            if listing is None:
                return self.error("unknown_code", code=raw)
            return {**self._info(listing), **ok}
        code, venue = raw, ""
        for suffix, name in _data()["venue_suffixes"].items():
            if raw.endswith(suffix):
                code, venue = raw[: -len(suffix)], name
        listing = self.listing(code)
        if listing is None:
            return self.error("unknown_code", code=raw)
        if venue == "NXT" and listing.nxt_enable != "Y":
            return self.error("unknown_venue_code", venue=venue, code=code)
        return {**self._basic(raw, listing), **ok}

    def list_rows(self, mrkt_tp: str) -> list[dict[str, str]]:
        """ka10099 종목정보 리스트: every listed code of the market ``mrkt_tp`` names (0 코스피, 10 코스닥, 8 ETF),
        each row with every spec key of the list, in the spec's order."""
        keys = [c.key for c in query_spec("ka10099").response_body[0].children]
        rows = []
        for code, listing in self._listings.items():
            if listing.market_code == mrkt_tp and self.listing(code) is not None:
                info = self._info(listing)
                rows.append({k: info.get(k, "") for k in keys})
        return rows

    def _info(self, listing: Listing) -> dict[str, str]:
        quote = self.market.quote(listing.code)
        assert quote is not None
        values = {
            "code": listing.code,
            "name": quote.name,
            "auditInfo": _data()["audit_info"],
            "lastPrice": f"{quote.pred_close:08d}",
            "state": listing.state,
            "marketCode": listing.market_code,
            "marketName": listing.market_name,
            "upName": listing.up_name,
            "upSizeName": listing.up_size_name,
            "orderWarning": listing.order_warning,
            "nxtEnable": listing.nxt_enable,
        }
        return {f.key: values.get(f.key, "") for f in query_spec("ka10100").response_body}

    def _basic(self, asked: str, listing: Listing) -> dict[str, str]:
        quote: Quote | None = self.market.quote(listing.code)
        assert quote is not None
        base, price = quote.pred_close, quote.price
        upper, lower = price_limits(base, listing.kind)
        if price >= upper:
            sig = "1"
        elif price <= lower:
            sig = "4"
        else:
            sig = "2" if price > base else "5" if price < base else "3"
        change = price - base
        rate = (Decimal(change) * 100 / Decimal(base)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        values = {
            "stk_cd": asked,  # echoed as asked, venue suffix and all
            "stk_nm": quote.name,
            "high_pric": _marked(max(price, base), base),
            "open_pric": _marked(base, base),
            "low_pric": _marked(min(price, base), base),
            "upl_pric": _marked(upper, base),
            "lst_pric": _marked(lower, base),
            "base_pric": str(base),
            "cur_prc": _marked(price, base),
            "pre_sig": sig,
            "pred_pre": f"+{change}" if change > 0 else str(change),
            "flu_rt": f"+{rate}" if rate > 0 else str(rate),
            "trde_qty": "0",
        }
        return {f.key: values.get(f.key, "") for f in query_spec("ka10001").response_body}

    # --- orders --------------------------------------------------------------------------------
    def refusal(self, api_id: str, body: Mapping[str, object], *, band: bool) -> dict | None:
        """The exchange's answer refusing this order for a known code, or None (unknown codes pass: the
        form rules in validate() judge them). ``band``: check 상한가/하한가 (the market is on)."""
        code = _text(body.get("stk_cd")).upper()
        listing = self.listing(code)
        if listing is None:
            return None
        if _text(body.get("dmst_stex_tp")).upper() == "NXT" and listing.nxt_enable != "Y":
            return self.error("no_nxt", code=code)
        limits = self.limits(code)
        for key, label in _data()["price_labels"].items():
            text = _text(body.get(key))
            if not _PRICE.fullmatch(text) or int(text) < 1:
                continue
            price = int(text)
            if not on_tick(price, listing.kind):
                return self.error("off_tick", label=label)
            if band and limits is not None:
                upper, lower = limits
                if price > upper:
                    return self.error("above_upper", label=label)
                if price < lower:
                    return self.error("below_lower", label=label)
        return None
