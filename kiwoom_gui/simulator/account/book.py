"""The simulator's order book: orders of the day, modify/cancel rules, fills and the positions they make.

Without the market (the default) an order rests until a test fills it (:meth:`OrderBook.fill`); with
it, an order that meets its stock's price fills at once or in parts (``fill_in_parts``), a credit
buy opens a 융자 position dated that day and a 융자 sell must find its loan date's shares.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from ...base.resources_io import load_json
from ...orders.validation import validate
from ..credit.ledger import CreditLedger
from ..live.live_values import CANCELLED, CONFIRMED, FILLED, RECEIVED, notify_order, notify_positions
from ..market.instruments import Instruments
from ..market.market import Market
from . import positions as pos
from .book_order import BookOrder, kst_now
from .positions import Position, SellClaim


class OrderBook:
    def __init__(self, market: Market | None = None, clock: Callable[[], dt.datetime] = kst_now) -> None:
        self._lock = threading.RLock()
        self._orders: dict[str, BookOrder] = {}
        self._positions: list[Position] = []
        self._next = 1
        self._texts = load_json("simulator.json")
        self.market = market or Market()
        self.instruments = Instruments(self.market)  # listed codes: ticks, the day's band, NXT (issue 12)
        self.matching = False  # True: orders that meet the market fill (KiwoomSimulator(market=True))
        self.fill_in_parts: list[int] | None = None  # e.g. [3, 7]: 3 at once, 7 at the next step
        self.clock = clock
        self.credit = CreditLedger(int(self._texts["account"]["deposit"]))  # 예수금 and the loans' money
        # live events (simulator/live/live_server.py): called with ("00" | "04", values) under the lock, in order
        self.listeners: list[Callable[[str, dict[str, str]], None]] = []

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    def error(self, name: str, **fmt: object) -> dict:
        code, msg = self._texts["errors"][name]
        return {"return_code": code, "return_msg": msg.format(**fmt)}

    def get(self, ord_no: str) -> BookOrder | None:
        with self._lock:
            return self._orders.get(ord_no)

    def orders(self) -> list[BookOrder]:
        with self._lock:
            return list(self._orders.values())

    def positions(self) -> list[Position]:
        with self._lock:
            return list(self._positions)

    def _new_no(self) -> str:
        no = f"{self._next:07d}"
        self._next += 1
        return no

    # --- orders from the wire -----------------------------------------------------------------
    def place(self, api_id: str, body: dict[str, str]) -> dict:
        """Apply one order body (already past the header/token/required checks); return the answer.

        A listed code's price must lie on its tick grid and inside the day's band (always: the real host
        refuses a price beyond 상한가/하한가 whether or not anything trades); NXT only for a code on NXT —
        refused the host's way, nothing placed (issue 12)."""
        refused = self.instruments.refusal(api_id, body, band=True)
        if refused:
            return refused
        checked = validate(api_id, body, price_kind=self.instruments.kind(body.get("stk_cd", "")))
        if not checked.ok:
            key, reason = next(iter(checked.errors.items()))
            return self.error("invalid_order", reason=f"{key} {reason}")
        b = checked.body
        with self._lock:
            if api_id in ("kt10006", "kt10007"):
                return self._new_order(api_id, b)
            return self._change(api_id, b)

    def _new_order(self, api_id: str, b: dict[str, str]) -> dict:
        qty = int(b["ord_qty"])
        loan_dt = b.get("crd_loan_dt", "") if b.get("crd_deal_tp") == "33" else ""
        if api_id == "kt10007" and self.matching:  # the host knows the account: no shares, no sale
            refused = self._sell_refusal(b["stk_cd"], loan_dt, qty)
            if refused:
                return refused
        no = self._new_no()
        order = BookOrder(
            no,
            api_id,
            b["stk_cd"],
            b["dmst_stex_tp"],
            qty,
            qty,
            b["ord_uv"],
            api_id,
            no,
            trde_tp=b["trde_tp"],
            cond_uv=b.get("cond_uv", ""),
            crd_deal_tp=b.get("crd_deal_tp", ""),
            loan_dt=loan_dt,
            placed_at=self.clock(),
        )
        self._orders[no] = order
        notify_order(self, order, RECEIVED)
        self._meet_market(order)
        return {
            "ord_no": no,
            "dmst_stex_tp": b["dmst_stex_tp"],
            "return_code": 0,
            "return_msg": self._texts["ok"][api_id],
        }

    def _sell_refusal(self, stk_cd: str, loan_dt: str, qty: int, exclude: str = "") -> dict | None:
        if not pos.eligible(self._positions, stk_cd, loan_dt):
            return self.error("no_loan_position", stk_cd=stk_cd, loan_dt=loan_dt or "전체")
        able = pos.available(self._positions, self.claims(exclude), stk_cd, loan_dt)
        if qty > able:
            return self.error("sell_qty_exceeds", able=able)
        return None

    def _change(self, api_id: str, b: dict[str, str]) -> dict:
        orig = self._orders.get(b["orig_ord_no"])
        if orig is None:
            return self.error("unknown_original")
        if orig.api_id == "kt10009":
            return self.error("original_is_cancel")
        if orig.status == "cancelled" or (orig.remaining == 0 and orig.status != "modified"):
            return self.error("original_cancelled")
        if orig.status == "modified":
            return self.error("original_modified")
        if b["dmst_stex_tp"] != orig.venue:
            if "SOR" in (b["dmst_stex_tp"], orig.venue):
                return self.error("sor_mismatch")
            return self.error("venue_mismatch", venue=b["dmst_stex_tp"])
        if b["stk_cd"] != orig.stk_cd:
            return self.error("stock_mismatch", stk_cd=orig.stk_cd)
        qty_key = "mdfy_qty" if api_id == "kt10008" else "cncl_qty"
        qty = int(b[qty_key]) or orig.remaining  # 0 = all remaining
        if qty > orig.remaining:
            return self.error("too_many", remaining=orig.remaining)
        orig.remaining -= qty
        no = self._new_no()
        side = self._texts["side"][orig.side]
        common = dict(orig=orig.ord_no, crd_deal_tp=orig.crd_deal_tp, loan_dt=orig.loan_dt, placed_at=self.clock())
        if orig.remaining == 0:
            orig.parts.clear()
        if api_id == "kt10008":
            if orig.remaining == 0:
                orig.status = "modified"
            order = BookOrder(
                no,
                api_id,
                orig.stk_cd,
                orig.venue,
                qty,
                qty,
                b["mdfy_uv"],
                orig.side,
                orig.root,
                trde_tp=self._texts["account"]["modify_trde_tp"],
                cond_uv=b.get("mdfy_cond_uv", ""),
                **common,
            )
            self._orders[no] = order
            notify_order(self, order, RECEIVED)
            notify_order(self, order, CONFIRMED)
            self._meet_market(order)
            return {
                "ord_no": no,
                "base_orig_ord_no": orig.root,
                "mdfy_qty": f"{qty:012d}",
                "dmst_stex_tp": orig.venue,
                "return_code": 0,
                "return_msg": self._texts["ok"][api_id].format(side=side),
            }
        if orig.remaining == 0:
            orig.status = "cancelled"
        self._orders[no] = BookOrder(
            no, api_id, orig.stk_cd, orig.venue, qty, 0, "", orig.side, orig.root, status="cancelled", **common
        )
        notify_order(self, self._orders[no], RECEIVED)
        notify_order(self, self._orders[no], CONFIRMED)
        return {
            "ord_no": no,
            "base_orig_ord_no": orig.root,
            "cncl_qty": f"{qty:012d}",
            "return_code": 0,
            "return_msg": self._texts["ok"][api_id].format(side=side),
        }

    # --- the market -----------------------------------------------------------------------------
    def claims(self, exclude: str = "") -> list[SellClaim]:
        """Open 융자 sells in order of arrival: what each still holds of the account's shares."""
        return [
            SellClaim(o.ord_no, o.stk_cd, o.loan_dt, o.remaining)
            for o in self._orders.values()
            if o.is_sell and o.is_open and o.ord_no != exclude
        ]

    def _meet_market(self, order: BookOrder) -> None:
        if not self.matching:
            return
        price = self.market.fill_price(order.stk_cd, not order.is_sell, order.trde_tp, order.price)
        if price is None:
            if self.market.is_immediate(order.trde_tp):
                order.remaining = 0  # IOC / FOK that cannot fill now: the market cancels it
                notify_order(self, order, CANCELLED)
            return
        if self.market.is_immediate(order.trde_tp) or not self.fill_in_parts:
            self._market_fill(order, order.remaining, price)
            return
        order.parts = [int(q) for q in self.fill_in_parts if int(q) > 0]
        self._fill_next_part(order, price)

    def _fill_next_part(self, order: BookOrder, price: int) -> None:
        qty = order.parts.pop(0) if order.parts else order.remaining
        self._market_fill(order, min(qty, order.remaining), price)
        if order.remaining == 0:
            order.parts.clear()

    def _market_fill(self, order: BookOrder, qty: int, price: int) -> None:
        try:
            self._fill(order, qty, price)
        except ValueError:  # a sell the account's shares no longer cover (placed while matching was off): rests
            pass

    def step(self) -> int:
        """The market's next moment: every order with parts still to fill takes its next part, and a
        resting order its price now meets fills. Returns how many fills happened."""
        count = 0
        with self._lock:
            if not self.matching:
                return 0
            for order in list(self._orders.values()):
                if not order.is_open:
                    continue
                price = self.market.fill_price(order.stk_cd, not order.is_sell, order.trde_tp, order.price)
                if price is None:
                    continue
                if order.parts or order.filled:
                    self._fill_next_part(order, price)
                else:
                    self._meet_market(order)
                count += 1
        return count

    def meet(self, stk_cd: str) -> int:
        """``stk_cd``'s book moved (market/stream.py): resting orders of that stock it now meets fill (an order
        already filling in parts waits for :meth:`step`). Returns how many orders filled."""
        count = 0
        with self._lock:
            if not self.matching:
                return 0
            for order in list(self._orders.values()):
                if order.stk_cd == stk_cd and order.is_open and not order.parts and not order.filled:
                    self._meet_market(order)
                    count += order.filled > 0
        return count

    def fill(self, ord_no: str, qty: int, price: int | None = None) -> None:
        """Fill ``qty`` of an open order now (a test control; works with or without the market).

        ``price``: the fill price; default the stock's market price, else the order's own price.
        """
        with self._lock:
            order = self._orders.get(ord_no)
            if order is None or not order.is_open:
                raise ValueError(f"order {ord_no} is not open")
            if not 0 < qty <= order.remaining:
                raise ValueError(f"order {ord_no} has {order.remaining} open, not {qty}")
            if price is None:
                quote = self.market.quote(order.stk_cd)
                price = quote.price if quote else int(order.price or 0)
            self._fill(order, qty, price)

    def _fill(self, order: BookOrder, qty: int, price: int) -> None:
        if qty <= 0:
            return
        if order.is_sell:
            touched = [p for p in self._positions if p.stk_cd == order.stk_cd and p.credit]
            taken = pos.take(self._positions, self.claims(exclude=order.ord_no), order.stk_cd, order.loan_dt, qty)
            self.credit.sold(taken, price, self.clock().date())
            self._positions = [p for p in self._positions if p.qty > 0]
        else:
            touched = [
                self._add_position(order.stk_cd, order.venue, True, self.clock().strftime("%Y%m%d"), qty, qty * price)
            ]
            self.credit.bought(touched[0], qty * price)
            order.loan_dt = self.clock().strftime("%Y%m%d")
        order.remaining -= qty
        order.filled += qty
        order.filled_amount += qty * price
        order.fills += 1
        order.last_fill = (price, qty)
        notify_order(self, order, FILLED)
        notify_positions(self, touched)

    def _add_position(self, stk_cd: str, venue: str, credit: bool, loan_dt: str, qty: int, cost: int) -> Position:
        venue = venue if venue in ("KRX", "NXT") else "KRX"  # an SOR fill is listed under KRX
        for p in self._positions:
            if (p.stk_cd, p.venue, p.credit, p.loan_dt) == (stk_cd, venue, credit, loan_dt):
                p.qty += qty
                p.cost += cost
                p.bought_today += qty
                return p
        p = Position(stk_cd, venue, credit, loan_dt, qty, cost, bought_today=qty)
        self._positions.append(p)
        return p

    # --- seeding (tests, benchmarks) --------------------------------------------------------------
    def seed_position(
        self, stk_cd: str, qty: int, loan_dt: str, *, crd: bool = True, venue: str = "KRX", price: int | None = None
    ) -> None:
        """A holding bought before today: ``qty`` shares at ``price`` (default: the market price)."""
        if qty <= 0:
            raise ValueError("qty must be positive")
        if crd and not (len(loan_dt) == 8 and loan_dt.isdigit()):
            raise ValueError("a credit position needs its loan date YYYYMMDD")
        if price is None:
            quote = self.market.quote(stk_cd)
            price = quote.pred_close if quote else 10_000
        with self._lock:
            p = self._add_position(stk_cd, venue, crd, loan_dt if crd else "", qty, qty * price)
            p.bought_today -= qty  # bought before today
            if crd:
                self.credit.open_loan(p, qty * price)  # its 보증금 was paid then, not from today's 예수금

    def seed_orders(
        self, n: int, *, stk_cd: str, side: str, venue: str, qty: int, price: int | None, fill: bool, cash: bool = False
    ) -> list[str]:
        """``n`` orders placed now, straight into the book (no HTTP, no rate limit)."""
        quote = self.market.quote(stk_cd)
        base = quote.price if quote else 10_000
        if price is None:  # far enough from the market not to meet it, unless it is to fill
            price = base if fill else (base // 2 if side == "kt10006" else base * 2)
        made = []
        with self._lock:
            for _ in range(n):
                no = self._new_no()
                order = BookOrder(
                    no,
                    side,
                    stk_cd,
                    venue,
                    qty,
                    qty,
                    str(price),
                    side,
                    no,
                    placed_at=self.clock(),
                    crd_deal_tp="99" if side == "kt10007" and not cash else "",
                    cash=cash,
                )
                self._orders[no] = order
                if fill:
                    if side == "kt10007":
                        day, amount = self.clock().strftime("%Y%m%d"), qty * price
                        self.credit.open_loan(self._add_position(stk_cd, venue, True, day, qty, amount), amount)
                    self._fill(order, qty, price)
                made.append(no)
        return made
