"""The flat module paths of 0.1 (kiwoom_gui.validation, kiwoom_gui.ui.log_model …) still import, as the very
module objects of their new places, so code written against them keeps working after the regrouping."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys

import pytest

from kiwoom_gui._moved import MOVED


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_path_is_the_new_module(old, new):
    assert importlib.import_module(old) is importlib.import_module(new)
    assert importlib.import_module(new).__spec__.name == new  # the module keeps its own name


def test_old_paths_in_a_fresh_interpreter_and_the_layout_on_disk():
    script = "from kiwoom_gui.validation import build_body; import kiwoom_gui.orders.validation as v; " \
             "print(build_body is v.build_body)"  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr
    for new in MOVED.values():
        assert importlib.util.find_spec(new) is not None, new
