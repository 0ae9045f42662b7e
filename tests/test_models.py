"""The book's networks: shapes, names, parameter counts, gradients, modes."""

import numpy as np
import pytest

from tinygrad_ko import Tensor
from tinygrad_ko.models import DeepConvNet, MultiLayerNet, SimpleConvNet, TwoLayerNet
from tinygrad_ko.nn import functional as F
from tinygrad_ko.testing import numerical_gradient

rng = np.random.default_rng(0)


def shapes(model):
    return {name: p.shape for name, p in model.named_parameters()}


def check_model_gradients(model, x, t):
    """The book's gradient check: backprop against numerical gradients of model.loss, float64."""
    model.astype(np.float64)
    model.zero_grad()
    model.loss(x, t).backward()
    for name, p in model.named_parameters():
        numeric = numerical_gradient(lambda _: model.loss(x, t).data, p, eps=1e-6)
        np.testing.assert_allclose(p.grad.data, numeric, rtol=1e-4, atol=1e-7, err_msg=name)


def test_simple_convnet_has_the_books_shapes_and_names():
    model = SimpleConvNet(seed=0)
    assert [name for name, _ in model.named_children()] == ["Conv1", "Relu1", "Pool1", "Affine1",
                                                            "Relu2", "Affine2"]
    assert shapes(model) == {"Conv1.W": (30, 1, 5, 5), "Conv1.b": (30,),
                             "Affine1.W": (4320, 100), "Affine1.b": (100,),
                             "Affine2.W": (100, 10), "Affine2.b": (10,)}
    assert {k: v.shape for k, v in model.params.items()} == {
        "W1": (30, 1, 5, 5), "b1": (30,), "W2": (4320, 100), "b2": (100,), "W3": (100, 10), "b3": (10,)}
    assert model.num_parameters() == 30 * 25 + 30 + 4320 * 100 + 100 + 100 * 10 + 10
    assert abs(model.Affine1.W.data.std() - 0.01) < 0.001  # the book's weight_init_std
    assert all(p.dtype == np.float32 for p in model.parameters())
    out = model(rng.random((3, 1, 28, 28), dtype=np.float32))
    assert out.shape == (3, 10) and out.dtype == np.float32
    assert out.creator.scope == "SimpleConvNet/Affine2"


def test_simple_convnet_other_conv_params_and_seeds():
    model = SimpleConvNet(input_dim=(3, 12, 10), conv_param={'filter_num': 4, 'filter_size': 3,
                                                             'pad': 1, 'stride': 1},
                          hidden_size=7, output_size=5, weight_init_std="he")
    assert model.Affine1.W.shape == (4 * 6 * 5, 7)
    assert model(np.zeros((2, 3, 12, 10), np.float32)).shape == (2, 5)
    a, b = SimpleConvNet(seed=3), SimpleConvNet(seed=3)
    assert np.array_equal(a.Conv1.W.data, b.Conv1.W.data)
    assert not np.array_equal(a.Conv1.W.data, SimpleConvNet(seed=4).Conv1.W.data)
    with pytest.raises(ValueError, match="lacks"):
        SimpleConvNet(conv_param={'filter_num': 4})


def test_deep_convnet_shapes_names_and_he_init():
    model = DeepConvNet(seed=0)
    assert [name for name, _ in model.named_children()] == [
        "Conv1", "Relu1", "Conv2", "Relu2", "Pool1", "Conv3", "Relu3", "Conv4", "Relu4", "Pool2",
        "Conv5", "Relu5", "Conv6", "Relu6", "Pool3", "Affine1", "Relu7", "Dropout1", "Affine2",
        "Dropout2"]
    conv_shapes = [model.params[f"W{i}"].shape for i in range(1, 7)]
    assert conv_shapes == [(16, 1, 3, 3), (16, 16, 3, 3), (32, 16, 3, 3), (32, 32, 3, 3),
                           (64, 32, 3, 3), (64, 64, 3, 3)]
    assert model.Conv4.padding == 2 and model.Conv3.padding == 1
    assert model.params["W7"].shape == (64 * 4 * 4, 50) and model.params["W8"].shape == (50, 10)
    assert abs(model.Conv6.W.data.std() - np.sqrt(2 / (64 * 9))) < 0.005
    x = rng.random((2, 1, 28, 28), dtype=np.float32)
    assert model(x).shape == (2, 10)
    assert np.array_equal(model.predict(x).data, model.predict(x).data)  # eval: no dropout
    assert model.training


def test_two_layer_net_gradient_check():
    model = TwoLayerNet(4, 5, 3, weight_init_std=0.5, seed=0)
    assert shapes(model) == {"Affine1.W": (4, 5), "Affine1.b": (5,), "Affine2.W": (5, 3),
                             "Affine2.b": (3,)}
    check_model_gradients(model, rng.standard_normal((6, 4)), np.array([0, 1, 2, 0, 1, 2]))


def test_multi_layer_net_names_inits_and_options():
    plain = MultiLayerNet(784, [100, 100], 10, seed=0)
    assert [n for n, _ in plain.named_children()] == [
        "Affine1", "Activation_function1", "Affine2", "Activation_function2", "Affine3"]
    assert abs(plain.Affine1.W.data.std() - np.sqrt(2 / 784)) < 0.002  # "relu" → He
    xavier = MultiLayerNet(784, [100], 10, activation="sigmoid", weight_init_std="xavier", seed=0)
    assert abs(xavier.Affine1.W.data.std() - np.sqrt(1 / 784)) < 0.001
    assert type(xavier.Activation_function1).__name__ == "Sigmoid"
    full = MultiLayerNet(20, [8, 6], 3, use_dropout=True, dropout_ratio=0.2, use_batchnorm=True)
    assert [n for n, _ in full.named_children()] == [
        "Affine1", "BatchNorm1", "Activation_function1", "Dropout1", "Affine2", "BatchNorm2",
        "Activation_function2", "Dropout2", "Affine3"]
    assert set(full.params) == {"W1", "b1", "W2", "b2", "W3", "b3", "gamma1", "beta1", "gamma2",
                                "beta2"}
    assert full.Dropout1.p == 0.2
    with pytest.raises(ValueError, match="'relu' or 'sigmoid'"):
        MultiLayerNet(4, [3], 2, activation="swish")


def test_weight_decay_term_is_half_lambda_sum_of_squares():
    model = MultiLayerNet(5, [4], 3, weight_decay_lambda=0.1, seed=0)
    x, t = rng.standard_normal((4, 5)).astype(np.float32), np.array([0, 1, 2, 0])
    ce = F.cross_entropy(model(x), t).item()
    decay = 0.5 * 0.1 * sum(np.sum(model.params[f"W{i}"].data ** 2) for i in (1, 2))
    assert model.loss(x, t).item() == pytest.approx(ce + decay, rel=1e-6)


def test_multi_layer_net_with_batchnorm_and_weight_decay_gradient_check():
    model = MultiLayerNet(4, [5, 3], 3, use_batchnorm=True, weight_decay_lambda=0.05, seed=1)
    check_model_gradients(model, rng.standard_normal((6, 4)), np.array([0, 1, 2, 2, 1, 0]))


def test_predict_is_eval_without_graph_and_accuracy_counts_every_sample():
    model = MultiLayerNet(6, [5], 4, use_dropout=True, use_batchnorm=True, seed=0)
    x = rng.standard_normal((23, 6)).astype(np.float32)
    t = rng.integers(0, 4, 23)
    model.train()
    logits = model.predict(x)
    assert isinstance(logits, Tensor) and not logits.requires_grad and model.training
    expected = np.mean(np.argmax(logits.data, axis=1) == t)
    assert model.accuracy(x, t, batch_size=10) == pytest.approx(expected)  # 10 + 10 + 3
    assert model.accuracy(x, np.eye(4)[t], batch_size=7) == pytest.approx(expected)  # one-hot
    model.eval()
    model.predict(x)
    assert not model.training


