"""Frozen dataclasses that cross between the GUI thread and the API worker thread (no Qt)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the window imports this before the HTTP stack is loaded
    from ..host.client import OrderResult
    from ..instrument.model import Instrument


@dataclass(frozen=True)
class Target:
    """Where an order goes: an environment, its host, and whose credentials."""

    env: str  # "simulator", "mock" or "real"
    base_url: str | None = None  # None: the environment's own host
    demo: bool = False  # demo credentials held in memory (the simulator)


@dataclass(frozen=True)
class OrderRequest:
    request_id: int
    target: Target
    api_id: str
    body: Mapping[str, str]
    price_kind: str = "stock"  # the tick grid the form judged the price on (an ETF: "etf"); checked again
    # the Send was judged with the journal's history in the log (an earlier 확인 필요 order of the same body would have
    # been seen and asked about); False: clicked before it arrived, so the API thread looks in the journal itself
    unknown_checked: bool = True


@dataclass(frozen=True)
class OrderDone:
    request_id: int
    journal_id: int | None
    result: OrderResult


@dataclass(frozen=True)
class CredentialCommand:
    """``action``: status, save_keys, paste_token, issue, revoke, forget_keys."""

    target: Target
    action: str
    appkey: str = ""
    secretkey: str = ""
    token: str = ""

    def __repr__(self) -> str:  # never show what was typed
        return f"CredentialCommand(target={self.target!r}, action={self.action!r})"


@dataclass(frozen=True)
class CredentialStatus:
    env: str
    has_appkey: bool
    has_secretkey: bool
    token_masked: str
    token_expires: str
    message: str = ""
    problem: str | None = None


@dataclass(frozen=True)
class QueryRequest:
    """Refresh one account view (its queries, every page) or ask for the account number (view "account")."""

    view: str  # "open_orders", "executions", "positions" or "account"
    target: Target


@dataclass(frozen=True)
class QueryDone:
    """A view's rows as the host gave them: ``rows`` None when the refresh failed (the view keeps what it
    had); ``complete`` False when the page limit cut the list."""

    view: str
    env: str
    host: str
    rows: tuple | None  # packed rows (account.rows.pack_rows; each with its query's venue), or (AccountRow, venue)
    complete: bool
    pages: int
    fetched_at: str  # KST HH:MM:SS
    error: str = ""
    account: str | None = None  # for view "account": the account number
    texts: tuple | None = None  # every cell's text, computed on the API thread (the GUI only shows it)
    started: float | None = None  # time.monotonic() when the refresh began: live events after it are not in it


@dataclass(frozen=True)
class OrderResolved:
    """What looking for an order of unknown outcome found (``ord_no``) or did not (``ord_no`` None)."""

    journal_id: int
    request_id: int | None
    ord_no: str | None
    message: str
    final: bool  # no more tries
    candidates: tuple = ()  # attribution.Candidate: orders that could be it, unproven (the user may pick one)


@dataclass(frozen=True)
class InstrumentRequest:
    """Look up one stock code (ka10001 then ka10100) at ``target``; ``venue`` is the form's exchange."""

    target: Target
    code: str  # the normalised 6-character code
    venue: str = ""


@dataclass(frozen=True)
class InstrumentDone:
    """What the host said about ``code``: an instrument, or that the code is unknown, or why it failed."""

    env: str
    host: str
    code: str
    instrument: Instrument | None
    unknown: bool = False  # the host said the code does not exist
    error: str = ""  # Korean, when the lookup failed (the form stays usable); unknown: the host's message
    fetched_at: str = ""  # KST HH:MM:SS


@dataclass(frozen=True)
class LiveToken:
    """The token the live connection at ``target`` logs in with (a masked ``SecretToken``), or why there is
    none (``token`` None, ``problem`` in Korean)."""

    target: Target
    host: str
    token: object | None  # kiwoom_gui.live.live_status.SecretToken: its repr never shows the value
    problem: str = ""
    generation: int = 0  # the API thread's count of tokens at this target: a refusal names the one it used
    relogin: bool = False  # the user issued or pasted it (another account, perhaps): a live session logs in again
