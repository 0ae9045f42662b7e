"""``dual.apply_op`` and ``dual.cast`` (docs/custom_ops.md) on both passes: arrays give arrays
(never a NumPy scalar), Tensors give recorded Tensors, and array constants meeting a float Tensor
take its dtype."""

import numpy as np

from tinygrad_ko import Tensor, grad, ops
from tinygrad_ko.ops import dual


def test_apply_op_on_arrays_always_returns_an_ndarray():
    out = dual.apply_op(ops.Einsum, np.array([1.0, 2.0, 3.5]), subscripts="i->")
    assert type(out) is np.ndarray and out.shape == () and out == 6.5  # np.einsum gives a scalar
    matrix = dual.apply_op(ops.Einsum, np.eye(2), np.ones((2, 3)), subscripts="ij,jk->ik")
    assert type(matrix) is np.ndarray
    np.testing.assert_array_equal(matrix, np.ones((2, 3)))


def test_apply_op_on_a_float32_tensor_casts_float_array_constants_to_float32():
    x = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32), requires_grad=True)
    weights = np.array([0.5, -1.0])  # float64
    out = dual.apply_op(ops.Einsum, x, weights, subscripts="ij,j->i")
    assert isinstance(out, Tensor) and out.dtype == np.float32 and out.requires_grad
    np.testing.assert_array_equal(out.data, np.array([-1.5, -2.5], dtype=np.float32))
    (g,) = grad(out.sum(), [x])
    np.testing.assert_array_equal(g.data, np.array([[0.5, -1.0], [0.5, -1.0]], dtype=np.float32))


def test_apply_op_keeps_a_boolean_constant_boolean():
    x = Tensor(np.array([1.0, -2.0, 3.0], dtype=np.float32), requires_grad=True)
    mask = np.array([True, False, True])
    out = dual.apply_op(ops.Mul, x, mask)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.data, [1.0, 0.0, 3.0])
    int_out = dual.apply_op(ops.Mul, Tensor(np.array([2.0])), np.array([3], dtype=np.int8))
    assert int_out.dtype == np.float64 and int_out.item() == 6.0
    recorded_constant = out._ctx.inputs[1]  # the mask, recorded in the graph as a constant
    assert recorded_constant.requires_grad is False and recorded_constant.dtype == np.bool_


def test_cast_records_a_cast_and_skips_one_to_the_same_dtype():
    x = Tensor(np.array([0.5, -1.25], dtype=np.float32), requires_grad=True)
    assert dual.cast(x, np.float32) is x
    wide = dual.cast(x, "float64")
    assert isinstance(wide, Tensor) and wide.dtype == np.float64 and wide.requires_grad
    np.testing.assert_array_equal(wide.data, [0.5, -1.25])
    (g,) = grad((wide * wide).sum(), [x])
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g.data, np.array([1.0, -2.5], dtype=np.float32))
    array = np.array([1.5], dtype=np.float32)
    assert dual.cast(array, np.float32) is array and dual.cast(array, np.float64).dtype == np.float64


def test_log_on_both_passes():
    np.testing.assert_allclose(dual.log(np.array([1.0, np.e])), [0.0, 1.0])
    x = Tensor(np.array([2.0]), requires_grad=True)
    y = dual.log(x)
    (g,) = grad(y.sum(), [x])
    assert g.item() == 0.5
