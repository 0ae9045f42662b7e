"""Making tensors: zeros, ones, full, their ``_like`` forms, arange, linspace, eye, rand, randn.

Shapes are taken as PyTorch takes them — ``zeros(2, 3)`` or ``zeros((2, 3))`` — and every function
has ``dtype=`` (default float32, the engine's float) and ``requires_grad=``.  The random ones take
``rng=``: an int seed or a ``numpy.random.Generator`` (the same seed gives the same numbers).
"""

from __future__ import annotations

import numbers

import numpy as np

from .ops.operands import check_size
from .tensor import Tensor

_DEFAULT_FLOAT = np.float32


def _make(array, dtype, requires_grad) -> Tensor:
    t = Tensor._from_op(array, False)
    if requires_grad:
        if array.dtype.kind != "f":
            raise TypeError(f"only floating-point tensors can require gradients, got dtype "
                            f"{array.dtype}; pass dtype=np.float32 (or float64)")
        t.requires_grad = True
    return t


def _dtype(dtype, default=_DEFAULT_FLOAT):
    try:
        result = np.dtype(default if dtype is None else dtype)
    except TypeError:
        raise TypeError(f"dtype={dtype!r} is not a NumPy dtype; use e.g. np.float32, np.float64 "
                        f"or np.int64") from None
    if result.kind not in "biuf":
        raise TypeError(f"tensors hold numbers; dtype={result} is not numeric")
    return result


def zeros(*size, dtype=None, requires_grad=False) -> Tensor:
    """A tensor of zeros: ``zeros(2, 3)`` or ``zeros((2, 3))``."""
    return _make(np.zeros(check_size(size, "zeros"), dtype=_dtype(dtype)), dtype, requires_grad)


def ones(*size, dtype=None, requires_grad=False) -> Tensor:
    """A tensor of ones: ``ones(2, 3)`` or ``ones((2, 3))``."""
    return _make(np.ones(check_size(size, "ones"), dtype=_dtype(dtype)), dtype, requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False) -> Tensor:
    """A tensor of ``size`` (an int or a tuple) filled with ``fill_value``."""
    size = (size,) if isinstance(size, (int, np.integer)) else (tuple(size),)
    if not isinstance(fill_value, numbers.Number) or isinstance(fill_value, complex):
        raise TypeError(f"full: fill_value must be a real number, got {fill_value!r}")
    shape = check_size(size, "full")
    return _make(np.full(shape, fill_value, dtype=_dtype(dtype)), dtype, requires_grad)


def _like_shape(t, op):
    if isinstance(t, Tensor):
        return t.shape, t.dtype
    if isinstance(t, np.ndarray):
        return t.shape, t.dtype
    raise TypeError(f"{op} needs a Tensor or an array to copy the shape of, got {type(t).__name__}")


def zeros_like(t, dtype=None, requires_grad=False) -> Tensor:
    """Zeros of ``t``'s shape, in ``t``'s dtype unless ``dtype`` is given."""
    shape, own = _like_shape(t, "zeros_like")
    return _make(np.zeros(shape, dtype=_dtype(dtype, own)), dtype, requires_grad)


def ones_like(t, dtype=None, requires_grad=False) -> Tensor:
    """Ones of ``t``'s shape, in ``t``'s dtype unless ``dtype`` is given."""
    shape, own = _like_shape(t, "ones_like")
    return _make(np.ones(shape, dtype=_dtype(dtype, own)), dtype, requires_grad)


def full_like(t, fill_value, dtype=None, requires_grad=False) -> Tensor:
    """``fill_value`` in ``t``'s shape, in ``t``'s dtype unless ``dtype`` is given."""
    shape, own = _like_shape(t, "full_like")
    return full(shape, fill_value, dtype=_dtype(dtype, own), requires_grad=requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad=False) -> Tensor:
    """Numbers from ``start`` (default 0) up to, not including, ``end`` by ``step``:
    ``arange(5)`` is 0..4.  int64 when every argument is an int (as PyTorch), else float32."""
    if end is None:
        start, end = 0, start
    for name, v in (("start", start), ("end", end), ("step", step)):
        if not isinstance(v, numbers.Real) or isinstance(v, bool):
            raise TypeError(f"arange: {name} must be a number, got {v!r}")
    if step == 0:
        raise ValueError("arange: step must not be 0")
    whole = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
    dtype = _dtype(dtype, np.int64 if whole else _DEFAULT_FLOAT)
    return _make(np.arange(start, end, step).astype(dtype), dtype, requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False) -> Tensor:
    """``steps`` evenly spaced numbers from ``start`` to ``end``, both included."""
    if not isinstance(steps, (int, np.integer)) or isinstance(steps, bool) or steps < 0:
        raise ValueError(f"linspace: steps must be a non-negative int, got {steps!r}")
    return _make(np.linspace(start, end, int(steps)).astype(_dtype(dtype)), dtype, requires_grad)


def eye(n, m=None, dtype=None, requires_grad=False) -> Tensor:
    """The n×m identity matrix (n×n by default)."""
    shape = check_size((n, n if m is None else m), "eye")
    return _make(np.eye(*shape, dtype=_dtype(dtype)), dtype, requires_grad)


def _generator(rng, op):
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        if rng is not None and rng < 0:
            raise ValueError(f"{op}: a seed must be a non-negative int, got rng={rng}; e.g. rng=0")
        return np.random.default_rng(rng)
    raise TypeError(f"{op}: rng must be an int seed, a numpy.random.Generator or None, got "
                    f"{type(rng).__name__}")


def _random(size, dtype, rng, op, draw):
    dtype = _dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"{op} draws floating-point numbers; dtype={dtype} is not a float")
    shape = check_size(size, op)
    drawn_in = dtype if dtype in (np.float32, np.float64) else np.float32
    return draw(_generator(rng, op), shape, drawn_in).astype(dtype, copy=False)


def rand(*size, dtype=None, requires_grad=False, rng=None) -> Tensor:
    """Uniform random numbers in [0, 1): ``rand(2, 3, rng=0)``."""
    array = _random(size, dtype, rng, "rand", lambda g, s, d: g.random(s, dtype=d))
    return _make(array, dtype, requires_grad)


def randn(*size, dtype=None, requires_grad=False, rng=None) -> Tensor:
    """Standard normal random numbers (mean 0, std 1): ``randn(2, 3, rng=0)``."""
    array = _random(size, dtype, rng, "randn", lambda g, s, d: g.standard_normal(s, dtype=d))
    return _make(array, dtype, requires_grad)


__all__ = ["zeros", "ones", "full", "zeros_like", "ones_like", "full_like", "arange", "linspace",
           "eye", "rand", "randn"]
