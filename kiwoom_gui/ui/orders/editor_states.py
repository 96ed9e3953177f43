"""What the core's field states do to the editors: a field that does not apply is closed and emptied, so
nothing typed into it stays or is sent; a price of the previous stock leaves with it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtWidgets import QLineEdit, QWidget

from ...instrument.rules import PRICE_FIELDS
from ...orders.validation import BLANK, REQUIRED
from .fields import HintedLineEdit
from .original_type import closed_note, condition_field


def _clear(editor: QLineEdit) -> None:
    editor.blockSignals(True)  # the form judges again once, after every change
    editor.clear()
    editor.blockSignals(False)


def apply_states(editors: Mapping[str, QWidget], states: Mapping[str, str], touched: set[str]) -> bool:
    """Disable and clear fields that do not apply (market → no price, 융자합 → no loan date, 정정조건단가 of
    an original without a 조건단가); True when an editor changed."""
    changed = False
    note_key = condition_field()
    for key, state in states.items():
        editor, enable = editors[key], state != BLANK
        stale = not enable and isinstance(editor, QLineEdit) and bool(editor.text())
        if key == note_key and isinstance(editor, HintedLineEdit):
            editor.set_note("" if enable else closed_note())  # why it is closed, in its tooltip
        if editor.isEnabled() == enable and not stale:
            continue
        changed = True
        if stale:
            _clear(editor)
        editor.blockSignals(True)
        editor.setEnabled(enable)
        editor.blockSignals(False)
        if state == REQUIRED:
            touched.add(key)  # newly required (e.g. 스톱지정가 → 조건단가): say so at once
        if not enable:
            touched.discard(key)
    return changed


def clear_prices(editors: Mapping[str, QWidget], keep: Iterable[str], touched: set[str]) -> bool:
    """Clear the prices typed or filled for the previous stock, except ``keep`` (set together with the new
    code); True when one was cleared."""
    cleared = False
    for key in PRICE_FIELDS:
        editor = editors.get(key)
        if isinstance(editor, QLineEdit) and key not in keep and editor.text():
            _clear(editor)
            touched.discard(key)
            cleared = True
    return cleared
