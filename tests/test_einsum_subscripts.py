"""einsum's subscripts in the forms the random tests rarely draw: implicit output (NumPy's rule:
letters used once, in sorted order, capitals first), capital letters, an ellipsis standing for
no axes, a letter summed away inside one operand next to diagonals, and an array operand next
to a float32 tensor (it takes the tensor's dtype).  Values and gradients against np.einsum."""

import numpy as np
import pytest

import tinygrad_ko as tk
from tinygrad_ko import Tensor

rng = np.random.default_rng(5)
CASES = {  # subscripts: operand shapes
    "ij,jk": [(2, 3), (3, 4)],
    "Xj,jk": [(2, 3), (3, 4)],
    "ba": [(2, 3)],
    "aX,ab,bc->c": [(2, 3), (2, 4), (4, 5)],
    "Xiijj,ij->": [(2, 3, 3, 4, 4), (3, 4)],
    "...i,i->...": [(3,), (3,)],
    "...i,...i": [(2, 3), (2, 3)],
}


def reference_gradients(subscripts, arrays, weights):
    """d Σ w·einsum / d operand k, one element at a time with the exact linear rule."""
    grads = []
    for k, a in enumerate(arrays):
        g = np.zeros_like(a)
        for index in np.ndindex(*a.shape):
            unit = np.zeros_like(a)
            unit[index] = 1
            parts = arrays[:k] + [unit] + arrays[k + 1:]
            g[index] = np.sum(np.einsum(subscripts, *parts) * weights)
        grads.append(g)
    return grads


@pytest.mark.parametrize("subscripts", sorted(CASES))
def test_values_and_gradients_match_numpy(subscripts):
    arrays = [rng.standard_normal(s) for s in CASES[subscripts]]
    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    out = tk.einsum(subscripts, *tensors)
    expected = np.einsum(subscripts, *arrays)
    assert out.shape == expected.shape
    np.testing.assert_allclose(out.data, expected, rtol=1e-12, atol=1e-12)
    weights = rng.standard_normal(expected.shape)
    out.backward(weights)
    for t, g in zip(tensors, reference_gradients(subscripts, arrays, weights)):
        np.testing.assert_allclose(t.grad.data, g, rtol=1e-10, atol=1e-12)


def test_an_array_operand_takes_the_tensors_dtype():
    t = Tensor(rng.standard_normal((2, 3)).astype(np.float32), requires_grad=True)
    out = tk.einsum("ij,jk->ik", t, rng.standard_normal((3, 2)))
    assert out.dtype == np.float32
    out.sum().backward()
    assert t.grad.dtype == np.float32
