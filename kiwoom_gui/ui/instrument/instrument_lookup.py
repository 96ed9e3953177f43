"""InstrumentLookup: the window's side of "know the stock before sending" (issue 12).

When a form's stock code becomes a complete, valid code, it waits a moment (typing on never asks for every
half-code), then takes the answer from this session's cache for the current environment and host when it
is fresh, else asks the API thread (``OrderController.lookup_instrument``). Answers land only on forms that
still hold that code, and only while the environment and host they came from are the ones shown: another
environment never supplies an instrument. Nothing here blocks the GUI thread.

What the session already knows applies at once: a code set with a fresh cache entry (typed, filled from
미체결, pasted) gets its instrument immediately, so a Send right after it is judged on its band and warnings.
A failed refresh never erases a known instrument: the last good one stays, with the failure noted; a refresh
that does not say (orderWarning missing, ka10100 failed) keeps a known warning until an answer clears it. A shown
instrument older than the freshness is asked again on a timer (its band is not judged after the KST day
it was fetched on: OrderForm).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Slot

from ...base.kst import KST
from ...base.payloads import InstrumentDone, InstrumentRequest, Target
from ...instrument.merge import keep_known
from ..controller import OrderController
from ..orders.order_form import OrderForm, texts


class InstrumentLookup(QObject):
    def __init__(
        self,
        forms: Mapping[str, OrderForm],
        controller: OrderController,
        target: Callable[[], Target],
        host: Callable[[Target], str],
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        timing = texts()["lookup"]
        self.debounce_ms = int(timing["debounce_ms"])
        self.fresh_s = float(timing["fresh_s"])
        self._forms, self._controller, self._target, self._host, self._clock = forms, controller, target, host, clock
        self._cache: dict[tuple[str, str, str], tuple[float, InstrumentDone]] = {}  # (env, host, code)
        self._asked: set[tuple[str, str, str]] = set()  # lookups on the API thread, not answered yet
        self._timers: dict[str, QTimer] = {}
        self._since: dict[str, float] = {}  # api_id -> when its current code was set (pending until answered)
        for api_id, form in forms.items():
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(self.debounce_ms)
            timer.timeout.connect(lambda api_id=api_id: self.look_up(api_id))
            self._timers[api_id] = timer
            form.stock_code_changed.connect(lambda code, api_id=api_id: self._code_changed(api_id, code))
        controller.instrument_done.connect(self._on_done)
        # "refreshed … after a while": a shown instrument older than fresh_s is asked again
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(int(timing["refresh_check_ms"]))
        self._refresh_timer.timeout.connect(self.refresh_stale)
        self._refresh_timer.start()

    def _code_changed(self, api_id: str, code: str) -> None:
        timer = self._timers[api_id]
        if not code:
            timer.stop()
            self._since.pop(api_id, None)
            return
        self._since[api_id] = self._clock()
        cached = self.cached(*self._env_host(), code) if self._cache else None  # nothing known: no host asked
        if cached is not None:  # known already: applied now, so a Send right after it is judged on it
            timer.stop()
            self._apply(self._forms[api_id], cached)
            return
        timer.start()  # (re)started: only the code the user stops at is looked up

    def pending_s(self, api_id: str) -> float | None:
        """How long the form's current code has waited for its lookup (debounce or in flight), in seconds;
        None when nothing is pending (no code, or its answer, failure or "unknown" has landed)."""
        form = self._forms[api_id]
        if not form.stock_code or form.lookup_settled:
            return None
        return self._clock() - self._since.get(api_id, self._clock())

    @Slot()
    def refresh_stale(self) -> None:
        """Ask again for every shown instrument older than the freshness (kept on the form meanwhile), and
        judge the forms again once the KST day has changed since theirs was fetched."""
        today = dt.datetime.now(KST).date().isoformat()
        for api_id, form in self._forms.items():
            code = form.stock_code
            if not code or form.instrument is None:
                continue
            entry = self._cache.get((*self._env_host(), code))
            if entry is None or self._clock() - entry[0] >= self.fresh_s:
                self.look_up(api_id)
            if form.instrument.day and form.instrument.day != today:
                form.revalidate()  # yesterday's band judges nothing today

    def _where(self) -> tuple[Target, str]:
        target = self._target()
        return target, self._host(target)

    def _env_host(self) -> tuple[str, str]:
        target, host = self._where()
        return target.env, host

    def look_up(self, api_id: str, *, force: bool = False) -> bool:
        """Look up the code ``api_id``'s form holds (from the cache when fresh, unless ``force``); False when
        it holds none."""
        self._timers[api_id].stop()
        form = self._forms[api_id]
        code = form.stock_code
        if not code:
            return False
        target, host = self._where()
        key = (target.env, host, code)
        cached = self._cache.get(key)
        if cached is not None and not force and self._clock() - cached[0] < self.fresh_s:
            self._apply(form, cached[1])
            return True
        form.set_instrument_loading(code)
        if key not in self._asked:  # asked already: that answer lands on every form holding the code
            self._asked.add(key)
            venue = form.raw_values().get("dmst_stex_tp", "")
            self._controller.lookup_instrument(InstrumentRequest(target, code, venue))
        return True

    @Slot(object)
    def refresh(self, form: object) -> None:
        """F5: the current form's stock again, from the host."""
        for api_id, candidate in self._forms.items():
            if candidate is form:
                self.look_up(api_id, force=True)

    def environment_changed(self) -> None:
        """Another environment or host: what was looked up elsewhere is not this one's; ask afresh."""
        for api_id, form in self._forms.items():
            form.clear_instrument()
            if form.stock_code:
                self.look_up(api_id)

    def cached(self, env: str, host: str, code: str) -> InstrumentDone | None:
        """The fresh answer for ``code`` at ``env``/``host``, if there is one."""
        entry = self._cache.get((env, host, code))
        return entry[1] if entry is not None and self._clock() - entry[0] < self.fresh_s else None

    @Slot(object)
    def _on_done(self, done: InstrumentDone) -> None:
        key = (done.env, done.host, done.code)
        self._asked.discard(key)
        failed = done.instrument is None and not done.unknown
        # half an answer (ka10100 failed: no 신용·경고·NXT) is not kept either: kept, it would hide a 투자경고
        # for five minutes; the next look asks both again
        partial = done.instrument is not None and done.instrument.credit_ok is None
        done = self._keep_known(key, done)  # a 투자경고 stays until an answer says orderWarning 0
        if not failed and not partial:  # a failure is not kept: the next look asks again
            self._cache[key] = (self._clock(), done)
        target, host = self._where()
        if (done.env, done.host) != (target.env, host):
            return  # for an environment no longer shown
        last_good = self._cache.get(key) if failed else None  # any age: its warnings are still worth naming
        for form in self._forms.values():
            if form.stock_code != done.code:
                continue
            if failed and form.instrument is not None and form.instrument.code == done.code:
                form.note_lookup_failure(done.code, done.error)  # keeps what it knew (warnings, band)
            elif failed and last_good is not None and last_good[1].instrument is not None:
                self._apply(form, last_good[1])
                form.note_lookup_failure(done.code, done.error)
            else:
                self._apply(form, done)

    def _keep_known(self, key: tuple[str, str, str], done: InstrumentDone) -> InstrumentDone:
        """``done`` with the warnings the last full answer for ``key`` (any age) stated and ``done`` does not
        say (orderWarning missing, ka10100 failed): "not known" never erases a known warning."""
        entry = self._cache.get(key)
        known = entry[1].instrument if entry is not None else None
        if done.instrument is None or known is None:
            return done
        seen = f"{known.day} {entry[1].fetched_at}".strip()
        return replace(done, instrument=keep_known(done.instrument, known, seen))

    @staticmethod
    def _apply(form: OrderForm, done: InstrumentDone) -> None:
        form.set_instrument(
            done.code, done.instrument, unknown=done.unknown, error=done.error, fetched_at=done.fetched_at
        )
