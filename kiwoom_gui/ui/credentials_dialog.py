"""Credentials: app key / secret key per environment (keyring), a pasted token, issue and revoke.

Every keyring read and write, and every token call, runs on the API thread; this dialog only sends
commands and shows the status that comes back (token masked, expiry in KST).
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ..base.payloads import CredentialCommand, CredentialStatus, Target
from ..host.environments import environment
from .controller import OrderController


class CredentialsDialog(QDialog):
    def __init__(self, controller: OrderController, target: Target, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("credentialsDialog")
        self.controller, self.target = controller, target
        self.setWindowTitle(f"자격증명 — {environment(target.env).label}")
        self.appkey = QLineEdit(self)
        self.appkey.setObjectName("appkey")
        self.secretkey = QLineEdit(self)
        self.secretkey.setObjectName("secretkey")
        self.token = QLineEdit(self)
        self.token.setObjectName("token")
        for edit in (self.appkey, self.secretkey, self.token):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.appkey.setPlaceholderText("저장됨이면 비워 두세요")
        self.secretkey.setPlaceholderText("저장됨이면 비워 두세요")
        self.token.setPlaceholderText("발급받은 토큰을 붙여 넣기 (Bearer 없이도 됨)")
        self.status = QLabel("확인 중…", self)
        self.status.setObjectName("credentialStatus")
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow("App Key", self.appkey)
        form.addRow("Secret Key", self.secretkey)
        form.addRow("접근토큰", self.token)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for action, text in (
            ("save_keys", "키 저장"),
            ("paste_token", "토큰 저장"),
            ("issue", "토큰 발급"),
            ("revoke", "토큰 폐기"),
            ("forget_keys", "모두 지우기"),
        ):
            button = QPushButton(text, self)
            button.setObjectName(action)
            button.clicked.connect(lambda _=False, a=action: self.run(a))
            buttons.addWidget(button)
            self.buttons[action] = button
        if target.demo:
            for b in self.buttons.values():
                b.setEnabled(b.objectName() in ("issue", "revoke"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"keyring 서비스 <b>kiwoom-gui</b>, 항목 <code>{target.env}:appkey</code>, "
                f"<code>{target.env}:secretkey</code>, <code>{target.env}:token</code>"
                if not target.demo
                else "시뮬레이터용 데모 자격증명 (메모리에만 보관)"
            )
        )
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton("닫기", self)
        self.close_button.setObjectName("closeCredentials")
        self.close_button.setAutoDefault(False)  # Enter in a key field never closes the dialog by itself
        self.close_button.clicked.connect(self.reject)
        close_row.addWidget(self.close_button)
        layout.addLayout(close_row)
        controller.credential_status.connect(self.show_status)
        self.run("status")

    def run(self, action: str) -> None:
        command = CredentialCommand(self.target, action, self.appkey.text(), self.secretkey.text(), self.token.text())
        for edit in (self.appkey, self.secretkey, self.token):
            edit.clear()  # the dialog keeps no secret once it has been handed over
        self.status.setText("처리 중…")
        self.controller.credentials(command)

    @Slot(object)
    def show_status(self, status: CredentialStatus) -> None:
        if status.env != self.target.env:
            return

        def saved(flag: bool) -> str:
            return "저장됨" if flag else "없음"

        keys = f"App Key {saved(status.has_appkey)} · Secret Key {saved(status.has_secretkey)}"
        token = f"토큰 {status.token_masked} (만료 {status.token_expires})" if status.token_masked else "토큰 없음"
        lines = [keys, token]
        if status.message:
            lines.append(status.message)
        if status.problem:
            lines.append(f"⚠ {status.problem}")
        self.status.setText("\n".join(lines))
