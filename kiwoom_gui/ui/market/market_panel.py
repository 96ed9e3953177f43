"""MarketPanel: the market under the ticket — ``lastPrice``, the ``orderBook`` ladder and its notes — for the current
form's stock at the form's venue.

When the form's code or venue settles, the old item is REMOVEd and the new one REGed on the live connection
(``005930``, ``005930_NX``, ``005930_AL``: quotes take the suffix, orders never do) and a ka10007 snapshot is asked
on the API thread (orders first); 0D then keeps the ladder live, 0B the price line. Updates of another item are
dropped. A click on a level (or Enter/Space) puts its price into the form's price field (``ord_uv``; ``mdfy_uv`` on
신용정정) and never sends anything; a price off the tick grid or outside the band fills nothing and says why.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...base.kst import kst_today
from ...market import ladder
from ...market.quotes import Book, StockInfo, Trade, market_data
from ...market.subscription import quote_item
from .book_snapshots import SnapshotDone, SnapshotRequest
from .order_book import OrderBookModel, OrderBookView
from .price_line import live_html, snapshot_html

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as MainWindow

    from ..orders.order_form import OrderForm


class MarketPanel(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("marketPanel")
        self.window_ = window
        data = market_data()
        self.texts = data["texts"]
        self.stale_s = float(data["stale_s"])
        self.last_price = QLabel(self.texts["no_price"], self)
        self.last_price.setObjectName("lastPrice")
        self.last_price.setTextFormat(Qt.TextFormat.RichText)
        # the price line never widens the ticket column (the form's fields would move when a price lands); the
        # whole line is in its tooltip where it is cut
        self.last_price.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.last_price.setMinimumWidth(1)
        self.note = QLabel("", self)  # crossed / stale / snapshot only / 예상체결가
        self.note.setObjectName("orderBookNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message = QLabel("", self)  # what the last click did, or why it did nothing
        self.message.setObjectName("orderBookMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.model = OrderBookModel(self)
        self.view = OrderBookView(self.model, self)
        self.view.level_chosen.connect(self.choose_level)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.last_price, self.note, self.view, self.message):
            layout.addWidget(widget)
        layout.setStretchFactor(self.view, 1)
        # never a reason for the window to be taller than a small screen: it takes the room the ticket leaves
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(0)

        self.item = ""  # the quote item shown (code + venue suffix), "" none
        self._book: Book | None = None
        self._book_at: float | None = None  # when the book shown came (monotonic)
        self._book_live = False  # it came from 0D (not the snapshot)
        self._trade: Trade | None = None  # 0B of this item
        self._snapshot_trade: Trade | None = None
        self._snapshot_at = ""  # KST HH:MM:SS
        self._snapshot_band = StockInfo(None, None, None)
        self._snapshot_error = ""
        self._live_band: StockInfo | None = None  # 0g
        self._expected: int | None = None  # 0H
        self._dropped = False  # the live connection dropped with a live price or book shown: asked afresh after
        self.books_shown = 0  # set_book calls (tests, benchmarks)
        self.shown_at: float | None = None  # when the last live book was put on the model (monotonic)

        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(int(data["settle_ms"]))
        self._settle.timeout.connect(self.follow)
        self._tick = QTimer(self)  # the stale mark appears without a new frame
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._redraw_notes)
        self._tick.start()

        feed = window.live.bridge.market
        feed.trade.connect(self._on_trade)
        feed.book.connect(self._on_book)
        feed.expected.connect(self._on_expected)
        feed.stock_info.connect(self._on_stock_info)
        feed.bad_frames_changed.connect(self._on_bad_frames)
        window.live.bridge.status_changed.connect(self._on_live_status)
        window.controller.snapshot_done.connect(self._on_snapshot)
        window.controller.instrument_done.connect(lambda *_: QTimer.singleShot(0, self, self._redraw))
        window.tabs.currentChanged.connect(self._changed)
        window.env_combo.currentIndexChanged.connect(lambda *_: self._changed(force=True))
        for form in window.forms.values():
            form.stock_code_changed.connect(self._changed)
            venue = form.editors.get("dmst_stex_tp")
            if isinstance(venue, QComboBox):
                venue.currentIndexChanged.connect(self._changed)

    # --- which stock ---------------------------------------------------------------------------------
    def form(self) -> OrderForm | None:
        from ..orders.order_form import OrderForm

        form = self.window_.tabs.currentWidget()
        return form if isinstance(form, OrderForm) else None

    def wanted_item(self) -> str:
        """The quote item of the current form's code at its venue ("" without a valid code)."""
        form = self.form()
        if form is None or not form.stock_code:
            return ""
        venue = form.raw_values().get("dmst_stex_tp", "") or "KRX"
        try:
            return quote_item(form.stock_code, venue)
        except ValueError:
            return ""

    @Slot()
    def _changed(self, *_: object, force: bool = False) -> None:
        if force or self.wanted_item() != self.item:
            self._clear()  # at once: the old stock's levels are never offered for the new one
            self.item = ""
        self._settle.start()

    def follow(self) -> None:
        """The code (or venue, or environment) has settled: register it, and ask its snapshot."""
        item = self.wanted_item()
        self.window_.live.bridge.market_subscription.want(item)
        if item == self.item:
            return
        self._clear()
        self.item = item
        if item:
            self.window_.controller.book_snapshot(SnapshotRequest(self.window_.target(), item))
        self._redraw()

    def _clear(self) -> None:
        self._book, self._book_at, self._book_live = None, None, False
        self._trade = self._snapshot_trade = None
        self._snapshot_at, self._snapshot_error = "", ""
        self._snapshot_band, self._live_band, self._expected = StockInfo(None, None, None), None, None
        self.message.setText("")
        self._redraw()

    # --- what arrives ----------------------------------------------------------------------------------
    def _ours(self, update: object) -> bool:
        return bool(self.item) and getattr(update, "item", None) == self.item

    @Slot(object)
    def _on_snapshot(self, done: SnapshotDone) -> None:
        window = self.window_
        if done.item != self.item or done.env != window.env or (done.host and done.host != window.host()):
            return  # for a stock, an environment or a host no longer shown
        self._snapshot_at = done.fetched_at
        if done.snapshot is None:
            self._snapshot_error = done.error or "?"
        else:
            self._snapshot_error = ""
            self._snapshot_trade, self._snapshot_band = done.snapshot.trade, done.snapshot.band
            if done.snapshot.book is not None and not self._book_live:  # never over a live book
                self._book, self._book_at = done.snapshot.book, time.monotonic()
        self._redraw()
        self._centre()

    def _centre(self) -> None:
        """The best ask and bid in the middle of whatever room the ladder has."""
        self.view.scrollTo(self.model.index(ladder.LEVELS - 1, ladder.PRICE),
                           self.view.ScrollHint.PositionAtCenter)

    @Slot(object)
    def _on_book(self, update) -> None:  # noqa: ANN001 (MarketUpdate)
        if not self._ours(update):
            return
        first = self._book is None
        self._book, self._book_at, self._book_live = update.payload, update.received, True
        self._redraw_book()
        if first:
            self._centre()
        self.shown_at = time.monotonic()
        self._redraw_notes()

    @Slot(object)
    def _on_trade(self, update) -> None:  # noqa: ANN001
        if self._ours(update):
            self._trade = update.payload
            self._expected = None  # a trade after the 0H: the auction matched; its 예상체결가 is no longer current
            self._redraw()

    @Slot(object)
    def _on_expected(self, update) -> None:  # noqa: ANN001
        if self._ours(update):
            self._expected = update.payload.price
            self._redraw()

    @Slot(object)
    def _on_stock_info(self, update) -> None:  # noqa: ANN001
        if self._ours(update):
            old = self._live_band or StockInfo(None, None, None)
            new = update.payload
            self._live_band = StockInfo(new.upper or old.upper, new.lower or old.lower, new.base or old.base)
            self._redraw()

    @Slot(object)
    def _on_live_status(self, status: object) -> None:
        connected = getattr(status, "state", "") == "connected"
        if not connected and (self._trade is not None or self._book_live):
            # the trades of the gap are missed: the one heard before the drop is no live price after it
            self._trade, self._book_live, self._dropped = None, False, True
        elif connected and self._dropped:
            self._dropped = False
            if self.item:  # what the market did meanwhile: a snapshot afresh (0B / 0D follow)
                self.window_.controller.book_snapshot(SnapshotRequest(self.window_.target(), self.item))
        self._redraw()

    @Slot(int)
    def _on_bad_frames(self, count: int) -> None:
        self.window_.live.label.setToolTip(self.texts["bad_frames"].format(count=count))

    # --- the band, the price -------------------------------------------------------------------------
    def band(self) -> tuple[int | None, int | None, int | None]:
        """(상한가, 하한가, 기준가) as last known: the band 0g, the snapshot and the form's lookup all allow (a live
        0g narrows it, never widens it: ladder.narrowest); 기준가 from 0g, else the snapshot, else the lookup."""
        form = self.form()
        instrument = form.instrument if form is not None and form.stock_code == self.item[:6] else None
        sources = [self._live_band, self._snapshot_band]
        if instrument is not None and instrument.day in ("", kst_today().isoformat()):
            sources.append(StockInfo(instrument.upper_limit, instrument.lower_limit, instrument.base_price))
        known = [s for s in sources if s is not None]
        upper, lower = ladder.narrowest((s.upper, s.lower) for s in known)
        return upper, lower, next((s.base for s in known if s.base), None)

    def live_last(self, code: str) -> int | None:
        """The last live trade's price of ``code`` (0B of the item shown); None without one."""
        if self._trade is None or not self._live() or self.item.split("_")[0] != code:
            return None
        return self._trade.price

    def last(self) -> int | None:
        trade = self._trade or self._snapshot_trade
        return trade.price if trade is not None else None

    # --- drawing -----------------------------------------------------------------------------------------
    def _redraw(self) -> None:
        self._redraw_book()
        self._redraw_line()
        self._redraw_notes()

    def _redraw_book(self) -> None:
        upper, lower, base = self.band()
        expected = self._expected or (self._book.expected_price if self._book is not None else None)
        self.model.set_book(self._book, last=self.last(), upper=upper, lower=lower, base=base, expected=expected)
        self.books_shown += 1

    def _live(self) -> bool:
        return self.window_.live.state == "connected"

    def _redraw_line(self) -> None:
        form = self.form()
        if not self.item:
            text = self.texts["no_price"]
        elif self._trade is not None and self._live():
            text = live_html(self._trade)
        else:
            instrument = form.instrument if form is not None and form.stock_code == self.item[:6] else None
            fetched = getattr(form, "_fetched_at", "") if instrument is not None else ""
            snap = self._snapshot_trade
            if snap is not None and (instrument is None or instrument.price is None or self._snapshot_at >= fetched):
                text = snapshot_html(snap.price, snap.direction, snap.rate, self._snapshot_at)
            elif instrument is not None and instrument.price is not None:
                text = snapshot_html(instrument.price, instrument.direction, instrument.change_rate, fetched)
            elif self._snapshot_at and form is not None and form.stock_code == self.item[:6] and form.lookup_settled:
                text = self.texts["price_unknown"]  # both answered (or failed): nothing is on its way
            else:
                text = self.texts["waiting"]
        if self.last_price.text() != text:
            self.last_price.setText(text)
            self.last_price.setToolTip(text)

    def _redraw_notes(self) -> None:
        t = self.texts
        parts = []
        book = self._book
        if self._snapshot_error and book is None:
            parts.append(t["snapshot_failed"].format(reason=self._snapshot_error[:120]))
        if book is not None:
            if book.crossed:
                parts.append(t["crossed"].format(ask=f"{book.best_ask:,}", bid=f"{book.best_bid:,}"))
            age = time.monotonic() - self._book_at if self._book_at is not None else 0.0
            if not self._book_live:
                parts.append(t["snapshot_only"].format(time=self._snapshot_at or "?"))
            elif not self._live() or age > self.stale_s:
                parts.append(t["stale"].format(seconds=int(self.stale_s), time=book.time or "?"))
        expected = self._expected or (book.expected_price if book is not None else None)
        if expected:
            qty = book.expected_qty if book is not None and book.expected_qty is not None else None
            parts.append(t["expected"].format(price=f"{expected:,}", qty="?" if qty is None else f"{qty:,}"))
        text = " · ".join(parts)
        if self.note.text() != text:
            self.note.setText(text)

    @property
    def book_marked(self) -> str:
        """The note under the price line (crossed, stale, snapshot only, 예상체결가)."""
        return self.note.text()

    # --- a click on a level --------------------------------------------------------------------------
    @Slot(int)
    def choose_level(self, row: int) -> bool:
        """Put the level's price into the current form's price field; never sends. False (and why) otherwise."""
        level = self.model.level(row)
        if level.side == "total":
            return False
        form = self.form()
        if form is None or not self.item or self.wanted_item() != self.item:
            return self._say(self.texts["other_stock"])
        upper, lower, _ = self.band()
        refusal = ladder.fill_refusal(level.price, form.price_kind, upper, lower)
        if refusal is not None:
            return self._say(refusal)
        key = form.main_price_key
        editor = form.editors.get(key) if key else None
        if editor is None or not editor.isEnabled():
            return self._say(self.texts["no_price_field"])
        form.set_values({key: f"{level.price:,}"})
        self._say(self.texts["filled"].format(price=f"{level.price:,}"))
        return True

    def _say(self, text: str) -> bool:
        self.message.setText(text)
        self.window_.statusBar().showMessage(text, 8000)
        return False

