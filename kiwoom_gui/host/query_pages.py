"""Account queries (``POST /api/dostk/acnt`` and the stock info path): one page per call, read whole or not at all.

Queries are safe to repeat: each page is paced per api-id; a rate-limited page is tried again (bounded), a
refused token is re-issued once, and any other failure is reported — a list is never passed on half read.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from types import MappingProxyType

import requests

from ..account.list_reader import ListItems, read_page
from ..account.pacing import QueryPacer
from ..account.query_headers import masked_query_headers
from ..base.error_words import reason_in_korean
from ..base.resources_io import load_json
from ..base.safe_text import excerpt, printable
from ..orders.specs import query_spec
from .answers import Outcome, explain, may_reissue_token, parse_return_code, specific_code
from .auth import AuthError, TokenManager
from .redaction import from_host, scrub, scrubber
from .transport import Answer, AnswerTooLarge, DeadlineExceeded, GuardedSession, transport_outcome


@dataclass(frozen=True)
class QueryPage:
    """One page of an account query. ``ok`` only for a whole, readable page; then ``cont`` and
    ``next_key`` say whether (and how) to ask for the next one. Holds no secret."""

    api_id: str
    ok: bool
    rows_body: Mapping[str, object] | None = None  # the JSON answer (scrubbed)
    cont: bool = False
    next_key: str = ""
    http_status: int | None = None
    return_code: int | None = None
    message: str = ""  # Korean, on failure
    request_headers: Mapping[str, str] = field(default_factory=dict)  # masked
    request_body: Mapping[str, str] = field(default_factory=dict)
    return_msg: str = ""
    attempts: int = 1
    elapsed_ms: float = 0.0
    rate_limited: bool = False  # the last answer said "too many": ``query_delay`` says when to ask again
    items: tuple | None = None  # asked for with ``items``: what was kept of each list item (scrubbed)


class AccountQueries:
    """The query path of one environment's client: its connection and tokens, its own per-api-id pacing."""

    def __init__(
        self,
        base_url: str,
        http: GuardedSession,
        tokens: TokenManager,
        pacer: QueryPacer,
        should_stop: Callable[[], bool],
    ) -> None:
        self.base_url = base_url
        self.http = http
        self.tokens = tokens
        self.pacer = pacer
        self.should_stop = should_stop  # the program is closing: a page not sent yet stays here
        # how a page's exchange with the host runs when asked ``aside``: the worker's ApiQueue.run_aside (on
        # the wire thread, orders clicked meanwhile sent at once on the orders' own connection); here, in line
        self.run_aside: Callable[[Callable[[], Answer]], Answer] = lambda exchange: exchange()

    def delay(self, api_id: str) -> float:
        """Seconds until a page of ``api_id`` may be sent without waiting (0: now)."""
        return self.pacer.delay(api_id)

    def page(
        self,
        api_id: str,
        body: Mapping[str, str],
        next_key: str = "",
        *,
        max_body: int | None = None,
        tries: int | None = None,
        items: ListItems | None = None,
        aside: bool = False,
    ) -> QueryPage:
        """One page of an account query (``POST /api/dostk/acnt``); ``next_key`` asks for the page after
        the one that returned it. Never raises on what the host sends.

        ``items``: the answer's list is read item by item and only what ``items.pack`` keeps of each is kept
        (``QueryPage.items``; the list is then not in ``rows_body``) — a big page never holds the GIL in one
        decode, nor its items as dicts all at once (:mod:`kiwoom_gui.account.list_reader`).

        ``tries``: how often a rate-limited page is sent (default from queries.json). A worker that must
        not sleep while an order may be waiting passes 1, and on ``rate_limited`` asks again after
        :meth:`delay` — as it does before every page, so the pacing never sleeps either.

        ``aside``: the exchange itself (the request on the wire and its answer, nothing else) runs through
        :attr:`run_aside`, so an order clicked meanwhile need not wait for this page's answer. Only where a page
        may be answered before or after such an order alike: never the search for an order's outcome."""
        texts = load_json("answers.json")["query_problems"]
        paging = load_json("queries.json")["paging"]
        body = dict(body)
        masked = masked_query_headers(api_id, next_key)
        base = dict(api_id=api_id, request_headers=MappingProxyType(masked), request_body=MappingProxyType(body))
        keys = [f.key for f in query_spec(api_id).request_body]
        if sorted(body) != sorted(keys) or not all(isinstance(v, str) for v in body.values()):
            return QueryPage(**base, ok=False, attempts=0, message=texts["bad_body"].format(api_id=api_id))
        url = self.base_url + query_spec(api_id).path
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        cap = max_body if max_body is not None else int(paging["max_answer_bytes"])
        tries, reissued, attempt = int(paging["tries"]) if tries is None else max(tries, 1), False, 0
        while True:
            attempt += 1
            self.pacer.wait(api_id)
            if self.should_stop():
                return QueryPage(**base, ok=False, attempts=attempt, message=texts["closing"])
            try:
                token = self.tokens.token()
            except AuthError as exc:
                return QueryPage(**base, ok=False, attempts=attempt, message=texts["auth"].format(reason=exc))
            generation = self.tokens.generation  # an order beside this page (aside) may replace the token meanwhile
            headers = {**masked, "authorization": f"Bearer {token.value}"}
            started = time.perf_counter()
            try:
                exchange = partial(self.http.post, url, payload, headers, max_body=cap)
                answer = self.run_aside(exchange) if aside else exchange()
            except requests.RequestException as exc:
                return QueryPage(**base, ok=False, attempts=attempt, message=self._query_failure(exc, cap))
            elapsed = (time.perf_counter() - started) * 1000
            try:
                verdict, page = self._read_page(base, answer, attempt, elapsed, items)
            except Exception as exc:  # e.g. JSON nested past the recursion limit: a failed page, not a crash
                message = texts["unreadable"].format(status=answer.status, error=reason_in_korean(exc))
                return QueryPage(**base, ok=False, attempts=attempt, http_status=answer.status, message=message)
            if verdict == "rate_limited":
                backoff = max(self.pacer.interval, float(paging["min_backoff_s"]))
                self.pacer.hold(api_id, backoff * float(paging["backoff_intervals"]) * attempt)
                if attempt < tries:
                    continue
                return replace(page, rate_limited=True, message=texts["rate_limited"].format(tries=attempt))
            if verdict == "auth" and not reissued and self.tokens.can_issue():
                reissued = True
                try:  # the refused token replaced already (by an order's re-issue): asked again with the new one
                    self.tokens.fresh_after(generation)
                except AuthError as exc:
                    return replace(page, message=texts["auth"].format(reason=exc))
                continue
            return page

    def _query_failure(self, exc: requests.RequestException, cap: int) -> str:
        texts = load_json("answers.json")["query_problems"]
        if isinstance(exc, DeadlineExceeded):
            return texts["deadline"].format(seconds=self.http.deadline)
        if isinstance(exc, AnswerTooLarge):
            return texts["too_large"].format(limit=cap)
        error = reason_in_korean(exc)  # Korean words: never the class name or urllib3's English
        if transport_outcome(exc) is Outcome.NOT_SENT:
            return texts["not_sent"].format(error=error)
        return texts["failed"].format(error=error)

    def _read_page(
        self, base: dict, answer: Answer, attempt: int, elapsed: float, items: ListItems | None = None
    ) -> tuple[str, QueryPage]:
        """Judge one page: ("ok" | "rate_limited" | "auth" | "failed", the page). Host text is scrubbed."""
        texts = load_json("answers.json")["query_problems"]
        secrets = self.tokens.secrets()
        text, kept = answer.body.decode("utf-8", errors="replace"), None
        try:
            if items is None:
                data = json.loads(text)
            else:
                data, kept = read_page(text, items, scrubber(secrets))
        except ValueError:
            data, kept = None, None
        del text
        body = from_host(data, secrets) if isinstance(data, dict) else None
        return_code = parse_return_code(body.get("return_code")) if body else None
        return_msg = printable(scrub(str(body.get("return_msg", "")), secrets)) if body else ""
        code = specific_code(return_msg)
        page = QueryPage(
            **base,
            ok=False,
            http_status=answer.status,
            return_code=return_code,
            return_msg=return_msg,
            attempts=attempt,
            elapsed_ms=elapsed,
        )
        codes = load_json("answers.json")
        got = answer.headers.get("api-id")
        if got is not None and got.strip() != base["api_id"]:
            self.http.close()  # whatever else is in that stream is not ours either
            got_text = excerpt(printable(scrub(got, secrets)), 20)
            return "failed", replace(page, message=texts["api_id_mismatch"].format(got=got_text, sent=base["api_id"]))
        if 300 <= answer.status < 400:
            return "failed", replace(page, message=texts["redirect"].format(status=answer.status))
        if answer.status == 429 or code in codes["rate_limit_codes"] or (return_code == 5 and code is None):
            return "rate_limited", page
        if answer.status == 401 or return_code == 3 or code in codes["auth_codes"]:
            if may_reissue_token(code, return_code):
                return "auth", replace(page, message=texts["auth"].format(reason=explain(Outcome.AUTH_FAILED, code)))
            return "failed", replace(page, message=texts["auth"].format(reason=explain(Outcome.AUTH_FAILED, code)))
        if body is None:
            return "failed", replace(page, message=texts["not_json"].format(status=answer.status))
        if answer.status != 200:
            return "failed", replace(page, message=texts["http"].format(status=answer.status))
        if return_code != 0:
            shown = excerpt(return_msg, 200)
            return "failed", replace(page, message=texts["rejected"].format(return_code=return_code, return_msg=shown))
        cont_raw = answer.headers.get("cont-yn", "").strip()
        next_key = answer.headers.get("next-key", "").strip()
        cont = cont_raw == "Y"
        key_ok = len(next_key) <= int(load_json("queries.json")["paging"]["max_next_key_chars"]) and all(
            " " <= ch <= "~" for ch in next_key
        )
        if cont_raw not in ("", "Y", "N") or (cont and (not next_key or not key_ok)):
            shown_cont = excerpt(printable(scrub(cont_raw, secrets)), 10)
            shown_key = excerpt(printable(scrub(next_key, secrets)), 60)
            message = texts["bad_paging"].format(cont=repr(shown_cont), next_key=repr(shown_key))
            return "failed", replace(page, message=message)
        return "ok", replace(
            page,
            ok=True,
            rows_body=MappingProxyType(body),
            cont=cont,
            next_key=next_key if cont else "",
            items=None if items is None else tuple(kept or ()),
        )
