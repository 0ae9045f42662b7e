"""conv_transpose2d / nn.ConvTranspose2d (PyTorch's definition) and F.im2col / F.col2im as graph
ops in the book's (N·OH·OW, C·FH·FW) layout: values, adjointness with conv2d, gradients of first
and second order."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinygrad_ko.nn as nn
from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F
from tinygrad_ko.ops.conv import col2im as book_col2im
from tinygrad_ko.ops.conv import im2col as book_im2col
from tinygrad_ko.testing import gradcheck, gradgradcheck


@st.composite
def transposed_cases(draw, max_side=3):
    n, c_in, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    ph, pw = draw(st.integers(0, kh - 1)), draw(st.integers(0, kw - 1))
    oh, ow = draw(st.integers(0, sh - 1)), draw(st.integers(0, sw - 1))
    h, w = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    if (h - 1) * sh - 2 * ph + kh + oh < 1 or (w - 1) * sw - 2 * pw + kw + ow < 1:
        ph = pw = 0
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return (rng.standard_normal((n, c_in, h, w)), rng.standard_normal((c_in, c_out, kh, kw)),
            rng.standard_normal(c_out), dict(stride=(sh, sw), padding=(ph, pw),
                                             output_padding=(oh, ow)))


def reference(x, W, b, stride, padding, output_padding):
    """PyTorch's definition, written out: every input pixel adds W·x at stride-spaced places."""
    (sh, sw), (ph, pw), (oh, ow) = stride, padding, output_padding
    n, _, h, w = x.shape
    _, c_out, kh, kw = W.shape
    full = np.zeros((n, c_out, (h - 1) * sh + kh + oh, (w - 1) * sw + kw + ow))
    for i in range(kh):
        for j in range(kw):
            full[:, :, i:i + sh * (h - 1) + 1:sh, j:j + sw * (w - 1) + 1:sw] += np.einsum(
                "nchw,cd->ndhw", x, W[:, :, i, j])
    out = full[:, :, ph:full.shape[2] - ph, pw:full.shape[3] - pw]
    return out + b.reshape(1, -1, 1, 1)


@given(transposed_cases(max_side=4))
def test_conv_transpose2d_values_follow_the_definition(case):
    x, W, b, options = case
    got = F.conv_transpose2d(Tensor(x), Tensor(W), Tensor(b), **options)
    np.testing.assert_allclose(got.data, reference(x, W, b, **options), atol=1e-12)


@given(transposed_cases())
def test_conv_transpose2d_is_the_adjoint_of_conv2d(case):
    x, W, _, options = case
    y = F.conv_transpose2d(Tensor(x), Tensor(W), **options).data
    probe = np.random.default_rng(1).standard_normal(y.shape)
    conv = F.conv2d(Tensor(probe), Tensor(W), stride=options["stride"],
                    padding=options["padding"]).data  # W read as conv2d's (FN=C_in, C=C_out)
    assert np.isclose(np.sum(y * probe), np.sum(x * conv))


@given(transposed_cases(max_side=2))
def test_conv_transpose2d_gradients_of_both_orders(case):
    x, W, b, options = case

    def fn(a, w, c):
        return F.conv_transpose2d(a, w, c, **options)

    assert gradcheck(fn, x, W, b)
    assert gradgradcheck(lambda a, w: fn(a, w, Tensor(b)) * fn(a, w, Tensor(b)), x, W)


def test_conv_transpose2d_errors_explain_the_filter_layout():
    x = Tensor(np.zeros((1, 3, 4, 4)))
    with pytest.raises(ValueError, match=r"\(C_in, C_out, KH, KW\)"):
        F.conv_transpose2d(x, Tensor(np.zeros((2, 3, 3, 3))))
    with pytest.raises(ValueError, match="output_padding"):
        F.conv_transpose2d(x, Tensor(np.zeros((3, 2, 3, 3))), stride=2, output_padding=2)
    with pytest.raises(ValueError, match=r"\(N, C_in, H, W\)"):
        F.conv_transpose2d(Tensor(np.zeros((3, 4, 4))), Tensor(np.zeros((3, 2, 3, 3))))
    with pytest.raises(ValueError, match="bias"):
        F.conv_transpose2d(x, Tensor(np.zeros((3, 2, 3, 3))), Tensor(np.zeros(3)))


def test_conv_transpose2d_layer_doubles_the_image_size_and_trains():
    layer = nn.ConvTranspose2d(3, 2, kernel_size=4, stride=2, padding=1, rng=0)
    assert layer.W.shape == (3, 2, 4, 4) and layer.b.shape == (2,)
    x = Tensor(np.random.default_rng(0).standard_normal((2, 3, 5, 5)).astype(np.float32))
    y = layer(x)
    assert y.shape == (2, 2, 10, 10) and y.dtype == np.float32
    y.sum().backward()
    assert layer.W.grad.shape == layer.W.shape and layer.b.grad.data.tolist() == [200.0, 200.0]
    assert "output_padding=0" in repr(layer)
    assert nn.ConvTranspose2d(1, 1, 3, stride=2, output_padding=1)(np.zeros((1, 1, 4, 4))).shape \
        == (1, 1, 10, 10)


@given(st.integers(1, 3), st.integers(1, 2), st.integers(0, 1), st.integers(0, 2**32 - 1))
def test_im2col_col2im_graph_ops_match_the_book_and_have_gradients(k, stride, pad, seed):
    x = np.random.default_rng(seed).standard_normal((2, 2, 3, 4))
    cols = F.im2col(Tensor(x), k, stride=stride, pad=pad)
    np.testing.assert_allclose(cols.data, book_im2col(x, k, k, stride, pad))
    np.testing.assert_allclose(F.col2im(cols, x.shape, k, stride, pad).data,
                               book_col2im(cols.data, x.shape, k, k, stride, pad))
    assert gradgradcheck(lambda t: F.im2col(t, k, stride=stride, pad=pad) ** 2, x)
    assert gradgradcheck(lambda c: F.col2im(c, x.shape, k, stride, pad) ** 2,
                         np.ascontiguousarray(cols.data))


def test_a_numpy_or_list_bias_is_taken_like_a_tensor_bias_and_checked():
    rng = np.random.default_rng(4)
    x, W, b = rng.standard_normal((1, 2, 3, 3)), rng.standard_normal((2, 3, 2, 2)), np.arange(3.0)
    as_tensor = Tensor(x).conv_transpose2d(Tensor(W), Tensor(b), stride=2)
    for bias in (b, list(b)):
        np.testing.assert_array_equal(Tensor(x).conv_transpose2d(Tensor(W), bias, stride=2).data,
                                      as_tensor.data)
    with pytest.raises(ValueError, match=r"bias"):
        Tensor(x).conv_transpose2d(Tensor(W), [1.0, 2.0], stride=2)
