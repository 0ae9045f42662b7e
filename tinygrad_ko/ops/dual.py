"""Helpers that let one backward formula run on arrays and on Tensors.

An op's ``backward`` is written once.  In the fast first-order pass its operands are NumPy arrays;
under ``backward(create_graph=True)`` they are Tensors and every step is recorded, so the gradient
can be differentiated again.  Operators (+ - * / @), ``.reshape``, ``.transpose``, ``.sum`` and
indexing already work on both; the functions below cover the rest.  Constants (masks, signs,
arg-max positions) are built from ``raw(...)`` arrays: they have no derivative.
"""

from __future__ import annotations

import numpy as np

from ..autograd import function as _function


def is_array(value) -> bool:
    """True in the fast pass (a NumPy array or number), False for a graph Tensor."""
    return not isinstance(value, _function._tensor_type)


def raw(value):
    """The NumPy array behind a Tensor, or the array itself: for building constants."""
    return value if is_array(value) else value._data


def apply_op(function_class, *operands, **params):
    """Run an op on arrays directly (fast pass) or record it on Tensors (graph pass)."""
    if all(is_array(o) for o in operands):
        out = function_class(**params).forward(*operands)
        return out if type(out) is np.ndarray else np.asarray(out)
    tensor_type = _function._tensor_type
    like = next(o for o in operands if not is_array(o))
    tensors = [o if not is_array(o) else tensor_type._from_op(
        np.asarray(o, dtype=like._data.dtype if np.asarray(o).dtype.kind == "f" else None), False)
        for o in operands]
    return function_class.apply(*tensors, **params)


def exp(value):
    return np.exp(value) if is_array(value) else value.exp()


def log(value):
    return np.log(value) if is_array(value) else value.log()


def sin(value):
    """sin, recorded in the graph pass (its derivative is cos)."""
    from .math import Sin
    return np.sin(value) if is_array(value) else Sin.apply(value)


def cos(value):
    """cos, recorded in the graph pass (its derivative is -sin)."""
    from .math import Cos
    return np.cos(value) if is_array(value) else Cos.apply(value)


def sigmoid(value):
    """The logistic sigmoid without overflow, recorded in the graph pass."""
    from .elementwise import stable_sigmoid
    return stable_sigmoid(value) if is_array(value) else value.sigmoid()


def broadcast_to(value, shape):
    from .shape import BroadcastTo
    if is_array(value):
        return np.broadcast_to(value, shape)
    return BroadcastTo.apply(value, shape=tuple(shape))


def sum_to(value, shape):
    """Sum a gradient back over broadcast axes to ``shape`` (the repeat node's rule)."""
    from .shape import SumTo, sum_to_array
    if is_array(value):
        return sum_to_array(value, shape)
    return value if value.shape == tuple(shape) else SumTo.apply(value, shape=tuple(shape))


def cast(value, dtype):
    """``value`` in ``dtype`` (recorded in the graph pass, so the gradient flows back)."""
    from .shape import Cast
    dtype = np.dtype(dtype)
    if is_array(value):
        return value.astype(dtype, copy=False)
    return value if value.dtype == dtype else Cast.apply(value, dtype=dtype)


def expand_dims(value, axes):
    """Insert size-1 axes at the (sorted, positive) ``axes`` of the result."""
    shape = list(value.shape)
    for axis in sorted(axes):
        shape.insert(axis, 1)
    return value.reshape(tuple(shape))


def swap_last_axes(value):
    """The matrix transpose of the last two axes (batched ``.T``)."""
    axes = tuple(range(value.ndim - 2)) + (value.ndim - 1, value.ndim - 2)
    return value.transpose(axes)
