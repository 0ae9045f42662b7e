"""Masks combined as in NumPy and PyTorch: ``(x > 0) & (x < 1)``, ``|``, ``^``, ``~``, and
``any()`` / ``all()``.  Boolean (or integer, bitwise) tensors only; the results are constants:
masks have no gradient.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import tensor_method
from .operands import axis_keyword, keepdims_keyword, tensor_type
from .reduce import normalize_axis


def _mask_data(value, op: str) -> np.ndarray:
    data = value._data if isinstance(value, tensor_type()) else np.asarray(value)
    if data.dtype.kind not in "biu":
        raise TypeError(f"{op} needs boolean masks (or integers, bitwise), got dtype {data.dtype}; "
                        f"compare first, e.g. (x > 0) {op} (x < 1)")
    return data


def _constant(array) -> object:
    return tensor_type()._from_op(np.asarray(array), False)


def _combine(ufunc, symbol: str, a, b):
    """``a <symbol> b`` for two masks (Tensors, arrays, bools or ints), as a constant Tensor."""
    a_data, b_data = _mask_data(a, symbol), _mask_data(b, symbol)
    try:  # a Python bool or int is passed as itself: it takes the other mask's dtype, as in NumPy
        return _constant(ufunc(_python_or(a, a_data), _python_or(b, b_data)))
    except ValueError:
        raise ValueError(f"{symbol}: masks of shapes {a_data.shape} and {b_data.shape} do not "
                         f"broadcast together; each axis must match or be 1") from None


def _python_or(value, data):
    """``value`` itself for a Python bool or int (NumPy's weak scalar), else its array ``data``."""
    return value if isinstance(value, (bool, int)) else data


# ``x & y`` calls x.__and__(y); ``y & x`` with a non-Tensor y calls x.__rand__(y): y comes first.
@tensor_method("__and__")
def mask_and(x, other):
    """Element-wise ``&`` of two masks (np.bitwise_and)."""
    return _combine(np.bitwise_and, "&", x, other)


@tensor_method("__rand__")
def mask_rand(x, other):
    """``other & x`` for an ``other`` that is not a Tensor."""
    return _combine(np.bitwise_and, "&", other, x)


@tensor_method("__or__")
def mask_or(x, other):
    """Element-wise ``|`` of two masks (np.bitwise_or)."""
    return _combine(np.bitwise_or, "|", x, other)


@tensor_method("__ror__")
def mask_ror(x, other):
    """``other | x`` for an ``other`` that is not a Tensor."""
    return _combine(np.bitwise_or, "|", other, x)


@tensor_method("__xor__")
def mask_xor(x, other):
    """Element-wise ``^`` of two masks (np.bitwise_xor)."""
    return _combine(np.bitwise_xor, "^", x, other)


@tensor_method("__rxor__")
def mask_rxor(x, other):
    """``other ^ x`` for an ``other`` that is not a Tensor."""
    return _combine(np.bitwise_xor, "^", other, x)


@tensor_method("__invert__")
def invert(x):
    """``~mask``: True where the mask is False (bitwise not for integers)."""
    return _constant(np.invert(_mask_data(x, "~")))


@tensor_method("any")
def any_(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Is any element true (non-zero)?  Over all elements, or along ``axis`` (``dim=``)."""
    return _truth(np.any, x, axis_keyword(axis, dim, "any"), keepdims_keyword(keepdims, keepdim, "any"))


@tensor_method("all")
def all_(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Is every element true (non-zero)?  Over all elements, or along ``axis`` (``dim=``)."""
    return _truth(np.all, x, axis_keyword(axis, dim, "all"), keepdims_keyword(keepdims, keepdim, "all"))


def _truth(reduce, x, axis, keepdims):
    axes = normalize_axis(axis, x.ndim)
    return _constant(reduce(x._data, axis=axes, keepdims=keepdims))
