"""The account beside the ticket, following the environment: on a switch nothing shown may pass for the new
one's (the forms' order numbers and loan dates go, the views clear), the account number is asked once, every view
is refreshed, and this trading day's orders of unknown outcome are looked for there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from ...base.payloads import CredentialStatus, QueryDone, QueryRequest, Target
from ...host.environments import environment
from ..account.account_panel import VIEWS, AccountPanel
from ..account.account_view import views_data

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from ..controller import OrderController
    from ..instrument.instrument_lookup import InstrumentLookup
    from ..instrument.name_completer import NameCompleter
    from ..live.live_wiring import LiveWiring
    from .number_origins import NumberOrigins


class AccountWindow(Protocol):
    """What this reads of the window (a protocol: the window imports this module, not back)."""

    account: AccountPanel
    controller: OrderController
    live: LiveWiring
    instrument_lookup: InstrumentLookup
    names: NameCompleter
    origins: NumberOrigins
    account_label: QLabel

    @property
    def env(self) -> str: ...

    @property
    def closing(self) -> bool: ...

    @property
    def started(self) -> bool: ...

    def target(self) -> Target: ...

    def host(self, target: Target | None = None) -> str: ...


class AccountWiring(QObject):
    switched = Signal()  # another environment or host: what was heard of the last one is forgotten
    refreshing = Signal()  # the account views are asked afresh (F5, after an answer, on a switch)

    def __init__(self, window: AccountWindow) -> None:
        super().__init__(window)  # type: ignore[arg-type]  (the window is a QObject)
        self._w = window
        self.number: str | None = None  # the account the token trades (ka00001), once known
        self._tokens: dict[str, str] = {}  # env → the masked token its last credential status named
        window.controller.query_done.connect(self._on_query_done)
        window.controller.credential_status.connect(self._on_credentials)

    @Slot(object)
    def _on_credentials(self, status: CredentialStatus) -> None:
        """A token the user issued or pasted may trade another account (review 5: the window kept naming the
        first one, and the live gate admitted its events): the environment shown is loaded afresh."""
        previous = self._tokens.get(status.env)
        self._tokens[status.env] = status.token_masked or ""
        if previous is not None and status.token_masked and status.token_masked != previous:
            if status.env == self._w.env:
                self.changed()

    def changed(self) -> None:
        """Another environment or host: load it afresh."""
        w = self._w
        w.account.clear()
        w.origins.target_changed()
        self.number = None
        self._show_number()
        w.instrument_lookup.environment_changed()  # another host's answer never stands for this one's
        w.names.environment_changed()  # and another's stock list neither
        self.switched.emit()
        if w.started and not w.closing:
            self.refresh()
            w.controller.look_for_unknowns(w.target())
            w.live.follow()

    def _show_number(self) -> None:
        texts, label = views_data()["texts"], environment(self._w.env).label
        if self.number:
            from ...account.rows import mask_account

            self._w.account_label.setText(texts["account"].format(number=mask_account(self.number), env=label))
        else:
            self._w.account_label.setText(texts["account_unknown"].format(env=label))

    @Slot()
    def refresh(self) -> None:
        """F5 / the button / after an answer / on a switch: every account view, and the number if unknown."""
        w = self._w
        if w.closing:
            return
        target = w.target()
        if w.live.never_started and w.started:
            w.live.follow()  # the first F5 of a default start: the live connection comes along
        w.names.ensure()  # the stock list, once a KST day (a file in the data folder, else ka10099)
        if not self.number:
            w.controller.refresh(QueryRequest("account", target))
        for view in VIEWS:
            w.account.views[view].set_loading()
            w.controller.refresh(QueryRequest(view, target))
        self.refreshing.emit()

    @Slot(object)
    def _on_query_done(self, done: QueryDone) -> None:
        w = self._w
        if (done.env, done.host) != (w.env, w.host()):
            return  # for an environment no longer shown
        if done.view == "account":
            if done.account:
                self.number = done.account
                self._show_number()
            w.account.update_actions()  # rows are offered only once the account is known
            w.live.account_answered(done)  # live events wait for it
            return
        w.account.show_result(done)
        w.live.query_landed(done)  # events newer than this list: it is asked for again
