"""einsum with only array operands (a constant Tensor, like every op given arrays), and the
gradient of a term that uses more than half of the 52 letters (no letters are spent on axes that
need no diagonal split)."""

import string

import numpy as np

import tinygrad_ko as tk
from tinygrad_ko import Tensor, grad


def test_arrays_only_give_a_constant_tensor_of_the_numpy_result():
    a, b = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
    out = tk.einsum("ij,jk->ik", a, b)
    assert isinstance(out, Tensor) and not out.requires_grad and out.dtype == np.float64
    np.testing.assert_array_equal(out.data, a @ b)


def test_gradient_of_a_term_with_27_letters():
    letters = string.ascii_letters[:27]
    data = np.arange(1.0, 9.0).reshape((2, 2, 2) + (1,) * 24)
    x = Tensor(data, requires_grad=True)
    out = tk.einsum(letters + "->" + letters[:2], x)  # sum over 25 axes, keep two
    np.testing.assert_array_equal(out.data, data.sum(axis=tuple(range(2, 27))))
    weights = np.array([[1.0, -2.0], [0.5, 3.0]])
    (g,) = grad((out * Tensor(weights)).sum(), [x])
    np.testing.assert_array_equal(g.data, np.broadcast_to(weights.reshape((2, 2) + (1,) * 25),
                                                          data.shape))
