"""The window's top row — 환경, the banner, the account number, the live connection, 새로고침, the keyring note —
one line whatever its texts: each status item shortens its own text (the whole of it in the tooltip), so a long
status never widens the window nor pushes 새로고침 off the screen (issue 18; qutebrowser's statusbar is the model:
one small widget per item)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from ...host.environments import environment
from ..elided_label import ElidedLabel

ENVIRONMENTS = ("simulator", "mock", "real")
_BANNER_STYLE = {
    "real": "background:#c62828; color:white; font-weight:bold; padding:4px;",
    "custom": "background:#6a1b9a; color:white; padding:4px;",
    "mock": "background:#1565c0; color:white; padding:4px;",
    "simulator": "background:#2e7d32; color:white; padding:4px;",
}


class TopBar(QWidget):
    def __init__(self, live_label: QLabel, reconnect: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.env_combo = QComboBox(self)
        self.env_combo.setObjectName("environment")
        for name in ENVIRONMENTS:
            self.env_combo.addItem(environment(name).label, name)
        self.banner = ElidedLabel("", self, min_chars=12)
        self.banner.setObjectName("envBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # shown for the whole run when the OS keyring cannot be used: the user must know why credentials will
        # be gone after closing — one short line; the reason in its tooltip
        self.keyring_problem = ElidedLabel("", self, min_chars=8)
        self.keyring_problem.setObjectName("keyringProblem")
        self.keyring_problem.setStyleSheet("color:#e65100;")
        self.keyring_problem.hide()
        # the account number (ka00001, middle digits masked) and the environment, always visible
        self.account_label = ElidedLabel("", self, min_chars=10)
        self.account_label.setObjectName("accountNumber")
        self.refresh_button = QPushButton("새로고침 (F5)", self)
        self.refresh_button.setObjectName("refreshAccount")
        self.refresh_button.setToolTip("미체결·주문체결·잔고를 다시 조회합니다")
        row = self._row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("환경", self))
        row.addWidget(self.env_combo)
        row.addWidget(self.banner, 1)  # the banner takes the room left; the others their own width while it lasts
        row.addWidget(self.keyring_problem)
        row.addWidget(self.account_label)
        self._status_at = row.count()  # room for status items added later (the market's session)
        row.addWidget(live_label)
        row.addWidget(reconnect)
        row.addWidget(self.refresh_button)  # last and never shortened: always on screen

    def add_status(self, widget: QWidget) -> None:
        """A status item beside the account number (e.g. ``marketState``)."""
        self.layout().insertWidget(self._status_at, widget)

    def add_beside_environment(self, *widgets: QWidget) -> None:
        """Right after the environment (the halt switch and its label: seen with the environment, never elided)."""
        at = self._row.indexOf(self.env_combo) + 1
        for i, widget in enumerate(widgets):
            self._row.insertWidget(at + i, widget)

    def show_environment(self, env: str, custom_host: str, simulator_address: str) -> None:
        """The banner of ``env`` (실전투자 red; a custom host named); the caller frames the window for 실전."""
        if env == "real":
            custom = f" · 사용자 지정 호스트 {custom_host}" if custom_host else ""
            text, style = f"실전투자 — 실제 계좌로 주문이 나갑니다. 모든 주문은 보내기 전에 확인합니다.{custom}", "real"
        elif env == "mock" and custom_host:
            text, style = f"모의투자 — 사용자 지정 호스트 {custom_host} (키움 모의투자 서버가 아님)", "custom"
        elif env == "mock":
            text, style = "모의투자 — 키움 모의투자에는 신용주문이 없습니다 (RC9000). 연습은 시뮬레이터에서.", "mock"
        else:
            text, style = f"시뮬레이터 — 이 컴퓨터의 가상 호스트({simulator_address}), 실제 주문 아님", "simulator"
        self.banner.setText(text)
        self.banner.setStyleSheet(_BANNER_STYLE[style])

    def show_keyring_problem(self, problem: str) -> bool:
        """Shown once (True the first time)."""
        if not self.keyring_problem.isHidden():
            return False
        self.keyring_problem.setText("⚠ 키링을 쓸 수 없음 — 자격증명은 이번 실행 동안 메모리에만 보관")
        self.keyring_problem.setToolTip(problem)
        self.keyring_problem.show()
        return True
