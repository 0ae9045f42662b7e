"""tinygrad_ko.book: the book's chapter scripts, written the way they use the API, on the engine.

Each test reads like a chapter script of the book with its import line replaced by
``from tinygrad_ko.book import ...``; the numbers asserted are the ones the book prints (5장 5.4절
apple/orange, 5.7.3 gradient check) or the outcomes its figures show (6.1 optimizers, 5.7.4 training).
The layers and functions of chapters 3–7 are tested in test_book_layers.py.
"""

import copy
import os
import pickle
import socket
import stat
from pathlib import Path

import numpy as np
import pytest

from tinygrad_ko import datasets, models, nn
from tinygrad_ko.book import (SGD, AdaGrad, Adam, DeepConvNet, Momentum, MultiLayerNet,
                              MultiLayerNetExtend, Nesterov, RMSprop, SimpleConvNet, Trainer,
                              TwoLayerNet, load_mnist, load_mnist_mini)
from tinygrad_ko.book import numerical_gradient as book_numerical_gradient

ISSUE_NAMES = (
    "load_mnist", "TwoLayerNet", "MultiLayerNet", "MultiLayerNetExtend", "SimpleConvNet",
    "DeepConvNet", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "Trainer",
    "numerical_gradient", "softmax", "sigmoid", "cross_entropy_error", "mean_squared_error",
    "im2col", "col2im", "smooth_curve", "shuffle_dataset", "MulLayer", "AddLayer", "Relu",
    "Sigmoid", "Affine", "SoftmaxWithLoss", "Convolution", "Pooling", "BatchNormalization",
    "Dropout",
)


@pytest.fixture(scope="module")
def mnist_one_hot():
    """(x_train, t_train), (x_test, t_test) as the book's scripts load them (one-hot labels)."""
    return load_mnist_mini(normalize=True, one_hot_label=True)


def test_import_star_gives_every_name_of_the_book():
    namespace = {}
    exec("from tinygrad_ko.book import *", namespace)
    missing = [name for name in ISSUE_NAMES if name not in namespace]
    assert not missing
    assert namespace["np"] is np  # the book's `from common.optimizer import *` brings np too


# --- ch05/buy_apple.py, buy_apple_orange.py ----------------------------------------------------------
def test_buy_apple_orange_prints_the_books_numbers(capsys):
    from tinygrad_ko.book import AddLayer, MulLayer

    apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
    mul_apple_layer, mul_orange_layer = MulLayer(), MulLayer()
    add_apple_orange_layer, mul_tax_layer = AddLayer(), MulLayer()

    apple_price = mul_apple_layer.forward(apple, apple_num)
    orange_price = mul_orange_layer.forward(orange, orange_num)
    all_price = add_apple_orange_layer.forward(apple_price, orange_price)
    price = mul_tax_layer.forward(all_price, tax)

    dprice = 1
    dall_price, dtax = mul_tax_layer.backward(dprice)
    dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)
    dorange, dorange_num = mul_orange_layer.backward(dorange_price)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)

    print("price:", int(price))
    print("dApple:", dapple)
    print("dApple_num:", int(dapple_num))
    print("dOrange:", dorange)
    print("dOrange_num:", int(dorange_num))
    print("dTax:", dtax)
    assert capsys.readouterr().out.splitlines() == [
        "price: 715", "dApple: 2.2", "dApple_num: 110", "dOrange: 3.3000000000000003",
        "dOrange_num: 165", "dTax: 650"]


def test_buy_apple_gives_220_and_the_books_derivatives():
    from tinygrad_ko.book import MulLayer

    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    price = mul_tax_layer.forward(mul_apple_layer.forward(100, 2), 1.1)
    dapple_price, dtax = mul_tax_layer.backward(1)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    assert int(price) == 220 and dapple == 2.2 and int(dapple_num) == 110 and dtax == 200
    assert isinstance(dtax, int)  # 1 * 200 in the book's plain Python is the int 200


# --- ch05/gradient_check.py --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def gradient_check(mnist_one_hot):
    """The book's script on the embedded subset: backprop against numerical gradients."""
    (x_train, t_train), _ = mnist_one_hot
    np.random.seed(0)
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    x_batch, t_batch = x_train[:3], t_train[:3]
    grad_numerical = network.numerical_gradient(x_batch, t_batch)
    grad_backprop = network.gradient(x_batch, t_batch)
    return network, grad_numerical, grad_backprop


def test_gradient_check_differences_are_the_books_size(gradient_check, capsys):
    _, grad_numerical, grad_backprop = gradient_check
    for key in grad_numerical.keys():  # noqa: SIM118 (the book writes it so)
        diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key]))
        print(key + ":" + str(diff))
    lines = dict(line.split(":") for line in capsys.readouterr().out.splitlines())
    assert list(lines) == ["W1", "b1", "W2", "b2"]
    differences = {key: float(value) for key, value in lines.items()}
    assert differences["W2"] <= 1e-7 and differences["b2"] <= 1e-7
    assert max(differences.values()) <= 1e-7
    assert min(np.abs(grad_backprop["W2"]).max(), np.abs(grad_backprop["b2"]).max()) > 1e-3  # not 0 ≈ 0


def test_gradient_is_the_engines_backward_as_float64_arrays(gradient_check, mnist_one_hot):
    network, _, grad_backprop = gradient_check
    (x_train, t_train), _ = mnist_one_hot
    assert isinstance(network, models.TwoLayerNet) and isinstance(network, nn.Module)
    assert [id(p) for p in network.params.values()] == [id(p) for p in network.parameters()]
    assert all(isinstance(p, nn.Parameter) and p.dtype == np.float64
               for p in network.params.values())
    # the same gradients straight from the engine model's loss and backward()
    network.zero_grad()
    models.TwoLayerNet.loss(network, x_train[:3].astype(np.float64), t_train[:3]).backward()
    for key, p in network.params.items():
        assert type(grad_backprop[key]) is np.ndarray and grad_backprop[key].dtype == np.float64
        np.testing.assert_array_equal(grad_backprop[key], p.grad.data)


def test_float32_is_what_made_the_check_fail(mnist_one_hot):
    """With dtype=np.float32 the same check is off by orders of magnitude (rounding of the loss)."""
    (x_train, t_train), _ = mnist_one_hot
    differences = {}
    for dtype in (np.float64, np.float32):
        network = TwoLayerNet(784, 10, 10, seed=1, dtype=dtype)
        grad = network.gradient(x_train[:3], t_train[:3])
        numeric = book_numerical_gradient(lambda W, net=network: net.loss(x_train[:3], t_train[:3]),
                                          network.params["b2"])
        differences[dtype] = np.average(np.abs(grad["b2"] - numeric))
    assert differences[np.float64] <= 1e-7 < 1e-5 < differences[np.float32]


def test_convnet_gradient_check_as_in_chapter_7():
    """ch07/gradient_check.py: a small SimpleConvNet, one random 10×10 image, a label column."""
    network = SimpleConvNet(input_dim=(1, 10, 10),
                            conv_param={'filter_num': 10, 'filter_size': 3, 'pad': 0, 'stride': 1},
                            hidden_size=10, output_size=10, weight_init_std=0.01, seed=2)
    # seed 2: no ReLU input lies within h = 1e-4 of 0, where a central difference straddles the
    # kink and is off by ~1e-6 whatever backward does (seeds 0 and 1 have such units)
    X = np.random.default_rng(2).random(100).reshape((1, 1, 10, 10))
    T = np.array([1]).reshape((1, 1))
    grad_num = network.numerical_gradient(X, T)
    grad = network.gradient(X, T)
    assert list(grad) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for key, val in grad_num.items():
        assert np.abs(grad[key] - val).mean() < 1e-8, key


def test_batchnorm_gradient_check_as_in_chapter_6(mnist_one_hot):
    """ch06/batch_norm_gradient_check.py with smaller layers: gamma and beta are checked too."""
    (x_train, t_train), _ = mnist_one_hot
    network = MultiLayerNetExtend(input_size=784, hidden_size_list=[5, 5], output_size=10,
                                  use_batchnorm=True, seed=0)
    grad_numerical = network.numerical_gradient(x_train[:2], t_train[:2])
    grad_backprop = network.gradient(x_train[:2], t_train[:2])
    assert set(grad_backprop) == {"W1", "b1", "W2", "b2", "W3", "b3", "gamma1", "beta1",
                                  "gamma2", "beta2"}
    for key in grad_numerical.keys():  # noqa: SIM118 (the book writes it so)
        assert np.average(np.abs(grad_backprop[key] - grad_numerical[key])) < 1e-7, key


# --- ch05/train_neuralnet.py -------------------------------------------------------------------------
def test_training_loop_with_params_minus_equals_learns(mnist_one_hot, capsys):
    (x_train, t_train), (x_test, t_test) = mnist_one_hot
    np.random.seed(0)
    network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)
    weights_before = {key: p for key, p in network.params.items()}
    W1_start = network.params['W1'].data.copy()

    iters_num, train_size, batch_size, learning_rate = 400, x_train.shape[0], 100, 0.1
    train_loss_list, train_acc_list, test_acc_list = [], [], []
    iter_per_epoch = max(train_size / batch_size, 1)
    for i in range(iters_num):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= learning_rate * grad[key]
        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(loss)
        if i % iter_per_epoch == 0:
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            train_acc_list.append(train_acc)
            test_acc_list.append(test_acc)
            print(train_acc, test_acc)

    assert len(capsys.readouterr().out.splitlines()) == len(test_acc_list) == 10
    assert network.accuracy(x_test, t_test) >= 0.85
    assert test_acc_list[0] < 0.5  # it was the update line that taught it
    assert np.mean(train_loss_list[-20:]) < 0.5 * np.mean(train_loss_list[:20])
    for key, p in network.params.items():  # the same Parameter objects, changed in place
        assert p is weights_before[key] and isinstance(p, nn.Parameter) and p.is_leaf
    assert not np.array_equal(network.params['W1'].data, W1_start)


def test_params_is_the_network_assignment_writes_into_it():
    network = TwoLayerNet(4, 3, 2, seed=0)
    network.params['b2'] = np.array([1.0, -1.0])
    np.testing.assert_array_equal(network.Affine2.b.data, [1.0, -1.0])
    np.testing.assert_array_equal(network.predict(np.zeros((1, 4))), [[1.0, -1.0]])
    with pytest.raises(ValueError, match=r"params\['W1'\] has shape \(4, 3\).*\(3, 4\)"):
        network.params['W1'] = np.zeros((3, 4))
    with pytest.raises(KeyError, match="no 'W9'.*W1"):
        network.params['W9'] = np.zeros(2)
    with pytest.raises(TypeError, match="cannot lose"):
        del network.params['W1']
    snapshot = copy.deepcopy(network.params)
    assert type(snapshot) is dict and snapshot['b2'] is not network.params['b2']


def test_dtype_keyword_and_seed():
    a, b = TwoLayerNet(6, 4, 3, seed=5), TwoLayerNet(6, 4, 3, seed=5)
    assert all(np.array_equal(a.params[k].data, b.params[k].data) for k in a.params)
    np.random.seed(3)
    c = TwoLayerNet(6, 4, 3)
    np.random.seed(3)
    d = TwoLayerNet(6, 4, 3)  # the book's np.random.seed(...) makes a run repeatable
    assert np.array_equal(c.params['W1'].data, d.params['W1'].data)
    e = TwoLayerNet(6, 4, 3, dtype=np.float32)
    assert {p.dtype for p in e.params.values()} == {np.dtype(np.float32)}
    assert e.predict(np.ones((2, 6))).dtype == np.float32
    with pytest.raises(TypeError, match="floating-point"):
        TwoLayerNet(6, 4, 3, dtype=np.int32)


def test_half_float_inference_as_chapter_8(mnist_one_hot):
    """ch08/half_float_network.py: params[key] = params[key].astype(np.float16), same accuracy."""
    (x_train, t_train), (x_test, t_test) = mnist_one_hot
    np.random.seed(0)
    network = TwoLayerNet(784, 50, 10)
    for _ in range(150):
        batch_mask = np.random.choice(x_train.shape[0], 100)
        grad = network.gradient(x_train[batch_mask], t_train[batch_mask])
        for key in ('W1', 'b1', 'W2', 'b2'):
            network.params[key] -= 0.1 * grad[key]
    sample = 1000
    accuracy64 = network.accuracy(x_test[:sample], t_test[:sample])
    parameters = network.parameters()
    for param in network.params.keys():  # noqa: SIM118 (the book writes it so)
        network.params[param] = network.params[param].astype(np.float16)
    accuracy16 = network.accuracy(x_test[:sample].astype(np.float16), t_test[:sample])
    assert accuracy64 > 0.7 and abs(accuracy16 - accuracy64) <= 0.005
    assert all(p.dtype == np.float16 for p in network.parameters())
    assert all(a is b for a, b in zip(network.parameters(), parameters))  # the same Parameters
    assert network.predict(x_test[:2]).dtype == np.float16


def test_networks_have_the_books_parameter_names_and_shapes():
    conv = SimpleConvNet(seed=0)
    assert {k: v.shape for k, v in conv.params.items()} == {
        'W1': (30, 1, 5, 5), 'b1': (30,), 'W2': (4320, 100), 'b2': (100,), 'W3': (100, 10),
        'b3': (10,)}
    deep = DeepConvNet(seed=0)
    shapes = {k: v.shape for k, v in deep.params.items()}
    assert list(shapes) == [f"{p}{i}" for i in range(1, 9) for p in "Wb"]
    assert shapes['W1'] == (16, 1, 3, 3) and shapes['W4'] == (32, 32, 3, 3)
    assert shapes['W7'] == (64 * 4 * 4, 50) and shapes['W8'] == (50, 10)
    multi = MultiLayerNet(784, [100, 100, 100], 10, seed=0)
    assert list(multi.params) == ['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'W4', 'b4']
    extend = MultiLayerNetExtend(784, [20, 20], 10, use_dropout=True, dropout_ration=0.2,
                                 use_batchnorm=True, seed=0)
    assert list(extend.params) == ['W1', 'b1', 'gamma1', 'beta1', 'W2', 'b2', 'gamma2', 'beta2',
                                   'W3', 'b3']
    assert extend.Dropout1.p == 0.2


def test_deep_convnet_loss_trains_with_dropout_and_predict_does_not():
    network = DeepConvNet(seed=0)
    x = np.random.default_rng(0).random((2, 1, 28, 28))
    t = np.array([3, 7])
    assert network.loss(x, t) != network.loss(x, t)  # training mode: a new dropout mask each time
    np.testing.assert_array_equal(network.predict(x), network.predict(x))
    grads = network.gradient(x, t)
    assert {k: g.shape for k, g in grads.items()} == {k: p.shape for k, p in network.params.items()}
    assert network.training  # the mode it was in is restored


def test_a_book_network_is_checked_by_tinygrad_ko_testing():
    from tinygrad_ko.testing import gradcheck

    network = TwoLayerNet(20, 6, 4, weight_init_std=0.5, seed=0)
    assert gradcheck(network, np.random.default_rng(0).random((3, 20)))  # its parameters too


def test_the_engines_trainer_trains_a_book_network():
    from tinygrad_ko import Tensor
    from tinygrad_ko.datasets import DataLoader
    from tinygrad_ko.nn import optim
    from tinygrad_ko.train import Trainer as EngineTrainer

    (x_train, t_train), (x_test, t_test) = load_mnist_mini()
    network = MultiLayerNetExtend(784, [20], 10, use_dropout=True, use_batchnorm=True, seed=0)
    x = Tensor(x_train[:8].astype(np.float64))
    network.train()
    assert network.loss(x, t_train[:8]).item() != network.loss(x, t_train[:8]).item()  # its mode
    network.eval()
    assert network.loss(x, t_train[:8]).item() == network.loss(x, t_train[:8]).item()
    history = EngineTrainer(network, optim.Adam(network.parameters(), lr=0.01),
                            DataLoader(x_train[:500], t_train[:500], batch_size=50, seed=0),
                            test_data=(x_test, t_test), progress=False, log=None).fit(2)
    assert history.test_acc[-1] > 0.6 and history.loss[-1] < history.loss[0]


def test_a_book_network_is_drawn_by_viz():
    from tinygrad_ko import viz

    graph = viz.draw_model(SimpleConvNet(seed=0), (1, 1, 28, 28))
    for layer in ("Conv1", "Relu1", "Pool1", "Affine1", "Relu2", "Affine2"):
        assert layer in graph.source


# --- ch06/optimizer_compare_naive.py, optimizer_compare_mnist.py -------------------------------------
def test_optimizer_update_on_plain_numbers_and_arrays():
    def df(x, y):
        return x / 10.0, 2.0 * y

    params, grads = {'x': -7.0, 'y': 2.0}, {}
    optimizer = SGD(lr=0.95)
    for _ in range(30):
        grads['x'], grads['y'] = df(params['x'], params['y'])
        optimizer.update(params, grads)
    assert type(params['x']) is float
    # x ← x - 0.95·x/10 and y ← y - 0.95·2y: geometric sequences with ratios 0.905 and -0.9
    assert params['x'] == pytest.approx(-7.0 * 0.905 ** 30, rel=1e-12)
    assert params['y'] == pytest.approx(2.0 * (-0.9) ** 30, rel=1e-12)

    weights = np.array([1.0, 2.0])
    params = {'w': weights}
    Momentum(lr=0.1, momentum=0.9).update(params, {'w': np.array([1.0, -1.0])})
    assert params['w'] is weights  # changed in place, as the book's `params[key] += v` on an array
    np.testing.assert_allclose(weights, [0.9, 2.1])


def test_optimizer_update_on_a_network_equals_the_rule_written_out(mnist_one_hot):
    (x_train, t_train), _ = mnist_one_hot
    network = TwoLayerNet(784, 8, 10, seed=0)
    before = {k: p.data.copy() for k, p in network.params.items()}
    grads = network.gradient(x_train[:10], t_train[:10])
    optimizer = Adam(lr=0.01)
    optimizer.update(network.params, grads)
    lr_t = 0.01 * np.sqrt(1 - 0.999) / (1 - 0.9)
    for key, p in network.params.items():
        m, v = 0.1 * grads[key], 0.001 * grads[key] ** 2
        np.testing.assert_allclose(p.data, before[key] - lr_t * m / (np.sqrt(v) + 1e-7), atol=1e-12)
    assert optimizer.iter == 1
    with pytest.raises(ValueError, match=r"grads\['W1'\] has shape \(3,\).*\(784, 8\)"):
        optimizer.update(network.params, dict(grads, W1=np.zeros(3)))
    with pytest.raises(KeyError, match="grads has no 'b2'"):
        SGD().update(network.params, {k: g for k, g in grads.items() if k != 'b2'})


def test_one_optimizer_for_two_networks_keeps_their_moments_apart(mnist_one_hot):
    """ch06/batch_norm_test.py gives one optimizer to a BatchNorm net and a plain net in turn."""
    (x_train, t_train), _ = mnist_one_hot
    x, t = x_train[:20], t_train[:20]
    bn_network = MultiLayerNetExtend(784, [10, 10], 10, use_batchnorm=True, seed=0)
    network = MultiLayerNetExtend(784, [10, 10], 10, seed=0)
    optimizer = Momentum(lr=0.1, momentum=0.9)
    for _ in range(2):
        for _network in (bn_network, network):
            grads = _network.gradient(x, t)
            optimizer.update(_network.params, grads)
    # the plain net's second step uses its own v (from its first step), not the BatchNorm net's
    twin = MultiLayerNetExtend(784, [10, 10], 10, seed=0)
    alone = Momentum(lr=0.1, momentum=0.9)
    for _ in range(2):
        alone.update(twin.params, twin.gradient(x, t))
    for key, p in network.params.items():
        np.testing.assert_array_equal(p.data, twin.params[key].data)


class NumpyMomentum:
    """A reader's own optimizer, written with NumPy the way chapter 6 teaches (not ours)."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():  # noqa: SIM118 (the book writes it so)
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


def test_a_readers_numpy_optimizer_trains_a_book_network(mnist_one_hot):
    (x_train, t_train), _ = mnist_one_hot
    networks = [TwoLayerNet(784, 10, 10, seed=0) for _ in range(2)]
    optimizers = [NumpyMomentum(lr=0.1), Momentum(lr=0.1)]
    for step in range(3):
        batch = slice(20 * step, 20 * step + 20)
        for network, optimizer in zip(networks, optimizers):
            optimizer.update(network.params, network.gradient(x_train[batch], t_train[batch]))
    assert type(optimizers[0].v['W1']) is np.ndarray  # np.zeros_like read the Parameter's numbers
    for key, p in networks[0].params.items():
        np.testing.assert_allclose(p.data, networks[1].params[key].data, rtol=1e-12, atol=1e-15)
    assert networks[0].params['W1'] is networks[0].Affine1.W  # `params[key] += v` was in place


def test_params_read_as_arrays_for_the_filter_pictures(tmp_path):
    """ch07/visualize_filter.py: filters = network.params['W1']; imshow(filters[i, 0])."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    network = SimpleConvNet(seed=0)
    filters = network.params['W1']
    FN, C, FH, FW = filters.shape
    fig = plt.figure()
    for i in range(FN):
        ax = fig.add_subplot(5, 6, i + 1)
        ax.imshow(filters[i, 0], cmap=plt.cm.gray_r, interpolation='nearest')
    fig.savefig(tmp_path / "filters.png")
    plt.close(fig)
    assert (tmp_path / "filters.png").stat().st_size > 1000
    first = filters[0, 0]
    assert isinstance(first, np.ndarray) and first.shape == (5, 5)
    np.testing.assert_array_equal(first, network.Conv1.W.data[0, 0])
    view = np.asarray(filters)
    assert not view.flags.writeable and np.array_equal(view, network.Conv1.W.data)
    first *= 0  # a NumPy view of the network's numbers, as in the book: it changes the filter
    assert not network.Conv1.W.data[0, 0].any()


def test_optimizer_compare_mnist_sgd_ends_last(mnist_one_hot):
    """ch06/optimizer_compare_mnist.py, shortened: a 5-layer net per optimizer, the same batches."""
    (x_train, t_train), _ = mnist_one_hot
    train_size, batch_size, max_iterations = x_train.shape[0], 128, 120
    optimizers = {'SGD': SGD(), 'Momentum': Momentum(), 'AdaGrad': AdaGrad(), 'Adam': Adam(),
                  'Nesterov': Nesterov(), 'RMSprop': RMSprop(lr=0.001)}
    networks, train_loss = {}, {}
    for key in optimizers.keys():  # noqa: SIM118 (the book writes it so)
        networks[key] = MultiLayerNet(input_size=784, hidden_size_list=[100, 100, 100, 100],
                                      output_size=10, seed=1)
        train_loss[key] = []
    rng = np.random.default_rng(0)
    for _ in range(max_iterations):
        batch_mask = rng.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        for key in optimizers.keys():  # noqa: SIM118 (the book writes it so)
            grads = networks[key].gradient(x_batch, t_batch)
            optimizers[key].update(networks[key].params, grads)
            train_loss[key].append(networks[key].loss(x_batch, t_batch))
    final = {key: np.mean(losses[-20:]) for key, losses in train_loss.items()}
    assert max(final, key=final.get) == 'SGD'
    assert all(final[key] < 0.7 * final['SGD'] for key in final if key != 'SGD')
    assert final['SGD'] < train_loss['SGD'][0]  # SGD learns too, only slowest


# --- common/trainer.py (ch07/train_convnet.py) -------------------------------------------------------
def test_trainer_train_prints_and_keeps_the_books_lists(capsys):
    (x_train, t_train), (x_test, t_test) = load_mnist(flatten=False, root=datasets.MINI_DIR)
    x_train, t_train = x_train[:500], t_train[:500]
    np.random.seed(0)
    network = SimpleConvNet(input_dim=(1, 28, 28),
                            conv_param={'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1},
                            hidden_size=100, output_size=10, weight_init_std=0.01)
    trainer = Trainer(network, x_train, t_train, x_test, t_test, epochs=2, mini_batch_size=50,
                      optimizer='Adam', optimizer_param={'lr': 0.001},
                      evaluate_sample_num_per_epoch=200)
    trainer.train()
    lines = capsys.readouterr().out.splitlines()
    assert trainer.max_iter == 20 and len(trainer.train_loss_list) == 20
    assert len(trainer.train_acc_list) == len(trainer.test_acc_list) == 2
    loss_lines = [line for line in lines if line.startswith("train loss:")]
    assert [float(line[len("train loss:"):]) for line in loss_lines] == trainer.train_loss_list
    epoch_lines = [line for line in lines if line.startswith("=== epoch:")]
    assert epoch_lines == [f"=== epoch:{i + 1}, train acc:{a}, test acc:{b} ===" for i, (a, b)
                           in enumerate(zip(trainer.train_acc_list, trainer.test_acc_list))]
    assert lines[-2:] == ["=============== Final Test Accuracy ===============",
                          f"test acc:{network.accuracy(x_test, t_test)}"]
    assert np.mean(trainer.train_loss_list[-5:]) < np.mean(trainer.train_loss_list[:5])
    assert network.accuracy(x_test, t_test) > 0.3  # 3× chance after 20 Adam steps (0.54 here)


def test_trainer_optimizer_names():
    network = TwoLayerNet(4, 3, 2, seed=0)
    data = (np.zeros((4, 4)), np.zeros(4, dtype=int))
    for name, cls in (('sgd', SGD), ('Momentum', Momentum), ('NESTEROV', Nesterov),
                      ('adagrad', AdaGrad), ('rmsprpo', RMSprop), ('RMSprop', RMSprop), ('adam', Adam)):
        assert type(Trainer(network, *data, *data, optimizer=name).optimizer) is cls
    with pytest.raises(ValueError, match="unknown optimizer 'adamw'.*sgd, momentum"):
        Trainer(network, *data, *data, optimizer='adamw')
    with pytest.raises(TypeError, match="optimizer_param"):
        Trainer(network, *data, *data, optimizer='sgd', optimizer_param={'momentum': 0.9})


def test_the_books_trainer_and_accuracy_refuse_settings_that_train_nothing():
    """Once: epochs=-1 trained nothing without a word, an empty training set failed inside
    np.random.choice, evaluate_sample_num_per_epoch=0 blamed an 'empty set', accuracy's
    batch_size=0 gave range()'s error."""
    network = TwoLayerNet(4, 3, 2, seed=0)
    x, t = np.zeros((4, 4)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="epochs must be a positive whole number, got -1"):
        Trainer(network, x, t, x, t, epochs=-1, verbose=False)
    with pytest.raises(ValueError, match=r"Trainer: the training set is empty \(x_train has 0 samples\)"):
        Trainer(network, x[:0], t[:0], x, t, epochs=1, verbose=False)
    with pytest.raises(ValueError, match=r"evaluate_sample_num_per_epoch must be a positive integer or "
                                         r"None \(every sample\), got 0"):
        Trainer(network, x, t, x, t, epochs=1, evaluate_sample_num_per_epoch=0, verbose=False)
    with pytest.raises(ValueError, match="accuracy: batch_size must be a positive whole number, got 0"):
        network.accuracy(x, t, batch_size=0)


# --- save_params / load_params -----------------------------------------------------------------------
def test_save_params_writes_the_engines_npz_whatever_the_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    network = SimpleConvNet(seed=0)
    network.save_params("params.pkl")
    path = tmp_path / "params.pkl"
    assert path.read_bytes()[:2] == b"PK" and sorted(os.listdir(tmp_path)) == ["params.pkl"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    with np.load(path, allow_pickle=False) as archive:
        assert set(archive.files) == set(network.state_dict())
    engine_model = models.SimpleConvNet(seed=1).astype(np.float64).load(path)  # the engine reads it
    x = np.random.default_rng(0).random((3, 1, 28, 28))
    np.testing.assert_array_equal(engine_model.predict(x).data, network.predict(x))
    restored = SimpleConvNet(seed=2)
    restored.load_params("params.pkl")
    np.testing.assert_array_equal(restored.predict(x), network.predict(x))


def test_save_params_is_atomic(tmp_path, monkeypatch):
    network = TwoLayerNet(4, 3, 2, seed=0)
    path = tmp_path / "params.pkl"
    network.save_params(path)
    good = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", crash)
    network.params['b2'] = np.array([5.0, 5.0])
    with pytest.raises(OSError, match="disk full"):
        network.save_params(path)
    assert path.read_bytes() == good and os.listdir(tmp_path) == ["params.pkl"]


class _Canary:
    """Unpickling this creates a file: proof that a pickle was (or was not) loaded."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return Path.touch, (Path(self.marker),)


def test_load_params_refuses_a_real_pickle(tmp_path):
    network = TwoLayerNet(4, 3, 2, seed=0)
    marker = tmp_path / "unpickled"
    path = tmp_path / "params.pkl"
    with open(path, "wb") as f:  # what the book's save_params writes, plus a payload
        pickle.dump({'W1': np.zeros((4, 3)), 'canary': _Canary(marker)}, f)
    before = {k: p.data.copy() for k, p in network.params.items()}
    with pytest.raises(ValueError) as info:
        network.load_params(str(path))
    message = str(info.value)
    assert "pickle" in message and "never loads" in message and "run any code" in message
    assert "np.savez('params.npz', **params)" in message and "load_params('params.npz')" in message
    assert not marker.exists()
    assert all(np.array_equal(p.data, before[k]) for k, p in network.params.items())


def test_load_params_reads_an_npz_of_the_books_names(tmp_path):
    """The conversion the refusal suggests: np.savez of the book's params dict."""
    source = TwoLayerNet(4, 3, 2, seed=0)
    np.savez(tmp_path / "params.npz", **{k: p.data for k, p in source.params.items()})
    network = TwoLayerNet(4, 3, 2, seed=1)
    network.load_params(tmp_path / "params.npz")
    assert all(np.array_equal(network.params[k].data, p.data) for k, p in source.params.items())
    np.savez(tmp_path / "wrong.npz", W1=np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"W1: the file has shape \(5, 3\), the network \(4, 3\)"):
        network.load_params(tmp_path / "wrong.npz")
    with pytest.raises(FileNotFoundError, match="no such file"):
        network.load_params(tmp_path / "missing.pkl")


def test_load_params_refuses_nan_and_inf_naming_each_parameter(tmp_path):
    """The check of the engine's load_state_dict: a diverged run's weights are not loaded
    silently; nothing changes; allow_nonfinite=True loads them on purpose."""
    source = TwoLayerNet(4, 3, 2, seed=0)
    arrays = {k: p.data.copy() for k, p in source.params.items()}
    arrays['W1'][0, 0], arrays['b2'][1] = np.nan, np.inf
    np.savez(tmp_path / "diverged.npz", **arrays)
    network = TwoLayerNet(4, 3, 2, seed=1)
    before = {k: p.data.copy() for k, p in network.params.items()}
    with pytest.raises(ValueError) as info:
        network.load_params(tmp_path / "diverged.npz")
    message = str(info.value)
    assert "W1: 1 of 12 values are NaN or infinite" in message
    assert "b2: 1 of 2 values are NaN or infinite" in message and "b1" not in message
    assert "nothing was changed" in message and "allow_nonfinite=True" in message
    assert all(np.array_equal(p.data, before[k]) for k, p in network.params.items())
    network.load_params(tmp_path / "diverged.npz", allow_nonfinite=True)
    assert np.isnan(network.params['W1'].data[0, 0]) and np.isinf(network.params['b2'].data[1])
    # a file of save_params (the engine's names) is checked the same way
    source.params['W2'] = np.full((3, 2), np.nan)
    source.save_params(tmp_path / "engine.pkl")
    with pytest.raises(ValueError, match="6 of 6 values are NaN or infinite"):
        TwoLayerNet(4, 3, 2, seed=1).load_params(tmp_path / "engine.pkl")


# --- dataset/mnist.py ----------------------------------------------------------------------------------
def test_load_mnist_keeps_the_books_signature_and_format():
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, flatten=True,
                                                      one_hot_label=False, root=datasets.MINI_DIR)
    assert x_train.shape == (4000, 784) and x_test.shape == (1000, 784)
    assert x_train.dtype == np.float32 and x_train.min() >= 0.0 and x_train.max() <= 1.0
    assert t_train.shape == (4000,) and set(np.unique(t_test)) == set(range(10))
    (x, t), _ = load_mnist(normalize=False, flatten=False, one_hot_label=True, root=datasets.MINI_DIR)
    assert x.shape == (4000, 1, 28, 28) and x.dtype == np.uint8 and t.shape == (4000, 10)


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """No MNIST anywhere: an empty data folder and a mirror nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("TINYGRAD_KO_DATA", str(tmp_path))
    monkeypatch.setitem(datasets.MIRRORS, "digits", [f"http://127.0.0.1:{port}/"])


def test_load_mnist_offline_names_load_mnist_mini(offline):
    with pytest.raises(datasets.DatasetNotFoundError) as info:
        load_mnist(normalize=True, one_hot_label=True)
    message = str(info.value)
    assert "Tried:" in message and "127.0.0.1" in message
    assert "from tinygrad_ko.book import load_mnist_mini as load_mnist" in message
    assert message.count("load_mnist_mini") == 2 and info.value.__cause__ is None


def test_cli_offline_message_speaks_of_options(offline, capsys):
    from tinygrad_ko.cli import main

    assert main(["train", "--data", "mnist", "--epochs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: could not find or download the digits data set")
    assert "--data mini" in err and "TINYGRAD_KO_DATA" in err
    assert "load_mnist_mini" not in err and "root=" not in err and "download=" not in err
