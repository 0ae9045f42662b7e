"""Which test checks the gradients of each op (``Function`` subclass) — first and second order.

A test file marks its property tests with the ops they check:

    from op_registry import checks_gradients

    @checks_gradients(Sin, second_order=True)
    @given(...)
    def test_sin_gradients(x): ...

``tests/test_op_registry.py`` imports every test file, walks every ``Function`` subclass of the
package and fails for any op without a registered first-order and second-order check.  Ops that
are only another op's backward can be registered by the test of that op.  Older tests can also be
registered by name, in one line: ``register(MatMul, "test_gradients.py::test_matmul", 2)``.
"""

from __future__ import annotations

FIRST_ORDER: dict = {}  # Function subclass -> list of test names
SECOND_ORDER: dict = {}


def register(function_class, test_name: str, order: int = 1) -> None:
    """Record that ``test_name`` checks ``function_class``'s gradients up to ``order`` (1 or 2)."""
    FIRST_ORDER.setdefault(function_class, []).append(test_name)
    if order >= 2:
        SECOND_ORDER.setdefault(function_class, []).append(test_name)


def checks_gradients(*function_classes, second_order=False):
    """Decorator form of :func:`register` for a test function."""
    def mark(test):
        name = f"{test.__module__}::{test.__name__}"
        for cls in function_classes:
            register(cls, name, 2 if second_order else 1)
        return test
    return mark
