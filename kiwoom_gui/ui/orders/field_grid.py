"""The form's field grid, built from its OrderSpec: a row per field (name, editor), its message on the line
under it, the stock line under 종목코드, the price buttons under the price, 금액 under them; Tab follows the
rows in reading order.

Every message line has its room from the start and holds one line (shortened with …, whole in its tooltip):
a message that comes or goes while the user types never moves the fields below, nor widens the ticket.

Reading order is the spec's, except where resources/instrument_form.json ``layout.before`` moves a field up
(매매구분 before the price it decides on).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ...orders.specs import FieldSpec, OrderSpec
from ..elided_label import ElidedLabel
from .amount_row import AmountRow
from .fields import HintedLineEdit, PriceLineEdit, make_editor
from .instrument_line import InstrumentLine, texts
from .price_buttons import PriceButtons

ERROR_COLOUR = "#c62828"


def label_html(label: str, required: bool) -> str:
    return f'{label} <span style="color:{ERROR_COLOUR}">*</span>' if required else label


def reading_order(spec: OrderSpec) -> list[FieldSpec]:
    """The spec's fields in the order the form shows them."""
    fields = list(spec.request_body)
    for key, before in texts()["layout"]["before"].items():
        if spec.has_field(key) and spec.has_field(before):
            moved = spec.body_field(key)
            fields.remove(moved)
            fields.insert(fields.index(spec.body_field(before)), moved)
    return fields


def message_line(name: str, parent: QWidget, palette: QPalette) -> ElidedLabel:
    """A field's message: plain text (it may name the host's stock), red, one line kept from the start."""
    label = ElidedLabel("", parent, min_chars=6)
    label.setObjectName(name)
    label.setPalette(palette)  # a palette, not a style sheet: 24 sheets slow the first paint
    label.setMinimumHeight(label.fontMetrics().height())
    return label


@dataclass
class FieldGrid:
    layout: QGridLayout
    editors: dict[str, QWidget] = field(default_factory=dict)  # in the spec's order
    error_labels: dict[str, QLabel] = field(default_factory=dict)
    name_labels: dict[str, QLabel] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # the field keys in reading order
    chain: list[QWidget] = field(default_factory=list)  # what Tab visits, in reading order
    line: InstrumentLine | None = None
    price_buttons: PriceButtons | None = None
    amount: AmountRow | None = None


def build_field_grid(
    spec: OrderSpec,
    parent: QWidget,
    main_price_key: str | None,
    fill_price: Callable[[str], object],
    set_quantity: Callable[[str], None],
) -> FieldGrid:
    grid = FieldGrid(QGridLayout())
    grid.layout.setColumnStretch(1, 1)
    grid.layout.setVerticalSpacing(2)
    error_palette = QPalette(parent.palette())
    error_palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
    editors = {f.key: make_editor(f, parent) for f in spec.request_body}  # the spec's order
    row = 0
    for f in reading_order(spec):
        editor = editors[f.key]
        editor.setObjectName(f.key)
        name = QLabel(label_html(f.label, f.required), parent)
        name.setTextFormat(Qt.TextFormat.RichText)
        tip = "\n".join(t for t in (f.key, f.description, f"최대 {f.max_length}자") if t)
        if isinstance(editor, PriceLineEdit):
            tip += f"\n{texts()['price_tip']}"
        name.setToolTip("\n".join(t for t in (tip, f.hint) if t))
        if isinstance(editor, HintedLineEdit):
            editor.set_tip(tip)  # with the whole hint, whatever the placeholder fits
        else:
            editor.setToolTip(tip)
        name.setBuddy(editor)
        error = message_line(f"{f.key}_error", parent, error_palette)
        grid.layout.addWidget(name, row, 0)
        grid.layout.addWidget(editor, row, 1)
        grid.layout.addWidget(error, row + 1, 0, 1, 2)
        row += 2
        grid.error_labels[f.key], grid.name_labels[f.key] = error, name
        grid.order.append(f.key)
        grid.chain.append(editor)
        if f.key == "stk_cd":  # the stock line, in room kept from the start
            grid.line = InstrumentLine(parent)
            grid.layout.addWidget(grid.line, row, 0, 1, 2)
            row += 1
        if f.key == main_price_key:
            grid.price_buttons = PriceButtons(fill_price, parent)
            grid.layout.addWidget(grid.price_buttons, row, 0, 1, 2)
            grid.chain += grid.price_buttons.buttons.values()
            row += 1
        if f.key == "ord_uv" and spec.has_field("ord_qty"):  # 신용매수·신용매도: 금액 → 수량
            price = editors["ord_uv"]
            grid.amount = AmountRow(parent, f, lambda price=price: price.text() if price.isEnabled() else "",
                                    set_quantity, message_line("amount_error", parent, error_palette))
            row += grid.amount.place(grid.layout, row)
            grid.chain.append(grid.amount.field)
    grid.editors = editors
    return grid
