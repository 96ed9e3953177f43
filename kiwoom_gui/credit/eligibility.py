"""kt20017 신용융자 가능문의: a free text ("< A군 신용융자 가능 >"). Flags 신용불가 and 회사한도 초과 when its words
say so; the text itself is always shown as sent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .figures import credit_data, texts


@dataclass(frozen=True)
class Eligibility:
    text: str | None  # crd_alow_yn as sent (None: missing)
    flags: tuple[str, ...]  # 신용불가, 회사한도 초과

    def shown(self) -> str:
        return texts()["flags"].format(text=self.text if self.text is not None else texts()["bad_missing"])


def parse_eligibility(body: Mapping[str, object]) -> Eligibility:
    raw = body.get("crd_alow_yn")
    text = raw if isinstance(raw, str) else (None if raw is None else repr(raw))
    words = credit_data()["kt20017_words"]
    compact = (text or "").replace(" ", "")
    flags = []
    if any(w.replace(" ", "") in compact for w in words["no_credit"]):
        flags.append(texts()["flag_no_credit"])
    if any(w.replace(" ", "") in compact for w in words["limit_over"]):
        flags.append(texts()["flag_limit_over"])
    return Eligibility(text, tuple(flags))
