"""Every worked example of the lecture notes (``/work/shared/seeds``) that has exact numbers.

Each test computes the seed's example with the engine (Tensor ops and ``backward()``) from the
seed's own inputs and asserts the seed's numbers.  A comment cites the seed file and line:
``004:1490`` is ``seeds/004_*.txt`` line 1490.  Where a seed shows only the code and not its
printout, the test asserts what that code computes (said so in the comment); where the seed has a
slip, the comment names it and the test asserts the correct value.  Where the seed rounds (two
digits on a slide), the tolerance is that of the rounding and the comment says so.
"""

import numpy as np
import pytest

from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F
from tinygrad_ko.ops.conv import col2im, im2col


def t64(values, requires_grad=False):
    """A float64 tensor: the seeds' numbers are exact in float64 (1.1 * 2 = 2.2 to rounding)."""
    return Tensor(np.array(values, dtype=np.float64), requires_grad=requires_grad)


def image(*channels):
    """(1, C, H, W) float64 array from the seed's tables, one (H, W) table per channel."""
    return np.array(channels, dtype=np.float64)[None]


def assert_array(actual, expected, **tolerance):
    actual = actual.data if isinstance(actual, Tensor) else np.asarray(actual)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, **tolerance)


# ================================================================================================
# chapter 2 - perceptron (004)
# ================================================================================================

def perceptron(w, b, x1, x2):
    """The seeds' gate: 1 if sum(w * x) + b > 0 else 0 (004:212-220), with Tensor ops."""
    tmp = (t64(w) * t64([x1, x2])).sum() + b
    return int(tmp.data > 0)


INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_and_nand_or_gates():
    # AND with (w1, w2, theta) = (0.5, 0.5, 0.7) prints 0 0 0 1 (004:160-173), and with
    # theta 0.8 (004:52-64); the bias form b = -theta, b = -0.7 (004:186-204, 004:212-225).
    for theta in (0.7, 0.8):
        assert [perceptron([0.5, 0.5], -theta, *x) for x in INPUTS] == [0, 0, 0, 1]
    # NAND (-0.5, -0.5, theta -0.7 / -0.8) (004:81) and b = 0.7 (004:239-256); table 004:69-73.
    for theta in (-0.7, -0.8):
        assert [perceptron([-0.5, -0.5], -theta, *x) for x in INPUTS] == [1, 1, 1, 0]
    assert [perceptron([-0.5, -0.5], 0.7, *x) for x in INPUTS] == [1, 1, 1, 0]
    # OR (1.0, 1.0, theta 0.7): table 004:87-103; OR with b = -0.2 (004:258-275).
    assert [perceptron([1.0, 1.0], -0.7, *x) for x in INPUTS] == [0, 1, 1, 1]
    assert [perceptron([0.5, 0.5], -0.2, *x) for x in INPUTS] == [0, 1, 1, 1]


def test_decision_boundaries_of_or_and_nand():
    # OR (1, 1, -0.5) table 004:298-308; AND (1, 1, -1.5) table 004:317-330;
    # NAND (-1, -1, 1.5) table 004:334-345.
    assert [perceptron([1, 1], -0.5, *x) for x in INPUTS] == [0, 1, 1, 1]
    assert [perceptron([1, 1], -1.5, *x) for x in INPUTS] == [0, 0, 0, 1]
    assert [perceptron([-1, -1], 1.5, *x) for x in INPUTS] == [1, 1, 1, 0]


def test_xor_from_nand_or_and_and_the_half_adder():
    # XOR = AND(NAND, OR) (004:389-404); table x1 x2 s1 s2 y at 004:378-382;
    # XOR truth table 004:353-357; half adder carry = AND, sum = XOR (004:137-143).
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
# chapter 3 - neural network forward pass (004)
# ================================================================================================

def test_dot_products_of_the_slides():
    # 004:564-583  [[1,2],[3,4]] . [[5,6],[7,8]] = [[19,22],[43,50]]
    assert_array(t64([[1, 2], [3, 4]]) @ t64([[5, 6], [7, 8]]), [[19, 22], [43, 50]])
    # 004:592-603  (2,3).(3,2) -> [[22,28],[49,64]]
    assert_array(t64([[1, 2, 3], [4, 5, 6]]) @ t64([[1, 2], [3, 4], [5, 6]]),
                 [[22, 28], [49, 64]])
    # 004:622-635  [1,2].[3,4] = 11 (also np.sum(A*B))
    assert_array(t64([1, 2]) @ t64([3, 4]), 11)
    assert_array((t64([1, 2]) * t64([3, 4])).sum(), 11)
    # 004:638-651  (3,2).(2,) -> [23,53,83];  004:654-667  (3,2).(2,1) -> [[23],[53],[83]]
    A = t64([[1, 2], [3, 4], [5, 6]])
    assert_array(A @ t64([7, 8]), [23, 53, 83])
    assert_array(A @ t64([[7], [8]]), [[23], [53], [83]])
    # 004:670-685  np.dot(B, A) with B = [7,8,9]: (3,).(3,2) -> [76, 100]
    assert_array(t64([7, 8, 9]) @ A, [76, 100])
    # 004:688-732  AB = [[16,19],[36,43]] and BA = [[19,28],[27,40]]: not commutative
    A2, B2 = t64([[1, 2], [3, 4]]), t64([[4, 5], [6, 7]])
    assert_array(A2 @ B2, [[16, 19], [36, 43]])
    assert_array(B2 @ A2, [[19, 28], [27, 40]])
    # 004:735-747  X (2,) . W (2,3) = [5, 11, 17]
    W = t64([[1, 3, 5], [2, 4, 6]])
    assert_array(t64([1, 2]) @ W, [5, 11, 17])
    # 004:750-761  X (1,2) . W (2,3) -> (1,3).  The slide prints [[5 9 17]]: a slip for
    # [[5 11 17]] (1*3 + 2*4 = 11, as 004:747 has it); the test asserts the correct value.
    assert_array(t64([[1, 2]]) @ W, [[5, 11, 17]])


def test_dot_products_that_the_slides_mark_as_impossible():
    # 004:606-617  (2,3).(2,2) and 004:670-681 (3,2).(3,) (struck through on the slide): the
    # inner axes differ, so the product is an error, not a silent broadcast.
    with pytest.raises(ValueError):
        t64([[1, 2, 3], [4, 5, 6]]) @ t64([[1, 2], [3, 4]])
    with pytest.raises(ValueError):
        t64([[1, 2], [3, 4], [5, 6]]) @ t64([7, 8, 9])


def test_first_layer_of_the_three_layer_net():
    # 004:823-839  X = [1.0, 0.5], W1 = [[0.1,0.3,0.5],[0.2,0.4,0.6]], B1 = [0.1,0.2,0.3]:
    # X.W1 = [0.2, 0.5, 0.8] and A1 = X.W1 + B1 = [0.3, 0.7, 1.1]; shapes (2,) (2,3) (3,) -> (3,).
    X = t64([1.0, 0.5])
    W1 = t64([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    B1 = t64([0.1, 0.2, 0.3])
    assert_array(X @ W1, [0.2, 0.5, 0.8], rtol=0, atol=1e-12)
    A1 = X @ W1 + B1
    assert A1.data.shape == (3,)
    assert_array(A1, [0.3, 0.7, 1.1], rtol=0, atol=1e-12)


def test_softmax_of_0p9_0p8_0p7():
    # 004:878-886  y = exp(a) / sum(exp(a)) for a = (0.9, 0.8, 0.7): 2.46/6.7, 2.23/6.7, 2.01/6.7
    # (the slide's numbers are rounded to 2 decimals, hence the tolerance).
    a = t64([0.9, 0.8, 0.7])
    assert_array(a.exp(), [2.46, 2.23, 2.01], rtol=0, atol=0.005)
    assert_array(a.exp().sum(), 6.7, rtol=0, atol=0.005)
    assert_array(a.softmax(), [2.46 / 6.7, 2.23 / 6.7, 2.01 / 6.7], rtol=0, atol=1e-3)


def test_softmax_of_2p2_1p1_minus_1p1():
    # 004:888-899  a = (2.2, 1.1, -1.1): e^a = 9.0, 3.0, 0.3 (one decimal), sum 12.3 (the slide
    # truncates 12.36), y = 9.0/12.3, 3.0/12.3, 0.3/12.3 = 73 %, 24 %, 3 %.
    a = t64([2.2, 1.1, -1.1])
    assert np.round(a.exp().data, 1).tolist() == [9.0, 3.0, 0.3]
    assert np.floor(a.exp().sum().data * 10) / 10 == 12.3
    y = a.softmax()
    assert np.round(y.data * 100).tolist() == [73, 24, 3]
    assert_array(y.sum(), 1.0)
    # the same table's naive a / sum(a) column: 100 %, 50 %, -50 % (why softmax uses exp)
    assert_array(a / a.sum() * 100, [100, 50, -50], rtol=0, atol=1e-9)


def test_softmax_does_not_change_when_a_constant_is_added():
    # 004:904  exp(a_k + C') / sum exp(a_i + C') = y_k: the overflow guard x - max(x)
    # (004:2122, 004:2146) changes nothing.
    for a in ([0.9, 0.8, 0.7], [2.2, 1.1, -1.1], [10, 9, 8]):
        y = t64(a).softmax().data
        assert_array((t64(a) - max(a)).softmax(), y, rtol=1e-12)
        assert_array((t64(a) + 1000.0).softmax(), y, rtol=1e-12)


def test_softmax_of_a_batch_row_by_row():
    # 004:2139-2171  x = [[10,9,8],[4,6,5]]: the seed's batch softmax normalises each row
    # (x - max per row, exp, divide by the row sum).  The slide shows no printout; the test
    # asserts what the seed's softmax code computes.
    x = np.array([[10, 9, 8], [4, 6, 5]], dtype=np.float64)
    shifted = x - np.max(x, axis=1).reshape(-1, 1)
    expected = np.exp(shifted) / np.sum(np.exp(shifted), axis=1).reshape(-1, 1)
    y = t64(x).softmax(axis=-1)
    assert_array(y, expected, rtol=1e-12)
    assert_array(y.sum(axis=1), [1, 1])
    assert np.argmax(y.data, axis=1).tolist() == [0, 1]


# ================================================================================================
# chapter 4 - loss and numerical differentiation (004)
# ================================================================================================

def test_cross_entropy_of_one_hot_t_1_0_0_is_minus_log_y1():
    # 004:968-987  E = -sum t_k log y_k; with t = (1, 0, 0), E = -log(y1).  y rows of the slide
    # (004:977-980); the engine takes logits, and logits = log(y) give softmax = y exactly
    # because each row of y sums to 1.  The gradient w.r.t. the logits is y - t: the slide's
    # y - t = (-0.9, 0.7, 0.2) for y = (0.1, 0.7, 0.2) (004:985-987).
    t = np.array([[1, 0, 0]])
    for y in ([0.1, 0.7, 0.2], [0.4, 0.4, 0.2], [0.6, 0.3, 0.1], [0.8, 0.1, 0.1]):
        logits = t64([np.log(y)], requires_grad=True)
        loss = F.cross_entropy(logits, t)
        assert_array(loss, -np.log(y[0]), rtol=1e-12)
        loss.backward()
        assert_array(logits.grad, [np.array(y) - t[0]], rtol=0, atol=1e-12)
        if y == [0.1, 0.7, 0.2]:
            assert_array(logits.grad, [[-0.9, 0.7, 0.2]], rtol=0, atol=1e-12)
    # the loss falls as y1 rises (004:976-981 ordering): 2.30 > 0.92 > 0.51 > 0.22
    losses = [float(F.cross_entropy(t64([np.log(y)]), t).data)
              for y in ([0.1, 0.7, 0.2], [0.4, 0.4, 0.2], [0.6, 0.3, 0.1], [0.8, 0.1, 0.1])]
    assert losses == sorted(losses, reverse=True)


def test_cross_entropy_of_a_batch_of_two_is_1p75():
    # 004:1021-1053  y = [[0.1,0.2,0.7],[0.2,0.3,0.5]], t = [[1,0,0],[0,1,0]]:
    # log y picks -2.3 and -1.2, sum 3.5, / batch 2 -> 1.75 (the slide rounds: exact 1.7533).
    # (The slide's log row "-2.3 -1.6 -3.6" has a slip: log 0.7 = -0.36; it is not picked by t.)
    y = np.array([[0.1, 0.2, 0.7], [0.2, 0.3, 0.5]])
    t = np.array([[1, 0, 0], [0, 1, 0]])
    assert_array(np.round(np.log(y), 2)[1], [-1.61, -1.2, -0.69])
    loss = F.cross_entropy(t64(np.log(y)), t)
    assert_array(loss, 1.75, rtol=0, atol=0.005)
    assert_array(loss, (-np.log(0.1) - np.log(0.3)) / 2, rtol=1e-12)
    # labels as class indices give the same loss
    assert_array(F.cross_entropy(t64(np.log(y)), np.array([0, 1])), loss.data, rtol=1e-12)


def test_derivative_of_2x_is_2():
    # 004:1068-1072  y = 2x, dy/dx = 2 ((4 - 2) / 1 = 2)
    x = t64(1.0, requires_grad=True)
    y = x * 2.0
    y.backward()
    assert_array(x.grad, 2.0)
    assert_array((t64(2.0) * 2.0 - t64(1.0) * 2.0) / 1.0, 2.0)


def test_derivative_of_0p01x2_plus_0p1x_at_5_and_10():
    # 004:1090-1105  y = 0.01x^2 + 0.1x, dy/dx = 0.02x + 0.1: 0.2 at x = 5 and 0.3 at x = 10
    # (the seed's numerical_diff approximates these; backward gives them to rounding).
    for x0, slope in ((5.0, 0.2), (10.0, 0.3)):
        x = t64(x0, requires_grad=True)
        y = 0.01 * x ** 2 + 0.1 * x
        y.backward()
        assert_array(x.grad, slope, rtol=1e-12)


def test_partial_derivatives_of_x0_squared_plus_x1_squared_at_3_4():
    # 004:1108-1140  f(x0, x1) = x0^2 + x1^2 at (3, 4): df/dx0 = 2 x0 = 6, df/dx1 = 2 x1 = 8
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
# chapter 5 - backpropagation on the computational graph (004, 000, 001)
# ================================================================================================

def test_mul_layer_forward_10_times_5_backward_1p5():
    # 004:1452-1482  mul.forward(10, 5) -> 50; mul.backward(1.5): dx = dout * y = 7.5,
    # dy = dout * x = 15 ("multiply by the other input of the forward pass").
    x, y = t64(10.0, requires_grad=True), t64(5.0, requires_grad=True)
    out = x * y
    assert_array(out, 50.0)
    out.backward(np.array(1.5))
    assert_array(x.grad, 7.5)
    assert_array(y.grad, 15.0)


def test_apple():
    # 004:1486-1525  apple = 100, apple_num = 2, tax = 1.1; price = apple*apple_num*tax.
    # The seed prints price 220, dApple 2.2, dApple_num 110, dTax 200 (int() of 220 and 110).
    apple = Tensor(np.array(100.0), requires_grad=True)
    apple_num = Tensor(np.array(2.0), requires_grad=True)
    tax = Tensor(np.array(1.1), requires_grad=True)
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
    # 004:1530-1575 (code), graph 004:1172-1209: (100*2 + 150*3) * 1.1 = 715, with
    # apple_price 200, orange_price 450, all_price 650.  The seed prints price 715,
    # dApple 2.2, dApple_num 110, dOrange 3.3, dOrange_num 165, dTax 650.
    apple = Tensor(np.array(100.0), requires_grad=True)
    apple_num = Tensor(np.array(2.0), requires_grad=True)
    orange = Tensor(np.array(150.0), requires_grad=True)
    orange_num = Tensor(np.array(3.0), requires_grad=True)
    tax = Tensor(np.array(1.1), requires_grad=True)
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
    # 004:1604  [1, -2, 3, -4, 5] -> [1, 0, 3, 0, 5]; the mask x <= 0 (004:1606-1612)
    assert_array(t64([1, -2, 3, -4, 5]).relu(), [1, 0, 3, 0, 5])
    # 004:1637-1646  x = [1, -1, 2, -2]: y = [1, 0, 2, 0]; backward([3, 3, 3, 3]) = [3, 0, 3, 0]
    x = t64([1, -1, 2, -2], requires_grad=True)
    y = x.relu()
    assert_array(y, [1, 0, 2, 0])
    y.backward(np.array([3.0, 3.0, 3.0, 3.0]))
    assert_array(x.grad, [3, 0, 3, 0])


def test_sigmoid_forward_and_backward():
    # 004:1701-1727  x = [-2, -1, 1, 2], y = 1 / (1 + exp(-x)), backward([30]*4) = 30 y (1 - y)
    # (004:1697).  The slide shows the code only; the test asserts what it computes.
    xs = np.array([-2.0, -1.0, 1.0, 2.0])
    y_seed = 1 / (1 + np.exp(-xs))
    x = t64(xs, requires_grad=True)
    y = x.sigmoid()
    assert_array(y, y_seed, rtol=1e-12)
    y.backward(np.array([30.0, 30.0, 30.0, 30.0]))
    assert_array(x.grad, 30 * y_seed * (1.0 - y_seed), rtol=1e-12)
    assert_array(x.grad, [3.15, 5.90, 5.90, 3.15], rtol=0, atol=0.005)  # to two decimals


def test_broadcast_additions_of_the_slides():
    # 004:1823-1830  [1,2,3] + [4,5,6] = [5,7,9]
    assert_array(t64([1, 2, 3]) + t64([4, 5, 6]), [5, 7, 9])
    # 004:1843-1852  [1,2,3] + 4 = [5,6,7] (repeat)
    assert_array(t64([1, 2, 3]) + 4.0, [5, 6, 7])
    # 004:1854-1865  [[1,2],[3,4]] + 4 = [[5,6],[7,8]]
    assert_array(t64([[1, 2], [3, 4]]) + 4.0, [[5, 6], [7, 8]])
    # 004:1867-1879  [[1,2],[3,4]] + [1,2] = [[2,4],[4,6]]
    assert_array(t64([[1, 2], [3, 4]]) + t64([1, 2]), [[2, 4], [4, 6]])
    # 004:1881-1892  [[1,2,3]] (1,3) + [2,2,2] (3,) = [[3,4,5]] (1,3)
    assert_array(t64([[1, 2, 3]]) + t64([2, 2, 2]), [[3, 4, 5]])


def test_broadcast_of_3_and_2_elements_is_an_error():
    # 004:1832-1841  [1,2,3] + [4,5]: the slide's result row stays incomplete (5 7 _): the shapes
    # (3,) and (2,) do not broadcast.
    with pytest.raises(ValueError):
        t64([1, 2, 3]) + t64([4, 5])


def test_gradient_of_a_repeat_node_is_the_sum():
    # 004:1896 "리피트 노드의 미분값은 합이다" and 004:1907-1911: dL/dB is the sum of dL/dY over
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
    assert B.grad.data.shape == (3,)
    assert_array(B.grad, dY.sum(axis=0))


def test_affine_batch_walk_through():
    # 004:1968-1995  W = [[1,1,1],[2,2,2]], b = [1,1,1], X = [[1,1],[2,2]]:
    # Y = X.W + b = [[4,4,4],[7,7,7]]; dout = ones (2,3): dx = dout.W^T = [[3,6],[3,6]],
    # dW = X^T.dout = [[3,3,3],[3,3,3]]; db = np.sum(dout, axis=0) = [2,2,2] (004:1933, 004:1810).
    X = t64([[1, 1], [2, 2]], requires_grad=True)
    W = t64([[1, 1, 1], [2, 2, 2]], requires_grad=True)
    b = t64([1, 1, 1], requires_grad=True)
    Y = X @ W + b
    assert_array(Y, [[4, 4, 4], [7, 7, 7]])
    Y.backward(np.ones((2, 3)))
    assert_array(X.grad, [[3, 6], [3, 6]])
    assert_array(W.grad, [[3, 3, 3], [3, 3, 3]])
    assert_array(b.grad, [2, 2, 2])


def test_affine_one_sample_walk_through():
    # 004:2025-2041  X = [1,1] (2,): Y = [4,4,4] (3,); dout = [1,1,1]: dx = [3,6] (2,).
    # dW = X^T.dout = [[1,1,1],[1,1,1]] (2,3), as 004:2105-2108 shows it.  (004:2041 prints
    # [[3,3,3],[3,3,3]] there: a slip copied from the batch slide - X here is one row of ones.)
    X = t64([1, 1], requires_grad=True)
    W = t64([[1, 1, 1], [2, 2, 2]], requires_grad=True)
    b = t64([1, 1, 1], requires_grad=True)
    Y = X @ W + b
    assert_array(Y, [4, 4, 4])
    Y.backward(np.ones(3))
    assert_array(X.grad, [3, 6])
    assert_array(W.grad, [[1, 1, 1], [1, 1, 1]])
    assert_array(b.grad, [1, 1, 1])


def test_affine_one_sample_reshaped_to_a_batch_of_one():
    # 004:2049-2108  the seed's Affine reshapes x (2,) to (1,2): Y = [[4,4,4]] (1,3);
    # dout = [[1,1,1]] (1,3): dx = [[3,6]] (1,2), dW = [[1,1,1],[1,1,1]] (2,3), db = [1,1,1];
    # dx goes back to the original shape (2,) (004:2071).
    x = t64([1, 1], requires_grad=True)
    W = t64([[1, 1, 1], [2, 2, 2]], requires_grad=True)
    b = t64([1, 1, 1], requires_grad=True)
    X = x.reshape(1, 2)
    Y = X @ W + b
    assert_array(Y, [[4, 4, 4]])
    Y.backward(np.array([[1.0, 1.0, 1.0]]), retain_grad=True)
    assert_array(X.grad, [[3, 6]])
    assert_array(x.grad, [3, 6])
    assert_array(W.grad, [[1, 1, 1], [1, 1, 1]])
    assert_array(b.grad, [1, 1, 1])


def test_affine_bias_gradient_sums_the_batch():
    # 000:1808-1823  batch Affine, N = 2: dY = [[1,2,3],[4,5,6]], dB = np.sum(dY, axis=0) = [5,7,9]
    X = t64(np.ones((2, 2)), requires_grad=True)
    W = t64(np.ones((2, 3)), requires_grad=True)
    B = t64(np.zeros(3), requires_grad=True)
    (X @ W + B).backward(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    assert_array(B.grad, [5, 7, 9])


def test_affine_shapes_of_the_slides():
    # 004:1745-1758  X (2,) . W (2,3) + B (3,) -> Y (3,);  004:1764-1785  X (5,2) -> Y (5,3),
    # B repeated to (5,3);  004:1898-1911  dX (5,2), dW (2,3), dB (3,).
    assert (t64(np.ones(2)) @ t64(np.ones((2, 3))) + t64(np.ones(3))).data.shape == (3,)
    X = t64(np.random.default_rng(0).random((5, 2)), requires_grad=True)
    W = t64(np.random.default_rng(1).random((2, 3)), requires_grad=True)
    B = t64(np.random.default_rng(2).random(3), requires_grad=True)
    Y = X @ W + B
    assert Y.data.shape == (5, 3)
    dY = np.ones((5, 3))
    Y.backward(dY)
    assert X.grad.data.shape == (5, 2) and W.grad.data.shape == (2, 3) and B.grad.data.shape == (3,)
    assert_array(X.grad, dY @ W.data.T, rtol=1e-12)
    assert_array(W.grad, X.data.T @ dY, rtol=1e-12)


def test_two_layer_net_backward_shapes():
    # 004:2444-2468  TwoLayerNet with batch 100, 784 -> 50 -> 10: dout = (y - t) / 100 (100,10);
    # dW2 = X2^T.dout (50,10); dx2 = dout.W2^T (100,50); dW1 = X^T.dout (784,50); dx (100,784).
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
    assert logits.grad.data.shape == (100, 10)
    onehot = np.eye(10)[t]
    assert_array(logits.grad, (logits.softmax().data - onehot) / 100, rtol=1e-10, atol=1e-15)
    assert W2.grad.data.shape == (50, 10) and hidden.grad.data.shape == (100, 50)
    assert W1.grad.data.shape == (784, 50) and x.grad.data.shape == (100, 784)
    assert b1.grad.data.shape == (50,) and b2.grad.data.shape == (10,)


def test_cross_entropy_of_one_sample_is_1p6():
    # 004:2206-2214  y = (0.2, 0.7, 0.1) (1,3), t = (1, 0, 0): -log 0.2 = 1.6 (1.609, rounded)
    loss = F.cross_entropy(t64([np.log([0.2, 0.7, 0.1])]), np.array([[1, 0, 0]]))
    assert_array(loss, 1.6, rtol=0, atol=0.01)
    assert_array(loss, -np.log(0.2), rtol=1e-12)


def test_softmax_with_loss_batch_of_two():
    # 004:2234-2377  y = [[0.2,0.1,0.7],[0.3,0.1,0.6]] (softmax of the scores), t = [[1,0,0],[0,1,0]]
    # (개 고양이 사슴).  Loss: y[[0,1],[0,1]] = [0.2, 0.1] -> [-1.6, -2.3] -> (1.6 + 2.3)/2 = 1.95
    # (004:2238; the slide truncates: exact 1.956).  Backward (004:2271-2274):
    # y - t = [[-0.8,0.1,0.7],[0.3,-0.9,0.6]], dx = (y - t)/batch_size =
    # [[-0.4,0.05,0.35],[0.15,-0.45,0.3]] (004:2359-2375).
    y = np.array([[0.2, 0.1, 0.7], [0.3, 0.1, 0.6]])
    for t in (np.array([[1, 0, 0], [0, 1, 0]]), np.array([0, 1])):
        logits = t64(np.log(y), requires_grad=True)
        loss = F.cross_entropy(logits, t)
        assert_array(logits.softmax(), y, rtol=1e-12)
        assert_array(loss, 1.95, rtol=0, atol=0.01)
        assert_array(loss, (-np.log(0.2) - np.log(0.1)) / 2, rtol=1e-12)
        loss.backward()
        assert_array(logits.grad * 2, [[-0.8, 0.1, 0.7], [0.3, -0.9, 0.6]], rtol=0, atol=1e-12)
        assert_array(logits.grad, [[-0.4, 0.05, 0.35], [0.15, -0.45, 0.3]], rtol=0, atol=1e-12)


def test_softmax_with_loss_gradient_is_y_minus_t_over_batch_for_any_scores():
    # 004:2271-2274 and 001:258 "dy = (y - t) / batch_num": the gradient of the mean
    # cross-entropy w.r.t. the scores, for the slide's score rows x = [[10,9,8],[4,6,5]] (004:2170)
    x = np.array([[10.0, 9.0, 8.0], [4.0, 6.0, 5.0]])
    t = np.array([[1, 0, 0], [0, 0, 1]])
    logits = t64(x, requires_grad=True)
    loss = F.cross_entropy(logits, t)
    y = np.exp(x - x.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    assert_array(loss, -np.sum(t * np.log(y)) / 2, rtol=1e-12)
    loss.backward()
    assert_array(logits.grad, (y - t) / 2, rtol=1e-12, atol=1e-15)


# ================================================================================================
# chapter 7 - convolution (000, 001, 002, 003, 004)
# ================================================================================================

SEED_4x4 = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
SEED_3x3_FILTER = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]


def test_conv_4x4_by_3x3_plus_bias_3():
    # 004:2959-2991  first window: 1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15;
    # output [[15,16],[6,15]], + bias 3 = [[18,19],[9,18]]; size N - F + 1 = 4 - 3 + 1 = 2.
    x = Tensor(image(SEED_4x4))
    W = Tensor(image(SEED_3x3_FILTER))
    assert_array(x.conv2d(W), [[[[15, 16], [6, 15]]]])
    assert_array(x.conv2d(W, t64([3])), [[[[18, 19], [9, 18]]]])


def test_conv_with_padding_1_keeps_4x4():
    # 004:2999-3025, 000:549-587, 001:1224-1262  input (4,4), pad 1, stride 1, filter (3,3):
    # OH = (4 + 2*1 - 3)/1 + 1 = 4; output [[7,12,10,2],[4,15,16,10],[10,6,15,6],[8,10,4,3]].
    out = Tensor(image(SEED_4x4)).conv2d(Tensor(image(SEED_3x3_FILTER)), padding=1)
    assert_array(out, [[[[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]]])


def test_conv_7x7_stride_2_first_row_15_17():
    # 001:1264-1297  input (7,7) (the 4x4 pattern repeated), pad 0, stride 2, filter (3,3):
    # OH = (7 + 2*0 - 3)/2 + 1 = 3; the slide fills in the first two outputs, 15 and 17.
    x = image([[1, 2, 3, 0, 1, 2, 3],
               [0, 1, 2, 3, 0, 1, 2],
               [3, 0, 1, 2, 3, 0, 1],
               [2, 3, 0, 1, 2, 3, 0],
               [1, 2, 3, 0, 1, 2, 3],
               [0, 1, 2, 3, 0, 1, 2],
               [3, 0, 1, 2, 3, 0, 1]])
    out = Tensor(x).conv2d(Tensor(image(SEED_3x3_FILTER)), stride=2)
    assert out.data.shape == (1, 1, 3, 3)
    assert_array(out.data[0, 0, 0, :2], [15, 17])


def test_conv_2x2_filter_with_stride_1_and_2():
    # 004:3027-3066  the 4x4 input and the 2x2 filter [[2,0],[0,1]]: stride 1 -> 3x3 windows,
    # stride 2 -> 2x2; first window [[1,2],[0,1]] -> 1*2 + 1*1 = 3 in both.
    x = Tensor(image(SEED_4x4))
    W = Tensor(image([[2, 0], [0, 1]]))
    s1, s2 = x.conv2d(W, stride=1), x.conv2d(W, stride=2)
    assert s1.data.shape == (1, 1, 3, 3) and s2.data.shape == (1, 1, 2, 2)
    assert s1.data[0, 0, 0, 0] == 3 and s2.data[0, 0, 0, 0] == 3
    assert_array(s2, s1.data[:, :, ::2, ::2])


@pytest.mark.parametrize("hw, kernel, pad, stride, out_hw, where", [
    ((7, 7), 3, 0, 1, (5, 5), "000:363-417 / 002:165"),
    ((7, 7), 3, 0, 2, (3, 3), "000:430-457 / 002:166 / 004:3110-3114"),
    ((7, 7), 3, 1, 1, (7, 7), "000:489-523"),
    ((4, 4), 3, 1, 1, (4, 4), "000:551-553 / 004:3094-3098"),
    ((28, 31), 5, 2, 3, (10, 11), "000:622-630 / 001:1317-1325 / 004:3127-3131"),
    ((32, 32), 5, 2, 1, (32, 32), "000:640-671"),
    ((4, 4), 3, 0, 1, (2, 2), "004:2995-2997"),
])
def test_output_size_formula(hw, kernel, pad, stride, out_hw, where):
    # OH = (H + 2P - FH)/S + 1, OW = (W + 2P - FW)/S + 1 (000:543-545), at the seeds' examples.
    x = Tensor(np.zeros((1, 1) + hw))
    W = Tensor(np.zeros((1, 1, kernel, kernel)))
    assert x.conv2d(W, stride=stride, padding=pad).data.shape == (1, 1) + out_hw, where


def test_ten_5x5x3_filters_have_760_parameters():
    # 000:640-671  input 32x32x3, 10 filters 5x5 stride 1 pad 2: each filter 5*5*3 + 1 = 76
    # parameters (+1 for the bias), 76 * 10 = 760; the output keeps 32x32, with 10 channels.
    W = Tensor(np.zeros((10, 3, 5, 5)))
    b = Tensor(np.zeros(10))
    out = Tensor(np.zeros((1, 3, 32, 32))).conv2d(W, b, stride=1, padding=2)
    assert out.data.shape == (1, 10, 32, 32)
    assert W.data[0].size + 1 == 76
    assert W.data.size + b.data.size == 760


def test_conv_shapes_of_the_block_slides():
    # 004:3134-3155  input (3,4,4) * filter (3,3,3) -> output (1,2,2)
    assert Tensor(np.ones((1, 3, 4, 4))).conv2d(Tensor(np.ones((1, 3, 3, 3)))).data.shape == \
        (1, 1, 2, 2)
    # 004:3188-3228  (N,C,H,W) * (FN,C,FH,FW) + (FN,) -> (N,FN,OH,OW)
    out = Tensor(np.ones((4, 3, 6, 6))).conv2d(Tensor(np.ones((5, 3, 3, 3))), Tensor(np.ones(5)))
    assert out.data.shape == (4, 5, 4, 4)
    # 004:4233-4244  (1,3,182,277) * (1,3,2,2) -> (1,1,181,276);
    # 004:3405-3417  (1,3,448,640) * 2x2 filter -> (447, 639)
    assert Tensor(np.zeros((1, 3, 182, 277))).conv2d(Tensor(np.zeros((1, 3, 2, 2)))).data.shape == \
        (1, 1, 181, 276)
    assert Tensor(np.zeros((1, 3, 448, 640), dtype=np.float32)).conv2d(
        Tensor(np.zeros((1, 3, 2, 2), dtype=np.float32))).data.shape == (1, 1, 447, 639)


def test_filter_and_input_channels_must_match():
    # 000:674-697, 002:207, 003:94  "입력 데이터의 채널 수와 필터의 채널 수가 같아야 한다"
    with pytest.raises(ValueError):
        Tensor(np.zeros((1, 3, 4, 4))).conv2d(Tensor(np.zeros((1, 2, 3, 3))))


def test_two_3x3_convolutions_see_what_one_5x5_sees():
    # 000:2824-2854, 001:1672-1711  5x5 once vs 3x3 twice: the same 5x5 receptive field
    # (a 5x5 input shrinks to 1x1 either way); parameters 25 vs 3*3*2 = 18, 49 vs 3*3*3 = 27.
    x = Tensor(np.ones((1, 1, 5, 5)))
    w3, w5 = Tensor(np.ones((1, 1, 3, 3))), Tensor(np.ones((1, 1, 5, 5)))
    assert x.conv2d(w3).conv2d(w3).data.shape == x.conv2d(w5).data.shape == (1, 1, 1, 1)
    assert_array(x.conv2d(w3).conv2d(w3), [[[[81]]]])
    assert (w5.data.size, 2 * w3.data.size, 7 * 7, 3 * w3.data.size) == (25, 18, 49, 27)


def test_vertical_edge_filter():
    # 000:25-216 (and 001:693-848)  the filter [[-1,0,1]]*3 on a picture 0 on the left and 100 on
    # the right gives rows "0 300 300 0".  The picture's exact size is not printed: three rows
    # of four outputs need a 5x6 picture, 0 in the left three columns and 100 in the right three.
    picture = np.zeros((5, 6))
    picture[:, 3:] = 100
    edge = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]
    out = Tensor(image(picture)).conv2d(Tensor(image(edge)))
    assert_array(out, [[[[0, 300, 300, 0], [0, 300, 300, 0], [0, 300, 300, 0]]]])


def test_toy_conv_forward():
    # 000:1146-1379 and the code 000:1520-1547 (prac1_toyConv.py): x = range(9) as (1,1,3,3),
    # W = ones (2,1,2,2) with W[1] *= 2, b = ones (2,), stride 1, pad 0:
    # out_final = [[9,13],[21,25]] and [[17,25],[41,49]] (000:1374-1379, 000:1721-1724).
    x = np.array(list(range(1 * 3 * 3)), dtype=np.float64).reshape(1, 1, 3, 3)
    W = np.ones((2, 1, 2, 2))
    W[1] = W[1] * 2
    b = np.ones((2,))
    out = Tensor(x).conv2d(Tensor(W), Tensor(b), stride=1, padding=0)
    assert_array(out, [[[[9, 13], [21, 25]], [[17, 25], [41, 49]]]])
    # 000:1427-1510  the same as an Affine layer: im2col(x) (4,4) . col_W (4,2) + b
    col = im2col(x, 2, 2, 1, 0)
    assert_array(col, [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]])
    col_W = W.reshape(2, -1).T
    assert_array(col_W, [[1, 2], [1, 2], [1, 2], [1, 2]])
    affine = Tensor(col) @ Tensor(col_W) + Tensor(b)
    assert_array(affine.reshape(1, 2, 2, -1).transpose(0, 3, 1, 2), out.data)


def test_toy_conv_backward():
    # 000:1763-1977  dout = ones_like(out_final): the seed prints
    # dW = [[[[8,12],[20,24]]], [[[8,12],[20,24]]]], db = [4, 4], dx = [[3,6,3],[6,12,6],[3,6,3]].
    x = Tensor(np.arange(9, dtype=np.float64).reshape(1, 1, 3, 3), requires_grad=True)
    W_init = np.ones((2, 1, 2, 2))
    W_init[1] *= 2
    W = Tensor(W_init, requires_grad=True)
    b = Tensor(np.ones(2), requires_grad=True)
    out = x.conv2d(W, b)
    out.backward(np.ones(out.data.shape))
    assert_array(W.grad, [[[[8, 12], [20, 24]]], [[[8, 12], [20, 24]]]])
    assert_array(b.grad, [4, 4])
    assert_array(x.grad, [[[[3, 6, 3], [6, 12, 6], [3, 6, 3]]]])


def test_conv_arange16_ones_filter_bias_3():
    # 004:3333-3386 (code and printout), 004:3433-3445: image = arange(16) (1,1,4,4),
    # W = ones (1,1,2,2), b = np.full((1,), 3): out (1,1,3,3) = [[13,17,21],[29,33,37],[45,49,53]].
    img = np.arange(16).reshape(1, 1, 4, 4)
    W = np.ones((1, 1, 2, 2))
    b = np.full((1,), 3)
    out = Tensor(img.astype(np.float64)).conv2d(Tensor(W), Tensor(b.astype(np.float64)))
    assert out.data.shape == (1, 1, 3, 3)
    assert_array(out, [[[[13, 17, 21], [29, 33, 37], [45, 49, 53]]]])
    # 004:3732-3778  the same through im2col: col (9,4) . col_W (4,1) + 3 = 13 17 21 ... 53 (9,1)
    col = im2col(img.astype(np.float64), 2, 2, 1, 0)
    assert_array(col @ W.reshape(1, -1).T + b, [[13], [17], [21], [29], [33], [37], [45], [49],
                                                [53]])


def test_im2col_walk_through_arange16():
    # 004:3499-3724  image = arange(16) (1,1,4,4), 2x2 filter, stride 1, pad 0:
    # col (1,1,2,2,3,3) -> transpose (0,4,5,1,2,3) -> reshape (1*3*3, 1*2*2) = (9,4) printed as
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


def test_im2col_shapes():
    # 000:1026-1144 and 002:383-399: x1 (1,3,7,7) with a 5x5 filter -> (9, 75);
    # x2 (10,3,7,7) -> (90, 75);  004:3458-3471: (1,1,7,7) -> (9, 25) = (N*OH*OW, C*FH*FW).
    rng = np.random.default_rng(0)
    assert im2col(rng.random((1, 3, 7, 7)), 5, 5, stride=1, pad=0).shape == (9, 75)
    assert im2col(rng.random((10, 3, 7, 7)), 5, 5, stride=1, pad=0).shape == (90, 75)
    assert im2col(rng.random((1, 1, 7, 7)), 5, 5, stride=1, pad=0).shape == (9, 25)
    # 004:4158-4215  (1,2,4,4) with 2x2 -> (9, 8); (2,2,4,4) -> (18, 8)
    assert im2col(rng.random((1, 2, 4, 4)), 2, 2).shape == (9, 8)
    assert im2col(rng.random((2, 2, 4, 4)), 2, 2).shape == (18, 8)


def test_im2col_two_channels():
    # 004:3817-3985  img = arange(32) as (1,2,4,4) (channels 0..15 and 16..31, 004:3977-3985),
    # 2x2 filter: col (9, 8), rows = (channel 0 window, channel 1 window), as 004:3964-3974.
    # (004:3939 and 004:3953 print the third row as "... 22 24": a slip for "22 23", which
    # 004:3968 and 004:4867 have.)
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


def test_conv_two_filters_bias_3():
    # 004:4018-4101  image arange(16) (1,1,4,4), W (2,1,2,2) = [ones, 2*ones]
    # (W.reshape(FN,-1) = [[1,1,1,1],[2,2,2,2]], col_W (4,2) = [[1,2]]*4), b = [3, 3]:
    # col.col_W = [[10,20],[14,28],...,[50,100]]; + 3 = [[13,23],...,[53,103]] (9,2);
    # out (1,2,3,3) = [[13,17,21],[29,33,37],[45,49,53]] and [[23,31,39],[55,63,71],[87,95,103]].
    img = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
    W = np.stack([np.ones((1, 2, 2)), 2 * np.ones((1, 2, 2))])
    b = np.array([3.0, 3.0])
    col = im2col(img, 2, 2)
    col_W = W.reshape(2, -1).T
    assert_array(col_W, [[1, 2]] * 4)
    assert_array(col @ col_W, [[10, 20], [14, 28], [18, 36], [26, 52], [30, 60], [34, 68],
                               [42, 84], [46, 92], [50, 100]])
    out = Tensor(img).conv2d(Tensor(W), Tensor(b))
    assert_array(out, [[[[13, 17, 21], [29, 33, 37], [45, 49, 53]],
                        [[23, 31, 39], [55, 63, 71], [87, 95, 103]]]])
    assert_array(out.transpose(0, 2, 3, 1).reshape(9, 2),
                 [[13, 23], [17, 31], [21, 39], [29, 55], [33, 63], [37, 71], [45, 87],
                  [49, 95], [53, 103]])


def test_conv_three_filters_on_two_channels_and_a_batch_of_two():
    # 004:4144-4215  (1,2,4,4) * (3,2,2,2): col (9,8) . (8,3) = (9,3) -> (1,3,3,3);
    # batch (2,2,4,4): col (18,8) . (8,3) = (18,3) -> (2,3,3,3).
    W = Tensor(np.ones((3, 2, 2, 2)))
    assert Tensor(np.ones((1, 2, 4, 4))).conv2d(W).data.shape == (1, 3, 3, 3)
    assert Tensor(np.ones((2, 2, 4, 4))).conv2d(W).data.shape == (2, 3, 3, 3)
    assert_array(Tensor(np.ones((2, 2, 4, 4))).conv2d(W), np.full((2, 3, 3, 3), 8.0))


def test_conv_padding_1_ones_3x3_bias_3_on_1_to_16():
    # 004:4255-4330  conv = Convolution(w, b, pad=1): img 1..16 (1,1,4,4) (the padded picture
    # 004:4302-4306), w = ones (1,1,3,3), b = 3: out (1,1,4,4) =
    # 17 27 33 25 / 36 57 66 48 / 60 93 102 72 / 49 75 81 57 (004:4280-4300).
    img = np.arange(1, 17, dtype=np.float64).reshape(1, 1, 4, 4)
    out = Tensor(img).conv2d(Tensor(np.ones((1, 1, 3, 3))), t64([3]), padding=1)
    assert_array(out, [[[[17, 27, 33, 25], [36, 57, 66, 48], [60, 93, 102, 72],
                         [49, 75, 81, 57]]]])
    # the padded image of the slide (004:4302-4306, a 6x6 frame of zeros around 1..16)
    assert_array(np.pad(img, [(0, 0), (0, 0), (1, 1), (1, 1)])[0, 0, 1:5, 1:5], img[0, 0])


SEED_DX = [[0, 1, 3, 2], [3, 8, 12, 7], [9, 20, 24, 13], [6, 13, 15, 8]]


def test_conv_backward_arange16_with_dout_0_to_8():
    # 004:4341-4730  the arange(16) image, W = ones (1,1,2,2), b = 3, dout = 0..8 (1,1,3,3)
    # (dout (9,1) = 0..8 at 004:4391 and 004:4528-4536):
    #   db = np.sum(dout, axis=0) = 36 (004:4388-4402);
    #   dW = col.T . dout = [[258, 294], [402, 438]] (004:4459-4474, 004:5064);
    #   dx = col2im(dout . col_W.T) = [[0,1,3,2],[3,8,12,7],[9,20,24,13],[6,13,15,8]]
    #   (004:4680-4683, 004:4724-4730).
    x = Tensor(np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4), requires_grad=True)
    W = Tensor(np.ones((1, 1, 2, 2)), requires_grad=True)
    b = t64([3], requires_grad=True)
    out = x.conv2d(W, b)
    out.backward(np.arange(9, dtype=np.float64).reshape(1, 1, 3, 3))
    assert_array(b.grad, [36])
    assert_array(W.grad, [[[[258, 294], [402, 438]]]])
    assert_array(x.grad, [[SEED_DX]])


def test_col2im_walk_through():
    # 004:4500-4730  dcol (9,4): row i is i repeated (dout . col_W.T with col_W = ones, 004:4525);
    # col2im(dcol, (1,1,4,4), 2, 2, stride 1, pad 0) adds each window back (overlaps summed):
    # dx = [[0,1,3,2],[3,8,12,7],[9,20,24,13],[6,13,15,8]] (004:4680-4683).
    dcol = np.repeat(np.arange(9, dtype=np.float64)[:, None], 4, axis=1)
    assert_array(col2im(dcol, (1, 1, 4, 4), 2, 2, stride=1, pad=0), [[SEED_DX]])
    # The seed's four steps `img[:, :, y:y_max, x:x_max] += dcol[:, :, y, x]` (004:4587-4677):
    # col2im of the columns of the first k filter offsets (column index fh*2 + fw) is the
    # picture after step k.
    steps = {
        1: [[0, 1, 2, 0], [3, 4, 5, 0], [6, 7, 8, 0], [0, 0, 0, 0]],       # 004:4595-4599
        2: [[0, 1, 3, 2], [3, 7, 9, 5], [6, 13, 15, 8], [0, 0, 0, 0]],     # 004:4620-4624
        3: [[0, 1, 3, 2], [3, 8, 11, 5], [9, 17, 20, 8], [6, 7, 8, 0]],    # 004:4645-4650
        4: SEED_DX,                                                        # 004:4671-4677
    }
    for k, picture in steps.items():
        partial = dcol.copy()
        partial[:, k:] = 0
        assert_array(col2im(partial, (1, 1, 4, 4), 2, 2), [[picture]])


def test_col2im_sums_the_repeats_of_im2col():
    # 004:4719 "합성곱 연산은 리피트 연산이다" / 004:4739 "합성곱 연산의 미분은 합연산이다":
    # col2im of im2col's column of ones counts how often each pixel was repeated.
    ones = np.ones((9, 4))
    assert_array(col2im(ones, (1, 1, 4, 4), 2, 2), [[[[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2],
                                                       [1, 2, 2, 1]]]])


def test_conv_backward_two_channels():
    # 004:4772-4990  img = arange(32) (1,2,4,4), W = ones (1,2,2,2) (004:4818-4823), dout = 0..8:
    # dW = col.T (8,9) . dout (9,1) -> (8,1) -> (1,2,2,2); dcol = dout . col_W.T (9,8), row i = i
    # (004:4852-4860); col2im gives both channels the one-channel dx.  The slides show the steps
    # but not dW's values; the test computes them from the slide's col table (004:4779-4786).
    col_T = np.array([[0, 1, 2, 4, 5, 6, 8, 9, 10],
                      [1, 2, 3, 5, 6, 7, 9, 10, 11],
                      [4, 5, 6, 8, 9, 10, 12, 13, 14],
                      [5, 6, 7, 9, 10, 11, 13, 14, 15],
                      [16, 17, 18, 20, 21, 22, 24, 25, 26],
                      [17, 18, 19, 21, 22, 23, 25, 26, 27],
                      [20, 21, 22, 24, 25, 26, 28, 29, 30],
                      [21, 22, 23, 25, 26, 27, 29, 30, 31]], dtype=np.float64)
    dout = np.arange(9, dtype=np.float64)
    x = Tensor(np.arange(32, dtype=np.float64).reshape(1, 2, 4, 4), requires_grad=True)
    W = Tensor(np.ones((1, 2, 2, 2)), requires_grad=True)
    x.conv2d(W).backward(dout.reshape(1, 1, 3, 3))
    assert_array(W.grad, (col_T @ dout).reshape(1, 2, 2, 2))
    assert_array(W.grad, [[[[258, 294], [402, 438]], [[834, 870], [978, 1014]]]])
    assert_array(x.grad, [[SEED_DX, SEED_DX]])


def test_conv_backward_two_filters():
    # 004:4992-5070  arange(16) (1,1,4,4), W = ones (2,1,2,2) (004:5070), dout (1,2,3,3) =
    # 0..8 and 9..17 (004:5000-5009), transposed to (9,2) = [[0,9],[1,10],...,[8,17]]
    # (004:5011-5031); dW = col.T . dout -> (2,1,2,2) = [[258,294],[402,438]] and
    # [[663,780],[1131,1248]] (004:5064-5066).  db = np.sum(dout, axis=0) = [36, 117].
    x = Tensor(np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4), requires_grad=True)
    W = Tensor(np.ones((2, 1, 2, 2)), requires_grad=True)
    b = Tensor(np.zeros(2), requires_grad=True)
    dout = np.arange(18, dtype=np.float64).reshape(1, 2, 3, 3)
    assert_array(dout.transpose(0, 2, 3, 1).reshape(-1, 2),
                 [[0, 9], [1, 10], [2, 11], [3, 12], [4, 13], [5, 14], [6, 15], [7, 16], [8, 17]])
    x.conv2d(W, b).backward(dout)
    assert_array(W.grad, [[[[258, 294], [402, 438]]], [[[663, 780], [1131, 1248]]]])
    assert_array(b.grad, [36, 117])
    # dcol = dout (9,2) . col_W.T (2,4): every window gets dout0 + dout1 = 2i + 9
    dcol = np.repeat((2 * np.arange(9.0) + 9)[:, None], 4, axis=1)
    assert_array(x.grad, col2im(dcol, (1, 1, 4, 4), 2, 2))


# ================================================================================================
# chapter 7 - pooling (000, 002, 004)
# ================================================================================================

def test_max_pool_2x2_stride_2():
    # 004:3244-3272  "필터의 크기가 2이면 stride도 2이다": the 4x4 input
    # [[1,2,1,0],[0,1,2,3],[3,0,1,2],[2,4,0,1]], 2x2 windows, stride 2 -> [[2,3],[4,2]]
    # (the slides show the windows; the test asserts the maxima the seed's code computes).
    x = Tensor(image([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]]))
    assert_array(x.max_pool2d(2, stride=2), [[[[2, 3], [4, 2]]]])
    assert_array(x.max_pool2d(2), [[[[2, 3], [4, 2]]]])  # stride defaults to the window


def test_max_pool_is_robust_to_a_shift():
    # 004:3296-3316  "입력의 변화에 영향을 적게 받는다": two 6x6 inputs, the second shifted by
    # one element, both give [[9,7],[6,8]] with 3x3 windows (6x6 -> 2x2: stride 3).
    a = image([[1, 2, 0, 7, 1, 0], [0, 9, 2, 3, 2, 3], [3, 0, 1, 2, 1, 2],
               [2, 4, 0, 1, 0, 1], [6, 0, 1, 2, 1, 2], [2, 3, 0, 1, 8, 1]])
    b = image([[1, 2, 0, 2, 1, 0], [0, 2, 9, 3, 7, 3], [3, 0, 1, 2, 1, 2],
               [2, 4, 0, 1, 0, 1], [0, 6, 1, 2, 1, 8], [2, 3, 0, 1, 2, 1]])
    for x in (a, b):
        assert_array(Tensor(x).max_pool2d(3, stride=3), [[[[9, 7], [6, 8]]]])


def test_max_pool_one_channel_walk_through():
    # 004:5102-5289  x = [[7,11,13,15],[3,4,2,3],[1,2,17,9],[1,8,3,10]], 2x2 pool, stride 2:
    # col (4,4) = [[7,11,3,4],[13,15,2,3],[1,2,1,8],[17,9,3,10]] (004:5209-5218),
    # arg_max = [1,1,3,0] (004:5264-5266), out = [[11,15],[8,17]] (004:5120-5123, 004:5274-5279).
    x_np = image([[7, 11, 13, 15], [3, 4, 2, 3], [1, 2, 17, 9], [1, 8, 3, 10]])
    col = im2col(x_np, 2, 2, stride=2, pad=0)
    assert_array(col, [[7, 11, 3, 4], [13, 15, 2, 3], [1, 2, 1, 8], [17, 9, 3, 10]])
    assert np.argmax(col, axis=1).tolist() == [1, 1, 3, 0]
    x = Tensor(x_np, requires_grad=True)
    out = x.max_pool2d(2, stride=2)
    assert_array(out, [[[[11, 15], [8, 17]]]])
    # the gradient goes only to each window's arg-max (11, 15, 8, 17)
    out.backward(np.ones((1, 1, 2, 2)))
    assert_array(x.grad, [[[[0, 1, 0, 1], [0, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0]]]])


def test_max_pool_two_channels_forward_and_backward():
    # 004:5305-5855  x (1,2,4,4): channel 0 as above, channel 1 =
    # [[5,8,6,7],[10,4,11,13],[9,3,10,4],[1,2,5,16]] (004:5337-5346), 2x2 pool, stride 2.
    # im2col col (4,8) (004:5443-5452) -> reshape (8,4) (004:5472-5481);
    # arg_max = [1,2,1,3,3,0,0,3], out (8,) = [11,10,15,13,8,9,17,16] (004:5521-5528);
    # out (1,2,2,2) = [[11,15],[8,17]] and [[10,13],[9,16]] (004:5543-5546).
    # Backward with dout = [[1,2],[3,4]], [[5,6],[7,8]] (004:5838-5843) puts each dout on its
    # window's arg-max: dx = [[0,1,0,2],[0,0,0,0],[0,0,4,0],[0,3,0,0]] and
    # [[0,0,0,0],[5,0,0,6],[7,0,0,0],[0,0,0,8]] (004:5819-5828).
    x_np = image([[7, 11, 13, 15], [3, 4, 2, 3], [1, 2, 17, 9], [1, 8, 3, 10]],
                 [[5, 8, 6, 7], [10, 4, 11, 13], [9, 3, 10, 4], [1, 2, 5, 16]])
    col = im2col(x_np, 2, 2, stride=2, pad=0)
    assert_array(col, [[7, 11, 3, 4, 5, 8, 10, 4],
                       [13, 15, 2, 3, 6, 7, 11, 13],
                       [1, 2, 1, 8, 9, 3, 1, 2],
                       [17, 9, 3, 10, 10, 4, 5, 16]])
    rows = col.reshape(-1, 4)
    assert np.argmax(rows, axis=1).tolist() == [1, 2, 1, 3, 3, 0, 0, 3]
    assert np.max(rows, axis=1).tolist() == [11, 10, 15, 13, 8, 9, 17, 16]
    x = Tensor(x_np, requires_grad=True)
    out = x.max_pool2d(2, stride=2)
    assert_array(out, [[[[11, 15], [8, 17]], [[10, 13], [9, 16]]]])
    out.backward(np.array([[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]))
    assert_array(x.grad, [[[[0, 1, 0, 2], [0, 0, 0, 0], [0, 0, 4, 0], [0, 3, 0, 0]],
                           [[0, 0, 0, 0], [5, 0, 0, 6], [7, 0, 0, 0], [0, 0, 0, 8]]]])


def test_toy_pooling():
    # 000:2359-2411 (prac2_toyPooling.py)  x = range(18) as (1,2,3,3), pool 2x2, stride 1, pad 0,
    # dout = ones_like(out_final).  The script prints x, out_final and dx; the slide shows no
    # printout, so the test asserts what the script computes: out_final = [[4,5],[7,8]] and
    # [[13,14],[16,17]]; each window's max is its bottom-right pixel, so
    # dx = [[0,0,0],[0,1,1],[0,1,1]] in both channels.
    x = Tensor(np.array(list(range(2 * 3 * 3)), dtype=np.float64).reshape(1, 2, 3, 3),
               requires_grad=True)
    out = x.max_pool2d(2, stride=1, padding=0)
    assert_array(out, [[[[4, 5], [7, 8]], [[13, 14], [16, 17]]]])
    out.backward(np.ones(out.data.shape))
    dx = [[0, 0, 0], [0, 1, 1], [0, 1, 1]]
    assert_array(x.grad, [[dx, dx]])


def test_pooling_keeps_channels_and_floors_the_size():
    # 002:443-460, 002:507-523  MaxPooling(2, 2, stride=2) on (1,3,7,7) -> (1,3,3,3) and on
    # (10,3,7,7) -> (10,3,3,3) (int(1 + (7 - 2)/2) = 3, floored); 002:572-596, 002:630-646 the
    # same for AveragePooling.  The printed values come from np.random.rand; the test checks the
    # engine against the seed's im2col code (max and, for QUIZ 4, mean of each window row).
    rng = np.random.default_rng(0)
    for x in (rng.random((1, 3, 7, 7)), rng.random((10, 3, 7, 7))):
        n = x.shape[0]
        rows = im2col(x, 2, 2, stride=2, pad=0).reshape(-1, 4)
        seed_max = np.max(rows, axis=1).reshape(n, 3, 3, 3).transpose(0, 3, 1, 2)
        seed_avg = np.mean(rows, axis=1).reshape(n, 3, 3, 3).transpose(0, 3, 1, 2)
        max_out = Tensor(x).max_pool2d(2, stride=2)
        avg_out = Tensor(x).avg_pool2d(2, stride=2)
        assert max_out.data.shape == avg_out.data.shape == (n, 3, 3, 3)
        assert_array(max_out, seed_max)
        assert_array(avg_out, seed_avg, rtol=1e-12)


def test_global_average_pooling_shapes():
    # 002:662-684  x1 (1,3,7,7): avg_pool2d with the whole 7x7 as window -> (1,3,1,1); the mean
    # over the flattened spatial axis -> (1,3); all three give the same numbers.
    x = np.random.default_rng(0).random((1, 3, 7, 7))
    gap1 = Tensor(x).avg_pool2d(7)
    gap3 = Tensor(x).reshape(1, 3, -1).mean(axis=2)
    assert gap1.data.shape == (1, 3, 1, 1)
    assert gap3.data.shape == (1, 3)
    assert_array(gap1.reshape(1, 3), gap3.data, rtol=1e-12)
    assert_array(gap3, x.mean(axis=(2, 3)), rtol=1e-12)


def test_pooling_output_size_formula():
    # 000:931-949  W2 = (W1 - F)/S + 1, D2 = D1 for the common settings F = 2, S = 2 and
    # F = 3, S = 2; pooling has no parameters and keeps the channel count (000:918-923).
    x = Tensor(np.zeros((1, 5, 8, 8)))
    assert x.max_pool2d(2, stride=2).data.shape == (1, 5, 4, 4)
    assert x.max_pool2d(3, stride=2).data.shape == (1, 5, 3, 3)


# ================================================================================================
# chapter 7 - the CNN's shapes (000, 003, 004)
# ================================================================================================

def test_four_dimensional_data_and_transposes():
    # 003:177-184  x = np.random.rand(10, 1, 28, 28): x.shape (10,1,28,28), x[0] (1,28,28),
    # x[0][0] / x[0, 0] (28,28).
    x = Tensor(np.random.default_rng(0).random((10, 1, 28, 28)))
    assert x.data.shape == (10, 1, 28, 28)
    assert x[0].data.shape == (1, 28, 28)
    assert x[0][0].data.shape == x[0, 0].data.shape == (28, 28)
    assert_array(x[0, 0], x.data[0][0])
    # 000:2304-2316  x (3,4,5,2): transpose(0,1,3,2) (3,4,2,5); (1,2,3,0) (4,5,2,3);
    # (3,2,1,0) (2,5,4,3)
    y = Tensor(np.zeros((3, 4, 5, 2)))
    assert y.transpose(0, 1, 3, 2).data.shape == (3, 4, 2, 5)
    assert y.transpose(1, 2, 3, 0).data.shape == (4, 5, 2, 3)
    assert y.transpose(3, 2, 1, 0).data.shape == (2, 5, 4, 3)


def test_simple_convnet_layer_sizes():
    # 003:420-431 and 000:2519-2528  input (1,28,28), 30 filters 5x5, pad 0, stride 1:
    # conv_output_size = (28 - 5 + 2*0)/1 + 1 = 24; 2x2 pool stride 2 -> 12;
    # pool_output_size = 30 * 12 * 12 = 4320; W1 (30,1,5,5) (000:2614).
    x = Tensor(np.random.default_rng(0).random((2, 1, 28, 28)))
    W1 = Tensor(np.random.default_rng(1).standard_normal((30, 1, 5, 5)) * 0.01)
    b1 = Tensor(np.zeros(30))
    conv = x.conv2d(W1, b1, stride=1, padding=0)
    assert conv.data.shape == (2, 30, 24, 24)
    pooled = conv.relu().max_pool2d(2, stride=2)
    assert pooled.data.shape == (2, 30, 12, 12)
    assert pooled.reshape(2, -1).data.shape == (2, 4320)
