"""CandidateChoice: the user settles a 확인 필요 order by picking one of its candidates ("이 주문이 맞습니다").

A combo (``candidateChoice``) lists the selected log row's candidates; the button (``confirmCandidate``) asks
for a confirmation naming the number, the host time and every field compared (dialog
``confirmCandidateDialog``), then emits ``confirmed``. The window journals it as the user's choice. Nothing
is ever sent from here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from ...base.resources_io import load_json
from ...records.log_rows import LogRow

_TEXTS = load_json("log.json")["texts"]


def confirm_with_dialog(parent: QWidget, candidate: object) -> bool:
    """Ask before recording ``candidate`` (attribution.Candidate); plain text only (host text inside)."""
    from PySide6.QtWidgets import QMessageBox  # here, not at import: its type costs start-up time

    marks = load_json("account_views.json")["reconcile"]["marks"]
    fields = "\n".join(f"· {c.label}: {c.seen} ({marks[c.verdict]})" for c in candidate.checks)
    box = QMessageBox(parent)
    box.setObjectName("confirmCandidateDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_TEXTS["confirm_candidate_title"])
    box.setTextFormat(Qt.TextFormat.PlainText)  # the host's words are in it
    box.setText(
        _TEXTS["confirm_candidate_text"].format(
            ord_no=candidate.ord_no, time=candidate.time, source=marks[candidate.source], fields=fields
        )
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)  # Enter alone never attributes an order
    box.button(QMessageBox.StandardButton.Yes).setText(_TEXTS["confirm_candidate"])
    box.button(QMessageBox.StandardButton.No).setText("취소")
    return box.exec() == QMessageBox.StandardButton.Yes


class CandidateChoice(QWidget):
    confirmed = Signal(object, object)  # (LogRow, attribution.Candidate)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setObjectName("candidateChoice")
        self.button = QPushButton(_TEXTS["confirm_candidate"], self)
        self.button.setObjectName("confirmCandidate")
        self.button.clicked.connect(self._confirm)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.button)
        self.confirm: Callable[[QWidget, object], bool] = confirm_with_dialog  # tests may drive or replace it
        self._row: LogRow | None = None
        self.show_row(None)

    def show_row(self, row: LogRow | None) -> None:
        """The candidates of ``row`` when it is 확인 필요 and has some; otherwise nothing to choose."""
        usable = row is not None and row.outcome is not None and row.outcome.value == "unknown" and row.candidates
        if row is self._row and self.combo.count() == (len(row.candidates) if usable and row else 0):
            self.button.setEnabled(bool(usable))
            return
        self._row = row if usable else None
        self.combo.clear()
        if usable and row is not None:
            for candidate in row.candidates:
                self.combo.addItem(candidate.short, candidate)
        self.combo.setEnabled(bool(usable))
        self.button.setEnabled(bool(usable))
        self.button.setToolTip(_TEXTS["confirm_candidate_tip"] if usable else _TEXTS["confirm_candidate_none"])

    @Slot()
    def _confirm(self) -> None:
        row, candidate = self._row, self.combo.currentData()
        if row is None or candidate is None:
            return
        if self.confirm(self, candidate):
            self.confirmed.emit(row, candidate)
