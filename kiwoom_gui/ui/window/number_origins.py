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


class NumberOrigins:
    def __init__(self, forms: Mapping[str, OrderForm], where: Callable[[], tuple[str, str, dt.date]]) -> None:
        """``where``: the current (environment, host, KST day)."""
        self._forms = forms
        self._where = where
        self._origins: dict[str, Origin] = {}

    def remember(self, api_id: str, number: str, text: str) -> None:
        env, host, day = self._where()
        self._origins[api_id] = Origin(number, text, env, host, day)

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
        for form in self._forms.values():
            stale = {key: "" for key in CLEARED_ON_SWITCH if form.raw_values().get(key)}
            if stale:
                form.set_values(stale)

    def order_accepted(self, api_id: str, body: Mapping[str, str], ord_no: str | None, when: str) -> None:
        """An accepted 정정 gives its new number to every form that still holds the old one (same environment,
        host and day as the order went to); an accepted full 취소 clears the number it cancelled."""
        old = str(body.get("orig_ord_no", ""))
        if api_id not in NUMBER_FORMS or not old:
            return
        env, host, _ = self._where()
        for form_id in NUMBER_FORMS:
            if self._forms[form_id].raw_values().get("orig_ord_no") != old:
                continue
            if api_id == "kt10008" and ord_no:
                self._forms[form_id].set_values({"orig_ord_no": ord_no})
                self.remember(form_id, ord_no, f"정정 응답 ({when}, {environment(env).label}, {host})")
            elif api_id == "kt10009" and str(body.get("cncl_qty", "")) == "0":
                self._forms[form_id].set_values({"orig_ord_no": ""})
                self._origins.pop(form_id, None)
