"""Reductions.  Their backward is the seeds' repeat node: copy the gradient back over the axes."""

from __future__ import annotations

import numpy as np

from .function import Function


def normalize_axis(axis, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, int or tuple, negatives allowed) as a sorted tuple of positive axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    result = []
    for a in axes:
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"axis {a} is out of range for a tensor with {ndim} dimensions; "
                             f"use an axis in [{-ndim}, {ndim - 1}]")
        result.append(int(a) % max(ndim, 1))
    return tuple(sorted(set(result)))


def expand_reduced(grad: np.ndarray, in_shape, axes, keepdims: bool) -> np.ndarray:
    """Put the reduced axes back (size 1) so the gradient broadcasts to ``in_shape``."""
    if not keepdims:
        grad = np.expand_dims(grad, axes) if axes else grad
    return np.broadcast_to(grad, in_shape)


class _Reduction(Function):
    """Shared by sum and mean: the axes (normalised in forward) and keepdims."""

    __slots__ = ("axes", "keepdims", "in_shape")

    def __init__(self, axis=None, keepdims=False):
        super().__init__()
        self.axes, self.keepdims = axis, keepdims

    def prepare(self, x):
        self.axes = normalize_axis(self.axes, x.ndim)
        self.in_shape = x.shape


class Sum(_Reduction):
    """z = Σ x over ``axis``.  dz/dx = 1: the gradient is repeated over the summed axes."""

    symbol = "sum"
    __slots__ = ()

    def forward(self, x):
        self.prepare(x)
        return np.sum(x, axis=self.axes, keepdims=self.keepdims)

    def backward(self, dz):
        return (expand_reduced(dz, self.in_shape, self.axes, self.keepdims),)


class Mean(_Reduction):
    """z = Σ x / n over ``axis``.  dz/dx = 1/n, repeated over the averaged axes."""

    symbol = "mean"
    __slots__ = ("count",)

    def forward(self, x):
        self.prepare(x)
        self.count = int(np.prod([x.shape[a] for a in self.axes])) if self.axes else 1
        return np.mean(x, axis=self.axes, keepdims=self.keepdims)

    def backward(self, dz):
        scale = np.asarray(1.0 / self.count, dtype=dz.dtype)
        return (expand_reduced(dz * scale, self.in_shape, self.axes, self.keepdims),)


class Max(_Reduction):
    """z = max x over ``axis``.  The gradient goes to the arg-max; ties share it equally."""

    symbol = "max"
    __slots__ = ()

    def forward(self, x):
        self.prepare(x)
        if x.size == 0:
            raise ValueError(f"max() of an empty tensor (shape {x.shape}) has no value; "
                             f"reduce a tensor with at least one element")
        z = np.max(x, axis=self.axes, keepdims=True)
        self.save(x, z)
        return z if self.keepdims else np.squeeze(z, axis=self.axes)

    def backward(self, dz):
        x, z = self.saved
        mask = x == z
        count = np.sum(mask, axis=self.axes, keepdims=True)
        dz = dz if self.keepdims else np.expand_dims(dz, self.axes)
        return (mask * (dz / count).astype(x.dtype, copy=False),)
