"""Instrument: what the host said about one stock code (ka10001 주식기본정보 + ka10100 종목정보)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Instrument:
    code: str  # the 6-character code as asked (e.g. "005930", "00088K")
    name: str  # stk_nm / name as sent (trimmed); "" when neither answer had one
    price: int | None  # 현재가 (cur_prc without its direction mark); None when missing or unreadable
    direction: str  # "up", "down" or "flat" (pre_sig 1,2 → up; 4,5 → down; 3 → flat), "" unknown
    change_rate: str  # flu_rt as sent, e.g. "+1.23" ("" when missing)
    base_price: int | None  # 기준가 (base_pric)
    upper_limit: int | None  # 상한가 (upl_pric)
    lower_limit: int | None  # 하한가 (lst_pric)
    # which tick table applies: "stock", "etf" or "etn" (resources/ticks.json); "stock+etf" / "stock+etn" while
    # ka10100's ETF/ETN claim is unsure (instrument.kind): a price must then lie on both grids
    kind: str
    market: str  # marketName as sent (e.g. "거래소", "코스닥")
    credit_ok: bool | None  # "신용가능" in state; None when ka10100 did not answer
    # orderWarning: "0" none, "1".."99" the code, "?<as sent>" present but unreadable (a warning of unknown
    # kind: shown and confirmed), "" when ka10100 did not send it
    order_warning: str
    nxt_enable: bool | None  # nxtEnable == "Y"; None when ka10100 did not answer
    state: str  # ka10100 state as sent, e.g. "증거금20%|담보대출|신용가능"
    flags: tuple[str, ...]  # Korean flags to show beside the code: "신용 불가", "투자경고", "NXT 불가", …
    warnings: tuple[str, ...]  # the flags that need an explicit confirmation before sending
    day: str = ""  # the KST date (ISO) the answer came on: its 상한가/하한가 hold for that trading day only
    # 상한가/하한가 as sent when they cannot both be true (상한가 below 하한가): the band is then unknown
    # (upper_limit and lower_limit None) — asked at Send, never a reason to block a price
    impossible_band: tuple[int, int] | None = None
    # "" when this answer stated order_warning; else when an earlier answer did ("YYYY-MM-DD HH:MM:SS" KST):
    # the latest answer did not say (orderWarning missing, ka10100 failed), so the known warning was kept
    warning_seen: str = ""

    @property
    def has_band(self) -> bool:
        return self.upper_limit is not None and self.lower_limit is not None
