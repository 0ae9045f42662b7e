"""Layers, Module mechanics and initialisers: forward against NumPy, backward with gradcheck."""

from collections import OrderedDict

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinygrad_ko import Tensor, nn, no_grad
from tinygrad_ko.nn import functional as F
from tinygrad_ko.nn import init
from tinygrad_ko.testing import gradcheck
from tinygrad_ko.testing import strategies as tst

from test_forward_reference import conv_reference  # the window-by-window convolution

rng = np.random.default_rng(0)


def use_params(layer, **params):
    """Put gradcheck's float64 leaves into the layer, so its own forward is what gets checked."""
    for name, value in params.items():
        setattr(layer, name, value)
    return layer


# --- NumPy references ----------------------------------------------------------------------------
def batchnorm_reference(x, gamma, beta, eps, axes):
    """The book's batch-normalisation formulas (6장 6.3.1절)."""
    mu = x.mean(axis=axes, keepdims=True)
    xc = x - mu
    var = np.mean(xc ** 2, axis=axes, keepdims=True)
    return gamma * xc / np.sqrt(var + eps) + beta, mu.squeeze(), var.squeeze()


# --- Linear --------------------------------------------------------------------------------------
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 4), st.integers(0, 2**31))
def test_linear_forward_and_gradients(n, fan_in, fan_out, seed):
    r = np.random.default_rng(seed)
    layer = nn.Linear(fan_in, fan_out, rng=seed)
    x = r.standard_normal((n, fan_in)).astype(np.float32)
    np.testing.assert_allclose(layer(x).data, x @ layer.W.data + layer.b.data, rtol=1e-5, atol=1e-6)
    assert layer(x).dtype == np.float32
    assert gradcheck(lambda x, W, b: use_params(layer, W=W, b=b)(x),
                     x.astype(np.float64), layer.W.data, layer.b.data)


def test_linear_shapes_names_and_flattening_like_the_books_affine():
    layer = nn.Linear(12, 5, bias=False)
    assert layer.W.shape == (12, 5) and layer.b is None
    assert [name for name, _ in layer.named_parameters()] == ["W"]
    images = rng.standard_normal((2, 3, 2, 2)).astype(np.float32)
    np.testing.assert_allclose(layer(images).data, images.reshape(2, 12) @ layer.W.data, rtol=1e-5)
    with pytest.raises(ValueError, match=r"Linear\(12, 5\).*\(4, 7\)"):
        layer(np.zeros((4, 7), np.float32))


# --- Conv2d and pooling ------------------------------------------------------------------------------
@given(tst.conv2d_cases(max_batch=2, max_channels=2, max_filters=2, max_size=5))
def test_conv2d_forward_and_gradients(case):
    fn, c, fh, fw = case.W.shape
    layer = nn.Conv2d(c, fn, (fh, fw), stride=case.stride, padding=case.padding)
    use_params(layer, W=Tensor(case.W, requires_grad=True), b=Tensor(case.b, requires_grad=True))
    expected = conv_reference(case.x, case.W, case.b, case.stride, case.padding)
    np.testing.assert_allclose(layer(case.x).data, expected, rtol=1e-10, atol=1e-10)
    assert gradcheck(lambda x, W, b: use_params(layer, W=W, b=b)(x), case.x, case.W, case.b)


def test_conv2d_parameter_shapes_and_he_default():
    layer = nn.Conv2d(3, 64, 3, padding=1, rng=0)
    assert layer.W.shape == (64, 3, 3, 3) and layer.b.shape == (64,)
    assert layer.W.dtype == np.float32 and np.all(layer.b.data == 0)
    assert abs(layer.W.data.std() - np.sqrt(2 / 27)) < 0.02


def pool_reference(x, k, reduce):
    n, c, h, w = x.shape
    blocks = x[:, :, :h // k * k, :w // k * k].reshape(n, c, h // k, k, w // k, k)
    return reduce(blocks, axis=(3, 5))


def test_pool_layers_forward_and_gradients():
    x = rng.permutation(2 * 3 * 5 * 5).reshape(2, 3, 5, 5) * 0.1  # distinct: no ties for max
    np.testing.assert_allclose(nn.MaxPool2d(2)(x).data, pool_reference(x, 2, np.max))
    np.testing.assert_allclose(nn.AvgPool2d(2)(x).data, pool_reference(x, 2, np.mean))
    np.testing.assert_allclose(nn.GlobalAvgPool2d()(x).data, x.mean(axis=(2, 3)))
    assert nn.GlobalAvgPool2d(keepdims=True)(x).shape == (2, 3, 1, 1)
    for layer in (nn.MaxPool2d(2), nn.MaxPool2d(3, stride=1, padding=1), nn.AvgPool2d(2, 1),
                  nn.GlobalAvgPool2d()):
        assert gradcheck(layer, x)


# --- element-wise layers ---------------------------------------------------------------------------
@given(tst.arrays((3, 4), avoid=(0,)))
def test_activation_layers(x):
    np.testing.assert_allclose(nn.ReLU()(x).data, np.maximum(x, 0))
    np.testing.assert_allclose(nn.Sigmoid()(x).data, 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(nn.Tanh()(x).data, np.tanh(x))
    e = np.exp(x - x.max(axis=1, keepdims=True))
    np.testing.assert_allclose(nn.Softmax()(x).data, e / e.sum(axis=1, keepdims=True))
    for layer in (nn.ReLU(), nn.Sigmoid(), nn.Tanh(), nn.Softmax()):
        assert gradcheck(layer, x)


def test_flatten_keeps_the_batch_axis():
    x = rng.standard_normal((2, 3, 4, 5))
    assert nn.Flatten()(Tensor(x)).shape == (2, 60)
    assert gradcheck(nn.Flatten(), x)


# --- Dropout -------------------------------------------------------------------------------------
def test_dropout_is_inverted_and_seeded():
    x = rng.standard_normal((4, 6)).astype(np.float32)
    p = 0.3
    keep = np.random.default_rng(7).random(x.shape, dtype=np.float32) >= p
    out = nn.Dropout(p, seed=7)(Tensor(x))
    np.testing.assert_allclose(out.data, x * keep / (1 - p), rtol=1e-6)
    assert out.dtype == np.float32
    layer = nn.Dropout(p, seed=7).eval()
    assert np.array_equal(layer(Tensor(x)).data, x)  # eval: the identity


def test_dropout_gradient_is_the_mask_and_rate_is_p():
    x = rng.standard_normal((3, 5))
    assert gradcheck(lambda t: nn.Dropout(0.5, seed=3)(t), x)  # a fresh layer: the same mask
    big = nn.Dropout(0.25, seed=1)(Tensor(np.ones((200, 200), np.float32))).data
    assert abs(np.mean(big == 0) - 0.25) < 0.01
    assert abs(big.mean() - 1.0) < 0.02  # inverted scaling keeps the expected value


def test_dropout_rejects_bad_probabilities():
    for p in (-0.1, 1.0, 2):
        with pytest.raises(ValueError, match="0 <= p < 1"):
            nn.Dropout(p)
    assert np.array_equal(nn.Dropout(0.0)(Tensor(np.ones(3))).data, np.ones(3))


# --- BatchNorm -----------------------------------------------------------------------------------
@pytest.mark.parametrize("layer_class, shape, axes", [
    (nn.BatchNorm1d, (6, 4), (0,)),
    (nn.BatchNorm2d, (3, 4, 2, 3), (0, 2, 3)),
])
def test_batchnorm_train_forward_running_stats_and_gradients(layer_class, shape, axes):
    x = rng.standard_normal(shape) * 2 + 1
    layer = layer_class(4)
    stat_shape = (1, 4) + (1,) * (len(shape) - 2)
    gamma, beta = rng.standard_normal(4), rng.standard_normal(4)
    use_params(layer, gamma=Tensor(gamma, requires_grad=True), beta=Tensor(beta, requires_grad=True))
    expected, mu, var = batchnorm_reference(x, gamma.reshape(stat_shape), beta.reshape(stat_shape),
                                            layer.eps, axes)
    np.testing.assert_allclose(layer(x).data, expected, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(layer.running_mean, 0.1 * mu, rtol=1e-6)  # 0.9·0 + 0.1·μ
    np.testing.assert_allclose(layer.running_var, 0.9 + 0.1 * var, rtol=1e-6)
    assert gradcheck(lambda x, g, b: use_params(layer, gamma=g, beta=b)(x), x, gamma, beta)


@pytest.mark.parametrize("layer_class, shape", [(nn.BatchNorm1d, (5, 3)),
                                                (nn.BatchNorm2d, (2, 3, 2, 2))])
def test_batchnorm_eval_uses_running_stats(layer_class, shape):
    layer = layer_class(3)
    layer.running_mean = np.array([0.5, -1.0, 2.0], np.float32)
    layer.running_var = np.array([4.0, 1.0, 0.25], np.float32)
    layer.eval()
    x = rng.standard_normal(shape)
    s = (1, 3) + (1,) * (len(shape) - 2)
    expected = (x - layer.running_mean.reshape(s)) / np.sqrt(layer.running_var.reshape(s) + layer.eps)
    np.testing.assert_allclose(layer(x).data, expected, rtol=1e-6)
    before = layer.running_mean.copy()
    gamma, beta = rng.standard_normal(3), rng.standard_normal(3)
    assert gradcheck(lambda x, g, b: use_params(layer, gamma=g, beta=b)(x), x, gamma, beta)
    np.testing.assert_array_equal(layer.running_mean, before)  # eval never updates them


def test_batchnorm_checks_its_input_and_keeps_float32():
    layer = nn.BatchNorm2d(3)
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3\).*\(N, C, H, W\)"):
        layer(Tensor(np.zeros((2, 4, 3, 3), np.float32)))
    out = layer(Tensor(rng.standard_normal((2, 3, 4, 4)).astype(np.float32)))
    assert out.dtype == np.float32 and layer.running_var.dtype == np.float32


# --- Module mechanics ----------------------------------------------------------------------------
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.Conv1 = nn.Conv2d(1, 2, 3, padding=1)
        self.Norm = nn.BatchNorm2d(2)
        self.scale = nn.Parameter([2.0])
        self.constant = Tensor([1.0])  # no grad: a plain attribute, not a parameter

    def forward(self, x):
        return self.Norm(self.Conv1(x)) * self.scale


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.Block1 = Block()
        self.Head = nn.Sequential(OrderedDict(Flat=nn.Flatten(), Affine1=nn.Linear(32, 3)))

    def forward(self, x):
        return self.Head(self.Block1(x))


def test_module_registers_parameters_buffers_and_children_by_dotted_name():
    net = Net()
    assert [name for name, _ in net.named_parameters()] == [  # a module's own, then its children's
        "Block1.scale", "Block1.Conv1.W", "Block1.Conv1.b", "Block1.Norm.gamma", "Block1.Norm.beta",
        "Head.Affine1.W", "Head.Affine1.b"]
    assert [name for name, _ in net.named_buffers()] == ["Block1.Norm.running_mean",
                                                         "Block1.Norm.running_var"]
    assert [name for name, _ in net.named_modules()] == [
        "", "Block1", "Block1.Conv1", "Block1.Norm", "Head", "Head.Flat", "Head.Affine1"]
    assert [type(m).__name__ for m in net.children()] == ["Block", "Sequential"]
    assert len(net.parameters()) == 7 and net.num_parameters() == 2 * 9 + 2 + 2 + 2 + 1 + 32 * 3 + 3
    net.Block1.scale = None  # re-assigning a non-tensor unregisters the parameter
    assert "Block1.scale" not in dict(net.named_parameters())


def test_call_tags_ops_with_the_layer_path_for_drawings():
    net = Net()
    out = net(np.ones((2, 1, 4, 4), np.float32))
    assert out.creator.scope == "Net/Head/Affine1"
    scopes, stack, seen = set(), [out], set()
    while stack:
        t = stack.pop()
        if t.creator is not None and id(t) not in seen:
            seen.add(id(t))
            scopes.add(t.creator.scope)
            stack.extend(t.creator.inputs)
    assert {"Net/Block1/Conv1", "Net/Block1/Norm", "Net/Block1", "Net/Head/Flat"} <= scopes


def test_train_eval_zero_grad_and_repr():
    net = Net()
    assert net.eval() is net and not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    net(np.ones((2, 1, 4, 4), np.float32)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    text = repr(net)
    assert "(Block1): Block(" in text and "(Affine1): Linear(32, 3, bias=True)" in text


def test_sequential_names_indexing_and_errors():
    seq = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
    assert [n for n, _ in seq.named_children()] == ["0", "1"] and len(seq) == 2
    assert isinstance(seq[1], nn.ReLU) and isinstance(seq["0"], nn.Linear)
    named = nn.Sequential(Affine1=nn.Linear(4, 3), Relu1=nn.ReLU())
    x = rng.standard_normal((2, 4)).astype(np.float32)
    assert np.array_equal(named(x).data, np.maximum(x @ named.Affine1.W.data, 0))
    with pytest.raises(TypeError, match="not a Module"):
        nn.Sequential(lambda x: x)


def test_module_without_super_init_says_so():
    class Broken(nn.Module):
        def __init__(self):
            self.W = nn.Parameter([1.0])

    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\)"):
        Broken()


def test_astype_keeps_parameter_objects():
    net = Net()
    params = net.parameters()
    net.astype(np.float64)
    assert all(p is q and p.dtype == np.float64 for p, q in zip(params, net.parameters()))
    assert net.Block1.Norm.running_mean.dtype == np.float64
    with no_grad():
        assert net(np.ones((1, 1, 4, 4))).dtype == np.float64


# --- init ----------------------------------------------------------------------------------------
def test_initialisers_follow_the_books_formulas():  # 6장 6.2.2-6.2.3절: Xavier, He
    assert init.fan_in((784, 100)) == 784 and init.fan_in((30, 3, 5, 5)) == 75
    w = init.he((400, 300), rng=0)
    assert w.dtype == np.float32 and abs(w.std() - np.sqrt(2 / 400)) < 0.002
    assert abs(init.xavier((400, 300), rng=0).std() - np.sqrt(1 / 400)) < 0.001
    assert abs(init.normal((400, 300), std=0.01, rng=0).std() - 0.01) < 0.0002
    assert np.array_equal(init.he((3, 4), rng=5), init.he((3, 4), rng=5))
    assert init.init_std("relu", 50) == init.init_std("He", 50) == np.sqrt(2 / 50)
    assert init.init_std("sigmoid", 50) == init.init_std("xavier", 50) == np.sqrt(1 / 50)
    with pytest.raises(ValueError, match="'relu'/'he'"):
        init.init_std("kaiming-ish", 50)
    with pytest.raises(ValueError, match="fan_in"):
        init.he((3,))


def test_functional_dropout_and_batch_norm_are_usable_directly():
    x = Tensor(np.ones((2, 3), np.float32))
    assert F.dropout(x, 0.5, training=False) is x
    gamma, beta = Tensor(np.ones(3), requires_grad=True), Tensor(np.zeros(3), requires_grad=True)
    y = F.batch_norm(Tensor(rng.standard_normal((8, 3))), gamma, beta)
    np.testing.assert_allclose(y.data.mean(axis=0), 0, atol=1e-12)
