"""ApiWorker: lives in the one API thread. Journals, sends, and touches the keyring — never the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from ..answers import Outcome
from ..payloads import CredentialCommand, CredentialStatus, OrderDone, OrderRequest, Target
from ..request_headers import masked_request_headers

if TYPE_CHECKING:
    from ..auth import CredentialStore
    from ..client import KiwoomClient
    from ..journal import Journal

# The HTTP stack (requests, urllib3), keyring and sqlite3 are imported on this thread when first
# used, not at start-up: the first paint needs none of them.


class ApiWorker(QObject):
    order_done = Signal(object)  # OrderDone
    history_loaded = Signal(object)  # list[JournalEntry]
    credential_status = Signal(object)  # CredentialStatus
    notice = Signal(str)

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
        self._stores: dict[str, CredentialStore] = {}
        self.stopping = threading.Event()  # set from the GUI thread at close: queued orders are not sent

    # --- set-up and tear-down (run in the worker thread) ---------------------------------------
    @Slot()
    def start_up(self) -> None:
        from ..journal import Journal, JournalError

        try:
            self._journal = Journal(self._journal_path)
            recovered = self._journal.recover()
            self.history_loaded.emit(self._journal.recent())
            if recovered:
                self.notice.emit(f"응답 없이 끝난 주문 {recovered}건을 '확인 필요'로 표시했습니다.")
        except JournalError as exc:
            self._journal_problem = str(exc)
            self.notice.emit(f"{exc} — 주문 기록을 쓸 수 없으면 주문을 보내지 않습니다.")
            self.history_loaded.emit([])

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
        from ..auth import CredentialStore

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
        from ..client import KiwoomClient

        if target not in self._clients:
            self._clients[target] = KiwoomClient(
                target.env,
                base_url=target.base_url,
                store=self._store(target),
                timeouts=self._timeouts,
                orders_per_second=self._orders_per_second,
            )
        return self._clients[target]

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
        from ..auth import AuthError

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
                token = self._client(target).tokens.set_pasted(command.token)
                message = "토큰을 저장했습니다." if token else "토큰이 비어 있습니다."
            elif command.action == "issue":
                self._client(target).tokens.invalidate()
                token = self._client(target).tokens.issue()
                message = f"토큰을 발급했습니다 (만료 {token.expires_kst()})."
            elif command.action == "revoke":
                message = self._client(target).tokens.revoke().message
        except AuthError as exc:
            message = str(exc)
        except Exception as exc:  # never let an exception escape a worker slot
            message = f"처리하지 못했습니다 ({type(exc).__name__})."
        self.credential_status.emit(self._status(target, message))

    def _drop_clients(self, env: str) -> None:
        for target in [t for t in self._clients if t.env == env]:
            self._clients.pop(target).close()

    # --- orders ----------------------------------------------------------------------------------
    @Slot(object)
    def send(self, request: OrderRequest) -> None:
        from ..client import OrderResult
        from ..journal import JournalError

        headers = masked_request_headers(request.api_id)

        def refused(message: str) -> None:
            result = OrderResult(
                request.api_id, request.target.env, "", headers, dict(request.body), Outcome.NOT_SENT, message
            )
            self.order_done.emit(OrderDone(request.request_id, None, result))

        if self.stopping.is_set():
            return refused("프로그램을 닫는 중이라 보내지 않았습니다.")
        if self._journal is None:
            return refused(f"주문 기록을 쓸 수 없어 보내지 않았습니다. {self._journal_problem or ''}".strip())
        try:
            journal_id = self._journal.record_intent(request.target.env, request.api_id, request.body, headers)
        except JournalError as exc:
            return refused(f"{exc} — 주문을 보내지 않았습니다.")
        try:
            result = self._client(request.target).send_order(request.api_id, request.body)
        except Exception as exc:  # a bug must not leave the order looking unsent: it may have left
            result = OrderResult(
                request.api_id,
                request.target.env,
                "",
                headers,
                dict(request.body),
                Outcome.UNKNOWN,
                f"{Outcome.UNKNOWN.explanation} ({type(exc).__name__})",
            )
        try:
            self._journal.record_outcome(journal_id, result)
        except JournalError as exc:
            self.notice.emit(str(exc))
        self.order_done.emit(OrderDone(request.request_id, journal_id, result))
