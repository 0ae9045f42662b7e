"""Every op is differentiable twice: gradgradcheck (which runs gradcheck first, and pins the
first gradient of backward(create_graph=True) to plain backward()'s) over random cases of each
Function subclass (tests/op_cases.py)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinygrad_ko.nn import functional as F
from tinygrad_ko.ops import Function
from tinygrad_ko.testing import gradgradcheck
from tinygrad_ko.testing import strategies as tst

from op_cases import ABSTRACT, CASES, COMPOSITES


def concrete_ops(cls=Function):
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("tinygrad_ko.") and sub.__name__ not in ABSTRACT:
            yield sub
        yield from concrete_ops(sub)


def test_every_op_has_a_gradient_case():
    missing = sorted({f"{c.__module__}.{c.__name__}" for c in concrete_ops()} -
                     {f"{c.__module__}.{c.__name__}" for c in CASES})
    assert missing == [], f"add a case to tests/op_cases.py for: {missing}"


@pytest.mark.parametrize("op", sorted(CASES, key=lambda c: c.__name__), ids=lambda c: c.__name__)
@given(data=st.data())
def test_second_derivatives_of_every_op(op, data):
    fn, inputs = data.draw(CASES[op])
    assert gradgradcheck(fn, *inputs, atol=1e-4, rtol=1e-3)


@pytest.mark.parametrize("name", sorted(COMPOSITES))
@given(x=tst.arrays(tst.shapes(min_dims=1, max_dims=2, max_side=3)))
def test_second_derivatives_of_composite_activations(name, x):
    assert gradgradcheck(COMPOSITES[name], x, atol=1e-4, rtol=1e-3)


@given(n=st.integers(1, 2), c_in=st.integers(1, 2), c_out=st.integers(1, 2),
       kernel=st.integers(1, 3), stride=st.integers(1, 2), padding=st.integers(0, 1),
       output_padding=st.integers(0, 1), seed=st.integers(0, 2**31 - 1))
def test_second_derivatives_of_conv_transpose2d(n, c_in, c_out, kernel, stride, padding,
                                                 output_padding, seed):
    output_padding = min(output_padding, stride - 1)  # PyTorch's rule: smaller than the stride
    padding = min(padding, kernel - 1)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c_in, 3, 3))
    w = rng.standard_normal((c_in, c_out, kernel, kernel))
    b = rng.standard_normal(c_out)
    assert gradgradcheck(lambda x, w, b: F.conv_transpose2d(
        x, w, b, stride=stride, padding=padding, output_padding=output_padding) ** 2,
        x, w, b, atol=1e-4, rtol=1e-3)
