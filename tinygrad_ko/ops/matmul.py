"""Matrix product, with np.matmul's rules for 1-D, 2-D and batched operands."""

from __future__ import annotations

import numpy as np

from .function import Function


class MatMul(Function):
    """Y = X · W.  dX = dY · Wᵀ, dW = Xᵀ · dY (the seeds' Affine layer, chapter 5.6)."""

    symbol = "@"
    __slots__ = ()

    def forward(self, x, w):
        check_matmul_shapes(x.shape, w.shape)
        self.save(x, w)
        return np.matmul(x, w)

    def backward(self, dy):
        x, w = self.saved
        if x.ndim == 2 and w.ndim == 2:  # the common Affine case, without reshaping
            dx = dy @ w.T if self.needs_input_grad[0] else None
            dw = x.T @ dy if self.needs_input_grad[1] else None
            return dx, dw
        if x.ndim == 1 and w.ndim == 1:  # inner product: a scalar
            return dy * w, dy * x
        # Treat a 1-D operand as a matrix (row for x, column for w), as np.matmul does.
        x2 = x[None, :] if x.ndim == 1 else x
        w2 = w[:, None] if w.ndim == 1 else w
        dy2 = dy
        if x.ndim == 1:
            dy2 = np.expand_dims(dy2, -2)
        if w.ndim == 1:
            dy2 = np.expand_dims(dy2, -1)
        dx = dw = None
        if self.needs_input_grad[0]:
            dx = np.matmul(dy2, np.swapaxes(w2, -1, -2))
            dx = dx.reshape(dx.shape[:-2] + (dx.shape[-1],)) if x.ndim == 1 else dx
        if self.needs_input_grad[1]:
            dw = np.matmul(np.swapaxes(x2, -1, -2), dy2)
            dw = dw[..., 0] if w.ndim == 1 else dw
        return dx, dw  # batch axes that were broadcast are summed back by the caller (sum_to)


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
        np.broadcast_shapes(a[:-2], b[:-2])
    except ValueError:
        raise ValueError(f"matmul batch axes do not broadcast: {a} @ {b}; the leading (batch) axes "
                         f"{a[:-2]} and {b[:-2]} must match or be 1") from None
