"""gradviz's own imports form no cycle, and nothing imports the command line (the top).

Every import counts, those inside functions too: a cycle hidden in a function still ties the
modules together (each needs the other loaded, in an order that works only by luck).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gradviz"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(tree: ast.AST, module: str, is_package: bool):
    """Each dotted name an import statement in ``tree`` asks for (``from a import b`` gives
    ``a`` and ``a.b``: b may be a module or a name in a)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = module.split(".") if is_package else module.split(".")[:-1]
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join(parent + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module name -> the package's modules it imports (a package's own submodules and its
    parent packages left out: importing ``a.b`` from ``a`` is not a cycle in the code)."""
    paths = {module_name(p, package): p for p in package.rglob("*.py")}
    graph = {name: set() for name in paths}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in imported_names(tree, name, path.name == "__init__.py"):
            while target and target not in paths:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_finder_sees_a_cycle_inside_a_function(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("def late():\n    from pkg.c import thing\n")
    (package / "c.py").write_text("from . import a\nthing = 1\n")
    (package / "d.py").write_text("import pkg.a\n")
    assert cycles(import_graph(package)) == [["pkg.a", "pkg.b", "pkg.c"]]
    (package / "c.py").write_text("thing = 1\n")
    assert cycles(import_graph(package)) == []


def test_gradviz_has_no_import_cycle():
    assert cycles(import_graph()) == []


ENTRY_POINTS = {
    "gradviz.__main__",            # python -m gradviz
    "gradviz.bench.first_frame",   # python -m gradviz.bench.first_frame: times cli.main itself
}
"""Programs of their own, run as ``__main__``: above the command line, imported by nothing."""


@pytest.mark.parametrize("top", ["gradviz.cli", *sorted(ENTRY_POINTS)])
def test_nothing_imports_the_command_line_but_entry_points(top):
    graph = import_graph()
    importers = sorted(name for name, targets in graph.items() if top in targets)
    assert set(importers) <= (ENTRY_POINTS - {top})
