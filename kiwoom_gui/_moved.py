"""Old module paths of kiwoom-gui ≤ 0.1 (a flat package) → where the modules live now.

Code written against ``kiwoom_gui.validation``, ``kiwoom_gui.client``, ``kiwoom_gui.ui.log_model`` … keeps
working: importing an old name gives the very module object of the new one (one module, not a copy).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

MOVED: dict[str, str] = {
    "kiwoom_gui.specs": "kiwoom_gui.orders.specs",
    "kiwoom_gui.validation": "kiwoom_gui.orders.validation",
    "kiwoom_gui.summary": "kiwoom_gui.orders.summary",
    "kiwoom_gui.korean": "kiwoom_gui.orders.korean",
    "kiwoom_gui.order_reuse": "kiwoom_gui.orders.order_reuse",
    "kiwoom_gui.client": "kiwoom_gui.host.client",
    "kiwoom_gui.transport": "kiwoom_gui.host.transport",
    "kiwoom_gui.auth": "kiwoom_gui.host.auth",
    "kiwoom_gui.answers": "kiwoom_gui.host.answers",
    "kiwoom_gui.environments": "kiwoom_gui.host.environments",
    "kiwoom_gui.request_headers": "kiwoom_gui.host.request_headers",
    "kiwoom_gui.throttle": "kiwoom_gui.host.throttle",
    "kiwoom_gui.redaction": "kiwoom_gui.host.redaction",
    "kiwoom_gui.journal": "kiwoom_gui.records.journal",
    "kiwoom_gui.journal_entry": "kiwoom_gui.records.journal_entry",
    "kiwoom_gui.log_rows": "kiwoom_gui.records.log_rows",
    "kiwoom_gui.log_text": "kiwoom_gui.records.log_text",
    "kiwoom_gui.log_csv": "kiwoom_gui.records.log_csv",
    "kiwoom_gui.kst": "kiwoom_gui.base.kst",
    "kiwoom_gui.safe_text": "kiwoom_gui.base.safe_text",
    "kiwoom_gui.resources_io": "kiwoom_gui.base.resources_io",
    "kiwoom_gui.display": "kiwoom_gui.base.display",
    "kiwoom_gui.payloads": "kiwoom_gui.base.payloads",
    "kiwoom_gui.ui.order_form": "kiwoom_gui.ui.orders.order_form",
    "kiwoom_gui.ui.fields": "kiwoom_gui.ui.orders.fields",
    "kiwoom_gui.ui.instrument_lookup": "kiwoom_gui.ui.orders.instrument_lookup",
    "kiwoom_gui.ui.instrument_tasks": "kiwoom_gui.ui.orders.instrument_tasks",
    "kiwoom_gui.ui.account_panel": "kiwoom_gui.ui.account.account_panel",
    "kiwoom_gui.ui.account_tasks": "kiwoom_gui.ui.account.account_tasks",
    "kiwoom_gui.ui.account_view": "kiwoom_gui.ui.account.account_view",
    "kiwoom_gui.ui.log_model": "kiwoom_gui.ui.log.log_model",
    "kiwoom_gui.ui.log_panel": "kiwoom_gui.ui.log.log_panel",
    "kiwoom_gui.ui.live_bridge": "kiwoom_gui.ui.live.live_bridge",
    "kiwoom_gui.ui.live_wiring": "kiwoom_gui.ui.live.live_wiring",
}


class _Alias(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self._target = target

    def create_module(self, spec):  # the new module itself stands for the old name
        module = importlib.import_module(self._target)
        self._own_spec = module.__spec__
        return module

    def exec_module(self, module) -> None:  # already executed under its own name; keep its own spec
        module.__spec__ = self._own_spec


class MovedModules(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path=None, target=None):
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.util.spec_from_loader(fullname, _Alias(new))


def install() -> None:
    if not any(isinstance(f, MovedModules) for f in sys.meta_path):
        # first: a stray file at an old path (an upgrade unpacked over 0.1, a stale build/) must never load as
        # a second copy of a module with its own state
        sys.meta_path.insert(0, MovedModules())
