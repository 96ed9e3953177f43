"""The ``lastPrice`` line's text: the last trade from 0B when live (현재가, 대비, 등락률, 거래량, 체결 time), else the
snapshot's price and when it was taken — never a snapshot that reads as live. Korean colours: red up, blue down."""

from __future__ import annotations

import html

from ...market.quotes import Trade, market_data


def _coloured(text: str, direction: str) -> str:
    colour = market_data()["colours"].get(direction)
    return f'<span style="color:{colour}">{text}</span>' if colour else text


def live_html(trade: Trade) -> str:
    t = market_data()["texts"]
    change = "" if trade.change is None else f"{abs(trade.change):,}"
    text = t["live_line"].format(
        price=f"{trade.price:,}", arrow=t["arrows"].get(trade.direction, ""), change=change,
        rate=html.escape(trade.rate or "?"), volume="?" if trade.volume is None else f"{trade.volume:,}",
        time=trade.time or "?",
    )
    return _coloured(text, trade.direction)


def snapshot_html(price: int, direction: str, rate: str, taken_at: str) -> str:
    t = market_data()["texts"]
    text = t["snapshot_line"].format(price=f"{price:,}", arrow=t["arrows"].get(direction, ""),
                                     rate=html.escape(f"{rate}%" if rate else ""), time=html.escape(taken_at or "?"))
    return _coloured(text, direction)
