"""Shared test setup: offscreen Qt, and no test ever touches the user's real keyring or folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
