"""The confirmation before an order: the stock's warnings, the order in Korean words (a table of labels and
values as a trader reads them), the host and where an original number came from; the exact JSON body folded
under "보낼 본문 (JSON)" (issue 18). Cancel is the default button: Enter alone never sends real money."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

Confirm = Callable[[str, str, Mapping[str, str]], bool]
BODY_HEADING = "보낼 본문 (JSON)"
UNKNOWN_BEFORE = (
    "⚠ {time}에 보낸 같은 주문이 아직 '확인 필요'입니다 — 그 주문이 접수되었다면 이것은 두 번째 주문이 됩니다. "
    "미체결·주문체결 탭에서 먼저 확인하세요."
)


def confirmation_text(context: Mapping[str, str]) -> str:
    """What the confirmation states before the JSON: the warnings, the order in words, where it goes, and
    where an original order number came from."""
    lines = [
        context.get("warnings", ""),  # the stock's warnings first: they are why this is asked at all
        context.get("precautions", ""),  # 주문 착오 방지: each limit this order passes, with its value
        context.get("pending", ""),  # its lookup has not landed: name, band and warnings unchecked
        context.get("unknown", ""),
        context.get("credit", ""),  # 신용매수: the ratio, the estimate, the last known orderable quantity
        context.get("summary", ""),
        context.get("table", ""),
        context.get("session", ""),  # the session: an untested 매매구분, an NXT order's lifetime
        f"호스트: {context.get('host', '')}",
    ]
    if context.get("origin"):
        lines.append(f"원주문번호 출처: {context['origin']}")
    return "\n".join(line for line in lines if line)


def body_text(body: Mapping[str, str]) -> str:
    """The exact body as it will be sent, under its heading."""
    return f"{BODY_HEADING}\n" + json.dumps(dict(body), ensure_ascii=False, indent=2)


def confirm_with_dialog(parent: QWidget, context: Callable[[], Mapping[str, str]] | None = None) -> Confirm:
    """A modal QMessageBox ``confirmOrder``; ``context`` gives what :func:`confirmation_text` shows (default: the
    window's ``confirming``)."""
    if context is None:
        context = lambda: getattr(parent, "confirming", {})  # noqa: E731

    def confirm(env_label: str, title: str, body: Mapping[str, str]) -> bool:
        from PySide6.QtWidgets import QMessageBox  # built on first use, not before the first paint

        box = QMessageBox(parent)
        box.setObjectName("confirmOrder")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(f"{env_label} 주문 확인")
        box.setText(f"<b>{env_label}</b> 환경으로 <b>{title}</b>을 보냅니다.")
        box.setTextFormat(Qt.TextFormat.RichText)  # our own words only (the environment and the order's title)
        box.setInformativeText(confirmation_text(context()))
        # the informative text carries the host's stock name: plain text, so a name with a tag or "<!--"
        # can hide neither the warnings nor the order (QMessageBox.setTextFormat covers the main text only)
        informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if informative is None:  # a Qt without that label: nothing host-made may be taken as HTML
            box.setInformativeText(html.escape(box.informativeText()).replace("\n", "<br>"))
        else:
            informative.setTextFormat(Qt.TextFormat.PlainText)
        box.setDetailedText(body_text(body))  # plain text, folded: the exact JSON for whoever wants it
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter alone never sends real money
        box.button(QMessageBox.StandardButton.Ok).setText("보내기")
        box.button(QMessageBox.StandardButton.Cancel).setText("취소")
        return box.exec() == QMessageBox.StandardButton.Ok

    return confirm
