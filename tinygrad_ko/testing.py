"""Gradient testing for everyone: numerical gradients, gradcheck and hypothesis strategies.

    from hypothesis import given
    from tinygrad_ko.testing import gradcheck, strategies as tst

    @given(tst.tensors(shape=(3, 4)))
    def test_my_op(x):
        assert gradcheck(lambda t: my_op(t), x)

``numerical_gradient`` is the seeds' chapter 4 central difference; ``gradcheck`` compares it with
backward() in float64 and, on failure, reports the worst element.  ``strategies`` needs the
``hypothesis`` package (``pip install tinygrad_ko[test]``); the rest needs only NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tensor import Tensor, no_grad


class GradcheckError(AssertionError):
    """backward() and the numerical gradient disagree."""


def numerical_gradient(f, x, eps: float = 1e-4) -> np.ndarray:
    """Central difference (f(x + h) - f(x - h)) / 2h for every element of ``x`` (seeds, ch. 4).

    ``f`` takes the array (or Tensor) ``x`` and returns a number; ``x`` is changed in place while
    measuring and restored exactly afterwards (so these writes are not recorded as in-place edits,
    for a Tensor or its ``.data`` alike: a graph built before stays usable).
    """
    array = x._data if isinstance(x, Tensor) else x
    if isinstance(array, np.ndarray):
        array = array.view(np.ndarray)  # t.data too: measuring writes are undone, not edits
    if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
        raise TypeError(f"numerical_gradient needs a floating-point NumPy array or Tensor, got "
                        f"{type(x).__name__}" + (f" of dtype {array.dtype}"
                                                 if isinstance(array, np.ndarray) else ""))
    grad = np.zeros(array.shape, dtype=np.float64)
    flat = array.reshape(-1) if array.flags.c_contiguous else None
    if flat is None:
        raise ValueError("numerical_gradient needs a C-contiguous array; pass np.ascontiguousarray(x)")
    grad_flat = grad.reshape(-1)
    for i in range(flat.size):  # one element at a time: this is a test tool, not a hot path
        original = flat[i]
        flat[i] = original + eps
        f_plus = float(_as_number(f(x)))
        flat[i] = original - eps
        f_minus = float(_as_number(f(x)))
        flat[i] = original
        grad_flat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def gradcheck(fn, *inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-4,
              seed: int = 0) -> bool:
    """Check backward() of ``fn(*inputs)`` against numerical gradients, every input in float64.

    Floating-point inputs (arrays or Tensors) are copied to float64 Tensors that require grad;
    anything else (integer labels, Python values) is passed to ``fn`` unchanged.  A non-scalar
    output is reduced with fixed random weights, so every output element is checked.  Raises
    :class:`GradcheckError` naming the input and its worst element; returns True otherwise.
    """
    tensors = [_float64_leaf(v) for v in inputs]
    checked = [i for i, t in enumerate(tensors) if isinstance(t, Tensor) and t.requires_grad]
    if not checked:
        raise ValueError("gradcheck found no floating-point input to check; pass arrays or Tensors "
                         "of floats")
    out = fn(*tensors)
    if not isinstance(out, Tensor):
        raise TypeError(f"gradcheck: fn must return a Tensor, got {type(out).__name__}")
    if out.dtype != np.float64:
        raise GradcheckError(f"gradcheck: fn turned float64 inputs into a {out.dtype} output; "
                             f"ops must keep the inputs' dtype")
    weights = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(weights)

    def projected(_):
        with no_grad():
            return np.sum(fn(*tensors).data * weights)

    for i in checked:
        t = tensors[i]
        analytic = np.zeros(t.shape) if t.grad is None else t.grad.data
        numeric = numerical_gradient(projected, t, eps)
        _compare(i, t, analytic, numeric, atol, rtol)
    return True


def _compare(position, t, analytic, numeric, atol, rtol):
    if analytic.shape != numeric.shape:
        raise GradcheckError(f"gradcheck: input {position} has shape {t.shape} but its gradient has "
                             f"shape {analytic.shape}")
    excess = np.abs(analytic - numeric) - (atol + rtol * np.abs(numeric))
    if np.all(excess <= 0) and np.all(np.isfinite(analytic)):
        return
    worst = np.unravel_index(np.nanargmax(np.where(np.isfinite(excess), excess, np.inf)),
                             excess.shape) if excess.size else ()
    name = f" ({t.name})" if t.name else ""
    raise GradcheckError(
        f"gradcheck failed for input {position}{name} of shape {t.shape}: at index {tuple(map(int, worst))} "
        f"backward() gives {analytic[worst]!r} but the numerical gradient is {numeric[worst]!r} "
        f"(|difference| {abs(analytic[worst] - numeric[worst]):.3g} > atol {atol} + rtol {rtol}·|numeric|); "
        f"{int(np.sum(excess > 0))} of {excess.size} elements are off")


def _float64_leaf(value):
    if isinstance(value, Tensor):
        if value.dtype.kind != "f":
            return value
        return Tensor(value.data.astype(np.float64), requires_grad=True, name=value.name)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return Tensor(value.astype(np.float64), requires_grad=True)
    return value


def _as_number(value):
    return value.data if isinstance(value, Tensor) else value


# --- hypothesis strategies ------------------------------------------------------------------
@dataclass
class Conv2dCase:
    """A valid conv2d problem: x (N, C, H, W), W (FN, C, FH, FW), b (FN,), stride, padding."""

    x: np.ndarray
    W: np.ndarray
    b: np.ndarray
    stride: tuple
    padding: tuple


@dataclass
class Pool2dCase:
    """A valid pooling problem; x's values are distinct and spaced so max has no near-ties."""

    x: np.ndarray
    kernel_size: tuple
    stride: tuple
    padding: tuple


class _Strategies:
    """Hypothesis strategies that produce valid random cases (import hypothesis lazily)."""

    @staticmethod
    def shapes(min_dims=0, max_dims=3, min_side=1, max_side=4):
        from hypothesis.extra import numpy as hnp

        return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                                max_side=max_side)

    @staticmethod
    def broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=4):
        """Tuples of ``num_shapes`` shapes that broadcast together (e.g. (3, 1) and (4,))."""
        from hypothesis.extra import numpy as hnp

        return hnp.mutually_broadcastable_shapes(
            num_shapes=num_shapes, min_dims=min_dims, max_dims=max_dims, min_side=min_side,
            max_side=max_side).map(lambda result: result.input_shapes)

    @classmethod
    def arrays(cls, shape=None, *, dtype=np.float64, min_value=-2.0, max_value=2.0, avoid=(),
               margin=1e-2, distinct=False):
        """Float arrays.  ``avoid`` keeps values ``margin`` away from kinks (0 for relu);
        ``distinct`` spaces all values at least ``margin`` apart (for max and max-pool)."""
        from hypothesis import strategies as st
        from hypothesis.extra import numpy as hnp

        shape = cls.shapes() if shape is None else shape
        shape = shape if isinstance(shape, st.SearchStrategy) else st.just(tuple(shape))
        if distinct:
            return shape.flatmap(lambda s: _spaced_values(s, dtype, min_value, margin))
        elements = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False, width=64)
        if avoid:
            elements = elements.filter(lambda v: all(abs(v - a) > margin for a in avoid))
        return shape.flatmap(lambda s: hnp.arrays(dtype, s, elements=elements))

    @classmethod
    def tensors(cls, shape=None, *, requires_grad=True, **array_options):
        """Tensors wrapping :meth:`arrays` (same options)."""
        return cls.arrays(shape, **array_options).map(
            lambda a: Tensor(a, requires_grad=requires_grad))

    @staticmethod
    def conv2d_cases(max_batch=2, max_channels=3, max_filters=3, max_kernel=3, max_stride=2,
                     max_padding=1, max_size=6, dtype=np.float64):
        """Valid conv2d problems with any stride, padding and non-square kernels."""
        from hypothesis import strategies as st

        @st.composite
        def build(draw):
            n, c = draw(st.integers(1, max_batch)), draw(st.integers(1, max_channels))
            fn = draw(st.integers(1, max_filters))
            fh, fw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
            sh, sw = draw(st.integers(1, max_stride)), draw(st.integers(1, max_stride))
            ph, pw = draw(st.integers(0, max_padding)), draw(st.integers(0, max_padding))
            h = draw(st.integers(max(1, fh - 2 * ph), max(max_size, fh)))
            w = draw(st.integers(max(1, fw - 2 * pw), max(max_size, fw)))
            rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
            return Conv2dCase(rng.standard_normal((n, c, h, w)).astype(dtype),
                              rng.standard_normal((fn, c, fh, fw)).astype(dtype),
                              rng.standard_normal(fn).astype(dtype), (sh, sw), (ph, pw))

        return build()

    @staticmethod
    def pool2d_cases(max_batch=2, max_channels=2, max_kernel=3, max_stride=3, max_size=7,
                     dtype=np.float64, padding=True):
        """Valid pooling problems: overlapping (stride < kernel) and gapped windows, padding up
        to half the kernel, distinct values (no ties for max)."""
        from hypothesis import strategies as st

        @st.composite
        def build(draw):
            n, c = draw(st.integers(1, max_batch)), draw(st.integers(1, max_channels))
            kh, kw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
            sh, sw = draw(st.integers(1, max_stride)), draw(st.integers(1, max_stride))
            ph = draw(st.integers(0, kh // 2)) if padding else 0
            pw = draw(st.integers(0, kw // 2)) if padding else 0
            h = draw(st.integers(max(1, kh - 2 * ph), max(max_size, kh)))
            w = draw(st.integers(max(1, kw - 2 * pw), max(max_size, kw)))
            x = draw(_spaced_values((n, c, h, w), dtype, -2.0, 0.05))
            return Pool2dCase(x, (kh, kw), (sh, sw), (ph, pw))

        return build()


def _spaced_values(shape, dtype, low, spacing):
    """A strategy for arrays whose values are a shuffled grid: all distinct, ``spacing`` apart."""
    from hypothesis import strategies as st

    size = int(np.prod(shape))
    return st.permutations(range(size)).map(
        lambda order: (low + spacing * np.asarray(order, dtype=np.float64)).reshape(shape).astype(dtype))


strategies = _Strategies()


def example_cases(seed: int = 0) -> dict:
    """One small random case per differentiable op: name -> (fn, inputs).  Used by
    ``python -m tinygrad_ko gradcheck`` to check the whole op set in a few seconds."""
    from .nn import functional as F
    from .tensor import concatenate, stack

    rng = np.random.default_rng(seed)

    def r(*shape, low=-2.0, high=2.0):
        return rng.uniform(low, high, shape)

    def distinct(*shape):
        return rng.permutation(int(np.prod(shape))).reshape(shape) * 0.1 - 1.0

    labels = np.array([0, 2, 1])
    return {
        "add (broadcast)": (lambda a, b: a + b, (r(3, 4), r(4))),
        "sub (broadcast)": (lambda a, b: a - b, (r(3, 1), r(1, 4))),
        "mul (broadcast)": (lambda a, b: a * b, (r(2, 3, 4), r(3, 1))),
        "div (broadcast)": (lambda a, b: a / b, (r(3, 4), r(4, low=0.5, high=2.0))),
        "pow": (lambda a: a ** 3, (r(3, 4),)),
        "neg": (lambda a: -a, (r(3, 4),)),
        "exp": (lambda a: a.exp(), (r(3, 4),)),
        "log": (lambda a: a.log(), (r(3, 4, low=0.1, high=3.0),)),
        "sqrt": (lambda a: a.sqrt(), (r(3, 4, low=0.1, high=3.0),)),
        "relu": (lambda a: a.relu(), (distinct(3, 4) + 0.05,)),
        "sigmoid": (lambda a: a.sigmoid(), (r(3, 4),)),
        "tanh": (lambda a: a.tanh(), (r(3, 4),)),
        "sum (axis, keepdims)": (lambda a: a.sum(axis=1, keepdims=True), (r(3, 4),)),
        "mean (axis)": (lambda a: a.mean(axis=0), (r(3, 4),)),
        "max (axis)": (lambda a: a.max(axis=1), (distinct(3, 4),)),
        "reshape / transpose / flatten": (lambda a: a.reshape(4, 3).T.flatten(), (r(3, 4),)),
        "broadcast_to": (lambda a: a.broadcast_to((2, 3, 4)), (r(3, 1),)),
        "getitem (repeated indices)": (lambda a: a[np.array([0, 0, 2])], (r(3, 4),)),
        "concatenate / stack": (lambda a, b: stack([concatenate([a, b], 1), concatenate([b, a], 1)]),
                                (r(3, 2), r(3, 2))),
        "matmul (batched, 1-D)": (lambda a, b, c: (a @ b) @ c, (r(2, 3, 4), r(4, 5), r(5))),
        "softmax": (lambda a: a.softmax(axis=1), (r(3, 4),)),
        "log_softmax": (lambda a: a.log_softmax(axis=1), (r(3, 4),)),
        "cross_entropy": (lambda a: F.cross_entropy(a, labels), (r(3, 4),)),
        "mse_loss": (lambda a, b: F.mse_loss(a, b), (r(3, 4), r(3, 4))),
        "conv2d (stride 2, pad 1)": (lambda x, w, b: x.conv2d(w, b, stride=2, padding=1),
                                     (r(2, 3, 5, 5), r(4, 3, 3, 2), r(4))),
        "max_pool2d (overlapping)": (lambda x: x.max_pool2d(3, stride=2, padding=1),
                                     (distinct(2, 2, 5, 5),)),
        "avg_pool2d (overlapping)": (lambda x: x.avg_pool2d(3, stride=1), (r(2, 2, 5, 5),)),
    }
