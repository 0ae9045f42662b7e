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


def _binary(ufunc, symbol):
    def combine(x, other):
        a, b = _mask_data(x, symbol), _mask_data(other, symbol)
        try:
            return _constant(ufunc(a, b))
        except ValueError:
            raise ValueError(f"{symbol}: masks of shapes {a.shape} and {b.shape} do not "
                             f"broadcast together; each axis must match or be 1") from None

    def reflected(x, other):
        return combine(_constant(_mask_data(other, symbol)), x)
    combine.__doc__ = f"Element-wise ``{symbol}`` of two masks (np.{ufunc.__name__})."
    return combine, reflected


for _names, _ufunc, _symbol in ((("__and__", "__rand__"), np.bitwise_and, "&"),
                                (("__or__", "__ror__"), np.bitwise_or, "|"),
                                (("__xor__", "__rxor__"), np.bitwise_xor, "^")):
    _forward, _reflected = _binary(_ufunc, _symbol)
    tensor_method(_names[0])(_forward)
    tensor_method(_names[1])(_reflected)


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
