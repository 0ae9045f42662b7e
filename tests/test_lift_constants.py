"""``operands.lift``: how an op takes arrays and numbers next to a tensor.  Float arrays and Python
numbers take a float tensor's dtype; integer arrays keep theirs (NumPy then promotes); every
lifted value is a constant (requires_grad is False, not just falsy)."""

import numpy as np
import pytest

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


def test_an_array_is_copied_and_an_array_of_no_numbers_is_refused_as_tensor_refuses_it():
    source = np.array([1.0, 2.0])
    constant = lift(source)
    source[0] = 50.0
    assert constant.data.tolist() == [1.0, 2.0] and constant.dtype == np.float64
    for like in (None, Tensor(np.array([1, 2]))):
        with pytest.raises(TypeError, match=r"Tensor\(\) needs numeric data, got an array of dtype "
                                            r"<U1 .*np\.asarray\(data, dtype=np\.float32\)"):
            lift(np.array(["a", "b"]), like)
