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


def _install_mask_operator(ufunc, symbol: str, name: str) -> None:
    """``x <symbol> y`` as Tensor.__<name>__, and ``y <symbol> x`` for a non-Tensor y as
    Tensor.__r<name>__ (Python calls x.__r<name>__(y): y comes first)."""
    def operator(x, other):
        return _combine(ufunc, symbol, x, other)

    def reflected(x, other):
        return _combine(ufunc, symbol, other, x)

    operator.__doc__ = f"Element-wise ``{symbol}`` of two masks (np.{ufunc.__name__})."
    reflected.__doc__ = f"``other {symbol} x`` for an ``other`` that is not a Tensor."
    tensor_method(f"__{name}__")(operator)
    tensor_method(f"__r{name}__")(reflected)


for _ufunc, _symbol, _name in ((np.bitwise_and, "&", "and"), (np.bitwise_or, "|", "or"),
                               (np.bitwise_xor, "^", "xor")):
    _install_mask_operator(_ufunc, _symbol, _name)


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
