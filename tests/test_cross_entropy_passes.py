"""cross_entropy in float32 gives the same gradient, to the last bit, with and without
create_graph: both passes compute in float32 (class indices and probability rows)."""

import numpy as np
import pytest

import tinygrad_ko.nn.functional as F
from tinygrad_ko import Tensor, grad

rng = np.random.default_rng(7)
LOGITS = rng.standard_normal((7, 10)).astype(np.float32)  # N = 7: dividing by N is inexact
SOFT = rng.random((7, 10))
SOFT /= SOFT.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("target", [rng.integers(0, 10, 7), SOFT], ids=["indices", "probabilities"])
def test_float32_gradient_is_the_same_on_both_passes(target):
    x = Tensor(LOGITS, requires_grad=True)
    (plain,) = grad(F.cross_entropy(x, target), [x])
    (recorded,) = grad(F.cross_entropy(x, target), [x], create_graph=True)
    assert plain.dtype == recorded.dtype == np.float32
    np.testing.assert_array_equal(plain.data, recorded.data)
    expected = (np.exp(LOGITS - LOGITS.max(1, keepdims=True)) /
                np.exp(LOGITS - LOGITS.max(1, keepdims=True)).sum(1, keepdims=True))
    onehot = np.eye(10)[target] if target.ndim == 1 else target
    np.testing.assert_allclose(plain.data, (expected - onehot) / 7, rtol=1e-5, atol=1e-7)
