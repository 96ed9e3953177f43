"""Hostile review 2 (the regrouping): the old-path alias finder is appended to ``sys.meta_path``, behind the
ordinary path finder. A file of 0.1 left at its old place — an upgrade unpacked over the old tree, or a stale
``build/lib`` that setuptools copies into the wheel — is then found first: ``kiwoom_gui.journal`` becomes a
second copy of the journal module (0.1's code, its own state), not the module ``kiwoom_gui.records.journal``
that the window uses. The alias must win over a stray file for the names it owns.

A copy of the package in a temporary directory with 0.1's ``journal.py`` at its old place; a fresh interpreter
imports both names. Nothing in the repository is changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import kiwoom_gui

REPO = Path(kiwoom_gui.__file__).resolve().parent.parent
OLD_COMMIT = "66fd11a^"  # the last commit of the flat layout


def test_a_stray_old_file_never_becomes_a_second_copy_of_a_moved_module(tmp_path):
    old = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{OLD_COMMIT}:kiwoom_gui/journal.py"], capture_output=True, text=True
    )
    assert old.returncode == 0, old.stderr
    package = tmp_path / "kiwoom_gui"
    shutil.copytree(Path(kiwoom_gui.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "journal.py").write_text(old.stdout, encoding="utf-8")  # left behind by an upgrade
    probe = "import kiwoom_gui.records.journal as new, kiwoom_gui.journal as old;print(old is new, old.__file__)"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)}
    )
    assert done.returncode == 0, done.stderr
    same, where = done.stdout.split()
    assert same == "True", f"kiwoom_gui.journal is a second module loaded from {where}"
