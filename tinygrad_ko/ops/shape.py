"""Ops that move data without computing: reshape, transpose, broadcast, index, concatenate.

Each backward is another op of this file (broadcast ↔ sum, index ↔ index-add, cast ↔ cast),
called through ``dual.apply_op`` so that gradients of gradients exist.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import dual


def sum_to_array(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Undo NumPy broadcasting: sum ``grad`` over the repeated axes so it has ``shape``.

    The repeat node of the book's backpropagation (5장 5.6.2): a value copied N times receives the sum
    of the N gradients.
    """
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    kept = tuple([lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1])
    if not kept and shape:  # only leading axes were added (a bias): one reduction, no reshape
        return np.add.reduce(grad, axis=tuple(range(lead)))  # np.sum's wrapper costs ~2 µs
    summed = np.add.reduce(grad, axis=tuple(range(lead)) + kept, keepdims=True)
    return summed.reshape(shape)


class Reshape(Function):
    """A new view of the same numbers; the gradient is reshaped back."""

    symbol = "reshape"

    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        self.in_shape = x.shape
        try:
            return x.reshape(self.shape)
        except ValueError:
            if x.size == 0 and -1 in tuple(self.shape):  # NumPy's and PyTorch's rule too
                raise ValueError(f"cannot reshape a tensor of shape {x.shape} (0 elements) into "
                                 f"{self.shape}: with 0 elements the -1 could be any size; give "
                                 f"every size, e.g. reshape{tuple(0 if n == -1 else n for n in self.shape)}"
                                 ) from None
            raise ValueError(f"cannot reshape a tensor of shape {x.shape} ({x.size} elements) into "
                             f"{self.shape}; the new shape must hold the same number of elements "
                             f"(use -1 for one dimension to have it inferred)") from None

    def backward(self, dz):
        return (dz.reshape(self.in_shape),)


class Transpose(Function):
    """Permute axes; the gradient is permuted back by the inverse permutation."""

    symbol = "transpose"

    def __init__(self, axes=None):
        super().__init__()
        self.axes = axes

    def forward(self, x):
        if self.axes is None:
            self.axes = tuple(reversed(range(x.ndim)))
        if sorted(a % max(x.ndim, 1) for a in self.axes) != list(range(x.ndim)):
            raise ValueError(f"transpose axes {self.axes} are not a permutation of the "
                             f"{x.ndim} axes of a tensor of shape {x.shape}; give each of "
                             f"0..{x.ndim - 1} exactly once")
        return np.transpose(x, self.axes)

    def backward(self, dz):
        return (dz.transpose(tuple(np.argsort([a % dz.ndim for a in self.axes]).tolist())),)


class BroadcastTo(Function):
    """Repeat x to ``shape`` (the repeat node, 5장); the gradient is summed back."""

    symbol = "broadcast"

    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        self.in_shape = x.shape
        try:
            return np.broadcast_to(x, self.shape)
        except ValueError:
            raise ValueError(f"cannot broadcast a tensor of shape {x.shape} to {self.shape}: "
                             f"each axis must match or be 1 (NumPy broadcasting rules)") from None

    def backward(self, dz):
        return (dual.sum_to(dz, self.in_shape),)


class SumTo(Function):
    """Sum over the axes that broadcasting repeated, down to ``shape``; the gradient is broadcast
    back (the adjoint of BroadcastTo)."""

    symbol = "sum_to"

    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        self.in_shape = x.shape
        try:
            if np.broadcast_shapes(self.shape, x.shape) != x.shape:
                raise ValueError
        except ValueError:
            raise ValueError(f"sum_to: a tensor of shape {x.shape} cannot be summed to {self.shape}; "
                             f"the target must broadcast to the tensor's shape (each axis equal or "
                             f"1, leading axes may be missing)") from None
        return sum_to_array(x, self.shape)

    def backward(self, dz):
        return (dual.broadcast_to(dz, self.in_shape),)


class Cast(Function):
    """The same numbers in another dtype; the gradient is cast back to the input's dtype."""

    symbol = "cast"

    def __init__(self, dtype):
        super().__init__()
        self.dtype = np.dtype(dtype)

    def label(self):
        return f"→{self.dtype}"

    def forward(self, x):
        self.in_dtype = x.dtype
        return x.astype(self.dtype)

    def backward(self, dz):
        return (dual.cast(dz, self.in_dtype),)


class GetItem(Function):
    """x[index] for basic and integer-array indices; repeated indices accumulate in backward."""

    symbol = "[]"

    def __init__(self, index):
        super().__init__()
        self.index = frozen_index(index)  # a copy: editing the caller's index array later is harmless

    def label(self):
        return f"[{_index_text(self.index)}]"

    def forward(self, x):
        self.in_shape = x.shape
        try:
            return x[self.index]
        except IndexError as err:
            beyond = "out of bounds" in str(err) or "too many indices" in str(err)
            problem = "is out of range for" if beyond else "cannot index"
            raise IndexError(f"index {_index_text(self.index)} {problem} a tensor of shape {x.shape} "
                             f"({err})") from None

    def backward(self, dz):
        return (dual.apply_op(IndexAdd, dz, index=self.index, shape=self.in_shape),)


class IndexAdd(Function):
    """zeros(shape) with ``dz`` added at ``index``: the adjoint of GetItem (its backward)."""

    symbol = "index_add"

    def __init__(self, index, shape):
        super().__init__()
        self.index, self.shape = index, tuple(shape)

    def forward(self, dz):
        dx = np.zeros(self.shape, dtype=dz.dtype)
        if _is_basic(self.index):
            dx[self.index] = dz  # slices and integers never repeat an element
        else:
            np.add.at(dx, self.index, dz)  # add.at, not +=: an index used twice receives both
        return dx

    def backward(self, ddx):
        return (dual.apply_op(GetItem, ddx, index=self.index),)


class Concatenate(Function):
    """Join tensors along ``axis``; each input gets its slice of the gradient back."""

    symbol = "concat"

    def __init__(self, axis=0):
        super().__init__()
        self.axis = axis

    def forward(self, *xs):
        self.sizes = [x.shape[self.axis] for x in xs]
        try:
            return np.concatenate(xs, axis=self.axis)
        except ValueError:
            shapes = ", ".join(str(x.shape) for x in xs)
            raise ValueError(f"cannot concatenate shapes {shapes} along axis {self.axis}: all "
                             f"other axes must match") from None

    def backward(self, dz):
        axis = self.axis % dz.ndim
        bounds = np.cumsum([0] + self.sizes).tolist()
        return tuple(dz[(slice(None),) * axis + (slice(a, b),)] for a, b in zip(bounds, bounds[1:]))


class Stack(Function):
    """Stack equal-shaped tensors along a new ``axis``; each input gets its slice back."""

    symbol = "stack"

    def __init__(self, axis=0):
        super().__init__()
        self.axis = axis

    def forward(self, *xs):
        try:
            return np.stack(xs, axis=self.axis)
        except ValueError:
            shapes = ", ".join(str(x.shape) for x in xs)
            raise ValueError(f"cannot stack shapes {shapes}: stack needs tensors of one shape "
                             f"(use concatenate to join along an existing axis)") from None

    def backward(self, dz):
        axis = self.axis % dz.ndim
        return tuple(dz[(slice(None),) * axis + (i,)] for i in range(dz.shape[axis]))


def frozen_index(index):
    """The index with every array or list in it copied, so later edits cannot move the gradient."""
    if isinstance(index, tuple):
        return tuple(frozen_index(i) for i in index)
    if isinstance(index, np.ndarray):
        return index.copy()
    if isinstance(index, list):
        return np.array(index)
    return index


def _is_basic(index) -> bool:
    items = index if isinstance(index, tuple) else (index,)
    return all(isinstance(i, (int, np.integer, slice)) or i is None or i is Ellipsis for i in items)


def _index_text(index) -> str:
    items = index if isinstance(index, tuple) else (index,)
    return ", ".join(f"array{np.shape(i)}" if isinstance(i, (np.ndarray, list)) else
                     (":" if i == slice(None) else str(i)) for i in items)
