"""The 호가 ladder (object name ``orderBook``): a table model of 21 rows — ask 10 … ask 1, bid 1 … bid 10, 총잔량 —
and its view. Columns: 매도잔량 · 호가 · 매수잔량 · 표시 (현재가, 예상, 상한가, 하한가); the price is the 호가
column's display text (``71,000``).

A new book changes only the cells whose text changed (one dataChanged per changed run of a column), and the view
repaints once per frame whatever the rate of books. A click on a level — or Enter / Space on the current row —
emits :attr:`OrderBookView.level_chosen` with the row; it never sends anything.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ...market import ladder
from ...market.quotes import Book, market_data

_Index = QModelIndex | QPersistentModelIndex


class OrderBookModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        texts, colours = ladder.texts(), market_data()["colours"]
        self._headers = list(texts["columns"])
        self._total_word = texts["total_row"]
        self._levels = ladder.levels(None)
        self._cells = [["" for _ in range(ladder.COLUMNS)] for _ in range(ladder.ROWS)]
        self._looks: list[tuple[bool, bool, bool]] = [(False, False, False)] * ladder.ROWS
        self._base: int | None = None
        self._last: int | None = None
        self._up, self._down = QBrush(QColor(colours["up"])), QBrush(QColor(colours["down"]))
        self._band = QBrush(QColor(colours["band"]))
        self._ask_bg, self._bid_bg = QBrush(QColor(colours["ask_bg"])), QBrush(QColor(colours["bid_bg"]))
        self._last_bg = QBrush(QColor(colours["last_bg"]))
        self._bold = QFont()
        self._bold.setBold(True)
        self.book: Book | None = None

    # --- what is shown -------------------------------------------------------------------------------
    def level(self, row: int) -> ladder.Level:
        return self._levels[row]

    def set_book(self, book: Book | None, *, last: int | None, upper: int | None, lower: int | None,
                 base: int | None, expected: int | None) -> int:
        """Show ``book`` with its marks; returns how many cells changed (each announced by dataChanged)."""
        self.book = book
        self._levels = ladder.levels(book)
        self._last, self._base = last, base
        cells = []
        for lv in self._levels:
            if lv.side == "total":
                total_ask = "" if book is None or book.total_ask is None else f"{book.total_ask:,}"
                total_bid = "" if book is None or book.total_bid is None else f"{book.total_bid:,}"
                cells.append([total_ask, self._total_word, total_bid, ""])
                continue
            size = f"{lv.size:,}" if lv.price and lv.size else ""
            price = f"{lv.price:,}" if lv.price else ""
            mark = ladder.marks(lv.price, last, upper, lower, expected)
            cells.append([size if lv.side == "ask" else "", price, size if lv.side == "bid" else "", mark])
        # a price cell also looks different when it becomes (or stops being) the last price, or crosses 기준가
        looks = [(lv.price == last, base is not None and lv.price > base, base is not None and lv.price < base)
                 for lv in self._levels]
        changed = 0
        for column in range(ladder.COLUMNS):
            start = None
            for row in range(ladder.ROWS + 1):
                differs = row < ladder.ROWS and (cells[row][column] != self._cells[row][column] or (
                    column == ladder.PRICE and looks[row] != self._looks[row]))
                if differs:
                    changed += 1
                    if start is None:
                        start = row
                elif start is not None:
                    self._cells_update(cells, start, row - 1, column)
                    start = None
        self._looks = looks
        return changed

    def _cells_update(self, cells: list[list[str]], first: int, last: int, column: int) -> None:
        for row in range(first, last + 1):
            self._cells[row][column] = cells[row][column]
        self.dataChanged.emit(self.index(first, column), self.index(last, column))

    def cell_text(self, row: int, column: int) -> str:
        return self._cells[row][column]

    # --- Qt's model interface ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else ladder.ROWS

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else ladder.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[row][column]
        lv = self._levels[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == ladder.PRICE or lv.side == "total":
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == ladder.PRICE and lv.price and lv.price == self._last:
                return self._last_bg  # the last trade's price
            if lv.side == "ask" and column in (ladder.SIZE_ASK, ladder.PRICE):
                return self._ask_bg
            if lv.side == "bid" and column in (ladder.SIZE_BID, ladder.PRICE):
                return self._bid_bg
            return None
        if role == Qt.ItemDataRole.ForegroundRole and lv.price:
            if column == ladder.MARKS:
                return self._band
            if column == ladder.PRICE and self._base is not None:  # Korean colours: above 기준가 red, below blue
                return self._up if lv.price > self._base else self._down if lv.price < self._base else None
            return None
        if role == Qt.ItemDataRole.FontRole and column == ladder.PRICE and lv.price and lv.price == self._last:
            return self._bold
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


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
