"""The pinned public API (docs/architecture.md lists the design): code outside this repo is tested against these names."""

import inspect

import numpy as np

import tinygrad_ko
from tinygrad_ko import Tensor, nn, no_grad
from tinygrad_ko.datasets import DataLoader, load_mnist, load_mnist_mini
from tinygrad_ko.models import DeepConvNet, MultiLayerNet, SimpleConvNet, TwoLayerNet
from tinygrad_ko.nn import functional as F
from tinygrad_ko.nn import optim
from tinygrad_ko.testing import gradcheck, numerical_gradient, strategies
from tinygrad_ko.viz import draw_graph


def params(fn):
    return list(inspect.signature(fn).parameters)


def test_top_level_names():
    assert {"Tensor", "no_grad", "__version__"} <= set(dir(tinygrad_ko))
    assert params(Tensor.__init__)[1:5] == ["data", "requires_grad", "dtype", "name"]
    for method in ("backward", "exp", "log", "relu", "sigmoid", "tanh", "sum", "mean", "max",
                   "reshape", "transpose", "flatten", "broadcast_to", "softmax", "log_softmax",
                   "conv2d", "max_pool2d", "avg_pool2d"):
        assert callable(getattr(Tensor, method)), method
    assert params(Tensor.conv2d)[1:] == ["W", "b", "stride", "padding"]
    assert params(Tensor.max_pool2d)[1:] == ["kernel_size", "stride", "padding"]
    assert params(Tensor.sum)[1:] == ["axis", "keepdims"]
    x = Tensor(np.ones((2, 3)))
    assert x.T.shape == (3, 2) and isinstance(x.data, np.ndarray) and x.grad is None
    with no_grad():
        pass


def test_nn_names_and_signatures():
    for name in ("Module", "Linear", "Conv2d", "MaxPool2d", "AvgPool2d", "ReLU", "Sigmoid",
                 "Flatten", "Dropout", "BatchNorm1d", "BatchNorm2d", "Sequential"):
        assert hasattr(nn, name), name
    assert params(nn.Linear.__init__)[1:3] == ["in_features", "out_features"]
    assert params(nn.Conv2d.__init__)[1:6] == ["in_channels", "out_channels", "kernel_size",
                                               "stride", "padding"]
    model = nn.Sequential(nn.Linear(3, 2))
    for method in ("parameters", "train", "eval", "state_dict", "load_state_dict", "save", "load"):
        assert callable(getattr(model, method)), method
    for name in ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"):
        assert "lr" in params(getattr(optim, name).__init__), name
    assert params(F.cross_entropy)[:2] == ["logits", "labels"]


def test_models_data_viz_testing():
    assert params(SimpleConvNet.__init__)[1:6] == ["input_dim", "conv_param", "hidden_size",
                                                   "output_size", "weight_init_std"]
    assert all(callable(c) for c in (TwoLayerNet, MultiLayerNet, DeepConvNet, draw_graph,
                                     numerical_gradient, gradcheck, DataLoader, load_mnist_mini))
    assert params(load_mnist)[:6] == ["normalize", "flatten", "one_hot_label", "kind", "root",
                                      "download"]
    assert params(load_mnist_mini) == ["normalize", "flatten", "one_hot_label"]
    for name in ("tensors", "broadcastable_shapes", "conv2d_cases", "pool2d_cases"):
        assert callable(getattr(strategies, name)), name
