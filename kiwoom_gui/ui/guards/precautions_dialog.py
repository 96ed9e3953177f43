"""설정 → 주문 착오 방지…: one field per limit (object name = the settings key), a Korean message at a field that
holds no limit, and nothing saved until every field is one."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...guards.limits import KEYS, Precautions, data, parse_value, texts


class PrecautionsDialog(QDialog):
    def __init__(self, current: Precautions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("precautionsDialog")
        self.setWindowTitle(texts()["title"])
        self.result_value: Precautions | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(texts()["intro"], self))
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for key in KEYS:
            field = QLineEdit(str(getattr(current, key)), self)
            field.setObjectName(key)
            error = QLabel("", self)
            error.setObjectName(f"{key}Error")
            error.setStyleSheet("color:#c62828;")
            error.hide()
            form.addRow(data()["labels"][key], field)
            form.addRow("", error)
            self.fields[key], self.errors[key] = field, error
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("저장")
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("savePrecautions")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("취소")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        values, bad = {}, False
        for key, field in self.fields.items():
            value = parse_value(key, field.text())
            error = self.errors[key]
            if value is None:
                bad = True
                kind = data()["kinds"][key]
                error.setText(texts()["bad_percent" if kind == "percent" else "bad_int"])
                error.show()
            else:
                error.hide()
                values[key] = value
        if bad:
            return
        self.result_value = Precautions(**values)
        self.accept()
