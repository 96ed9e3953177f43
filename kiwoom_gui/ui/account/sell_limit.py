"""SellLimit: the 신용매도 form's 매매가능수량 limit, kept to the position it came from (or, for a loan lot of
the 신용잔고 tab, its 청산가능수량 — the same rule with the lot's field and words).

신용매도에 사용 takes a position's 매매가능수량 as the most the form may sell. The position moves after that
(a 04 event's 933 주문가능수량, a refresh): the limit follows it, and a quantity already typed that the
position no longer covers becomes a field error. A position gone from a complete list leaves nothing to sell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from .account_view import views_data

if TYPE_CHECKING:
    from ...account.rows import AccountRow
    from ..orders.order_form import OrderForm
    from .account_view import AccountView


def _loan(row: AccountRow) -> str:
    loan = row.loan_dt or ""
    return loan if loan.strip("0") else ""  # as the live events key a position: no loan date is ""


class SellLimit(QObject):
    def __init__(
        self,
        form: OrderForm,
        positions: AccountView,
        parent: QObject | None = None,
        qty_key: str = "trde_able_qty",
        words: Mapping[str, str] | None = None,
    ) -> None:
        """``words``: over, hint, unreadable and gone texts (``{most}``, ``{raw}``); by default 매매가능수량's. With
        ``several`` (a loan lot's), a list naming the source twice holds the form at 0 saying so."""
        super().__init__(parent)
        self._form = form
        self._view = positions
        self._key = qty_key
        texts = views_data()["texts"]
        self._words = dict(words) if words is not None else {
            "over": "매매가능수량({most:,}주)보다 많습니다", "hint": "매매가능수량 {most:,}주",
            "unreadable": texts["unreadable_sellable"], "gone": texts["position_gone"],
        }  # fmt: skip
        # env, host, stock, loan date, venue of its query (a stock bought on KRX and NXT is a row under each)
        self._source: tuple[str | None, str | None, str, str, str] | None = None
        self._applies: dict[str, str] = {}  # the form values the limit holds for
        positions.changed.connect(self._follow)

    def use(self, row: AccountRow, venue: str = "") -> None:
        """The form now sells ``row`` (a position of the 잔고 tab as shown, listed by the query of ``venue``): its
        limit, and follow it."""
        self._source = (self._view.env, self._view.host, row.stk_cd or "", _loan(row), venue)
        self._applies = {"stk_cd": row.stk_cd or "", "crd_loan_dt": row.loan_dt or ""}
        self._set(row)

    def forget(self) -> None:
        """The form sells something else now (the other limit took over): this one no longer follows."""
        self._source = None

    def _set(self, row: AccountRow) -> None:
        able, words = row.value(self._key), self._words
        if isinstance(able, int) and able >= 0:
            self._form.set_limit("ord_qty", able, self._applies, words["over"].format(most=able),
                                 words["hint"].format(most=able))  # fmt: skip
        else:  # never the previous figure; say what the host sent instead
            self._form.clear_limit("ord_qty", words["unreadable"].format(raw=row.text(self._key)))

    @Slot()
    def _follow(self) -> None:
        if self._source is None:
            return
        env, host, code, loan, venue = self._source
        view = self._view
        if (view.env, view.host) != (env, host):  # another environment's list says nothing of this position
            return
        found = [row for row, v in view.row_pairs() if row.stk_cd == code and _loan(row) == loan and v == venue]
        several = self._words.get("several")
        if len(found) > 1 and several:  # whose figure is this lot's cannot be told: nothing may be sold from it
            self._form.set_limit("ord_qty", 0, self._applies, several, several)
            return
        if found:
            self._set(found[0])
            return
        if view.complete:  # sold out (an event's 930 of 0) or gone from the whole list
            gone = self._words["gone"]
            self._form.set_limit("ord_qty", 0, self._applies, gone, gone)
