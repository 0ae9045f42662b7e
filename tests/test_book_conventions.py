"""The book's networks keep the book's conventions where the engine follows PyTorch's: Dropout
scales at test time (6장 6.4.3) and BatchNormalization's running variance starts at 0 (6.3)."""

import numpy as np

from tinygrad_ko.book import DeepConvNet, MultiLayerNetExtend


def _hidden(net, x):
    W1, b1 = (np.asarray(net.params[k]) for k in ("W1", "b1"))
    return np.maximum(x @ W1 + b1, 0)


def test_test_mode_dropout_multiplies_by_one_minus_the_ratio_as_the_book():
    net = MultiLayerNetExtend(4, [3], 2, use_dropout=True, dropout_ration=0.3, seed=0)
    x = np.random.default_rng(1).standard_normal((5, 4))
    W2, b2 = (np.asarray(net.params[k]) for k in ("W2", "b2"))
    np.testing.assert_allclose(net.predict(x), (_hidden(net, x) * 0.7) @ W2 + b2, rtol=1e-12)


def test_training_mode_dropout_keeps_survivors_unscaled_as_the_book():
    net = MultiLayerNetExtend(4, [200], 2, use_dropout=True, dropout_ration=0.5, seed=0)
    x = np.abs(np.random.default_rng(2).standard_normal((3, 4)))
    hidden = _hidden(net, x)
    with net._mode(True):
        dropped = net.Dropout1(net.Activation_function1(net.Affine1(x))).data
    kept = dropped != 0
    assert 0.3 < kept[hidden != 0].mean() < 0.7  # about half dropped
    np.testing.assert_allclose(dropped[kept], hidden[kept], rtol=1e-12)  # not divided by 0.5


def test_deep_convnet_scores_use_the_books_dropout():
    net = DeepConvNet(seed=0)
    assert [type(m).__name__ for m in net.modules()].count("BookDropout") == 2


def test_running_variance_starts_at_zero_as_the_books_batch_normalization():
    net = MultiLayerNetExtend(4, [3], 2, use_batchnorm=True, seed=0)
    np.testing.assert_array_equal(net.BatchNorm1.running_var, np.zeros(3))
    x, t = np.random.default_rng(0).standard_normal((8, 4)), np.array([0, 1] * 4)
    net.gradient(x, t)
    a = x @ np.asarray(net.params["W1"]) + np.asarray(net.params["b1"])
    np.testing.assert_allclose(net.BatchNorm1.running_var, 0.1 * a.var(axis=0), rtol=1e-12)
