"""ApiWorker: lives in the one API thread. Journals, sends, and touches the keyring — never the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from ..base.error_words import reason_in_korean
from ..base.payloads import CredentialCommand, CredentialStatus, OrderDone, OrderRequest, Target
from ..host.answers import Outcome
from ..host.request_headers import masked_request_headers
from ..records.journal_entry import now_iso
from .account.account_tasks import AccountTasks
from .api_queue import ApiQueue
from .credit.credit_tasks import CreditTasks

if TYPE_CHECKING:
    from ..host.auth import CredentialStore
    from ..host.client import KiwoomClient
    from ..records.journal import Journal

# The HTTP stack (requests, urllib3), keyring and sqlite3 are imported on this thread when first
# used, not at start-up: the first paint needs none of them.


class ApiWorker(QObject):
    order_sent = Signal(int)  # request_id: its bytes are on the wire (the GUI's bookkeeping waits for this)
    order_done = Signal(object)  # OrderDone
    history_loaded = Signal(object)  # list[JournalEntry]; None: the history could not be read
    credential_status = Signal(object)  # CredentialStatus
    notice = Signal(str)
    live_token = Signal(object)  # LiveToken: asked for, or a new token issued or pasted (log in again with it)
    lookup_token = Signal(object)  # LiveToken: the answer to the lookup thread's ask (it never issues one)

    def __init__(
        self,
        journal_path: Path,
        timeouts: tuple[float, float] | None = None,
        orders_per_second: float | None = None,
    ) -> None:
        super().__init__()
        self._journal_path = journal_path
        self._timeouts = timeouts
        self._orders_per_second = orders_per_second  # None: the environment's limit
        self._journal: Journal | None = None
        self._journal_problem: str | None = None
        self._clients: dict[Target, KiwoomClient] = {}
        self._generations: dict[Target, int] = {}  # of clients dropped: a new client's tokens count on from there
        self._stores: dict[str, CredentialStore] = {}
        self._user_token = False  # a token being issued or pasted from 자격증명: the live session logs in again
        self.stopping = threading.Event()  # set from the GUI thread at close: queued orders are not sent
        # one line for orders and query pages: a waiting order is taken before any page (moved with this parent)
        self.queue = ApiQueue(self.send, parent=self)
        # queries and the search for unknown orders: same thread, same clients, pages through the queue
        self.tasks = AccountTasks(
            self._client, lambda: self._journal, self.stopping.is_set, parent=self, schedule=self.queue.add_page
        )
        # the stock list behind the 종목코드 completer (ka10099): same queue, orders first; kept beside the journal
        from .instrument.stock_list_tasks import StockListTasks

        self.names = StockListTasks(self._client, journal_path.parent, self.stopping.is_set, self.queue.add_page, self)
        # the credit desk's kt00001 / kt00012 / kt20017 (issue 19): the same queue, orders first
        self.credit = CreditTasks(self._client, self.stopping.is_set, self.queue.add_page, parent=self)
        # what a stock code is runs on its own thread and clients (InstrumentTasks): never ahead of an order
        # the 호가 snapshot (ka10007) seeding the ladder: a query page like any other, behind every waiting order
        from .market.book_snapshots import BookSnapshots

        self.snapshots = BookSnapshots(self._client, self.stopping.is_set, self.queue.add_page, parent=self)

    # --- set-up and tear-down (run in the worker thread) ---------------------------------------
    @Slot()
    def start_up(self) -> None:
        from ..base.kst import kst_today
        from ..records.journal import Journal, JournalError
        from ..records.second_order import may_hide_unknown

        try:
            self._journal = Journal(self._journal_path)
            notes = self._move_side_file()  # before recover(): an outcome kept there is not 확인 필요
            recovered = self._journal.recover()
            entries, unreadable = self._journal.recent_readable()
            if may_hide_unknown(self._journal, unreadable, kst_today()):  # first: the window keeps "not known"
                self.history_loaded.emit(None)
            self.history_loaded.emit(entries)
            if recovered:
                notes.append(f"응답 없이 끝난 주문 {recovered}건을 '확인 필요'로 표시했습니다.")
            if unreadable:
                shown = ", ".join(str(i) for i in unreadable[:5]) + (" …" if len(unreadable) > 5 else "")
                notes.append(f"읽을 수 없는 주문 기록 {len(unreadable)}건(id {shown})을 건너뛰고 나머지를 보여 줍니다.")
            if notes:
                self.notice.emit(" ".join(notes))
        except JournalError as exc:
            self._journal_problem = str(exc)
            self.notice.emit(f"{exc} — 주문 기록을 쓸 수 없으면 주문을 보내지 않습니다.")
            self._history_not_known()
        except Exception as exc:  # never let an exception escape a worker slot: the history must always answer
            self.notice.emit(f"주문 기록을 읽지 못했습니다 ({reason_in_korean(exc)}).")
            self._history_not_known()
        # the first order must not pay for importing the HTTP stack and the keyring: load them now,
        # on this thread, while the user is still reading the window
        from ..host import client  # noqa: F401

    def _history_not_known(self) -> None:
        """The journal opened but its history could not be read: None, so each Send asks (an earlier 확인 필요 order of
        the same body cannot be seen). Not opened at all: every order is refused here anyway, so nothing to ask."""
        self.history_loaded.emit(None if self._journal is not None else [])

    @Slot()
    def shut_down(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()
        if self._journal:
            self._journal.close()
            self._journal = None

    # --- credentials -----------------------------------------------------------------------------
    def _store(self, target: Target) -> CredentialStore:
        from ..host.auth import CredentialStore

        key = "demo" if target.demo else "keyring"
        if key not in self._stores:
            store = CredentialStore(session_only=target.demo)
            if target.demo:
                from ..simulator import DEMO_APPKEY, DEMO_SECRETKEY

                store.set(target.env, "appkey", DEMO_APPKEY)
                store.set(target.env, "secretkey", DEMO_SECRETKEY)
            self._stores[key] = store
        return self._stores[key]

    def _client(self, target: Target) -> KiwoomClient:
        from ..host.client import KiwoomClient

        if target not in self._clients:
            client = KiwoomClient(
                target.env,
                base_url=target.base_url,
                store=self._store(target),
                timeouts=self._timeouts,
                orders_per_second=self._orders_per_second,
                should_stop=self.stopping.is_set,
            )
            client.tokens.on_new_token = lambda token, target=target: self._emit_live_token(target, token.value)
            client.tokens.generation = self._generations.get(target, 0)  # never counts back: "newer" stays true
            client.queries.run_aside = self.queue.run_aside  # an order clicked while a page is on the wire: at once
            self._clients[target] = client
        return self._clients[target]

    # --- the live connection's token ---------------------------------------------------------------
    def _emit_live_token(self, target: Target, value: str, problem: str = "", signal=None) -> None:
        from ..base.payloads import LiveToken
        from ..live.live_status import SecretToken

        client = self._clients.get(target)
        host, generation = (client.base_url, client.tokens.generation) if client is not None else ("", 0)
        token = SecretToken(value) if value else None
        (signal or self.live_token).emit(LiveToken(target, host, token, problem, generation, self._user_token))

    @Slot(object, object)
    def give_live_token(self, target: Target, refused: int | None) -> None:
        """The token for the live connection at ``target``; ``refused``: the generation the host refused, so
        a newer one is wanted — the current one if it is newer already, else one issued when the keys allow (a
        pasted token cannot be renewed here: say so instead)."""
        text = "실시간 서버가 토큰을 거부했습니다 — 자격증명에서 새 토큰을 넣으세요."
        self._give_token(target, refused, self.live_token, text)

    @Slot(object, object)
    def give_lookup_token(self, target: Target, refused: int | None) -> None:
        """The token for the lookup thread's client at ``target`` (answered with ``lookup_token``); ``refused``:
        the generation the host refused there. Issued here, on the order thread, when there is none."""
        text = "종목 조회에서 토큰이 거부되었습니다 — 자격증명에서 새 토큰을 넣으세요."
        self._give_token(target, refused, self.lookup_token, text)

    def _give_token(self, target: Target, refused: int | None, signal, text: str) -> None:
        from ..host.auth import AuthError

        try:
            tokens = self._client(target).tokens
            if refused is None:
                self._emit_live_token(target, tokens.token().value, signal=signal)
                return
            newer = tokens.generation != refused and tokens.current() is not None
            if not newer and not tokens.can_issue():
                self._emit_live_token(target, "", text, signal=signal)
                return
            # one issue per generation: refusals of one that is replaced already get the newer token
            token = tokens.fresh_after(refused)  # a new one is announced through on_new_token (live_token)
            if newer or signal is not self.live_token:
                self._emit_live_token(target, token.value, signal=signal)
        except AuthError as exc:
            self._emit_live_token(target, "", str(exc), signal=signal)
        except Exception as exc:  # never let an exception escape a worker slot
            self._emit_live_token(target, "", f"토큰을 준비하지 못했습니다 ({reason_in_korean(exc)}).", signal=signal)

    def _status(self, target: Target, message: str = "") -> CredentialStatus:
        store = self._store(target)
        has_appkey, has_secret = (
            bool(store.get(target.env, "appkey")),
            bool(store.get(target.env, "secretkey")),
        )
        token = store.token(target.env)
        return CredentialStatus(
            target.env,
            has_appkey,
            has_secret,
            token.masked() if token else "",
            token.expires_kst() if token else "",
            message,
            store.problem,
        )

    @Slot(object)
    def credentials(self, command: CredentialCommand) -> None:
        from ..host.auth import AuthError

        target, message = command.target, ""
        try:
            store = self._store(target)
            if command.action == "save_keys":
                if command.appkey:
                    store.set(target.env, "appkey", command.appkey.strip())
                if command.secretkey:
                    store.set(target.env, "secretkey", command.secretkey.strip())
                message = "키를 저장했습니다."
            elif command.action == "forget_keys":
                for name in ("appkey", "secretkey", "token"):
                    store.delete(target.env, name)
                self._drop_clients(target.env)
                message = "이 환경의 키와 토큰을 지웠습니다."
            elif command.action == "paste_token":
                self._user_token = True
                token = self._client(target).tokens.set_pasted(command.token)
                message = "토큰을 저장했습니다." if token else "토큰이 비어 있습니다."
            elif command.action == "issue":
                self._user_token = True
                # the stored token stays until a new one has arrived: a failed issue must not leave none
                token = self._client(target).tokens.issue()
                message = f"토큰을 발급했습니다 (만료 {token.expires_kst()})."
            elif command.action == "revoke":
                message = self._client(target).tokens.revoke().message
        except AuthError as exc:
            message = str(exc)
        except Exception as exc:  # never let an exception escape a worker slot
            message = f"처리하지 못했습니다 ({reason_in_korean(exc)})."
        finally:
            self._user_token = False
        self.credential_status.emit(self._status(target, message))

    def _drop_clients(self, env: str) -> None:
        for target in [t for t in self._clients if t.env == env]:
            client = self._clients.pop(target)
            self._generations[target] = client.tokens.generation
            client.close()

    # --- orders ----------------------------------------------------------------------------------
    def post(self, request: OrderRequest) -> None:
        """From the GUI thread: send ``request`` on this thread before any query page not yet started."""
        self.queue.post_order(request)

    def send(self, request: OrderRequest) -> None:
        """Journal, send, journal the outcome — and always answer with ``order_done``, whatever fails.
        Run by the queue's turn (never straight from the GUI thread)."""
        from ..host.client import OrderResult

        headers = masked_request_headers(request.api_id)

        def result_of(outcome: Outcome, message: str) -> OrderResult:
            return OrderResult(
                request.api_id, request.target.env, "", headers, dict(request.body), outcome, message
            )

        intent: list[int] = []  # the journal id, once the order is written down (and so may leave)
        try:
            result = self._send(request, headers, result_of, intent)
        except Exception as exc:  # a bug: after the journal entry the order may have left
            outcome = Outcome.UNKNOWN if intent else Outcome.NOT_SENT
            result = result_of(outcome, f"{outcome.explanation} ({reason_in_korean(exc)})")
        self.order_done.emit(OrderDone(request.request_id, intent[0] if intent else None, result))

    def _send(self, request: OrderRequest, headers: dict[str, str], result_of, intent: list[int]):
        from ..records.journal import JournalError

        if self.stopping.is_set():
            return result_of(Outcome.NOT_SENT, "프로그램을 닫는 중이라 보내지 않았습니다.")
        if self._journal is None:
            return result_of(
                Outcome.NOT_SENT, f"주문 기록을 쓸 수 없어 보내지 않았습니다. {self._journal_problem or ''}".strip()
            )
        try:
            client = self._client(request.target)
        except Exception as exc:  # e.g. an unusable base URL: nothing was opened, nothing sent
            return result_of(Outcome.NOT_SENT, f"주문을 보내지 않았습니다: {reason_in_korean(exc)}")
        if not request.unknown_checked:  # clicked before the history reached the log: not known is not none
            from ..base.kst import kst_today
            from ..records.second_order import second_order_refusal

            env, body = request.target.env, request.body
            refusal = second_order_refusal(self._journal, request.api_id, body, env, client.base_url, kst_today())
            if refusal:
                return result_of(Outcome.NOT_SENT, refusal)
        created_at = now_iso()
        try:
            journal_id = self._journal.record_intent(
                request.target.env, request.api_id, request.body, headers, client.base_url
            )
        except JournalError as exc:
            return result_of(Outcome.NOT_SENT, f"{exc} — 주문을 보내지 않았습니다.")
        intent.append(journal_id)
        try:
            result = client.send_order(
                request.api_id,
                request.body,
                on_sent=lambda: self.order_sent.emit(request.request_id),
                price_kind=request.price_kind,  # judged again on the grid the form used (an ETF: 5원)
            )
        except Exception as exc:  # a bug must not leave the order looking unsent: it may have left
            result = result_of(Outcome.UNKNOWN, f"{Outcome.UNKNOWN.explanation} ({reason_in_korean(exc)})")
        result = self._record_outcome(journal_id, result, client.base_url)
        if result.outcome is Outcome.UNKNOWN:  # look for it in today's orders; never resend it
            from ..account.reconcile import Intent

            env, host = request.target.env, client.base_url
            intent = Intent(journal_id, request.api_id, dict(request.body), created_at, env, host)
            self.tasks.look_for(intent, request.target, request.request_id)
        return result

    def _record_outcome(self, journal_id: int, result, host: str):
        """Store the outcome; if the full answer cannot be stored, at least the outcome, the checked number and
        why; if the journal takes nothing (disk full, file locked), the fsync'd side file that the next start
        moves into the journal; if that fails too, the row itself says 기록되지 않음 with the number.
        Returns the result as the log shows it (its message says which of these happened)."""
        from dataclasses import replace

        from ..base.resources_io import load_json
        from ..records.journal import JournalError
        from ..records.outcome_fallback import append_outcome, fallback_path

        problems = load_json("answers.json")["answer_problems"]
        try:
            self._journal.record_outcome(journal_id, result)
            return result
        except Exception as exc:
            problem = problems["outcome_not_recorded"].format(error=reason_in_korean(exc))
        try:
            self._journal.record_bare_outcome(
                journal_id, result.outcome, f"{problem} {result.message}", result.ord_no
            )
            self.notice.emit(problem)
            return result
        except JournalError as exc:
            journal_error = str(exc)
        path = fallback_path(self._journal_path)
        try:
            append_outcome(path, journal_id, result, host)
            note = problems["outcome_in_side_file"].format(error=journal_error, file=path.name)
            short = problems["note_side_file"]
        except (OSError, ValueError) as exc:
            note = problems["outcome_not_journalled"].format(
                error=f"{journal_error}; {reason_in_korean(exc)}", no=result.ord_no or "없음"
            )
            short = problems["note_not_journalled"]
        self.notice.emit(note)
        return replace(result, message=f"{note} {result.message}", journal_note=short)

    def _move_side_file(self) -> list[str]:
        """Move the outcomes a full or locked journal could not take into it (start-up, before recover)."""
        from ..records.journal import JournalError
        from ..records.outcome_fallback import fallback_path, read_outcomes, write_outcomes

        path = fallback_path(self._journal_path)
        if not path.exists():
            return []
        try:
            records = read_outcomes(path)
            applied, unmatched = self._journal.apply_fallback(records)
            write_outcomes(path, unmatched)  # kept: an order number is never thrown away unmatched
        except (OSError, JournalError) as exc:
            reason = reason_in_korean(exc)
            return [
                f"보조 파일 {path.name}의 주문 결과를 주문 기록에 옮기지 못했습니다 ({reason}) — 파일은 그대로 둡니다."
            ]
        notes = [f"보조 파일에 남은 주문 결과 {applied}건을 주문 기록에 옮겼습니다."] if applied else []
        if unmatched:
            numbers = ", ".join(str(r.get("ord_no") or "없음") for r in unmatched[:5])
            notes.append(
                f"보조 파일 {path.name}의 주문 결과 {len(unmatched)}건(주문번호 {numbers})은 "
                "맞는 주문 기록이 없어 옮기지 않았습니다."
            )
        return notes
