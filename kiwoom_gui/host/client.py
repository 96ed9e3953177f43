"""KiwoomClient: sends one credit order over one kept-alive connection and judges the answer (the order path).

Orders are not idempotent. After a timeout, a dropped connection, a 5xx or an unreadable body the
outcome is ``unknown`` and the order is never resent. Only an auth failure that a fresh token can
fix is resent, once. A rate-limit reject is reported, not resent (the market may have moved).

Account queries (``query_page``) share the tokens, on a connection of their own (an order clicked while a query
is on the wire leaves at once: see ``ApiQueue.run_aside``); their paging is query_pages.py's.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import requests

from ..account.list_reader import ListItems
from ..account.pacing import QueryPacer
from ..base.error_words import reason_in_korean
from ..base.kst import kst_today
from ..base.resources_io import load_json
from ..base.safe_text import excerpt, printable
from ..orders.specs import order_spec
from ..orders.validation import InvalidOrder, validate
from .answers import (
    Outcome,
    carries_order_number,
    classify,
    explain,
    may_reissue_token,
    order_number,
    parse_return_code,
    specific_code,
)
from .auth import AuthError, CredentialStore, TokenManager
from .environments import default_timeouts, environment, resolve_base_url
from .query_pages import AccountQueries, QueryPage
from .redaction import from_host, scrub
from .request_headers import masked_request_headers
from .throttle import Throttle
from .transport import Answer, AnswerTooLarge, DeadlineExceeded, GuardedSession, transport_outcome

RESPONSE_HEADERS = ("api-id", "cont-yn", "next-key")
_RAW_TEXT_LIMIT = 2000  # of a body that is not JSON, what the log keeps (scrubbed first, cut after)


@dataclass(frozen=True)
class OrderResult:
    """Everything the log shows about one order. Holds no secret: ``authorization`` is masked."""

    api_id: str
    env: str
    url: str
    request_headers: Mapping[str, str]
    request_body: Mapping[str, str]
    outcome: Outcome
    message: str
    http_status: int | None = None
    response_headers: Mapping[str, str] = field(default_factory=dict)
    response_body: Mapping[str, object] | None = None
    response_text: str | None = None
    return_code: int | None = None
    return_msg: str = ""
    code: str | None = None
    ord_no: str | None = None
    elapsed_ms: float = 0.0
    attempts: int = 1
    journal_note: str = ""  # set by the worker when the journal could not take this outcome (기록되지 않음 …)

    @property
    def outcome_label(self) -> str:
        return self.outcome.label


class KiwoomClient:
    """One environment's order sender. Not thread-safe by design: one worker thread owns it."""

    def __init__(
        self,
        env: str,
        *,
        base_url: str | None = None,
        store: CredentialStore | None = None,
        timeouts: tuple[float, float] | None = None,
        orders_per_second: float | None = None,
        queries_per_second: float | None = None,
        ca_bundle: str | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.env = env
        self.base_url = resolve_base_url(env, base_url)  # raises before any socket is opened
        self.timeouts = timeouts or default_timeouts()
        rate = orders_per_second if orders_per_second is not None else environment(env).orders_per_second
        self.throttle = Throttle(rate)
        per_query = queries_per_second if queries_per_second is not None else environment(env).queries_per_second
        self.http = GuardedSession(self.timeouts, ca_bundle=ca_bundle)
        self._should_stop = should_stop  # the program is closing: what has not left yet stays here
        self.tokens = TokenManager(env, self.base_url, store or CredentialStore(), self.http)
        # queries on a connection of their own: an order never waits for a query's answer on the orders' one
        self.query_http = GuardedSession(self.timeouts, ca_bundle=ca_bundle, clock=self.http.clock)
        self.queries = AccountQueries(self.base_url, self.query_http, self.tokens, QueryPacer(per_query), should_stop)
        # (KST day, order number) of every answer accepted here: a number is one order's only
        self._credited: set[tuple[dt.date, str | None]] = set()

    def __repr__(self) -> str:
        return f"KiwoomClient(env={self.env!r}, base_url={self.base_url!r})"

    @property
    def query_pacer(self) -> QueryPacer:
        """The account queries' pacing, per api-id (apart from the orders' throttle)."""
        return self.queries.pacer

    @query_pacer.setter
    def query_pacer(self, pacer: QueryPacer) -> None:
        self.queries.pacer = pacer

    @property
    def deadline(self) -> float:
        """The longest one request may take, start to end."""
        return self.http.deadline

    def close(self) -> None:
        self.http.shut_down()
        self.query_http.shut_down()

    def __enter__(self) -> KiwoomClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send_order(
        self,
        api_id: str,
        body: Mapping[str, str],
        on_sent: Callable[[], None] | None = None,
        *,
        price_kind: str = "stock",
    ) -> OrderResult:
        """Send one order; returns its result. Raises :class:`InvalidOrder` if ``body`` is not valid as is.
        ``on_sent`` is called when the order's bytes are on the wire; ``price_kind``: the tick table of the
        stock ("stock", "etf", "etn" — kiwoom_gui.instrument)."""
        checked = validate(api_id, body, price_kind=price_kind)
        if not checked.ok or dict(checked.body) != dict(body):
            raise InvalidOrder(checked.errors or {"body": "본문이 검증된 형태와 다릅니다"})
        body = checked.body
        result = self._attempt(api_id, body, 1, on_sent)
        if (
            result.outcome is Outcome.AUTH_FAILED
            and may_reissue_token(result.code, result.return_code)
            and self.tokens.can_issue()
        ):
            texts = load_json("answers.json")["after_reissue"]
            self.tokens.invalidate()
            try:
                self.tokens.issue()
            except AuthError as exc:
                return replace(result, message=texts["reissue_failed"].format(reason=exc))
            result = self._attempt(api_id, body, 2, on_sent)
            if result.outcome is Outcome.AUTH_FAILED:  # the fresh token was refused too: stop, and say so
                code = result.code or f"return_code {result.return_code}"
                result = replace(result, message=texts["rejected_again"].format(code=code))
        return result

    def _attempt(
        self, api_id: str, body: Mapping[str, str], attempt: int, on_sent: Callable[[], None] | None
    ) -> OrderResult:
        spec = order_spec(api_id)
        url = self.base_url + spec.path
        masked_headers = masked_request_headers(api_id)
        base = dict(
            api_id=api_id,
            env=self.env,
            url=url,
            request_headers=MappingProxyType(masked_headers),
            request_body=MappingProxyType(dict(body)),
            attempts=attempt,
        )
        problems = load_json("answers.json")["answer_problems"]
        self.throttle.wait()
        try:
            token = self.tokens.token()
        except AuthError as exc:
            outcome = Outcome.AUTH_FAILED if exc.reached_host else Outcome.NOT_SENT
            return OrderResult(**base, outcome=outcome, code=exc.code, message=f"{exc} 주문은 전송되지 않았습니다.")
        if self._should_stop():
            return OrderResult(**base, outcome=Outcome.NOT_SENT, message=problems["closing"])
        headers = {**masked_headers, "authorization": f"Bearer {token.value}"}
        payload = json.dumps(dict(body), ensure_ascii=False).encode("utf-8")
        started = time.perf_counter()
        try:
            answer = self.http.post(url, payload, headers, on_sent)
        except requests.RequestException as exc:
            elapsed = (time.perf_counter() - started) * 1000
            outcome = transport_outcome(exc)
            if isinstance(exc, DeadlineExceeded):
                detail = problems["deadline"].format(seconds=self.deadline)
            elif isinstance(exc, AnswerTooLarge):
                detail = problems["too_large"].format(limit=self.http.max_body)
            else:  # why, in Korean words: never the exception's class or urllib3's English
                detail = ""
            reason = "" if detail else f" ({reason_in_korean(exc)})"
            message = f"{detail} {explain(outcome, None)}{reason}".strip()
            return OrderResult(**base, outcome=outcome, elapsed_ms=elapsed, message=message)
        elapsed = (time.perf_counter() - started) * 1000
        self.tokens.note_host_date(answer.headers.get("date"))  # the host's clock judges its tokens' expiry
        return self._read(base, answer, elapsed)

    def _read(self, base: dict, answer: Answer, elapsed: float) -> OrderResult:
        """Judge one answer; whatever it holds, the result keeps it and decides nothing it cannot prove."""
        secrets = self.tokens.secrets()
        problems = load_json("answers.json")["answer_problems"]
        text = answer.body.decode("utf-8", errors="replace")
        try:
            result = self._judge(base, answer, text, secrets, elapsed)
        except Exception as exc:  # an answer we cannot take apart: keep it as text, it may name an order
            unreadable = problems["unreadable"].format(error=reason_in_korean(exc))
            result = OrderResult(
                **base,
                outcome=Outcome.UNKNOWN,
                message=f"{unreadable} {explain(Outcome.UNKNOWN, None)}",
                http_status=answer.status,
                response_text=printable(scrub(text, secrets))[:_RAW_TEXT_LIMIT],
                elapsed_ms=elapsed,
            )
        if result.outcome is Outcome.ACCEPTED:
            credited = (kst_today(), result.ord_no)
            if credited in self._credited:  # another order's answer again (late, repeated, shifted)
                result = replace(
                    result,
                    outcome=Outcome.UNKNOWN,
                    ord_no=None,
                    message=f"{problems['already_credited'].format(no=result.ord_no)} "
                    f"{explain(Outcome.UNKNOWN, None)}",
                )
            else:
                self._credited.add(credited)
        if result.outcome is Outcome.UNKNOWN:
            self.http.close()  # a late real answer must not wait in the stream for the next order
        return result

    def _judge(self, base: dict, answer: Answer, text: str, secrets: list[str], elapsed: float) -> OrderResult:
        """Judge one answer. Text from the host is scrubbed of every secret before it is cut or kept."""
        problems = load_json("answers.json")["answer_problems"]
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        body = from_host(data, secrets) if isinstance(data, dict) else None
        return_code = parse_return_code(body.get("return_code")) if body else None
        return_msg = printable(scrub(str(body.get("return_msg", "")), secrets)) if body else ""
        code = specific_code(return_msg)
        outcome = classify(answer.status, body, return_code, code)
        notes: list[str] = []
        # The api-id header (decided, issue 17 item 10). The answer read on this connection right after our POST
        # is that POST's answer, so a *missing* api-id leaves the verdict to the body, and the message says the
        # header was missing. A *different* api-id is evidence the answer may be another request's (a duplicated
        # answer still in the stream): it is shown, its number only as a candidate, and the order is 확인 필요 —
        # a stray acceptance or rejection credited here could make the user send the order twice.
        sent_api_id, got_api_id = base["api_id"], answer.headers.get("api-id")
        mismatch = got_api_id is not None and got_api_id.strip() != sent_api_id
        if mismatch:
            outcome = Outcome.UNKNOWN
            got = excerpt(printable(scrub(got_api_id, secrets)), 20)  # scrubbed first, cut after
            notes.append(problems["api_id_mismatch"].format(got=got, sent=sent_api_id))
        elif got_api_id is None and body is not None:
            notes.append(problems["api_id_missing"])
        ord_no = order_number(body.get("ord_no")) if body else None
        if body and carries_order_number(body) and ord_no is None:
            notes.append(problems["bad_order_number"].format(raw=excerpt(printable(repr(body.get("ord_no"))), 40)))
        elif ord_no is not None and outcome is not Outcome.ACCEPTED and (mismatch or not notes):
            notes.append(problems["number_in_unclear_answer"].format(no=ord_no))
        if 300 <= answer.status < 400:
            location = answer.headers.get("location")
            where = f" → {excerpt(printable(scrub(location, secrets)), 80)}" if location else ""
            notes.append(problems["redirect"].format(status=answer.status, location=where))
        message = " ".join([*notes, explain(outcome, code)])
        return OrderResult(
            **base,
            outcome=outcome,
            message=message,
            http_status=answer.status,
            response_headers=MappingProxyType(
                {h: printable(scrub(answer.headers[h], secrets)) for h in RESPONSE_HEADERS if h in answer.headers}
            ),
            response_body=MappingProxyType(body) if body is not None else None,
            response_text=None if body is not None else printable(scrub(text, secrets))[:_RAW_TEXT_LIMIT],
            return_code=return_code,
            return_msg=return_msg,
            code=code,
            ord_no=ord_no if outcome is Outcome.ACCEPTED else None,
            elapsed_ms=elapsed,
        )

    # --- account queries (query_pages.py) ---------------------------------------------------------------
    def query_delay(self, api_id: str) -> float:
        """Seconds until a page of ``api_id`` may be sent without waiting (0: now)."""
        return self.queries.delay(api_id)

    def query_page(
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
        """One page of an account query; see :meth:`AccountQueries.page`. Never raises on what the host sends."""
        return self.queries.page(api_id, body, next_key, max_body=max_body, tries=tries, items=items, aside=aside)
