"""InstrumentTasks: what a stock code is (ka10001 주식기본정보, then ka10100 종목정보), on its OWN thread.

Lookups never delay an order (issue 12): they run on the "kiwoom-lookup" thread with their own
:class:`KiwoomClient` per target — a separate kept-alive connection — so an order clicked while a lookup
waits on a slow host goes out on the API thread at once.

The token: this thread never issues, stores or reads a key. Each client has a session-only
:class:`CredentialStore` holding only the token, which comes from the API thread (``need_token`` → the
controller → ``ApiWorker.give_lookup_token`` → :meth:`take_token`; every new token the API thread gets is
also announced to :meth:`new_token`). Lookups wait (queued) until it comes; a token the host refuses
(8005 …) is asked afresh naming its generation, so the API thread issues once per generation however many
lookups were refused with it; every lookup that waited for that new token goes on with it once (a second
refusal is its failure, not another issue). Requests are paced per api-id (``client.query_delay``) on a timer, never in
a sleep; a rate-limited request is asked again a few times. A lookup never sends an order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ...base.error_words import reason_in_korean
from ...base.kst import KST
from ...base.payloads import InstrumentDone, InstrumentRequest, LiveToken, Target

if TYPE_CHECKING:
    from ...host.client import KiwoomClient
    from ...host.query_pages import QueryPage

_RATE_LIMIT_TRIES = 3  # a request refused for the rate limit is asked again at most this often
_STEPS = ("ka10001", "ka10100")  # name, price and band first; then credit, warnings and NXT
_ANSWER_CODE_KEYS = ("stk_cd", "code")  # where each step's answer names its stock


def kst_now() -> dt.datetime:
    return dt.datetime.now(KST)


@dataclass
class _Lookup:
    """One code being looked up at one target: which request is next and what came back so far."""

    request: InstrumentRequest
    step: int = 0
    rate_limited: int = 0
    fresh_token_asked: bool = False  # it waited for a fresh token once (asked or not): a second refusal fails it
    used: int = 0  # the token generation its last request carried
    basic: dict | None = None  # the ka10001 answer body


def _token_refused(page: QueryPage) -> bool:
    """The host refused the token (8005 and the like) in a way a new token fixes."""
    from ...base.resources_io import load_json
    from ...host.answers import may_reissue_token, specific_code

    code = specific_code(page.return_msg)
    auth = page.http_status == 401 or page.return_code == 3 or code in load_json("answers.json")["auth_codes"]
    return auth and may_reissue_token(code, page.return_code)


class InstrumentTasks(QObject):
    instrument_done = Signal(object)  # InstrumentDone
    # Target, the refused generation (None: whatever token there is): ask the API thread (never issued here)
    need_token = Signal(object, object)
    _step = Signal(object)  # _Lookup: its next request, queued behind whatever this thread has to do

    def __init__(
        self,
        timeouts: tuple[float, float] | None = None,
        parent: QObject | None = None,
        clock: Callable[[], dt.datetime] = kst_now,
    ) -> None:
        super().__init__(parent)
        self._timeouts, self._clock = timeouts, clock
        self.stopping = threading.Event()  # set from the GUI thread at close: nothing more is asked
        self._clients: dict[Target, KiwoomClient] = {}
        self._running: dict[tuple[str, str | None, str], _Lookup] = {}  # (env, base_url, code)
        self._waiting: dict[Target, list[_Lookup]] = {}  # lookups waiting for the API thread's token
        self._generations: dict[Target, int] = {}  # the API thread's generation of the token each client holds
        self._fresh_asked: set[Target] = set()  # a newer token was asked and has not come yet
        self._step.connect(self._request, Qt.ConnectionType.QueuedConnection)

    # --- clients and the token ---------------------------------------------------------------------------
    def _client(self, target: Target) -> KiwoomClient:
        from ...host.auth import CredentialStore
        from ...host.client import KiwoomClient

        if target not in self._clients:
            # session-only and holding nothing but the token the API thread gives: no key, no keyring,
            # so this client cannot issue a token (TokenManager.can_issue is False) nor store one anywhere
            self._clients[target] = KiwoomClient(
                target.env,
                base_url=target.base_url,
                store=CredentialStore(session_only=True),
                timeouts=self._timeouts,
                should_stop=self.stopping.is_set,
            )
        return self._clients[target]

    def _wait_for_token(self, run: _Lookup, refused: int | None) -> None:
        target = run.request.target
        first = target not in self._waiting
        self._waiting.setdefault(target, []).append(run)
        if target in self._fresh_asked:  # it goes on with the coming token once, as the lookup that asked
            run.fresh_token_asked = True
            return
        if refused is not None:
            run.fresh_token_asked = True
            self._fresh_asked.add(target)
            self.need_token.emit(target, refused)
        elif first:  # one ask per target until it is answered
            self.need_token.emit(target, None)

    @Slot(object)
    def take_token(self, live: LiveToken) -> None:
        """The API thread's answer to ``need_token``: the token, or why there is none (then the lookups
        waiting for it fail with that reason; the form stays usable on the tick rule)."""
        if live.token is None:
            self._fresh_asked.discard(live.target)
            for run in self._waiting.pop(live.target, []):
                self._finish(run, error=live.problem or "?")
            return
        self.new_token(live)

    @Slot(object)
    def new_token(self, live: LiveToken) -> None:
        """A token the API thread has (asked for, issued or pasted): used from now on at its target."""
        if live.token is None or (live.target not in self._clients and live.target not in self._waiting):
            return  # a problem of the live connection's, or a target never looked up here
        if live.generation < self._generations.get(live.target, 0):
            return  # older than the one held (an answer overtaken by an announcement)
        try:
            client = self._client(live.target)
        except Exception as exc:  # e.g. an unusable base URL
            for run in self._waiting.pop(live.target, []):
                self._finish(run, error=str(exc))
            return
        client.tokens.set_pasted(live.token.reveal())  # in this client's memory only
        self._generations[live.target] = live.generation
        self._fresh_asked.discard(live.target)
        for run in self._waiting.pop(live.target, []):
            self._step.emit(run)

    @Slot(str)
    def forget_tokens(self, env: str) -> None:
        """The keys or the token of ``env`` were removed or revoked: the next lookup asks again."""
        for target, client in self._clients.items():
            if target.env == env:
                client.tokens.invalidate()

    @Slot()
    def shut_down(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()
        self._waiting.clear()
        self._fresh_asked.clear()

    # --- lookups -----------------------------------------------------------------------------------------
    @Slot(object)
    def lookup(self, request: InstrumentRequest) -> None:
        key = (request.target.env, request.target.base_url, request.code)
        if key in self._running:  # already asked: the running lookup answers this one too
            return
        run = _Lookup(request)
        self._running[key] = run
        self._request(run)

    @Slot(object)
    def _request(self, run: _Lookup) -> None:
        from ...instrument.parse import answer_mismatch, instrument_from_answers, unknown_code

        if self.stopping.is_set():
            return self._finish(run, error="프로그램을 닫는 중")
        try:
            client = self._client(run.request.target)
        except Exception as exc:  # e.g. an unusable base URL
            return self._finish(run, error=str(exc))
        if client.tokens.current() is None:  # never issued here: the API thread's token, once it comes
            return self._wait_for_token(run, None)
        api_id = _STEPS[run.step]
        delay = client.query_delay(api_id)
        if delay > 0:  # paced: wait on a timer, so other lookups and tokens are handled meanwhile
            QTimer.singleShot(int(delay * 1000) + 1, self, lambda: self._step.emit(run))
            return
        run.used = self._generations.get(run.request.target, 0)
        try:
            page = client.query_page(api_id, {"stk_cd": run.request.code}, tries=1)
        except Exception as exc:  # a bug must not leave the form "조회 중" for ever
            return self._finish(run, error=reason_in_korean(exc))
        if not page.ok and page.rate_limited and run.rate_limited < _RATE_LIMIT_TRIES:
            run.rate_limited += 1  # a lookup is safe to ask again; the pacer has backed off
            QTimer.singleShot(int(max(client.query_delay(api_id), 0.2) * 1000), self, lambda: self._step.emit(run))
            return
        if not page.ok and _token_refused(page) and not run.fresh_token_asked:
            if self._generations.get(run.request.target, 0) != run.used:  # a newer token came meanwhile: use it
                run.fresh_token_asked = True  # once: a second refusal is the lookup's failure
                self._step.emit(run)
                return
            client.tokens.invalidate()  # the lookups after it wait for the new one instead of being refused too
            return self._wait_for_token(run, run.used)
        run.rate_limited = 0
        code = run.request.code
        try:
            answer = dict(page.rows_body or {}) if page.ok else None
            if answer is not None:  # an answer about another stock is never this one's (nor its band)
                other = answer_mismatch(code, answer, _ANSWER_CODE_KEYS[run.step])
                if other:
                    return self._finish(run, error=other)
            if run.step == 0:
                if answer is None:
                    if unknown_code(page.return_msg):  # the host's words go along: its [1902] is shown
                        return self._finish(run, unknown=True, error=page.return_msg)
                    return self._finish(run, error=page.message or page.return_msg)
                run.basic, run.step = answer, 1
                self._step.emit(run)  # queued: other work of this thread goes before ka10100
                return
            # ka10100 failing alone still leaves name, price and band: the instrument with partial info
            instrument = instrument_from_answers(code, run.basic, answer)
            self._finish(run, instrument=dataclasses.replace(instrument, day=self._clock().date().isoformat()))
        except Exception as exc:  # never let an exception escape a worker slot
            self._finish(run, error=reason_in_korean(exc))

    def _finish(self, run: _Lookup, *, instrument=None, unknown: bool = False, error: str = "") -> None:
        target = run.request.target
        self._running.pop((target.env, target.base_url, run.request.code), None)
        host = ""
        try:
            host = self._client(target).base_url
        except Exception:
            pass
        self.instrument_done.emit(
            InstrumentDone(
                env=target.env,
                host=host,
                code=run.request.code,
                instrument=instrument,
                unknown=unknown,
                error=error,
                fetched_at=self._clock().strftime("%H:%M:%S"),
            )
        )
