"""The graph machinery: fan-out, broadcasting, no_grad, freeing, deep chains, dtypes, errors."""

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

from tinygrad_ko import Tensor, no_grad, stack
from tinygrad_ko.nn import functional as F


def test_fan_out_gradients_are_summed():
    x = Tensor(3.0, requires_grad=True)
    y = x * x + x          # x feeds three edges: dy/dx = 2x + 1
    y.backward()
    assert x.grad.item() == pytest.approx(7.0)


def test_broadcast_gradient_is_summed_back_to_input_shape():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    b = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    c = Tensor(np.ones((2, 1)), requires_grad=True)
    ((x + b) * c).sum().backward()
    assert b.grad.shape == (3,) and c.grad.shape == (2, 1)
    np.testing.assert_array_equal(b.grad.data, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(c.grad.data, [[9.0], [9.0]])


def test_grad_is_a_tensor_and_accumulates_over_backward_calls():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * 3).sum().backward()
    assert isinstance(x.grad, Tensor)
    np.testing.assert_array_equal(x.grad.data, [6.0, 6.0])
    x.zero_grad()
    assert x.grad is None


def test_no_grad_records_nothing():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        y = x * 2
    assert not y.requires_grad and y.creator is None

    @no_grad()
    def infer(t):
        return t.exp()
    assert infer(x).creator is None
    assert (x * 2).creator is not None  # recording is back on after the block


def test_second_backward_through_freed_graph_explains_retain_graph():
    x = Tensor(2.0, requires_grad=True)
    y = x * x
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = Tensor(2.0, requires_grad=True)
    y = x * x
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.item() == pytest.approx(8.0)


def test_backward_releases_saved_arrays_but_keeps_structure():
    x = Tensor(np.ones(3), requires_grad=True)
    y = (x * x).sum()
    mul = y.creator.inputs[0].creator
    assert len(mul.saved) == 2
    y.backward()
    assert mul.saved == () and mul.freed
    assert mul.inputs[0] is x  # drawings still see the graph


def test_intermediate_gradients_only_when_asked():
    a = Tensor(2.0, requires_grad=True)
    b = a * 3
    c = b * b
    c.backward(retain_graph=True)
    assert b.grad is None and a.grad.item() == pytest.approx(36.0)
    a.zero_grad()
    c.backward(retain_grad=True)
    assert b.grad.item() == pytest.approx(12.0) and c.grad.item() == 1.0
    d = Tensor(1.0, requires_grad=True)
    e = (d * 2).retain_grad()
    (e * 5).backward()
    assert e.grad.item() == 5.0


def test_chain_of_100000_ops_backpropagates_without_recursion():
    x = Tensor(1.0, requires_grad=True, dtype=np.float64)
    y = x
    for _ in range(100_000):
        y = y * 1.00001
    y.backward()
    assert x.grad.item() == pytest.approx(1.00001 ** 100_000, rel=1e-9)


def test_wide_graph_of_100000_terms():
    x = Tensor(2.0, requires_grad=True, dtype=np.float64)
    terms = [x * float(i) for i in range(100_000)]   # x fans out to 100,000 ops ...
    total = stack(terms).sum()                       # ... which fan in to one node
    total.backward()
    assert total.item() == 2.0 * 4_999_950_000
    assert x.grad.item() == 4_999_950_000            # the 100,000 gradients summed


def test_training_loop_memory_stays_flat_and_graphs_are_freed():
    rng = np.random.default_rng(0)
    W = Tensor(rng.standard_normal((64, 10)).astype(np.float32) * 0.1, requires_grad=True)
    x = rng.standard_normal((256, 64)).astype(np.float32)
    labels = rng.integers(0, 10, 256)
    first_op = None
    tracemalloc.start()
    sizes = []
    for step in range(60):
        loss = F.cross_entropy((Tensor(x) @ W).relu(), labels)
        if first_op is None:
            first_op = weakref.ref(loss.creator)
        loss.backward()
        W.data -= 0.1 * W.grad.data
        W.zero_grad()
        if step in (10, 59):
            gc.collect()
            sizes.append(tracemalloc.get_traced_memory()[0])
    tracemalloc.stop()
    del loss
    assert first_op() is None  # no reference cycle keeps an old graph alive
    assert sizes[1] - sizes[0] < 100_000, sizes


# --- dtypes -----------------------------------------------------------------------------------
def test_python_numbers_and_lists_default_to_float32():
    assert Tensor(3).dtype == np.float32
    assert Tensor([[1, 2], [3, 4]]).dtype == np.float32


def test_arrays_keep_their_dtype_and_ops_do_not_upcast():
    x32 = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    y = (x32 * 2.5 + 1) / 3 - np.float64(0.5)
    y = (y ** 2).exp().log().sqrt().sigmoid().tanh().relu().softmax()
    assert y.dtype == np.float32
    y.sum().backward()
    assert x32.grad.dtype == np.float32
    assert Tensor(np.arange(3)).dtype == np.arange(3).dtype
    assert (Tensor(np.ones(2)) * 2).dtype == np.float64


def test_float16_inference_through_a_small_cnn():
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((2, 1, 8, 8)).astype(np.float16))
    W = Tensor(rng.standard_normal((4, 1, 3, 3)).astype(np.float16))
    with no_grad():
        y = x.conv2d(W, padding=1).relu().max_pool2d(2).reshape(2, -1).softmax()
    assert y.dtype == np.float16 and np.all(np.isfinite(y.data))
    np.testing.assert_allclose(y.data.sum(axis=1), 1, atol=1e-2)


def test_softmax_is_stable_for_huge_logits():
    x = Tensor([[1e4, -1e4, 0.0]], requires_grad=True)
    loss = F.cross_entropy(x, [1])
    loss.backward()
    assert np.isfinite(loss.item()) and loss.item() == pytest.approx(2e4, rel=1e-6)
    assert np.all(np.isfinite(x.grad.data))
    np.testing.assert_allclose(x.log_softmax().data, [[0.0, -2e4, -1e4]], rtol=1e-6)


def test_sigmoid_of_integers_is_a_float_like_exp():
    y = Tensor(np.array([-2, -1, 1, 2])).sigmoid()
    assert y.dtype == np.float32  # the dtype rule: integers in floating ops give float32
    np.testing.assert_allclose(y.data, 1 / (1 + np.exp([2.0, 1.0, -1.0, -2.0])))


def test_sigmoid_and_tanh_are_quiet_at_1000():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = Tensor([-1000.0, 1000.0]).sigmoid()
        t = Tensor([-1000.0, 1000.0]).tanh()
    np.testing.assert_array_equal(s.data, [0.0, 1.0])
    np.testing.assert_array_equal(t.data, [-1.0, 1.0])


# --- shapes of conv and pool, and errors ---------------------------------------------------------
def test_pool_output_floors_like_the_books_pooling():  # 7장 7.4.4절: int(1 + (H - PH) / S)
    y = Tensor(np.zeros((1, 1, 7, 7))).max_pool2d(2, stride=2)
    assert y.shape == (1, 1, 3, 3)
    assert Tensor(np.zeros((1, 1, 7, 7))).avg_pool2d(3, stride=2, padding=1).shape == (1, 1, 4, 4)


def test_conv_output_shape_with_stride_padding_and_rectangular_kernel():
    x = Tensor(np.zeros((2, 3, 10, 9)))
    W = Tensor(np.zeros((5, 3, 3, 2)))
    assert x.conv2d(W, stride=(2, 1), padding=(1, 0)).shape == (2, 5, 5, 8)
