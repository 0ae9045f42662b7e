"""Turning what users pass into what ops take: tensors from numbers and arrays, one axis keyword.

The op files import the Tensor class lazily (tensor.py imports ``ops`` first), so these helpers
look it up at call time.
"""

from __future__ import annotations

import functools

import numpy as np

from ..autograd import function as _function


def tensor_type():
    """The Tensor class (set by tinygrad_ko.tensor when it is imported)."""
    return _function._tensor_type


def lift(value, like=None):
    """``value`` as a Tensor: Tensors pass through; numbers and arrays become constants in the
    dtype of ``like`` (a Tensor) when they are floats or Python numbers meeting a float tensor."""
    Tensor = tensor_type()
    if isinstance(value, Tensor):
        return value
    if like is not None and like.dtype.kind == "f":
        array = np.asarray(value)
        if array.dtype.kind in "biuf" and (array.dtype.kind == "f" or isinstance(value, (int, float))):
            return Tensor._from_op(np.array(value, dtype=like.dtype), False)
    return Tensor(value)  # a copy, in its own dtype; Tensor() names what is not a number


def floating(x):
    """Integer and bool tensors as float32 (the engine's dtype rule: floating ops never compute in
    an integer dtype that wraps around, e.g. -x of uint8); they never require grad."""
    return x if x.dtype.kind == "f" else x.astype(np.float32)


def axis_keyword(axis, dim, op: str):
    """PyTorch's ``dim=`` and NumPy's ``axis=`` name the same thing; refuse both at once."""
    if dim is not None and axis is not None:
        raise TypeError(f"{op}: got both axis={axis!r} and dim={dim!r}; they mean the same thing, "
                        f"pass only one")
    return axis if dim is None else dim


def keepdims_keyword(keepdims, keepdim, op: str) -> bool:
    """PyTorch's ``keepdim=`` and NumPy's ``keepdims=`` are the same switch; refuse a contradiction."""
    if keepdim is None:
        return bool(keepdims)
    if keepdims and not keepdim:
        raise TypeError(f"{op}: got keepdims={keepdims!r} and keepdim={keepdim!r}; they mean the "
                        f"same thing, pass only one")
    return bool(keepdim)


def check_axis(axis, ndim: int, op: str, extra: int = 0) -> int:
    """``axis`` as a non-negative int for a tensor of ``ndim`` axes (+``extra`` for new axes)."""
    size = ndim + extra
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{op}: axis must be an int, got {axis!r}")
    if not -max(size, 1) <= axis < max(size, 1):
        raise ValueError(f"{op}: axis {axis} is out of range for a tensor with {ndim} dimensions; "
                         f"use an axis in [{-max(size, 1)}, {max(size, 1) - 1}]")
    return int(axis) % max(size, 1)


def check_size(size, op: str) -> tuple:
    """Shapes as PyTorch takes them: ``f(2, 3)`` or ``f((2, 3))``; non-negative ints."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    shape = tuple(size)
    for n in shape:
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
            raise ValueError(f"{op}: a shape must be non-negative integers, got {shape!r}; e.g. "
                             f"{op}(2, 3) or {op}((2, 3))")
    return tuple(int(n) for n in shape)


def tensor_function(*names):
    """``tensor_method(*names)`` for a function whose first argument is the tensor, which also
    accepts arrays and numbers there (``F.sin(np.ones(3))``): they become constant Tensors."""
    def install(function):
        @functools.wraps(function)
        def lifted(x, *args, **kwargs):
            return function(x if isinstance(x, tensor_type()) else lift(x), *args, **kwargs)

        return _function.tensor_method(*(names or (function.__name__,)))(lifted)
    return install
