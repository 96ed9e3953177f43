"""Read the data files shipped as ``kiwoom_gui.resources`` (the top-level ``resources/`` folder)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any


@cache
def _folder() -> Path:
    # the package's own folder, wherever it is installed (a wheel, or the editable install's
    # mapping to resources/); cheaper at start-up than importlib.resources
    from .. import resources

    return Path(resources.__file__).parent


@cache
def load_json(name: str) -> Any:
    """Parse one JSON file from the packaged resources (cached: the files never change at run time)."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"resource name must be a plain file name: {name!r}")
    return json.loads((_folder() / name).read_text(encoding="utf-8"))
