"""MarketState: the session of each venue now (0s when live, else the KST clock), the stocks in VI, and what
that means for an order form — the field error of a refused 매매구분, the confirmation's notes, the VI warning.

Qt-free; every judgement takes the moment explicitly. A 0s state holds until the clock's next boundary for its
venue (0s has no code for KRX's pre/after-market, so a stale "장마감" must not hide the after-market's rules);
the clock speaks again after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..orders.specs import order_spec
from .calendar import clock_session, data, holiday_name, in_kst, next_boundary, session_label
from .signals import VI_OFF, BandSignal, SessionSignal, Signal, ViSignal
from .table import REFUSED, UNKNOWN, verdict

VENUES = ("KRX", "NXT")


@dataclass(frozen=True)
class VenueSession:
    venue: str
    session: str
    label: str
    live_at: str  # "" by the clock; the 0s time (HHmmss) or arrival (HH:MM:SS) when from 0s


def texts() -> Mapping[str, str]:
    return data()["texts"]


KIWOOM_HOSTS = ("real", "mock")  # the clock judges orders only where the host is Kiwoom's own


class MarketState:
    def __init__(self, env: Callable[[], str] = lambda: "real") -> None:
        """``env``: where orders go now — "real" or "mock" for Kiwoom's own hosts (their sessions are the
        exchange's; 모의투자 closes at 15:30), anything else ("simulator", "custom": a --base-url host) for a
        host whose clock is its own: there only a live 0s state judges an order."""
        self.env = env
        self._live: dict[str, tuple[SessionSignal, dt.datetime, dt.datetime]] = {}  # venue → (0s, at, until)
        self.vi: dict[str, ViSignal] = {}
        self._vi_day: dt.date | None = None
        self.unread = 0
        self.bands: dict[str, BandSignal] = {}

    # --- what arrives -----------------------------------------------------------------------------
    def apply(self, signals: Iterable[Signal], now: dt.datetime, unread: int = 0) -> list[Signal]:
        """Take signals read from the live connection at ``now``; returns the ones that changed something."""
        now = in_kst(now)
        self.unread += unread
        self._new_day(now)
        changed: list[Signal] = []
        for s in signals:
            if isinstance(s, SessionSignal):
                until = next_boundary(s.venue, now, self.env())
                self._live[s.venue] = (s, now, until)
                changed.append(s)
            elif isinstance(s, ViSignal):
                if s.state == VI_OFF:
                    if self.vi.pop(s.code, None) is not None:
                        changed.append(s)
                else:
                    self.vi[s.code] = s
                    changed.append(s)
            elif isinstance(s, BandSignal):
                self.bands[s.code] = s
                changed.append(s)
        return changed

    def forget_live(self) -> None:
        """The live connection went away: its 0s states no longer speak (the clock does)."""
        self._live.clear()

    def _new_day(self, now: dt.datetime) -> None:
        if self._vi_day != now.date():  # a VI never outlives its trading day
            self.vi.clear()
            self.bands.clear()
            self._vi_day = now.date()

    # --- the sessions now --------------------------------------------------------------------------
    def session(self, venue: str, now: dt.datetime) -> VenueSession:
        now = in_kst(now)
        env = self.env()
        clock = clock_session(venue, now, env)
        live = self._live.get(venue)
        mock_closed = clock == data()["mock"]["session"]
        if live is not None and live[1] <= now < live[2] and not mock_closed:
            signal, at, _ = live
            return VenueSession(venue, signal.session, session_label(venue, signal.session),
                                signal.time or at.strftime("%H%M%S"))
        return VenueSession(venue, clock, session_label(venue, clock), "")

    def state_text(self, now: dt.datetime) -> str:
        return texts()["state"].format(**{v: self.session(v, now).label for v in VENUES})

    def state_tip(self, now: dt.datetime) -> str:
        now = in_kst(now)
        lines = []
        for v in VENUES:
            s = self.session(v, now)
            if s.live_at:
                t = s.live_at
                lines.append(texts()["tip_live"].format(venue=v, time=f"{t[:2]}:{t[2:4]}:{t[4:6]}"))
            else:
                lines.append(texts()["tip_clock"].format(venue=v, time=now.strftime("%Y-%m-%d %H:%M KST")))
        found = holiday_name(now.date())
        if found is not None:
            lines.append(texts()["tip_holiday"].format(date=now.date().isoformat(), name=found[0]))
        if self.unread:
            lines.append(texts()["tip_unread"].format(count=self.unread))
        return "\n".join(lines)

    def next_change(self, now: dt.datetime) -> dt.datetime:
        """When the label may next change by the clock (the earliest venue boundary or 0s expiry)."""
        now = in_kst(now)
        times = [next_boundary(v, now, self.env()) for v in VENUES]
        times += [until for _, _, until in self._live.values() if until > now]
        return min(times)

    # --- an order form ------------------------------------------------------------------------------
    def _order(self, values: Mapping[str, str], now: dt.datetime):  # noqa: ANN202 (VenueSession, code, Verdict)
        venue = str(values.get("dmst_stex_tp", "") or "")
        trde_tp = str(values.get("trde_tp", "") or "")
        if venue not in VENUES or not trde_tp:
            return None
        s = self.session(venue, now)
        if not s.live_at and self.env() not in KIWOOM_HOSTS:
            return None  # the KST clock is not this host's: nothing refused, nothing called untested
        return s, trde_tp, verdict(venue, s.session, trde_tp)

    def field_errors(self, api_id: str, values: Mapping[str, str], now: dt.datetime) -> dict[str, str]:
        """매매구분 → the Korean error when the session refuses this order type (Send stays off)."""
        found = self._order(values, now)
        if found is None:
            return {}
        s, trde_tp, v = found
        if v.status != REFUSED:
            return {}
        words = {"venue": s.venue, "session": s.label, "code": v.code,
                 "trde_tp": order_spec(api_id).body_field("trde_tp").enum_label(trde_tp)}
        name = "refused_any" if v.every_type else "refused" if v.code else "refused_no_code"
        return {"trde_tp": texts()[name].format(**words)}

    def notes(self, api_id: str, values: Mapping[str, str], now: dt.datetime) -> list[str]:
        """What the confirmation adds: an untested combination; an NXT order lives until 20:00."""
        notes = []
        found = self._order(values, now)
        if found is not None:
            s, trde_tp, v = found
            if v.status == UNKNOWN:
                label = order_spec(api_id).body_field("trde_tp").enum_label(trde_tp)
                notes.append(texts()["untested"].format(venue=s.venue, session=s.label, trde_tp=label))
        if str(values.get("dmst_stex_tp", "")) == "NXT":
            notes.append(texts()["nxt_lifetime"])
        return notes

    def vi_warning(self, code: str) -> str:
        """The confirmation line of a stock in VI ("" when it is not)."""
        s = self.vi.get(code)
        if s is None:
            return ""
        if s.state != "on":
            return texts()["vi_unknown"].format(name=s.name or code, code=code, value=s.value)
        kind = f" ({s.kind})" if s.kind else ""
        price = f" · 발동가 {s.price:,}원" if s.price is not None else ""
        return texts()["vi"].format(name=s.name or code, code=code, kind=kind, price=price)
