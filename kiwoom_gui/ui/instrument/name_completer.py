"""The 종목코드 field by name (issue 21): each form's ``stk_cd`` gets a QCompleter that offers
``삼성전자 005930 코스피`` for 삼성 (or ㅅㅅㅈㅈ, or 0000D), and choosing one puts the code — the field keeps
holding a code, so what is sent never changes meaning.

The list is the current environment's and host's only (ka10099 via the API thread, or today's copy in the data
folder: StockListTasks); until it has come, or where it cannot be read, the field works by code as before. The
completer's model holds only entries read from well-formed rows: the code it puts is one the host listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import QCompleter, QLineEdit

from ...base.kst import KST
from ...base.payloads import Target
from ...instrument.name_search import search
from ...instrument.stock_list import StockName, settings, valid_code
from ..controller import OrderController
from ..orders.order_form import OrderForm
from .stock_list_tasks import StockListDone

_Index = QModelIndex | QPersistentModelIndex


class NameModel(QAbstractListModel):
    """The matches for what is typed: shown as 이름 코드 시장, completed (EditRole) as the code alone."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[StockName] = []

    def set_entries(self, entries: Sequence[StockName]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's name and default)
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.EditRole:
            return entry.code
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return entry.shown
        return None


class NameCompleter(QObject):
    def __init__(
        self,
        forms: Mapping[str, OrderForm],
        controller: OrderController,
        target: Callable[[], Target],
        host: Callable[[Target], str],
        notice: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller, self._target, self._host, self._notice = controller, target, host, notice
        self.entries: tuple[StockName, ...] = ()
        self._for: tuple[str, str] | None = None  # (env, host) the entries are of
        self._asked: tuple[Target, str] | None = None  # (target, KST day) asked and not answered (or answered)
        self.completers: dict[str, QCompleter] = {}
        for api_id, form in forms.items():
            editor = form.editors.get("stk_cd")
            if isinstance(editor, QLineEdit):
                self._attach(api_id, editor)
        controller.stock_list_done.connect(self._on_done)

    def _attach(self, api_id: str, editor: QLineEdit) -> None:
        model = NameModel(editor)
        completer = QCompleter(model, editor)
        completer.setObjectName("stockNames")
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)  # matched here (초성 …)
        completer.setMaxVisibleItems(12)
        editor.setCompleter(completer)
        editor.textEdited.connect(lambda text: self._typed(editor, model, completer, text))
        self.completers[api_id] = completer

    def _where(self) -> tuple[Target, tuple[str, str]]:
        target = self._target()
        return target, (target.env, self._host(target))

    def _typed(self, editor: QLineEdit, model: NameModel, completer: QCompleter, text: str) -> None:
        if not self.entries and not text.isascii():  # a name typed before the list came: ask for it now
            self.ensure()
        stripped = text.strip()
        matches = [] if valid_code(stripped.upper()) and stripped.isascii() else self.matches(stripped)
        model.set_entries(matches)
        if matches and editor.hasFocus():
            completer.complete()
        elif completer.popup().isVisible():
            completer.popup().hide()

    def matches(self, text: str) -> list[StockName]:
        """The entries ``text`` names (the list shown in the popup), current environment's list only."""
        if not self.entries or self._for != self._where()[1]:
            return []
        return search(self.entries, text, int(settings()["results"]))

    def ensure(self) -> None:
        """Have today's list of the environment shown (from the data folder or the host); asked once a day."""
        target, where = self._where()
        today = dt.datetime.now(KST).date().isoformat()
        if self._asked == (target, today) or (self._for == where and self.entries and self._day == today):
            return
        self._asked = (target, today)
        self._controller.load_stock_list(target)

    _day = ""

    def environment_changed(self) -> None:
        """Another environment or host: its own list, never this one's."""
        self.entries, self._for, self._asked, self._day = (), None, None, ""
        for completer in self.completers.values():
            model = completer.model()
            if isinstance(model, NameModel):
                model.set_entries([])

    @Slot(object)
    def _on_done(self, done: StockListDone) -> None:
        if (done.env, done.host) != self._where()[1]:
            return  # for an environment no longer shown
        self.entries, self._for, self._day = done.entries, (done.env, done.host), done.day
        if done.notes:
            self._notice(" ".join(done.notes))
