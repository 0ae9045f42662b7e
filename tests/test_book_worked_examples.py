"""The worked examples of the book 밑바닥부터 시작하는 딥러닝 (Deep Learning from Scratch), as the
lecture notes on the book (강의 노트) teach them, with their numbers, computed by the engine.

Every test computes one example through tinygrad_ko (Tensor ops, ``backward()``, nn layers, the
``ops.conv`` helpers) from the example's own inputs and compares with the numbers the book and the
lecture notes print.  A comment cites the book's chapter and section, and the figure or equation
where there is one: ``5장 5.4.1절`` is chapter 5, section 5.4.1; ``그림 7-5`` is figure 7-5;
``식 7.1`` is equation 7.1.  An example the lecture notes add to the book is cited at the section it
illustrates and says that it comes from the notes.
Where the notes show only code and not its printout, the test compares with what that code computes
(and says so).  Where the notes have a slip, the comment names it and the test asserts the correct
value.  Where a slide rounds (two digits), the tolerance is that of the rounding.
"""

import numpy as np
import pytest

from tinygrad_ko import Tensor, nn
from tinygrad_ko.models import SimpleConvNet
from tinygrad_ko.nn import functional as F
from tinygrad_ko.nn import optim
from tinygrad_ko.ops.conv import col2im, im2col
from tinygrad_ko.testing import numerical_gradient


# --- shared helpers ------------------------------------------------------------------------------

def t64(values, requires_grad=False):
    """A float64 tensor: the examples' numbers are exact in float64 (1.1 * 2 = 2.2 to rounding)."""
    return Tensor(np.array(values, dtype=np.float64), requires_grad=requires_grad)


def image(*channels):
    """(1, C, H, W) float64 array from the example's tables, one (H, W) table per channel."""
    return np.array(channels, dtype=np.float64)[None]


def assert_array(actual, expected, **tolerance):
    """Same shape and values; ``actual`` may be a Tensor."""
    actual = actual.data if isinstance(actual, Tensor) else np.asarray(actual)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, **tolerance)


def conv(x, W, b=None, stride=1, padding=0):
    """Tensor.conv2d of the example's arrays, in float64."""
    b = None if b is None else t64(b)
    return t64(x).conv2d(t64(W), b, stride=stride, padding=padding)


def book_pooling(x, pool_h, pool_w, stride, reduce):
    """The book's Pooling.forward (7장 7.4.4절) on the engine's im2col; ``reduce`` is np.max, or
    np.mean for the AveragePooling of the lecture notes' QUIZ 4."""
    N, C, H, W = x.shape
    out_h = int(1 + (H - pool_h) / stride)
    out_w = int(1 + (W - pool_w) / stride)
    col = im2col(x, pool_h, pool_w, stride, 0).reshape(-1, pool_h * pool_w)
    return reduce(col, axis=1).reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)


def book_pooling_backward(x, dout, pool_h, pool_w, stride):
    """The book's Pooling.backward (7장 7.4.4절, common/layers.py) on the engine's
    im2col and col2im: returns dmax (one row per window, the dout at its arg-max), dcol and dx."""
    col = im2col(x, pool_h, pool_w, stride, 0).reshape(-1, pool_h * pool_w)
    arg_max = np.argmax(col, axis=1)
    dout = dout.transpose(0, 2, 3, 1)
    dmax = np.zeros((dout.size, pool_h * pool_w))
    dmax[np.arange(arg_max.size), arg_max.flatten()] = dout.flatten()
    windows = dmax.reshape(dout.shape + (pool_h * pool_w,))
    dcol = windows.reshape(windows.shape[0] * windows.shape[1] * windows.shape[2], -1)
    return dmax, dcol, col2im(dcol, x.shape, pool_h, pool_w, stride, 0)


def filter_weights(k):
    """Weights (no bias) of one k x k filter on one channel, as nn.Conv2d holds them."""
    return sum(p.data.size for p in nn.Conv2d(1, 1, k).parameters() if p.data.ndim == 4)


# ================================================================================================
# 2장 퍼셉트론 / chapter 2, the perceptron
# ================================================================================================

def perceptron(w, b, x1, x2):
    """The book's gate: 1 if sum(w * x) + b > 0 else 0 (2장 2.3.3절), with Tensor ops."""
    tmp = (t64(w) * t64([x1, x2])).sum() + b
    return int(tmp.data > 0)


INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]
AND, NAND, OR = [0, 0, 0, 1], [1, 1, 1, 0], [0, 1, 1, 1]


@pytest.mark.parametrize("w, b, table, where", [
    # (w1, w2, theta) with b = -theta (2장 2.3.2절, 식 2.1 and 식 2.2)
    ([0.5, 0.5], -0.7, AND, "section 2.2.1 AND theta 0.7, 2.3.1 prints 0 0 0 1"),
    ([0.5, 0.5], -0.8, AND, "section 2.2.1 AND theta 0.8"),
    ([-0.5, -0.5], 0.7, NAND, "section 2.2.2 NAND theta -0.7"),
    ([-0.5, -0.5], 0.8, NAND, "section 2.2.2 NAND theta -0.8"),
    ([1.0, 1.0], -0.7, OR, "section 2.2.2 OR theta 0.7"),
    # (w1, w2, b) in code
    ([0.5, 0.5], -0.7, AND, "section 2.3.3 AND b -0.7"),
    ([-0.5, -0.5], 0.7, NAND, "section 2.3.3 NAND b 0.7"),
    ([0.5, 0.5], -0.2, OR, "section 2.3.3 OR b -0.2"),
    # decision boundaries
    ([1, 1], -0.5, OR, "section 2.4.1 OR boundary (1, 1, -0.5)"),
    ([1, 1], -1.5, AND, "section 2.4.1 AND boundary (1, 1, -1.5)"),
    ([-1, -1], 1.5, NAND, "section 2.4.1 NAND boundary (-1, -1, 1.5)"),
])
def test_gate_truth_table(w, b, table, where):
    assert [perceptron(w, b, *x) for x in INPUTS] == table, where


def test_xor_from_nand_or_and_and_the_half_adder():
    # XOR = AND(NAND, OR) and its table x1 x2 s1 s2 y (2장 2.5.2절); the XOR truth table (2.4.1절);
    # the half adder the lecture notes draw for 2.6절: carry = AND, sum = XOR.
    rows = []
    for x1, x2 in INPUTS:
        s1 = perceptron([-0.5, -0.5], 0.7, x1, x2)
        s2 = perceptron([0.5, 0.5], -0.2, x1, x2)
        y = perceptron([0.5, 0.5], -0.7, s1, s2)
        carry = perceptron([0.5, 0.5], -0.7, x1, x2)
        rows.append((x1, x2, s1, s2, y, carry))
    assert [r[:5] for r in rows] == [(0, 0, 1, 0, 0), (0, 1, 1, 1, 1), (1, 0, 1, 1, 1),
                                     (1, 1, 0, 1, 0)]
    assert [(r[5], r[4]) for r in rows] == [(0, 0), (0, 1), (0, 1), (1, 0)]  # (carry, sum)


# ================================================================================================
# 3장 신경망 / chapter 3, the neural network's forward pass
# ================================================================================================

@pytest.mark.parametrize("a, b, expected, where", [
    ([[1, 2], [3, 4]], [[5, 6], [7, 8]], [[19, 22], [43, 50]], "section 3.3.2 (2,2).(2,2)"),
    ([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4], [5, 6]], [[22, 28], [49, 64]], "section 3.3.2 (2,3).(3,2)"),
    ([[1, 2], [3, 4], [5, 6]], [7, 8], [23, 53, 83], "section 3.3.2 (3,2).(2,) -> (3,)"),
    ([[1, 2], [3, 4], [5, 6]], [[7], [8]], [[23], [53], [83]], "section 3.3.2 (3,2).(2,1)"),
    ([7, 8, 9], [[1, 2], [3, 4], [5, 6]], [76, 100], "section 3.3.2 np.dot(B, A)"),
    ([[1, 2], [3, 4]], [[4, 5], [6, 7]], [[16, 19], [36, 43]], "section 3.3.2 AB"),
    ([[4, 5], [6, 7]], [[1, 2], [3, 4]], [[19, 28], [27, 40]], "section 3.3.2 BA != AB"),
    ([1, 2], [[1, 3, 5], [2, 4, 6]], [5, 11, 17], "section 3.3.3 (2,).(2,3) -> (3,)"),
    # 3장 3.3.3절 with X as a (1,2) row -> (1,3): the lecture notes print [[5 9 17]], a slip for
    # [[5 11 17]] (1*3 + 2*4 = 11, as the (2,) version has it); the correct value is asserted.
    ([[1, 2]], [[1, 3, 5], [2, 4, 6]], [[5, 11, 17]], "section 3.3.3 (1,2).(2,3) -> (1,3)"),
])
def test_dot_product(a, b, expected, where):
    assert_array(t64(a) @ t64(b), expected, err_msg=where)


def test_dot_of_two_vectors_is_11():
    # 3장 3.3.2절  np.dot([1,2], [3,4]) and np.sum(A*B): 1*3 + 2*4 = 11, a scalar (shape ()).
    assert_array(t64([1, 2]) @ t64([3, 4]), 11)
    assert_array((t64([1, 2]) * t64([3, 4])).sum(), 11)


@pytest.mark.parametrize("a, b, where", [
    ([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]], "section 3.3.2 (2,3).(2,2)"),
    ([[1, 2], [3, 4], [5, 6]], [7, 8, 9], "section 3.3.2 (3,2).(3,), struck through"),
])
def test_dot_product_the_slides_mark_as_impossible(a, b, where):
    # the inner axes differ: an error, not a silent broadcast
    with pytest.raises(ValueError):
        t64(a) @ t64(b)


def test_first_layer_of_the_three_layer_net():
    # 3장 3.4.2절  X = [1.0, 0.5], W1 = [[0.1,0.3,0.5],[0.2,0.4,0.6]], B1 = [0.1,0.2,0.3]:
    # X.W1 = [0.2, 0.5, 0.8], A1 = X.W1 + B1 = [0.3, 0.7, 1.1]; shapes (2,)(2,3)+(3,) -> (3,)
    # (식 3.9).  (The lecture notes give no W2/W3 values, so the later layers are not examples here.)
    X = t64([1.0, 0.5])
    W1 = t64([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    B1 = t64([0.1, 0.2, 0.3])
    assert (X.shape, W1.shape, B1.shape) == ((2,), (2, 3), (3,))
    assert_array(X @ W1, [0.2, 0.5, 0.8], rtol=0, atol=1e-12)
    assert_array(X @ W1 + B1, [0.3, 0.7, 1.1], rtol=0, atol=1e-12)


def test_softmax_of_0p9_0p8_0p7():
    # 3장 3.5.1절 (식 3.10), the lecture notes' example  y = exp(a) / sum(exp(a)) for
    # a = (0.9, 0.8, 0.7): 2.46/6.7, 2.23/6.7, 2.01/6.7 (the slide rounds to two decimals, hence the
    # tolerance).
    a = t64([0.9, 0.8, 0.7])
    assert_array(a.exp(), [2.46, 2.23, 2.01], rtol=0, atol=0.005)
    assert_array(a.exp().sum(), 6.7, rtol=0, atol=0.005)
    assert_array(a.softmax(), [2.46 / 6.7, 2.23 / 6.7, 2.01 / 6.7], rtol=0, atol=1e-3)


def test_softmax_of_2p2_1p1_minus_1p1():
    # 3장 3.5.1절, the lecture notes' second example  a = (2.2, 1.1, -1.1): e^a = 9.0, 3.0, 0.3
    # (one decimal), sum 12.3 (the slide truncates 12.36), y = 9.0/12.3, 3.0/12.3, 0.3/12.3 = 73 %, 24 %, 3 %.
    a = t64([2.2, 1.1, -1.1])
    assert np.round(a.exp().data, 1).tolist() == [9.0, 3.0, 0.3]
    assert np.floor(a.exp().sum().data * 10) / 10 == 12.3
    y = a.softmax()
    assert np.round(y.data * 100).tolist() == [73, 24, 3]
    assert_array(y.sum(), 1.0)
    # the same table's naive a / sum(a) column: 100 %, 50 %, -50 % (why softmax uses exp)
    assert_array(a / a.sum() * 100, [100, 50, -50], rtol=0, atol=1e-9)


@pytest.mark.parametrize("a", [[0.9, 0.8, 0.7], [2.2, 1.1, -1.1], [10, 9, 8]])
def test_softmax_does_not_change_when_a_constant_is_added(a):
    # 3장 3.5.2절 (식 3.11)  exp(a_k + C') / sum exp(a_i + C') = y_k, so the overflow guard x - max(x)
    # (the book's softmax code) changes nothing.
    y = t64(a).softmax().data
    assert_array((t64(a) - max(a)).softmax(), y, rtol=1e-12)
    assert_array((t64(a) + 1000.0).softmax(), y, rtol=1e-12)


def test_softmax_of_a_batch_row_by_row():
    # The batch softmax the lecture notes show with 5장 5.6.3절 (the book's common/functions.py), on
    # x = [[10,9,8],[4,6,5]]: it normalises each row (x - max per row, exp, divide by the row sum;
    # the book's form does it on x.T).  The slide shows no printout; the test compares with both
    # forms of that code.
    x = np.array([[10, 9, 8], [4, 6, 5]], dtype=np.float64)
    shifted = x - np.max(x, axis=1).reshape(-1, 1)
    by_rows = np.exp(shifted) / np.sum(np.exp(shifted), axis=1).reshape(-1, 1)
    xt = x.T - np.max(x.T, axis=0)
    by_columns_of_xt = (np.exp(xt) / np.sum(np.exp(xt), axis=0)).T
    y = t64(x).softmax(axis=-1)
    assert_array(y, by_rows, rtol=1e-12)
    assert_array(y, by_columns_of_xt, rtol=1e-12)
    assert_array(y.sum(axis=1), [1, 1])
    assert np.argmax(y.data, axis=1).tolist() == [0, 1]


# ================================================================================================
# 4장 신경망 학습 / chapter 4, loss and numerical differentiation
# ================================================================================================

@pytest.mark.parametrize("y, printed_y_minus_t", [
    ([0.1, 0.7, 0.2], [-0.9, 0.7, 0.2]),   # with the lecture notes' y - t table
    ([0.4, 0.4, 0.2], None),
    ([0.6, 0.3, 0.1], None),
    ([0.8, 0.1, 0.1], None),
    # the notes' last row: E = -log 1 = 0; the other classes have probability 0, so 0 · log 0 must count as 0.
    ([1.0, 0.0, 0.0], None),
])
def test_cross_entropy_with_t_1_0_0_is_minus_log_y1(y, printed_y_minus_t):
    # 4장 4.2.2절  E = -sum t_k log y_k (식 4.2); with t = (1, 0, 0), E = -log(y1).
    # The engine takes scores: scores = log(y) give softmax = y exactly (each row sums to 1).
    # The gradient w.r.t. the scores is y - t.
    t = np.array([[1, 0, 0]])
    with np.errstate(divide="ignore"):
        scores = t64([np.log(y)], requires_grad=True)
    loss = F.cross_entropy(scores, t)
    assert_array(loss, -np.log(y[0]), rtol=1e-12, atol=1e-15)
    loss.backward()
    assert_array(scores.grad, [np.array(y) - t[0]], rtol=0, atol=1e-12)
    if printed_y_minus_t is not None:
        assert_array(scores.grad, [printed_y_minus_t], rtol=0, atol=1e-12)


def test_cross_entropy_of_a_batch_of_two_is_1p75():
    # 4장 4.2.3-4.2.4절 (식 4.3), the lecture notes' batch  y = [[0.1,0.2,0.7],[0.2,0.3,0.5]],
    # t = [[1,0,0],[0,1,0]]: log y = [[-2.3,-1.6,-3.6],[-1.6,-1.2,-0.69]]; t picks -2.3 and -1.2,
    # sum 3.5, / batch 2 -> 1.75 (exact 1.7533).  The slide's "-3.6" is a slip for
    # log 0.7 = -0.36 (it is not picked by t).
    y = t64([[0.1, 0.2, 0.7], [0.2, 0.3, 0.5]])
    t = np.array([[1, 0, 0], [0, 1, 0]])
    assert_array(y.log(), [[-2.3, -1.6, -0.36], [-1.6, -1.2, -0.69]], rtol=0, atol=0.01)
    loss = F.cross_entropy(y.log(), t)     # softmax(log y) == y
    assert_array(loss, 1.75, rtol=0, atol=0.005)
    assert_array(loss, (-np.log(0.1) - np.log(0.3)) / 2, rtol=1e-12)
    # labels as class indices give the same loss
    assert_array(F.cross_entropy(y.log(), np.array([0, 1])), loss.data, rtol=1e-12)


def test_derivative_of_2x_is_2():
    # 4장 4.3.1절, the lecture notes' example  y = 2x, dy/dx = 2; from x = 1 to x = 2: (4 - 2) / 1 = 2.
    x = t64(1.0, requires_grad=True)
    (x * 2.0).backward()
    assert_array(x.grad, 2.0)
    assert_array((t64(2.0) * 2.0 - t64(1.0) * 2.0) / 1.0, 2.0)


@pytest.mark.parametrize("x0, slope", [(5.0, 0.2), (10.0, 0.3)])
def test_derivative_of_0p01x2_plus_0p1x(x0, slope):
    # 4장 4.3.2절  central difference with h = 1e-4 (numerical_diff, 4.3.1절) of
    # y = 0.01x^2 + 0.1x (식 4.5) at x = 5 and 10; dy/dx = 0.02x + 0.1 = 0.2 and 0.3.
    def function(x):
        return 0.01 * x ** 2 + 0.1 * x

    assert_array(numerical_gradient(function, np.array(x0), eps=1e-4), slope, rtol=0, atol=1e-9)
    x = t64(x0, requires_grad=True)
    function(x).backward()
    assert_array(x.grad, slope, rtol=1e-12)


def test_partial_derivatives_of_x0_squared_plus_x1_squared_at_3_4():
    # 4장 4.3.3절  f(x0, x1) = x0^2 + x1^2 (식 4.6) at (3, 4): function_tmp1 (x1 fixed at 4) gives
    # df/dx0 = 2 x0 = 6, function_tmp2 (x0 fixed at 3) gives df/dx1 = 2 x1 = 8.
    assert_array(numerical_gradient(lambda x0: x0 ** 2 + 4 ** 2, np.array(3.0)), 6.0,
                 rtol=0, atol=1e-6)
    assert_array(numerical_gradient(lambda x1: 3 ** 2 + x1 ** 2, np.array(4.0)), 8.0,
                 rtol=0, atol=1e-6)
    x0, x1 = t64(3.0, requires_grad=True), t64(4.0, requires_grad=True)
    f = x0 ** 2 + x1 ** 2
    f.backward()
    assert_array(f, 25.0)
    assert_array(x0.grad, 6.0)
    assert_array(x1.grad, 8.0)
    # the same as one vector x = (3, 4): gradient (6, 8)
    x = t64([3.0, 4.0], requires_grad=True)
    (x ** 2).sum().backward()
    assert_array(x.grad, [6.0, 8.0])


# ================================================================================================
# 5장 오차역전파법 / chapter 5, backpropagation on the computational graph
# ================================================================================================

def test_chain_rule_z_equals_x_plus_y_squared():
    # 5장 5.2.2절 (식 5.1)  z = t^2, t = x + y: dz/dx = dz/dt * dt/dx = 2t * 1 = 2(x + y), and
    # likewise dz/dy.  The book has no numbers here; at x = 3, y = 4 the formula gives 14.
    x, y = t64(3.0, requires_grad=True), t64(4.0, requires_grad=True)
    ((x + y) ** 2).backward()
    assert_array(x.grad, 2 * (3.0 + 4.0))
    assert_array(y.grad, 2 * (3.0 + 4.0))


@pytest.mark.parametrize("op, dz_dx, dz_dy, where", [
    (lambda x, y: x + y, lambda x, y: 1.0, lambda x, y: 1.0, "section 5.3.1 add: 1, 1"),
    (lambda x, y: x * y, lambda x, y: y, lambda x, y: x, "section 5.3.2 mul: swap the inputs"),
    (lambda x, y: x - y, lambda x, y: 1.0, lambda x, y: -1.0, "section 5.3, the lecture notes' sub: 1, -1"),
    (lambda x, y: x / y, lambda x, y: 1 / y, lambda x, y: -x / y ** 2,
     "section 5.3, the lecture notes' div: 1/y, -x/y^2"),
])
def test_local_gradient_rules(op, dz_dx, dz_dy, where):
    # dL/dx = dL/dz * dz/dx (5장 5.2절, the chain rule), here with x = 6, y = 3 and dL/dz = 1.5
    x, y = t64(6.0, requires_grad=True), t64(3.0, requires_grad=True)
    op(x, y).backward(np.array(1.5))
    assert_array(x.grad, 1.5 * dz_dx(6.0, 3.0), rtol=1e-12, err_msg=where)
    assert_array(y.grad, 1.5 * dz_dy(6.0, 3.0), rtol=1e-12, err_msg=where)


def test_mul_layer_forward_10_times_5_backward_1p5():
    # 5장 5.4.1절 (MulLayer)  mul.forward(10, 5) -> 50; mul.backward(1.5): dx = dout * y = 7.5,
    # dy = dout * x = 15 ("multiply by the other input of the forward pass").
    x, y = t64(10.0, requires_grad=True), t64(5.0, requires_grad=True)
    out = x * y
    assert_array(out, 50.0)
    out.backward(np.array(1.5))
    assert_array(x.grad, 7.5)
    assert_array(y.grad, 15.0)


def test_apple():
    # 5장 5.4.1절 (buy_apple.py)  apple = 100, apple_num = 2, tax = 1.1; price = apple*apple_num*tax.
    # The book prints price 220, dApple 2.2, dApple_num 110, dTax 200 (int() of 220 and 110).
    apple = t64(100.0, requires_grad=True)
    apple_num = t64(2.0, requires_grad=True)
    tax = t64(1.1, requires_grad=True)
    apple_price = apple * apple_num
    price = apple_price * tax
    price.backward(retain_grad=True)
    assert_array(apple_price, 200.0)
    assert int(price.data) == 220
    assert_array(price, 220.0, rtol=1e-12)
    assert_array(apple_price.grad, 1.1, rtol=1e-12)   # dapple_price = dprice * tax
    assert_array(apple.grad, 2.2, rtol=1e-12)
    assert int(apple_num.grad.data) == 110
    assert_array(apple_num.grad, 110.0, rtol=1e-12)
    assert_array(tax.grad, 200.0, rtol=1e-12)


def test_apple_and_orange():
    # 5장 5.4.2절 (buy_apple_orange.py), the graph of 5.1.1절 (문제 2): (100*2 + 150*3) * 1.1 = 715,
    # with apple_price 200, orange_price 450, all_price 650.  The book prints price 715,
    # dApple 2.2, dApple_num 110, dOrange 3.3, dOrange_num 165, dTax 650.
    apple = t64(100.0, requires_grad=True)
    apple_num = t64(2.0, requires_grad=True)
    orange = t64(150.0, requires_grad=True)
    orange_num = t64(3.0, requires_grad=True)
    tax = t64(1.1, requires_grad=True)
    apple_price = apple * apple_num              # (1)
    orange_price = orange * orange_num           # (2)
    all_price = apple_price + orange_price       # (3)
    price = all_price * tax                      # (4)
    price.backward(retain_grad=True)
    assert_array(apple_price, 200.0)
    assert_array(orange_price, 450.0)
    assert_array(all_price, 650.0)
    assert int(price.data) == 715
    assert_array(price, 715.0, rtol=1e-12)
    # add passes the gradient through unchanged: dall_price = dapple_price = dorange_price = 1.1
    for node in (all_price, apple_price, orange_price):
        assert_array(node.grad, 1.1, rtol=1e-12)
    assert_array(apple.grad, 2.2, rtol=1e-12)
    assert int(apple_num.grad.data) == 110
    assert_array(apple_num.grad, 110.0, rtol=1e-12)
    assert_array(orange.grad, 3.3, rtol=1e-12)
    assert int(orange_num.grad.data) == 165
    assert_array(orange_num.grad, 165.0, rtol=1e-12)
    assert_array(tax.grad, 650.0, rtol=1e-12)


def test_relu_forward_and_backward():
    # 5장 5.5.1절, the lecture notes' example  [1, -2, 3, -4, 5] -> [1, 0, 3, 0, 5]; the mask x <= 0
    assert_array(t64([1, -2, 3, -4, 5]).relu(), [1, 0, 3, 0, 5])
    # and their walk-through  x = [1, -1, 2, -2]: y = [1, 0, 2, 0]; backward([3, 3, 3, 3]) = [3, 0, 3, 0]
    x = t64([1, -1, 2, -2], requires_grad=True)
    y = x.relu()
    assert_array(y, [1, 0, 2, 0])
    y.backward(np.array([3.0, 3.0, 3.0, 3.0]))
    assert_array(x.grad, [3, 0, 3, 0])


def test_sigmoid_forward_and_backward():
    # 5장 5.5.2절, the lecture notes' example  x = [-2, -1, 1, 2]: y = 1 / (1 + exp(-x));
    # backward([30]*4) = dout*y*(1 - y) (the simplified form of 5.5.2절).  The slide shows the code
    # only; the test compares with what it computes.
    xs = np.array([-2.0, -1.0, 1.0, 2.0])
    expected_y = 1 / (1 + np.exp(-xs))
    x = t64(xs, requires_grad=True)
    y = x.sigmoid()
    assert_array(y, expected_y, rtol=1e-12)
    y.backward(np.array([30.0, 30.0, 30.0, 30.0]))
    assert_array(x.grad, 30 * expected_y * (1.0 - expected_y), rtol=1e-12)


@pytest.mark.parametrize("a, b, expected, where", [
    ([1, 2, 3], [4, 5, 6], [5, 7, 9], "section 5.6.2 broadcast (3,) + (3,)"),
    ([1, 2, 3], 4.0, [5, 6, 7], "section 5.6.2 broadcast (repeat)"),
    ([[1, 2], [3, 4]], 4.0, [[5, 6], [7, 8]], "section 5.6.2 broadcast (2,2) + scalar"),
    ([[1, 2], [3, 4]], [1, 2], [[2, 4], [4, 6]], "section 5.6.2 broadcast (2,2) + (2,)"),
    ([[1, 2, 3]], [2, 2, 2], [[3, 4, 5]], "section 5.6.2 broadcast (1,3) + (3,) -> (1,3)"),
])
def test_broadcast_addition(a, b, expected, where):
    assert_array(t64(a) + t64(b), expected, err_msg=where)


def test_broadcast_of_3_and_2_elements_is_an_error():
    # 5장 5.6.2절, the lecture notes' broadcast slides  [1,2,3] + [4,5]: the slide's result row stays
    # incomplete (5 7 _): the shapes (3,) and (2,) do not broadcast.
    with pytest.raises(ValueError):
        t64([1, 2, 3]) + t64([4, 5])


def test_gradient_of_a_repeat_node_is_the_sum():
    # 5장 5.6.2절, the lecture notes: "리피트 노드의 미분값은 합이다": dL/dB is the sum of dL/dY over
    # axis 0, (5,3) -> (3,).  With the slides' broadcasts and an upstream gradient of ones:
    a = t64([[1, 2], [3, 4]], requires_grad=True)
    b = t64([1, 2], requires_grad=True)
    (a + b).backward(np.ones((2, 2)))
    assert_array(a.grad, np.ones((2, 2)))
    assert_array(b.grad, [2, 2])
    x = t64([1, 2, 3], requires_grad=True)
    four = t64(4.0, requires_grad=True)
    (x + four).backward(np.ones(3))
    assert_array(four.grad, 3.0)
    Y = t64(np.zeros((5, 3)), requires_grad=True)
    B = t64(np.zeros(3), requires_grad=True)
    dY = np.arange(15, dtype=np.float64).reshape(5, 3)
    (Y + B).backward(dY)
    assert_array(B.grad, dY.sum(axis=0))


def test_affine_bias_gradient_is_the_batch_sum_5_7_9():
    # 5장 5.6.2절  batch Affine, N = 2: dY = [[1,2,3],[4,5,6]] -> dB = np.sum(dY, axis=0)
    # = [5, 7, 9].
    X = t64([[1, 2], [3, 4]])
    W = t64([[1, 1, 1], [2, 2, 2]])
    B = t64([0, 0, 0], requires_grad=True)
    (X @ W + B).backward(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    assert_array(B.grad, [5, 7, 9])


@pytest.mark.parametrize("x, batch_of_one, y, dout, dx, dw, db", [
    # 5장 5.6.2절, the lecture notes' batch  X = [[1,1],[2,2]]: Y = X.W + b = [[4,4,4],[7,7,7]];
    # dout = ones (2,3): dx = dout.W^T = [[3,6],[3,6]], dW = X^T.dout = [[3,3,3],[3,3,3]];
    # db = np.sum(dout, axis=0) = [2,2,2].
    ([[1, 1], [2, 2]], False, [[4, 4, 4], [7, 7, 7]], np.ones((2, 3)), [[3, 6], [3, 6]],
     [[3, 3, 3], [3, 3, 3]], [2, 2, 2]),
    # 5장 5.6.1절  X = [1,1] (2,): Y = [4,4,4] (3,); dout = [1,1,1]: dx = [3,6] (2,).
    # dW = [[1,1,1],[1,1,1]], as the notes' reshaped version below shows it.  (The notes print
    # [[3,3,3],[3,3,3]] on this slide: a slip copied from the batch slide - X here is one row of ones.)
    ([1, 1], False, [4, 4, 4], np.ones(3), [3, 6], [[1, 1, 1], [1, 1, 1]], [1, 1, 1]),
    # 5장 5.6.1-5.6.2절, the lecture notes' Affine, which reshapes x (2,) to (1,2): Y = [[4,4,4]]
    # (1,3); dout = [[1,1,1]]: dx = [[3,6]] (1,2), reshaped back to the original (2,);
    # dW = [[1,1,1],[1,1,1]], db = [1,1,1].
    ([1, 1], True, [[4, 4, 4]], np.ones((1, 3)), [3, 6], [[1, 1, 1], [1, 1, 1]], [1, 1, 1]),
], ids=["batch of two", "one sample (2,)", "one sample reshaped to (1,2)"])
def test_affine_walk_through(x, batch_of_one, y, dout, dx, dw, db):
    # W = [[1,1,1],[2,2,2]], b = [1,1,1] in all three (as the lecture notes set them)
    x = t64(x, requires_grad=True)
    W = t64([[1, 1, 1], [2, 2, 2]], requires_grad=True)
    b = t64([1, 1, 1], requires_grad=True)
    X = x.reshape(1, -1) if batch_of_one else x
    Y = X @ W + b
    assert_array(Y, y)
    Y.backward(dout, retain_grad=True)
    if batch_of_one:
        assert_array(X.grad, [dx])
    assert_array(x.grad, dx)
    assert_array(W.grad, dw)
    assert_array(b.grad, db)


def test_affine_shapes_of_the_slides():
    # 5장 5.6.1절  X (2,) . W (2,3) + B (3,) -> Y (3,);  5.6.2절  X (5,2) -> Y (5,3), B
    # repeated to (5,3);  dL/dX = dL/dY.W^T (5,3)(3,2) = (5,2),
    # dL/dW = X^T.dL/dY (2,5)(5,3) = (2,3), dL/dB = the sum over axis 0, (5,3) -> (3,).
    rng = np.random.default_rng(0)
    W, B = t64(rng.random((2, 3)), requires_grad=True), t64(rng.random(3), requires_grad=True)
    assert (t64(rng.random(2)) @ W + B).shape == (3,)
    X = t64(rng.random((5, 2)), requires_grad=True)
    Y = X @ W + B
    assert Y.shape == (5, 3)
    dY = rng.random((5, 3))
    Y.backward(dY)
    assert X.grad.shape == (5, 2) and W.grad.shape == (2, 3) and B.grad.shape == (3,)
    assert_array(X.grad, dY @ W.data.T, rtol=1e-12)
    assert_array(W.grad, X.data.T @ dY, rtol=1e-12)
    assert_array(B.grad, np.sum(dY, axis=0), rtol=1e-12)


def test_two_layer_net_backward_shapes():
    # 5장 5.7.2절  TwoLayerNet with batch 100, 784 -> 50 -> 10: dout = (y - t) / 100 (100,10);
    # Affine2 dW (50,10) = (50,100).(100,10), dx (100,50) = (100,10).(10,50); ReLU mask (100,50);
    # Affine1 dW (784,50) = (784,100).(100,50), dx (100,784) = (100,50).(50,784).
    rng = np.random.default_rng(0)
    x = t64(rng.random((100, 784)), requires_grad=True)
    W1 = t64(rng.standard_normal((784, 50)) * 0.01, requires_grad=True)
    b1 = t64(np.zeros(50), requires_grad=True)
    W2 = t64(rng.standard_normal((50, 10)) * 0.01, requires_grad=True)
    b2 = t64(np.zeros(10), requires_grad=True)
    t = rng.integers(0, 10, size=100)
    hidden = (x @ W1 + b1).relu()
    logits = hidden @ W2 + b2
    F.cross_entropy(logits, t).backward(retain_grad=True)
    dout = (logits.softmax().data - np.eye(10)[t]) / 100
    assert_array(logits.grad, dout, rtol=1e-10, atol=1e-15)
    assert_array(W2.grad, hidden.data.T @ dout, rtol=1e-10, atol=1e-15)
    assert_array(b2.grad, dout.sum(axis=0), rtol=1e-10, atol=1e-15)
    assert hidden.grad.shape == (100, 50)
    assert W1.grad.shape == (784, 50) and b1.grad.shape == (50,) and x.grad.shape == (100, 784)


def test_cross_entropy_of_one_sample_is_1p6():
    # 5장 5.6.3절  y = (0.2, 0.7, 0.1) (1,3), t = (1, 0, 0): -log 0.2 = 1.6 (1.609, rounded)
    loss = F.cross_entropy(t64([np.log([0.2, 0.7, 0.1])]), np.array([[1, 0, 0]]))
    assert_array(loss, 1.6, rtol=0, atol=0.01)
    assert_array(loss, -np.log(0.2), rtol=1e-12)


@pytest.mark.parametrize("t", [np.array([[1, 0, 0], [0, 1, 0]]), np.array([0, 1])],
                         ids=["one-hot t (2,3)", "labels t (2,)"])
def test_softmax_with_loss_batch_of_two(t):
    # 5장 5.6.3절 Softmax-with-Loss, the lecture notes' batch of two:
    # y = [[0.2,0.1,0.7],[0.3,0.1,0.6]] (softmax of the scores),
    # t = [[1,0,0],[0,1,0]] (개 고양이 사슴) or as labels t (2,).
    # Loss: y[[0,1],[0,1]] = [0.2, 0.1] -> [-1.6, -2.3] -> (1.6 + 2.3)/2 = 1.95 (the slide
    # writes "-1.95 = 1.95" and truncates: exact 1.956).  Backward:
    # y - t = [[-0.8,0.1,0.7],[0.3,-0.9,0.6]], dx = (y - t)/batch_size =
    # [[-0.4,0.05,0.35],[0.15,-0.45,0.3]].
    y = np.array([[0.2, 0.1, 0.7], [0.3, 0.1, 0.6]])
    scores = t64(np.log(y), requires_grad=True)
    assert_array(scores.softmax(), y, rtol=1e-12)
    loss = F.cross_entropy(scores, t)
    assert_array(loss, 1.95, rtol=0, atol=0.01)
    assert_array(loss, (-np.log(0.2) - np.log(0.1)) / 2, rtol=1e-12)
    loss.backward()
    assert_array(scores.grad * 2, [[-0.8, 0.1, 0.7], [0.3, -0.9, 0.6]], rtol=0, atol=1e-12)
    assert_array(scores.grad, [[-0.4, 0.05, 0.35], [0.15, -0.45, 0.3]], rtol=0, atol=1e-12)


def test_softmax_with_loss_gradient_is_y_minus_t_over_batch_for_any_scores():
    # 5장 5.6.3절 "dy = (y - t) / batch_num" (SoftmaxWithLoss.backward): the gradient of the mean
    # cross-entropy w.r.t. the scores, for the lecture notes' score rows x = [[10,9,8],[4,6,5]],
    # y and the loss as the book's softmax / cross_entropy_error compute them.
    x = np.array([[10.0, 9.0, 8.0], [4.0, 6.0, 5.0]])
    t = np.array([[1, 0, 0], [0, 0, 1]])
    scores = t64(x, requires_grad=True)
    loss = F.cross_entropy(scores, t)
    y = np.exp(x - x.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    assert_array(loss, -np.sum(t * np.log(y)) / 2, rtol=1e-12)
    loss.backward()
    assert_array(scores.grad, (y - t) / 2, rtol=1e-12, atol=1e-15)


# ================================================================================================
# 6장 학습 관련 기술들 / chapter 6, parameter updates
# ================================================================================================

def test_momentum_unrolled():
    # 6장 6.1.4절 (식 6.3, 6.4)  v <- 0.9 v - lr g; w <- w + v (lr 0.01, momentum 0.9); with a
    # constant gradient g the steps are (as the lecture notes unroll them) -lr g, -lr g 0.9 - lr g,
    # (-lr g 0.9 - lr g) 0.9 - lr g.
    g = np.array([1.0, -2.0])
    lr = 0.01
    w = t64([0.0, 0.0], requires_grad=True)
    opt = optim.Momentum([w], lr=lr, momentum=0.9)
    for expected in (-lr * g, -lr * g * 0.9 - lr * g, (-lr * g * 0.9 - lr * g) * 0.9 - lr * g):
        before = w.data.copy()
        opt.zero_grad()
        (w * t64(g)).sum().backward()
        opt.step()
        assert_array(w.data - before, expected, rtol=1e-12)


# ================================================================================================
# 7장 합성곱 신경망 / chapter 7, convolution: forward, output sizes (7.2절)
# ================================================================================================

INPUT_4x4 = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
FILTER_3x3 = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]


def test_vertical_edge_filter():
    # 7장 7.2.2절, the lecture notes' vertical-edge example (the book shows edge filters in 7.6.1절):
    # the filter [[-1,0,1]]*3 on a picture 0 on the left and 100 on the right gives rows
    # "0 300 300 0".  The picture's size is not printed: three
    # rows of four outputs need a 5x6 picture, 0 in the left three columns, 100 in the right three.
    picture = np.zeros((5, 6))
    picture[:, 3:] = 100
    edge = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]
    assert_array(conv(image(picture), image(edge)), [[[[0, 300, 300, 0]] * 3]])


def test_conv_4x4_by_3x3_plus_bias_3():
    # 7장 7.2.2절  first window: 1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15;
    # + bias 3 -> [[18,19],[9,18]] (그림 7-5); size N - F + 1 = 4 - 3 + 1 = 2.
    out = conv(image(INPUT_4x4), image(FILTER_3x3))
    assert_array(out[0, 0, 0, 0], 15)
    assert_array(out, [[[[15, 16], [6, 15]]]])
    assert_array(conv(image(INPUT_4x4), image(FILTER_3x3), [3]), [[[[18, 19], [9, 18]]]])


def test_conv_with_padding_1_keeps_4x4():
    # 7장 7.2.3절, 7.2.4절 (식 7.1)  input (4,4), pad 1, stride 1, filter (3,3):
    # OH = (4 + 2*1 - 3)/1 + 1 = 4; output [[7,12,10,2],[4,15,16,10],[10,6,15,6],[8,10,4,3]].
    out = conv(image(INPUT_4x4), image(FILTER_3x3), padding=1)
    assert_array(out, [[[[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]]])


def test_conv_7x7_stride_2_first_row_15_17():
    # 7장 7.2.4절  input (7,7) (the 4x4 pattern repeated), pad 0, stride 2, filter (3,3):
    # OH = (7 + 2*0 - 3)/2 + 1 = 3; the slide fills in the first two outputs, 15 and 17.
    x = image([[1, 2, 3, 0, 1, 2, 3],
               [0, 1, 2, 3, 0, 1, 2],
               [3, 0, 1, 2, 3, 0, 1],
               [2, 3, 0, 1, 2, 3, 0],
               [1, 2, 3, 0, 1, 2, 3],
               [0, 1, 2, 3, 0, 1, 2],
               [3, 0, 1, 2, 3, 0, 1]])
    out = conv(x, image(FILTER_3x3), stride=2)
    assert out.shape == (1, 1, 3, 3)
    assert_array(out.data[0, 0, 0, :2], [15, 17])


@pytest.mark.parametrize("stride, out_hw", [(1, (3, 3)), (2, (2, 2))])
def test_conv_2x2_filter_with_stride_1_and_2(stride, out_hw):
    # 7장 7.2.4절, the lecture notes' example  the 4x4 input and the 2x2 filter [[2,0],[0,1]]:
    # stride 1 slides over the 3x3 window corners, stride 2 over 2x2; stride 2 keeps
    # every other output of stride 1.
    x, W = image(INPUT_4x4), image([[2, 0], [0, 1]])
    out = conv(x, W, stride=stride)
    assert out.shape == (1, 1) + out_hw
    assert_array(out, conv(x, W).data[:, :, ::stride, ::stride])


@pytest.mark.parametrize("hw, kernel, pad, stride, out_hw, where", [
    ((7, 7), 3, 0, 1, (5, 5), "section 7.2.4: 7x7, 3x3, stride 1"),
    ((7, 7), 3, 0, 2, (3, 3), "section 7.2.4: 7x7, 3x3, stride 2"),
    ((7, 7), 3, 1, 1, (7, 7), "section 7.2.3: 7x7, 3x3, pad 1"),
    ((4, 4), 3, 0, 1, (2, 2), "section 7.2.2: 4x4, 3x3"),
    ((4, 4), 3, 1, 1, (4, 4), "section 7.2.4, example 1: 4x4, 3x3, pad 1"),
    ((28, 31), 5, 2, 3, (10, 11), "section 7.2.4, example 3: 28x31, 5x5, pad 2, stride 3"),
    ((32, 32), 5, 2, 1, (32, 32), "section 7.2.6: 32x32, 5x5, pad 2 (lecture notes)"),
    ((32, 32), 5, 0, 1, (28, 28), "section 7.2.5: the lecture notes' Quiz 1, by the formula"),
    ((448, 640), 2, 0, 1, (447, 639), "section 7.4: a 448x640 picture, 2x2 (lecture notes)"),
    ((182, 277), 2, 0, 1, (181, 276), "section 7.4: a 182x277 picture, 2x2 (lecture notes)"),
])
def test_output_size_formula(hw, kernel, pad, stride, out_hw, where):
    # OH = (H + 2P - FH)/S + 1, OW = (W + 2P - FW)/S + 1 (7장 7.2.4절, 식 7.1), at the book's and
    # the lecture notes' examples.  (7x7, 3x3, stride 3 is 2.33 - "Cannot." in the notes; the engine
    # floors as frameworks do (the notes say so too) and as docs/architecture.md section 7 says, so
    # it is not one of the examples.)
    x = np.zeros((1, 3) + hw, dtype=np.float32)
    W = np.zeros((1, 3, kernel, kernel), dtype=np.float32)
    out = Tensor(x).conv2d(Tensor(W), stride=stride, padding=pad)
    assert out.shape == (1, 1) + out_hw, where


def test_ten_5x5x3_filters_have_760_parameters():
    # 7장 7.2.6절, the lecture notes' example  input 32x32x3, 10 filters 5x5 stride 1 pad 2: each
    # filter 5*5*3 + 1 = 76 parameters (+1 for the bias), 76 * 10 = 760; the output keeps 32x32,
    # with 10 channels.
    layer = nn.Conv2d(3, 10, 5, stride=1, padding=2)
    W = next(p.data for p in layer.parameters() if p.data.ndim == 4)
    assert W[0].size + 1 == 76
    assert sum(p.data.size for p in layer.parameters()) == 760
    assert layer(Tensor(np.zeros((1, 3, 32, 32)))).shape == (1, 10, 32, 32)


def test_conv_shapes_of_the_block_slides():
    # 7장 7.2.5절 (그림 7-8)  input (3,4,4) * filter (3,3,3) -> output (1,2,2)
    assert conv(np.ones((1, 3, 4, 4)), np.ones((1, 3, 3, 3))).shape == (1, 1, 2, 2)
    # 7.2.6-7.2.7절 (그림 7-12 and its batch form)  (N,C,H,W) * (FN,C,FH,FW) + (FN,) -> (N,FN,OH,OW)
    assert conv(np.ones((4, 3, 6, 6)), np.ones((5, 3, 3, 3)), np.ones(5)).shape == (4, 5, 4, 4)


def test_filter_and_input_channels_must_match():
    # 7장 7.2.5절  "입력 데이터의 채널 수와 필터의 채널 수가 같아야 한다"
    with pytest.raises(ValueError):
        conv(np.zeros((1, 3, 4, 4)), np.zeros((1, 2, 3, 3)))


@pytest.mark.parametrize("big, n_small, big_params, small_params", [(5, 2, 25, 18), (7, 3, 49, 27)])
def test_small_filters_deeper(big, n_small, big_params, small_params):
    # 8장 8.1.3절 (깊게 하는 이유)  one 5x5 vs two 3x3 (one 7x7 vs three 3x3) convolutions see the
    # same region (receptive field: the input shrinks to 1x1 either way); parameters 5x5 -> 25,
    # (3*3)*2 = 18; 7x7 -> 49, (3*3)*3 = 27.
    x = t64(np.random.default_rng(0).random((1, 1, big, big)))
    once = x.conv2d(t64(np.ones((1, 1, big, big))))
    stacked = x
    for _ in range(n_small):
        stacked = stacked.conv2d(t64(np.ones((1, 1, 3, 3))))
    assert once.shape == stacked.shape == (1, 1, 1, 1)
    assert filter_weights(big) == big_params
    assert n_small * filter_weights(3) == small_params


def test_toy_conv_forward():
    # 7장 7.4.3절, the lecture notes' toy convolution exercise: x = range(9) as (1,1,3,3),
    # W = ones (2,1,2,2) with W[1] *= 2, b = ones (2,), stride 1, pad 0:
    # out_final = [[9,13],[21,25]] and [[17,25],[41,49]].
    x = np.array(list(range(1 * 3 * 3)), dtype=np.float64).reshape(1, 1, 3, 3)
    W = np.ones((2, 1, 2, 2))
    W[1] = W[1] * 2
    b = np.ones((2,))
    printed = [[[[9, 13], [21, 25]], [[17, 25], [41, 49]]]]
    assert_array(conv(x, W, b, stride=1, padding=0), printed)
    # the same as an Affine layer (7.4.3절; 그림 7-19 in 7.4.2절): col_W = [[1,2]]*4,
    # im2col(x) . col_W + b, then out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)
    col_W = W.reshape(2, -1).T
    assert_array(col_W, [[1, 2]] * 4)
    out = t64(im2col(x, 2, 2, 1, 0)) @ t64(col_W) + t64(b)
    assert_array(out.reshape(1, 2, 2, -1).transpose(0, 3, 1, 2), printed)


def test_conv_arange16_ones_filter_bias_3():
    # 7장 7.4.3절, the lecture notes' example with code and printout: image = arange(16)
    # (1,1,4,4), W = ones (1,1,2,2), b = np.full((1,), 3): out (1,1,3,3) =
    # [[13,17,21],[29,33,37],[45,49,53]].
    img = np.arange(16).reshape(1, 1, 4, 4)
    W = np.ones((1, 1, 2, 2))
    out = conv(img, W, np.full((1,), 3))
    assert_array(out, [[[[13, 17, 21], [29, 33, 37], [45, 49, 53]]]])
    # the same through im2col (그림 7-19): col (9,4) . col_W (4,1) + 3 = 13 17 21 ... 53 (9,1)
    col_W = W.reshape(1, -1).T
    assert_array(t64(im2col(img.astype(np.float64), 2, 2, 1, 0)) @ t64(col_W) + 3.0,
                 [[13], [17], [21], [29], [33], [37], [45], [49], [53]])


def test_conv_two_filters_bias_3():
    # 7장 7.4.3절, the lecture notes' two filters  image arange(16) (1,1,4,4),
    # W (2,1,2,2) = [ones, 2*ones] (W.reshape(FN,-1) = [[1,1,1,1],[2,2,2,2]], col_W (4,2) = [[1,2]]*4),
    # b = [3, 3]: col.col_W = [[10,20],[14,28],...,[50,100]]; + 3 = [[13,23],...,[53,103]] (9,2);
    # out (1,2,3,3) = [[13,17,21],[29,33,37],[45,49,53]] and [[23,31,39],[55,63,71],[87,95,103]].
    img = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
    W = np.stack([np.ones((1, 2, 2)), 2 * np.ones((1, 2, 2))])
    b = np.array([3.0, 3.0])
    col_W = W.reshape(2, -1).T
    assert_array(W.reshape(2, -1), [[1, 1, 1, 1], [2, 2, 2, 2]])
    assert_array(col_W, [[1, 2]] * 4)
    assert_array(t64(im2col(img, 2, 2)) @ t64(col_W),
                 [[10, 20], [14, 28], [18, 36], [26, 52], [30, 60], [34, 68], [42, 84],
                  [46, 92], [50, 100]])
    out = conv(img, W, b)
    assert_array(out, [[[[13, 17, 21], [29, 33, 37], [45, 49, 53]],
                        [[23, 31, 39], [55, 63, 71], [87, 95, 103]]]])
    assert_array(out.transpose(0, 2, 3, 1).reshape(9, 2),
                 [[13, 23], [17, 31], [21, 39], [29, 55], [33, 63], [37, 71], [45, 87],
                  [49, 95], [53, 103]])


@pytest.mark.parametrize("n", [1, 2])
def test_conv_three_filters_on_two_channels(n):
    # 7장 7.4.3절, the lecture notes' shapes  (1,2,4,4) * (3,2,2,2): col (9,8) . (8,3) = (9,3)
    # -> (1,3,3,3); batch (2,2,4,4): col (18,8) . (8,3) = (18,3) -> (2,3,3,3).
    assert conv(np.ones((n, 2, 4, 4)), np.ones((3, 2, 2, 2))).shape == (n, 3, 3, 3)


def test_conv_padding_1_ones_3x3_bias_3_on_1_to_16():
    # 7장 7.4.3절, the lecture notes' example  conv = Convolution(w, b, pad=1): img 1..16 (1,1,4,4)
    # (the notes show it padded), w = ones (1,1,3,3), b = 3: out (1,1,4,4) =
    # 17 27 33 25 / 36 57 66 48 / 60 93 102 72 / 49 75 81 57.
    # col is (16, 9); the notes' "(16, 4)" is a slip (3x3 windows have 9 elements).
    img = np.arange(1, 17, dtype=np.float64).reshape(1, 1, 4, 4)
    assert im2col(img, 3, 3, stride=1, pad=1).shape == (16, 9)
    out = conv(img, np.ones((1, 1, 3, 3)), [3], padding=1)
    assert_array(out, [[[[17, 27, 33, 25], [36, 57, 66, 48], [60, 93, 102, 72],
                         [49, 75, 81, 57]]]])


# ================================================================================================
# 7장 7.4.2-7.4.3절 / chapter 7, sections 7.4.2-7.4.3: im2col and col2im
# ================================================================================================

@pytest.mark.parametrize("shape, k, col_shape, where", [
    ((1, 3, 7, 7), 5, (9, 75), "section 7.4.3: x1 (1,3,7,7)"),
    ((10, 3, 7, 7), 5, (90, 75), "section 7.4.3: x2 (10,3,7,7), the notes' QUIZ 3"),
    ((1, 1, 7, 7), 5, (9, 25), "section 7.4.3: one channel (lecture notes)"),
    ((1, 2, 4, 4), 2, (9, 8), "section 7.4.3: (1,2,4,4), 2x2 (lecture notes)"),
    ((2, 2, 4, 4), 2, (18, 8), "section 7.4.3: (2,2,4,4), 2x2 (lecture notes)"),
])
def test_im2col_shape(shape, k, col_shape, where):
    # (N*OH*OW, C*FH*FW) (7장 7.4.2절, 그림 7-18)
    x = np.random.default_rng(0).random(shape)
    assert im2col(x, k, k, stride=1, pad=0).shape == col_shape, where


def test_im2col_walk_through_arange16():
    # 7장 7.4.2절, the lecture notes' step-by-step im2col  image = arange(16) (1,1,4,4), 2x2 filter,
    # stride 1, pad 0: col (1,1,2,2,3,3) -> transpose -> reshape (1*3*3, 1*2*2) = (9,4), as printed;
    # its transpose is the self.col.T table (4,9) of the notes' Convolution.backward.
    col = im2col(np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4), 2, 2, stride=1, pad=0)
    assert_array(col, [[0, 1, 4, 5],
                       [1, 2, 5, 6],
                       [2, 3, 6, 7],
                       [4, 5, 8, 9],
                       [5, 6, 9, 10],
                       [6, 7, 10, 11],
                       [8, 9, 12, 13],
                       [9, 10, 13, 14],
                       [10, 11, 14, 15]])
    assert_array(col.T, [[0, 1, 2, 4, 5, 6, 8, 9, 10],
                         [1, 2, 3, 5, 6, 7, 9, 10, 11],
                         [4, 5, 6, 8, 9, 10, 12, 13, 14],
                         [5, 6, 7, 9, 10, 11, 13, 14, 15]])


COL_T_ARANGE32 = [[0, 1, 2, 4, 5, 6, 8, 9, 10],
                       [1, 2, 3, 5, 6, 7, 9, 10, 11],
                       [4, 5, 6, 8, 9, 10, 12, 13, 14],
                       [5, 6, 7, 9, 10, 11, 13, 14, 15],
                       [16, 17, 18, 20, 21, 22, 24, 25, 26],
                       [17, 18, 19, 21, 22, 23, 25, 26, 27],
                       [20, 21, 22, 24, 25, 26, 28, 29, 30],
                       [21, 22, 23, 25, 26, 27, 29, 30, 31]]   # the lecture notes' col.T table


def test_im2col_two_channels():
    # 7장 7.4.2절, the lecture notes' two channels  img = arange(32) as (1,2,4,4) (channels 0..15
    # and 16..31), 2x2 filter: col (9, 8), rows = (channel 0 window, channel 1 window);
    # the notes' transposed table (C*FH*FW, OH*OW) = (8, 9) is col.T.
    # (Two of the notes' tables print the third row as "... 22 24": a slip for "22 23", which
    # the others have.)
    col = im2col(np.arange(32, dtype=np.float64).reshape(1, 2, 4, 4), 2, 2, stride=1, pad=0)
    assert_array(col, [[0, 1, 4, 5, 16, 17, 20, 21],
                       [1, 2, 5, 6, 17, 18, 21, 22],
                       [2, 3, 6, 7, 18, 19, 22, 23],
                       [4, 5, 8, 9, 20, 21, 24, 25],
                       [5, 6, 9, 10, 21, 22, 25, 26],
                       [6, 7, 10, 11, 22, 23, 26, 27],
                       [8, 9, 12, 13, 24, 25, 28, 29],
                       [9, 10, 13, 14, 25, 26, 29, 30],
                       [10, 11, 14, 15, 26, 27, 30, 31]])
    assert_array(col.T, COL_T_ARANGE32)


DX_ARANGE16 = [[0, 1, 3, 2], [3, 8, 12, 7], [9, 20, 24, 13], [6, 13, 15, 8]]   # the notes' col2im result


def test_col2im_walk_through():
    # 7장 7.4.3절, the lecture notes' step-by-step col2im  dcol (9,4): row i is i repeated
    # (dout . col_W.T with col_W = ones); col2im(dcol, (1,1,4,4), 2, 2, stride 1, pad 0) adds each
    # window back (overlaps summed): dx = [[0,1,3,2],[3,8,12,7],[9,20,24,13],[6,13,15,8]].
    dcol = np.repeat(np.arange(9, dtype=np.float64)[:, None], 4, axis=1)
    assert_array(col2im(dcol, (1, 1, 4, 4), 2, 2, stride=1, pad=0), [[DX_ARANGE16]])
    # The four steps of the book's col2im loop `img[:, :, y:y_max, x:x_max] += dcol[:, :, y, x]`:
    # col2im of the columns of the first k filter offsets (column index fh*2 + fw) is the
    # picture after step k.
    steps = {
        1: [[0, 1, 2, 0], [3, 4, 5, 0], [6, 7, 8, 0], [0, 0, 0, 0]],       # after step 1
        2: [[0, 1, 3, 2], [3, 7, 9, 5], [6, 13, 15, 8], [0, 0, 0, 0]],     # after step 2
        3: [[0, 1, 3, 2], [3, 8, 11, 5], [9, 17, 20, 8], [6, 7, 8, 0]],    # after step 3
        4: DX_ARANGE16,                                                    # after step 4
    }
    for k, picture in steps.items():
        partial = dcol.copy()
        partial[:, k:] = 0
        assert_array(col2im(partial, (1, 1, 4, 4), 2, 2), [[picture]])


def test_col2im_sums_the_repeats_of_im2col():
    # the lecture notes on 7장 7.4.3절: "합성곱 연산은 리피트 연산이다" / "합성곱 연산의 미분은 합연산이다":
    # col2im of a column of ones counts how often im2col repeated each pixel.  For the toy conv
    # (3x3 input, 2x2 windows) each window sends W1 + W2 = 1 + 2 = 3 back with dout = ones, so
    # 3 * counts is the dx the notes' toy convolution exercise prints: [[3,6,3],[6,12,6],[3,6,3]].
    counts = col2im(np.ones((4, 4)), (1, 1, 3, 3), 2, 2)
    assert_array(3 * counts, [[[[3, 6, 3], [6, 12, 6], [3, 6, 3]]]])


# ================================================================================================
# 7장 7.4.3절 / chapter 7, section 7.4.3: convolution backward
# ================================================================================================

def test_toy_conv_backward():
    # 7장 7.4.3절, the backward of the lecture notes' toy convolution exercise
    # (dout = np.ones_like(out_final)); the notes print
    # dW = [[[[8,12],[20,24]]], [[[8,12],[20,24]]]], db = [4, 4], dx = [[3,6,3],[6,12,6],[3,6,3]].
    x = t64(np.arange(9).reshape(1, 1, 3, 3), requires_grad=True)
    w = np.ones((2, 1, 2, 2))
    w[1] *= 2
    W = t64(w, requires_grad=True)
    b = t64(np.ones(2), requires_grad=True)
    out = x.conv2d(W, b)
    out.backward(np.ones(out.shape))
    assert_array(W.grad, [[[[8, 12], [20, 24]]], [[[8, 12], [20, 24]]]])
    assert_array(b.grad, [4, 4])
    assert_array(x.grad, [[[[3, 6, 3], [6, 12, 6], [3, 6, 3]]]])


def test_conv_backward_arange16_with_dout_0_to_8():
    # 7장 7.4.3절, the lecture notes' Convolution.backward walk-through: the arange(16) image,
    # W = ones (1,1,2,2), b = 3, dout = 0..8 (1,1,3,3) (dout (9,1) = 0..8):
    #   db = np.sum(dout, axis=0) = 36;
    #   dW = col.T . dout = [[258, 294], [402, 438]] (the values are printed for
    #   the same dout as the first filter of the two-filter example below);
    #   dx = col2im(dout . col_W.T) = DX_ARANGE16.
    x = t64(np.arange(16).reshape(1, 1, 4, 4), requires_grad=True)
    W = t64(np.ones((1, 1, 2, 2)), requires_grad=True)
    b = t64([3], requires_grad=True)
    out = x.conv2d(W, b)
    out.backward(np.arange(9, dtype=np.float64).reshape(1, 1, 3, 3))
    assert_array(b.grad, [36])
    assert_array(W.grad, [[[[258, 294], [402, 438]]]])
    assert_array(x.grad, [[DX_ARANGE16]])


def test_conv_backward_two_channels():
    # 7장 7.4.3절, the lecture notes' two channels  img = arange(32) (1,2,4,4), W = ones (1,2,2,2),
    # dout = 0..8: dW = col.T (8,9) . dout (9,1) -> (8,1) -> (1,2,2,2), from the notes' col.T
    # table (the slides do not print dW's values); dcol = dout . col_W.T (9,8),
    # row i = i; col2im gives both channels the one-channel dx.
    dout = np.arange(9, dtype=np.float64)
    x = t64(np.arange(32).reshape(1, 2, 4, 4), requires_grad=True)
    W = t64(np.ones((1, 2, 2, 2)), requires_grad=True)
    b = t64([0.0], requires_grad=True)
    x.conv2d(W, b).backward(dout.reshape(1, 1, 3, 3))
    assert_array(W.grad, (np.array(COL_T_ARANGE32, dtype=np.float64) @ dout)
                 .reshape(1, 2, 2, 2))
    assert_array(b.grad, [36])
    assert_array(x.grad, [[DX_ARANGE16, DX_ARANGE16]])
    dcol = np.repeat(dout[:, None], 8, axis=1)
    assert_array(col2im(dcol, (1, 2, 4, 4), 2, 2), [[DX_ARANGE16, DX_ARANGE16]])


def test_conv_backward_two_filters():
    # 7장 7.4.3절, the lecture notes' two filters  arange(16) (1,1,4,4), W = ones (2,1,2,2),
    # dout (1,2,3,3) = 0..8 and 9..17, dout.transpose(0,2,3,1).reshape(-1, FN) = (9,2)
    # [[0,9],[1,10],...,[8,17]]; dW = col.T . dout -> (2,1,2,2) =
    # [[258,294],[402,438]] and [[663,780],[1131,1248]].
    # db = np.sum(dout, axis=0) = [0+..+8, 9+..+17] = [36, 117], what the book's
    # Convolution.backward gives.
    dout = np.arange(18, dtype=np.float64).reshape(1, 2, 3, 3)
    assert_array(t64(dout).transpose(0, 2, 3, 1).reshape(-1, 2),
                 [[0, 9], [1, 10], [2, 11], [3, 12], [4, 13], [5, 14], [6, 15], [7, 16], [8, 17]])
    x = t64(np.arange(16).reshape(1, 1, 4, 4), requires_grad=True)
    W = t64(np.ones((2, 1, 2, 2)), requires_grad=True)
    b = t64(np.zeros(2), requires_grad=True)
    x.conv2d(W, b).backward(dout)
    assert_array(W.grad, [[[[258, 294], [402, 438]]], [[[663, 780], [1131, 1248]]]])
    assert_array(b.grad, [36, 117])
    # dcol = dout (9,2) . col_W.T (2,4): every window gets dout0 + dout1 = 2i + 9
    dcol = np.repeat((2 * np.arange(9.0) + 9)[:, None], 4, axis=1)
    assert_array(x.grad, col2im(dcol, (1, 1, 4, 4), 2, 2))


# ================================================================================================
# 7장 7.3절, 7.4.4절 / chapter 7, sections 7.3 and 7.4.4: pooling
# ================================================================================================

def test_max_pool_2x2_stride_2():
    # 7장 7.3절 ("필터의 크기가 2이면 stride도 2이다", the lecture notes): the 4x4 input
    # [[1,2,1,0],[0,1,2,3],[3,0,1,2],[2,4,0,1]], 2x2 windows, stride 2 -> the windows' maxima
    # [[2,3],[4,2]] (the slides highlight the four windows; the maxima are read off them).
    x = Tensor(image([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]]))
    assert_array(x.max_pool2d(2, stride=2), [[[[2, 3], [4, 2]]]])
    assert_array(x.max_pool2d(2), [[[[2, 3], [4, 2]]]])  # stride defaults to the window


@pytest.mark.parametrize("rows, where", [
    ([[1, 2, 0, 7, 1, 0], [0, 9, 2, 3, 2, 3], [3, 0, 1, 2, 1, 2],
      [2, 4, 0, 1, 0, 1], [6, 0, 1, 2, 1, 2], [2, 3, 0, 1, 8, 1]], "section 7.3.1: the input"),
    ([[1, 2, 0, 2, 1, 0], [0, 2, 9, 3, 7, 3], [3, 0, 1, 2, 1, 2],
      [2, 4, 0, 1, 0, 1], [0, 6, 1, 2, 1, 8], [2, 3, 0, 1, 2, 1]], "section 7.3.1: the input shifted"),
])
def test_max_pool_is_robust_to_a_shift(rows, where):
    # 7장 7.3.1절 "입력의 변화에 영향을 적게 받는다": both 6x6 inputs pool (3x3 windows,
    # 6x6 -> 2x2: stride 3) to [[9, 7], [6, 8]].
    assert_array(Tensor(image(rows)).max_pool2d(3, stride=3), [[[[9, 7], [6, 8]]]], err_msg=where)


POOL_CH0 = [[7, 11, 13, 15], [3, 4, 2, 3], [1, 2, 17, 9], [1, 8, 3, 10]]     # 7.4.4절, the notes' channel 0
POOL_CH1 = [[5, 8, 6, 7], [10, 4, 11, 13], [9, 3, 10, 4], [1, 2, 5, 16]]     # 7.4.4절, the notes' channel 1


def test_max_pool_one_channel_walk_through():
    # 7장 7.4.4절, the lecture notes' walk-through  x = POOL_CH0, 2x2 pool, stride 2: col (4,4) =
    # [[7,11,3,4],[13,15,2,3],[1,2,1,8],[17,9,3,10]], arg_max = [1,1,3,0],
    # out (4,) = [11,15,8,17] -> [[11,15],[8,17]].
    x_np = image(POOL_CH0)
    col = im2col(x_np, 2, 2, stride=2, pad=0)
    assert_array(col, [[7, 11, 3, 4], [13, 15, 2, 3], [1, 2, 1, 8], [17, 9, 3, 10]])
    assert np.argmax(col, axis=1).tolist() == [1, 1, 3, 0]
    assert np.max(col, axis=1).tolist() == [11, 15, 8, 17]
    x = Tensor(x_np, requires_grad=True)
    out = x.max_pool2d(2, stride=2)
    assert_array(out, [[[[11, 15], [8, 17]]]])
    # the gradient goes only to each window's arg-max (11, 15, 8, 17)
    out.backward(np.ones((1, 1, 2, 2)))
    assert_array(x.grad, [[[[0, 1, 0, 1], [0, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0]]]])


def test_max_pool_two_channels_forward_and_backward():
    # 7장 7.4.4절, the lecture notes' two channels  x (1,2,4,4) = POOL_CH0, POOL_CH1, 2x2 pool,
    # stride 2.  im2col col (4,8) -> reshape (8,4);
    # arg_max = [1,2,1,3,3,0,0,3] (the notes' first table of it has a stray 0),
    # out (8,) = [11,10,15,13,8,9,17,16]; out (1,2,2,2) = [[11,15],[8,17]] and
    # [[10,13],[9,16]].
    x_np = image(POOL_CH0, POOL_CH1)
    col = im2col(x_np, 2, 2, stride=2, pad=0)
    assert_array(col, [[7, 11, 3, 4, 5, 8, 10, 4],
                       [13, 15, 2, 3, 6, 7, 11, 13],
                       [1, 2, 1, 8, 9, 3, 1, 2],
                       [17, 9, 3, 10, 10, 4, 5, 16]])
    rows = col.reshape(-1, 4)
    assert_array(rows, [[7, 11, 3, 4], [5, 8, 10, 4], [13, 15, 2, 3], [6, 7, 11, 13],
                        [1, 2, 1, 8], [9, 3, 1, 2], [17, 9, 3, 10], [10, 4, 5, 16]])
    assert np.argmax(rows, axis=1).tolist() == [1, 2, 1, 3, 3, 0, 0, 3]
    assert np.max(rows, axis=1).tolist() == [11, 10, 15, 13, 8, 9, 17, 16]
    x = Tensor(x_np, requires_grad=True)
    out = x.max_pool2d(2, stride=2)
    assert_array(out, [[[[11, 15], [8, 17]], [[10, 13], [9, 16]]]])
    # Backward with dout = [[1,2],[3,4]], [[5,6],[7,8]] puts each dout on its
    # window's arg-max: dx = [[0,1,0,2],[0,0,0,0],[0,0,4,0],[0,3,0,0]] and
    # [[0,0,0,0],[5,0,0,6],[7,0,0,0],[0,0,0,8]], as the notes print it.
    dout = np.array([[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]])
    printed_dx = [[[[0, 1, 0, 2], [0, 0, 0, 0], [0, 0, 4, 0], [0, 3, 0, 0]],
                   [[0, 0, 0, 0], [5, 0, 0, 6], [7, 0, 0, 0], [0, 0, 0, 8]]]]
    out.backward(dout)
    assert_array(x.grad, printed_dx)
    # The book's Pooling.backward step by step, as the notes walk through it, on the engine's
    # im2col and col2im: dmax (8,4), dcol (4,8), then col2im -> the same dx.
    dmax, dcol, dx = book_pooling_backward(x_np, dout, 2, 2, 2)
    assert_array(dmax, [[0, 1, 0, 0], [0, 0, 5, 0], [0, 2, 0, 0], [0, 0, 0, 6],
                        [0, 0, 0, 3], [7, 0, 0, 0], [4, 0, 0, 0], [0, 0, 0, 8]])
    assert_array(dcol, [[0, 1, 0, 0, 0, 0, 5, 0], [0, 2, 0, 0, 0, 0, 0, 6],
                        [0, 0, 0, 3, 7, 0, 0, 0], [4, 0, 0, 0, 0, 0, 0, 8]])
    assert_array(dx, printed_dx)


def test_toy_pooling():
    # 7장 7.4.4절, the lecture notes' toy pooling exercise  x = range(18) as (1,2,3,3), pool 2x2, stride 1,
    # pad 0, dout = ones_like(out_final).  The exercise prints x, out_final and dx but the slide shows
    # no printout, so the test compares with what it computes: out_final = [[4,5],[7,8]]
    # and [[13,14],[16,17]]; each window's max is its bottom-right pixel, so
    # dx = [[0,0,0],[0,1,1],[0,1,1]] in both channels.
    x_np = np.array(list(range(2 * 3 * 3)), dtype=np.float64).reshape(1, 2, 3, 3)
    x = Tensor(x_np, requires_grad=True)
    out = x.max_pool2d(2, stride=1, padding=0)
    assert_array(out, [[[[4, 5], [7, 8]], [[13, 14], [16, 17]]]])
    assert_array(out, book_pooling(x_np, 2, 2, 1, np.max))
    out.backward(np.ones(out.shape))
    dx = [[0, 0, 0], [0, 1, 1], [0, 1, 1]]
    assert_array(x.grad, [[dx, dx]])
    # the exercise's backward: dmax at the arg-max, then col2im
    assert_array(book_pooling_backward(x_np, np.ones((1, 2, 2, 2)), 2, 2, 1)[2], [[dx, dx]])


@pytest.mark.parametrize("n, where", [
    (1, "section 7.4.4: MaxPooling and the notes' AveragePooling, one image"),
    (10, "section 7.4.4: MaxPooling and the notes' AveragePooling, a batch of 10"),
])
def test_max_and_average_pooling_of_random_inputs(n, where):
    # 7장 7.4.4절  MaxPooling / AveragePooling(2, 2, stride=2) on np.random.rand(n, 3, 7, 7) -> (n, 3, 3, 3)
    # (int(1 + (7 - 2)/2) = 3, floored).  The printed values come from np.random.rand, so the test
    # compares the engine with the book's im2col pooling (max and, for the notes' QUIZ 4, the row mean).
    x = np.random.default_rng(0).random((n, 3, 7, 7))
    max_out = Tensor(x).max_pool2d(2, stride=2)
    avg_out = Tensor(x).avg_pool2d(2, stride=2)
    assert max_out.shape == avg_out.shape == (n, 3, 3, 3), where
    assert_array(max_out, book_pooling(x, 2, 2, 2, np.max), err_msg=where)
    assert_array(avg_out, book_pooling(x, 2, 2, 2, np.mean), rtol=1e-12, err_msg=where)


def test_global_average_pooling_shapes():
    # Global average pooling, which the lecture notes add to the average pooling of 7장 7.3절:
    # x1 (1,3,7,7): avg_pool2d with the whole 7x7 as window -> (1,3,1,1); the mean over the
    # flattened spatial axis -> (1,3); both give the same numbers.
    x = np.random.default_rng(0).random((1, 3, 7, 7))
    gap1 = Tensor(x).avg_pool2d(7)
    gap3 = Tensor(x).reshape(1, 3, -1).mean(axis=2)
    assert gap1.shape == (1, 3, 1, 1)
    assert gap3.shape == (1, 3)
    assert_array(gap1.reshape(1, 3), gap3.data, rtol=1e-12)
    assert_array(gap3, x.mean(axis=(2, 3)), rtol=1e-12)


@pytest.mark.parametrize("w1, f, s, w2", [(8, 2, 2, 4), (7, 3, 2, 3)])
def test_pooling_output_size_formula(w1, f, s, w2):
    # 7장 7.3절, the lecture notes' common settings F = 2, S = 2 and F = 3, S = 2:
    # W2 = (W1 - F)/S + 1, D2 = D1; no parameters, the channel count is kept (7.3.1절).
    x = Tensor(np.zeros((1, 5, w1, w1)))
    assert x.max_pool2d(f, stride=s).shape == (1, 5, w2, w2)
    assert x.avg_pool2d(f, stride=s).shape == (1, 5, w2, w2)


# ================================================================================================
# 7장 7.4.1절, 7.5절 / chapter 7, sections 7.4.1 and 7.5: the CNN's shapes
# ================================================================================================

def test_four_dimensional_data():
    # 7장 7.4.1절  x = np.random.rand(10, 1, 28, 28): x.shape (10,1,28,28), x[0] (1,28,28),
    # x[0][0] = x[0, 0] (28,28).
    x = Tensor(np.random.default_rng(0).random((10, 1, 28, 28)))
    assert x.shape == (10, 1, 28, 28)
    assert x[0].shape == (1, 28, 28)
    assert x[0][0].shape == x[0, 0].shape == (28, 28)
    assert_array(x[0, 0], x.data[0][0])


@pytest.mark.parametrize("axes, shape", [((0, 1, 3, 2), (3, 4, 2, 5)),
                                         ((1, 2, 3, 0), (4, 5, 2, 3)),
                                         ((3, 2, 1, 0), (2, 5, 4, 3))])
def test_transpose_shapes(axes, shape):
    # 7장 7.4.3절 (transpose, as the lecture notes try it)  x (3,4,5,2): transpose(0,1,3,2)
    # (3,4,2,5); (1,2,3,0) (4,5,2,3); (3,2,1,0) (2,5,4,3)
    assert Tensor(np.zeros((3, 4, 5, 2))).transpose(*axes).shape == shape


def test_simple_convnet_shapes():
    # 7장 7.5절  input (1,28,28), 30 filters 5x5, pad 0, stride 1:
    # conv_output_size = (28 - 5 + 2*0)/1 + 1 = 24; 2x2 pool stride 2 -> 12;
    # pool_output_size = 30 * 12 * 12 = 4320; W1 (30,1,5,5) ("형상 : (30, 1, 5, 5)", 7.6.1절),
    # W2 (4320, 100), W3 (100, 10); Conv - ReLU - Pool - Affine - ReLU - Affine.
    net = SimpleConvNet(input_dim=(1, 28, 28),
                        conv_param={'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1},
                        hidden_size=100, output_size=10, weight_init_std=0.01)
    params = [p for p in net.parameters()]
    assert [p.shape for p in params] == [(30, 1, 5, 5), (30,), (4320, 100), (100,), (100, 10),
                                         (10,)]
    x = Tensor(np.random.default_rng(0).random((2, 1, 28, 28)))
    conv_out = x.conv2d(params[0], params[1], stride=1, padding=0)
    assert conv_out.shape == (2, 30, 24, 24)
    pooled = conv_out.relu().max_pool2d(2, stride=2)
    assert pooled.shape == (2, 30, 12, 12)
    assert pooled.reshape(2, -1).shape == (2, 4320)
    assert net(x).shape == (2, 10)
