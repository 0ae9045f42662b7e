"""Which derivative an op gives exactly on its kink (x = 0), where none exists: PyTorch's choice,
which training code relies on (a ReLU-like unit at exactly 0 must not suddenly pass the full
gradient).  gradcheck cannot decide this (it reports a kink), so each value is pinned here."""

import numpy as np
import pytest

from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F


def gradient_at(fn, values):
    x = Tensor(np.array(values), requires_grad=True)
    fn(x).sum().backward()
    return x.grad.data


def test_relu_passes_nothing_at_zero():
    np.testing.assert_array_equal(gradient_at(lambda t: t.relu(), [-1.0, 0.0, 1.0]), [0, 0, 1])


def test_leaky_relu_uses_the_negative_slope_at_zero():
    np.testing.assert_allclose(gradient_at(lambda t: F.leaky_relu(t, 0.2), [-1.0, 0.0, 1.0]),
                               [0.2, 0.2, 1.0])
    np.testing.assert_array_equal(F.leaky_relu(Tensor(np.array([0.0, -0.0])), 0.2).data, [0, 0])


def test_elu_uses_the_left_derivative_alpha_at_zero():
    # alpha = 1 hides the choice (both sides give 1); alpha = 0.5 shows it
    np.testing.assert_allclose(gradient_at(lambda t: F.elu(t, 0.5), [-1.0, 0.0, 1.0]),
                               [0.5 * np.exp(-1.0), 0.5, 1.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
@pytest.mark.parametrize("op", ["max", "min"])
def test_tied_extremes_share_the_gradient_divided_once_in_the_input_dtype(op, dtype):
    # 3 ties get dz / 3 each, rounded once in the input's dtype as PyTorch's grad / count: for
    # dz = 7 in float32 that is 2.3333333 (7 · float32(1/3) would round up to 2.3333335)
    x = Tensor(np.array([[1.0, 3.0, 3.0, 3.0], [3.0, 2.0, 0.0, 2.0]], dtype), requires_grad=True)
    sign = 1.0 if op == "max" else -1.0
    out = getattr(x * sign, op)(axis=1)
    out.backward(np.array([7.0, 5.0], dtype))
    share = np.array(7.0, dtype) / np.array(3.0, dtype)
    expected = np.array([[0, share, share, share], [5.0, 0, 0, 0]], dtype) * sign
    assert x.grad.dtype == dtype
    np.testing.assert_array_equal(x.grad.data, expected)


def test_leaky_relu_gradient_multiplies_by_the_slope_in_float32():
    # PyTorch converts the slope to the tensor's dtype first: dz · float32(0.01), rounded once
    dz = np.random.default_rng(0).standard_normal(20).astype(np.float32)
    x = Tensor(-np.ones(20, np.float32), requires_grad=True)
    F.leaky_relu(x, 0.01).backward(dz)
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.data, dz * np.float32(0.01))
