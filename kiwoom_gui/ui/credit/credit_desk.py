"""CreditDesk: asks kt00001 with the account tabs (F5, after each answered order, on a switch), kt00012 as the
신용매수 form's code and price settle (debounced, cached per (code, price) briefly) and kt20017 per code, shows what
came back, and tells the send flow what a 신용매수's confirmation must say. Nothing is asked at Send. The mock
host's refusal is remembered for the session: asked once, never again in a loop."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, QTimer, Slot

from ...base.kst import KST
from ...credit.account_line import CreditLine, kt00001_body, parse_line
from ...credit.eligibility import Eligibility, parse_eligibility
from ...credit.estimate import estimate
from ...credit.figures import credit_data, pct, texts
from ...credit.orderable import Orderable, parse_orderable
from ...credit.send_check import KnownOrderable, SendCheck, credit_buy_check
from .credit_tasks import CreditDone, CreditRequest
from .summary_strip import CreditSummary
from .ticket_credit import BuyCredit, SellMax

if TYPE_CHECKING:
    from ...base.payloads import Target
    from ..controller import OrderController
    from ..orders.order_form import OrderForm

BUY, SELL = "kt10006", "kt10007"


class DeskWindow(Protocol):
    forms: dict[str, OrderForm]
    controller: OrderController
    settings: QSettings

    @property
    def env(self) -> str: ...

    @property
    def closing(self) -> bool: ...

    @property
    def started(self) -> bool: ...

    def target(self) -> Target: ...

    def host(self, target: Target | None = None) -> str: ...


def setting_number(settings: QSettings, name: str) -> Decimal:
    """``credit/<name>`` from settings.ini; a value that is not a positive number falls back to the default."""
    spec = credit_data()["settings"][name]
    try:
        value = Decimal(str(settings.value(spec["key"], spec["default"])).strip())
    except (InvalidOperation, ValueError):
        return Decimal(spec["default"])
    low, high = spec.get("range", (0, None))
    fits = value.is_finite() and value > low and (high is None or value <= high)
    return value if fits else Decimal(spec["default"])


def _digits(text: str) -> str | None:
    text = (text or "").strip().replace(",", "")
    # 15 digits at most: a pasted 20,000-digit quantity is no number here (int() of it raises)
    return text if text.isascii() and text.isdigit() and len(text) <= 15 else None


class CreditDesk(QObject):
    def __init__(self, window: DeskWindow) -> None:
        super().__init__(window)  # type: ignore[arg-type]  (the window is a QObject)
        self._w = window
        self.summary = CreditSummary(window)  # type: ignore[arg-type]
        self.buy = BuyCredit(window.forms[BUY])
        self.sell = SellMax(window.forms[SELL])
        self.warn_pct = setting_number(window.settings, "collateral_warn_pct")
        self.expiry_warn_days = int(setting_number(window.settings, "expiry_warn_days"))
        self.line: CreditLine | None = None
        self._line_problem = ""
        self._heard: tuple[CreditLine, str] | None = None  # the last line answered here (and when), kept past a failure
        self._orderable: dict[tuple, tuple[Orderable, KnownOrderable]] = {}  # (env, host, code, price) →
        self._eligibility: dict[tuple, Eligibility] = {}  # (env, host, code) →
        self._rates: dict[tuple[str, str, str], Decimal] = {}  # (env, host, code) → 보증금율 (a fraction), last heard
        self._refused: set[tuple[str, str, str]] = set()  # (env, host, api_id) the mock host does not offer
        self._failed: dict[str, tuple[dict, CreditDone, str]] = {}  # api_id → its last failure (body, answer, time)
        timing = credit_data()["timing"]
        self._cache_s = float(timing["orderable_cache_s"])
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(int(timing["debounce_ms"]))
        self._debounce.timeout.connect(self._ask_for_form)
        form = window.forms[BUY]
        for key in ("stk_cd", "ord_uv"):
            form.editors[key].textChanged.connect(self._typed)  # type: ignore[attr-defined]
        form.editors["ord_qty"].textChanged.connect(self._show_for_form)  # type: ignore[attr-defined]
        window.controller.credit_done.connect(self._on_done)
        self._show_for_form()

    # --- where -----------------------------------------------------------------------------------
    def _where(self) -> tuple[str, str]:
        return self._w.env, self._w.host()

    def _form_key(self) -> tuple[str, str] | None:
        """(code, price) of the 신용매수 form now: a valid code, the price as typed digits ("" when blank)."""
        form = self._w.forms[BUY]
        code = form.stock_code
        raw = form.raw_values().get("ord_uv", "")
        price = _digits(raw)
        if not code or (raw.strip() and price is None):
            return None
        return code, price or ""

    def _can_ask(self) -> bool:
        return self._w.started and not self._w.closing

    def _ask(self, api_id: str, body: dict[str, str]) -> None:
        env, host = self._where()
        if (env, host, api_id) in self._refused:
            return  # the mock host said it does not offer this: once per session
        self._w.controller.ask_credit(CreditRequest(api_id, self._w.target(), tuple(body.items())))

    # --- refreshes -------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """With the account tabs: the line, and the 신용매수 form's stock afresh (its cache is not used)."""
        if not self._can_ask():
            return
        self.warn_pct = setting_number(self._w.settings, "collateral_warn_pct")
        if (*self._where(), "kt00001") in self._refused:  # not asked again: the refusal stands, never "조회 중…"
            refused = texts()["mock_refused"]
            self.summary.show_problem(refused, refused)
        elif self.line is None:
            self.summary.clear(texts()["loading"])
        self._ask("kt00001", kt00001_body())
        self._ask_for_form(fresh=True)

    @Slot()
    def environment_changed(self) -> None:
        """Another environment or host: nothing heard of the last one stands for this one."""
        self.line, self._line_problem, self._heard = None, "", None
        self._orderable.clear()
        self._rates.clear()
        self._eligibility.clear()
        self._failed.clear()
        self.summary.clear()
        self.sell.set_lot_quantity("", "", None)
        self._show_for_form()

    @Slot()
    def _typed(self, *_: object) -> None:
        self._show_for_form()
        self._debounce.start()

    @Slot()
    def _ask_for_form(self, fresh: bool = False) -> None:
        key = self._form_key()
        if key is None or not self._can_ask():
            return
        env, host = self._where()
        code, price = key
        heard = self._orderable.get((env, host, code, price))
        age = (dt.datetime.now(KST) - heard[1].at).total_seconds() if heard else None
        if fresh or age is None or age > self._cache_s:
            self._ask("kt00012", {"stk_cd": code, "uv": price})
        if fresh or (env, host, code) not in self._eligibility:
            self._ask("kt20017", {"stk_cd": code})

    # --- answers ---------------------------------------------------------------------------------
    @Slot(object)
    def _on_done(self, done: CreditDone) -> None:
        request = done.request
        env = request.target.env
        if request.target != self._w.target() or (done.host and done.host != self._w.host()):
            return  # for an environment no longer shown
        if done.mock_refused:
            self._refused.add((env, done.host or self._w.host(), request.api_id))
        body = dict(request.body)
        when = done.fetched_at.strftime("%H:%M:%S")
        if request.api_id == "kt00001":
            self._line_done(done, when)
        elif request.api_id == "kt00012" and done.answer is not None:
            orderable = parse_orderable(done.answer)
            known = KnownOrderable(orderable.quantity, done.fetched_at, orderable.margin_rate)
            self._orderable[(env, done.host, body.get("stk_cd", ""), body.get("uv", ""))] = (orderable, known)
            rate_key = (env, done.host, body.get("stk_cd", ""))
            if orderable.margin_rate is not None:
                self._rates[rate_key] = orderable.margin_rate
            else:
                self._rates.pop(rate_key, None)  # an unreadable rate unsettles what was heard before
        elif request.api_id == "kt20017" and done.answer is not None:
            self._eligibility[(env, done.host, body.get("stk_cd", ""))] = parse_eligibility(done.answer)
        elif done.answer is None:
            self._failed[request.api_id] = (body, done, when)
        self._show_for_form()

    def _line_done(self, done: CreditDone, when: str) -> None:
        t = texts()
        if done.answer is not None:
            self.line, self._line_problem = parse_line(done.answer), ""
            self._heard = (self.line, when)
            self.summary.show_line(self.line, when, self.warn_pct)
            return
        self.line = None
        if done.mock_refused:
            self._line_problem = t["mock_refused"]
            self.summary.show_problem(t["mock_refused"], t["mock_refused"])
        else:
            self._line_problem = done.message
            tooltip = t["error_tooltip"].format(kind="kt00001", time=when, message=done.message)
            self.summary.show_problem(t["error"], tooltip)

    # --- the 신용매수 form -----------------------------------------------------------------------
    def _show_for_form(self, *_: object) -> None:
        t = texts()
        key = self._form_key()
        # no code, no host: asking the window's host before it starts would start the simulator at first paint
        env, host = self._where() if key is not None else ("", "")
        heard = self._orderable.get((env, host, *key)) if key else None
        orderable = heard[0] if heard else None
        if key is None:
            self.buy.show_orderable(t["orderable_need_code"], "", None, t["max_off_unknown"])
        elif (env, host, "kt00012") in self._refused:
            self.buy.show_orderable(t["mock_refused"], "kt00012", None, t["mock_refused"])
        elif orderable is not None:
            when = heard[1].at.strftime("%H:%M:%S")
            tooltip = t["orderable_tooltip"].format(code=key[0], price=key[1] or "-", time=when)
            off = t["max_off_cannot_tell"] if orderable.chosen is None else t["max_off_unknown"]
            bad = orderable.chosen is not None and not orderable.chosen.quantity.ok
            self.buy.show_orderable(orderable.text(when), tooltip, orderable.quantity, off, bad)
        else:
            failed = self._failed.get("kt00012")
            if failed and failed[0] == {"stk_cd": key[0], "uv": key[1]}:
                text = t["error_tooltip"].format(kind="kt00012", time=failed[2], message=failed[1].message)
                self.buy.show_orderable(t["error"], text, None, t["max_off_unknown"], True)
            else:
                self.buy.show_orderable(t["loading"] if self._can_ask() else t["not_known"], "", None,
                                        t["max_off_unknown"])  # fmt: skip
        self._show_estimate(orderable)
        self._show_flags(key)

    def _show_estimate(self, orderable: Orderable | None) -> None:
        t = texts()
        values = self._w.forms[BUY].raw_values()
        quantity, price = _digits(values.get("ord_qty", "")), _digits(values.get("ord_uv", ""))
        margin = orderable.margin_rate if orderable is not None else None
        guess = estimate(self.line, int(quantity) if quantity else None, int(price) if price else None, margin)
        rate = f"{orderable.stock_rate.raw}" if orderable is not None and orderable.stock_rate.ok else "?"
        tooltip = t["estimate_tooltip"].format(rate=rate)
        if guess.value is None:
            self.buy.show_estimate(t["cannot_estimate"].format(why=guess.why), tooltip, False)
        else:
            low = guess.value < self.warn_pct
            self.buy.show_estimate(t["estimate"].format(value=pct(guess.value)), tooltip, low)

    def _show_flags(self, key: tuple[str, str] | None) -> None:
        if key is None:
            return self.buy.show_flags("", False)
        env, host = self._where()
        if (env, host, "kt20017") in self._refused:
            return self.buy.show_flags(f"kt20017: {texts()['mock_refused']}", False)
        found = self._eligibility.get((env, host, key[0]))
        self.buy.show_flags(found.shown() if found else "", bool(found and found.flags))

    def margin_rate(self, code: str) -> Decimal | None:
        """The stock's 보증금율 (a fraction) as kt00012 last gave it here; None: not heard (or unreadable)."""
        env, host = self._where()
        return self._rates.get((env, host, code))

    # --- at Send (nothing is asked of the host) ------------------------------------------------
    def send_check(self, api_id: str, body: dict[str, str]) -> SendCheck | None:
        """What a 신용매수's confirmation says about credit, and whether it must ask; None for other orders."""
        if api_id != BUY:
            return None
        env, host = self._where()
        code, price = body.get("stk_cd", ""), body.get("ord_uv", "")
        heard = self._orderable.get((env, host, code, price))
        eligibility = self._eligibility.get((env, host, code))
        flags = eligibility.flags if eligibility else ()
        return credit_buy_check(body, self.line, self._line_problem, self.warn_pct, heard[1] if heard else None,
                                flags, eligibility.text or "" if eligibility else "", dt.datetime.now(KST),
                                self._heard if self.line is None else None)  # fmt: skip
