"""Reductions.  Their backward is the repeat node (chapter 5): copy the gradient back over the axes.

float16 tensors are summed in float32 (the book's half-precision lesson, 8장 8.3.4: float16 is for
storing numbers, not for adding up thousands of them) and the result is stored in float16 again.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import dual


def accumulator_dtype(dtype):
    """The dtype to add up in: float32 for float16, the array's own dtype otherwise (None)."""
    return np.float32 if dtype == np.float16 else None


def normalize_axis(axis, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, int or tuple, negatives allowed) as a sorted tuple of positive axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    if ndim == 0:  # a single number: axis 0 / -1 reduce nothing, as in PyTorch
        bad = [a for a in axes if a not in (0, -1)]
        if bad:
            raise ValueError(f"axis {bad[0]} is out of range for a 0-d tensor (a single number); "
                             f"use axis=None, 0 or -1")
        return ()
    result = []
    for a in axes:
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"axis {a} is out of range for a tensor with {ndim} dimensions; "
                             f"use an axis in [{-ndim}, {ndim - 1}]")
        result.append(int(a) % max(ndim, 1))
    return tuple(sorted(set(result)))


def expand_reduced(grad, in_shape, axes, keepdims: bool):
    """Put the reduced axes back (size 1) so the gradient broadcasts to ``in_shape``."""
    if not keepdims and axes:
        grad = dual.expand_dims(grad, axes)
    return dual.broadcast_to(grad, in_shape)


class _Reduction(Function):
    """Shared by sum and mean: the axes (normalised in forward) and keepdims."""


    def __init__(self, axis=None, keepdims=False):
        super().__init__()
        self.axes, self.keepdims = axis, keepdims

    def prepare(self, x):
        self.axes = normalize_axis(self.axes, x.ndim)
        self.in_shape = x.shape


class Sum(_Reduction):
    """z = Σ x over ``axis``.  dz/dx = 1: the gradient is repeated over the summed axes."""

    symbol = "sum"

    def forward(self, x):
        self.prepare(x)
        total = np.sum(x, axis=self.axes, keepdims=self.keepdims, dtype=accumulator_dtype(x.dtype))
        return total.astype(x.dtype, copy=False) if x.dtype.kind == "f" else total

    def backward(self, dz):
        return (expand_reduced(dz, self.in_shape, self.axes, self.keepdims),)


class Mean(_Reduction):
    """z = Σ x / n over ``axis``.  dz/dx = 1/n, repeated over the averaged axes."""

    symbol = "mean"

    def forward(self, x):
        self.prepare(x)
        self.count = int(np.prod([x.shape[a] for a in self.axes])) if self.axes else 1
        if self.count == 0:  # the mean of nothing: NaN like NumPy, without its warning
            shape = np.sum(x, axis=self.axes, keepdims=self.keepdims).shape
            return np.full(shape, np.nan, dtype=x.dtype if x.dtype.kind == "f" else np.float32)
        if x.dtype.kind != "f":  # the dtype rule: integers and bools average to float32
            return np.mean(x, axis=self.axes, keepdims=self.keepdims, dtype=np.float64).astype(
                np.float32)
        mean = np.mean(x, axis=self.axes, keepdims=self.keepdims, dtype=accumulator_dtype(x.dtype))
        return mean.astype(x.dtype, copy=False)

    def backward(self, dz):
        scale = 1.0 / self.count if self.count else 0.0  # a Python float keeps dz's dtype
        return (expand_reduced(dz * scale, self.in_shape, self.axes, self.keepdims),)


class Max(_Reduction):
    """z = max x over ``axis``.  The gradient goes to the arg-max; ties share it equally."""

    symbol = "max"
    pick = staticmethod(np.max)

    def forward(self, x):
        self.prepare(x)
        empty = [a for a in self.axes if x.shape[a] == 0]
        if empty:  # an empty axis that is kept (max over axis 0 of (3, 0)) is just empty
            raise ValueError(f"{self.symbol}() over axis {empty[0]} of length 0 (shape {x.shape}) has no "
                             f"value; reduce over axes with at least one element")
        z = type(self).pick(x, axis=self.axes, keepdims=True)
        self.save(x, z)
        return z if self.keepdims else np.squeeze(z, axis=self.axes)

    def backward(self, dz):
        x, z = (dual.raw(v) for v in self.saved)
        mask = x == z
        count = np.sum(mask, axis=self.axes, keepdims=True).astype(x.dtype)
        dz = dz if self.keepdims or not self.axes else dual.expand_dims(dz, self.axes)
        # ties share: each gets dz / k, rounded once in x's dtype (PyTorch's grad / count)
        return (dz * mask.astype(x.dtype) / count,)


class Min(Max):
    """z = min x over ``axis``.  The gradient goes to the arg-min; ties share it equally."""

    symbol = "min"
    pick = staticmethod(np.min)
