"""KiwoomClient: sends one credit order over one kept-alive ``requests.Session`` and reads the answer.

Orders are not idempotent. After a timeout, a dropped connection, a 5xx or an unreadable body the
outcome is ``unknown`` and the order is never resent. Only an auth failure that a fresh token can
fix is resent, once. A rate-limit reject is reported, not resent (the market may have moved).
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import requests
import urllib3.exceptions

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
from .redaction import scrub
from .request_headers import masked_request_headers
from .resources_io import load_json
from .safe_text import excerpt, printable
from .specs import order_spec
from .throttle import Throttle
from .transport import Answer, AnswerTooLarge, DeadlineExceeded, GuardedSession
from .validation import InvalidOrder, validate

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

    @property
    def outcome_label(self) -> str:
        return self.outcome.label


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps (requests → urllib3 MaxRetryError → reason → cause)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        for attr in ("reason", "__cause__", "__context__"):
            inner = getattr(e, attr, None)
            if isinstance(inner, BaseException):
                stack.append(inner)


def transport_outcome(exc: requests.RequestException) -> Outcome:
    """NOT_SENT only when the request provably never left (no connection, bad certificate)."""
    for e in _causes(exc):
        if isinstance(
            e,
            (
                requests.ConnectTimeout,
                urllib3.exceptions.NewConnectionError,
                urllib3.exceptions.ConnectTimeoutError,
                urllib3.exceptions.LocationParseError,
                requests.exceptions.InvalidURL,
                ssl.SSLCertVerificationError,
            ),
        ):
            return Outcome.NOT_SENT
    return Outcome.UNKNOWN


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
        ca_bundle: str | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.env = env
        self.base_url = resolve_base_url(env, base_url)  # raises before any socket is opened
        self.timeouts = timeouts or default_timeouts()
        rate = orders_per_second if orders_per_second is not None else environment(env).orders_per_second
        self.throttle = Throttle(rate)
        self.http = GuardedSession(self.timeouts, ca_bundle=ca_bundle)
        self._should_stop = should_stop  # the program is closing: what has not left yet stays here
        self.tokens = TokenManager(env, self.base_url, store or CredentialStore(), self.http)

    def __repr__(self) -> str:
        return f"KiwoomClient(env={self.env!r}, base_url={self.base_url!r})"

    @property
    def deadline(self) -> float:
        """The longest one request may take, start to end."""
        return self.http.deadline

    def close(self) -> None:
        self.http.shut_down()

    def __enter__(self) -> KiwoomClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send_order(
        self, api_id: str, body: Mapping[str, str], on_sent: Callable[[], None] | None = None
    ) -> OrderResult:
        """Send one order; returns its result. Raises :class:`InvalidOrder` if ``body`` is not valid as is.
        ``on_sent`` is called when the order's bytes are on the wire."""
        checked = validate(api_id, body)
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
            else:
                detail = ""
            message = f"{detail} {explain(outcome, None)} ({type(exc).__name__})".strip()
            return OrderResult(**base, outcome=outcome, elapsed_ms=elapsed, message=message)
        elapsed = (time.perf_counter() - started) * 1000
        return self._read(base, answer, elapsed)

    def _read(self, base: dict, answer: Answer, elapsed: float) -> OrderResult:
        """Judge one answer. Text from the host is scrubbed of every secret before it is cut or kept."""
        secrets = self.tokens.secrets()
        problems = load_json("answers.json")["answer_problems"]
        text = answer.body.decode("utf-8", errors="replace")
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        body = data if isinstance(data, dict) else None
        if body is not None:
            body = json.loads(scrub(json.dumps(body, ensure_ascii=False), secrets))
        return_code = parse_return_code(body.get("return_code")) if body else None
        return_msg = printable(scrub(str(body.get("return_msg", "")), secrets)) if body else ""
        code = specific_code(return_msg)
        outcome = classify(answer.status, body, return_code, code)
        notes: list[str] = []
        sent_api_id, got_api_id = base["api_id"], answer.headers.get("api-id")
        if got_api_id is not None and got_api_id.strip() != sent_api_id:
            # e.g. a duplicated answer to an earlier order still in the stream: never credit it to this one
            outcome = Outcome.UNKNOWN
            notes.append(problems["api_id_mismatch"].format(got=excerpt(printable(got_api_id), 20), sent=sent_api_id))
            self.http.close()  # whatever else is in that stream is not ours either
        ord_no = order_number(body.get("ord_no")) if body else None
        if body and carries_order_number(body) and ord_no is None:
            notes.append(problems["bad_order_number"].format(raw=excerpt(printable(repr(body.get("ord_no"))), 40)))
        elif ord_no is not None and outcome is not Outcome.ACCEPTED and not notes:
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
