"""AccountPanel: the tabs beside the ticket — 미체결, 주문·체결, 잔고, 신용잔고 — and their actions.

Each action (정정, 취소 on an open order; 신용매도에 사용 on a position or a loan lot) is offered only for a row it can
act on, from the environment and host now in use; otherwise its button is off and says why. What a
row puts into a form is what the host sent, never cut or padded: the window does the filling.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QMenu, QPushButton, QTabWidget, QWidget

from ...base.resources_io import load_json
from ...live.account_rows import is_live_only
from ...loans.lots import texts as lot_texts
from ..loans.loan_lots_view import LoanLotsView
from .account_view import AccountView, views_data

if TYPE_CHECKING:
    from ...account.rows import AccountRow
    from ...base.payloads import QueryDone

VIEWS = ("open_orders", "executions", "positions", "loan_lots")


class AccountPanel(QTabWidget):
    modify_requested = Signal(object, str)  # AccountRow, venue
    cancel_requested = Signal(object, str)
    sell_requested = Signal(object, str)
    sell_lot_requested = Signal(object)  # AccountRow: a loan lot (신용잔고)
    actions_updated = Signal()  # the chosen rows or the list changed: what may be done was judged again

    def __init__(
        self,
        where: Callable[[], tuple[str, str]],
        parent: QWidget | None = None,
        account: Callable[[], str | None] = lambda: None,
    ) -> None:
        """``where()`` gives the (environment, host) orders go to now; ``account()`` the account the token
        trades (ka00001), None until it is known."""
        super().__init__(parent)
        self.setObjectName("accountTabs")
        self._where = where
        self._account = account
        self.texts = views_data()["texts"]
        self.views: dict[str, AccountView] = {}
        for name in VIEWS:
            view = LoanLotsView(name, self) if name == "loan_lots" else AccountView(name, self)
            self.views[name] = view
            self.addTab(view, views_data()["views"][name]["title"])

        orders = self.views["open_orders"]
        # several open orders may be chosen (모두 취소); 정정 / 취소 act on exactly one
        orders.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.modify_button = self._button(orders, "정정", "modifySelected", lambda: self._act("modify"))
        self.cancel_button = self._button(orders, "취소", "cancelSelected", lambda: self._act("cancel"))
        orders.activated.connect(lambda: self._act("modify"))
        positions = self.views["positions"]
        self.sell_button = self._button(
            positions, "신용매도에 사용", "sellSelectedPosition", lambda: self._act("sell")
        )
        positions.activated.connect(lambda: self._act("sell"))
        lots = self.loan_lots = self.views["loan_lots"]
        assert isinstance(lots, LoanLotsView)
        self.lot_button = self._button(lots, lot_texts()["sell"], "sellSelectedLot", lambda: self._act("lot"))
        lots.activated.connect(lambda: self._act("lot"))
        lots.expiringCountChanged.connect(self._lot_title)
        self.open_order_buttons = [self.modify_button, self.cancel_button]  # and their context-menu entries
        for view in (orders, positions, lots):
            view.table.selectionModel().currentRowChanged.connect(self.update_actions)
            view.table.selectionModel().selectionChanged.connect(self.update_actions)
            view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.table.customContextMenuRequested.connect(lambda pos, v=view: self._menu(v, pos))
        self.update_actions()

    def _button(self, view: AccountView, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, view)
        button.setObjectName(name)
        button.clicked.connect(slot)
        view.bar.addWidget(button)
        return button

    def add_open_order_button(self, button: QPushButton, menu_text: str) -> None:
        """Another action on the chosen 미체결 rows: a button beside 취소 and an entry in the rows' menu."""
        button.setParent(self.views["open_orders"])
        button.setProperty("menu_text", menu_text)
        self.views["open_orders"].bar.addWidget(button)
        self.open_order_buttons.append(button)

    # --- what may be done with the selected row ----------------------------------------------
    def _stale(self, view: AccountView) -> str | None:
        return None if (view.env, view.host) == self._where() else self.texts["other_env"]

    def _not_ours(self, row: AccountRow) -> str | None:
        """Why ``row`` may not be this account's: the account is not known yet, or the row names another."""
        from ...account.rows import mask_account

        account = self._account()
        if not account:
            return self.texts["account_not_known"]
        if row.acnt_no is not None and row.acnt_no != account:
            return self.texts["other_account"].format(number=mask_account(row.acnt_no))
        return None

    def open_order_refusal(self) -> str | None:
        view = self.views["open_orders"]
        if len(view.selected_indices()) > 1:
            return self.texts["one_row"]
        selected = view.selected()
        if selected is None:
            return self.texts["select_row"]
        return self.open_row_refusal(selected[0])

    def open_row_refusal(self, row: AccountRow) -> str | None:
        """Why the 미체결 ``row`` may not be modified or cancelled from here (None: it may)."""
        view = self.views["open_orders"]
        not_ours = self._not_ours(row)
        if not_ours is not None:
            return not_ours
        if is_live_only(row):  # a query has not confirmed it yet: its 신용 and venue are not known for sure
            return load_json("live_views.json")["live_row_refusal"]
        if row.ord_no is None or row.stk_cd is None:
            return self.texts["no_order_number"]
        if not row.is_credit:
            return self.texts["cash_order"]
        if row.venue not in ("KRX", "NXT", "SOR"):  # the form's combo would keep whatever it showed before
            return self.texts["unknown_venue"]
        return self._stale(view)

    def position_refusal(self) -> str | None:
        view = self.views["positions"]
        selected = view.selected()
        if selected is None:
            return self.texts["select_row"]
        row, _ = selected
        not_ours = self._not_ours(row)
        if not_ours is not None:
            return not_ours
        if is_live_only(row):
            return load_json("live_views.json")["live_row_refusal"]
        if not row.is_credit or row.stk_cd is None:
            return self.texts["not_credit_position"]
        if row.loan_dt is None:
            return self.texts["no_loan_date"]
        return self._stale(view)

    def lot_refusal(self) -> str | None:
        """Why the selected lot may not fill 신용매도 (None: it may) — see kiwoom_gui.loans.lots.lot_refusal."""
        from ...loans.lots import lot_refusal

        view = self.views["loan_lots"]
        selected = view.selected()
        if selected is None:
            return self.texts["select_row"]
        row, _ = selected
        not_ours = self._not_ours(row)
        if not_ours is not None:
            return not_ours
        if is_live_only(row):
            return load_json("live_views.json")["live_row_refusal"]
        return lot_refusal(row, view.rows()) or self._stale(view)

    def _lot_title(self, count: int) -> None:
        t = lot_texts()
        self.setTabText(self.indexOf(self.loan_lots), t["title_expiring"].format(count=count) if count else t["title"])

    def update_actions(self, *_: object) -> None:
        refusal = self.open_order_refusal()
        for button, tip in ((self.modify_button, "tip_modify"), (self.cancel_button, "tip_cancel")):
            button.setEnabled(refusal is None)
            button.setToolTip(refusal or self.texts[tip])
        refusal = self.position_refusal()
        self.sell_button.setEnabled(refusal is None)
        self.sell_button.setToolTip(refusal or self.texts["tip_sell"])
        refusal = self.lot_refusal()
        self.lot_button.setEnabled(refusal is None)
        self.lot_button.setToolTip(refusal or lot_texts()["tip_sell"])
        self.actions_updated.emit()

    def _menu(self, view: AccountView, pos) -> None:
        menu = QMenu(self)
        by_view = {"open_orders": self.open_order_buttons, "loan_lots": [self.lot_button]}
        buttons = by_view.get(view.view, [self.sell_button])
        for button in buttons:
            text = button.property("menu_text") or button.text()
            action = menu.addAction(text if button.isEnabled() else f"{text} — {button.toolTip()}")
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.popup(view.table.viewport().mapToGlobal(pos))

    def _act(self, what: str) -> None:
        if what == "lot":
            selected = self.views["loan_lots"].selected()
            if self.lot_refusal() is None and selected is not None:
                self.sell_lot_requested.emit(selected[0])
            return
        view = self.views["positions" if what == "sell" else "open_orders"]
        refusal = self.position_refusal() if what == "sell" else self.open_order_refusal()
        selected = view.selected()
        if refusal is not None or selected is None:
            return
        row, venue = selected
        signal = {"modify": self.modify_requested, "cancel": self.cancel_requested, "sell": self.sell_requested}[what]
        signal.emit(row, row.venue or venue)

    # --- data ----------------------------------------------------------------------------------
    def show_result(self, done: QueryDone) -> None:
        view = self.views.get(done.view)
        if view is not None:
            view.show_result(done)
            self.update_actions()

    def clear(self) -> None:
        for view in self.views.values():
            view.clear()
        self.update_actions()
