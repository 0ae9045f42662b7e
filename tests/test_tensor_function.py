"""``tensor_function``, the decorator that installs an op file's function as a Tensor method which
also takes arrays and numbers first (``F.sin(np.ones(3))``): names, docstrings, arguments."""

import numpy as np
import pytest

from tinygrad_ko import Tensor
from tinygrad_ko.autograd import function as _function
from tinygrad_ko.ops.operands import tensor_function


@pytest.fixture
def installed():
    """Names installed by a test, removed again afterwards."""
    names = []
    yield names
    for name in names:
        if name in vars(Tensor):
            delattr(Tensor, name)
        _function.TENSOR_METHODS.pop(name, None)


def _scaled_shift(x, factor, *, shift=0.0):
    """x · factor + shift (a test op)."""
    return x * factor + shift, x


def test_installs_under_every_given_name_keeping_name_and_docstring(installed):
    installed += ["_test_scaled_shift", "_test_scaled_shift_alias"]
    lifted = tensor_function("_test_scaled_shift", "_test_scaled_shift_alias")(_scaled_shift)
    assert Tensor._test_scaled_shift is lifted and Tensor._test_scaled_shift_alias is lifted
    assert _function.TENSOR_METHODS["_test_scaled_shift"] is lifted
    assert lifted.__name__ == "_scaled_shift" and lifted.__doc__ == _scaled_shift.__doc__
    assert lifted.__wrapped__ is _scaled_shift


def test_without_names_the_function_name_is_used(installed):
    installed.append("_scaled_shift")
    lifted = tensor_function()(_scaled_shift)
    assert Tensor._scaled_shift is lifted


def test_tensors_pass_through_and_arrays_and_numbers_become_constants(installed):
    installed.append("_test_scaled_shift")
    lifted = tensor_function("_test_scaled_shift")(_scaled_shift)
    x = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    out, seen = x._test_scaled_shift(3.0, shift=0.5)  # a method: x is the first argument
    assert seen is x
    np.testing.assert_array_equal(out.data, [3.5, -5.5])
    for value, expected in ((np.array([1.0, -2.0], dtype=np.float32), [3.5, -5.5]), (2, [6.5])):
        out, seen = lifted(value, 3.0, shift=0.5)
        assert isinstance(seen, Tensor) and seen.requires_grad is False
        assert seen.dtype == np.float32  # a Python number becomes float32, as Tensor(2) does
        np.testing.assert_array_equal(np.atleast_1d(out.data), expected)


def test_a_custom_op_whose_init_skips_super_init_still_works_and_is_drawn():
    """PyTorch's autograd Functions need no ``super().__init__()``; ours fill the base's
    attributes in after an op's own ``__init__`` (before: AttributeError 'freed' in backward)."""
    from tinygrad_ko import viz
    from tinygrad_ko.ops import Function

    class Scale(Function):
        def __init__(self, k):
            self.k = k

        def forward(self, x):
            return x * self.k

        def backward(self, dz):
            return dz * self.k

    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = Scale.apply(x, k=3.0)
    y.sum().backward()
    assert x.grad.data.tolist() == [3.0, 3.0] and y.creator.freed
    assert "scale" in viz.draw_graph(Scale.apply(x, k=2.0)).source
    assert Scale(4.0).k == 4.0 and Scale.__init__.__wrapped__.__qualname__.endswith("Scale.__init__")
