"""ElidedLabel shortens a text set while it is not visible only when that text is read (shown, resized, laid out,
its tooltip asked): building the window set texts about 170 times, and shortening each cost start-up ~9 ms.
What anyone reads of it stays what it was."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QVBoxLayout, QWidget

from kiwoom_gui.ui.elided_label import ElidedLabel

LONG = "실시간 연결이 끊어졌습니다 — 다시 연결하는 중입니다 (3번째 시도, 다음 시도 8초 뒤) " * 3


def painted(label: ElidedLabel) -> str:
    """What Qt paints: QLabel's own text, not the whole text ``text()`` keeps."""
    return QLabel.text(label)


def test_hidden_label_is_not_shortened_until_read(qtbot):
    label = ElidedLabel("")
    qtbot.addWidget(label)
    label.resize(120, 20)
    for i in range(3):
        label.setText(f"{i} {LONG}")
    assert painted(label) == ""  # nothing shortened yet: nothing has read it
    assert label.text() == f"2 {LONG}"  # the whole text, as set
    # reading the tooltip catches up: the whole text is in it, after the shortened one is made
    assert label.toolTip() == f"2 {LONG}"
    shown = painted(label)
    assert shown.endswith("…") and f"2 {LONG}".startswith(shown[:-1]) and len(shown) < len(LONG)
    assert label.shown_text() == shown


def test_label_in_a_hidden_tab_is_shortened_before_it_is_painted(qtbot):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "first")
    page = QWidget()
    layout = QVBoxLayout(page)
    label = ElidedLabel("", page)
    layout.addWidget(label)
    tabs.addTab(page, "second")
    tabs.resize(300, 200)
    tabs.show()
    qtbot.waitExposed(tabs)
    label.setText(LONG)  # its tab is not shown
    assert not label.isVisible() and painted(label) != LONG[:5] + "…"
    tabs.setCurrentIndex(1)  # shown: its show event catches up before the first paint
    assert label.isVisible()
    shown = painted(label)
    assert shown.endswith("…") and LONG.startswith(shown[:-1])
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert QLabel.toolTip(label) == LONG  # what Qt shows on hover (it reads its own copy)


def test_visible_label_is_shortened_at_once(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    label = ElidedLabel("짧은 글", box)
    layout.addWidget(label)
    box.resize(200, 60)
    box.show()
    qtbot.waitExposed(box)
    assert painted(label) == "짧은 글" and QLabel.toolTip(label) == ""
    label.setText(LONG)
    shown = painted(label)  # no read in between: a visible label is shortened as it is set
    assert shown.endswith("…") and QLabel.toolTip(label) == LONG
    label.setToolTip("발급 시각 09:00")
    assert QLabel.toolTip(label) == f"{LONG}\n발급 시각 09:00"
    label.setText("짧은 글")
    assert painted(label) == "짧은 글" and QLabel.toolTip(label) == "발급 시각 09:00"


def test_a_grab_of_a_label_never_shown_paints_it_shortened(qtbot):
    """grab() paints a widget that was never shown (screenshots): the text is shortened for that paint."""
    label = ElidedLabel("")
    qtbot.addWidget(label)
    label.resize(120, 20)
    label.setText(LONG)
    assert painted(label) == ""
    label.grab()
    assert painted(label).endswith("…") and LONG.startswith(painted(label)[:-1])


def test_a_grab_of_a_label_hidden_after_it_was_shown_paints_its_new_text(qtbot):
    """A tab left, its label's text changed, then the label grabbed (a screenshot of that page): the grab paints the
    new text, not the one it had when its tab was last shown (no resize comes to catch it up: its size is known)."""
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    page = QWidget()
    label = ElidedLabel(LONG, page)
    label.setGeometry(0, 0, 200, 20)  # placed, not laid out: nothing asks its size again
    tabs.addTab(page, "first")
    tabs.addTab(QWidget(), "second")
    tabs.resize(300, 200)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert painted(label).endswith("…")
    tabs.setCurrentIndex(1)
    QApplication.processEvents()
    label.setText("짧은 글")
    label.grab()
    assert painted(label) == "짧은 글"


def test_a_bolder_style_shortens_the_text_again(qtbot):
    """The credit desk marks a figure red and bold after setting it: the bolder text no longer fits its room, and it
    must be shortened with "…" (its whole text in the tooltip), never cut at the label's edge as a wrong figure."""
    from kiwoom_gui.ui.credit.summary_strip import RED

    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = ElidedLabel("", box)
    layout.addWidget(label)
    figure = "142.35% (1,234,567,890)"  # a ratio and an amount: what a bold cut would make wrong
    box.setFixedWidth(label.fontMetrics().horizontalAdvance(figure) + 4)
    box.show()
    qtbot.waitExposed(box)
    label.setText(figure)
    assert painted(label) == figure  # it fits in the plain weight
    label.setStyleSheet(RED)
    assert label.font().bold() and label.fontMetrics().horizontalAdvance(figure) > label.contentsRect().width()
    shown = painted(label)
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width(), shown
    assert shown.endswith("…") and QLabel.toolTip(label) == figure
