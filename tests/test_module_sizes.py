"""The code is laid out to grow (issue 18): no module past 400 lines, no folder past 10 modules, and every
package is in pyproject.toml's list (a package missing there is missing from the wheel .ci/run builds)."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    tomllib = None

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kiwoom_gui"
MAX_LINES = 400
MAX_MODULES = 10
NOT_COUNTED = {"__init__.py", "__main__.py"}

# Known exceptions, each with its size when it was allowed (it may only shrink): none today.
LONG_MODULES: dict[str, int] = {}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_past_400_lines():
    too_long = {}
    for path in _modules():
        name = path.relative_to(PACKAGE).as_posix()
        limit = LONG_MODULES.get(name, MAX_LINES)
        if _lines(path) > limit:
            too_long[name] = _lines(path)
    assert not too_long, f"modules past {MAX_LINES} lines (split them by job): {too_long}"


def test_the_known_exceptions_still_exist():
    # an exception that was moved or removed leaves this list: no stale name hides a new module of that name
    missing = [name for name in LONG_MODULES if not (PACKAGE / name).is_file()]
    assert not missing, f"gone: remove them from LONG_MODULES: {missing}"


def test_no_folder_holds_more_than_10_modules():
    crowded = {}
    for folder in sorted({p.parent for p in _modules()}):
        modules = [p.name for p in folder.glob("*.py") if p.name not in NOT_COUNTED]
        if len(modules) > MAX_MODULES:
            crowded[folder.relative_to(ROOT).as_posix()] = len(modules)
    assert not crowded, f"folders past {MAX_MODULES} modules (group them by what they are about): {crowded}"


def test_every_package_is_in_the_wheel_list():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if tomllib is not None:
        listed = set(tomllib.loads(text)["tool"]["setuptools"]["packages"])
    else:  # 3.10: the list is one quoted name a line
        listed = {line.strip().strip('",') for line in text.splitlines() if line.strip().startswith('"kiwoom_gui')}
    packages = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py") if "__pycache__" not in p.parts
    }
    missing = sorted(packages - listed)
    assert not missing, f"packages not in pyproject.toml [tool.setuptools] packages (the wheel lacks them): {missing}"
