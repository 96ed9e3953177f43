"""신규 주문 정지 (``haltNewOrders``): while on, 신용매수 and 신용매도 are refused at Send with the reason; 정정 and
취소 still go. It never cancels anything. A checkable action (menu), a toggle beside the environment holding
that action (``haltNewOrdersButton``), a red label while on; kept in settings.ini (``orders/halt_new``), written
off the GUI thread as soon as it is switched, so a crash right after keeps it too."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar, QToolButton, QWidget

from ...base.resources_io import load_json
from ..elided_label import ElidedLabel

KEY = "orders/halt_new"
NEW_ORDERS = ("kt10006", "kt10007")  # 신용매수, 신용매도; 정정 (kt10008) and 취소 (kt10009) are never halted


def texts() -> Mapping[str, Any]:
    return load_json("batch.json")["halt"]


class HaltSwitch(QObject):
    _not_kept = Signal(bool)  # from the writer's thread: the switch (on/off) could not be written

    def __init__(self, settings: QSettings, status_bar: QStatusBar, parent: QWidget) -> None:
        super().__init__(parent)
        t = texts()
        self._not_kept.connect(self._on_not_kept)  # queued: emitted on the writer's thread
        self._writer = _Writer(settings.fileName(), self._emit_not_kept)
        self._status_bar = status_bar
        self.action = QAction(t["action"], parent)
        self.action.setObjectName("haltNewOrders")
        self.action.setCheckable(True)
        self.action.setToolTip(t["tip"])
        self.button = QToolButton(parent)
        self.button.setObjectName("haltNewOrdersButton")
        self.button.setDefaultAction(self.action)  # the button is the action: one state, one switch
        self.label = ElidedLabel(t["banner"], parent, min_chars=5)  # the top row never widens the window
        self.label.setObjectName("haltBanner")
        self.label.setToolTip(t["banner_tip"])
        self.label.setStyleSheet("background:#b71c1c; color:white; font-weight:bold; padding:4px;")
        self.action.setChecked(bool(settings.value(KEY, False, type=bool)))
        self._show()
        self.action.toggled.connect(self._toggled)

    @property
    def on(self) -> bool:
        return self.action.isChecked()

    def refusal(self, api_id: str) -> str | None:
        """Why ``api_id``'s order may not be sent now (None: it may)."""
        return texts()["refused"] if self.on and api_id in NEW_ORDERS else None

    def _show(self) -> None:
        self.label.setVisible(self.on)
        self.label.setToolTip(texts()["banner_tip"])
        self.button.setStyleSheet("QToolButton:checked { background:#b71c1c; color:white; font-weight:bold; }")

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        self._show()
        self._status_bar.showMessage(texts()["on" if on else "off"], 15000)
        # the GUI thread never waits on a disk sync: a QSettings of its own on a short thread (QSettings objects
        # on one file are safe from several threads); the window's object never writes this key, so its own
        # sync at close keeps what is on disk
        self._writer.write(on)

    def _emit_not_kept(self, on: bool) -> None:
        try:
            self._not_kept.emit(on)
        except RuntimeError:  # the window is gone: nobody is left to tell
            pass

    @Slot(bool)
    def _on_not_kept(self, on: bool) -> None:
        """What is on disk is not the switch: a restart would not keep it, and the window says so plainly."""
        if on != self.on:  # switched again since: that write reports for itself
            return
        t = texts()
        note = t["not_kept"].format(state=t["state_on" if on else "state_off"])
        self._status_bar.showMessage(note, 60000)
        self.label.setToolTip(f"{t['banner_tip']}\n{note}")

    def flush(self, timeout_s: float = 2.0) -> None:
        """At close: the last switch is on disk before the window's settings are (both are small writes)."""
        self._writer.flush(timeout_s)


class _Writer:
    """Plain Python (its threads may outlive the window's Qt objects)."""

    def __init__(self, path: str, not_kept: Callable[[bool], None]) -> None:
        self._path, self._not_kept = path, not_kept
        self._lock = threading.Lock()  # one write at a time, each of the latest state
        self._latest = False
        self._threads: list[threading.Thread] = []

    def write(self, on: bool) -> None:
        self._latest = on
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=self._write_latest, name="halt-setting", daemon=False)
        self._threads.append(thread)
        thread.start()

    def flush(self, timeout_s: float) -> None:
        for thread in list(self._threads):
            thread.join(timeout_s)

    def _write_latest(self) -> None:
        # whichever write runs last writes the last switch: two quick clicks never leave the first on disk
        with self._lock:
            latest = self._latest
            s = QSettings(self._path, QSettings.Format.IniFormat)
            s.setValue(KEY, latest)
            s.sync()
            if s.status() != QSettings.Status.NoError:  # not kept: said, never silent
                self._not_kept(latest)
