"""The public op classes (``tinygrad_ko.ops.X.apply``, the API of docs/custom_ops.md) keep the
defaults of the functions built on them, which are PyTorch's: an op called without keywords
computes what ``F.elu(x)``, ``x.sum()``, ``x.max_pool2d()`` ... compute.  Values are checked
against NumPy written independently, not against the functional API."""

import numpy as np

from tinygrad_ko import Tensor, ops

x = np.array([[-1.5, 0.25, 2.0], [0.5, -0.75, 1.0]])


def value(t):
    return np.asarray(t.data)


def test_activation_defaults_are_pytorchs():
    np.testing.assert_allclose(value(ops.ELU.apply(Tensor(x))),
                               np.where(x > 0, x, np.exp(x) - 1))  # alpha = 1
    np.testing.assert_allclose(value(ops.LeakyReLU.apply(Tensor(x))),
                               np.where(x > 0, x, 0.01 * x))  # negative_slope = 0.01
    np.testing.assert_allclose(value(ops.Softplus.apply(Tensor(x))), np.log(1 + np.exp(x)))  # beta 1


def test_reductions_default_to_all_axes_without_keepdims():
    for op, reference in ((ops.Sum, np.sum), (ops.Mean, np.mean), (ops.Max, np.max),
                          (ops.Min, np.min)):
        out = value(op.apply(Tensor(x)))
        assert out.shape == (), op.__name__
        np.testing.assert_allclose(out, reference(x))


def test_joins_default_to_axis_0():
    a, b = Tensor(x), Tensor(2 * x)
    np.testing.assert_array_equal(value(ops.Concatenate.apply(a, b)), np.vstack([x, 2 * x]))
    np.testing.assert_array_equal(value(ops.Stack.apply(a, b)), np.array([x, 2 * x]))


def test_pad_fills_with_zero_by_default():
    out = value(ops.Pad.apply(Tensor(x), widths=((1, 0), (0, 2))))
    expected = np.zeros((3, 5))
    expected[1:, :3] = x
    np.testing.assert_array_equal(out, expected)


def image():
    return np.arange(2 * 16, dtype=np.float64).reshape(1, 2, 4, 4) * np.array([1, -1])[:, None, None]


def test_conv2d_defaults_to_stride_1_and_no_padding():
    img, w = image(), np.ones((1, 2, 2, 2))
    out = value(ops.Conv2d.apply(Tensor(img), Tensor(w)))
    windows = np.lib.stride_tricks.sliding_window_view(img, (2, 2), axis=(2, 3))
    np.testing.assert_allclose(out, windows.sum(axis=(1, 4, 5))[:, None])
    assert out.shape == (1, 1, 3, 3)


def test_im2col_and_col2im_ops_default_to_stride_1_and_no_padding():
    img = image()
    cols = ops.Im2col.apply(Tensor(img), kernel=2)
    assert cols.shape == (2 * 2 * 2, 1 * 3 * 3)  # (C·FH·FW, N·OH·OW): a 3×3 output
    np.testing.assert_array_equal(value(cols).T, ops.im2col(img, 2, 2, stride=1, pad=0))
    back = value(ops.Col2im.apply(cols, x_shape=img.shape, kernel=2))
    np.testing.assert_array_equal(back, ops.col2im(value(cols).T, img.shape, 2, 2, stride=1, pad=0))


def test_pools_default_to_a_2x2_kernel_with_its_own_stride_and_no_padding():
    img = image()
    blocks = img.reshape(1, 2, 2, 2, 2, 2)  # (N, C, OH, 2, OW, 2): the 2×2 tiles
    np.testing.assert_array_equal(value(ops.MaxPool2d.apply(Tensor(img))), blocks.max(axis=(3, 5)))
    np.testing.assert_allclose(value(ops.AvgPool2d.apply(Tensor(img))), blocks.mean(axis=(3, 5)))
