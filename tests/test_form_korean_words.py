"""The forms speak Korean (issue 18 item 7): 매매구분 reads 보통, not 보통 (0) (the code in the tooltip, the
combo's data still the wire code), and a form's header names the order without ``POST /api/…``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel


def test_order_type_reads_as_words_and_sends_its_code(window):
    form = window.forms["kt10006"]
    combo = form.findChild(QComboBox, "trde_tp")
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "보통" in texts and "시장가" in texts
    assert not any(t.endswith(")") and t.split("(")[-1].rstrip(")").isdigit() for t in texts), texts
    assert combo.itemData(combo.findText("시장가")) == "3"
    assert "3" in combo.itemData(combo.findText("시장가"), Qt.ItemDataRole.ToolTipRole)
    venue = form.findChild(QComboBox, "dmst_stex_tp")
    assert "한국거래소 (KRX)" in [venue.itemText(i) for i in range(venue.count())]  # a venue keeps its name


def test_form_headers_name_the_order_not_the_wire(window):
    for api_id, form in window.forms.items():
        title = form.findChild(QLabel, "formTitle")
        assert "POST" not in title.text() and "/api/" not in title.text() and api_id not in title.text()
        assert api_id in title.toolTip() and "/api/dostk/crdordr" in title.toolTip()
