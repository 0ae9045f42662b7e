"""Behaviour of the ops that the mutation run (tools/mutation.py, docs/testing.md §7) found no test
for.  Each test checks what a user relies on, against NumPy or exact values written here."""

import warnings

import numpy as np
import pytest

import tinygrad_ko as tk
import tinygrad_ko.nn.functional as F
from tinygrad_ko import Tensor, ops
from tinygrad_ko.ops import fused


@pytest.mark.parametrize("op, wins", [(ops.Maximum, np.greater), (ops.Minimum, np.less)])
def test_the_extremum_classes_split_a_tie_also_for_an_integer_second_operand(op, wins):
    # maximum()/minimum() refuse mixed dtypes, but the public op classes (docs/custom_ops.md) take
    # them as NumPy does: the float input's gradient is 1 where it wins, ½ on a tie, 0 where it loses
    x = np.array([1.0, 2.0, 3.0, -4.0])
    y = np.array([1, 5, 0, -4])
    xt = Tensor(x, requires_grad=True)
    out = op.apply(xt, Tensor(y))
    np.testing.assert_array_equal(out.data, np.maximum(x, y) if op is ops.Maximum else np.minimum(x, y))
    out.backward(Tensor(np.full(4, 2.0)))
    np.testing.assert_array_equal(xt.grad.data, 2.0 * (wins(x, y) + 0.5 * (x == y)))


# conv2d picks one of two products for dW (and db, the column of the bias's ones row) by the size of
# that matrix, (C·FH·FW + 1)·FN with a bias: up to 1024 entries or more.  An empty batch has no
# pixel, so every gradient is zero, whichever product is used.
EMPTY_BATCH_FILTERS = [
    pytest.param((2, 1, 3, 3), id="20 entries"),  # once: ZeroDivisionError (N·OH·OW split by N)
    pytest.param((16, 7, 3, 3), id="1024 entries"),
    pytest.param((25, 40, 1, 1), id="1025 entries"),
    pytest.param((40, 30, 3, 3), id="10840 entries"),
]


@pytest.mark.parametrize("w_shape", EMPTY_BATCH_FILTERS)
def test_conv2d_of_an_empty_batch_has_zero_filter_and_bias_gradients(w_shape):
    fn, c, fh, fw = w_shape
    x = Tensor(np.zeros((0, c, 5, 5), np.float32), requires_grad=True)
    w = Tensor(np.ones(w_shape, np.float32), requires_grad=True)
    b = Tensor(np.ones(fn, np.float32), requires_grad=True)
    y = F.conv2d(x, w, b, padding=1)
    assert y.shape == (0, fn, 5 + 2 - fh + 1, 5 + 2 - fw + 1)
    y.sum().backward()
    assert x.grad.shape == x.shape
    np.testing.assert_array_equal(w.grad.data, np.zeros(w_shape, np.float32))
    np.testing.assert_array_equal(b.grad.data, np.zeros(fn, np.float32))
    assert w.grad.dtype == b.grad.dtype == np.float32


# --- the fused inference trunk (ops/fused.py) --------------------------------------------------
def float16_rounded(values):
    return np.asarray(values, np.float32).astype(np.float16).astype(np.float32)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # overflow to inf in the cast, on purpose
@pytest.mark.parametrize("values", [
    [], [0.1], [-0.1], [-65520.0, 1.0], [-65519.996, 1.0], [-65504.0, 3.0], [-(2.0 ** -14), 0.5],
    [-1e-6, 0.25], [-np.inf, 2.0]], ids=repr)
def test_float16_values_of_empty_single_and_negative_edge_arrays_are_the_float16_conversion(values):
    # the conversion on the bits covers both signs: -65520 is the tie that rounds to -inf
    got = fused.float16_values(np.array(values, np.float32))
    assert np.array_equal(got.view(np.uint32), float16_rounded(values).view(np.uint32))


def trunk(x, W, b, W2):
    return F.linear(F.max_pool2d(F.conv2d(x, W, b).relu(), 2).flatten(1), W2)


@pytest.mark.parametrize("images, affine", [(np.float16, np.float32), (np.float32, np.float16),
                                            (np.float16, np.float64)], ids=str)
def test_the_fused_trunk_with_mixed_dtypes_gives_the_unfused_numbers_and_dtype(images, affine):
    rng = np.random.default_rng(1)
    x = Tensor((rng.standard_normal((2, 2, 8, 8)) * 3).astype(images))
    W = Tensor(rng.standard_normal((3, 2, 3, 3)).astype(images))
    b = Tensor(rng.standard_normal(3).astype(images))
    W2 = Tensor(rng.standard_normal((27, 4)).astype(affine))
    with tk.no_grad():
        got = F.conv_relu_max_pool2d_linear(x, W, b, 1, 0, 2, None, 0, W2)
        expected = trunk(x, W, b, W2)
    assert got.dtype == expected.dtype == np.result_type(images, affine)
    assert np.array_equal(got.data, expected.data)


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_the_fused_trunk_of_an_empty_batch_is_empty(dtype):
    x = Tensor(np.zeros((0, 2, 8, 8), dtype))
    W, W2 = Tensor(np.ones((3, 2, 3, 3), dtype)), Tensor(np.ones((27, 4), dtype))
    with tk.no_grad():
        got = F.conv_relu_max_pool2d_linear(x, W, None, 1, 0, 2, None, 0, W2)
    assert got.shape == (0, 4) and got.dtype == dtype


@pytest.mark.parametrize("images, filters", [(np.float64, np.float32), (np.float32, np.float64),
                                             (np.float16, np.float32)], ids=str)
def test_the_fused_block_with_images_and_filters_of_different_dtypes_is_the_unfused_block(
        images, filters):
    rng = np.random.default_rng(2)
    x = Tensor(rng.standard_normal((2, 2, 7, 7)).astype(images))
    W = Tensor(rng.standard_normal((3, 2, 3, 3)).astype(filters))
    with tk.no_grad():
        got = F.conv_relu_max_pool2d(x, W, None, 1, 1, 2)
        expected = F.max_pool2d(F.conv2d(x, W, None, 1, 1).relu(), 2)
    assert got.dtype == expected.dtype == np.result_type(images, filters)
    assert np.array_equal(got.data, expected.data)


def test_the_fused_blocks_defaults_are_the_three_ops_defaults():
    # conv stride 1, no padding; pooling 2×2 with the kernel as stride, no padding
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((1, 1, 7, 7)), rng.standard_normal((2, 1, 3, 3))
    with tk.no_grad():
        expected = F.max_pool2d(F.conv2d(Tensor(x), Tensor(w)).relu(), 2)
    assert np.array_equal(fused.conv_relu_max_pool(x, w, None), expected.data)


def test_max_pooling_numbers_near_the_float32_limit_warns_of_nothing():
    x = Tensor(np.full((1, 2, 4, 4), 3e38, np.float32), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the pool's NaN check sums the outputs: no overflow noise
        out = F.max_pool2d(x, 2)
        out.backward(np.ones(out.shape, np.float32))
    np.testing.assert_array_equal(out.data, np.full((1, 2, 2, 2), 3e38, np.float32))
    assert x.grad.data.sum() == 8  # one arg-max per window (the first of the equal four)


def test_a_bad_output_padding_is_refused_naming_conv_transpose2d():
    x, w = Tensor(np.ones((1, 2, 3, 3))), Tensor(np.ones((2, 1, 3, 3)))
    with pytest.raises(ValueError, match=r"^conv_transpose2d: output_padding \(2, 2\) must be "
                                         r"smaller than the stride \(2, 2\)"):
        F.conv_transpose2d(x, w, stride=2, output_padding=2)


def conv_gradients(x, w, b):
    xt, wt, bt = (Tensor(a, requires_grad=True) for a in (x, w, b))
    out = F.conv2d(xt, wt, bt, padding=1)
    out.backward(np.ones(out.shape, out.dtype))
    return out, xt.grad, wt.grad, bt.grad


def test_float16_conv2d_gradients_are_float32_gradients_rounded_once():
    rng = np.random.default_rng(4)
    x, w, b = (rng.standard_normal(s).astype(np.float16) for s in ((2, 3, 6, 6), (4, 3, 3, 3), (4,)))
    half = conv_gradients(x, w, b)
    single = conv_gradients(x.astype(np.float32), w.astype(np.float32), b.astype(np.float32))
    for h, s in zip(half, single):  # output, dx (overlapping windows summed), dW, db
        assert h.dtype == np.float16
        np.testing.assert_array_equal(h.data, s.data.astype(np.float16))


@pytest.mark.parametrize("images, filters", [(np.float64, np.float32), (np.float32, np.float64)],
                         ids=str)
def test_conv2d_of_mixed_float_dtypes_computes_in_float64_and_rounds_once(images, filters):
    rng = np.random.default_rng(5)
    x, w, b = rng.standard_normal((2, 3, 6, 6)), rng.standard_normal((4, 3, 3, 3)), np.zeros(4)
    x, w = x.astype(images), w.astype(filters)
    mixed = conv_gradients(x, w, b)
    wide = conv_gradients(x.astype(np.float64), w.astype(np.float64), b)
    assert mixed[0].dtype == np.float64 and mixed[1].dtype == images
    np.testing.assert_array_equal(mixed[0].data, wide[0].data)
    np.testing.assert_array_equal(mixed[1].data, wide[1].data.astype(images))  # dx: float64 sums


def reference_conv2d(x, w, padding):
    """Σ over kernel offsets of the padded image's window times the filter entry, written out."""
    n, c, h, wd = x.shape
    fn, _, fh, fw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    oh, ow = h + 2 * padding - fh + 1, wd + 2 * padding - fw + 1
    out = np.zeros((n, fn, oh, ow))
    for i in range(fh):
        for j in range(fw):
            out += np.einsum("nchw,fc->nfhw", xp[:, :, i:i + oh, j:j + ow], w[:, :, i, j])
    return out


@pytest.mark.parametrize("width, kernel", [(1, 3), (2, 5), (1, 5), (3, 3)])
def test_same_width_conv2d_of_narrow_images_matches_the_written_out_sum(width, kernel):
    # stride 1 and padding (kernel - 1) / 2 keep the width: a kernel wider than the image reaches
    # past both of its sides, where only the padding's zeros may be read
    rng = np.random.default_rng(width * 10 + kernel)
    x = rng.standard_normal((2, 2, 4, width))
    w = rng.standard_normal((3, 2, kernel, kernel))
    out = F.conv2d(Tensor(x), Tensor(w), padding=kernel // 2)
    assert out.shape == (2, 3, 4 + 2 * (kernel // 2) - kernel + 1, width)
    np.testing.assert_allclose(out.data, reference_conv2d(x, w, kernel // 2), rtol=1e-12, atol=1e-12)


def test_erf_at_its_switch_from_series_to_tail_is_the_correctly_rounded_value():
    """ops/math.py: below |x| = 3 a series, from 3 on the continued fraction of erfc; at exactly
    ±3 the tail gives math.erf's value to the last bit (the series is 4 units of the last place off
    there)."""
    import math

    x = Tensor(np.array([-3.0, 3.0]))
    assert x.erf().data.tolist() == [math.erf(-3.0), math.erf(3.0)]


@pytest.mark.parametrize("values", [np.array([True, False]), np.array([-2, 3], np.int8),
                                    np.array([[-1.5, 2.0]], np.float32)])
def test_relu_of_any_dtype_is_numpys_maximum_with_zero_dtype_included(values):
    """Integers and booleans take NumPy's result dtype (a mask becomes int64, as np.maximum(mask,
    0) does); floats keep theirs."""
    out = Tensor(values).relu().data
    expected = np.maximum(values, 0)
    assert out.dtype == expected.dtype
    np.testing.assert_array_equal(out, expected)
