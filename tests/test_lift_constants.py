"""``operands.lift``: how an op takes arrays and numbers next to a tensor.  Float arrays and Python
numbers take a float tensor's dtype; integer arrays keep theirs (NumPy then promotes); every
lifted value is a constant (requires_grad is False, not just falsy)."""

import numpy as np

import tinygrad_ko as tk
from tinygrad_ko import Tensor
from tinygrad_ko.ops.operands import lift

X32 = Tensor(np.array([1.0, 2.0, 3.0], dtype=np.float32))


def test_float_arrays_and_python_numbers_take_the_tensors_dtype():
    for value in (np.array([0.5, 1.0, 2.0]), 2.0, 3):
        constant = lift(value, X32)
        assert constant.dtype == np.float32 and constant.requires_grad is False
    out = tk.einsum("i,i->", X32, np.array([0.5, 1.0, 2.0]))
    assert out.dtype == np.float32 and out.item() == 8.5 and out.requires_grad is False


def test_integer_arrays_keep_their_dtype_and_numpy_promotes():
    constant = lift(np.array([1, 2, 3]), X32)
    assert constant.dtype == np.int64 and constant.requires_grad is False
    out = tk.einsum("i,i->", X32, np.array([1, 2, 3]))
    assert out.dtype == np.float64 and out.item() == 14.0


def test_without_a_tensor_numbers_follow_tensor_and_arrays_keep_their_dtype():
    assert lift(2).dtype == np.float32 and lift(2).requires_grad is False
    constant = lift(np.array([1, 2], dtype=np.int16))
    assert constant.dtype == np.int16 and constant.requires_grad is False
    assert lift(X32) is X32
