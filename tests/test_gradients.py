"""Every differentiable op against numerical gradients, on random shapes (hypothesis + gradcheck)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinygrad_ko import Tensor, concatenate, stack
from tinygrad_ko.nn import functional as F
from tinygrad_ko.testing import gradcheck
from tinygrad_ko.testing import strategies as tst


def pair_of_arrays(**options):
    """Two arrays whose shapes broadcast together."""
    return tst.broadcastable_shapes(2).flatmap(
        lambda shapes: st.tuples(tst.arrays(shapes[0], **options), tst.arrays(shapes[1], **options)))


# --- binary element-wise ops, with broadcasting ------------------------------------------------
@pytest.mark.parametrize("op", [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b],
                         ids=["add", "sub", "mul"])
@given(xy=pair_of_arrays())
def test_binary_ops_broadcast(op, xy):
    assert gradcheck(op, *xy)


@given(xy=pair_of_arrays(avoid=(0.0,), margin=0.3))
def test_div_broadcast(xy):
    assert gradcheck(lambda a, b: a / b, *xy)


@given(x=tst.arrays(), c=st.floats(-3, 3))
def test_binary_ops_with_python_constants(x, c):
    assert gradcheck(lambda t: (c - t) * 2.5 + c / (t * t + 1) + 1 - t / 4, x)


@given(x=tst.arrays(min_value=0.2, max_value=3.0),
       exponent=st.sampled_from([-2.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0]))
def test_pow(x, exponent):
    assert gradcheck(lambda t: t ** exponent, x)


# --- unary element-wise ops --------------------------------------------------------------------
UNARY = {
    "neg": (lambda t: -t, {}),
    "exp": (lambda t: t.exp(), {}),
    "log": (lambda t: t.log(), {"min_value": 0.1, "max_value": 5.0}),
    "sqrt": (lambda t: t.sqrt(), {"min_value": 0.1, "max_value": 5.0}),
    "relu": (lambda t: t.relu(), {"avoid": (0.0,)}),
    "sigmoid": (lambda t: t.sigmoid(), {"min_value": -8.0, "max_value": 8.0}),
    "tanh": (lambda t: t.tanh(), {}),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data())
def test_unary_ops(name, data):
    fn, options = UNARY[name]
    assert gradcheck(fn, data.draw(tst.arrays(**options)))


# --- reductions ---------------------------------------------------------------------------------
@st.composite
def array_and_axis(draw, **options):
    x = draw(tst.arrays(tst.shapes(min_dims=1), **options))
    axis = draw(st.none() | st.integers(-x.ndim, x.ndim - 1) |
                st.lists(st.integers(0, x.ndim - 1), min_size=1, max_size=x.ndim, unique=True)
                .map(tuple))
    return x, axis, draw(st.booleans())


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@given(case=array_and_axis())
def test_sum_and_mean(reduction, case):
    x, axis, keepdims = case
    assert gradcheck(lambda t: getattr(t, reduction)(axis=axis, keepdims=keepdims), x)


@pytest.mark.parametrize("extremum", ["max", "min"])
@given(case=array_and_axis(distinct=True))
def test_max(extremum, case):
    x, axis, keepdims = case
    assert gradcheck(lambda t: getattr(t, extremum)(axis=axis, keepdims=keepdims), x)


# --- shapes ---------------------------------------------------------------------------------------
@given(x=tst.arrays(tst.shapes(min_dims=1)), data=st.data())
def test_reshape_transpose_flatten(x, data):
    perm = data.draw(st.permutations(range(x.ndim)))
    assert gradcheck(lambda t: t.reshape(-1, 1).reshape(x.shape).transpose(*perm).flatten() * 1.5, x)
    assert gradcheck(lambda t: t.T * 2, x)


@given(shapes=tst.broadcastable_shapes(2), data=st.data())
def test_broadcast_to(shapes, data):
    target = np.broadcast_shapes(*shapes)
    x = data.draw(tst.arrays(shapes[0]))
    assert gradcheck(lambda t: t.broadcast_to(target) * np.arange(1, 1 + int(np.prod(target)))
                     .reshape(target), x)


@given(x=tst.arrays((5, 4)), data=st.data())
def test_getitem_basic_and_integer_arrays(x, data):
    rows = np.array(data.draw(st.lists(st.integers(-5, 4), min_size=1, max_size=8)))
    assert gradcheck(lambda t: t[1:4, ::2] * 3, x)
    assert gradcheck(lambda t: t[rows] * 2, x)  # repeated rows must accumulate
    assert gradcheck(lambda t: t[rows, rows % 4], x)
    assert gradcheck(lambda t: t[-1], x)


def test_getitem_repeated_index_accumulates():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[np.array([0, 0, 2, 0])].sum().backward()
    np.testing.assert_array_equal(x.grad.data, [3.0, 0.0, 1.0])


@given(data=st.data(), axis=st.integers(0, 1), count=st.integers(1, 3))
def test_concatenate_and_stack(data, axis, count):
    parts = [data.draw(tst.arrays((2, data.draw(st.integers(1, 3))) if axis else
                                  (data.draw(st.integers(1, 3)), 2))) for _ in range(count)]
    assert gradcheck(lambda *ts: concatenate(ts, axis=axis) * 2, *parts)
    same = [data.draw(tst.arrays((2, 3))) for _ in range(count)]
    assert gradcheck(lambda *ts: stack(ts, axis=axis) * 2, *same)


# --- matmul ------------------------------------------------------------------------------------
@st.composite
def matmul_operands(draw):
    kind = draw(st.sampled_from(["1d@1d", "1d@2d", "2d@1d", "2d@2d", "batched", "broadcast-batch",
                                 "3d@1d", "1d@3d"]))
    m, k, n, b = (draw(st.integers(1, 4)) for _ in range(4))
    shapes = {"1d@1d": ((k,), (k,)), "1d@2d": ((k,), (k, n)), "2d@1d": ((m, k), (k,)),
              "2d@2d": ((m, k), (k, n)), "batched": ((b, m, k), (b, k, n)),
              "broadcast-batch": ((b, 1, m, k), (3, k, n)), "3d@1d": ((b, m, k), (k,)),
              "1d@3d": ((k,), (b, k, n))}[kind]
    return draw(tst.arrays(shapes[0])), draw(tst.arrays(shapes[1]))


@given(operands=matmul_operands())
def test_matmul_all_ranks(operands):
    assert gradcheck(lambda a, b: a @ b, *operands)


# --- softmax and losses --------------------------------------------------------------------------
@given(x=tst.arrays(tst.shapes(min_dims=1)), data=st.data())
def test_softmax_and_log_softmax(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    assert gradcheck(lambda t: t.softmax(axis=axis), x)
    assert gradcheck(lambda t: t.log_softmax(axis=axis), x)


@given(logits=tst.arrays(st.tuples(st.integers(1, 5), st.integers(2, 5)), min_value=-5,
                         max_value=5), data=st.data())
def test_cross_entropy_integer_and_one_hot_labels(logits, data):
    n, k = logits.shape
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    assert gradcheck(lambda t: F.cross_entropy(t, labels), logits)
    assert gradcheck(lambda t: F.cross_entropy(t, np.eye(k)[labels]), logits)


@given(xy=tst.shapes().flatmap(lambda s: st.tuples(tst.arrays(s), tst.arrays(s))))
def test_mse_loss(xy):
    assert gradcheck(lambda p, t: F.mse_loss(p, t), *xy)


# --- convolution and pooling ------------------------------------------------------------------------
@given(case=tst.conv2d_cases())
def test_conv2d_any_stride_padding_kernel(case):
    assert gradcheck(lambda x, w, b: x.conv2d(w, b, stride=case.stride, padding=case.padding),
                     case.x, case.W, case.b)


@given(case=tst.conv2d_cases(max_padding=0))
def test_conv2d_without_bias(case):
    assert gradcheck(lambda x, w: x.conv2d(w, stride=case.stride), case.x, case.W)


@pytest.mark.parametrize("pool", ["max_pool2d", "avg_pool2d"])
@given(case=tst.pool2d_cases())
def test_pooling_overlap_gaps_padding(pool, case):
    assert gradcheck(lambda x: getattr(x, pool)(case.kernel_size, stride=case.stride,
                                                padding=case.padding), case.x)


@given(case=tst.pool2d_cases(padding=False))
def test_pooling_stride_defaults_to_kernel(case):
    assert gradcheck(lambda x: x.max_pool2d(case.kernel_size), case.x)
    assert gradcheck(lambda x: x.avg_pool2d(case.kernel_size), case.x)


# --- graphs: fan-out and reuse --------------------------------------------------------------------
@given(xy=pair_of_arrays(min_value=-1, max_value=1))
def test_fan_out_and_reused_intermediates(xy):
    def graph(a, b):
        c = a * b            # used three times below
        d = c + a            # a used twice
        return (c * d).tanh() + c.exp() * b - (d * d).sum()
    assert gradcheck(graph, *xy)


@given(case=tst.conv2d_cases(max_padding=0, max_stride=1))
def test_small_cnn_end_to_end(case):
    n = case.x.shape[0]
    labels = np.arange(n) % 2

    def net(x, w, b):
        h = x.conv2d(w, b).relu().avg_pool2d(1).reshape(n, -1)
        return F.cross_entropy(h @ np.ones((h.shape[1], 2)) * 0.1, labels)
    assert gradcheck(net, case.x, case.W, case.b)
