"""LogPanel: the response log table, its filters, the detail of the selected row, copy/export/reuse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...base.resources_io import load_json
from ...host.answers import Outcome
from ...orders.specs import load_orders
from ...records.log_rows import PENDING_VALUE
from ...records.log_text import copy_text, detail_text
from ..row_table import row_table
from .candidate_choice import CandidateChoice
from .log_model import COLUMNS, PENDING_LABEL, LogFilter, LogModel, LogRow

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from PySide6.QtWidgets import QFileDialog

_TEXTS = load_json("log.json")["texts"]


class LogPanel(QWidget):
    use_as_original = Signal(object)  # LogRow with an ord_no
    notice = Signal(str)  # a Korean sentence for the status bar (CSV saved or not)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LogModel(self)
        self.proxy = LogFilter(self)
        self.proxy.setSourceModel(self.model)

        self.table = row_table("responseLog", self.proxy, self)
        for col, column in enumerate(COLUMNS):
            self.table.setColumnWidth(col, column.width)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)

        self.api_filter = QComboBox(self)
        self.api_filter.setObjectName("apiFilter")
        self.api_filter.addItem("모든 주문", "")
        for spec in load_orders().values():
            self.api_filter.addItem(spec.title, spec.api_id)
            self.api_filter.setItemData(self.api_filter.count() - 1, spec.api_id, Qt.ItemDataRole.ToolTipRole)
        self.outcome_filter = QComboBox(self)
        self.outcome_filter.setObjectName("outcomeFilter")
        self.outcome_filter.addItem("모든 결과", "")
        for outcome in Outcome:
            self.outcome_filter.addItem(outcome.label, outcome.value)
        self.outcome_filter.addItem(PENDING_LABEL, PENDING_VALUE)
        self.api_filter.currentIndexChanged.connect(self._apply_filters)
        self.outcome_filter.currentIndexChanged.connect(self._apply_filters)

        self.reuse_button = QPushButton("정정/취소에 사용")
        self.reuse_button.setObjectName("useAsOriginal")
        self._reuse_tip = "선택한 행의 주문번호·종목·거래소를 정정/취소 주문에 채웁니다"
        self.reuse_button.setToolTip(self._reuse_tip)
        # set by the window: why a row's number may not be used now (None = it may)
        self.reuse_check: Callable[[LogRow], str | None] | None = None
        self.reuse_button.clicked.connect(self._reuse_selected)
        self.copy_button = QPushButton("JSON 복사")
        self.copy_button.setObjectName("copyJson")
        self.copy_button.clicked.connect(self.copy_selected)
        self.export_button = QPushButton("CSV 내보내기…")
        self.export_button.setObjectName("exportCsv")
        self.export_button.clicked.connect(self._export_dialog)

        # two short rows rather than one long one: the log must not make the window wider than a laptop's screen
        for combo in (self.api_filter, self.outcome_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        bar = QVBoxLayout()
        filters, actions = QHBoxLayout(), QHBoxLayout()
        filters.addWidget(QLabel("<b>응답 로그</b>"))
        filters.addWidget(self.api_filter, 1)
        filters.addWidget(self.outcome_filter, 1)
        filters.addStretch(1)
        self.candidates = CandidateChoice(self)  # a 확인 필요 row's candidates: "이 주문이 맞습니다"
        actions.addWidget(self.candidates)
        actions.addStretch(1)
        for b in (self.reuse_button, self.copy_button, self.export_button):
            actions.addWidget(b)
        bar.addLayout(filters)
        bar.addLayout(actions)

        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("logDetail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("행을 선택하면 요청 헤더(토큰 가림), 요청 본문, 응답이 여기에 보입니다.")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter)
        self._shown: LogRow | None = None  # the row the detail pane shows: not re-rendered if unchanged
        self._scroll = QTimer(self)  # one scroll per event-loop turn, however many rows arrived in it
        self._scroll.setSingleShot(True)
        self._scroll.setInterval(0)
        self._scroll.timeout.connect(self.table.scrollToBottom)
        self._exporter: ThreadPoolExecutor | None = None  # made on the first export
        self._exports: list[tuple[Future[int], Path]] = []
        self._export_poll = QTimer(self)
        self._export_poll.setInterval(50)
        self._export_poll.timeout.connect(self._poll_exports)
        self._update_buttons(None)

    # --- rows --------------------------------------------------------------------------------
    def selected_row(self) -> LogRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def scroll_to_bottom_soon(self) -> None:
        """Scroll to the newest row once the current event-loop turn is done: a click or an answer pays
        for a timer start, not for a layout pass (scrollToBottom alone cost ~1 ms per call)."""
        if not self._scroll.isActive():
            self._scroll.start()

    def select_last(self) -> None:
        last = self.proxy.rowCount() - 1
        if last >= 0:
            self.table.selectRow(last)

    @Slot()
    def _apply_filters(self) -> None:
        self.proxy.set_filters(self.api_filter.currentData() or "", self.outcome_filter.currentData() or "")

    @Slot()
    def _show_detail(self, *_: object) -> None:
        row = self.selected_row()
        self._update_buttons(row)
        if row is self._shown:  # an answer to another row: nothing to redo here
            return
        self._shown = row
        self.detail.setPlainText("" if row is None else detail_text(row))  # bounded: see log_text

    def refresh_detail(self) -> None:
        self._show_detail()

    def reuse_refusal(self, row: LogRow) -> str | None:
        """Why ``row``'s number may not be used now; the window sets :attr:`reuse_check` (environment,
        host and trading day); without it only rows with an order number qualify."""
        if not row.ord_no:
            return "주문번호가 없는 행입니다."
        return self.reuse_check(row) if self.reuse_check else None

    def update_actions(self) -> None:
        """Re-judge the selected row's actions (after an environment switch, an answer …)."""
        self._update_buttons(self.selected_row())

    def _update_buttons(self, row: LogRow | None) -> None:
        refusal = self.reuse_refusal(row) if row is not None else "행을 선택하세요."
        self.reuse_button.setEnabled(refusal is None)
        self.reuse_button.setToolTip(refusal or self._reuse_tip)
        self.copy_button.setEnabled(row is not None)
        self.candidates.show_row(row)

    def _context_menu(self, pos) -> None:
        row = self.selected_row()
        if row is None:
            return
        menu = QMenu(self)
        refusal = self.reuse_refusal(row)
        reuse = menu.addAction("정정/취소에 사용" if refusal is None else f"정정/취소에 사용 — {refusal}")
        reuse.setEnabled(refusal is None)
        reuse.triggered.connect(self._reuse_selected)
        menu.addAction("JSON 복사").triggered.connect(self.copy_selected)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    @Slot()
    def _reuse_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self.reuse_refusal(row) is None:
            self.use_as_original.emit(row)

    @Slot()
    def copy_selected(self) -> str:
        row = self.selected_row()
        if row is None:
            return ""
        text = copy_text(row)  # bounded like the detail pane, still valid JSON
        QGuiApplication.clipboard().setText(text)
        return text

    def shown_rows(self) -> list[LogRow]:
        """The rows the filters show now, top to bottom."""
        return [
            self.model.row(self.proxy.mapToSource(self.proxy.index(i, 0)).row()) for i in range(self.proxy.rowCount())
        ]

    def export_csv(self, path: Path) -> int:
        """Export the rows the filters show now, here and now (tests, scripts); the button uses
        :meth:`export_csv_in_background`."""
        from ...records.log_csv import write_csv  # only when a file is exported: not at start-up

        return write_csv(path, self.shown_rows())

    def export_csv_in_background(self, path: Path) -> Future[int]:
        """Write the shown rows on a thread of its own (the GUI thread never waits on the disk); ``notice``
        says how it went. The rows are frozen dataclasses, safe to read there. The thread touches no Qt
        object: a timer here picks up the result, so closing the window mid-export cannot race it."""
        if self._exporter is None:
            from concurrent.futures import ThreadPoolExecutor  # only when a file is exported: not at start-up

            self._exporter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="log-csv")
        from ...records.log_csv import write_csv

        future = self._exporter.submit(write_csv, path, self.shown_rows())
        self._exports.append((future, path))
        self._export_poll.start()
        return future

    @Slot()
    def _poll_exports(self) -> None:
        for future, path in [e for e in self._exports if e[0].done()]:
            self._exports.remove((future, path))
            exc = future.exception()
            if exc is None:
                self.notice.emit(_TEXTS["export_done"].format(n=future.result(), path=path))
            else:
                reason = getattr(exc, "strerror", None) or exc
                self.notice.emit(_TEXTS["export_failed"].format(path=path, reason=reason))
        if not self._exports:
            self._export_poll.stop()

    @Slot()
    def _export_dialog(self) -> QFileDialog:
        """Qt's own file dialog (its words in Korean, from qtbase_ko; a platform dialog may speak the system's
        language), opened in the user's documents folder with a dated name; the file is written on another
        thread once chosen. Not modal to the event loop: the window keeps updating while it is open."""
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog  # here, not at import: its type costs start-up time

        from ...base.kst import kst_today

        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = documents if documents and Path(documents).is_dir() else str(Path.home())
        dialog = QFileDialog(self, "로그를 CSV로 내보내기", folder, "CSV 파일 (*.csv)")
        dialog.setObjectName("exportDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(f"kiwoom-log-{kst_today():%Y%m%d}.csv")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.export_csv_in_background(Path(path)) if path else None)
        dialog.open()
        return dialog


__all__ = ["COLUMNS", "LogPanel", "detail_text"]
