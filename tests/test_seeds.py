"""The seeds' worked examples, with their exact numbers, computed by the engine.

Each test names the seed file and line where the example is (``004:1490`` is
``seeds/004_*.txt`` line 1490).  Where a seed prints a number, the test asserts that number; where
the seed only shows code, the test asserts what that code computes (the book's printed output).
Where a seed has a typo, the comment says so and the test asserts what the seed's code computes.
"""

import numpy as np
import pytest

from tinygrad_ko import Tensor, nn
from tinygrad_ko.models import SimpleConvNet
from tinygrad_ko.nn import functional as F
from tinygrad_ko.nn import optim
from tinygrad_ko.ops.conv import col2im, im2col
from tinygrad_ko.testing import numerical_gradient


def f64(values, requires_grad=False):
    return Tensor(np.array(values, dtype=np.float64), requires_grad=requires_grad)


def as_image(rows):
    """One (H, W) picture from a seed's table -> float64 array of shape (1, 1, H, W)."""
    return np.array(rows, dtype=np.float64)[None, None]


def close(actual, expected, **tol):
    actual = actual.data if isinstance(actual, Tensor) else actual
    np.testing.assert_allclose(actual, np.asarray(expected, dtype=np.float64), **tol)


def gate(w, b, x1, x2):
    """The seeds' perceptron: 1 if sum(w*x) + b > 0 else 0, written with Tensor ops."""
    tmp = (f64(w) * f64([x1, x2])).sum() + b
    return int(tmp.data > 0)


INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


# --- chapter 2: perceptron (004) ---------------------------------------------------------------

def test_gates_with_bias():
    # 004:186-223 AND (0.5, 0.5, b=-0.7) prints 0 0 0 1 (004:170-173); 004:242 NAND (-0.5, -0.5, 0.7);
    # 004:261 OR (0.5, 0.5, -0.2); truth tables at 004:304-308, 323-327, 341-345.
    AND = [gate([0.5, 0.5], -0.7, *x) for x in INPUTS]
    NAND = [gate([-0.5, -0.5], 0.7, *x) for x in INPUTS]
    OR = [gate([0.5, 0.5], -0.2, *x) for x in INPUTS]
    assert AND == [0, 0, 0, 1]
    assert NAND == [1, 1, 1, 0]
    assert OR == [0, 1, 1, 1]


def test_gates_with_threshold_and_boundaries():
    # 004:52-58 AND also with theta 0.8 (b = -theta); 004:81 NAND (-0.5, -0.5, theta -0.7 / -0.8);
    # 004:87-99 OR (1.0, 1.0, theta 0.7); decision boundaries 004:300 OR (1, 1, -0.5),
    # 004:319 AND (1, 1, -1.5), 004:337 NAND (-1, -1, 1.5).
    for theta in (0.7, 0.8):
        assert [gate([0.5, 0.5], -theta, *x) for x in INPUTS] == [0, 0, 0, 1]
    for theta in (-0.7, -0.8):
        assert [gate([-0.5, -0.5], -theta, *x) for x in INPUTS] == [1, 1, 1, 0]
    assert [gate([1.0, 1.0], -0.7, *x) for x in INPUTS] == [0, 1, 1, 1]
    assert [gate([1, 1], -0.5, *x) for x in INPUTS] == [0, 1, 1, 1]
    assert [gate([1, 1], -1.5, *x) for x in INPUTS] == [0, 0, 0, 1]
    assert [gate([-1, -1], 1.5, *x) for x in INPUTS] == [1, 1, 1, 0]


def test_xor_two_layers_and_half_adder():
    # 004:385-403 XOR = AND(NAND, OR), table x1 x2 s1 s2 y at 004:378-382; half adder table
    # 004:137-140 (carry = AND, sum = XOR).
    def nand(a, b):
        return gate([-0.5, -0.5], 0.7, a, b)

    def or_(a, b):
        return gate([0.5, 0.5], -0.2, a, b)

    def and_(a, b):
        return gate([0.5, 0.5], -0.7, a, b)

    s1 = [nand(*x) for x in INPUTS]
    s2 = [or_(*x) for x in INPUTS]
    y = [and_(a, b) for a, b in zip(s1, s2)]
    assert s1 == [1, 1, 1, 0] and s2 == [0, 1, 1, 1] and y == [0, 1, 1, 0]
    carry_sum = [(and_(*x), and_(nand(*x), or_(*x))) for x in INPUTS]
    assert carry_sum == [(0, 0), (0, 1), (0, 1), (1, 0)]


# --- chapter 3: arrays and the forward pass (004) ----------------------------------------------

def test_dot_products():
    # 004:562-761, the matrix products worked out in the seed.
    A, B = Tensor(np.array([[1, 2], [3, 4]])), Tensor(np.array([[5, 6], [7, 8]]))
    assert np.array_equal((A @ B).data, [[19, 22], [43, 50]])                      # 004:575
    A = Tensor(np.array([[1, 2, 3], [4, 5, 6]]))
    assert np.array_equal((A @ Tensor(np.array([[1, 2], [3, 4], [5, 6]]))).data,
                          [[22, 28], [49, 64]])                                  # 004:603
    a, b = Tensor(np.array([1, 2])), Tensor(np.array([3, 4]))
    assert (a @ b).data == 11 and (a * b).sum().data == 11                       # 004:633
    A = Tensor(np.array([[1, 2], [3, 4], [5, 6]]))
    assert np.array_equal((A @ Tensor(np.array([7, 8]))).data, [23, 53, 83])    # 004:649
    assert np.array_equal((A @ Tensor(np.array([[7], [8]]))).data, [[23], [53], [83]])  # 004:667
    assert np.array_equal((Tensor(np.array([7, 8, 9])) @ A).data, [76, 100])    # 004:685
    A, B = Tensor(np.array([[1, 2], [3, 4]])), Tensor(np.array([[4, 5], [6, 7]]))
    assert np.array_equal((A @ B).data, [[16, 19], [36, 43]])                    # 004:717
    assert np.array_equal((B @ A).data, [[19, 28], [27, 40]])                    # 004:731
    W = Tensor(np.array([[1, 3, 5], [2, 4, 6]]))
    assert np.array_equal((Tensor(np.array([1, 2])) @ W).data, [5, 11, 17])     # 004:747
    # 004:761 prints [[5 9 17]] for the (1, 2) version: a typo, the same product is [[5 11 17]].
    assert np.array_equal((Tensor(np.array([[1, 2]])) @ W).data, [[5, 11, 17]])


def test_dot_shape_mismatch_is_an_error():
    # 004:606-620: (2, 3) . (2, 2) cannot be multiplied; 004:671-681 (3, 2) . (3,) neither
    # (struck through in the seed).
    with pytest.raises(ValueError):
        Tensor(np.array([[1, 2, 3], [4, 5, 6]])) @ Tensor(np.array([[1, 2], [3, 4]]))
    with pytest.raises(ValueError):
        Tensor(np.array([[1, 2], [3, 4], [5, 6]])) @ Tensor(np.array([7, 8, 9]))


def test_first_layer_of_the_three_layer_net():
    # 004:815-839 (code 004:828-839): X=[1.0, 0.5], W1, B1 ->
    # A1 = [0.2, 0.5, 0.8] + [0.1, 0.2, 0.3] = [0.3, 0.7, 1.1].
    # (The seed gives no W2/W3 values, so the book's final [0.3168 0.6962] is not a seed example.)
    X = f64([1.0, 0.5])
    W1 = f64([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    B1 = f64([0.1, 0.2, 0.3])
    close(X @ W1, [0.2, 0.5, 0.8], rtol=1e-12)
    A1 = X @ W1 + B1
    assert A1.shape == (3,)
    close(A1, [0.3, 0.7, 1.1], rtol=1e-12)


def test_softmax_of_scores_0p9_0p8_0p7():
    # 004:878-884: exp(0.9), exp(0.8), exp(0.7) = 2.46, 2.23, 2.01 (sum 6.7); y = each / 6.7.
    a = f64([0.9, 0.8, 0.7])
    close(a.exp(), [2.46, 2.23, 2.01], atol=5e-3)
    close(a.exp().sum(), 6.7, atol=5e-3)
    close(a.softmax(), np.array([2.46, 2.23, 2.01]) / 6.7, atol=1e-3)


def test_softmax_of_scores_2p2_1p1_minus1p1():
    # 004:886-899: a = (2.2, 1.1, -1.1): e^a = 9.0, 3.0, 0.3 (sum 12.3) -> 73%, 24%, 3%.
    a = f64([2.2, 1.1, -1.1])
    close(a.exp(), [9.0, 3.0, 0.3], atol=0.05)
    close(a.softmax(), [0.73, 0.24, 0.03], atol=5e-3)
    close(a.softmax().sum(), 1.0, rtol=1e-12)


def test_softmax_ignores_an_added_constant():
    # 004:901-905: exp(a_k + C') / sum exp(a_i + C') is the same softmax (the overflow guard).
    a = f64([2.2, 1.1, -1.1])
    close((a + 1000.0).softmax(), a.softmax().data, rtol=1e-12)
    close((a - a.max()).softmax(), a.softmax().data, rtol=1e-12)


def test_softmax_of_a_batch_row_by_row():
    # 004:2170-2172 x = [[10,9,8],[4,6,5]] through the seed's 2-D softmax (max per row removed).
    x = np.array([[10, 9, 8], [4, 6, 5]], dtype=np.float64)
    shifted = x - np.max(x, axis=1).reshape(-1, 1)
    seed_y = np.exp(shifted) / np.sum(np.exp(shifted), axis=1).reshape(-1, 1)
    y = Tensor(x).softmax(axis=1)
    close(y, seed_y, rtol=1e-12)
    close(y, [[0.66524096, 0.24472847, 0.09003057], [0.09003057, 0.66524096, 0.24472847]],
          rtol=1e-7)


# --- chapter 4: loss and numerical differentiation (004) ---------------------------------------

def test_cross_entropy_of_a_batch_of_two():
    # 004:1020-1053: y = [[0.1,0.2,0.7],[0.2,0.3,0.5]], t = [[1,0,0],[0,1,0]];
    # log y = [[-2.3,-1.6,-3.6],[-1.6,-1.2,-0.69]] -> (2.3 + 1.2) = 3.5, / 2 = 1.75.
    # Typo in the seed: log(0.7) is -0.36, not -3.6.
    y = f64([[0.1, 0.2, 0.7], [0.2, 0.3, 0.5]])
    close(y.log(), [[-2.3, -1.6, -0.36], [-1.6, -1.2, -0.69]], atol=0.01)
    t = np.array([[1, 0, 0], [0, 1, 0]])
    loss = F.cross_entropy(y.log(), t)   # softmax(log y) == y, so this is cross-entropy of y
    close(loss, 1.75, atol=0.01)
    close(loss, -(np.log(0.1) + np.log(0.3)) / 2, rtol=1e-12)


def test_softmax_loss_gradient_is_y_minus_t():
    # 004:980-990: y = [0.1, 0.7, 0.2], t = [1, 0, 0] -> y - t = [-0.9, 0.7, 0.2].
    y = np.array([[0.1, 0.7, 0.2]])
    logits = f64(np.log(y), requires_grad=True)
    F.cross_entropy(logits, np.array([0])).backward()
    close(logits.grad, [[-0.9, 0.7, 0.2]], rtol=1e-12, atol=1e-15)


def test_numerical_diff_of_0p01x2_plus_0p1x():
    # 004:1079-1105: central difference, h = 1e-4, y = 0.01x^2 + 0.1x at x = 5 and 10;
    # dy/dx = 0.02x + 0.1 = 0.2 and 0.3 (the book prints 0.1999999999990898, 0.2999999999986347).
    def function(x):
        return 0.01 * x ** 2 + 0.1 * x

    for x, slope in ((5.0, 0.2), (10.0, 0.3)):
        numeric = numerical_gradient(function, np.array(x), eps=1e-4)
        close(numeric, slope, atol=1e-9)
        t = f64(x, requires_grad=True)
        function(t).backward()
        close(t.grad, slope, rtol=1e-12)


def test_partial_derivatives_of_x0_squared_plus_x1_squared():
    # 004:1107-1139: f = x0^2 + x1^2 at (3, 4): df/dx0 = 6 (function_tmp1), df/dx1 = 8
    # (function_tmp2); the whole gradient is (6, 8).
    close(numerical_gradient(lambda x0: x0 ** 2 + 4 ** 2, np.array(3.0)), 6.0, atol=1e-6)
    close(numerical_gradient(lambda x1: 3 ** 2 + x1 ** 2, np.array(4.0)), 8.0, atol=1e-6)
    x = np.array([3.0, 4.0])
    close(numerical_gradient(lambda v: np.sum(v ** 2), x, eps=1e-4), [6.0, 8.0], atol=1e-6)
    t = f64([3.0, 4.0], requires_grad=True)
    (t ** 2).sum().backward()
    close(t.grad, [6.0, 8.0], rtol=1e-12)


# --- chapter 5: backpropagation (004, 000) -----------------------------------------------------

def test_chain_rule_z_equals_x_plus_y_squared():
    # 004:1248-1283: z = t^2, t = x + y -> dz/dx = dz/dt * dt/dx = 2(x + y) (here x=3, y=4: 14).
    x, y = f64(3.0, requires_grad=True), f64(4.0, requires_grad=True)
    ((x + y) ** 2).backward()
    assert x.grad.data == 14.0 and y.grad.data == 14.0


def test_local_rules_of_add_mul_sub_div():
    # 004:1300-1380: add passes the gradient on, mul swaps the operands, sub sends -1 to y,
    # div sends 1/y to x and -x/y^2 to y (x = 6, y = 3, upstream 1).
    for op, dx, dy in ((lambda a, b: a + b, 1.0, 1.0), (lambda a, b: a * b, 3.0, 6.0),
                       (lambda a, b: a - b, 1.0, -1.0), (lambda a, b: a / b, 1 / 3, -6 / 9)):
        x, y = f64(6.0, requires_grad=True), f64(3.0, requires_grad=True)
        op(x, y).backward()
        close(x.grad, dx, rtol=1e-12)
        close(y.grad, dy, rtol=1e-12)


def test_mul_layer_forward_10_times_5_backward_1p5():
    # 004:1455-1477: mul.forward(10, 5) -> 50; mul.backward(1.5) -> dx = 1.5*5 = 7.5, dy = 15.
    x, y = f64(10.0, requires_grad=True), f64(5.0, requires_grad=True)
    out = x * y
    assert out.data == 50.0
    out.backward(np.array(1.5))
    assert x.grad.data == 7.5 and y.grad.data == 15.0


def test_apple():
    # 004:1488-1524: apple 100 x 2 x tax 1.1; prints price 220, dApple 2.2, dApple_num 110,
    # dTax 200.
    apple = f64(100.0, requires_grad=True)
    apple_num = f64(2.0, requires_grad=True)
    tax = f64(1.1, requires_grad=True)
    apple_price = apple * apple_num
    price = apple_price * tax
    price.backward()
    assert int(price.data) == 220
    close(price, 220.0, rtol=1e-12)
    close(apple.grad, 2.2, rtol=1e-12)
    assert int(apple_num.grad.data) == 110
    close(apple_num.grad, 110.0, rtol=1e-12)
    close(tax.grad, 200.0, rtol=1e-12)


def test_apple_and_orange():
    # 004:1170-1209 (graph: 200 + 450 = 650, x 1.1 = 715) and 004:1531-1574 (code): prints
    # price 715, dApple 2.2, dApple_num 110, dOrange 3.3, dOrange_num 165, dTax 650.
    apple, apple_num = f64(100.0, requires_grad=True), f64(2.0, requires_grad=True)
    orange, orange_num = f64(150.0, requires_grad=True), f64(3.0, requires_grad=True)
    tax = f64(1.1, requires_grad=True)
    apple_price = apple * apple_num
    orange_price = orange * orange_num
    all_price = apple_price + orange_price
    price = all_price * tax
    assert apple_price.data == 200 and orange_price.data == 450 and all_price.data == 650
    price.backward()
    assert int(price.data) == 715
    close(price, 715.0, rtol=1e-12)
    close(apple.grad, 2.2, rtol=1e-12)
    assert int(apple_num.grad.data) == 110
    close(apple_num.grad, 110.0, rtol=1e-12)
    close(orange.grad, 3.3, rtol=1e-12)
    assert int(orange_num.grad.data) == 165
    close(orange_num.grad, 165.0, rtol=1e-12)
    close(tax.grad, 650.0, rtol=1e-12)


def test_relu_forward_and_backward():
    # 004:1604 [1,-2,3,-4,5] -> [1,0,3,0,5]; 004:1640-1646 x = [1,-1,2,-2] -> y = [1,0,2,0],
    # backward([3,3,3,3]) -> dx = [3,0,3,0] (mask x <= 0).
    close(f64([1, -2, 3, -4, 5]).relu(), [1, 0, 3, 0, 5])
    x = f64([1, -1, 2, -2], requires_grad=True)
    y = x.relu()
    close(y, [1, 0, 2, 0])
    y.backward(np.array([3.0, 3.0, 3.0, 3.0]))
    close(x.grad, [3, 0, 3, 0])


def test_sigmoid_forward_and_backward():
    # 004:1700-1726: y = 1/(1+exp(-x)) for x = [-2,-1,1,2]; backward([30,30,30,30]) ->
    # dx = dout * y * (1 - y).
    x = f64([-2, -1, 1, 2], requires_grad=True)
    y = x.sigmoid()
    seed_y = 1 / (1 + np.exp(-np.array([-2.0, -1.0, 1.0, 2.0])))
    close(y, seed_y, rtol=1e-12)
    close(y, [0.11920292, 0.26894142, 0.73105858, 0.88079708], rtol=1e-7)
    y.backward(np.full(4, 30.0))
    close(x.grad, 30 * seed_y * (1.0 - seed_y), rtol=1e-12)
    close(x.grad, [3.14980769, 5.89835790, 5.89835790, 3.14980769], rtol=1e-7)


def test_broadcast_additions():
    # 004:1822-1890, python's broadcast (the repeat node).
    close(f64([1, 2, 3]) + f64([4, 5, 6]), [5, 7, 9])                       # 004:1830
    with pytest.raises(ValueError):                                          # 004:1837-1843
        f64([1, 2, 3]) + f64([4, 5])
    close(f64([1, 2, 3]) + 4, [5, 6, 7])                                      # 004:1852
    close(f64([[1, 2], [3, 4]]) + 4, [[5, 6], [7, 8]])                        # 004:1863
    close(f64([[1, 2], [3, 4]]) + f64([1, 2]), [[2, 4], [4, 6]])              # 004:1876
    c = f64([[1, 2, 3]]) + f64([2, 2, 2])                                     # 004:1884-1894
    assert c.shape == (1, 3)
    close(c, [[3, 4, 5]])


def test_repeat_node_gradient_is_a_sum():
    # 004:1896 "리피트 노드의 미분값은 합이다" and 000:1810-1823: dY = [[1,2,3],[4,5,6]]
    # -> dB = np.sum(dY, axis=0) = [5, 7, 9].
    X = f64([[1, 2], [3, 4]])
    W = f64([[1, 1, 1], [2, 2, 2]])
    B = f64([0, 0, 0], requires_grad=True)
    (X @ W + B).backward(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    close(B.grad, [5, 7, 9])


def test_affine_batch_walk_through():
    # 004:1968-1996: X = [[1,1],[2,2]], W = [[1,1,1],[2,2,2]], b = [1,1,1] -> Y = [[4,4,4],[7,7,7]];
    # dout = ones((2,3)) -> dx = [[3,6],[3,6]], dW = X.T . dout = [[3,3,3],[3,3,3]];
    # db = np.sum(dout, axis=0) = [2,2,2].
    X = f64([[1, 1], [2, 2]], requires_grad=True)
    W = f64([[1, 1, 1], [2, 2, 2]], requires_grad=True)
    b = f64([1, 1, 1], requires_grad=True)
    Y = X @ W + b
    close(Y, [[4, 4, 4], [7, 7, 7]])
    Y.backward(np.ones((2, 3)))
    close(X.grad, [[3, 6], [3, 6]])
    close(W.grad, [[3, 3, 3], [3, 3, 3]])
    close(b.grad, [2, 2, 2])


def test_affine_one_sample_walk_through():
    # 004:2026-2048: X = [1,1] (shape (2,)) -> Y = [4,4,4]; dout = [1,1,1] -> dx = [3,6].
    # The figure at 004:2046 shows dW = [[3,3,3],[3,3,3]]: a typo copied from the batch example
    # (and that code's np.dot(X.T, dout) of two 1-D arrays would fail).  The corrected version,
    # 004:2053-2110 (x reshaped to (1,2), dout [[1,1,1]]), gives dw = (2,1).(1,3) = [[1,1,1],[1,1,1]]
    # and db = [1,1,1], which is what the engine must give.
    X = f64([1, 1], requires_grad=True)
    W = f64([[1, 1, 1], [2, 2, 2]], requires_grad=True)
    b = f64([1, 1, 1], requires_grad=True)
    Y = X @ W + b
    assert Y.shape == (3,)
    close(Y, [4, 4, 4])
    Y.backward(np.array([1.0, 1.0, 1.0]))
    assert X.grad.shape == (2,)
    close(X.grad, [3, 6])
    close(W.grad, [[1, 1, 1], [1, 1, 1]])
    close(b.grad, [1, 1, 1])


def test_affine_one_sample_as_a_batch_of_one():
    # 004:2053-2110: x.reshape(1, 2) -> Y = [[4,4,4]] (1,3); dout [[1,1,1]] -> dx [[3,6]] reshaped
    # back to (2,) = [3,6]; dw = [[1,1,1],[1,1,1]].
    X = f64([1, 1], requires_grad=True)
    W = f64([[1, 1, 1], [2, 2, 2]], requires_grad=True)
    b = f64([1, 1, 1], requires_grad=True)
    Y = X.reshape(1, 2) @ W + b
    assert Y.shape == (1, 3)
    close(Y, [[4, 4, 4]])
    Y.backward(np.array([[1.0, 1.0, 1.0]]))
    close(X.grad, [3, 6])
    close(W.grad, [[1, 1, 1], [1, 1, 1]])
    close(b.grad, [1, 1, 1])


def test_affine_shapes():
    # 004:1743-1910: X (2,) . W (2,3) + B (3,) -> Y (3,); X (5,2) . W (2,3) + B (3,) -> (5,3),
    # the bias repeated to (5,3); backward: dL/dX (5,3).(3,2) = (5,2), dL/dW (2,5).(5,3) = (2,3),
    # dL/dB = the sum of dL/dY over axis 0: (5,3) -> (3,).
    rng = np.random.default_rng(0)
    W, B = f64(rng.random((2, 3)), requires_grad=True), f64(rng.random(3), requires_grad=True)
    assert (f64(rng.random(2)) @ W + B).shape == (3,)
    X = f64(rng.random((5, 2)), requires_grad=True)
    Y = X @ W + B
    assert Y.shape == (5, 3)
    dY = rng.random((5, 3))
    Y.backward(dY)
    assert X.grad.shape == (5, 2) and W.grad.shape == (2, 3) and B.grad.shape == (3,)
    close(X.grad, dY @ W.data.T, rtol=1e-12)
    close(W.grad, X.data.T @ dY, rtol=1e-12)
    close(B.grad, np.sum(dY, axis=0), rtol=1e-12)


def test_two_layer_net_backward_shapes():
    # 004:2440-2470: batch 100, 784 -> 50 -> 10: dout = (y - t)/100 (100,10); Affine2
    # dw (50,10) = (50,100).(100,10), dx (100,50) = (100,10).(10,50); ReLU masks (100,50);
    # Affine1 dw (784,50) = (784,100).(100,50), dx (100,784) = (100,50).(50,784).
    rng = np.random.default_rng(0)
    x = f64(rng.random((100, 784)), requires_grad=True)
    W1, b1 = f64(rng.standard_normal((784, 50)) * 0.01, True), f64(np.zeros(50), True)
    W2, b2 = f64(rng.standard_normal((50, 10)) * 0.01, True), f64(np.zeros(10), True)
    h = (x @ W1 + b1).relu()
    logits = h @ W2 + b2
    t = rng.integers(0, 10, 100)
    F.cross_entropy(logits, t).backward()
    assert x.grad.shape == (100, 784) and W1.grad.shape == (784, 50) and b1.grad.shape == (50,)
    assert W2.grad.shape == (50, 10) and b2.grad.shape == (10,)
    y = np.exp(logits.data - logits.data.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    dout = (y - np.eye(10)[t]) / 100
    close(W2.grad, h.data.T @ dout, rtol=1e-10, atol=1e-15)
    close(b2.grad, dout.sum(axis=0), rtol=1e-10, atol=1e-15)


def test_cross_entropy_of_one_sample_is_1p6():
    # 004:2205-2212: y = [0.2, 0.7, 0.1] (1,3), correct class 0 -> -log 0.2 = 1.6.
    loss = F.cross_entropy(f64(np.log([[0.2, 0.7, 0.1]])), np.array([0]))
    close(loss, 1.6, atol=0.01)
    close(loss, -np.log(0.2), rtol=1e-12)


def test_softmax_with_loss():
    # 004:2229-2372: y = [[0.2,0.1,0.7],[0.3,0.1,0.6]], t = [[1,0,0],[0,1,0]];
    # loss: y[[0,1],[0,1]] = [0.2, 0.1] -> [-1.6, -2.3] -> (1.6 + 2.3)/2 = 1.95 (004:2238; the seed
    # writes "-1.95 = 1.95", i.e. the minus sign of the formula; rounded logs give 1.95, exact 1.956);
    # backward: dx = (y - t)/batch_size = [[-0.8,0.1,0.7],[0.3,-0.9,0.6]]/2
    #         = [[-0.4,0.05,0.35],[0.15,-0.45,0.3]] (004:2361-2372).
    y = np.array([[0.2, 0.1, 0.7], [0.3, 0.1, 0.6]])
    t = np.array([[1, 0, 0], [0, 1, 0]])
    logits = f64(np.log(y), requires_grad=True)      # softmax(log y) == y
    close(logits.softmax(axis=1), y, rtol=1e-12)
    loss = F.cross_entropy(logits, t)
    close(loss, 1.95, atol=0.01)
    close(loss, -(np.log(0.2) + np.log(0.1)) / 2, rtol=1e-12)
    loss.backward()
    close(logits.grad, np.array([[-0.8, 0.1, 0.7], [0.3, -0.9, 0.6]]) / 2, rtol=1e-12, atol=1e-15)
    close(logits.grad, [[-0.4, 0.05, 0.35], [0.15, -0.45, 0.3]], rtol=1e-12, atol=1e-15)
    # the same with integer labels (t as indices, the seed's t (2,) at 004:2255)
    logits2 = f64(np.log(y), requires_grad=True)
    F.cross_entropy(logits2, np.array([0, 1])).backward()
    close(logits2.grad, logits.grad.data, rtol=1e-12, atol=1e-15)


# --- chapter 6: parameter updates (004) --------------------------------------------------------

def test_momentum_unrolled():
    # 004:2523-2548: v <- 0.9 v - lr g; w <- w + v; with a constant gradient the steps are
    # -lr g, -lr g 0.9 - lr g, (-lr g 0.9 - lr g) 0.9 - lr g (lr 0.01, momentum 0.9).
    g = np.array([1.0, -2.0])
    w = f64([0.0, 0.0], requires_grad=True)
    opt = optim.Momentum([w], lr=0.01, momentum=0.9)
    lr = 0.01
    expected_steps = [-lr * g, -lr * g * 0.9 - lr * g, (-lr * g * 0.9 - lr * g) * 0.9 - lr * g]
    for expected in expected_steps:
        before = w.data.copy()
        opt.zero_grad()
        (w * Tensor(g)).sum().backward()
        opt.step()
        close(w.data - before, expected, rtol=1e-12)


# --- chapter 7: convolution (000, 001, 002, 003, 004) ------------------------------------------

def conv(x, W, b=None, stride=1, padding=0):
    x = Tensor(np.asarray(x, dtype=np.float64))
    W = Tensor(np.asarray(W, dtype=np.float64))
    b = None if b is None else Tensor(np.asarray(b, dtype=np.float64))
    return x.conv2d(W, b, stride=stride, padding=padding)


SEED_INPUT = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
SEED_FILTER = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]


def test_vertical_edge_filter():
    # 000:27-192 (same in 001): the filter [[-1,0,1]]*3 slid over a picture that is 0 on the left
    # and 100 on the right gives rows 0 300 300 0.  The picture itself is a lost figure; 0 0 0 |
    # 100 100 100 over 5 rows is the smallest one giving the seed's three 4-wide output rows.
    picture = np.array([[0, 0, 0, 100, 100, 100]] * 5)
    edge = np.array([[-1, 0, 1]] * 3)
    out = conv(picture[None, None], edge[None, None])
    close(out, [[[[0, 300, 300, 0]] * 3]])


def test_conv_with_bias():
    # 004:2955-2981: the 4x4 input * 3x3 filter: 1*2+2*0+3*1+0*0+1*1+2*2+3*1+0*0+1*2 = 15;
    # + bias 3 -> [[18, 19], [9, 18]]; N - F + 1 = 4 - 3 + 1 = 2.
    out = conv(as_image(SEED_INPUT), as_image(SEED_FILTER))
    close(out, [[[[15, 16], [6, 15]]]])
    close(conv(as_image(SEED_INPUT), as_image(SEED_FILTER), [3]), [[[[18, 19], [9, 18]]]])


def test_conv_with_padding():
    # 000:546-585 and 004:2996-3025: the same input padded by 1 (N + 2P - F + 1 = 4) gives
    # 7 12 10 2 / 4 15 16 10 / 10 6 15 6 / 8 10 4 3.
    out = conv(as_image(SEED_INPUT), as_image(SEED_FILTER), padding=1)
    close(out, [[[[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]]])


def test_conv_strides():
    # 004:3027-3053: the 4x4 input with a 2x2 filter: stride 1 -> 3x3 output, stride 2 -> 2x2.
    f = as_image([[2, 0], [0, 1]])
    assert conv(as_image(SEED_INPUT), f, stride=1).shape == (1, 1, 3, 3)
    assert conv(as_image(SEED_INPUT), f, stride=2).shape == (1, 1, 2, 2)


@pytest.mark.parametrize("hw, filt, pad, stride, out_hw, where", [
    ((7, 7), 3, 0, 1, (5, 5), "000:417, 002:165"),
    ((7, 7), 3, 0, 2, (3, 3), "000:457, 002:166, 004:3110"),
    ((7, 7), 3, 1, 1, (7, 7), "000:523"),
    ((4, 4), 3, 1, 1, (4, 4), "000:553, 004:3094"),
    ((28, 31), 5, 2, 3, (10, 11), "000:624-630, 004:3127-3133"),
    ((32, 32), 5, 2, 1, (32, 32), "000:645"),
    ((32, 32), 5, 0, 1, (28, 28), "002:218-221 (Quiz 1)"),
    ((448, 640), 2, 0, 1, (447, 639), "004:3417"),
    ((182, 277), 2, 0, 1, (181, 276), "004:4239-4244"),
])
def test_output_size_formula(hw, filt, pad, stride, out_hw, where):
    # OH = (H + 2P - FH)/S + 1, OW = (W + 2P - FW)/S + 1 (000:536-545).  (7x7, 3x3, stride 3 is
    # 2.33 — "Cannot." at 000:473, 002:167; the engine floors, as DESIGN.md pins, so no test.)
    x = np.zeros((1, 3) + hw)
    W = np.zeros((1, 3, filt, filt))
    assert conv(x, W, stride=stride, padding=pad).shape[2:] == out_hw, where


def test_parameter_count_of_ten_5x5x3_filters():
    # 000:662-671: each filter has 5*5*3 + 1 = 76 params -> 76 * 10 = 760; with pad 2 the
    # 32x32x3 input keeps its 32x32 size (10 maps).
    W, b = np.zeros((10, 3, 5, 5)), np.zeros(10)
    assert W.size + b.size == 760
    assert conv(np.zeros((1, 3, 32, 32)), W, b, padding=2).shape == (1, 10, 32, 32)


def test_three_channel_conv_shape():
    # 004:3136-3153: (3, 4, 4) input * (3, 3, 3) filter -> (1, 2, 2) output.
    assert conv(np.zeros((1, 3, 4, 4)), np.zeros((1, 3, 3, 3))).shape == (1, 1, 2, 2)


def test_conv_arange16_ones_filter_bias_3():
    # 004:3340-3390: image = np.arange(16).reshape(1,1,4,4), W = np.ones((1,1,2,2)),
    # b = np.full((1,), 3) -> (1, 1, 3, 3) [[13 17 21] [29 33 37] [45 49 53]].
    out = conv(np.arange(16).reshape(1, 1, 4, 4), np.ones((1, 1, 2, 2)), np.full((1,), 3))
    assert out.shape == (1, 1, 3, 3)
    close(out, [[[[13, 17, 21], [29, 33, 37], [45, 49, 53]]]])


def test_im2col_shapes():
    # 000:1031-1144 and 002:384-398: (1,3,7,7) with 5x5 -> (9, 75); (10,3,7,7) -> (90, 75).
    # 004:3463-3470: (1,1,7,7) -> (9, 25).
    rng = np.random.default_rng(0)
    assert im2col(rng.random((1, 3, 7, 7)), 5, 5, stride=1, pad=0).shape == (9, 75)
    assert im2col(rng.random((10, 3, 7, 7)), 5, 5, stride=1, pad=0).shape == (90, 75)
    assert im2col(rng.random((1, 1, 7, 7)), 5, 5, stride=1, pad=0).shape == (9, 25)


COL_ARANGE16 = [[0, 1, 4, 5], [1, 2, 5, 6], [2, 3, 6, 7], [4, 5, 8, 9], [5, 6, 9, 10],
                [6, 7, 10, 11], [8, 9, 12, 13], [9, 10, 13, 14], [10, 11, 14, 15]]


def test_im2col_walk_through_arange16():
    # 004:3476-3722: im2col(np.arange(16).reshape(1,1,4,4), 2, 2) -> (9, 4), printed at 004:3715;
    # col . col_W (ones (4,1)) + 3 = [13 17 21 29 33 37 45 49 53] (004:3740-3775).
    col = im2col(np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4), 2, 2, stride=1, pad=0)
    assert col.shape == (9, 4)
    close(col, COL_ARANGE16)
    col_W = np.ones((1, 1, 2, 2)).reshape(1, -1).T
    close(col @ col_W + 3, np.array([[13, 17, 21, 29, 33, 37, 45, 49, 53]]).T)


COL_ARANGE32 = [[0, 1, 4, 5, 16, 17, 20, 21], [1, 2, 5, 6, 17, 18, 21, 22],
                [2, 3, 6, 7, 18, 19, 22, 23], [4, 5, 8, 9, 20, 21, 24, 25],
                [5, 6, 9, 10, 21, 22, 25, 26], [6, 7, 10, 11, 22, 23, 26, 27],
                [8, 9, 12, 13, 24, 25, 28, 29], [9, 10, 13, 14, 25, 26, 29, 30],
                [10, 11, 14, 15, 26, 27, 30, 31]]


def test_im2col_two_channels():
    # 004:3800-3990: img (1,2,4,4) = arange(32) -> col (9, 8).  The seed's tables at 004:3939 and
    # 004:3953 have "22 24" in row 3: a typo, the later table (004:3968) has the right "22 23".
    # The transposed table (004:3923-3930, (C*FH*FW, OH*OW) = (8, 9)) is col.T.
    col = im2col(np.arange(32, dtype=np.float64).reshape(1, 2, 4, 4), 2, 2, stride=1, pad=0)
    close(col, COL_ARANGE32)
    close(col.T[:4], [[0, 1, 2, 4, 5, 6, 8, 9, 10], [1, 2, 3, 5, 6, 7, 9, 10, 11],
                      [4, 5, 6, 8, 9, 10, 12, 13, 14], [5, 6, 7, 9, 10, 11, 13, 14, 15]])
    close(col.T[4:], np.array(col.T[:4]) + 16)


def test_conv_two_filters_bias_3():
    # 004:4030-4136: arange(16) image, W (2,1,2,2) = ones and twos, b = [3, 3]:
    # col_W = [[1,2]]*4; col . col_W = [[10,20],[14,28],...,[50,100]]; + 3 -> out (9,2)
    # [[13,23],...,[53,103]] -> (1,2,3,3) [[13 17 21][29 33 37][45 49 53]] and
    # [[23 31 39][55 63 71][87 95 103]].
    W = np.ones((2, 1, 2, 2))
    W[1] *= 2
    col_W = W.reshape(2, -1).T
    close(col_W, [[1, 2]] * 4)
    close(np.array(COL_ARANGE16, dtype=float) @ col_W,
          [[10, 20], [14, 28], [18, 36], [26, 52], [30, 60], [34, 68], [42, 84], [46, 92],
           [50, 100]])
    out = conv(np.arange(16).reshape(1, 1, 4, 4), W, [3, 3])
    assert out.shape == (1, 2, 3, 3)
    close(out, [[[[13, 17, 21], [29, 33, 37], [45, 49, 53]],
                 [[23, 31, 39], [55, 63, 71], [87, 95, 103]]]])


def test_conv_batch_and_channel_shapes():
    # 004:4140-4215: (1,2,4,4) * (3,2,2,2) -> col (9,8), out (1,3,3,3);
    # (2,2,4,4) -> col (18,8), out (2,3,3,3).
    W = np.ones((3, 2, 2, 2))
    assert im2col(np.zeros((1, 2, 4, 4)), 2, 2).shape == (9, 8)
    assert conv(np.zeros((1, 2, 4, 4)), W).shape == (1, 3, 3, 3)
    assert im2col(np.zeros((2, 2, 4, 4)), 2, 2).shape == (18, 8)
    assert conv(np.zeros((2, 2, 4, 4)), W).shape == (2, 3, 3, 3)


def test_conv_padding_1_ones_3x3_bias_3():
    # 004:4256-4309: conv = Convolution(w, b, pad=1) on the picture 1..16 (shown padded at
    # 004:4302-4309) with a ones 3x3 filter, + 3 -> out (1,1,4,4)
    # 17 27 33 25 / 36 57 66 48 / 60 93 102 72 / 49 75 81 57 (004:4280-4300).  col is (16, 9);
    # the seed's "(16, 4)" at 004:4259 is a typo (3x3 windows have 9 elements).
    x = np.arange(1, 17).reshape(1, 1, 4, 4)
    assert im2col(x.astype(float), 3, 3, stride=1, pad=1).shape == (16, 9)
    out = conv(x, np.ones((1, 1, 3, 3)), [3], padding=1)
    close(out, [[[[17, 27, 33, 25], [36, 57, 66, 48], [60, 93, 102, 72], [49, 75, 81, 57]]]])


DX_ARANGE9 = [[0, 1, 3, 2], [3, 8, 12, 7], [9, 20, 24, 13], [6, 13, 15, 8]]


def test_col2im_walk_through():
    # 004:4520-4690: dcol (9,4) whose row i is [i,i,i,i] -> col2im(dcol, (1,1,4,4), 2, 2, 1, 0).
    # The seed adds the four filter positions one at a time; after each += the image is
    # 004:4597 [[0,1,2],[3,4,5],[6,7,8]], 004:4622 [[0,1,3,2],[3,7,9,5],[6,13,15,8]],
    # 004:4647 [[0,1,3,2],[3,8,11,5],[9,17,20,8],[6,7,8]], and finally (printed at 004:4680)
    # [[0,1,3,2],[3,8,12,7],[9,20,24,13],[6,13,15,8]].
    dcol = np.repeat(np.arange(9.0)[:, None], 4, axis=1)
    steps = [
        [[0, 1, 2, 0], [3, 4, 5, 0], [6, 7, 8, 0], [0, 0, 0, 0]],
        [[0, 1, 3, 2], [3, 7, 9, 5], [6, 13, 15, 8], [0, 0, 0, 0]],
        [[0, 1, 3, 2], [3, 8, 11, 5], [9, 17, 20, 8], [6, 7, 8, 0]],
        DX_ARANGE9,
    ]
    for k, expected in enumerate(steps, start=1):
        partial = dcol.copy()
        partial[:, k:] = 0          # only the first k filter positions (0,0), (0,1), (1,0), (1,1)
        close(col2im(partial, (1, 1, 4, 4), 2, 2, stride=1, pad=0), [[expected]])


def test_conv_backward_arange16_ones_filter():
    # 004:4310-4730: forward as test_conv_arange16_ones_filter_bias_3; dout (1,1,3,3) = 0..8
    # (the (9,1) dout at 004:4391) -> db = 36 (004:4400); dcol rows [i,i,i,i];
    # dx (1,1,4,4) = [[0,1,3,2],[3,8,12,7],[9,20,24,13],[6,13,15,8]] (004:4680, 004:4727);
    # dW = col.T . dout = [[258, 294], [402, 438]] (the first filter's dW at 004:5064).
    x = f64(np.arange(16).reshape(1, 1, 4, 4), requires_grad=True)
    W = f64(np.ones((1, 1, 2, 2)), requires_grad=True)
    b = f64([3.0], requires_grad=True)
    out = x.conv2d(W, b)
    out.backward(np.arange(9.0).reshape(1, 1, 3, 3))
    close(b.grad, [36])
    close(x.grad, [[DX_ARANGE9]])
    close(W.grad, [[[[258, 294], [402, 438]]]])
    close(np.array(COL_ARANGE16, dtype=float).T @ np.arange(9.0), [258, 294, 402, 438])


def test_conv_backward_two_channels():
    # 004:4740-4905: img (1,2,4,4) = arange(32), W (1,2,2,2) ones, dout = 0..8: dcol (9,8) has
    # row i = [i]*8 and col2im gives the 1-channel dx to each channel.
    x = f64(np.arange(32).reshape(1, 2, 4, 4), requires_grad=True)
    W = f64(np.ones((1, 2, 2, 2)), requires_grad=True)
    b = f64([0.0], requires_grad=True)
    x.conv2d(W, b).backward(np.arange(9.0).reshape(1, 1, 3, 3))
    close(x.grad, [[DX_ARANGE9, DX_ARANGE9]])
    close(b.grad, [36])
    dcol = np.repeat(np.arange(9.0)[:, None], 8, axis=1)
    close(col2im(dcol, (1, 2, 4, 4), 2, 2), [[DX_ARANGE9, DX_ARANGE9]])


def test_conv_backward_two_filters():
    # 004:4990-5070: arange(16) image, W (2,1,2,2) ones, dout (1,2,3,3) = 0..17 ->
    # dout.transpose(0,2,3,1).reshape(-1, 2) = [[0,9],[1,10],...,[8,17]] (004:5021-5031) ->
    # dW = col.T . dout -> (2,1,2,2) [[258 294][402 438]] and [[663 780][1131 1248]].
    dout = np.arange(18.0).reshape(1, 2, 3, 3)
    close(dout.transpose(0, 2, 3, 1).reshape(-1, 2), np.stack([np.arange(9), np.arange(9, 18)], 1))
    x = f64(np.arange(16).reshape(1, 1, 4, 4), requires_grad=True)
    W = f64(np.ones((2, 1, 2, 2)), requires_grad=True)
    b = f64([0.0, 0.0], requires_grad=True)
    x.conv2d(W, b).backward(dout)
    close(W.grad, [[[[258, 294], [402, 438]]], [[[663, 780], [1131, 1248]]]])
    close(b.grad, [36, 117])     # np.sum(dout, axis=0), what the seed's backward computes


def test_toy_conv_forward():
    # 000:1152-1380 (worked by hand) and 000:1521-1540 (3_day/prac1_toyConv.py):
    # x = range(9) (1,1,3,3), W = ones (2,1,2,2) with W[1] *= 2, b = ones(2), stride 1, pad 0 ->
    # filter 1: [[9, 13], [21, 25]], filter 2: [[17, 25], [41, 49]] (000:1372-1380, 000:1722-1724);
    # by im2col: col_W = [[1,2]]*4 (000:1490-1500).
    x = np.arange(9).reshape(1, 1, 3, 3)
    W = np.ones((2, 1, 2, 2))
    W[1] = W[1] * 2
    out = conv(x, W, np.ones((2,)))
    close(out, [[[[9, 13], [21, 25]], [[17, 25], [41, 49]]]])
    col = im2col(x.astype(float), 2, 2, 1, 0)
    col_W = W.reshape(2, -1).T
    close(col_W, [[1, 2]] * 4)
    close((col @ col_W + 1).reshape(1, 2, 2, -1).transpose(0, 3, 1, 2), out.data)


def test_toy_conv_backward():
    # 000:1740-1976 (prac1_toyConv.py backward, dout = np.ones_like(out_final)) prints
    # dW: [[[[8 12][20 24]]], [[[8 12][20 24]]]], db: [4. 4.], dx: [[[[3 6 3][6 12 6][3 6 3]]]].
    x = f64(np.arange(9).reshape(1, 1, 3, 3), requires_grad=True)
    w = np.ones((2, 1, 2, 2))
    w[1] *= 2
    W = f64(w, requires_grad=True)
    b = f64(np.ones(2), requires_grad=True)
    out = x.conv2d(W, b)
    out.backward(np.ones_like(out.data))
    close(W.grad, [[[[8, 12], [20, 24]]], [[[8, 12], [20, 24]]]])
    close(b.grad, [4, 4])
    close(x.grad, [[[[3, 6, 3], [6, 12, 6], [3, 6, 3]]]])


def test_max_pool_2x2_stride_2():
    # 004:3244-3272: 2x2 max pooling, stride 2 ("필터의 크기가 2이면 stride도 2") over
    # [[1,2,1,0],[0,1,2,3],[3,0,1,2],[2,4,0,1]] -> [[2,3],[4,2]] (the windows' maxima).
    x = Tensor(as_image([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]]))
    close(x.max_pool2d(2), [[[[2, 3], [4, 2]]]])
    close(x.max_pool2d(kernel_size=2, stride=2), [[[[2, 3], [4, 2]]]])


def test_max_pool_is_robust_to_a_shift():
    # 004:3296-3315: two 6x6 inputs, the second one's values shifted, both pool (3x3 windows,
    # stride 3) to [[9, 7], [6, 8]].
    a = as_image([[1, 2, 0, 7, 1, 0], [0, 9, 2, 3, 2, 3], [3, 0, 1, 2, 1, 2],
                  [2, 4, 0, 1, 0, 1], [6, 0, 1, 2, 1, 2], [2, 3, 0, 1, 8, 1]])
    b = as_image([[1, 2, 0, 2, 1, 0], [0, 2, 9, 3, 7, 3], [3, 0, 1, 2, 1, 2],
                  [2, 4, 0, 1, 0, 1], [0, 6, 1, 2, 1, 8], [2, 3, 0, 1, 2, 1]])
    close(Tensor(a).max_pool2d(3), [[[[9, 7], [6, 8]]]])
    close(Tensor(b).max_pool2d(3), [[[[9, 7], [6, 8]]]])


POOL_CH0 = [[7, 11, 13, 15], [3, 4, 2, 3], [1, 2, 17, 9], [1, 8, 3, 10]]
POOL_CH1 = [[5, 8, 6, 7], [10, 4, 11, 13], [9, 3, 10, 4], [1, 2, 5, 16]]


def test_max_pool_one_channel_walk_through():
    # 004:5094-5290: x = [[7,11,13,15],[3,4,2,3],[1,2,17,9],[1,8,3,10]] -> [[11, 15], [8, 17]]
    # (printed at 004:5121); im2col with 2x2, stride 2 -> col (4,4) [[7,11,3,4],[13,15,2,3],
    # [1,2,1,8],[17,9,3,10]] (004:5218); arg_max [1 1 3 0]; out (4,) [11 15 8 17].
    x = as_image(POOL_CH0)
    col = im2col(x, 2, 2, stride=2, pad=0)
    close(col, [[7, 11, 3, 4], [13, 15, 2, 3], [1, 2, 1, 8], [17, 9, 3, 10]])
    assert np.argmax(col, axis=1).tolist() == [1, 1, 3, 0]
    close(np.max(col, axis=1), [11, 15, 8, 17])
    close(Tensor(x).max_pool2d(2), [[[[11, 15], [8, 17]]]])


def test_max_pool_two_channels_forward_and_backward():
    # 004:5300-5854: x (1,2,4,4) = the two tables at 004:5369-5376.
    #   im2col -> col (4,8) (004:5443-5452), reshaped (8,4) (004:5472-5482);
    #   arg_max (8,) = [1 2 1 3 3 0 0 3] (004:5523; the first table at 004:5490 has a stray 0);
    #   out (8,) = [11 10 15 13 8 9 17 16] -> (1,2,2,2) [[11,15],[8,17]] and [[10,13],[9,16]];
    #   dout (1,2,2,2) = [[1,2],[3,4]], [[5,6],[7,8]] (004:5838-5845) -> dcol (4,8) (004:5669) ->
    #   dx (1,2,4,4) = [[0,1,0,2],[0,0,0,0],[0,0,4,0],[0,3,0,0]] and
    #                  [[0,0,0,0],[5,0,0,6],[7,0,0,0],[0,0,0,8]] (printed at 004:5820-5827).
    x_array = np.array([[POOL_CH0, POOL_CH1]], dtype=np.float64)
    col = im2col(x_array, 2, 2, stride=2, pad=0)
    close(col, [[7, 11, 3, 4, 5, 8, 10, 4], [13, 15, 2, 3, 6, 7, 11, 13],
                [1, 2, 1, 8, 9, 3, 1, 2], [17, 9, 3, 10, 10, 4, 5, 16]])
    col = col.reshape(-1, 4)
    assert np.argmax(col, axis=1).tolist() == [1, 2, 1, 3, 3, 0, 0, 3]
    close(np.max(col, axis=1), [11, 10, 15, 13, 8, 9, 17, 16])

    x = Tensor(x_array, requires_grad=True)
    out = x.max_pool2d(2)
    close(out, [[[[11, 15], [8, 17]], [[10, 13], [9, 16]]]])
    dout = np.arange(1.0, 9.0).reshape(1, 2, 2, 2)
    out.backward(dout)
    dx = [[[[0, 1, 0, 2], [0, 0, 0, 0], [0, 0, 4, 0], [0, 3, 0, 0]],
           [[0, 0, 0, 0], [5, 0, 0, 6], [7, 0, 0, 0], [0, 0, 0, 8]]]]
    close(x.grad, dx)
    dcol = np.array([[0, 1, 0, 0, 0, 0, 5, 0], [0, 2, 0, 0, 0, 0, 0, 6],
                     [0, 0, 0, 3, 7, 0, 0, 0], [4, 0, 0, 0, 0, 0, 0, 8]], dtype=np.float64)
    close(col2im(dcol, (1, 2, 4, 4), 2, 2, stride=2, pad=0), dx)


def seed_pooling(x, pool_h, pool_w, stride, reduce):
    """000:2418-2445 / 002:414-440 / 003:353-380 Pooling.forward, on the engine's im2col."""
    N, C, H, W = x.shape
    out_h = int(1 + (H - pool_h) / stride)
    out_w = int(1 + (W - pool_w) / stride)
    col = im2col(x, pool_h, pool_w, stride, 0).reshape(-1, pool_h * pool_w)
    return reduce(col, axis=1).reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)


def test_toy_pooling():
    # 000:2362-2410 (3_day/prac2_toyPooling.py): x = range(18) (1,2,3,3), 2x2 pool, stride 1;
    # out_final: [[4,5],[7,8]] and [[13,14],[16,17]]; dout = ones -> each max (the lower right of
    # its window) gets 1: dx = [[0,0,0],[0,1,1],[0,1,1]] for both channels.
    x_array = np.arange(18, dtype=np.float64).reshape(1, 2, 3, 3)
    x = Tensor(x_array, requires_grad=True)
    out = x.max_pool2d(kernel_size=2, stride=1)
    close(out, [[[[4, 5], [7, 8]], [[13, 14], [16, 17]]]])
    close(out, seed_pooling(x_array, 2, 2, 1, np.max))
    out.backward(np.ones_like(out.data))
    close(x.grad, [[[[0, 0, 0], [0, 1, 1], [0, 1, 1]]] * 2])
    # the seed's backward, step by step (dmax at the arg-max, then col2im)
    col = im2col(x_array, 2, 2, 1, 0).reshape(-1, 4)
    arg_max = np.argmax(col, axis=1)
    dout = np.ones((1, 2, 2, 2)).transpose(0, 2, 3, 1)
    dmax = np.zeros((dout.size, 4))
    dmax[np.arange(arg_max.size), arg_max.flatten()] = dout.flatten()
    dcol = dmax.reshape(dout.shape + (4,)).reshape(1 * 2 * 2, -1)
    close(col2im(dcol, x_array.shape, 2, 2, 1, 0), x.grad.data)


def test_max_and_average_pool_shapes_and_seed_code():
    # 002:443-457, 002:507-523 max pooling and 002:572-584, 002:630-646 average pooling of
    # (1,3,7,7) and (10,3,7,7) random inputs, 2x2, stride 2 -> (1,3,3,3) and (10,3,3,3);
    # the values are random, so they are checked against the seed's MaxPooling/AveragePooling code.
    rng = np.random.default_rng(0)
    for n in (1, 10):
        x = rng.random((n, 3, 7, 7))
        mx, av = Tensor(x).max_pool2d(2, stride=2), Tensor(x).avg_pool2d(2, stride=2)
        assert mx.shape == av.shape == (n, 3, 3, 3)
        close(mx, seed_pooling(x, 2, 2, 2, np.max), rtol=1e-12)
        close(av, seed_pooling(x, 2, 2, 2, np.mean), rtol=1e-12)


def test_global_average_pooling_shapes():
    # 002:662-683: global average pooling of a (1,3,7,7) input: avg_pool2d over the whole map ->
    # (1,3,1,1); the mean over H*W -> (1,3).
    x = np.random.default_rng(0).random((1, 3, 7, 7))
    gap1 = Tensor(x).avg_pool2d(7)
    gap3 = Tensor(x).reshape(1, 3, -1).mean(axis=2)
    assert gap1.shape == (1, 3, 1, 1)
    assert gap3.shape == (1, 3)
    close(gap1.reshape(1, 3), gap3.data, rtol=1e-12)
    close(gap3, x.mean(axis=(2, 3)), rtol=1e-12)


def filter_weights(k):
    """Weights (no bias) of one k x k filter on one channel, as nn.Conv2d holds them."""
    return sum(p.data.size for p in nn.Conv2d(1, 1, k).parameters() if p.ndim == 4)


def test_small_filters_deeper():
    # 001:1685-1711: two 3x3 convolutions see the same 5x5 region as one 5x5 (receptive field);
    # parameters: 5x5 -> 25, 3x3 twice -> (3*3)*2 = 18, 7x7 -> 49, 3x3 three times -> 27.
    x = np.random.default_rng(0).random((1, 1, 5, 5))
    once = conv(x, np.ones((1, 1, 5, 5)))
    twice = conv(conv(x, np.ones((1, 1, 3, 3))).data, np.ones((1, 1, 3, 3)))
    assert once.shape == twice.shape == (1, 1, 1, 1)
    x7 = np.zeros((1, 1, 7, 7))
    thrice = conv(conv(conv(x7, np.ones((1, 1, 3, 3))).data, np.ones((1, 1, 3, 3))).data,
                  np.ones((1, 1, 3, 3)))
    assert thrice.shape == conv(x7, np.ones((1, 1, 7, 7))).shape == (1, 1, 1, 1)
    assert filter_weights(5) == 25 and 2 * filter_weights(3) == 18
    assert filter_weights(7) == 49 and 3 * filter_weights(3) == 27



def test_simple_convnet_shapes():
    # 003:420-450 and 000:2519-2560: conv_param filter_num 30, filter_size 5, pad 0, stride 1 on
    # (1,28,28): conv output 24, pool_output_size = 30*12*12 = 4320; W1 (30,1,5,5) (000:2614
    # "형상 : (30, 1, 5, 5)"), W2 (4320, 100), W3 (100, 10).
    net = SimpleConvNet(input_dim=(1, 28, 28),
                        conv_param={'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1},
                        hidden_size=100, output_size=10, weight_init_std=0.01)
    shapes = [p.shape for p in net.parameters()]
    assert shapes == [(30, 1, 5, 5), (30,), (4320, 100), (100,), (100, 10), (10,)]
    assert net(Tensor(np.zeros((2, 1, 28, 28)))).shape == (2, 10)
