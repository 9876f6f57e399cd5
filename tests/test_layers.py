"""The layers point down only (gui -> state -> engine): no module under gradviz/engine/ loads
Qt, the GUI or the application state, and no module under gradviz/state/ loads Qt or the GUI."""

import json
import pkgutil
from pathlib import Path

import pytest

ENGINE_DIR = Path(__file__).resolve().parent.parent / "gradviz" / "engine"
STATE_DIR = ENGINE_DIR.parent / "state"
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "gradviz.gui")
ABOVE = {"gradviz.engine": ("gradviz.gui", "gradviz.state"), "gradviz.state": ("gradviz.gui",)}


def engine_modules(folder=ENGINE_DIR, prefix="gradviz.engine"):
    """Every module and sub-package in the engine, found on disk without importing any of them."""
    names = [prefix]
    for info in pkgutil.iter_modules([str(folder)]):
        if info.ispkg:
            names += engine_modules(folder / info.name, f"{prefix}.{info.name}")
        else:
            names.append(f"{prefix}.{info.name}")
    return names


CHECK = """
import importlib, json, sys
importlib.import_module({module!r})
forbidden = {forbidden!r}
above = {above!r}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in forbidden
                        or any(m == a or m.startswith(a + ".") for a in above))))
"""


def test_engine_modules_are_found():
    modules = engine_modules()
    assert modules[0] == "gradviz.engine"
    assert all(name.startswith("gradviz.engine") for name in modules)
    on_disk = {p.stem for p in ENGINE_DIR.glob("*.py") if p.stem != "__init__"}
    assert on_disk <= {name.split(".")[2] for name in modules[1:]}


@pytest.mark.parametrize("module", engine_modules() + engine_modules(STATE_DIR, "gradviz.state"))
def test_module_loads_nothing_above_its_layer(module, fresh_python):
    layer = ".".join(module.split(".")[:2])
    result = fresh_python("-c", CHECK.format(module=module, forbidden=FORBIDDEN,
                                             above=ABOVE[layer]))

    assert result.returncode == 0, f"importing {module} failed:\n{result.stderr}"
    assert json.loads(result.stdout.splitlines()[-1]) == []
