"""모두 취소 (``cancelAll``) in 미체결: the chosen credit orders — or, one row chosen, every open credit order of
that stock and venue — cancelled by kt10009 after ONE confirmation listing each (Cancel the default button).

The cancels leave one at a time through the send flow (journalled, logged, paced, orders first on the API
thread); the next goes when the last one's answer is in. One refused or of unknown outcome is never sent again;
the rest go on. The environment, host or KST day changing, or the window closing, stops the rest (and says so).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ...base.payloads import OrderDone, Target
from ...batch.cancel_plan import API_ID, CancelPlan, plan_cancels, texts
from ...batch.cancel_run import CancelRun, Where, earlier_cancels
from ...host.environments import environment

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from ..account.account_panel import AccountPanel
    from ..controller import OrderController
    from ..log.log_panel import LogPanel
    from ..window.number_origins import NumberOrigins
    from ..window.send_flow import SendFlow

_SHOWN_LINES = 30  # of the confirmation's list; all of them in its detailed text when there are more
# (environment label, how many cancels, the list in words) → the user said send
ConfirmCancels = Callable[[str, int, str], bool]


class CancelWindow(Protocol):
    """What this reads of the window (a protocol: the window imports this module, not back)."""

    account: AccountPanel
    controller: OrderController
    log: LogPanel
    origins: NumberOrigins
    sending: SendFlow

    @property
    def closing(self) -> bool: ...

    def target(self) -> Target: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)


def confirm_cancels_with_dialog(parent: QWidget) -> ConfirmCancels:
    """A modal QMessageBox ``confirmCancelAll``: the orders in plain text, Cancel the default button."""

    def confirm(env_label: str, count: int, info: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        t = texts()
        box = QMessageBox(parent)
        box.setObjectName("confirmCancelAll")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(t["title"].format(env=env_label))
        box.setTextFormat(Qt.TextFormat.RichText)  # our words and a count only, escaped
        box.setText(t["heading"].format(env=html.escape(env_label), count=count))
        lines = info.splitlines()
        if len(lines) > _SHOWN_LINES:  # a long list stays on the screen; the whole of it under 자세히
            more = t["more"].format(count=len(lines) - _SHOWN_LINES)
            box.setDetailedText(info)
            info = "\n".join([*lines[:_SHOWN_LINES], more])
        box.setInformativeText(info)
        informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if informative is None:  # nothing host-made may be taken as HTML
            box.setInformativeText(html.escape(info).replace("\n", "<br>"))
        else:
            informative.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter alone never sends
        box.button(QMessageBox.StandardButton.Ok).setText(t["send"].format(count=count))
        box.button(QMessageBox.StandardButton.Cancel).setText(t["dont"])
        return box.exec() == QMessageBox.StandardButton.Ok

    return confirm


class CancelAll(QObject):
    def __init__(self, window: CancelWindow) -> None:
        super().__init__(window)  # type: ignore[arg-type]  (the window is a QObject)
        self._w = window
        t = texts()
        self.button = QPushButton(t["button"])
        self.button.setObjectName("cancelAll")
        self.button.clicked.connect(self.start)
        window.account.add_open_order_button(self.button, t["menu"])
        window.account.actions_updated.connect(self.update_action)
        window.origins.on_target_changed.append(lambda: self.stop(t["stopped_env"]))
        window.controller.order_done.connect(self._on_order_done)
        self.confirm: ConfirmCancels = confirm_cancels_with_dialog(window)  # type: ignore[arg-type]
        self.run: CancelRun | None = None
        self._target: Target | None = None  # where the run's cancels go (what the confirmation named)
        self._request_id: int | None = None
        self.update_action()

    # --- what would be cancelled ---------------------------------------------------------------
    def _where(self) -> Where:
        return Where(*self._w.origins.where())

    def _already_sent(self) -> Callable[[str], str | None]:
        """Why a cancel of an order number must not go now: one of it sent today here (the log), or one handed
        to the API thread and not yet on the wire (not in the log yet)."""
        earlier = earlier_cancels(self._w.log.model.rows(), self._where())
        here = self._w.target()
        waiting = {str(body.get("orig_ord_no", "")) for api_id, body, target in self._w.sending.unanswered()
                   if api_id == API_ID and target == here}  # fmt: skip
        return lambda number: earlier.get(number) or (texts()["already_waiting"] if number in waiting else None)

    def plan(self) -> CancelPlan | str:
        view = self._w.account.views["open_orders"]
        already = self._already_sent()
        return plan_cancels(view.rows(), view.selected_indices(), self._w.account.open_row_refusal, already)

    @Slot()
    def update_action(self) -> None:
        """Cheap (it follows every selection change and live event): on while rows are chosen and no run goes;
        which of them can be cancelled is judged at the click (the status bar says why none can)."""
        t = texts()
        refusal = t["running"] if self.running else None
        if refusal is None and not self._w.account.views["open_orders"].selected_indices():
            refusal = t["select_rows"]
        self.button.setEnabled(refusal is None)
        self.button.setToolTip(refusal or t["tip"])

    @property
    def running(self) -> bool:
        return self.run is not None and not self.run.finished

    # --- sending -------------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        w, t = self._w, texts()
        if w.closing:
            return
        if self.running:
            w.statusBar().showMessage(t["running"], 15000)
            return
        plan = self.plan()
        if isinstance(plan, str) or not plan.cancels:
            w.statusBar().showMessage(plan if isinstance(plan, str) else plan.nothing_reason(), 15000)
            return
        where, target = self._where(), w.target()
        label = environment(where.env).label
        info = t["info"].format(scope=plan.scope, lines="\n".join(plan.lines()), host=where.host)
        if not self.confirm(label, len(plan.cancels), info):
            w.statusBar().showMessage(t["declined"], 15000)
            return
        if w.closing:
            return
        if self._where() != where or w.target() != target:  # the dialog ran an event loop
            w.statusBar().showMessage(t["changed"], 30000)
            return
        self.run, self._target = CancelRun(plan, where), target
        self.update_action()
        self._send_next()

    def _send_next(self) -> None:
        run = self.run
        if run is None:
            return
        if self._w.closing:
            run.stop(texts()["stopped_close"])
        cancel = run.take_next(self._where(), self._already_sent())  # the 취소 tab may have sent one meanwhile
        if cancel is None:
            if run.finished:
                self._finish()
            return
        target = self._target or self._w.target()  # set with the run (the target the confirmation named)
        self._request_id = self._w.sending.submit(API_ID, dict(cancel.body), target, run.where.host)

    @Slot(object)
    def _on_order_done(self, done: OrderDone) -> None:
        run = self.run
        if run is None or done.request_id != self._request_id:
            return
        self._request_id = None
        cancel = run.answered(done.result.outcome)
        if cancel is not None and not self._w.closing:
            total = len(run.plan.cancels)
            progress = texts()["progress"].format(
                done=len(run.outcomes), total=total, ord_no=cancel.ord_no, outcome=done.result.outcome.label
            )
            self._w.statusBar().showMessage(progress, 15000)
        self._send_next()

    def window_closing(self) -> None:
        self.stop(texts()["stopped_close"])

    def stop(self, reason: str) -> None:
        """No more cancels of this run are sent (the one on the wire ends as it will); said in the status bar."""
        run = self.run
        if run is None or run.finished:
            return
        run.stop(reason)
        if run.finished:
            self._finish()
        else:  # the last one's answer is still to come: the summary follows it
            self._w.statusBar().showMessage(run.summary(), 30000)

    def _finish(self) -> None:
        run = self.run
        if run is None:
            return
        self._w.statusBar().showMessage(run.summary(), 60000)
        self.update_action()
