"""Ops that move data without computing: reshape, transpose, broadcast, index, concatenate."""

from __future__ import annotations

import numpy as np

from .function import Function


def sum_to(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Undo NumPy broadcasting: sum ``grad`` over the repeated axes so it has ``shape``.

    The seeds' repeat node: a value copied N times receives the sum of the N gradients.
    """
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1)
    summed = np.sum(grad, axis=axes, keepdims=True) if axes else grad
    return summed.reshape(shape)


class Reshape(Function):
    """A new view of the same numbers; the gradient is reshaped back."""

    symbol = "reshape"
    __slots__ = ("shape", "in_shape")

    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        self.in_shape = x.shape
        try:
            return x.reshape(self.shape)
        except ValueError:
            raise ValueError(f"cannot reshape a tensor of shape {x.shape} ({x.size} elements) into "
                             f"{self.shape}; the new shape must hold the same number of elements "
                             f"(use -1 for one dimension to have it inferred)") from None

    def backward(self, dz):
        return (dz.reshape(self.in_shape),)


class Transpose(Function):
    """Permute axes; the gradient is permuted back by the inverse permutation."""

    symbol = "transpose"
    __slots__ = ("axes",)

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
        return (np.transpose(dz, np.argsort([a % dz.ndim for a in self.axes])),)


class BroadcastTo(Function):
    """Repeat x to ``shape`` (the seeds' repeat node); the gradient is summed back."""

    symbol = "broadcast"
    __slots__ = ("shape", "in_shape")

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
        return (sum_to(dz, self.in_shape),)


class GetItem(Function):
    """x[index] for basic and integer-array indices; repeated indices accumulate in backward."""

    symbol = "[]"
    __slots__ = ("index", "in_shape")

    def __init__(self, index):
        super().__init__()
        self.index = index

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
        dx = np.zeros(self.in_shape, dtype=dz.dtype)
        if _is_basic(self.index):
            dx[self.index] = dz  # slices and integers never repeat an element
        else:
            np.add.at(dx, self.index, dz)  # add.at, not +=: an index used twice receives both
        return (dx,)


class Concatenate(Function):
    """Join tensors along ``axis``; each input gets its slice of the gradient back."""

    symbol = "concat"
    __slots__ = ("axis", "sizes")

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
        return tuple(np.split(dz, np.cumsum(self.sizes)[:-1], axis=self.axis))


class Stack(Function):
    """Stack equal-shaped tensors along a new ``axis``; each input gets its slice back."""

    symbol = "stack"
    __slots__ = ("axis",)

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
        return tuple(np.moveaxis(dz, self.axis, 0))


def _is_basic(index) -> bool:
    items = index if isinstance(index, tuple) else (index,)
    return all(isinstance(i, (int, np.integer, slice)) or i is None or i is Ellipsis for i in items)


def _index_text(index) -> str:
    items = index if isinstance(index, tuple) else (index,)
    return ", ".join(f"array{np.shape(i)}" if isinstance(i, (np.ndarray, list)) else
                     (":" if i == slice(None) else str(i)) for i in items)
