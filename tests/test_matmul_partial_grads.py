"""matmul when only one operand needs a gradient (a frozen weight, or the input gradient of an
adversarial example), in every np.matmul form, and with mixed precisions."""

import numpy as np
import pytest

from tinygrad_ko import Tensor

rng = np.random.default_rng(7)
FORMS = {  # name: (x shape, w shape)
    "matrix": ((3, 4), (4, 2)),
    "batched @ matrix": ((2, 3, 4), (4, 2)),
    "matrix @ batched": ((3, 4), (2, 4, 2)),
    "vector @ batched": ((4,), (2, 4, 2)),
    "batched @ vector": ((2, 3, 4), (4,)),
    "vector @ vector": ((4,), (4,)),
}


def reference_grads(x, w, dy):
    """d Σ dy·(x @ w) by the matrix rules with 1-D operands made 2-D, broadcast axes summed."""
    x2 = x[None, :] if x.ndim == 1 else x
    w2 = w[:, None] if w.ndim == 1 else w
    dy2 = np.reshape(dy, np.matmul(x2, w2).shape)
    dx = np.matmul(dy2, np.swapaxes(w2, -1, -2))
    dw = np.matmul(np.swapaxes(x2, -1, -2), dy2)
    while dx.ndim > x2.ndim:
        dx = dx.sum(axis=0)
    while dw.ndim > w2.ndim:
        dw = dw.sum(axis=0)
    return dx.reshape(x.shape), dw.reshape(w.shape)


@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_only_the_operand_that_needs_a_gradient_gets_it(form, which):
    xs, ws = FORMS[form]
    x, w = rng.standard_normal(xs), rng.standard_normal(ws)
    tx, tw = Tensor(x, requires_grad=which == 0), Tensor(w, requires_grad=which == 1)
    out = tx @ tw
    dy = rng.standard_normal(out.shape)
    out.backward(dy)
    expected = reference_grads(x, w, dy)[which]
    learner, frozen = (tx, tw) if which == 0 else (tw, tx)
    np.testing.assert_allclose(learner.grad.data, expected, rtol=1e-12, atol=1e-12)
    assert frozen.grad is None


def test_float16_meeting_float64_is_computed_in_float64():
    half = np.array([[0.5, 0.25]], dtype=np.float16)
    w = Tensor(np.array([[0.1], [0.3]]), requires_grad=True)
    out = Tensor(half) @ w
    assert out.dtype == np.float64
    assert out.data[0, 0] == 0.5 * 0.1 + 0.25 * 0.3  # float64 exactly, not float32's 0.1
    only_half = Tensor(half) @ Tensor(np.array([[0.1], [0.3]], dtype=np.float16))
    assert only_half.dtype == np.float16


def _float32_product_stored_in_float16(x, w):
    return np.matmul(x.astype(np.float32), w.astype(np.float32)).astype(np.float16)


def _scaled_halves(rng, shape):
    return (rng.standard_normal(shape) * 2.0 ** rng.integers(-6, 6, shape)).astype(np.float16)


@pytest.mark.parametrize("case", ["float16 @ float16", "float16 @ int8", "int8 @ float16"])
def test_a_float16_product_is_the_float32_product_rounded_once(case):
    """The documented rule: float16 operands (also with int8, which stays float16) are multiplied
    in float32 and stored in float16, the same numbers a float32 model gives, rounded once.
    (The data were chosen so that NumPy's own float16 loop, summing in another order, differs.)"""
    if case == "float16 @ float16":
        rng = np.random.default_rng(17)
        x = rng.standard_normal((8, 64)).astype(np.float16)
        w = rng.standard_normal((64, 8)).astype(np.float16)
    elif case == "float16 @ int8":
        rng = np.random.default_rng(63)
        x, w = _scaled_halves(rng, (8, 64)), rng.integers(-100, 100, (64, 8)).astype(np.int8)
    else:
        rng = np.random.default_rng(24)
        w = _scaled_halves(rng, (64, 8))
        x = rng.integers(-100, 100, (8, 64)).astype(np.int8)
    out = Tensor(x) @ Tensor(w)
    assert out.dtype == np.float16
    np.testing.assert_array_equal(out.data, _float32_product_stored_in_float16(x, w))


def test_a_float16_product_is_not_computed_in_float64():
    # 2048 + 1 + 2⁻¹⁴: float32 keeps 2049 (the 2⁻¹⁴ is below half its step), which float16 rounds
    # to even, 2048; a float64 sum would keep 2049.00006 and round up to 2050
    column = np.array([[2048.0], [1.0], [2.0 ** -14]], dtype=np.float16)
    for x, w in ((column.T, np.ones((3, 1), np.float16)), (np.ones((1, 3), np.float16), column)):
        out = Tensor(x) @ Tensor(w)
        assert out.dtype == np.float16
        assert out.item() == _float32_product_stored_in_float16(x, w).item() == 2048.0
