"""float16 is storage, float32 is arithmetic: ReLU and the pools give the float32 answer stored in
float16 (ops/half.py), NaN included; a float16 SimpleConvNet predicts what the float32 one does.
Timing is measured in bench/ (W4infer16), never here."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinygrad_ko import Tensor, no_grad
from tinygrad_ko.models import SimpleConvNet
from tinygrad_ko.nn import functional as F
from tinygrad_ko.testing import strategies as tst
from tinygrad_ko.ops import half

SPECIAL = np.array([0.0, -0.0, 1.5, -2.0, np.inf, -np.inf, 65504, -65504, 6e-8, -6e-8, 1e-5],
                   np.float16)


def images(rng, shape, special=False):
    x = (rng.standard_normal(shape) * 3).astype(np.float16)
    if special:
        x.flat[rng.integers(0, x.size, 12)] = rng.choice(SPECIAL, 12)
    return x


def as_float32_then_16(fn, x16):
    """The reference: the same op on the float32 copy of the numbers, stored in float16."""
    return fn(Tensor(x16.astype(np.float32))).data.astype(np.float16)


@pytest.mark.parametrize("special", [False, True])
def test_relu_of_float16_is_float32_relu_stored_in_float16(special):
    x16 = images(np.random.default_rng(0), (3, 40), special)
    x = Tensor(x16, requires_grad=True)
    y = x.relu()
    assert y.dtype == np.float16
    np.testing.assert_array_equal(y.data, as_float32_then_16(lambda t: t.relu(), x16))
    y.backward(np.ones(y.shape, np.float16))
    np.testing.assert_array_equal(x.grad.data, (x16.astype(np.float32) > 0).astype(np.float16))


def test_relu_of_every_float16_bit_pattern_matches_float32():
    """All 65,536 float16 numbers (±inf, ±0, subnormals, every NaN payload): ReLU's value and its
    gradient mask, computed on the bit patterns, equal float32's ReLU and ``x > 0``."""
    x16 = np.arange(2 ** 16, dtype=np.uint32).astype(np.uint16).view(np.float16)
    x = Tensor(x16, requires_grad=True)
    y = x.relu()
    reference = np.maximum(x16.astype(np.float32), 0)
    nan = np.isnan(reference)
    assert np.array_equal(np.isnan(y.data), nan)
    assert np.array_equal(y.data[~nan].astype(np.float32), reference[~nan])
    y.backward(np.ones(x16.shape, np.float16))
    assert np.array_equal(x.grad.data, (x16.astype(np.float32) > 0).astype(np.float16))


def test_relu_of_float16_keeps_nan_of_either_sign_like_numpy():
    x16 = np.array([np.nan, -np.nan, -1.0, 2.0], np.float16)
    x = Tensor(x16, requires_grad=True)
    y = x.relu()
    assert np.isnan(y.data[:2]).all() and y.data[2:].tolist() == [0.0, 2.0]
    y.sum().backward()
    assert x.grad.data.tolist() == [0.0, 0.0, 0.0, 1.0]  # NaN > 0 is False, as in float32


@pytest.mark.parametrize("kernel, stride, padding", [(2, None, 0), (3, 1, 1), (3, 2, 1), (2, 1, 0)])
@pytest.mark.parametrize("special", [False, True])
def test_max_pool_of_float16_picks_the_same_values_and_arg_max_as_float32(kernel, stride, padding,
                                                                         special):
    x16 = images(np.random.default_rng(kernel + padding), (2, 3, 7, 6), special)
    x16[x16 == 0] = 0.25  # a tie of -0 and +0 may go either way (documented); avoid it
    pool = lambda t: F.max_pool2d(t, kernel, stride=stride, padding=padding)  # noqa: E731
    x = Tensor(x16, requires_grad=True)
    y = pool(x)
    assert y.dtype == np.float16
    np.testing.assert_array_equal(y.data, as_float32_then_16(pool, x16))
    upstream = np.random.default_rng(1).integers(1, 5, y.shape).astype(np.float16)
    y.backward(upstream)
    x32 = Tensor(x16.astype(np.float32), requires_grad=True)
    pool(x32).backward(upstream.astype(np.float32))
    np.testing.assert_array_equal(x.grad.data, x32.grad.data.astype(np.float16))


@pytest.mark.parametrize("after_relu", [False, True])
@pytest.mark.parametrize("nans", [(np.nan, -np.nan), (np.nan, np.nan), (-np.nan, -np.nan)])
def test_max_pool_of_float16_with_nan_propagates_it_like_float32(after_relu, nans):
    x16 = images(np.random.default_rng(2), (1, 2, 4, 4))
    x16 = np.abs(x16) if after_relu else x16  # no negative numbers: the other branch
    x16[0, 0, 1, 1], x16[0, 1, 2, 3] = nans
    y = F.max_pool2d(Tensor(x16), 2)
    expected = as_float32_then_16(lambda t: F.max_pool2d(t, 2), x16)
    np.testing.assert_array_equal(np.isnan(y.data), np.isnan(expected))
    assert np.isnan(y.data).sum() == 2


@given(tst.arrays(tst.shapes(min_dims=4, max_dims=4, min_side=2, max_side=5), dtype=np.float16),
       st.sampled_from([(2, None, 0), (2, 1, 1), (3, 1, 0)]))
def test_max_pool_float16_property(x16, geometry):
    kernel, stride, padding = geometry
    if min(x16.shape[2:]) + 2 * padding < kernel:
        return
    x16 = np.where(x16 == 0, np.float16(0.5), x16)
    pool = lambda t: t.max_pool2d(kernel, stride, padding)  # noqa: E731
    np.testing.assert_array_equal(pool(Tensor(x16)).data, as_float32_then_16(pool, x16))


def test_avg_pool_of_float16_is_summed_in_float32():
    x16 = np.full((1, 1, 4, 4), 5000.0, np.float16)  # a float16 running sum would reach inf
    y = F.avg_pool2d(Tensor(x16), 4)
    assert y.dtype == np.float16 and y.item() == 5000.0


def test_float16_simple_convnet_predicts_like_float32():
    rng = np.random.default_rng(0)
    x = rng.random((20, 1, 28, 28), dtype=np.float32)
    model32 = SimpleConvNet(seed=0, weight_init_std="he")
    model16 = SimpleConvNet(seed=0, weight_init_std="he").astype(np.float16)
    with no_grad():
        scores32 = model32(Tensor(x)).data
        scores16 = model16(Tensor(x.astype(np.float16))).data
    assert scores16.dtype == np.float16
    np.testing.assert_allclose(scores16.astype(np.float32), scores32, rtol=2e-2, atol=2e-2)
    assert (scores16.argmax(axis=1) == scores32.argmax(axis=1)).mean() >= 0.9


def test_relu_of_negative_zero_is_positive_zero_in_float16_as_in_float32():
    # the sign of a zero is observable (1 / y is +inf or -inf); NumPy's float16 maximum keeps -0.0
    for dtype in (np.float32, np.float16):
        y = Tensor(np.array([-0.0, 0.0], dtype)).relu()
        assert y.dtype == dtype
        assert not np.signbit(y.data).any(), dtype


def test_float16_sum_across_rows_is_added_up_in_float32():
    # 4,096 ones down each column: a float16 running sum stops at 2,048 (2,048 + 1 rounds back);
    # float32 reaches 4,096, which float16 stores exactly
    x16 = np.ones((4096, 3), np.float16)
    for out in (Tensor(x16).sum(axis=0), Tensor(x16).sum(axis=0, keepdims=True)):
        assert out.dtype == np.float16
        np.testing.assert_array_equal(out.data.ravel(), [4096.0] * 3)


def test_widen_gives_astype_float32_for_every_float16_bit_pattern_and_layout():
    every = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16)
    expected = every.astype(np.float32)
    assert np.array_equal(half.widen(every).view(np.uint32), expected.view(np.uint32))  # NaN payloads too
    grid = every.reshape(256, 256)[::3, ::-2].T  # a strided, reversed, transposed view
    widened = half.widen(grid)
    assert widened.dtype == np.float32 and widened.shape == grid.shape
    assert np.array_equal(widened.view(np.uint32), grid.astype(np.float32).view(np.uint32))
    assert half.widen(np.arange(3, dtype=np.int8)).dtype == np.float32  # other dtypes: astype
