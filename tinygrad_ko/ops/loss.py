"""Softmax, log-softmax and the fused softmax + cross-entropy (SoftmaxWithLoss, 5장 5.6.3).

Integer inputs are computed in float32 and float16 inputs in float32 (stored back in float16), so
that neither unsigned wrap-around nor float16 overflow of 40,000 summed terms can happen.  An
empty axis gives an empty result, not a NumPy reduction error.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import dual
from .elementwise import as_float
from .half import widen
from .reduce import normalize_axis


def working_float(x: np.ndarray) -> np.ndarray:
    """float32 for integers, bools and float16; other floats unchanged."""
    return widen(x) if x.dtype == np.float16 else as_float(x)


def log_softmax_array(x: np.ndarray, axis: int) -> np.ndarray:
    """log softmax with the max subtracted first, so logits of ±1e4 neither overflow nor NaN."""
    if x.size == 0:
        return np.empty_like(x)
    if x.ndim == 2 and axis in (1, -1) and x.shape[1] <= 32 and x.shape[0] >= 16:
        # many short rows (a batch of 10 class scores): NumPy reduces a row number by number, a
        # column of the transposed copy vector-wide (W3's (100, 10) logits: 12 → 6 µs)
        t = x.T.copy()
        t -= t.max(axis=0)
        t -= np.log(np.exp(t).sum(axis=0))
        return np.ascontiguousarray(t.T)
    # array methods, not np.max/np.sum: their wrappers cost ~2 µs each on a small batch (W3)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _checked_axis(axis, x: np.ndarray):
    """The axis as positive axes, with a clear error when out of range (a 0-d x is one class:
    axis 0 or -1, as in PyTorch)."""
    axes = normalize_axis(axis, x.ndim)  # checks the axis for a 0-d x too
    return axes if x.ndim else None


def _saved_log_softmax(op, x: np.ndarray, exp: bool) -> np.ndarray:
    """The forward of Softmax (``exp``) and LogSoftmax: log softmax over ``op.axis`` (checked) in
    the working float, exponentiated or not, stored in x's float dtype and saved for backward."""
    op.axis = _checked_axis(op.axis, x)
    y = log_softmax_array(working_float(x), op.axis)
    y = (np.exp(y) if exp else y).astype(as_float(x).dtype)
    op.save(y)
    return y


class Softmax(Function):
    """y = exp(x - max) / Σ exp(x - max).  dx = y · (dy - Σ dy·y)."""

    symbol = "softmax"

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, x):
        return _saved_log_softmax(self, x, exp=True)

    def backward(self, dy):
        (y,) = self.saved
        return (y * (dy - (dy * y).sum(axis=self.axis, keepdims=True)),)


class LogSoftmax(Function):
    """y = x - logΣexp(x).  dx = dy - softmax(x) · Σ dy."""

    symbol = "log_softmax"

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, x):
        return _saved_log_softmax(self, x, exp=False)

    def backward(self, dy):
        (y,) = self.saved
        return (dy - dual.exp(y) * dy.sum(axis=self.axis, keepdims=True),)


class SoftmaxCrossEntropy(Function):
    """L = -Σ t · log softmax(x) / N.  dL/dx = (softmax(x) · Σt - t) / N (SoftmaxWithLoss, 5.6.3).

    ``labels`` are class indices (N,) or targets (N, K): one-hot rows or any non-negative weights,
    with PyTorch's definition (a row need not sum to 1; its gradient keeps the Σt factor).
    Working in log space makes log(0) impossible: no 1e-7 delta is needed.
    """

    symbol = "cross_entropy"

    def __init__(self, labels):
        super().__init__()
        self.labels = np.array(labels)  # a copy: editing the caller's labels later is harmless
        if self.labels.ndim == 2 and np.any(self.labels < 0):
            row, col = (int(i[0]) for i in np.nonzero(self.labels < 0))
            raise ValueError(
                f"cross_entropy: target rows must be non-negative class weights (PyTorch's "
                f"definition, loss = -Σ t·log softmax(x) / N), got {float(self.labels[row, col])!r} at "
                f"row {row}, class {col}. Fix: pass probabilities (each row ≥ 0, e.g. softmax "
                f"outputs or label-smoothed one-hot rows) or class indices.")

    def forward(self, x):
        logp = log_softmax_array(working_float(x), axis=1)
        n = x.shape[0]
        if self.labels.ndim == 1:
            picked = logp[np.arange(n), self.labels]
            loss = -picked.sum() / n if n else np.nan  # the mean of no rows: NaN, no warning
        else:  # 0 · log 0 counts as 0 (t log t → 0), not NaN: a class of probability 0 is fine
            terms = np.multiply(self.labels, logp, out=np.zeros_like(logp), where=self.labels != 0)
            loss = -np.sum(terms) / n if n else np.nan
        self.save(logp.astype(as_float(x).dtype, copy=False))
        return np.asarray(loss, dtype=as_float(x).dtype)

    def graph_saved(self, inputs, output):
        return (LogSoftmax.apply(inputs[0], axis=1),)

    def backward(self, dloss):
        (logp,) = self.saved
        n = logp.shape[0]
        if self.labels.ndim == 1:
            target = np.zeros(logp.shape, dtype=dual.raw(logp).dtype)
            target[np.arange(n), self.labels] = 1
            probs = dual.exp(logp)  # each row's target sums to 1
        else:
            target = self.labels.astype(dual.raw(logp).dtype)
            probs = dual.exp(logp) * target.sum(axis=1, keepdims=True)  # the Σt factor (1 for distributions)
        return ((probs - target) * (dloss / max(n, 1)),)  # n = 0: empty


