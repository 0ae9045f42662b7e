"""Every op of the package has a registered gradient property test, of first and second order
(issue 11 item 5, issue 13 item 2).  Registration: tests/op_registry.py."""

import importlib
from pathlib import Path

import op_registry

import tinygrad_ko.ops  # noqa: F401  (imports every op module)
from tinygrad_ko.autograd.function import Function

TESTS = Path(__file__).resolve().parent


def _import_registering_test_files():
    for path in sorted(TESTS.glob("test_*.py")):
        if path.stem != "test_op_registry" and "op_registry" in path.read_text(encoding="utf-8"):
            importlib.import_module(path.stem)


def package_ops():
    """Every concrete Function subclass defined in tinygrad_ko (private bases excluded)."""
    found, stack = [], list(Function.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("tinygrad_ko.") and not cls.__name__.startswith("_"):
            found.append(cls)
    return sorted(set(found), key=lambda c: (c.__module__, c.__name__))


def test_walk_finds_the_ops_of_every_op_module():
    names = {cls.__name__ for cls in package_ops()}
    assert {"Add", "MatMul", "Conv2d", "Sin", "Einsum", "Pad", "LeakyReLU"} <= names
    assert not any(name.startswith("_") for name in names)


def test_every_op_has_a_first_order_gradient_property_test():
    _import_registering_test_files()
    missing = [f"{c.__module__}.{c.__name__}" for c in package_ops()
               if not op_registry.FIRST_ORDER.get(c)]
    assert not missing, (f"{len(missing)} op(s) have no registered gradient property test: "
                         f"{missing}; decorate the test with op_registry.checks_gradients(Op)")


def test_every_op_has_a_second_order_gradient_property_test():
    _import_registering_test_files()
    missing = [f"{c.__module__}.{c.__name__}" for c in package_ops()
               if not op_registry.SECOND_ORDER.get(c)]
    assert not missing, (f"{len(missing)} op(s) have no registered second-order (gradgradcheck) "
                         f"test: {missing}; decorate it with checks_gradients(Op, second_order=True)")
