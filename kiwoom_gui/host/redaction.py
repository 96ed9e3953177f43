"""Keep secrets out of text: masks for display, a registry of every secret this run has used, and the one
function host text passes through where it enters the program.

A host may echo a secret anywhere (a stock name, a reject reason, a notice), and a token of one environment
may come back from another: so every secret the process has used — every token issued, loaded or pasted, every
app key and secret key, of every environment — is scrubbed from every host text. The registry is fed where
secrets enter (:class:`~kiwoom_gui.host.auth.Token`, the credential store, the live connection's token) and
never forgets during the run (a replaced token is still a secret).

Matching: case-sensitive, the secret as it is, and as it looks JSON-escaped (``\\/``, ``\\"``, ``\\uXXXX``) and
percent-encoded, for a host that echoes it inside a raw text. Only secrets of 8 characters or more are
registered: a shorter value is no real key or token, and masking it would cut into ordinary text (digits,
dates). A secret split by the host into pieces is not found; a piece cut off by our own excerpt cannot happen,
as text is scrubbed before it is cut.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import TypeVar
from urllib.parse import quote

MASK = "****"
MIN_KNOWN = 8  # shortest secret the registry keeps (see above)

_T = TypeVar("_T")
_lock = threading.Lock()
_secrets: set[str] = set()
_forms: tuple[str, ...] = ()  # every form of every registered secret, longest first (read without the lock)


def mask_secret(value: str | None) -> str:
    """``abcd…wxyz`` for long secrets (enough to tell two apart), ``****`` for short or empty ones."""
    if not value:
        return ""
    if len(value) < 24:
        return MASK
    return f"{value[:4]}…{value[-4:]}"


def _forms_of(secret: str) -> set[str]:
    """The secret as sent, JSON-escaped (with and without ``\\/``, ASCII-only or not) and percent-encoded."""
    escaped = {json.dumps(secret, ensure_ascii=a)[1:-1] for a in (False, True)}
    return {secret, quote(secret, safe=""), *escaped, *(e.replace("/", "\\/") for e in escaped)}


def remember(*values: str | None) -> None:
    """Register secrets this run has used; from now on they are scrubbed from every host text."""
    global _forms
    new = {v for v in values if isinstance(v, str) and len(v) >= MIN_KNOWN} - _secrets
    if not new:
        return
    with _lock:
        _secrets.update(new)
        forms = set(_forms).union(*(_forms_of(s) for s in new))
        _forms = tuple(sorted(forms, key=len, reverse=True))


def forget_all() -> None:
    """A new run: the registry empties (for tests, which run many 'programs' in one process)."""
    global _forms
    with _lock:
        _secrets.clear()
        _forms = ()


def _with(secrets: Iterable[str | None]) -> tuple[str, ...]:
    """The registered forms, plus those of ``secrets`` (4 characters or more) that are not registered."""
    extra = {s for s in secrets if s and len(s) >= 4 and s not in _secrets}
    if not extra:
        return _forms
    return tuple(sorted(set(_forms).union(*(_forms_of(s) for s in extra)), key=len, reverse=True))


def _replace(text: str, forms: tuple[str, ...]) -> str:
    for form in forms:
        if form in text:
            text = text.replace(form, MASK)
    return text


def scrub(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every form of every registered secret, and of each of ``secrets`` (4 characters or more),
    replaced by ``****``."""
    return _replace(text, _with(secrets))


def scrubber(secrets: Iterable[str | None] = ()) -> Callable[[str], str]:
    """:func:`scrub` with the secrets of this moment fixed: for the many texts of one answer (a page read item
    by item scrubs each text it keeps with it)."""
    forms = _with(secrets)
    return partial(_replace, forms=forms) if forms else _same


def _same(text: str) -> str:
    return text


def from_host(value: _T, secrets: Iterable[str | None] = ()) -> _T:
    """THE way host text enters the program: ``value`` — a text, or a JSON answer (dicts, lists; keys too) — with
    every registered secret (and ``secrets``) scrubbed from each of its texts; other values as they are. May raise
    RecursionError on JSON nested past the limit (as ``json`` itself does)."""
    forms = _with(secrets)
    return _clean(value, forms) if forms else value


def _clean(value, forms: tuple[str, ...]):
    if isinstance(value, str):
        return _replace(value, forms)
    if isinstance(value, dict):
        return {_clean(k, forms): _clean(v, forms) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, forms) for v in value]
    return value
