"""Pools and im2col on inputs the random strategies do not draw: float32 / float16 images (the
dtype is kept, forward and backward), channels-last memory (a transposed view), and windows of
more than 255 positions (global pooling over a tall feature map)."""

import numpy as np
import pytest

from tinygrad_ko import Tensor, ops
from tinygrad_ko.testing import Pool2dCase
from test_gradcheck_edge_cases import pool_reference


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
@pytest.mark.parametrize("pool", ["max_pool2d", "avg_pool2d"])
def test_pools_keep_the_image_dtype_forward_and_backward(pool, dtype):
    x = Tensor(np.linspace(-1, 1, 2 * 3 * 5 * 5).reshape(2, 3, 5, 5).astype(dtype),
               requires_grad=True)
    out = getattr(x, pool)(3, stride=2, padding=1)
    assert out.dtype == dtype
    out.backward(np.ones(out.shape, dtype=dtype))
    assert x.grad.dtype == dtype


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_im2col_keeps_the_image_dtype(dtype):
    x = np.arange(2 * 16).reshape(1, 2, 4, 4).astype(dtype)
    cols = ops.im2col(x, 3, 3, stride=1, pad=1)
    assert cols.dtype == dtype
    np.testing.assert_array_equal(cols[0], np.pad(x[0], ((0, 0), (1, 1), (1, 1)))[:, :3, :3].ravel())


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_channels_last_images_pool_like_contiguous_ones(kind):
    # an (N, H, W, C) array seen as (N, C, H, W): not C-contiguous; the gradient arrives contiguous
    base = np.random.default_rng(3).permutation(2 * 6 * 6 * 3).reshape(2, 6, 6, 3) * 0.1 - 5.0
    case = Pool2dCase(base.transpose(0, 3, 1, 2), (3, 3), (2, 2), (1, 1))
    out_ref, grad_ref, weights = pool_reference(case, kind)
    x = Tensor(case.x, requires_grad=True)
    out = getattr(x, f"{kind}_pool2d")(3, stride=2, padding=1)
    np.testing.assert_allclose(out.data, out_ref)
    out.backward(np.ascontiguousarray(weights))
    np.testing.assert_allclose(x.grad.data, grad_ref)


def test_a_window_of_more_than_255_positions_finds_its_arg_max():
    # global max pooling over a 30×10 map: 300 kernel positions, the maxima late in the window
    x = -np.arange(2 * 300, dtype=np.float64).reshape(1, 2, 30, 10)
    x[0, 0, 29, 7], x[0, 1, 26, 9] = 5.0, 7.0
    t = Tensor(x, requires_grad=True)
    out = t.max_pool2d((30, 10))
    np.testing.assert_array_equal(out.data.reshape(2), [5.0, 7.0])
    out.sum().backward()
    expected = np.zeros_like(x)
    expected[0, 0, 29, 7] = expected[0, 1, 26, 9] = 1.0
    np.testing.assert_array_equal(t.grad.data, expected)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8])
def test_integer_images_max_pool_with_padding_like_floats(dtype):
    # the padding must never win: all-negative int64 pixels, uint8 pixels near 255
    x = (np.arange(50).reshape(1, 2, 5, 5) * 5 + (-300 if dtype != np.uint8 else 0)).astype(dtype)
    case = Pool2dCase(x.astype(np.float64), (3, 3), (2, 2), (1, 1))
    out = Tensor(x).max_pool2d(3, stride=2, padding=1)
    assert out.dtype == dtype
    np.testing.assert_array_equal(out.data, pool_reference(case, "max")[0])


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_an_upstream_gradient_in_another_memory_order_is_sent_back_whole(kind):
    # the gradient handed to backward is a Fortran-order (transposed) array of fractions: the
    # scatter copies it into its own layout and must keep every value, not just whole numbers
    case = Pool2dCase(np.random.default_rng(5).permutation(2 * 2 * 6 * 6).reshape(2, 2, 6, 6) * 0.5,
                      (2, 2), (2, 2), (0, 0))
    out_ref, grad_ref, weights = pool_reference(case, kind)
    x = Tensor(case.x, requires_grad=True)
    out = getattr(x, f"{kind}_pool2d")(2)
    np.testing.assert_allclose(out.data, out_ref)
    out.backward(np.asfortranarray(weights))
    np.testing.assert_allclose(x.grad.data, grad_ref)


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.float64])
@pytest.mark.parametrize("stride", [2, 1])  # tiling windows, and overlapping ones
def test_a_nan_maximum_sends_its_gradient_to_the_first_nan_of_the_window(dtype, stride):
    image = np.array([[1.0, np.nan, 0.5],
                      [3.0, 2.0, np.nan],
                      [4.0, -1.0, 0.0]], dtype=dtype)
    x = Tensor(image[None, None], requires_grad=True)
    y = x.max_pool2d(2, stride=stride)
    y.backward(np.ones(y.shape, dtype))
    if stride == 2:  # one window, [[1, nan], [3, 2]]: the NaN is the maximum, and takes the gradient
        expected = [[0, 1, 0], [0, 0, 0], [0, 0, 0]]
        assert np.isnan(y.data).all()
    else:  # four windows: three hold a NaN (the first one in each), the third one's maximum is 4
        expected = [[0, 2, 0], [0, 0, 1], [1, 0, 0]]
        assert np.isnan(y.data.ravel()[[0, 1, 3]]).all() and y.data.ravel()[2] == 4
    np.testing.assert_array_equal(x.grad.data[0, 0], np.array(expected, dtype))
