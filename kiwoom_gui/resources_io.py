"""Read the data files shipped as ``kiwoom_gui.resources`` (the top-level ``resources/`` folder)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """Parse one JSON file from the packaged resources (cached: the files never change at run time)."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"resource name must be a plain file name: {name!r}")
    text = resources.files("kiwoom_gui.resources").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)
