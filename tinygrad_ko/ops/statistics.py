"""Statistics over axes: var, std, logsumexp (composed from recorded ops, so every derivative
order comes for free) and argmax / argmin (integer positions: no gradient)."""

from __future__ import annotations

import numpy as np

from .operands import axis_keyword, keepdims_keyword, tensor_function, tensor_type
from .operands import floating as _floating
from .reduce import normalize_axis


@tensor_function("var")
def var(x, axis=None, ddof=0, keepdims=False, *, dim=None, correction=None, keepdim=None,
        unbiased=None):
    """Variance Σ(x - mean)² / (n - ddof) over ``axis`` (``dim=``; all axes by default).

    ``ddof=0`` is NumPy's default (the population variance); PyTorch's default is 1 — pass
    ``ddof=1`` (or ``correction=1``, or ``unbiased=True``) for the sample variance."""
    axis, keepdims = axis_keyword(axis, dim, "var"), keepdims_keyword(keepdims, keepdim, "var")
    x = _floating(x)
    ddof = ddof if correction is None else correction
    ddof = ddof if unbiased is None else int(bool(unbiased))
    axes = normalize_axis(axis, x.ndim)
    count = int(np.prod([x.shape[a] for a in axes])) if axes else 1
    centred = x - x.mean(axis=axes, keepdims=True)
    if count == 0:  # the variance of nothing: NaN, like the mean of nothing (no NumPy warning)
        return (centred * centred).mean(axis=axes, keepdims=keepdims)
    if count - ddof <= 0:
        raise ValueError(f"var: {count} values over axis {axis} with ddof={ddof} leave "
                         f"{count - ddof} degrees of freedom; need more values or a smaller ddof")
    return (centred * centred).sum(axis=axes, keepdims=keepdims) * (1.0 / (count - ddof))


@tensor_function("std")
def std(x, axis=None, ddof=0, keepdims=False, *, dim=None, correction=None, keepdim=None,
        unbiased=None):
    """Standard deviation √var (same arguments as :func:`var`).  Its gradient is infinite where
    all values are equal (std 0), as in NumPy's and PyTorch's definition."""
    return var(x, axis, ddof, keepdims, dim=dim, correction=correction, keepdim=keepdim,
               unbiased=unbiased).sqrt()


@tensor_function("logsumexp")
def logsumexp(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """log Σ exp(x) over ``axis`` without overflow: m + log Σ exp(x - m) with m the (constant)
    maximum.  Its gradient is softmax(x).  Empty axes give -inf; all -inf gives -inf."""
    axis = axis_keyword(axis, dim, "logsumexp")
    keepdims = keepdims_keyword(keepdims, keepdim, "logsumexp")
    axes = normalize_axis(axis, x.ndim)
    Tensor = tensor_type()
    x = _floating(x)
    data = x._data
    peak = np.max(data, axis=axes, keepdims=True, initial=-np.inf)
    peak = np.where(np.isfinite(peak), peak, 0).astype(data.dtype)
    shift = Tensor._from_op(peak, False)
    with np.errstate(divide="ignore"):
        total = ((x - shift).exp().sum(axis=axes, keepdims=True)).log() + shift
    return total if keepdims else total.reshape(_dropped(x.shape, axes))


def _dropped(shape, axes):
    return tuple(n for i, n in enumerate(shape) if i not in axes)


def _arg(x, axis, keepdims, dim, which, op):
    axis = axis_keyword(axis, dim, op)
    data = x._data
    searched = data.size if axis is None else data.shape[normalize_axis(axis, data.ndim)[0]] \
        if data.ndim else 1
    if searched == 0:
        where = "" if axis is None else f" along axis {axis}"
        raise ValueError(f"{op} of an empty tensor (shape {x.shape}){where} has no answer; give a "
                         f"tensor with at least one element there")
    Tensor = tensor_type()
    if axis is None:
        flat = which(data.reshape(-1))
        result = np.asarray(flat).reshape((1,) * data.ndim if keepdims else ())
    else:
        (a,) = normalize_axis(axis, data.ndim) or (0,)
        result = which(data, axis=a, keepdims=keepdims) if data.ndim else np.asarray(0)
    return Tensor._from_op(np.asarray(result, dtype=np.int64), False)


@tensor_function("argmax")
def argmax(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Positions of the largest values (first on ties) as an int64 tensor: over the flattened
    tensor by default, or along ``axis`` (``dim=``).  No gradient (positions are integers)."""
    return _arg(x, axis, keepdims_keyword(keepdims, keepdim, "argmax"), dim, np.argmax, "argmax")


@tensor_function("argmin")
def argmin(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Positions of the smallest values (first on ties) as an int64 tensor; like argmax."""
    return _arg(x, axis, keepdims_keyword(keepdims, keepdim, "argmin"), dim, np.argmin, "argmin")
