"""Where each form's original order number came from, and the rules that keep a number where it belongs.

A number copied into 신용정정/신용취소 (from the log, a 미체결 row, a 정정 answer) is sent only in the environment,
host and KST trading day it was copied in. A switch of environment or host clears every order number and loan
date on the forms, typed ones too (issue 18: a typed 원주문번호 survived a switch to 실전투자 with Send enabled).
An accepted 정정 hands its new number to the forms that held the old one, so the next ↑ + Ctrl+Enter modifies
the live order; an accepted full 취소 clears the number it cancelled (issue 18, chasing a price).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ...host.environments import environment
from ..orders.order_form import OrderForm

NUMBER_FORMS = ("kt10008", "kt10009")  # the forms that carry an original order number
CLEARED_ON_SWITCH = ("orig_ord_no", "crd_loan_dt")  # values that mean something at one host only


@dataclass(frozen=True)
class Origin:
    number: str
    text: str  # where it came from, as the confirmation names it
    env: str
    host: str
    day: dt.date
    remaining: str = ""  # the open quantity the number's order had when copied ("" = not known)


class NumberOrigins:
    def __init__(self, forms: Mapping[str, OrderForm], where: Callable[[], tuple[str, str, dt.date]]) -> None:
        """``where``: the current (environment, host, KST day)."""
        self._forms = forms
        self._where = where
        self._origins: dict[str, Origin] = {}
        self.on_target_changed: list[Callable[[], None]] = []  # numbers held elsewhere (모두 취소's) stop too

    def where(self) -> tuple[str, str, dt.date]:
        """The (environment, host, KST day) a copied number may be sent in now."""
        return self._where()

    def remember(self, api_id: str, number: str, text: str, remaining: str = "") -> None:
        env, host, day = self._where()
        self._origins[api_id] = Origin(number, text, env, host, day, remaining)

    def origin_of(self, api_id: str, body: Mapping[str, str]) -> str:
        """Where ``body``'s original number came from ("직접 입력" when typed), or "" for a new order."""
        if "orig_ord_no" not in body:
            return ""
        origin = self._origins.get(api_id)
        return origin.text if origin and origin.number == body["orig_ord_no"] else "직접 입력"

    def copied_elsewhere(self, api_id: str, body: Mapping[str, str]) -> str | None:
        """A copied original number about to go to another environment, host or day: why not (the field is
        cleared); None when it may go."""
        origin = self._origins.get(api_id)
        if "orig_ord_no" not in body or origin is None or origin.number != body["orig_ord_no"]:
            return None
        if (origin.env, origin.host, origin.day) == self._where():
            return None
        del self._origins[api_id]
        self._forms[api_id].set_values({"orig_ord_no": ""})
        return (
            f"원주문번호 {origin.number}는 {environment(origin.env).label}({origin.host})에서 {origin.day:%Y-%m-%d}에 "
            "복사한 번호라 지금 환경·호스트·거래일에는 보내지 않았습니다 — 이 환경의 주문번호를 넣으세요."
        )

    def target_changed(self) -> None:
        """Another environment or host: no order number or loan date on any form may pass for this one's."""
        self._origins.clear()
        for listener in self.on_target_changed:
            listener()
        if "kt10008" in self._forms:  # the original's 매매구분 was known at the other host only
            self._forms["kt10008"].set_original_order_type(None)
        for form in self._forms.values():
            stale = {key: "" for key in CLEARED_ON_SWITCH if form.raw_values().get(key)}
            if stale:
                form.set_values(stale)

    def order_accepted(
        self, api_id: str, body: Mapping[str, str], ord_no: str | None, when: str, sent_on: dt.date | None = None
    ) -> None:
        """An accepted 정정 of the whole open quantity gives its new number to every form that still holds the old
        one; an accepted full 취소 clears the number it cancelled. Only on the trading day the order was sent and
        the old number was copied (a number is good on its own day). A partial 정정 leaves the old number: the
        rest of the order is still open under it (review 6)."""
        old = str(body.get("orig_ord_no", ""))
        if api_id not in NUMBER_FORMS or not old:
            return
        env, host, today = self._where()
        if sent_on is not None and sent_on != today:
            return
        for form_id in NUMBER_FORMS:
            if self._forms[form_id].raw_values().get("orig_ord_no") != old:
                continue
            origin = self._origins.get(form_id)
            if origin is not None and origin.number == old and origin.day != today:
                continue
            if api_id == "kt10008" and ord_no:
                qty = str(body.get("mdfy_qty", ""))
                whole = qty == "0" or (origin is not None and origin.number == old and qty == origin.remaining)
                if not whole:
                    continue
                self._forms[form_id].set_values({"orig_ord_no": ord_no})
                self.remember(form_id, ord_no, f"정정 응답 ({when}, {environment(env).label}, {host})",
                              "" if qty == "0" else qty)  # fmt: skip
            elif api_id == "kt10009" and str(body.get("cncl_qty", "")) == "0":
                self._forms[form_id].set_values({"orig_ord_no": ""})
                self._origins.pop(form_id, None)
