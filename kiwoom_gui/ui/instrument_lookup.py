"""InstrumentLookup: the window's side of "know the stock before sending" (issue 12).

When a form's stock code becomes a complete, valid code, it waits a moment (typing on never asks for every
half-code), then takes the answer from this session's cache for the current environment and host when it
is fresh, else asks the API thread (``OrderController.lookup_instrument``). Answers land only on forms that
still hold that code, and only while the environment and host they came from are the ones shown: another
environment never supplies an instrument. Nothing here blocks the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, QTimer, Slot

from ..payloads import InstrumentDone, InstrumentRequest, Target
from .controller import OrderController
from .order_form import OrderForm, texts


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
        for api_id, form in forms.items():
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(self.debounce_ms)
            timer.timeout.connect(lambda api_id=api_id: self.look_up(api_id))
            self._timers[api_id] = timer
            form.stock_code_changed.connect(lambda code, api_id=api_id: self._code_changed(api_id, code))
        controller.instrument_done.connect(self._on_done)

    def _code_changed(self, api_id: str, code: str) -> None:
        timer = self._timers[api_id]
        if code:
            timer.start()  # (re)started: only the code the user stops at is looked up
        else:
            timer.stop()

    def _where(self) -> tuple[Target, str]:
        target = self._target()
        return target, self._host(target)

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
        if done.instrument is not None or done.unknown:  # a failure is not kept: the next look asks again
            self._cache[key] = (self._clock(), done)
        target, host = self._where()
        if (done.env, done.host) != (target.env, host):
            return  # for an environment no longer shown
        for form in self._forms.values():
            if form.stock_code == done.code:
                self._apply(form, done)

    @staticmethod
    def _apply(form: OrderForm, done: InstrumentDone) -> None:
        form.set_instrument(
            done.code, done.instrument, unknown=done.unknown, error=done.error, fetched_at=done.fetched_at
        )
