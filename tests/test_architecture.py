"""The floors of the package: a module imports only from its own floor and the floors below.

Every module under ``tinygrad_ko/`` is read with ``ast`` (nothing is imported or run), and every
import of ours — at the top of the file or inside a function or method, relative or absolute, or
``importlib.import_module`` / ``__import__`` of a module named literally — is checked against
``FLOORS``.  A new module must be given a floor here; an arrow that points up is a design question
(docs/architecture.md), not something to route around with a lazy import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tinygrad_ko"

#: Lowest first.  "name.*" is a package and every module in it; the longest match places a module.
FLOORS = [
    ("base: no engine", ["tinygrad_ko.allocator", "tinygrad_ko.atomic_files", "tinygrad_ko.datasets",
                         "tinygrad_ko.plots"]),
    ("graph: state, in-place tracking, anomaly mode, the Function base, the one walk",
     ["tinygrad_ko.autograd.*"]),
    ("ops: one Function per op", ["tinygrad_ko.ops.*"]),
    ("engine: the backward walk (uses the ops' dual formulas)", ["tinygrad_ko.autograd.engine"]),
    ("tensor: the Tensor class, creation functions, the package's own names",
     ["tinygrad_ko", "tinygrad_ko.tensor", "tinygrad_ko.creation"]),
    ("drawing: any recorded graph, read through the walk (knows no layer, no model)",
     ["tinygrad_ko.viz.draw"]),
    ("nn: layers, functional, optimizers", ["tinygrad_ko.nn.*"]),
    ("models and gradient checks", ["tinygrad_ko.models", "tinygrad_ko.testing"]),
    ("tools: training, export, the book's drawings, the explorer, the book's code",
     ["tinygrad_ko.train", "tinygrad_ko.distributed", "tinygrad_ko.onnx.*", "tinygrad_ko.viz.book",
      "tinygrad_ko.explore.*", "tinygrad_ko.book.*"]),
    ("front doors: viz's public names, the command line",
     ["tinygrad_ko.viz", "tinygrad_ko.cli", "tinygrad_ko.__main__"]),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


ALL_MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def floor_of(module: str):
    """Index of ``module``'s floor in FLOORS, or None when no entry places it."""
    best, best_length = None, -1
    for index, (_, names) in enumerate(FLOORS):
        for name in names:
            covers = module == name if not name.endswith(".*") else \
                module == name[:-2] or module.startswith(name[:-1])
            if covers and len(name) > best_length:
                best, best_length = index, len(name)
    return best


def _dynamic_import(call: ast.Call) -> bool:
    """``importlib.import_module("...")`` or ``__import__("...")`` with the module named literally."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in ("import_module", "__import__") and bool(call.args) and \
        isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)


def imports_of(module: str, source: str, is_package: bool) -> list:
    """(line, imported module of ours) for every import statement in ``source``."""
    here = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):  # every node: imports inside functions and methods too
        if isinstance(node, ast.Call) and _dynamic_import(node):
            name = node.args[0].value  # importlib.import_module("tinygrad_ko.x") / (".x", __package__)
            dots = len(name) - len(name.lstrip("."))
            target = ".".join((here[:len(here) - dots + 1] if dots else []) + name.lstrip(".").split("."))
            if target.split(".")[0] == "tinygrad_ko":
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "tinygrad_ko"]
        elif isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            target = ".".join(base + (node.module.split(".") if node.module else []))
            if target.split(".")[0] != "tinygrad_ko":
                continue
            for alias in node.names:  # `from . import viz` imports the module tinygrad_ko.viz
                sub = f"{target}.{alias.name}"
                found.append((node.lineno, sub if sub in ALL_MODULES else target))
    return found


def violations(module: str, source: str, is_package: bool = False) -> list:
    own = floor_of(module)
    found = []
    for line, target in imports_of(module, source, is_package):
        theirs = floor_of(target)
        if theirs is not None and theirs > own:
            found.append(f"{module} line {line} imports {target}: floor '{FLOORS[theirs][0]}' is above "
                         f"its own floor '{FLOORS[own][0]}'")
    return found


def test_every_module_has_a_floor():
    unplaced = [m for m in ALL_MODULES if floor_of(m) is None]
    assert not unplaced, (f"give these modules a floor in FLOORS (tests/test_architecture.py): "
                          f"{unplaced}")


def test_no_module_imports_from_a_floor_above_it():
    found = []
    for module, path in ALL_MODULES.items():
        found += violations(module, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module, source", [
    ("tinygrad_ko.nn.module", "from ..train import Trainer"),
    ("tinygrad_ko.viz.draw", "def f():\n    from ..models import SimpleConvNet\n"),  # lazy too
    ("tinygrad_ko.nn.layers", "class A:\n    def f(self):\n        def g():\n"
                              "            import tinygrad_ko.train\n"),  # in a method's inner function
    ("tinygrad_ko.ops.conv", "if True:\n    try:\n        from ..nn import functional\n"
                             "    except ImportError:\n        pass\n"),  # under if / try
    ("tinygrad_ko.tensor", "def f():\n    import importlib\n"
                           "    return importlib.import_module('tinygrad_ko.models')\n"),
    ("tinygrad_ko.autograd.graph", "def f():\n    return __import__('tinygrad_ko.viz.draw')\n"),
    ("tinygrad_ko.ops.conv", "import importlib\nimportlib.import_module('..train', __package__)\n"),
    ("tinygrad_ko.tensor", "from tinygrad_ko import viz"),
    ("tinygrad_ko.autograd.graph", "import tinygrad_ko.ops.conv"),
    ("tinygrad_ko.ops.conv", "from ..autograd import engine"),
])
def test_an_upward_import_is_caught(module, source):
    assert len(violations(module, source)) == 1


def test_imports_downwards_and_sideways_pass():
    assert violations("tinygrad_ko.viz.book", "from ..models import SimpleConvNet\n"
                      "from .draw import draw_graph") == []
    assert violations("tinygrad_ko.autograd", "from .state import no_grad", is_package=True) == []
    assert violations("tinygrad_ko.train", "from . import plots\nfrom .nn import functional as F") == []
