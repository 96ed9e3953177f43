"""What the tests of the second-order warning share: the body sent twice, a journal a crash left, the form filled
with that body, and the confirmation's 확인 필요 line recorded (then declined: nothing is sent)."""

from __future__ import annotations

from kiwoom_gui.host.answers import Outcome

BODY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0", "cond_uv": ""}


def crashed_journal(path, host: str, later: int = 0) -> None:
    """A journal at ``path`` whose order of BODY at ``host`` never got its answer (the next start marks it 확인
    필요), then ``later`` answered orders of other quantities."""
    from kiwoom_gui.records.journal import Journal

    journal = Journal(path / "journal.sqlite3")
    journal.record_intent("mock", "kt10006", BODY, {}, host)  # no outcome: the crash
    if later:
        journal._db.execute("PRAGMA synchronous=OFF")  # only to write the test's history quickly
        journal._db.execute("BEGIN")
        for i in range(later):
            entry = journal.record_intent("mock", "kt10006", {**BODY, "ord_qty": str(2 + i)}, {}, host)
            journal.record_bare_outcome(entry, Outcome.ACCEPTED, "", f"{entry:07d}")
        journal._db.execute("COMMIT")
    journal.close()


def fill_body(window):
    """신용매수 shown and filled with BODY; returns the form."""
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    form.set_values({k: v for k, v in BODY.items() if k != "cond_uv"})
    return form


def record_unknown_asks(window) -> list[str]:
    """Each confirmation's 확인 필요 line, recorded; the user declines, so nothing is sent."""
    asked: list[str] = []
    window.confirm = lambda *a: asked.append(window.confirming["unknown"]) or False
    return asked
