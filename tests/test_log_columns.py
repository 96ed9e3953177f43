"""Log column headers are Korean; the key each one stands for is in its tooltip (labels: resources/log.json)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from kiwoom_gui.ui.log.log_panel import LogPanel

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# the keys a newcomer met as headers, and what the tooltip must still name
KEYS = {"api_id": "api-id", "http_status": "HTTP", "return_code": "return_code", "elapsed_ms": "ms",
        "return_msg": "return_msg"}  # fmt: skip


@pytest.fixture
def headers(qtbot) -> list[tuple[str, str]]:
    panel = LogPanel()
    qtbot.addWidget(panel)
    model = panel.table.model()  # what the view's header asks: the filter proxy
    horizontal = Qt.Orientation.Horizontal
    return [
        (model.headerData(i, horizontal, Qt.ItemDataRole.DisplayRole),
         model.headerData(i, horizontal, Qt.ItemDataRole.ToolTipRole))
        for i in range(model.columnCount())
    ]  # fmt: skip


def test_every_header_is_korean_with_a_tooltip(headers):
    for label, tooltip in headers:
        assert HANGUL.search(label), label
        assert tooltip, label


def test_technical_keys_move_to_the_tooltip(headers):
    from kiwoom_gui.records.log_rows import COLUMN_KEYS

    for key, shown_key in KEYS.items():
        label, tooltip = headers[COLUMN_KEYS.index(key)]
        assert shown_key not in label, label
        assert tooltip.startswith(shown_key + " "), tooltip
