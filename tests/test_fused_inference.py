"""Inference fusion (ops/fused.py): conv2d → ReLU → max pool in one step under no_grad gives
exactly the numbers of the three ops, and steps aside whenever a graph, a hook or anomaly mode
needs the ops one by one."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinygrad_ko as tk
from tinygrad_ko import Tensor
from tinygrad_ko.models import DeepConvNet, SimpleConvNet
from tinygrad_ko.nn import functional as F
from tinygrad_ko.ops import fused
from tinygrad_ko.testing import gradcheck


def unfused(x, W, b, stride, padding, kernel, pool_stride, pool_padding):
    return F.max_pool2d(F.conv2d(x, W, b, stride, padding).relu(), kernel, pool_stride, pool_padding)


def same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and \
        np.array_equal(a.data.view(np.uint8), b.data.view(np.uint8))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # inf - inf in the NaN/inf row, on purpose
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("geometry", [(1, 0, 2, None, 0), (1, 1, 2, 1, 1), (2, 2, 3, 2, 1),
                                      (1, 0, 3, 3, 0)])
def test_fused_numbers_are_the_three_ops_numbers_bit_for_bit(dtype, geometry):
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal((3, 2, 11, 11)).astype(dtype))
    W = Tensor(rng.standard_normal((4, 2, 3, 3)).astype(dtype))
    b = Tensor(rng.standard_normal(4).astype(dtype))
    x.data[0, 0, 0, :3] = [np.nan, np.inf, -np.inf]  # NaN and infinities travel the same way
    with tk.no_grad():
        fused = F.conv_relu_max_pool2d(x, W, b, *geometry)
        plain = unfused(x, W, b, *geometry)
        assert same_bits(fused, plain)
        assert same_bits(F.conv_relu_max_pool2d(x, W, None, *geometry), unfused(x, W, None, *geometry))


def test_with_a_graph_it_records_the_three_ops_and_differentiates():
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((2, 1, 6, 6)), requires_grad=True, dtype=np.float64)
    W = Tensor(rng.standard_normal((2, 1, 3, 3)), requires_grad=True, dtype=np.float64)
    y = F.conv_relu_max_pool2d(x, W, None, 1, 1)
    assert y.creator.name == "MaxPool2d" and y.creator.inputs[0].creator.name == "ReLU"
    assert gradcheck(lambda x, W: F.conv_relu_max_pool2d(x, W, None, 1, 1), x, W)


@pytest.mark.parametrize("model_class", [SimpleConvNet, DeepConvNet])
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_book_models_predict_the_same_with_and_without_fusion(model_class, dtype):
    model = model_class(seed=0)
    model = model.astype(dtype) if dtype != np.float32 else model
    x = np.random.default_rng(1).random((8, 1, 28, 28)).astype(dtype)
    fused = model.predict(x)
    handle = model.Relu1.register_forward_hook(lambda module, inputs, output: None)  # unfuses Relu1
    plain = model.predict(x)
    handle.remove()
    assert same_bits(fused, plain)


def test_a_hooked_layer_still_sees_its_own_output_under_no_grad():
    model = SimpleConvNet(seed=0)
    seen = []
    model.Relu1.register_forward_hook(lambda module, inputs, output: seen.append(output.shape))
    model.predict(np.zeros((2, 1, 28, 28), np.float32))
    assert seen == [(2, 30, 24, 24)]


def test_anomaly_mode_checks_the_ops_one_by_one():
    x = Tensor(np.full((1, 1, 4, 4), np.inf, np.float32))
    W = Tensor(np.ones((1, 1, 3, 3), np.float32))
    with tk.no_grad(), tk.detect_anomaly(), pytest.raises(FloatingPointError, match="Conv2d produced"):
        F.conv_relu_max_pool2d(x, W * np.float32(-1), None)


def float16_rounded(y):
    return np.asarray(y, np.float32).astype(np.float16).astype(np.float32)


def assert_float16_values_match_the_conversion(y):
    got = fused.float16_values(np.array(y, np.float32))
    assert np.array_equal(got.view(np.uint32), float16_rounded(y).view(np.uint32))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # overflow to inf in the cast, on purpose
def test_float16_values_round_like_numpy_at_every_tie_and_edge():
    step = np.float32(2.0 ** -10)
    mantissas = np.arange(1024, dtype=np.float32) * step + 1  # every float16 mantissa at 2**0
    ties = (mantissas + step / 2)  # exactly half-way: even mantissas keep, odd ones round up
    near = np.concatenate([ties, np.nextafter(ties, 0), np.nextafter(ties, 3)])
    for scale in (2.0 ** -14, 2.0 ** -3, 1.0, 2.0 ** 15):  # the lowest and the highest normal binade
        values = near * np.float32(scale)
        assert_float16_values_match_the_conversion(np.concatenate([values, -values, [0.0, -0.0]]))
    edges = [65504, 65519.996, 65520, 65536, 2.0 ** -14, np.nextafter(np.float32(2.0 ** -14), 0),
             2.0 ** -24, 2.0 ** -25, 3 * 2.0 ** -26, 1e-45, np.inf, -np.inf, np.nan, -1e-7]
    for edge in edges:  # each with ordinary numbers around it: one odd value changes the path
        assert_float16_values_match_the_conversion([1.5, edge, 0.0, -2.25])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@given(hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=40),
                  elements=st.floats(width=32, allow_nan=True) | st.floats(-2.0 ** -13, 2.0 ** -13, width=32)
                  | st.sampled_from([0.0, -0.0, 65504.0, 65520.0, 2.0 ** -14, 2.0 ** -25])))
def test_float16_values_is_the_float16_conversion_for_any_float32_array(y):
    assert_float16_values_match_the_conversion(y)


def test_float16_values_of_post_relu_numbers_with_a_few_subnormals():
    y = np.maximum(np.random.default_rng(0).standard_normal(50_000).astype(np.float32), 0)
    y[::997] = np.float32(3e-6)  # below float16's normal range: converted one by one
    assert_float16_values_match_the_conversion(y)


def unfused_trunk(x, W, b, geometry, W2, b2):
    return F.linear(unfused(x, W, b, *geometry).flatten(1), W2, b2)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("geometry", [(1, 0, 2, None, 0), (1, 1, 3, 2, 1)])
def test_fused_trunk_with_the_affine_layer_gives_the_unfused_numbers_bit_for_bit(dtype, geometry):
    rng = np.random.default_rng(5)
    x = Tensor((rng.standard_normal((3, 2, 9, 9)) * 3).astype(dtype))
    W = Tensor(rng.standard_normal((4, 2, 3, 3)).astype(dtype))
    b = Tensor(rng.standard_normal(4).astype(dtype))
    with tk.no_grad():
        features = unfused(x, W, b, *geometry).flatten(1).shape[1]
        W2 = Tensor(rng.standard_normal((features, 5)).astype(dtype))
        b2 = Tensor(rng.standard_normal(5).astype(dtype))
        x.data[0, 0, 0, 0] = 1e-6  # a pooled number below float16's normal range, kept exact
        for bias2 in (b2, None):
            fused_out = F.conv_relu_max_pool2d_linear(x, W, b, *geometry, W2, bias2)
            assert same_bits(fused_out, unfused_trunk(x, W, b, geometry, W2, bias2))
        x.data[1, 1, 4, 4] = np.nan  # NaN and inf send the pooled numbers through NumPy's casts
        x.data[2, 0, 1, 1] = np.inf
        assert same_bits(F.conv_relu_max_pool2d_linear(x, W, b, *geometry, W2, b2),
                         unfused_trunk(x, W, b, geometry, W2, b2))


def test_fused_trunk_records_the_ops_with_a_graph_and_refuses_a_wrong_affine_shape():
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((2, 1, 6, 6)), requires_grad=True, dtype=np.float64)
    W = Tensor(rng.standard_normal((2, 1, 3, 3)), requires_grad=True, dtype=np.float64)
    W2 = Tensor(rng.standard_normal((8, 3)), requires_grad=True, dtype=np.float64)
    y = F.conv_relu_max_pool2d_linear(x, W, None, 1, 0, 2, None, 0, W2)
    assert y.creator.name == "MatMul"
    assert gradcheck(lambda x, W, W2: F.conv_relu_max_pool2d_linear(x, W, None, 1, 0, 2, None, 0, W2),
                     x, W, W2)
    with tk.no_grad(), pytest.raises(ValueError, match=r"\(2, 8\) @ \(7, 3\)"):
        F.conv_relu_max_pool2d_linear(x, W, None, 1, 0, 2, None, 0, Tensor(np.ones((7, 3))))


def test_a_numpy_image_is_taken_with_and_without_a_graph():
    image = np.random.default_rng(4).standard_normal((1, 1, 6, 6)).astype(np.float32)
    W = Tensor(np.ones((2, 1, 3, 3), np.float32), requires_grad=True)
    W2 = Tensor(np.ones((8, 3), np.float32), requires_grad=True)
    recorded = F.conv_relu_max_pool2d(image, W)  # once: AttributeError with a graph recorded
    trunk = F.conv_relu_max_pool2d_linear(image, W, None, 1, 0, 2, None, 0, W2)
    with tk.no_grad():
        assert same_bits(F.conv_relu_max_pool2d(image, W), recorded.detach())
        assert same_bits(F.conv_relu_max_pool2d_linear(image, W, None, 1, 0, 2, None, 0, W2),
                         trunk.detach())
    trunk.sum().backward()
    assert W.grad.shape == W.shape and W2.grad.shape == W2.shape
