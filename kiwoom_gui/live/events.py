"""Real-time 00 (주문체결) and 04 (잔고) values → frozen events. Never raises on what the host sends.

Skeleton: the dataclasses and signatures are the contract; bodies are being written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class OrderEvent:
    """One 00 event. Numbers are None when missing or unreadable (never a made-up 0)."""

    ord_no: str | None  # 9203, exactly 7 digits after trimming (answers.order_number) or None
    orig_ord_no: str | None  # 904; None when "0000000" or not 7 digits
    stk_cd: str  # 9001 with a leading A/J/Q removed
    stk_nm: str  # 302
    status: str  # 913: 접수, 체결, 확인, 취소, 거부 (as sent, trimmed)
    order_kind: str  # 905 without its +/- mark: 매수, 매도, 매수정정, 매도정정, 매수취소, 매도취소
    trde_tp: str  # 906 as sent (보통, 시장가, …)
    side: str  # 907: "1" 매도, "2" 매수 (as sent)
    ord_qty: int | None  # 900
    ord_pric: int | None  # 901 (direction mark removed)
    open_qty: int | None  # 902 미체결수량
    filled_amount: int | None  # 903 체결누계금액
    cntr_no: str  # 909
    cntr_pric: int | None  # 910 체결가 (mark removed)
    cntr_qty: int | None  # 911 체결량 (this fill)
    time: str  # 908 HHmmss
    reject_reason: str  # 919 ("0" / "" when none)
    crd_tp: str  # 922 신용구분
    loan_dt: str  # 923 대출일 ("00000000" when none)
    venue: str  # "KRX", "NXT" or "SOR" (2136 SOR여부 Y → SOR; else 2134/2135), "" unknown
    raw: Mapping[str, str]  # the values as sent (fid → text)

    @property
    def filled_qty(self) -> int | None:
        """Filled so far: ordered − open (None when either is unknown)."""
        if self.ord_qty is None or self.open_qty is None:
            return None
        return self.ord_qty - self.open_qty

    @property
    def average_price(self) -> int | None:
        """체결누계금액 ÷ filled, rounded down; None when nothing filled or unknown."""
        filled = self.filled_qty
        if not filled or self.filled_amount is None or filled <= 0:
            return None
        return self.filled_amount // filled

    @property
    def is_cancel(self) -> bool:
        return "취소" in self.order_kind

    @property
    def is_modify(self) -> bool:
        return "정정" in self.order_kind


@dataclass(frozen=True)
class BalanceEvent:
    """One 04 event (a position changed)."""

    stk_cd: str  # 9001, A removed
    stk_nm: str  # 302
    crd_tp: str  # 917 신용구분
    loan_dt: str  # 916 대출일
    qty: int | None  # 930 보유수량
    available_qty: int | None  # 933 주문가능수량
    avg_price: int | None  # 931 매입단가
    cur_price: int | None  # 10 현재가 (mark removed)
    profit_rate: str  # 8019 손익률 as sent
    raw: Mapping[str, str]


def parse_real(frame: Mapping) -> list[OrderEvent | BalanceEvent]:
    """Every 00 / 04 item of a REAL frame, in order; other types and malformed items are skipped."""
    raise NotImplementedError
