"""The ``dual`` helpers of docs/custom_ops.md used by a user's own op, to second order: a backward
written once runs on arrays (backward()) and on Tensors (create_graph=True).  And the dtype cast
the engine applies to every gradient also happens, recorded, under create_graph."""

import numpy as np

from tinygrad_ko import Tensor, grad, ops
from tinygrad_ko.ops import Function, dual
from tinygrad_ko.testing import gradcheck, gradgradcheck


class SelfPower(Function):
    """z = x^x for x > 0.  dz/dx = z · (log x + 1), written with dual.log."""

    def forward(self, x):
        z = x ** x
        self.save(x, z)
        return z

    def backward(self, dz):
        x, z = self.saved
        return (dz * z * (dual.log(x) + 1),)


def test_a_custom_op_built_on_dual_log_has_first_and_second_derivatives():
    x = np.array([0.5, 1.0, 1.7])
    assert gradcheck(SelfPower, x)
    assert gradgradcheck(SelfPower, x)
    t = Tensor(x, requires_grad=True)
    (g,) = grad(SelfPower.apply(t).sum(), [t], create_graph=True)
    np.testing.assert_allclose(g.data, x ** x * (np.log(x) + 1))  # the book's d/dx x^x


def test_recorded_gradients_are_cast_back_to_the_input_dtype():
    x = Tensor(np.array([0.5, -1.25], dtype=np.float32), requires_grad=True)
    y = ops.Cast.apply(x, dtype=np.float64)
    (g,) = grad((y * y * y).sum(), [x], create_graph=True)  # 3y², computed in float64
    assert g.dtype == np.float32 and g.requires_grad
    np.testing.assert_array_equal(g.data, (3 * np.array([0.5, -1.25]) ** 2).astype(np.float32))
    (gg,) = grad(g.sum(), [x])
    assert gg.dtype == np.float32
    np.testing.assert_array_equal(gg.data, np.array([3.0, -7.5], dtype=np.float32))
