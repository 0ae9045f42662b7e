"""Inference fusion (ops/fused.py): conv2d → ReLU → max pool in one step under no_grad gives
exactly the numbers of the three ops, and steps aside whenever a graph, a hook or anomaly mode
needs the ops one by one."""

import numpy as np
import pytest

import tinygrad_ko as tk
from tinygrad_ko import Tensor
from tinygrad_ko.models import DeepConvNet, SimpleConvNet
from tinygrad_ko.nn import functional as F
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
