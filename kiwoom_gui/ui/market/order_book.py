"""The 호가 ladder (object name ``orderBook``): a table model of 21 rows — ask 10 … ask 1, bid 1 … bid 10, 총잔량 —
and its view. Columns: 매도잔량 · 호가 · 매수잔량 · 표시 (현재가, 예상, 상한가, 하한가); the price is the 호가
column's display text (``71,000``).

The cells live in C++ items (a QStandardItemModel): a repaint — up to one a frame under a flood — asks Qt for every
cell and role, never Python. A new book sets only the items whose text or look changed (each announcing its own
cell), so the view repaints just those. A click on a level — or Enter / Space on the current row — emits
:attr:`OrderBookView.level_chosen` with the row; it never sends anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ...market import ladder
from ...market.quotes import Book, market_data

_ROLE = Qt.ItemDataRole


class OrderBookModel(QStandardItemModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ladder.ROWS, ladder.COLUMNS, parent)
        texts, colours = ladder.texts(), market_data()["colours"]
        self.setHorizontalHeaderLabels(list(texts["columns"]))
        self._total_word = texts["total_row"]
        self._levels = ladder.levels(None)
        self._cells = [["" for _ in range(ladder.COLUMNS)] for _ in range(ladder.ROWS)]
        # a price cell's look: (the last trade's price, above (1) / at (0) / below (-1) 기준가 or unknown (0))
        self._looks: list[tuple[bool, int]] = [(False, 0)] * ladder.ROWS
        self._up, self._down = QBrush(QColor(colours["up"])), QBrush(QColor(colours["down"]))
        band = QBrush(QColor(colours["band"]))
        ask_bg, bid_bg = QBrush(QColor(colours["ask_bg"])), QBrush(QColor(colours["bid_bg"]))
        self._last_bg = QBrush(QColor(colours["last_bg"]))
        self._bold = QFont()
        self._bold.setBold(True)
        # what never changes is set once: a row's side is its place (asks above, bids below, the totals last)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        centre = Qt.AlignmentFlag.AlignCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        side_bg = {"ask": (ask_bg, ladder.SIZE_ASK), "bid": (bid_bg, ladder.SIZE_BID)}
        self._price_bg: list[QBrush | None] = []
        self._items: list[list[QStandardItem]] = []
        for row, lv in enumerate(self._levels):
            bg, size_column = side_bg.get(lv.side, (None, -1))
            self._price_bg.append(bg)
            items = []
            for column in range(ladder.COLUMNS):
                item = QStandardItem("")
                item.setFlags(flags)
                item.setTextAlignment(centre if column == ladder.PRICE or lv.side == "total" else right)
                if bg is not None and column in (size_column, ladder.PRICE):
                    item.setBackground(bg)
                if column == ladder.MARKS and lv.side != "total":
                    item.setForeground(band)  # its text is empty on an empty level
                self.setItem(row, column, item)
                items.append(item)
            self._items.append(items)
        self.book: Book | None = None

    # --- what is shown -------------------------------------------------------------------------------
    def level(self, row: int) -> ladder.Level:
        return self._levels[row]

    def set_book(self, book: Book | None, *, last: int | None, upper: int | None, lower: int | None,
                 base: int | None, expected: int | None) -> int:
        """Show ``book`` with its marks; returns how many cells changed (each announced by dataChanged)."""
        self.book = book
        self._levels = ladder.levels(book)
        changed = 0
        for row, lv in enumerate(self._levels):
            if lv.side == "total":
                total_ask = "" if book is None or book.total_ask is None else f"{book.total_ask:,}"
                total_bid = "" if book is None or book.total_bid is None else f"{book.total_bid:,}"
                cells = (total_ask, self._total_word, total_bid, "")
                look = (False, 0)
            else:
                price = lv.price
                size = f"{lv.size:,}" if price and lv.size else ""
                ask, bid = (size, "") if lv.side == "ask" else ("", size)
                cells = (ask, f"{price:,}" if price else "", bid, ladder.marks(price, last, upper, lower, expected))
                above = 0 if not price or base is None else (price > base) - (price < base)
                look = (bool(price) and price == last, above)
            shown, items = self._cells[row], self._items[row]
            price_changed = False
            for column in range(ladder.COLUMNS):
                if cells[column] != shown[column]:
                    shown[column] = cells[column]
                    items[column].setText(cells[column])
                    changed += 1
                    price_changed = price_changed or column == ladder.PRICE
            if look != self._looks[row]:  # a price cell whose text stayed counts once when its look changes
                self._show_look(row, look)
                changed += not price_changed
        return changed

    def _show_look(self, row: int, look: tuple[bool, int]) -> None:
        (old_last, old_above), (is_last, above) = self._looks[row], look
        self._looks[row] = look
        item = self._items[row][ladder.PRICE]
        if is_last != old_last:  # the last trade's price: bold on its own background
            item.setData(self._last_bg if is_last else self._price_bg[row], _ROLE.BackgroundRole)
            item.setData(self._bold if is_last else None, _ROLE.FontRole)
        if above != old_above:  # Korean colours: above 기준가 red, below blue
            item.setData(self._up if above > 0 else self._down if above < 0 else None, _ROLE.ForegroundRole)

    def cell_text(self, row: int, column: int) -> str:
        return self._cells[row][column]


class OrderBookView(QTableView):
    level_chosen = Signal(int)  # the row clicked, or current when Enter / Space was pressed

    def __init__(self, model: OrderBookModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderBook")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setToolTip("호가를 누르면(또는 Enter/Space) 그 가격을 주문 가격에 넣습니다 — 주문은 보내지 않습니다")
        self.clicked.connect(lambda index: self.level_chosen.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and not event.isAutoRepeat():
            index = self.currentIndex()
            if index.isValid():
                self.level_chosen.emit(index.row())
            event.accept()
            return
        super().keyPressEvent(event)
