"""Matrix product, with np.matmul's rules for 1-D, 2-D and batched operands."""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import cores, dual
from .half import widen


class MatMul(Function):
    """Y = X · W.  dX = dY · Wᵀ, dW = Xᵀ · dY (the Affine layer, 5장 5.6.1).

    float16 operands are multiplied in float32 and the product stored in float16: NumPy has no
    float16 matrix product (it would be ~50× slower), and float16 is the book's storage format.
    """

    symbol = "@"

    def forward(self, x, w):
        check_matmul_shapes(x.shape, w.shape)
        self.save(x, w)
        # 2-D: a large product on every core (ops/cores.py)
        multiply = cores.matmul if x.ndim == 2 and w.ndim == 2 else np.matmul
        if (x.dtype.itemsize == 2 or w.dtype.itemsize == 2) \
                and np.result_type(x.dtype, w.dtype) == np.float16:  # float16 @ float64 stays float64
            return multiply(widen(x), widen(w)).astype(np.float16)
        return multiply(x, w)

    def backward(self, dy):
        x, w = self.saved
        if x.ndim == 2 and w.ndim == 2:  # the common Affine case, without reshaping
            dx = product(dy, w.T) if self.needs_input_grad[0] else None
            dw = product(x.T, dy) if self.needs_input_grad[1] else None
            return dx, dw
        if x.ndim == 1 and w.ndim == 1:  # inner product: a scalar
            return dy * w, dy * x
        # Treat a 1-D operand as a matrix (row for x, column for w), as np.matmul does.
        x2 = x.reshape((1,) + x.shape) if x.ndim == 1 else x
        w2 = w.reshape(w.shape + (1,)) if w.ndim == 1 else w
        dy2 = dy
        if x.ndim == 1:
            dy2 = dual.expand_dims(dy2, (dy2.ndim - 1,))
        if w.ndim == 1:
            dy2 = dual.expand_dims(dy2, (dy2.ndim,))
        dx = dw = None
        if self.needs_input_grad[0]:
            dx = dy2 @ dual.swap_last_axes(w2)
            dx = dual.sum_to(dx, x2.shape)  # batch axes that were broadcast are summed back
            dx = dx.reshape(x.shape)
        if self.needs_input_grad[1]:
            dw = dual.swap_last_axes(x2) @ dy2
            dw = dual.sum_to(dw, w2.shape).reshape(w.shape)
        return dx, dw


class Affine(Function):
    """Y = X · W + b as one node: the book's Affine layer (5장 5.6.1), as ``nn.Linear`` records it.
    dX = dY · Wᵀ, dW = Xᵀ · dY, db = the column sums of dY (b was repeated on every row, 5.6.2).

    One node instead of ``@`` and ``+``: the bias is added in place on the product, and backward
    has one node less to walk and no broadcast to sum back (W3's MLP step: −30 µs of ~300).
    """

    symbol = "affine"

    def forward(self, x, w, b):
        self.save(x, w)
        y = cores.matmul(x, w)
        y += b  # in place on the product: no second (N, out) array
        return y

    def backward(self, dy):
        x, w = self.saved
        needs = self.needs_input_grad
        dx = product(dy, w.T) if needs[0] else None
        dw = product(x.T, dy) if needs[1] else None
        db = dy.sum(axis=0) if needs[2] else None
        return dx, dw, db


def product(a, b):
    """a @ b of 2-D operands: arrays on every core (ops/cores.py), Tensors (create_graph) as an op."""
    return cores.matmul(a, b) if type(a) is np.ndarray and type(b) is np.ndarray else a @ b


def check_matmul_shapes(a: tuple, b: tuple) -> None:
    """Raise a ValueError that names both shapes when ``a @ b`` is not defined."""
    if len(a) == 0 or len(b) == 0:
        raise ValueError(f"matmul needs tensors with at least one dimension, got shapes {a} and {b}; "
                         f"use * to multiply by a scalar")
    inner_a = a[-1]
    inner_b = b[0] if len(b) == 1 else b[-2]
    if inner_a != inner_b:
        b_axis = "only" if len(b) == 1 else "second-to-last"
        raise ValueError(
            f"matmul shape mismatch: {a} @ {b}. The left operand's last axis ({inner_a}) must equal "
            f"the right operand's {b_axis} axis ({inner_b}). Fix: transpose one operand (x.T) or "
            f"build W with shape ({inner_a}, out_features).")
    try:
        if len(a) > 2 and len(b) > 2:  # batch axes on both sides (np.broadcast_shapes costs ~3 µs)
            np.broadcast_shapes(a[:-2], b[:-2])
    except ValueError:
        raise ValueError(f"matmul batch axes do not broadcast: {a} @ {b}; the leading (batch) axes "
                         f"{a[:-2]} and {b[:-2]} must match or be 1") from None
