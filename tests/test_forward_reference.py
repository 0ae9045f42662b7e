"""Every op's forward values against an independent NumPy reference (testing.check_op), over the
strategies of the gradient tests: broadcasting, empty and 0-d shapes, padding, ties, negatives.

"Independent" means the reference is written another way than the op: sigmoid through tanh,
softplus through logaddexp, convolutions and pools window by window, softmax through logaddexp.
"""

import math

import numpy as np
import pytest
from hypothesis import strategies as st

import tinygrad_ko as tk
from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F
from tinygrad_ko.testing import Conv2dCase, Pool2dCase, check_op
from tinygrad_ko.testing import strategies as tst
from test_gradcheck_edge_cases import pool_reference

ANY_SHAPE = tst.shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
EDGES = [np.zeros((0, 3)), np.array(0.0), np.array(-1.5), np.zeros((2, 0, 1))]
erf = np.vectorize(math.erf, otypes=[float])


def anything(**options):
    return tst.arrays(ANY_SHAPE, **options)


# --- element-wise, one input ---------------------------------------------------------------------
UNARY = {
    "neg": (lambda t: -t, np.negative, {}),
    "exp": (lambda t: t.exp(), lambda x: np.e ** x, {}),
    "log": (lambda t: t.log(), lambda x: np.log2(x) / np.log2(np.e), {"min_value": 0.1}),
    "sqrt": (lambda t: t.sqrt(), lambda x: x ** 0.5, {"min_value": 0.0}),
    "relu": (lambda t: t.relu(), lambda x: np.where(x > 0, x, 0.0), {}),
    "sigmoid": (lambda t: t.sigmoid(), lambda x: 0.5 * (1 + np.tanh(x / 2)), {"min_value": -30.0,
                                                                             "max_value": 30.0}),
    "tanh": (lambda t: t.tanh(), lambda x: 1 - 2 / (np.exp(2 * x) + 1), {}),
    "abs": (lambda t: t.abs(), lambda x: np.where(x < 0, -x, x), {}),
    "sign": (lambda t: t.sign(), lambda x: (x > 0).astype(float) - (x < 0), {"ties": True}),
    "sin": (lambda t: t.sin(), np.sin, {}),
    "cos": (lambda t: t.cos(), lambda x: np.sin(x + np.pi / 2), {}),
    "tan": (lambda t: t.tan(), lambda x: np.sin(x) / np.cos(x), {"min_value": -1.4,
                                                                 "max_value": 1.4}),
    "erf": (lambda t: t.erf(), erf, {}),
    "square": (lambda t: t.square(), lambda x: x * x, {}),
    "pow 3": (lambda t: t ** 3, lambda x: x * x * x, {}),
    "pow -0.5": (lambda t: t ** -0.5, lambda x: 1 / np.sqrt(x), {"min_value": 0.1}),
    "clip": (lambda t: t.clip(-0.5, 1.0), lambda x: np.minimum(np.maximum(x, -0.5), 1.0),
             {"ties": True}),
    "clamp min only": (lambda t: t.clamp(min=0.25), lambda x: np.where(x < 0.25, 0.25, x), {}),
    "leaky_relu": (lambda t: F.leaky_relu(t, 0.1), lambda x: np.where(x > 0, x, 0.1 * x), {}),
    "elu": (lambda t: F.elu(t), lambda x: np.where(x > 0, x, np.expm1(x)), {}),
    "softplus": (lambda t: F.softplus(t), lambda x: np.logaddexp(0, x), {"min_value": -40.0,
                                                                         "max_value": 40.0}),
    "softplus beta 2": (lambda t: F.softplus(t, beta=2.0), lambda x: np.logaddexp(0, 2 * x) / 2,
                        {}),
    "log_sigmoid": (lambda t: F.log_sigmoid(t), lambda x: -np.logaddexp(0, -x),
                    {"min_value": -40.0, "max_value": 40.0}),
    "silu": (lambda t: F.silu(t), lambda x: x / (1 + np.exp(-x)), {}),
    "gelu": (lambda t: F.gelu(t), lambda x: x * (1 + erf(x / np.sqrt(2))) / 2, {}),
    "gelu tanh": (lambda t: F.gelu(t, approximate="tanh"),
                  lambda x: x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3))) / 2,
                  {}),
    "clone": (lambda t: t.clone(), np.copy, {}),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_forward(name):
    fn, reference, options = UNARY[name]
    low = options.get("min_value", -2.0)
    edges = [e for e in EDGES if np.all(e >= low)] + [np.array([low, low + 0.5])]
    assert check_op(fn, reference, anything(**options), examples=edges, rtol=1e-9, atol=1e-12)


def test_float_dtypes_are_kept_and_integers_become_float32():
    for dtype in (np.float16, np.float32, np.float64):
        x = np.linspace(-1, 1, 5).astype(dtype)
        for name, (fn, _, _) in UNARY.items():
            if name not in ("sqrt", "log", "pow -0.5"):
                assert fn(Tensor(x)).dtype == dtype, name
    ints = np.array([0, 1, 5], dtype=np.uint8)
    for name in ("exp", "sigmoid", "tanh", "sin", "sqrt", "softplus", "gelu"):
        out = UNARY[name][0](Tensor(ints))
        assert out.dtype == np.float32, name
        np.testing.assert_allclose(out.data, UNARY[name][1](ints.astype(np.float64)), rtol=1e-6)


# --- element-wise, two inputs (broadcasting) -------------------------------------------------------
def broadcast_pair(**options):
    shapes = tst.broadcastable_shapes(2, min_dims=0, min_side=0)
    return shapes.flatmap(lambda s: st.tuples(tst.arrays(s[0], **options),
                                              tst.arrays(s[1], **options)))


BINARY = {
    "add": (lambda a, b: a + b, lambda x, y: x - (-y), {}),
    "sub": (lambda a, b: a - b, lambda x, y: x + (-y), {}),
    "mul": (lambda a, b: a * b, np.multiply, {}),
    "div": (lambda a, b: a / b, lambda x, y: x * (1 / y), {"avoid": (0.0,), "margin": 0.2}),
    "maximum": (tk.maximum, lambda x, y: np.where(x >= y, x, y), {"ties": True}),
    "minimum": (tk.minimum, lambda x, y: np.where(x <= y, x, y), {"ties": True}),
    "where": (lambda a, b: tk.where(a > b, a, b * 2), lambda x, y: np.where(x > y, x, 2 * y),
              {"ties": True}),
    "reversed operands": (lambda a, b: 2.0 - a / (b * b + 1), lambda x, y: 2.0 - x / (y * y + 1),
                          {}),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_forward_with_broadcasting(name):
    fn, reference, options = BINARY[name]
    edges = [(np.ones((3, 1)), np.arange(4.0) + 1), (np.array(2.0), np.zeros((0, 2)) + 1)]
    assert check_op(fn, reference, broadcast_pair(**options), examples=edges, rtol=1e-12)


# --- reductions --------------------------------------------------------------------------------------
@st.composite
def array_axis_keepdims(draw, min_side=0, **options):
    x = draw(tst.arrays(tst.shapes(min_dims=int(min_side > 1), max_dims=3, min_side=min_side),
                        **options))
    axes = st.none() if x.ndim == 0 else (st.none() | st.integers(-x.ndim, x.ndim - 1) | st.lists(
        st.integers(0, x.ndim - 1), min_size=1, max_size=x.ndim, unique=True).map(tuple))
    return x, draw(axes), draw(st.booleans())


def loop_reduce(x, axis, keepdims, fold):
    """Reduce by folding the moved-to-the-end axes row by row (an independent reduction)."""
    axes = tuple(range(x.ndim)) if axis is None else tuple(
        a % x.ndim for a in ((axis,) if isinstance(axis, int) else axis))
    kept = [a for a in range(x.ndim) if a not in axes]
    rows = np.moveaxis(x, kept + list(axes), range(x.ndim)).reshape(
        int(np.prod([x.shape[a] for a in kept])), int(np.prod([x.shape[a] for a in axes])))
    values = np.array([fold(list(row)) for row in rows]).reshape([x.shape[a] for a in kept])
    if keepdims:
        values = values.reshape([1 if a in axes else x.shape[a] for a in range(x.ndim)])
    return values


REDUCTIONS = {
    "sum": (lambda t, a, k: t.sum(axis=a, keepdims=k), lambda r: math.fsum(r), 0),
    "mean": (lambda t, a, k: t.mean(axis=a, keepdims=k),
             lambda r: math.fsum(r) / len(r) if r else np.nan, 0),
    "max": (lambda t, a, k: t.max(axis=a, keepdims=k), max, 1),
    "min": (lambda t, a, k: t.min(axis=a, keepdims=k), min, 1),
    "var": (lambda t, a, k: t.var(axis=a, keepdims=k),
            lambda r: math.fsum((v - math.fsum(r) / len(r)) ** 2 for v in r) / len(r), 1),
    "std ddof 1": (lambda t, a, k: t.std(axis=a, ddof=1, keepdims=k),
                   lambda r: math.sqrt(math.fsum((v - math.fsum(r) / len(r)) ** 2 for v in r) /
                                       (len(r) - 1)), 2),
    "logsumexp": (lambda t, a, k: t.logsumexp(axis=a, keepdims=k),
                  lambda r: math.log(math.fsum(math.exp(v) for v in r)), 1),
}


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reduction_forward(name):
    fn, fold, min_side = REDUCTIONS[name]
    ties = name in ("max", "min")
    edges = [(np.array([[1.0, 1.0], [-2.0, 3.0]]), 1, True)]
    if min_side < 2:
        edges.append((np.array(2.5), None, False))
    if min_side == 0:
        edges += [(np.zeros((2, 0)), 1, False), (np.zeros((0, 3)), None, True)]
    assert check_op(lambda x, a, k: fn(x, a, k),
                    lambda x, a, k: loop_reduce(x, a, k, fold),
                    array_axis_keepdims(min_side=min_side, ties=ties), examples=edges,
                    rtol=1e-9, atol=1e-12)


def test_argmax_and_argmin_pick_the_first_of_ties():
    x = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, -1.0]])
    np.testing.assert_array_equal(Tensor(x).argmax(axis=1).data, [1, 0])
    np.testing.assert_array_equal(Tensor(x).argmin(axis=1).data, [0, 2])
    assert int(Tensor(x).argmax().data) == 1
    assert check_op(lambda t: t.argmax(axis=0), lambda a: np.argmax(a, axis=0),
                    tst.arrays(tst.shapes(min_dims=1), ties=True), check_dtype=False)


# --- shapes -------------------------------------------------------------------------------------------
@st.composite
def permuted(draw):
    x = draw(tst.arrays(tst.shapes(min_dims=0, max_dims=4, min_side=0, max_side=3)))
    return x, tuple(draw(st.permutations(range(x.ndim))))


@st.composite
def two_axes(draw):
    x = draw(tst.arrays(tst.shapes(min_dims=1, max_dims=4, min_side=0, max_side=3)))
    axis = st.integers(-x.ndim, x.ndim - 1)
    return x, (draw(axis), draw(axis))


def test_shape_ops_forward():
    assert check_op(lambda t, p: t.transpose(p) if p else t.transpose(),
                    lambda x, p: x.transpose(p) if p else x.T, permuted(),
                    examples=[(np.arange(24.0).reshape(2, 3, 4), (1, 2, 0)),
                              (np.zeros((2, 0, 1)), (2, 0, 1)), (np.arange(4.0).reshape(2, 2), (0, 1))])
    assert check_op(lambda t, p: t.transpose(*p), lambda x, p: np.swapaxes(x, *p), two_axes(),
                    examples=[(np.arange(4.0).reshape(2, 2), (0, 1)),
                              (np.arange(4.0).reshape(2, 2), (-2, -1)),
                              (np.arange(24.0).reshape(2, 3, 4), (0, 2))])
    # a whole permutation as separate numbers: NumPy's reading, except for two (the swap above)
    assert check_op(lambda t, p: t.transpose(*p) if len(p) != 2 else t.transpose(p),
                    lambda x, p: x.transpose(p), permuted(),
                    examples=[(np.arange(24.0).reshape(2, 3, 4), (1, 2, 0)),
                              (np.zeros((2, 0, 1)), (2, 0, 1))])
    assert check_op(lambda t: t.reshape(-1), np.ravel, anything(), examples=EDGES)
    assert check_op(lambda t: t.flatten(), np.ravel, anything(), examples=EDGES)
    assert check_op(lambda t: t.flatten(1), lambda x: x.reshape(x.shape[0], -1),
                    tst.arrays(tst.shapes(min_dims=2)))
    assert check_op(lambda t: t.flip(axis=0), lambda x: x[::-1],
                    tst.arrays(tst.shapes(min_dims=1, min_side=0)))
    assert check_op(lambda t: t.unsqueeze(0).squeeze(0), lambda x: x, anything(), examples=EDGES)


def test_broadcast_to_and_sum_to_forward():
    @st.composite
    def case(draw):
        small, big = draw(tst.broadcastable_shapes(2, min_side=0))
        target = np.broadcast_shapes(small, big)
        return draw(tst.arrays(small)), target

    def repeated(x, target):
        out = np.empty(target)
        out[...] = x
        return out
    assert check_op(lambda t, s: t.broadcast_to(s), repeated, case(),
                    examples=[(np.array([1.0, 2.0]), (3, 2)), (np.array(1.0), (0, 2))])

    def summed(y, shape):
        lead = y.ndim - len(shape)
        out = y.sum(axis=tuple(range(lead))) if lead else y
        for axis, n in enumerate(shape):
            if n == 1 and out.shape[axis] != 1:
                out = out.sum(axis=axis, keepdims=True)
        return out
    assert check_op(lambda t, s: F.sum_to(t, s), summed,
                    case().flatmap(lambda xs: st.tuples(tst.arrays(xs[1]), st.just(xs[0].shape))))


def test_pad_forward_with_negative_values():
    @st.composite
    def case(draw):
        x = draw(tst.arrays(tst.shapes(min_dims=1, max_dims=3, min_side=0), max_value=-0.5))
        widths = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in x.shape)
        return x, widths, draw(st.sampled_from([0.0, -7.5]))

    def padded(x, widths, value):
        out = np.full([n + a + b for n, (a, b) in zip(x.shape, widths)], value)
        out[tuple(slice(a, a + n) for n, (a, _) in zip(x.shape, widths))] = x
        return out
    assert check_op(lambda t, w, v: t.pad(w, value=v), padded, case(),
                    examples=[(-np.ones((2, 2)), ((1, 0), (0, 2)), 0.0)])


def test_getitem_concatenate_stack_forward():
    x = np.arange(12.0).reshape(4, 3) - 6
    assert check_op(lambda t, i: t[i], lambda a, i: a[tuple(np.array(k) if isinstance(k, list)
                                                            else k for k in i)
                                                      if isinstance(i, tuple) else
                                                      (np.array(i) if isinstance(i, list) else i)],
                    st.tuples(st.just(x), tst.indices(x.shape)),
                    examples=[(x, [0, 0, -1]), (x, (1, 2)), (x, [True, False, True, False])])

    @st.composite
    def parts(draw):
        axis = draw(st.integers(0, 1))
        sizes = draw(st.lists(st.integers(0, 3), min_size=1, max_size=3))
        return tuple(draw(tst.arrays((n, 2) if axis == 0 else (2, n))) for n in sizes), axis
    assert check_op(lambda ts, a: tk.concatenate([Tensor(t) for t in ts], axis=a),
                    lambda ts, a: np.block([list(ts)]) if a else np.vstack(ts), parts())
    assert check_op(lambda ts, a: tk.stack([Tensor(t) for t in ts], axis=a),
                    lambda ts, a: np.array(ts) if a == 0 else np.array(ts).swapaxes(0, 1),
                    parts().filter(lambda c: len({t.shape for t in c[0]}) == 1))


# --- matmul and einsum --------------------------------------------------------------------------------
@st.composite
def matmul_pairs(draw):
    m, k, n, b = (draw(st.integers(0, 3)) for _ in range(4))
    shapes = draw(st.sampled_from([((k,), (k,)), ((k,), (k, n)), ((m, k), (k,)), ((m, k), (k, n)),
                                   ((b, m, k), (k, n)), ((b, 1, m, k), (2, k, n))]))
    return draw(tst.arrays(shapes[0])), draw(tst.arrays(shapes[1]))


def loop_matmul(a, b):
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
    a2 = np.broadcast_to(a2, batch + a2.shape[-2:])
    b2 = np.broadcast_to(b2, batch + b2.shape[-2:])
    out = (a2[..., :, :, None] * b2[..., None, :, :]).sum(axis=-2)
    if a.ndim == 1:
        out = out[..., 0, :]
    if b.ndim == 1:
        out = out[..., 0]
    return out


def test_matmul_and_einsum_forward():
    assert check_op(lambda a, b: a @ b, loop_matmul, matmul_pairs(), rtol=1e-12, atol=1e-12,
                    examples=[(np.ones((0, 2)), np.ones((2, 3))), (np.ones(0), np.ones(0))])
    assert check_op(lambda a, b: tk.einsum("ij,jk->ik", a, b), loop_matmul,
                    st.tuples(tst.arrays((2, 3)), tst.arrays((3, 4))), rtol=1e-12)
    assert check_op(lambda a: tk.einsum("ii", a), lambda x: sum(x[i, i] for i in range(len(x))),
                    tst.arrays((3, 3)), rtol=1e-12)


# --- softmax and losses -----------------------------------------------------------------------------
def test_softmax_log_softmax_forward():
    def log_softmax_reference(x, axis):
        return x - np.logaddexp.reduce(x, axis=axis, keepdims=True) if x.size else x

    @st.composite
    def case(draw):
        x = draw(tst.arrays(tst.shapes(min_dims=1, min_side=0), min_value=-50, max_value=50))
        return x, draw(st.integers(-x.ndim, x.ndim - 1))
    edges = [(np.zeros((3, 0)), 1), (np.array([1000.0, -1000.0, 0.0]), 0), (np.ones((2, 2)), 0)]
    assert check_op(lambda t, a: t.log_softmax(axis=a), log_softmax_reference, case(),
                    examples=edges, rtol=1e-9, atol=1e-12)
    assert check_op(lambda t, a: t.softmax(axis=a),
                    lambda x, a: np.exp(log_softmax_reference(x, a)), case(), examples=edges,
                    rtol=1e-9, atol=1e-15)


def test_losses_forward():
    @st.composite
    def logits_and_labels(draw):
        n, k = draw(st.integers(1, 5)), draw(st.integers(1, 5))
        return (draw(tst.arrays((n, k), min_value=-5, max_value=5)),
                np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))))

    def cross_entropy_reference(x, labels):
        return -np.mean([x[i, c] - np.logaddexp.reduce(x[i]) for i, c in enumerate(labels)])
    assert check_op(lambda t, y: F.cross_entropy(t, y), cross_entropy_reference,
                    logits_and_labels(), rtol=1e-9)
    assert check_op(lambda p, t: F.mse_loss(p, t), lambda p, t: np.mean((p - t) ** 2),
                    tst.shapes(min_dims=1).flatmap(lambda s: st.tuples(tst.arrays(s),
                                                                       tst.arrays(s))))


# --- convolution and pooling -------------------------------------------------------------------------
def conv_reference(x, w, b, stride, padding):
    """Output pixel by output pixel: the window times the filters, summed."""
    (sh, sw), (ph, pw) = stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    fn, _, fh, fw = w.shape
    oh, ow = (xp.shape[2] - fh) // sh + 1, (xp.shape[3] - fw) // sw + 1
    out = np.zeros((x.shape[0], fn, oh, ow))
    for i, j in np.ndindex(oh, ow):
        window = xp[:, :, i * sh:i * sh + fh, j * sw:j * sw + fw]
        out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out


def test_conv2d_forward():
    assert check_op(lambda x, w, b, s, p: x.conv2d(w, b, stride=s, padding=p), conv_reference,
                    tst.conv2d_cases().map(lambda c: (c.x, c.W, c.b, c.stride, c.padding)),
                    rtol=1e-10, atol=1e-12)


def conv_transpose_reference(x, w, b, stride, padding, output_padding):
    """Each input pixel scatters its filter-weighted copy onto the output canvas."""
    (sh, sw), (ph, pw), (oph, opw) = stride, padding, output_padding
    n, _, h, wd = x.shape
    _, c_out, kh, kw = w.shape
    canvas = np.zeros((n, c_out, (h - 1) * sh + kh + oph, (wd - 1) * sw + kw + opw))
    for i, j in np.ndindex(h, wd):
        canvas[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw] += np.einsum("nc,cokl->nokl",
                                                                          x[:, :, i, j], w)
    out = canvas[:, :, ph:canvas.shape[2] - ph, pw:canvas.shape[3] - pw]
    return out + b[None, :, None, None]


def test_conv_transpose2d_forward():
    @st.composite
    def case(draw):
        n, c_in, c_out = (draw(st.integers(1, 2)) for _ in range(3))
        kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        stride = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
        padding = (draw(st.integers(0, (kh - 1) // 2)), draw(st.integers(0, (kw - 1) // 2)))
        output_padding = tuple(draw(st.integers(0, s - 1)) for s in stride)
        x = draw(tst.arrays((n, c_in, draw(st.integers(1, 4)), draw(st.integers(1, 4)))))
        return (x, draw(tst.arrays((c_in, c_out, kh, kw))), draw(tst.arrays((c_out,))), stride,
                padding, output_padding)
    assert check_op(lambda x, w, b, s, p, o: F.conv_transpose2d(x, w, b, stride=s, padding=p,
                                                                output_padding=o),
                    conv_transpose_reference, case(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool_forward_with_padding_ties_and_negatives(kind):
    cases = st.sampled_from(["distinct", "negative", "ties"]).flatmap(
        lambda v: tst.pool2d_cases(values=v))
    negative = Pool2dCase(-np.arange(1.0, 17.0).reshape(1, 1, 4, 4), (3, 3), (2, 2), (1, 1))
    pool = Tensor.max_pool2d if kind == "max" else Tensor.avg_pool2d
    assert check_op(lambda c: pool(Tensor(c.x), c.kernel_size, stride=c.stride,
                                   padding=c.padding),
                    lambda c: pool_reference(c, kind)[0], cases, examples=[negative],
                    rtol=1e-12, atol=1e-15)


def test_im2col_forward_is_the_books_layout():
    case = Conv2dCase(np.arange(2 * 2 * 4 * 4.0).reshape(2, 2, 4, 4), np.zeros((1, 2, 3, 2)),
                      np.zeros(1), (1, 2), (1, 0))
    col = F.im2col(Tensor(case.x), (3, 2), stride=case.stride, pad=case.padding).data
    xp = np.pad(case.x, ((0, 0), (0, 0), (1, 1), (0, 0)))
    rows = [xp[n, :, i:i + 3, j:j + 2].ravel() for n in range(2) for i in range(4) for j in (0, 2)]
    np.testing.assert_array_equal(col, np.array(rows))


# --- dtypes of reductions (float16 is added up in float32 and stored in float16) -----------------
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_reductions_keep_the_float_dtype(dtype):
    x = np.linspace(-1, 1, 12).reshape(3, 4).astype(dtype)
    for name in ("sum", "mean", "max"):
        for axis in (None, 1, (0, 1)):
            out = getattr(Tensor(x), name)(axis=axis)
            assert out.dtype == dtype, (name, axis)
    assert Tensor(np.zeros((0, 3), dtype=dtype)).mean(axis=0).dtype == dtype


def test_float16_sums_are_accumulated_in_float32():
    x = np.full(20000, 0.1, dtype=np.float16)   # float16 alone would stop growing at 256
    assert float(Tensor(x).sum().data) == pytest.approx(20000 * float(np.float16(0.1)), rel=1e-3)
    assert float(Tensor(x).mean().data) == pytest.approx(float(np.float16(0.1)), rel=1e-3)


def test_integer_reductions():
    x = np.array([[2, 3], [4, 6]])
    assert float(Tensor(x).mean().data) == 3.75
    np.testing.assert_array_equal(Tensor(x).mean(axis=0).data, [3.0, 4.5])
    assert Tensor(x).sum().data.dtype.kind == "i" and int(Tensor(x).sum().data) == 15
    empty = Tensor(np.zeros((0, 2), dtype=np.int64)).mean(axis=0)
    assert empty.dtype == np.float32 and np.all(np.isnan(empty.data))


# --- refusals name the op and the argument (a renamed or garbled name is a bug) ------------------
def _refusal(call, kind, pattern):
    with pytest.raises(kind, match=pattern):
        call()


def test_refusals_name_the_op_and_the_argument():
    from tinygrad_ko.ops import col2im, im2col
    x = Tensor(np.zeros((1, 1, 4, 4)))
    cases = [
        (lambda: im2col(np.zeros((2, 3)), 2, 2), ValueError, r"^im2col expects images"),
        (lambda: im2col(np.zeros((1, 1, 3, 3)), 2, 2, stride=(1, 2, 3)), TypeError, r"^stride must"),
        (lambda: im2col(np.zeros((1, 1, 3, 3)), 2, 2, pad=(1, 1, 1)), TypeError, r"^pad must"),
        (lambda: im2col(np.zeros((1, 1, 3, 3)), 5, 5), ValueError, r"^im2col: a 5×5 kernel"),
        (lambda: col2im(np.zeros((4, 4)), (1, 1, 3, 3), 2, 2, stride=(1, 2, 3)), TypeError,
         r"^stride must"),
        (lambda: col2im(np.zeros((4, 4)), (1, 1, 3, 3), 2, 2, pad=(1, 2, 3)), TypeError,
         r"^pad must"),
        (lambda: col2im(np.zeros((4, 4)), (1, 1, 3, 3), 5, 5), ValueError, r"^col2im: a 5×5"),
        (lambda: x.max_pool2d((1, 2, 3)), TypeError, r"^kernel_size must"),
        (lambda: x.max_pool2d(2, stride=(1, 2, 3)), TypeError, r"^stride must"),
        (lambda: x.avg_pool2d(2, padding=(1, 2, 3)), TypeError, r"^padding must"),
        (lambda: x.conv2d(np.zeros((1, 1, 2, 2)), stride=(1, 2, 3)), TypeError, r"^stride must"),
        (lambda: x.conv2d(np.zeros((1, 1, 2, 2)), padding=(1, 2, 3)), TypeError, r"^padding must"),
        (lambda: F.im2col(x, (1, 2, 3)), TypeError, r"^kernel_size must"),
        (lambda: F.im2col(x, 2, stride=(1, 2, 3)), TypeError, r"^stride must"),
        (lambda: F.im2col(x, 2, pad=(1, 2, 3)), TypeError, r"^padding must"),
        (lambda: F.col2im(Tensor(np.zeros((4, 9))), (1, 1, 4, 4), 2, stride=(1, 2, 3)), TypeError,
         r"^stride must"),
        (lambda: F.col2im(Tensor(np.zeros((4, 9))), (1, 1, 4, 4), (1, 2, 3)), TypeError,
         r"^kernel_size must"),
        (lambda: F.col2im(Tensor(np.zeros((4, 9))), (1, 1, 4, 4), 2, pad=(1, 2, 3)), TypeError,
         r"^padding must"),
        (lambda: tk.maximum(Tensor(np.ones(2, np.float32), requires_grad=True), Tensor(np.ones(2))),
         TypeError, r"^maximum: the operands have dtypes float32 and float64"),
        (lambda: tk.minimum(Tensor(np.ones(2)), Tensor(np.ones(2, np.float32), requires_grad=True)),
         TypeError, r"^minimum: the operands"),
        (lambda: tk.where(np.array([True, False]), Tensor(np.ones(2, np.float32), requires_grad=True),
                          Tensor(np.ones(2))), TypeError, r"^where: the operands"),
        (lambda: tk.concatenate([Tensor(np.zeros((2, 3))), Tensor(np.zeros((2, 4)))], axis=0),
         ValueError, r"shapes \(2, 3\), \(2, 4\) along axis 0"),
        (lambda: tk.stack([Tensor(np.zeros((2, 3))), Tensor(np.zeros((2, 4)))]), ValueError,
         r"shapes \(2, 3\), \(2, 4\): stack"),
        (lambda: Tensor(np.zeros((2, 3)))[0, 0, 0], IndexError,
         r"^index 0, 0, 0 is out of range for a tensor of shape \(2, 3\)"),
        (lambda: Tensor(np.zeros((2, 3)))[1.5], IndexError, r"^index 1.5 cannot index"),
        (lambda: F.conv_transpose2d(x, np.zeros((1, 2, 2, 2)), np.zeros(3)), ValueError,
         r"bias must have shape \(C_out,\) = \(2,\), got \(3,\)"),
        (lambda: F.conv_transpose2d(x, np.zeros((1, 2, 2, 2)), Tensor(np.zeros(3))), ValueError,
         r"got \(3,\)"),
        (lambda: F.conv_transpose2d(x, np.zeros((1, 2, 2, 2)), stride=0), ValueError,
         r"stride must be >= 1"),
        (lambda: F.conv_transpose2d(x, np.zeros((1, 2, 2, 2)), padding=-1), ValueError,
         r"padding \(-1, -1\)"),
        (lambda: x.pad((1, 2, 3)), ValueError, r"^pad: the flat form \(1, 2, 3\) needs an even"),
        (lambda: x.pad((1, 1) * 5), ValueError, r"^pad: the flat form"),
        (lambda: x.pad(((1, 1), (1, 1))), ValueError, r"^pad: 2 \(before, after\) pairs"),
        (lambda: x.pad(((1, 1), (1,), (0, 0), (0, 0))), TypeError, r"^pad: cannot read"),
        (lambda: Tensor(np.zeros(3)).argmax(dim=2), ValueError, r"axis 2 is out of range"),
    ]
    for call, kind, pattern in cases:
        _refusal(call, kind, pattern)


def test_index_labels_in_drawings():
    x = Tensor(np.zeros((3, 3)), requires_grad=True)
    assert x[np.array([0, 1])].creator.label() == "[array(2,)]"
    assert x[:, 1].creator.label() == "[:, 1]"
    assert x[[0, 2], 1:].creator.label() == "[array(2,), 1:]" or \
        x[[0, 2], 1:].creator.label().startswith("[array(2,), ")


def test_flat_and_paired_pad_widths_agree():
    x = np.arange(6.0).reshape(2, 3)
    flat = Tensor(x).pad((1, 2)).data                  # last axis: left 1, right 2
    np.testing.assert_array_equal(flat, np.pad(x, ((0, 0), (1, 2))))
    np.testing.assert_array_equal(Tensor(x).pad(((1, 0), (0, 2))).data, np.pad(x, ((1, 0), (0, 2))))
    np.testing.assert_array_equal(Tensor(x).pad(((1, 1),)).data, np.pad(x, 1))
    np.testing.assert_array_equal(Tensor(x).pad(1).data, np.pad(x, 1))
    assert Tensor(x).pad(1, value=-2.0).data[0, 0] == -2.0


def test_argmax_and_argmin_results_are_integer_constants():
    out = Tensor(np.array(3.0), requires_grad=True).argmax()
    assert out.dtype == np.int64 and int(out.data) == 0 and not out.requires_grad
    t = Tensor(np.array([[1.0, 5.0, 2.0], [7.0, 0.0, 7.0]]))
    np.testing.assert_array_equal(t.argmax(dim=1, keepdims=True).data, [[1], [0]])
    np.testing.assert_array_equal(t.argmin(axis=0).data, [0, 1, 0])
    assert int(t.argmin().data) == 4


def test_matmul_refusals_name_the_axes():
    one, two = Tensor(np.ones(3)), Tensor(np.ones((2, 3)))
    _refusal(lambda: one @ Tensor(np.ones(4)), ValueError, r"right operand's only axis \(4\)")
    _refusal(lambda: two @ Tensor(np.ones((4, 2))), ValueError,
             r"right operand's second-to-last axis \(4\)")
    _refusal(lambda: Tensor(np.ones(())) @ one, ValueError, r"got shapes \(\) and \(3,\)")
    _refusal(lambda: one @ Tensor(np.ones(())), ValueError, r"got shapes \(3,\) and \(\)")
    _refusal(lambda: Tensor(np.ones((2, 2, 3))) @ Tensor(np.ones((3, 3, 2))), ValueError,
             r"batch axes do not broadcast.*\(2,\) and \(3,\)")
    assert (Tensor(np.ones((4, 1, 2, 3))) @ Tensor(np.ones((5, 3, 2)))).shape == (4, 5, 2, 2)


def test_integer_powers_and_axis_checks():
    x = Tensor(np.array([2, 4]))
    np.testing.assert_array_equal((x ** -1).data, [0.5, 0.25])
    assert (x ** -1).dtype == np.float32 and (x ** 0.5).dtype == np.float32
    assert (x ** 2).dtype == np.int64 and (x ** 0).data.tolist() == [1, 1]
    np.testing.assert_allclose((Tensor(np.array([4.0])) ** 0.5).data, [2.0])
    _refusal(lambda: Tensor(np.ones(3)).unsqueeze(3), ValueError, r"^unsqueeze: axis 3 .*\[-2, 1\]")
    _refusal(lambda: Tensor(np.ones(3)).unsqueeze(True), TypeError, r"^unsqueeze: axis must be an int")
    assert Tensor(np.ones(3)).unsqueeze(-2).shape == (1, 3)
    assert Tensor(np.ones(3)).unsqueeze(1).shape == (3, 1)
    assert Tensor(np.ones(3)).unsqueeze(-1).shape == (3, 1)


def test_activation_defaults_and_boundaries():
    x = Tensor(np.array([-1.0, 0.0, 1.0]))
    np.testing.assert_allclose(F.elu(x).data, [np.expm1(-1.0), 0.0, 1.0])
    np.testing.assert_allclose(F.softplus(x).data, np.logaddexp(0, [-1.0, 0.0, 1.0]))
    np.testing.assert_allclose(x.sigmoid().data, [1 / (1 + np.e), 0.5, 1 / (1 + np.exp(-1))])
    t = Tensor(np.array([-1.0, 0.0, 2.0]), requires_grad=True)
    F.elu(t).sum().backward()
    np.testing.assert_allclose(t.grad.data, [np.exp(-1.0), 1.0, 1.0])


def test_integer_max_pool_pads_with_the_smallest_value():
    x = np.arange(-9, 7).reshape(1, 1, 4, 4)
    out = Tensor(x).max_pool2d(3, stride=2, padding=1).data
    np.testing.assert_array_equal(out, [[[[-4, -2], [4, 6]]]])
    assert out.dtype == x.dtype


@pytest.mark.parametrize("dtypes", [(np.float64, np.float32), (np.float32, np.float64),
                                    (np.float16, np.float16)])
def test_conv_output_dtype_is_the_promotion_of_both(dtypes):
    x = np.random.default_rng(0).standard_normal((1, 2, 4, 4))
    w = np.random.default_rng(1).standard_normal((3, 2, 3, 3))
    b = np.random.default_rng(2).standard_normal(3)
    out = Tensor(x.astype(dtypes[0])).conv2d(Tensor(w.astype(dtypes[1])),
                                             Tensor(b.astype(dtypes[1])), padding=1)
    assert out.dtype == np.result_type(*dtypes)
    expected = conv_reference(x.astype(dtypes[0]).astype(float), w.astype(dtypes[1]).astype(float),
                              b.astype(dtypes[1]).astype(float), (1, 1), (1, 1))
    np.testing.assert_allclose(out.data.astype(float), expected,
                               rtol=1e-2 if np.float16 in dtypes else 1e-6, atol=2e-2)
