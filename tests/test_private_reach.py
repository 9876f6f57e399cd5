"""No module of gradviz reaches into another object's private attributes (issue 14: the window
had presenters and helpers reading and writing each other's ``_names``).

Read from the source: ``thing._name`` (or ``getattr(thing, "_name")``) on anything but
``self``, ``cls`` or ``super()`` is a reach, unless ``thing`` is a plain name and the module
itself defines ``_name`` (a class of the module reading another instance of its kind, as
``PanelHeader`` fitting its peers). Without types this cannot see which class ``thing`` is: an
expression (``self.layers[i]._color``) is always a reach, even where the module has a
``_color`` of its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "gradviz"

NAMED_TUPLE_API = {"_replace", "_fields", "_asdict", "_make", "_field_defaults"}
"""Public, though spelt with an underscore (so they cannot clash with a field's name)."""

OUTSIDE_PROTOCOLS = {
    ("sys", "_getframe"), ("sys", "_MEIPASS"), ("os", "_exit"),
    ("printer", "_print"),                 # sympy's printing protocol: _sympystr(self, printer)
    ("feature", "_mod_uses_pyside"),       # PySide6's __feature__ hook (gui/qt_start.py)
}
"""(name, attribute) pairs the libraries themselves document or require."""


def defined_names(tree: ast.AST) -> set[str]:
    """Every name the module defines: functions, classes, names assigned (class attributes
    among them) and attributes assigned on ``self`` or ``cls``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
              and _owner(node.value) is None):
            names.add(node.attr)
    return names


def _owner(node: ast.expr) -> str | None:
    """'self'-like owners give None (not a reach); a plain name gives that name, else ''."""
    if isinstance(node, ast.Name):
        return None if node.id in ("self", "cls") else node.id
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super":
        return None
    return ""


def private_reaches(source: str) -> list[tuple[int, str]]:
    """(line, text) of each reach into another object's private attribute in ``source``."""
    tree = ast.parse(source)
    own = defined_names(tree)
    found = []
    for node in ast.walk(tree):
        owner, name = None, None
        if isinstance(node, ast.Attribute):
            owner, name = _owner(node.value), node.attr
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("getattr", "setattr", "hasattr") and len(node.args) >= 2
              and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
            owner, name = _owner(node.args[0]), node.args[1].value
        if owner is None or not name.startswith("_") or name.endswith("__"):
            continue
        if (name in NAMED_TUPLE_API or (owner and name in own)
                or (owner, name) in OUTSIDE_PROTOCOLS):
            continue
        found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_check_sees_a_reach_and_lets_a_module_read_its_own_kind():
    source = """
class Layer:
    def __init__(self):
        self._peers = []

def fit(layer, view):
    view._color = layer._peers          # _peers is this module's, _color is not
    getattr(view, "_dock")
    return layer._replace(x=1), super()._extend(), self._hidden, self.layers[0]._peers
"""
    assert private_reaches(source) == [(7, "view._color"), (8, "getattr(view, '_dock')"),
                                       (9, "self.layers[0]._peers")]


def test_no_module_reaches_into_another_objects_private_attributes():
    reaches = [f"{path.relative_to(PACKAGE.parent)}:{line}: {text}"
               for path in sorted(PACKAGE.rglob("*.py"))
               for line, text in private_reaches(path.read_text(encoding="utf-8"))]
    assert reaches == []
