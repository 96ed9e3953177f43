"""kt20016 신용융자 가능종목 (the listed codes credit is offered on, filtered by grade, market and code) and kt20017
신용융자 가능문의 (one code's free text). Grades, rates and who is refused or over the company limit:
resources/simulator_credit.json ``stocks``."""

from __future__ import annotations

from collections.abc import Callable

from ..market.instruments import Instruments
from .shape import padded, row
from .terms import LIMIT_OVER, REFUSED, data, terms

KOSPI_CODES = ("0", "8")  # ka10100 marketCode of 거래소 and ETF (ETFs are listed on the KOSPI market)


def allowed_text(stk_cd: str) -> str:
    """kt20017 crd_alow_yn for a listed code."""
    t = terms(stk_cd)
    return data()["crd_alow_yn"][t.credit].format(grade=t.grade)


def eligible_codes(instruments: Instruments, codes: list[str], grade: str, market: str, stk_cd: str) -> list[str]:
    """The codes kt20016 lists for these filters, in the simulator's listing order (refused codes never)."""
    found = []
    for code in codes:
        listing = instruments.listing(code)
        if listing is None or terms(code).credit == REFUSED:
            continue
        if grade not in ("", "%") and terms(code).grade != grade:
            continue
        if market == "1" and listing.market_code not in KOSPI_CODES:
            continue
        if market == "0" and listing.market_code in KOSPI_CODES:
            continue
        if stk_cd and code != stk_cd:
            continue
        found.append(code)
    return found


def eligible_row(instruments: Instruments, code: str, name: Callable[[str], str]) -> dict[str, str]:
    t = terms(code)
    quote = instruments.market.quote(code)
    close = quote.pred_close if quote else 0
    over = t.credit == LIMIT_OVER
    return row(
        "kt20016",
        {
            "stk_cd": "A" + code,
            "stk_nm": name(code),
            "crd_assr_rt": t.rate_name,
            "repl_pric": padded(close * int(data()["substitute_pct"]) // 100, 12),
            "pred_close_pric": padded(close, 12),
            "crd_limit_over_yn": "Y" if over else "N",
            "crd_limit_over_txt": data()["limit_over_txt"] if over else "",
        },
    )
