"""The first start without --env: 모의투자 by default, the simulator when no credentials are stored for either
Kiwoom environment yet; and the keyring's state (a keyring that cannot be used is said once, for the whole run)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QStatusBar

from ...base.payloads import CredentialCommand, CredentialStatus, Target
from .top_bar import TopBar


class FirstStart(QObject):
    def __init__(
        self,
        env: str,
        explicit: bool,
        top: TopBar,
        status_bar: Callable[[], QStatusBar],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._explicit = explicit
        self._top, self._status_bar = top, status_bar
        self._without: set[str] = set()  # environments known to have no credentials
        # the status also tells whether the keyring works at all
        self.asked = ("mock", "real") if not explicit else ((env,) if env != "simulator" else ())

    def commands(self) -> list[CredentialCommand]:
        return [CredentialCommand(Target(name), "status") for name in self.asked]

    @Slot(object)
    def status(self, status: CredentialStatus) -> None:
        if status.problem and self._top.show_keyring_problem(status.problem):
            self._status_bar().showMessage(status.problem, 30000)
        if self._explicit or status.env not in ("mock", "real"):
            return
        if status.has_appkey or status.token_masked:
            self._explicit = True  # someone has credentials: stay on mock
            return
        self._without.add(status.env)
        combo = self._top.env_combo
        if self._without == {"mock", "real"} and combo.currentData() == "mock":
            self._explicit = True
            combo.setCurrentIndex(combo.findData("simulator"))
            self._status_bar().showMessage("저장된 자격증명이 없어 시뮬레이터로 시작했습니다.", 10000)
