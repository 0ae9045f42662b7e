"""tinygrad_ko.nn: behaviour the mutation run (tools/mutation.py, docs/testing.md §7) found no test
for — the errors a bad hyperparameter gets, the layers' and optimizers' defaults, batch norm's
running statistics — each checked against the book's rule written out here."""

import math

import numpy as np
import pytest

import tinygrad_ko as tk
import tinygrad_ko.nn.functional as F
from tinygrad_ko import Tensor, nn


def param():
    return [nn.Parameter(np.ones(3, np.float32))]


BAD_ARGUMENTS = [
    (lambda: nn.Linear(0, 3), "Linear", "in_features"),
    (lambda: nn.Linear(3, 0), "Linear", "out_features"),
    (lambda: nn.Conv2d(0, 3, 3), "Conv2d", "in_channels"),
    (lambda: nn.Conv2d(3, 0, 3), "Conv2d", "out_channels"),
    (lambda: nn.ConvTranspose2d(0, 3, 3), "ConvTranspose2d", "in_channels"),
    (lambda: nn.ConvTranspose2d(3, 0, 3), "ConvTranspose2d", "out_channels"),
    (lambda: nn.BatchNorm1d(0), "BatchNorm1d", "num_features"),
    (lambda: nn.BatchNorm2d(4, momentum=1.5), "BatchNorm2d", "momentum"),
    (lambda: nn.BatchNorm1d(4, momentum=-0.1), "BatchNorm1d", "momentum"),
    (lambda: nn.BatchNorm1d(4, eps=0.0), "BatchNorm1d", "eps"),
    (lambda: nn.Dropout(1.0), "Dropout", "p"),
    (lambda: nn.optim.SGD(param(), lr=0), "SGD", "lr"),
    (lambda: nn.optim.SGD(param(), lr=0.1, weight_decay=-1.0), "SGD", "weight_decay"),
    (lambda: nn.optim.Momentum(param(), momentum=1.0), "Momentum", "momentum"),
    (lambda: nn.optim.AdaGrad(param(), eps=0.0), "AdaGrad", "eps"),
    (lambda: nn.optim.RMSprop(param(), decay_rate=1.0), "RMSprop", "decay_rate"),
    (lambda: nn.optim.RMSprop(param(), eps=0.0), "RMSprop", "eps"),
    (lambda: nn.optim.Adam(param(), beta1=1.0), "Adam", "beta1"),
    (lambda: nn.optim.Adam(param(), beta2=1.0), "Adam", "beta2"),
    (lambda: nn.optim.Adam(param(), eps=0.0), "Adam", "eps"),
]


@pytest.mark.parametrize("build, who, what", BAD_ARGUMENTS, ids=[f"{w}-{a}" for _, w, a in BAD_ARGUMENTS])
def test_a_bad_hyperparameter_is_refused_naming_the_class_and_the_argument(build, who, what):
    with pytest.raises(ValueError, match=rf"^{who}: {what} "):
        build()


@pytest.mark.parametrize("momentum", [0.0, 1.0])
def test_batch_norm_accepts_both_ends_of_the_momentum_range(momentum):
    assert nn.BatchNorm1d(2, momentum=momentum).momentum == momentum


def test_batch_norm_follows_the_books_defaults_momentum_09_and_eps_1e_6():
    bn = nn.BatchNorm1d(2)
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 7.0]], np.float32)
    y = bn(Tensor(x))
    mean, var = x.mean(axis=0), x.var(axis=0)
    np.testing.assert_allclose(y.data, (x - mean) / np.sqrt(var + 1e-6), rtol=1e-6)
    np.testing.assert_allclose(bn.running_mean.data, 0.1 * mean, rtol=1e-6)  # 0.9·0 + 0.1·mean
    assert bn.gamma.dtype == bn.beta.dtype == bn.running_mean.dtype == bn.running_var.dtype \
        == np.float32


@pytest.mark.parametrize("build, shape, fan_in", [
    (lambda rng: nn.Linear(8, 3, rng=rng), (8, 3), 8),
    (lambda rng: nn.Conv2d(2, 4, 3, rng=rng), (4, 2, 3, 3), 18),
    (lambda rng: nn.ConvTranspose2d(2, 4, 3, rng=rng), (2, 4, 3, 3), 36),
])
def test_layers_start_from_he_weights_and_zero_biases_in_float32(build, shape, fan_in):
    layer = build(np.random.default_rng(7))
    expected = np.random.default_rng(7).standard_normal(shape) * math.sqrt(2.0 / fan_in)  # 6.2.3
    np.testing.assert_allclose(layer.W.data, expected.astype(np.float32), rtol=1e-6)
    assert layer.W.dtype == layer.b.dtype == np.float32
    np.testing.assert_array_equal(layer.b.data, np.zeros(layer.b.shape, np.float32))


def test_dropout_drops_half_by_default():
    assert nn.Dropout().p == 0.5


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("kwargs, axis", [({}, -1), ({"axis": 0}, 0), ({"dim": 1}, 1), ({"axis": 1}, 1)])
def test_the_softmax_layer_normalises_the_axis_it_is_given_the_last_by_default(kwargs, axis):
    x = np.random.default_rng(8).standard_normal((2, 3, 4))
    np.testing.assert_allclose(nn.Softmax(**kwargs)(Tensor(x)).data, softmax(x, axis), rtol=1e-12)


def test_the_softmax_layer_refuses_both_axis_and_dim_naming_itself():
    with pytest.raises((TypeError, ValueError), match="Softmax"):
        nn.Softmax(axis=1, dim=1)


def test_dropout_by_default_trains_dropping_with_p_half_and_scaling_by_two():
    x = Tensor(np.ones((50, 40), np.float32))
    y = F.dropout(x, rng=np.random.default_rng(3))
    kept = np.random.default_rng(3).random((50, 40), dtype=np.float32) >= 0.5
    np.testing.assert_array_equal(y.data, np.where(kept, 2.0, 0.0).astype(np.float32))
    same = F.dropout(x, rng=3)  # a seed gives the same mask as its Generator
    np.testing.assert_array_equal(same.data, y.data)
    assert F.dropout(x, training=False) is x and F.dropout(x, p=0.0) is x
    with pytest.raises(ValueError, match=r"^dropout: p is the probability"):
        F.dropout(x, p=1.0)


@pytest.mark.parametrize("grad", [True, False])
@pytest.mark.parametrize("geometry", [(), (1, 1, 3, 2, 1)], ids=["defaults", "all-given"])
def test_the_fused_functional_block_is_the_three_ops_with_or_without_a_graph(grad, geometry):
    rng = np.random.default_rng(9)
    x = rng.standard_normal((2, 2, 8, 8)).astype(np.float32)
    W = Tensor(rng.standard_normal((3, 2, 3, 3)).astype(np.float32))
    b = Tensor(rng.standard_normal(3).astype(np.float32))
    stride, padding, kernel, pool_stride, pool_padding = geometry or (1, 0, 2, None, 0)
    expected = F.max_pool2d(F.conv2d(Tensor(x), W, b, stride, padding).relu(), kernel, pool_stride,
                            pool_padding)
    image = Tensor(x) if grad else x  # without a graph a NumPy image is taken as a Tensor too
    with tk.enable_grad() if grad else tk.no_grad():
        got = F.conv_relu_max_pool2d(image, W, b, *geometry)
        W2 = Tensor(rng.standard_normal((int(np.prod(expected.shape[1:])), 4)).astype(np.float32))
        trunk = F.conv_relu_max_pool2d_linear(image, W, b, stride, padding, kernel, pool_stride,
                                              pool_padding, W2)
    np.testing.assert_array_equal(got.data, expected.data)
    np.testing.assert_allclose(trunk.data, expected.data.reshape(2, -1) @ W2.data, rtol=1e-5)
    if not grad:
        assert got.requires_grad is False and trunk.requires_grad is False
