"""docs/custom_ops.md runs as written: its code blocks, in order, and the tests it shows."""

import contextlib
import io
import re
from pathlib import Path

import numpy as np
import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "custom_ops.md"


@pytest.fixture(scope="module")
def doc_namespace():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 4
    namespace, printed = {"__name__": "custom_ops_doc"}, io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), namespace)
    namespace["printed"] = printed.getvalue().splitlines()
    return namespace


def test_the_documented_outputs_are_what_the_code_prints(doc_namespace):
    printed = doc_namespace["printed"]
    assert printed[0] == "Tensor([ 3., 12.], dtype=float32)"
    assert printed[1] == "Tensor([8.], dtype=float32)"
    assert printed[2] == "12.0 12.0"


def test_the_documented_tests_pass(doc_namespace):
    doc_namespace["test_cube_gradients"]()
    doc_namespace["test_cube_values"]()
    doc_namespace["test_hardtanh_gradients"]()


def test_the_documented_tests_can_fail(doc_namespace):
    from tinygrad_ko.testing import GradcheckError, gradgradcheck

    Hardtanh, dual = doc_namespace["Hardtanh"], doc_namespace["dual"]

    class WrongCube(doc_namespace["Cube"]):
        def backward(self, dz):
            x = dual.raw(self.saved[0])  # a constant where x has a derivative: 2nd order wrong
            return dz * 3 * x * x

    with pytest.raises(GradcheckError):
        gradgradcheck(lambda t: WrongCube.apply(t), np.array([0.5, -1.5]))
    assert gradgradcheck(lambda t: Hardtanh.apply(t) * t, np.array([0.5, -1.5]))
