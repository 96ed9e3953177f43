"""No import circles in the package (issue 18): every import counts — at the top, inside a function, or under
TYPE_CHECKING — since each is a dependency a reader must follow. Modules are nodes, imports edges."""

from __future__ import annotations

import ast
from pathlib import Path

import kiwoom_gui

ROOT = Path(kiwoom_gui.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            stem = f"{base}.{node.module}" if node.level and node.module else (node.module or base)
            # `from . import x` names modules of the package, not the package itself
            targets = [f"{stem}.{a.name}" for a in node.names] + ([stem] if node.module else [])
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `from .x import name`: the module x, not the name
                target = target.rpartition(".")[0]
            if target and target != name and target != "kiwoom_gui":
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    files = [p for p in ROOT.rglob("*.py")]
    modules = {_module_name(p) for p in files}
    return {_module_name(p): _imports(p, modules) for p in files}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_imports():
    edges = graph()
    assert "kiwoom_gui.orders.specs" in edges["kiwoom_gui.orders.validation"]


def test_no_module_imports_itself_back():
    assert cycles(graph()) == []
