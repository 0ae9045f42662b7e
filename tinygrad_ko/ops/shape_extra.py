"""More ways to move numbers without computing: flip, pad, clone (ops), and squeeze, unsqueeze,
permute, sum_to, tolist (methods built on the ops of shape.py).

Each op's backward is another op called through ``dual.apply_op`` (flip ↔ flip, pad ↔ slice),
so gradients of gradients exist.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..autograd.function import Function
from . import dual
from .operands import axis_keyword, check_axis, tensor_function
from .reduce import normalize_axis
from .shape import GetItem, SumTo, Transpose


class Flip(Function):
    """Reverse the order of the elements along ``axes``.  Backward: flip the gradient back."""

    symbol = "flip"

    def __init__(self, axes):
        super().__init__()
        self.axes = tuple(axes)

    def forward(self, x):
        # a copy, as PyTorch's flip: an in-place edit of the result must not reach x
        return np.array(np.flip(x, axis=self.axes) if self.axes else x)

    def backward(self, dz):
        return (dual.apply_op(Flip, dz, axes=self.axes),)


class Pad(Function):
    """Surround x with ``value`` (``widths``: one (before, after) pair per axis).  Backward: the
    slice of the gradient where x sat (the adjoint of padding is cropping)."""

    symbol = "pad"

    def __init__(self, widths, value=0.0):
        super().__init__()
        self.widths, self.value = tuple(widths), value

    def forward(self, x):
        self.crop = tuple(slice(before, before + n) for (before, _), n in zip(self.widths, x.shape))
        return np.pad(x, self.widths, mode="constant", constant_values=self.value)

    def backward(self, dz):
        return (dual.apply_op(GetItem, dz, index=self.crop),)


class Clone(Function):
    """A copy of x in memory of its own (``torch.clone``).  Backward: the gradient unchanged.
    Module hooks also use it as the node where a module's gradients can be seen."""

    symbol = "clone"

    def forward(self, x):
        return x.copy()

    def backward(self, dz):
        return (dz,)


# --- methods ---------------------------------------------------------------------------------
@tensor_function("flip")
def flip(x, axis=None, *, dim=None, dims=None):
    """Reverse the order of elements along ``axis`` (int or tuple; ``dim=``/``dims=`` as in
    PyTorch); all axes when none is given, as ``np.flip``."""
    axis = axis_keyword(axis, dims if dim is None else dim, "flip")
    return Flip.apply(x, axes=normalize_axis(axis, x.ndim))


@tensor_function("pad")
def pad(x, pad_width, value=0.0):
    """Constant padding.  ``pad_width`` is PyTorch's flat form — (left, right) for the last axis,
    then (top, bottom) for the one before, ... (``F.pad(x, (1, 1, 2, 2))``) — or NumPy's form, a
    (before, after) pair per axis (``((0, 0), (2, 2), (1, 1))``), or one int for every side."""
    widths = pad_widths(pad_width, x.ndim)
    if not isinstance(value, numbers.Real):
        raise TypeError(f"pad: value must be a number, got {type(value).__name__}")
    return Pad.apply(x, widths=widths, value=value)


def pad_widths(pad_width, ndim: int) -> tuple:
    """Any of pad's three forms as one (before, after) pair per axis, checked."""
    def ints(values):
        return all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values)

    how = ("give (left, right) for the last axis, then (top, bottom) ..., or one (before, after) "
           "pair per axis, or one int; widths are non-negative ints")
    if isinstance(pad_width, (int, np.integer)) and not isinstance(pad_width, bool):
        widths = ((int(pad_width), int(pad_width)),) * ndim
    elif isinstance(pad_width, (tuple, list)) and ints(pad_width):
        if len(pad_width) % 2 or len(pad_width) // 2 > ndim:
            raise ValueError(f"pad: the flat form {tuple(pad_width)} needs an even number of "
                             f"widths, at most two per axis of the tensor's {ndim}; {how}")
        pairs = [tuple(pad_width[i:i + 2]) for i in range(0, len(pad_width), 2)][::-1]
        widths = ((0, 0),) * (ndim - len(pairs)) + tuple(pairs)
    elif isinstance(pad_width, (tuple, list)) and all(
            isinstance(p, (tuple, list)) and len(p) == 2 and ints(p) for p in pad_width):
        widths = tuple(tuple(p) for p in pad_width)
        if len(widths) == 1:
            widths *= ndim
        if len(widths) != ndim:
            raise ValueError(f"pad: {len(widths)} (before, after) pairs for a tensor with {ndim} "
                             f"axes; {how}")
    else:
        raise TypeError(f"pad: cannot read pad_width={pad_width!r}; {how}")
    if any(v < 0 for pair in widths for v in pair):
        raise ValueError(f"pad: negative widths {pad_width!r} are not supported (that would crop); "
                         f"slice the tensor instead, e.g. x[:, 1:-1]")
    return tuple((int(a), int(b)) for a, b in widths)


@tensor_function("clone")
def clone(x):
    """A copy with memory of its own, still in the graph (the gradient passes through)."""
    return Clone.apply(x)


@tensor_function("squeeze")
def squeeze(x, axis=None, *, dim=None):
    """Remove size-1 axes: all of them, or the given ``axis`` (int or tuple; ``dim=``).  As in
    PyTorch, a named axis whose size is not 1 is left as it is."""
    axis = axis_keyword(axis, dim, "squeeze")
    axes = [a for a in normalize_axis(axis, x.ndim) if x.shape[a] == 1]
    return x.reshape(tuple(n for i, n in enumerate(x.shape) if i not in axes))


@tensor_function("unsqueeze", "expand_dims")
def unsqueeze(x, axis=None, *, dim=None):
    """Insert a size-1 axis at position ``axis`` of the result (``dim=``; negative counts from
    the end: unsqueeze(-1) appends one).  ``expand_dims`` is the same (NumPy's name)."""
    axis = axis_keyword(axis, dim, "unsqueeze")
    if axis is None:
        raise TypeError("unsqueeze needs the position of the new axis, e.g. x.unsqueeze(0)")
    position = check_axis(axis, x.ndim, "unsqueeze", extra=1)
    return x.reshape(x.shape[:position] + (1,) + x.shape[position:])


@tensor_function("permute")
def permute(x, *dims):
    """Reorder the axes: ``x.permute(2, 0, 1)`` or ``x.permute((2, 0, 1))`` (PyTorch's name for
    NumPy's transpose with axes)."""
    dims = tuple(dims[0]) if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
    if len(dims) != x.ndim:
        raise ValueError(f"permute: {len(dims)} axes {dims} given for a tensor with {x.ndim} "
                         f"dimensions (shape {x.shape}); name every axis once")
    return Transpose.apply(x, axes=dims)


@tensor_function("sum_to")
def sum_to(x, shape):
    """Sum over the axes that broadcasting would repeat, down to ``shape`` (the adjoint of
    broadcast_to: DeZero's and the repeat node's sum_to)."""
    shape = tuple(shape)
    return x if x.shape == shape else SumTo.apply(x, shape=shape)


@tensor_function("tolist")
def tolist(x):
    """The numbers as (nested) Python lists, like ``ndarray.tolist``; a 0-d tensor gives a number."""
    return x._data.tolist()
