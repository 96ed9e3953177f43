"""SessionWiring: the market's session and VI in the window (issue 20) — the ``marketState`` label in the top row,
a timer at the clock's next session boundary, the live 0s / 1h / 0g signals, and what the order forms ask of it
(a refused 매매구분 at the field, the VI at the code, the confirmation's notes, the live band).

The forms call it through ``form.market`` (None: no market judgement, as before). ``now`` is the KST clock
(a test sets another). A dispatcher that already splits REAL frames by type can call :meth:`on_entry`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot

from ...base.kst import KST, kst_today
from ...market.ladder import narrowest
from ...market.quotes import market_data
from ...session.market import MarketState, texts
from ...session.signals import BandSignal, parse_entry
from ..elided_label import ElidedLabel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as MainWindow

    from ..orders.order_form import OrderForm

_MAX_WAIT_MS = 60 * 60 * 1000  # the timer re-reads the clock at least hourly (a suspended laptop, a clock change)


def kst_now() -> dt.datetime:
    return dt.datetime.now(KST)


class SessionWiring(QObject):
    def __init__(self, window: MainWindow, forms: Mapping[str, OrderForm], env: Callable[[], str]) -> None:
        super().__init__(window)
        self.window = window
        self.forms = forms
        self.now: Callable[[], dt.datetime] = kst_now
        self.state = MarketState(env)
        self.label = ElidedLabel("", window, min_chars=10)  # never widens the top row; the whole text in its tooltip
        self.label.setObjectName("marketState")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        # live signals come one queued call per REAL frame: they change the state at once (a Send reads it), but
        # the label and the forms are judged again at most once per painted frame, however fast a host sends
        self._bands: dict[str, BandSignal] = {}  # the newest 0g per stock not yet applied to the forms
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(int(market_data()["repaint_ms"]))
        self._flush_timer.timeout.connect(self._flush)
        for form in forms.values():
            form.market = self
        self.refresh()

    # --- the live connection ---------------------------------------------------------------------
    def connect_bridge(self, bridge: QObject) -> None:
        bridge.market_ready.connect(self.on_signals)
        bridge.status_changed.connect(self._on_live_status)

    @Slot(object)
    def _on_live_status(self, status: object) -> None:
        if getattr(status, "state", "") != "connected":
            self.state.forget_live()  # its 0s states no longer speak; VI stays (asking is harmless)
            self.refresh()

    @Slot(object, int)
    def on_signals(self, signals: list, unread: int = 0) -> None:
        changed = self.state.apply(signals, self.now(), unread)
        for signal in changed:
            if isinstance(signal, BandSignal):
                self._bands[signal.code] = signal
        if (changed or unread) and not self._flush_timer.isActive():
            self._flush_timer.start()

    @Slot()
    def _flush(self) -> None:
        bands, self._bands = self._bands, {}
        for band in bands.values():
            for form in self.forms.values():
                self._apply_band(form, band)
        self.refresh()

    def on_entry(self, kind: str, values: Mapping, item: str = "") -> None:
        """One 0s / 1h / 0g entry from a dispatcher (already split by type)."""
        signal = parse_entry(kind, values, item)
        self.on_signals([signal] if signal is not None else [], 0 if signal is not None else 1)

    def _apply_band(self, form: OrderForm, band: BandSignal) -> None:
        """0g's 상한가/하한가 narrow the looked-up instrument's (same code only) for today's band check — never
        widen it: the day's band does not widen intraday, so a wider 0g is a broken or hostile one."""
        instrument = form.instrument
        if instrument is None or instrument.code.upper() != band.code or form.stock_code != band.code:
            return
        today = kst_today().isoformat()
        sources = [(band.upper, band.lower)]
        if instrument.day in ("", today):  # yesterday's band is not today's: it narrows nothing
            sources.append((instrument.upper_limit, instrument.lower_limit))
        upper, lower = narrowest(sources)
        if upper is not None and lower is not None and upper < lower:
            return  # no price both allow: one of them is wrong, and the looked-up band stays
        form.instrument = replace(instrument, upper_limit=upper, lower_limit=lower, impossible_band=None,
                                  base_price=band.base or instrument.base_price,
                                  day=today)  # the day the form's band check reads
        form.revalidate()

    # --- the label and the forms -------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        now = self.now()
        self.label.setText(self.state.state_text(now))
        self.label.setToolTip(self.state.state_tip(now))
        wait_ms = (self.state.next_change(now) - now).total_seconds() * 1000
        self.timer.start(int(min(max(wait_ms + 50, 50), _MAX_WAIT_MS)))
        for form in self.forms.values():
            form.revalidate()

    def field_errors(self, api_id: str, values: Mapping[str, str]) -> dict[str, str]:
        return self.state.field_errors(api_id, values, self.now())

    def warnings(self, code: str) -> tuple[str, ...]:
        line = self.state.vi_warning(code) if code else ""
        return (line,) if line else ()

    def notes(self, api_id: str, values: Mapping[str, str]) -> list[str]:
        return self.state.notes(api_id, values, self.now())

    def line_html(self, code: str) -> str:
        """The VI mark on the stock line (red), "" when the stock is not in VI."""
        if not code or code not in self.state.vi:
            return ""
        return f"<span style='color:#c62828; font-weight:bold'>{html.escape(texts()['vi_line'])}</span>"
