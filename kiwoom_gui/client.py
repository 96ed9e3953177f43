"""KiwoomClient: sends one credit order over one kept-alive ``requests.Session`` and reads the answer.

Orders are not idempotent. After a timeout, a dropped connection, a 5xx or an unreadable body the
outcome is ``unknown`` and the order is never resent. Only an auth failure that a fresh token can
fix is resent, once. A rate-limit reject is reported, not resent (the market may have moved).
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from .answers import Outcome, classify, explain, may_reissue_token, parse_return_code, specific_code
from .auth import AuthError, CredentialStore, TokenManager
from .environments import default_timeouts, environment, resolve_base_url
from .redaction import scrub
from .request_headers import masked_request_headers
from .resources_io import load_json
from .specs import order_spec
from .throttle import Throttle
from .validation import InvalidOrder, validate

RESPONSE_HEADERS = ("api-id", "cont-yn", "next-key")
_RAW_TEXT_LIMIT = 2000


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
    ) -> None:
        self.env = env
        self.base_url = resolve_base_url(env, base_url)  # raises before any socket is opened
        self.timeouts = timeouts or default_timeouts()
        rate = orders_per_second if orders_per_second is not None else environment(env).orders_per_second
        self.throttle = Throttle(rate)
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy/netrc from the environment may redirect or rewrite auth
        if ca_bundle:
            self.session.verify = ca_bundle  # a private CA, still verified
        adapter = HTTPAdapter(max_retries=0, pool_connections=1, pool_maxsize=1)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.tokens = TokenManager(env, self.base_url, store or CredentialStore(), self.session, self.timeouts)

    def __repr__(self) -> str:
        return f"KiwoomClient(env={self.env!r}, base_url={self.base_url!r})"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> KiwoomClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send_order(self, api_id: str, body: Mapping[str, str]) -> OrderResult:
        """Send one order; returns its result. Raises :class:`InvalidOrder` if ``body`` is not valid as is."""
        checked = validate(api_id, body)
        if not checked.ok or dict(checked.body) != dict(body):
            raise InvalidOrder(checked.errors or {"body": "본문이 검증된 형태와 다릅니다"})
        body = checked.body
        result = self._attempt(api_id, body, attempt=1)
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
                return _with_message(result, texts["reissue_failed"].format(reason=exc))
            result = self._attempt(api_id, body, attempt=2)
            if result.outcome is Outcome.AUTH_FAILED:  # the fresh token was refused too: stop, and say so
                code = result.code or f"return_code {result.return_code}"
                result = _with_message(result, texts["rejected_again"].format(code=code))
        return result

    def _attempt(self, api_id: str, body: Mapping[str, str], attempt: int) -> OrderResult:
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
        self.throttle.wait()
        try:
            token = self.tokens.token()
        except AuthError as exc:
            outcome = Outcome.AUTH_FAILED if exc.reached_host else Outcome.NOT_SENT
            return OrderResult(**base, outcome=outcome, code=exc.code, message=f"{exc} 주문은 전송되지 않았습니다.")
        headers = {**masked_headers, "authorization": f"Bearer {token.value}"}
        payload = json.dumps(dict(body), ensure_ascii=False).encode("utf-8")
        started = time.perf_counter()
        try:
            response = self.session.post(
                url, data=payload, headers=headers, timeout=self.timeouts, allow_redirects=False
            )
        except requests.RequestException as exc:
            elapsed = (time.perf_counter() - started) * 1000
            outcome = transport_outcome(exc)
            detail = type(exc).__name__
            return OrderResult(
                **base, outcome=outcome, elapsed_ms=elapsed, message=f"{explain(outcome, None)} ({detail})"
            )
        elapsed = (time.perf_counter() - started) * 1000
        return self._read(base, response, elapsed)

    def _read(self, base: dict, response: requests.Response, elapsed: float) -> OrderResult:
        secrets = self.tokens.secrets()
        text = response.text
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        body = data if isinstance(data, dict) else None
        return_code = parse_return_code(body.get("return_code")) if body else None
        return_msg = scrub(str(body.get("return_msg", "")), secrets) if body else ""
        code = specific_code(return_msg)
        outcome = classify(response.status_code, body, return_code, code)
        ord_no = body.get("ord_no") if body else None
        return OrderResult(
            **base,
            outcome=outcome,
            message=explain(outcome, code),
            http_status=response.status_code,
            response_headers=MappingProxyType(
                {h: response.headers[h] for h in RESPONSE_HEADERS if h in response.headers}
            ),
            response_body=MappingProxyType(json.loads(scrub(json.dumps(body, ensure_ascii=False), secrets)))
            if body is not None
            else None,
            response_text=None if body is not None else scrub(text[:_RAW_TEXT_LIMIT], secrets),
            return_code=return_code,
            return_msg=return_msg,
            code=code,
            ord_no=str(ord_no) if isinstance(ord_no, (str, int)) and str(ord_no).strip() else None,
            elapsed_ms=elapsed,
        )


def _with_message(result: OrderResult, message: str) -> OrderResult:
    from dataclasses import replace

    return replace(result, message=message)
