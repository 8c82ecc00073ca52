"""The shape of the code, checked on every run: the import-linter contracts, no import cycle between modules,
and no import hidden inside a function unless a comment says why."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

pytestmark = pytest.mark.no_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept():
    result = subprocess.run([sys.executable, "-m", "importlinter.cli", "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.returncode == 0, result.stdout + result.stderr


def strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over the module graph (a component of more than one module is a cycle)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                components.append(component)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return components


def test_no_module_imports_itself_through_others():
    assert strongly_connected(grimp.build_graph("portal", cache_dir=None)) == []


def imports_inside_functions(path: Path) -> list[tuple[int, bool]]:
    """(line, explained) of each import inside a function; explained when a comment sits on it or just above the
    block of imports it belongs to."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    first = inner.lineno - 1
                    while first > 0 and lines[first - 1].strip().startswith(("from ", "import ")):
                        first -= 1
                    around = lines[max(first - 1, 0):inner.end_lineno]
                    found.append((inner.lineno, any(line.strip().startswith("#") or " # " in line
                                                    for line in around)))
    return found


def test_every_import_inside_a_function_says_why():
    unexplained = [f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / "portal").rglob("*.py"))
                   for line, explained in imports_inside_functions(path) if not explained]
    assert unexplained == []
