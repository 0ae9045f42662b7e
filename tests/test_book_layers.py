"""tinygrad_ko.book: the functions of chapters 3–4 and the layer classes of chapters 5–7.

The numbers are the book's worked examples (3장 softmax, 4장 손실 함수와 기울기, 5장 계층 구현, 7장
im2col); gradients the layers return are checked against central differences.
"""

import numpy as np
import pytest

from tinygrad_ko import Tensor
from tinygrad_ko.book import (Affine, BatchNormalization, Convolution, Dropout, Pooling, Relu,
                              Sigmoid, SoftmaxWithLoss, col2im, conv_output_size,
                              cross_entropy_error, identity_function, im2col, mean_squared_error,
                              numerical_gradient, relu, relu_grad, shuffle_dataset, sigmoid,
                              sigmoid_grad, smooth_curve, softmax, softmax_loss, step_function)

RNG = np.random.default_rng(0)


def check_layer_gradients(forward, backward, inputs, dout, tol=1e-7):
    """backward(dout) against central differences of Σ forward(*inputs)·dout, input by input."""
    grads = backward(dout)
    for array, grad in zip(inputs, grads):
        numeric = numerical_gradient(lambda _: float(np.sum(forward(*inputs) * dout)), array)
        np.testing.assert_allclose(grad, numeric, atol=tol)


# --- common/functions.py -------------------------------------------------------------------------------
def test_activation_functions_as_chapter_3_prints_them():
    x = np.array([-1.0, 1.0, 2.0])
    np.testing.assert_allclose(sigmoid(x), [0.26894142, 0.73105858, 0.88079708], rtol=1e-7)
    np.testing.assert_array_equal(step_function(x), [0, 1, 1])
    assert step_function(x).dtype.kind == "i"
    np.testing.assert_array_equal(relu(x), [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(relu_grad(np.array([-1.0, 0.0, 3.0])), [0.0, 1.0, 1.0])
    np.testing.assert_allclose(sigmoid_grad(x), sigmoid(x) * (1 - sigmoid(x)), rtol=1e-12)
    assert identity_function(x) is x
    np.testing.assert_allclose(softmax(np.array([0.3, 2.9, 4.0])),
                               [0.01821127, 0.24519181, 0.73659691], rtol=1e-6)
    big = softmax(np.array([[1010.0, 1000.0, 990.0]]))  # overflow-safe, row by row
    np.testing.assert_allclose(big, [[9.99954600e-01, 4.53978686e-05, 2.06106005e-09]], rtol=1e-6)
    assert isinstance(sigmoid(x), np.ndarray) and sigmoid(x).dtype == np.float64
    assert sigmoid(np.array([0.0], dtype=np.float32)).dtype == np.float32
    assert sigmoid(0) == 0.5


def test_losses_give_the_books_numbers():
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    y_good = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    y_bad = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
    assert mean_squared_error(y_good, t) == pytest.approx(0.0975, abs=1e-15)
    assert mean_squared_error(y_bad, t) == pytest.approx(0.5975, abs=1e-15)
    assert cross_entropy_error(y_good, t) == pytest.approx(0.510825457099338, rel=1e-12)
    assert cross_entropy_error(y_bad, t) == pytest.approx(2.302584092994546, rel=1e-12)
    batch = np.stack([y_good, y_bad])
    labels = np.array([2, 2])  # labels or one-hot rows give the same batch mean
    assert cross_entropy_error(batch, labels) == pytest.approx(
        (0.510825457099338 + 2.302584092994546) / 2, rel=1e-12)
    assert cross_entropy_error(batch, np.stack([t, t])) == cross_entropy_error(batch, labels)
    scores = np.array([[0.3, 2.9, 4.0]])
    assert softmax_loss(scores, np.array([2])) == pytest.approx(-np.log(0.73659691 + 1e-7), rel=1e-6)
    with pytest.raises(ValueError, match="3 labels for 2 probability row"):
        cross_entropy_error(batch, np.array([1, 2, 3]))
    with pytest.raises(ValueError, match=r"\[0, 9\]"):
        cross_entropy_error(batch, np.array([1, 10]))
    with pytest.raises(ValueError, match="shape"):
        mean_squared_error(y_good, t[:3])


def test_functions_on_tensors_stay_differentiable():
    x = Tensor(np.array([[0.3, 2.9, 4.0]]), requires_grad=True)
    loss = cross_entropy_error(softmax(x), np.array([2]))
    assert isinstance(loss, Tensor)
    loss.backward()
    y = softmax(np.array([[0.3, 2.9, 4.0]]))
    np.testing.assert_allclose(x.grad.data, (y - [[0, 0, 1]]) * 0.73659691 / (0.73659691 + 1e-7),
                               rtol=1e-5)


# --- common/gradient.py (ch04) ---------------------------------------------------------------------------
def test_numerical_gradient_of_chapter_4():
    def function_2(x):
        return np.sum(x ** 2)

    np.testing.assert_allclose(numerical_gradient(function_2, np.array([3.0, 4.0])), [6.0, 8.0])
    np.testing.assert_allclose(numerical_gradient(function_2, np.array([0.0, 2.0])), [0.0, 4.0],
                               atol=1e-10)
    np.testing.assert_allclose(numerical_gradient(function_2, np.array([3.0, 0.0])), [6.0, 0.0],
                               atol=1e-10)
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    grad = numerical_gradient(function_2, x)
    assert grad.shape == x.shape and np.array_equal(x, [[1.0, 2.0], [3.0, 4.0]])  # restored
    with pytest.raises(TypeError, match="floating-point"):
        numerical_gradient(function_2, np.array([3, 4]))


# --- common/layers.py ------------------------------------------------------------------------------------
def test_relu_and_sigmoid_layers():
    relu_layer = Relu()
    out = relu_layer.forward(np.array([[1.0, -0.5], [-2.0, 3.0]]))
    np.testing.assert_array_equal(out, [[1.0, 0.0], [0.0, 3.0]])
    np.testing.assert_array_equal(relu_layer.mask, [[False, True], [True, False]])
    np.testing.assert_array_equal(relu_layer.backward(np.full((2, 2), 3.0)), [[3.0, 0.0], [0.0, 3.0]])
    sigmoid_layer = Sigmoid()
    x = np.array([-1.0, 0.0, 2.0])
    y = sigmoid_layer.forward(x)
    np.testing.assert_array_equal(sigmoid_layer.out, y)
    np.testing.assert_allclose(sigmoid_layer.backward(np.full(3, 30.0)), 30.0 * y * (1 - y), rtol=1e-12)
    with pytest.raises(RuntimeError, match="before forward"):
        Relu().backward(np.ones(2))


def test_affine_layer_walk_through():
    layer = Affine(np.ones((2, 3)), np.ones(3))
    X = np.array([[1.0, 1.0], [2.0, 2.0]])
    np.testing.assert_array_equal(layer.forward(X), [[3.0, 3.0, 3.0], [5.0, 5.0, 5.0]])
    dX = layer.backward(np.ones((2, 3)))
    np.testing.assert_array_equal(dX, [[3.0, 3.0], [3.0, 3.0]])
    np.testing.assert_array_equal(layer.dW, [[3.0, 3.0, 3.0], [3.0, 3.0, 3.0]])
    np.testing.assert_array_equal(layer.db, [2.0, 2.0, 2.0])
    images = RNG.standard_normal((2, 1, 2, 3))  # an image batch is flattened, dx keeps its shape
    W, b = RNG.standard_normal((6, 4)), RNG.standard_normal(4)
    layer = Affine(W, b)
    np.testing.assert_allclose(layer.forward(images), images.reshape(2, -1) @ W + b, rtol=1e-12)
    dout = RNG.standard_normal((2, 4))
    assert layer.backward(dout).shape == (2, 1, 2, 3) and layer.original_x_shape == (2, 1, 2, 3)
    check_layer_gradients(lambda x, W, b: Affine(W, b).forward(x),
                          lambda d: (layer.backward(d), layer.dW, layer.db), (images, W, b), dout)
    with pytest.raises(ValueError, match=r"rows of 6 values, but W has shape \(5, 4\)"):
        Affine(np.ones((5, 4)), np.ones(4)).forward(images)


def test_softmax_with_loss_layer():
    layer = SoftmaxWithLoss()
    x = np.array([[0.3, 2.9, 4.0], [0.3, 2.9, 4.0]])
    t = np.array([[0, 0, 1], [0, 1, 0]])
    loss = layer.forward(x, t)
    y = np.array([0.01821127, 0.24519181, 0.73659691])
    assert loss == pytest.approx(-(np.log(y[2]) + np.log(y[1])) / 2, rel=1e-6)
    np.testing.assert_allclose(layer.y, [y, y], rtol=1e-6)
    np.testing.assert_allclose(layer.backward(), ([y, y] - t) / 2, rtol=1e-6)
    assert layer.loss == loss and layer.t is t
    labels = SoftmaxWithLoss()
    assert labels.forward(x, np.array([2, 1])) == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(labels.backward(), ([y, y] - t) / 2, rtol=1e-6)
    single = SoftmaxWithLoss()  # one sample given as a vector
    assert single.forward(x[0], np.array([0, 0, 1])) == pytest.approx(-np.log(y[2]), rel=1e-6)
    assert single.backward().shape == (3,)


def test_dropout_layer_as_the_book_scales_it():
    layer = Dropout(dropout_ratio=0.5)
    np.random.seed(0)
    out = layer.forward(np.ones((4, 5)))
    np.random.seed(0)
    expected_mask = np.random.rand(4, 5) > 0.5
    np.testing.assert_array_equal(layer.mask, expected_mask)
    np.testing.assert_array_equal(out, expected_mask.astype(float))
    np.testing.assert_array_equal(layer.backward(np.full((4, 5), 2.0)), 2.0 * expected_mask)
    np.testing.assert_array_equal(layer.forward(np.ones(3), train_flg=False), [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match="dropout_ratio"):
        Dropout(1.5)


def test_batch_normalization_layer():
    x = RNG.standard_normal((6, 4)) * 3 + 1
    gamma, beta = RNG.standard_normal(4), RNG.standard_normal(4)
    layer = BatchNormalization(gamma, beta, momentum=0.9)
    out = layer.forward(x)
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 10e-7) * gamma + beta
    np.testing.assert_allclose(out, expected, rtol=1e-10)
    np.testing.assert_allclose(layer.running_mean, 0.1 * x.mean(0), rtol=1e-12)  # from zeros
    np.testing.assert_allclose(layer.running_var, 0.1 * x.var(0), rtol=1e-12)
    dout = RNG.standard_normal((6, 4))

    def fresh_forward(x, gamma, beta):
        return BatchNormalization(gamma, beta).forward(x)

    check_layer_gradients(fresh_forward, lambda d: (layer.backward(d), layer.dgamma, layer.dbeta),
                          (x, gamma, beta), dout, tol=1e-6)
    test_out = layer.forward(x, train_flg=False)  # running statistics at test time
    np.testing.assert_allclose(test_out, (x - layer.running_mean) / np.sqrt(layer.running_var + 10e-7)
                               * gamma + beta, rtol=1e-10)
    images = RNG.standard_normal((3, 2, 2, 2))  # per feature of the (N, C·H·W) view, as the book
    assert BatchNormalization(np.ones(8), np.zeros(8)).forward(images).shape == (3, 2, 2, 2)
    with pytest.raises(ValueError, match="gamma has 2 values.*8 features"):
        BatchNormalization(np.ones(2), np.zeros(2)).forward(images)


def test_convolution_and_pooling_layers():
    x = RNG.standard_normal((2, 3, 5, 5))
    W, b = RNG.standard_normal((4, 3, 3, 3)), RNG.standard_normal(4)
    conv = Convolution(W, b, stride=2, pad=1)
    out = conv.forward(x)
    col = im2col(x, 3, 3, stride=2, pad=1)  # the book's forward: im2col, one matmul, reshape
    expected = (col @ W.reshape(4, -1).T + b).reshape(2, 3, 3, 4).transpose(0, 3, 1, 2)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)
    dout = RNG.standard_normal(out.shape)
    check_layer_gradients(lambda x, W, b: Convolution(W, b, 2, 1).forward(x),
                          lambda d: (conv.backward(d), conv.dW, conv.db), (x, W, b), dout, tol=1e-6)

    image = np.array([[[[1.0, 2.0, 1.0, 0.0], [0.0, 1.0, 2.0, 3.0], [3.0, 0.0, 1.0, 2.0],
                        [2.0, 4.0, 0.0, 1.0]]]])
    pool = Pooling(2, 2, stride=2)
    np.testing.assert_array_equal(pool.forward(image), [[[[2.0, 3.0], [4.0, 2.0]]]])
    np.testing.assert_array_equal(pool.backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]])),
                                  [[[[0, 1, 0, 0], [0, 0, 0, 2], [0, 0, 0, 4], [0, 3, 0, 0]]]])


# --- common/util.py --------------------------------------------------------------------------------------
def test_im2col_and_col2im_shapes_of_chapter_7():
    assert im2col(np.random.rand(1, 3, 7, 7), 5, 5, stride=1, pad=0).shape == (9, 75)
    assert im2col(np.random.rand(10, 3, 7, 7), 5, 5, stride=1, pad=0).shape == (90, 75)
    image = np.arange(16.0).reshape(1, 1, 4, 4)
    col = im2col(image, 2, 2)
    np.testing.assert_array_equal(col[0], [0, 1, 4, 5])
    np.testing.assert_array_equal(col2im(np.ones((9, 4)), (1, 1, 4, 4), 2, 2)[0, 0],
                                  [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]])
    assert conv_output_size(28, 5) == 24.0 and conv_output_size(7, 3, stride=2, pad=1) == 4.0


def test_smooth_curve_and_shuffle_dataset():
    noisy = np.linspace(2.0, 0.5, 200) + RNG.standard_normal(200) * 0.2
    smooth = smooth_curve(noisy)
    assert smooth.shape == noisy.shape
    assert np.std(np.diff(smooth)) < 0.2 * np.std(np.diff(noisy))
    np.testing.assert_allclose(smooth_curve(np.full(30, 7.0)), 7.0)  # a constant stays put
    with pytest.raises(ValueError, match="empty"):
        smooth_curve([])
    x, t = np.arange(20).reshape(10, 2), np.arange(10)
    np.random.seed(0)
    xs, ts = shuffle_dataset(x, t)
    assert not np.array_equal(ts, t) and sorted(ts) == list(t)
    np.testing.assert_array_equal(xs[:, 1] // 2, ts)  # the pairs stay together
    with pytest.raises(ValueError, match="10 samples but t has 9"):
        shuffle_dataset(x, t[:9])
