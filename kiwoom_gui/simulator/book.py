"""The simulator's order book: open orders, remaining quantities, and modify/cancel rules."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..resources_io import load_json
from ..validation import validate


@dataclass
class BookOrder:
    ord_no: str
    api_id: str  # kt10006 buy / kt10007 sell / kt10008 modify (a new order) / kt10009 cancel
    stk_cd: str
    venue: str
    quantity: int
    remaining: int
    price: str
    side: str  # kt10006 or kt10007: what a modify/cancel chain started as
    root: str  # the first order of a modify chain (base_orig_ord_no)
    status: str = "open"  # open, modified, cancelled


class OrderBook:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._orders: dict[str, BookOrder] = {}
        self._next = 1
        self._texts = load_json("simulator.json")

    def error(self, name: str, **fmt: object) -> dict:
        code, msg = self._texts["errors"][name]
        return {"return_code": code, "return_msg": msg.format(**fmt)}

    def get(self, ord_no: str) -> BookOrder | None:
        with self._lock:
            return self._orders.get(ord_no)

    def orders(self) -> list[BookOrder]:
        with self._lock:
            return list(self._orders.values())

    def _new_no(self) -> str:
        no = f"{self._next:07d}"
        self._next += 1
        return no

    def place(self, api_id: str, body: dict[str, str]) -> dict:
        """Apply one order body (already past the header/token/required checks); return the answer."""
        checked = validate(api_id, body)
        if not checked.ok:
            key, reason = next(iter(checked.errors.items()))
            return self.error("invalid_order", reason=f"{key} {reason}")
        b = checked.body
        with self._lock:
            if api_id in ("kt10006", "kt10007"):
                return self._new_order(api_id, b)
            return self._change(api_id, b)

    def _new_order(self, api_id: str, b: dict[str, str]) -> dict:
        no = self._new_no()
        qty = int(b["ord_qty"])
        self._orders[no] = BookOrder(no, api_id, b["stk_cd"], b["dmst_stex_tp"], qty, qty, b["ord_uv"], api_id, no)
        return {
            "ord_no": no,
            "dmst_stex_tp": b["dmst_stex_tp"],
            "return_code": 0,
            "return_msg": self._texts["ok"][api_id],
        }

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
        if api_id == "kt10008":
            if orig.remaining == 0:
                orig.status = "modified"
            self._orders[no] = BookOrder(
                no, api_id, orig.stk_cd, orig.venue, qty, qty, b["mdfy_uv"], orig.side, orig.root
            )
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
            no, api_id, orig.stk_cd, orig.venue, qty, 0, "", orig.side, orig.root, status="cancelled"
        )
        return {
            "ord_no": no,
            "base_orig_ord_no": orig.root,
            "cncl_qty": f"{qty:012d}",
            "return_code": 0,
            "return_msg": self._texts["ok"][api_id].format(side=side),
        }
