"""The credit queries past the gate: which api-ids the simulator answers on which path, the mock host's RC9000
refusals, the body checks, and the answers paged with cont-yn / next-key like the other account queries."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ..account.book import OrderBook
from ..account.paging import Cursors, Listing, Page
from . import deposit_answers, eligibility, lot_answers, orderable
from .figures import Snapshot, snapshot
from .shape import fields, list_key
from .terms import data, terms

_MARGIN = re.compile(r"증거금(\d+)%")


def api_ids_on(path: str) -> dict[str, str]:
    """The credit api-ids served at ``path`` (api-id → path), so the gate knows them."""
    return {a: f["path"] for a, f in data()["fields"].items() if not a.startswith("_") and f["path"] == path}


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _plain_code(text: str) -> str:
    text = text.strip().upper()
    return text[1:] if len(text) == 7 and text[0] in "AJQ" else text


def check_body(api_id: str, body: Mapping[str, object]) -> tuple[str, dict[str, str]] | None:
    """Why the host would refuse this body — ("missing_field" | "bad_value", fmt) — or None."""
    for key in fields(api_id)["required"]:
        if not _text(body.get(key)):
            return "missing_field", {"field": key}
    for key, allowed in data()["query_values"].get(api_id, {}).items():
        if _text(body.get(key)).upper() not in allowed:
            return "bad_value", {"field": key}
    if api_id == "kt00012" and _text(body.get("uv")) and not _text(body.get("uv")).isdigit():
        return "bad_value", {"field": "uv"}
    return None


class CreditQueries:
    """Answers one credit query in the host's words (the book's errors); ``mode()`` "mock" refuses like mockapi."""

    def __init__(
        self, book: OrderBook, cursors: Cursors, page_size: Callable[[], int], mode: Callable[[], str]
    ) -> None:
        self.book = book
        self.cursors = cursors
        self.page_size = page_size
        self.mode = mode

    def answer(self, api_id: str, body: Mapping[str, object], headers: Mapping[str, str], reply: dict) -> dict:
        if self.mode() == "mock" and api_id in data()["mock_refused"]:
            return self.book.error("mock_unsupported")
        refused = check_body(api_id, body)
        if refused:
            return self.book.error(refused[0], **refused[1])
        ok = {"return_code": 0, "return_msg": data()["ok"][api_id]}
        s = snapshot(self.book)
        name = self.book.market.name
        if api_id == "kt00001":
            return {**deposit_answers.deposit(s), **ok}
        if api_id == "kt00012":
            return self._orderable(s, _plain_code(_text(body.get("stk_cd"))), _text(body.get("uv")))
        if api_id == "kt20017":
            code = _plain_code(_text(body.get("stk_cd")))
            if self.book.instruments.listing(code) is None:
                return self.book.instruments.error("unknown_code", code=code)
            return {"crd_alow_yn": eligibility.allowed_text(code), **ok}
        head: dict[str, object] = {}
        if api_id == "ka10085":
            lines = lot_answers.lots(s, _text(body.get("stex_tp")))
            listing = Listing(lines, lambda ln: lot_answers.lot_row(s, ln, name(ln.p.stk_cd)))
        elif api_id == "kt00005":
            venue = _text(body.get("dmst_stex_tp")).upper()
            head = deposit_answers.balance_head(s, venue)
            listing = Listing(s.venue(venue), lambda ln: deposit_answers.balance_row(ln, name(ln.p.stk_cd)))
        else:  # kt20016
            inst = self.book.instruments
            codes = eligibility.eligible_codes(
                inst,
                inst.codes(),
                _text(body.get("crd_stk_grde_tp")).upper(),
                _text(body.get("mrkt_deal_tp")),
                _plain_code(_text(body.get("stk_cd"))),
            )
            head = {"crd_loan_able": ""}
            listing = Listing(codes, lambda code: eligibility.eligible_row(inst, code, name))
        page = self._page(api_id, body, headers, listing)
        if isinstance(page, dict):
            return page
        if page.more:
            reply.update({"cont-yn": "Y", "next-key": page.next_key})
        return {**head, list_key(api_id): page.rows, **ok}

    def _page(
        self, api_id: str, body: Mapping[str, object], headers: Mapping[str, str], listing: Listing
    ) -> Page | dict:
        """The first page of ``listing``, or the page next-key names (then ``listing`` is not used), or an error."""
        cont = (headers.get("cont-yn") or "").strip().upper()
        key = (headers.get("next-key") or "").strip()
        if cont == "Y" or key:
            if cont != "Y" or not key:
                return self.book.error("bad_next_key", reason="cont-yn Y와 next-key를 함께 보내야 합니다")
            page = self.cursors.next(api_id, body, key)
            return self.book.error("bad_next_key", reason=page) if isinstance(page, str) else page
        return self.cursors.first(api_id, body, listing, self.page_size())

    def _orderable(self, s: Snapshot, code: str, uv: str) -> dict:
        listing = self.book.instruments.listing(code)
        if listing is None:
            return self.book.instruments.error("unknown_code", code=code)
        margin = _MARGIN.search(listing.state)
        answer, status = orderable.orderable(s, terms(code), int(uv or 0), int(margin.group(1)) if margin else 100)
        return {**answer, "return_code": 0, "return_msg": data()["ok"]["kt00012"][status]}
