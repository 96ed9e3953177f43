"""Filling the forms from what the window shows: a 미체결 row (정정/취소), a 잔고 position (신용매도), a log row
(정정/취소에 사용). Every value is copied exactly as the host sent it, and its origin is remembered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStatusBar, QTabWidget

from ...base.kst import KST
from ...host.environments import environment
from ..account.account_panel import AccountPanel
from ..account.sell_limit import SellLimit
from ..log.log_model import LogRow
from ..orders.order_form import OrderForm
from .number_origins import NumberOrigins

if TYPE_CHECKING:
    from ...account.rows import AccountRow


class FormFilling:
    def __init__(
        self,
        forms: Mapping[str, OrderForm],
        tabs: QTabWidget,
        account: AccountPanel,
        origins: NumberOrigins,
        sell_limit: SellLimit,
        where: Callable[[], tuple[str, str]],
        status_bar: Callable[[], QStatusBar],
        lot_limit: SellLimit | None = None,
    ) -> None:
        """``where``: the current (environment, host); ``lot_limit``: the 청산가능수량 limit of a loan lot."""
        self._forms, self._tabs, self._account, self._origins = forms, tabs, account, origins
        self._sell_limit, self._lot_limit = sell_limit, lot_limit
        self._where, self._status_bar = where, status_bar

    def use_open_order(self, row: AccountRow, venue: str, api_id: str) -> bool:
        """정정 / 취소 from a 미체결 row: the number, stock and venue as the host sent them, the remaining
        quantity, and for a modify the order's price to start from; then that form is shown."""
        if self._account.open_order_refusal() is not None:
            return False
        remaining = row.value("oso_qty")
        values = {
            "orig_ord_no": row.ord_no or "",
            "stk_cd": row.stk_cd or "",
            "dmst_stex_tp": venue,
            "mdfy_qty" if api_id == "kt10008" else "cncl_qty": str(remaining) if isinstance(remaining, int) else "0",
        }
        price = row.value("ord_pric")
        if api_id == "kt10008" and isinstance(price, int) and price > 0:
            values["mdfy_uv"] = str(price)
        form = self._forms[api_id]
        form.fill_from_original(values)
        form.set_original_order_type(row.text("trde_tp") or None)  # 정정조건단가 only for an order that has one
        fetched = self._account.views["open_orders"].fetched_at or ""
        env, _ = self._where()
        origin = f"미체결 목록 ({fetched} 조회, {environment(env).label})"
        left = str(remaining) if isinstance(remaining, int) else ""  # a 정정 of all of it hands its number on
        self._origins.remember(api_id, values["orig_ord_no"], origin, left)
        self._tabs.setCurrentWidget(form)
        return True

    def use_position(self, row: AccountRow, venue: str) -> bool:
        """신용매도에 사용: the stock, 융자 (33) and the position's loan date; the quantity is the user's,
        checked against 매매가능수량."""
        if self._account.position_refusal() is not None:
            return False
        form = self._forms["kt10007"]
        values = {"stk_cd": row.stk_cd or "", "crd_deal_tp": "33", "crd_loan_dt": row.loan_dt or ""}
        if venue in ("KRX", "NXT"):
            values["dmst_stex_tp"] = venue
        form.fill_from_original(values)
        if self._lot_limit is not None:
            self._lot_limit.forget()
        self._sell_limit.use(row, venue)  # 매매가능수량, kept to the position as it moves (04 events, refreshes)
        self._tabs.setCurrentWidget(form)
        return True

    def use_lot(self, row: AccountRow) -> bool:
        """신용매도에 사용 from a loan lot (신용잔고): the stock, 융자 (33) and the lot's 대출일 exactly as the host
        sent it; the quantity is the user's, at most the lot's 청산가능수량. The venue is left as chosen: ka10085
        is asked 통합 and does not say one."""
        if self._lot_limit is None or self._account.lot_refusal() is not None:
            return False
        loan = row.cell("loan_dt").raw
        if not isinstance(loan, str) or loan != row.loan_dt:  # lot_refusal said so already; never fixed here
            return False
        form = self._forms["kt10007"]
        form.fill_from_original({"stk_cd": row.stk_cd or "", "crd_deal_tp": "33", "crd_loan_dt": loan})
        self._sell_limit.forget()
        self._lot_limit.use(row)  # 청산가능수량, kept to the lot as it moves (04 events, refreshes)
        self._tabs.setCurrentWidget(form)
        return True

    def reuse_refusal(self, row: LogRow) -> str | None:
        """Why ``row``'s order number may not go into a form now, or None (same env, host and day only)."""
        from ...orders.order_reuse import reuse_refusal

        env, host = self._where()
        return reuse_refusal(row, env, host, dt.datetime.now(KST).date())

    def use_as_original(self, row: LogRow) -> bool:
        """Fill orig_ord_no, stk_cd and dmst_stex_tp of the modify and cancel forms, clearing what was left
        from an earlier order; show 신용정정. Refused (with the reason) for a number from another environment,
        host or trading day."""
        refusal = self.reuse_refusal(row)
        if refusal:
            self._status_bar().showMessage(f"정정/취소에 쓰지 않았습니다: {refusal}", 15000)
            return False
        values = {
            "orig_ord_no": row.ord_no or "",
            "stk_cd": row.request_body.get("stk_cd", ""),
            "dmst_stex_tp": row.request_body.get("dmst_stex_tp", ""),
        }
        origin = f"응답 로그 {row.when} {row.values()['title']} 접수 ({environment(row.env).label}, {row.host})"
        for api_id in ("kt10008", "kt10009"):
            self._forms[api_id].fill_from_original(values)
            self._origins.remember(api_id, values["orig_ord_no"], origin)
        # 정정조건단가 only for an order that has one (a 정정/취소 row's own body names no 매매구분: not known)
        self._forms["kt10008"].set_original_order_type(row.request_body.get("trde_tp") or None)
        self._tabs.setCurrentWidget(self._forms["kt10008"])
        return True
