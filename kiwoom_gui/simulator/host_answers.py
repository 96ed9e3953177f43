"""What the simulator answers past the gate: the four credit orders (placed in the book, refused like the host
for a missing field or in mock mode), the account queries paged with cont-yn / next-key, the stock info, and
the injected faults (HTTP 500, garbage, a stall, a dropped connection)."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

from ..orders.specs import OrderSpec, load_orders, load_queries
from ..orders.validation import REQUIRED, field_states
from .account import account_answers as answers
from .account.book import OrderBook
from .account.paging import Cursors, Listing
from .credit.queries import CreditQueries, api_ids_on
from .gateway import Fault, SimState
from .http_handler import Handler
from .market.instruments import QUERIES as INSTRUMENT_QUERIES
from .market.snapshots import QUERIES as MARKET_QUERIES
from .market.snapshots import market_answer

ORDER_PATH = "/api/dostk/crdordr"
QUERY_PATH = "/api/dostk/acnt"
STOCK_INFO_PATH = "/api/dostk/stkinfo"  # ka10001 / ka10100 (issue 12)
MARKET_PATH = "/api/dostk/mrkcond"  # ka10004 / ka10007 (issue 20)


def _text(value: object) -> str:
    """A body value as the host reads it: JSON null and absence are empty, like ""."""
    return "" if value is None else str(value).strip()


def _missing_field(spec: OrderSpec, payload: dict) -> str | None:
    """The first field the spec or the order type requires that came empty ([1511]).

    Order-type requirements (ord_uv for 지정가, cond_uv for 스톱지정가, crd_loan_dt for 융자) come from
    resources/rules.json through the same field_states the order form uses.
    """
    values = {f.key: _text(payload.get(f.key)) for f in spec.request_body}
    states = field_states(spec, values)
    for f in spec.request_body:
        if states[f.key] == REQUIRED and not values[f.key]:
            return f.key
    return None


class HostAnswers:
    """The answers' part of :class:`~.server.KiwoomSimulator` (a mixin over the simulator's book and state)."""

    state: SimState
    book: OrderBook
    cursors: Cursors
    page_size: int
    account_no: str
    credit_queries: CreditQueries
    _stopping: threading.Event
    _texts: Mapping[str, Any]

    def _serve(self, h: Handler, raw: bytes) -> None:
        if self.state.latency_s:
            self._stopping.wait(self.state.latency_s)
        try:
            payload = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, ValueError):
            payload = None
        if h.path == "/oauth2/token":
            return h.send(200, self._token_answer(payload))
        if h.path == "/oauth2/revoke":
            return h.send(200, self._revoke_answer(payload))
        if h.path == ORDER_PATH:
            return self._order(h, payload)
        if h.path in (QUERY_PATH, STOCK_INFO_PATH):
            return self._query(h, payload)
        if h.path == MARKET_PATH:
            return self._market_query(h, payload)
        return h.send(404, {"return_code": 2, "return_msg": f"알 수 없는 경로입니다: {h.path}"})

    def _order(self, h: Handler, payload: object) -> None:
        orders = load_orders()
        admitted = self._admit(h, orders, is_order=True)
        if admitted is None:
            return
        api_id, fault = admitted
        reply = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        if not isinstance(payload, dict):
            return h.send(200, self._error("bad_json"), reply)
        missing = _missing_field(orders[api_id], payload)
        if missing:
            return h.send(200, self._error("missing_field", field=missing), reply)
        if self.state.mode == "mock":  # mockapi offers no credit orders at all
            answer = self._error("mock_unsupported")
        elif fault is not None and fault.kind == "refuse":  # a business refusal: nothing placed, a whole answer
            return h.send(200, self._error("refused"), reply)
        elif fault is None or fault.process:
            answer = self.book.place(api_id, {k: "" if v is None else str(v) for k, v in payload.items()})
        else:
            answer = None
        if fault is not None:
            return self._fail(h, fault, reply)
        if self.state.answer_delay_s:  # placed, its events pushed; the answer is slow (events come first)
            self._stopping.wait(self.state.answer_delay_s)
        h.send(200, answer, reply)

    def _query(self, h: Handler, payload: object) -> None:
        """ka00001 / ka10075 / kt00007 / kt00018 from the book (mock mode answers them too)."""
        on_path = {k: q for k, q in load_queries().items() if q.path == h.path}  # else [1504], like the host
        on_path |= api_ids_on(h.path)  # the credit desk's queries (simulator/credit/)
        admitted = self._admit(h, on_path, is_order=False)
        if admitted is None:
            return
        api_id, fault = admitted
        reply = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        if not isinstance(payload, dict):
            answer = self._error("bad_json")
        else:
            answer = self._query_answer(api_id, payload, h.headers, reply)
        if fault is not None:
            return self._fail(h, fault, reply)
        h.send(200, answer, reply)

    def _market_query(self, h: Handler, payload: object) -> None:
        """ka10004 / ka10007: the streamed book of ``stk_cd`` (venue suffix and all) as it stands now."""
        admitted = self._admit(h, dict.fromkeys(MARKET_QUERIES), is_order=False)
        if admitted is None:
            return
        api_id, fault = admitted
        reply = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        answer = self._error("bad_json") if not isinstance(payload, dict) else market_answer(self, api_id, payload)
        if fault is not None:
            return self._fail(h, fault, reply)
        h.send(200, answer, reply)

    def _query_answer(self, api_id: str, body: dict, headers: Mapping[str, str], reply: dict[str, str]) -> dict:
        if api_id in api_ids_on(QUERY_PATH) or api_id in api_ids_on(STOCK_INFO_PATH):
            return self.credit_queries.answer(api_id, body, headers, reply)
        if api_id in INSTRUMENT_QUERIES:
            return self.book.instruments.answer(api_id, body)
        refused = answers.check_body(api_id, body)
        if refused:
            return self._error(refused[0], **refused[1])
        if api_id not in self._texts["ok"]:  # a query the window knows and this simulator does not model (yet)
            return self._error("wrong_api_id", api_id=api_id, uri="/api/dostk/acnt")
        ok = {"return_code": 0, "return_msg": self._texts["ok"][api_id]}
        if api_id == "ka00001":
            return {**answers.account(self.account_no), **ok}
        cont = (headers.get("cont-yn") or "").strip().upper()
        key = (headers.get("next-key") or "").strip()
        head: dict[str, str] = {}
        if cont == "Y" or key:
            if cont != "Y" or not key:
                return self._error("bad_next_key", reason="cont-yn Y와 next-key를 함께 보내야 합니다")
            page = self.cursors.next(api_id, body, key)
            if isinstance(page, str):
                return self._error("bad_next_key", reason=page)
            if api_id == "kt00018":  # the totals head every page
                head = answers.balance(self.book, body, self.book.credit.cash)[0]
        else:
            today = self.book.clock().date()
            if api_id == "ka10075":
                rows = answers.open_orders(self.book, body, today, self.account_no)
            elif api_id == "kt00007":
                rows = answers.order_details(self.book, body, today)
            elif api_id == "ka10099":  # the listed codes of one market (issue 21)
                rows = Listing(self.book.instruments.list_rows(str(body.get("mrkt_tp", "")).strip()), dict)
            else:
                head, positions = answers.balance(self.book, body, self.book.credit.cash)
                rows = Listing(positions, dict)
            page = self.cursors.first(api_id, body, rows, self.page_size)
        if page.more:
            reply.update({"cont-yn": "Y", "next-key": page.next_key})
        return {**head, answers.list_key(api_id): page.rows, **ok}

    def _fail(self, h: Handler, fault: Fault, reply: dict[str, str]) -> None:
        if fault.kind == "http500":
            h.send(500, b"<html><body>Internal Server Error</body></html>", reply)
        elif fault.kind == "garbage":
            h.send(200, b"\x00\xffnot json{", reply)
        elif fault.kind == "stall":
            self._stopping.wait(self.state.stall_s)
            h.close_connection = True
        elif fault.kind == "drop":
            h.close_connection = True
            h.connection.close()
