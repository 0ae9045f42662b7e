"""One random case per Function subclass: what the first- and second-order properties run.

``CASES[OpClass]`` is a hypothesis strategy of ``(fn, inputs)``: ``fn`` maps float64 tensors to a
tensor through that op, ``inputs`` are arrays away from the op's kinks (ties, 0 for abs and
relu, the clip bounds).  tests/test_higher_order.py walks every Function subclass and fails if
one is missing here.
"""

import numpy as np
from hypothesis import strategies as st

from tinygrad_ko import Tensor, concatenate, ops
from tinygrad_ko.nn import functional as F
from tinygrad_ko.ops import activations, einsum, math, shape_extra
from tinygrad_ko.testing import strategies as tst

CASES: dict = {}
# Classes that are not ops of their own: bases that only share code.
ABSTRACT = {"_Reduction", "_Pool2d", "_PoolGeometry", "_Extremum"}


def case(*classes):
    """Register a composite strategy (draw -> (fn, inputs)) for each class."""
    def register(build):
        for cls in classes:
            CASES[cls] = st.composite(lambda draw, cls=cls: build(draw, cls))()
        return build
    return register


def small(max_dims=2, min_dims=0):
    return tst.shapes(min_dims=min_dims, max_dims=max_dims, max_side=3)


def values(draw, shape, **options):
    return draw(tst.arrays(shape, **options))


# --- element-wise ------------------------------------------------------------------------------
BINARY = {ops.Add: lambda a, b: a + b, ops.Sub: lambda a, b: a - b,
          ops.Mul: lambda a, b: a * b * a, ops.Div: lambda a, b: a / b}


@case(*BINARY)
def _binary(draw, cls):
    sa, sb = draw(tst.broadcastable_shapes(2, max_dims=2, max_side=3))
    a = values(draw, sa)
    b = values(draw, sb, min_value=0.5, max_value=2.0) if cls is ops.Div else values(draw, sb)
    return BINARY[cls], [a, b]


UNARY = {  # class -> (function, value options)
    ops.Neg: (lambda x: -x * x, {}),
    ops.Pow: (lambda x: x ** 3 + x ** -1.5, dict(min_value=0.3, max_value=2.0)),
    ops.Exp: (lambda x: x.exp(), {}),
    ops.Log: (lambda x: x.log(), dict(min_value=0.2, max_value=3.0)),
    ops.Sqrt: (lambda x: x.sqrt(), dict(min_value=0.2, max_value=3.0)),
    ops.ReLU: (lambda x: x.relu() * x, dict(avoid=(0.0,), margin=0.05)),
    ops.Sigmoid: (lambda x: x.sigmoid(), {}),
    ops.Tanh: (lambda x: x.tanh(), {}),
    math.Abs: (lambda x: x.abs() * x, dict(avoid=(0.0,), margin=0.05)),
    math.Sin: (lambda x: x.sin(), {}),
    math.Cos: (lambda x: x.cos(), {}),
    math.Tan: (lambda x: x.tan(), dict(min_value=-1.2, max_value=1.2)),
    math.Erf: (lambda x: x.erf(), {}),
    math.Clip: (lambda x: x.clip(-0.5, 1.0) * x, dict(avoid=(-0.5, 1.0), margin=0.05)),
    activations.LeakyReLU: (lambda x: F.leaky_relu(x, 0.1) * x, dict(avoid=(0.0,), margin=0.05)),
    activations.ELU: (lambda x: F.elu(x), dict(avoid=(0.0,), margin=0.05)),
    activations.Softplus: (lambda x: F.softplus(x, beta=2.0), {}),
    ops.Reshape: (lambda x: (x.reshape(-1) ** 2).reshape(x.shape[::-1]), {}),
    shape_extra.Clone: (lambda x: x.clone() * x, {}),
}


@case(*UNARY)
def _unary(draw, cls):
    fn, options = UNARY[cls]
    return fn, [values(draw, small(), **options)]


@case(math.Maximum, math.Minimum)
def _extremum(draw, cls):
    sa, sb = draw(tst.broadcastable_shapes(2, max_dims=2, max_side=3))
    # two shifted grids (a on -2 + 0.1k, b on -1.95 + 0.1k): never a tie, never closer than 0.05
    a = values(draw, sa, distinct=True, min_value=-2.0, margin=0.1)
    b = values(draw, sb, distinct=True, min_value=-1.95, margin=0.1)
    name = "maximum" if cls is math.Maximum else "minimum"
    return (lambda x, y: getattr(x, name)(y) * x), [a, b]


@case(math.Where)
def _where(draw, cls):
    shape = draw(small(min_dims=1))
    mask = draw(tst.arrays(shape)) > 0
    return (lambda x, y: math.where(Tensor(mask), x * x, y * x)), [values(draw, shape),
                                                                     values(draw, shape)]


# --- reductions, softmax, losses ---------------------------------------------------------------
@case(ops.Sum, ops.Mean, ops.Max, ops.Min)
def _reduction(draw, cls):
    shape = draw(small(max_dims=3, min_dims=1))
    axis = draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)))
    keepdims = draw(st.booleans())
    name = {ops.Sum: "sum", ops.Mean: "mean", ops.Max: "max", ops.Min: "min"}[cls]
    x = values(draw, shape, distinct=True, margin=0.05)
    return (lambda t: getattr(t * t, name)(axis=axis, keepdims=keepdims) * 1.5), [x]


@case(ops.Softmax, ops.LogSoftmax)
def _softmax(draw, cls):
    shape = draw(small(min_dims=1))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    name = "softmax" if cls is ops.Softmax else "log_softmax"
    return (lambda t: getattr(t, name)(axis=axis)), [values(draw, shape)]


@case(ops.SoftmaxCrossEntropy)
def _cross_entropy(draw, cls):
    n, k = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    if draw(st.booleans()):
        labels = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
        labels = np.array(labels)
    else:  # non-negative weights, rows need not sum to 1 (PyTorch's definition)
        labels = values(draw, (n, k), min_value=0.0, max_value=1.5)
    return (lambda t: F.cross_entropy(t, labels)), [values(draw, (n, k))]


@case(einsum.Einsum)
def _einsum(draw, cls):
    i, j, k = (draw(st.integers(1, 3)) for _ in range(3))
    formula = draw(st.sampled_from(["ij,jk->ik", "ij,ij->", "ij,jk->ki", "ii->i"]))
    if formula == "ii->i":
        return (lambda a: einsum.einsum(formula, a * a)), [values(draw, (i, i))]
    second = (j, k) if formula.startswith("ij,jk") else (i, j)
    return (lambda a, b: einsum.einsum(formula, a, b * a.sum())), [values(draw, (i, j)),
                                                                   values(draw, second)]


# --- shapes ------------------------------------------------------------------------------------
@case(ops.MatMul)
def _matmul(draw, cls):
    kind = draw(st.sampled_from(["2d", "batched", "vector-matrix", "matrix-vector", "inner"]))
    n, m, p = (draw(st.integers(1, 3)) for _ in range(3))
    shapes = {"2d": ((n, m), (m, p)), "batched": ((2, n, m), (m, p)), "vector-matrix": ((m,), (2, m, p)),
              "matrix-vector": ((2, n, m), (m,)), "inner": ((m,), (m,))}[kind]
    return (lambda a, b: (a @ b) * (a @ b)), [values(draw, s) for s in shapes]


@case(ops.Affine)
def _affine(draw, cls):
    n, m, p = (draw(st.integers(1, 3)) for _ in range(3))
    shapes = ((n, m), (m, p), (p,))
    return (lambda x, w, b: cls.apply(x, w, b) * cls.apply(x, w, b)), [values(draw, s) for s in shapes]


@case(ops.Transpose)
def _transpose(draw, cls):
    shape = draw(small(max_dims=3, min_dims=3))
    axes = draw(st.permutations(range(3)))
    return (lambda t: (t * t).transpose(*axes)), [values(draw, shape)]


@case(ops.BroadcastTo, ops.SumTo)
def _broadcast(draw, cls):
    small_shape, big = draw(tst.broadcastable_shapes(2, max_dims=3, max_side=3))
    target = np.broadcast_shapes(small_shape, big)
    if cls is ops.BroadcastTo:
        return (lambda t: (t * t).broadcast_to(target)), [values(draw, small_shape)]
    return (lambda t: ops.SumTo.apply(t * t, shape=small_shape)), [values(draw, target)]


@case(ops.Cast)
def _cast(draw, cls):
    return (lambda t: ops.Cast.apply(t * t, dtype=np.float64) * t), [values(draw, small())]


@case(ops.GetItem, ops.IndexAdd)
def _index(draw, cls):
    n = draw(st.integers(1, 4))
    index = draw(st.one_of(
        st.lists(st.integers(-n, n - 1), min_size=1, max_size=6),                # lists, repeats
        st.lists(st.integers(-n, n - 1), min_size=1, max_size=4).map(np.array),  # arrays
        st.lists(st.booleans(), min_size=n, max_size=n).map(np.array),           # masks
        st.just(slice(None, None, -1)), st.integers(-n, n - 1)))
    if cls is ops.GetItem:
        return (lambda t: (t * t)[index]), [values(draw, (n, 2))]
    picked_shape = np.zeros((n, 2))[index].shape
    return (lambda t: ops.IndexAdd.apply(t * t, index=index, shape=(n, 2))), \
        [values(draw, picked_shape)]


@case(ops.Concatenate, ops.Stack)
def _join(draw, cls):
    shape = draw(small(min_dims=1))
    axis = draw(st.integers(0, len(shape) - 1))
    a, b = values(draw, shape), values(draw, shape)
    if cls is ops.Concatenate:
        return (lambda x, y: ops.Concatenate.apply(x * y, y, axis=axis) ** 2), [a, b]
    return (lambda x, y: ops.Stack.apply(x * y, y, axis=axis) ** 2), [a, b]


@case(shape_extra.Flip, shape_extra.Pad)
def _flip_pad(draw, cls):
    shape = draw(small(min_dims=1))
    if cls is shape_extra.Flip:
        return (lambda t: (t * t).flip(axis=0)), [values(draw, shape)]
    widths = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in shape)
    return (lambda t: (t * t).pad(widths, value=0.5)), [values(draw, shape)]


# --- convolution and pooling -------------------------------------------------------------------
@case(ops.Conv2d)
def _conv(draw, cls):
    c = draw(tst.conv2d_cases(max_size=4))
    return (lambda x, w, b: x.conv2d(w, b, stride=c.stride, padding=c.padding) ** 2), [c.x, c.W, c.b]


@case(ops.Im2col, ops.Col2im)
def _columns(draw, cls):
    c = draw(tst.conv2d_cases(max_size=4))
    kernel = c.W.shape[2:]
    if cls is ops.Im2col:
        return (lambda x: ops.Im2col.apply(x * x, kernel=kernel, stride=c.stride,
                                           padding=c.padding)), [c.x]
    cols = ops.Im2col.apply(Tensor(c.x), kernel=kernel, stride=c.stride, padding=c.padding)
    return (lambda t: ops.Col2im.apply(t * t, x_shape=c.x.shape, kernel=kernel, stride=c.stride,
                                       padding=c.padding)), [cols.data * 0.5]


@case(ops.MaxPool2d, ops.AvgPool2d)
def _pool(draw, cls):
    p = draw(tst.pool2d_cases(max_size=5))
    name = "max_pool2d" if cls is ops.MaxPool2d else "avg_pool2d"
    return (lambda x: getattr(x * x.abs(), name)(p.kernel_size, stride=p.stride, padding=p.padding)), [p.x]


@case(ops.MaxPoolScatter, ops.MaxPoolGather, ops.AvgPoolScatter)
def _pool_backward_ops(draw, cls):
    p = draw(tst.pool2d_cases(max_size=5))
    pool = ops.MaxPool2d(p.kernel_size, stride=p.stride, padding=p.padding)
    out = pool.forward(p.x)
    geometry = dict(pool.geometry(), arg=pool.saved[0])
    if cls is ops.AvgPoolScatter:
        geometry["arg"] = None
    if cls is ops.MaxPoolGather:
        return (lambda t: cls.apply(t * t, **geometry)), [p.x]
    return (lambda t: cls.apply(t * t, **geometry)), [values(draw, out.shape)]


# Activations written with other ops (no Function of their own) are still checked:
COMPOSITES = {
    "gelu": lambda x: F.gelu(x), "silu": lambda x: F.silu(x), "log_sigmoid": lambda x: F.log_sigmoid(x),
    "var": lambda x: x.var(axis=-1, ddof=1) if x.shape[-1] > 1 else x.var(axis=-1),
    # spread apart (steps of 1, x moves them by at most 0.4): a std of 0 has no derivative
    "std": lambda x: concatenate([x.reshape(-1) * 0.1 + Tensor(np.arange(x.size)),
                                  Tensor([5.0], dtype=np.float64)]).std(ddof=1),
    "logsumexp": lambda x: x.logsumexp(axis=-1),
}
