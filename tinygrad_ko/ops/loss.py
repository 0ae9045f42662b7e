"""Softmax, log-softmax and the fused softmax + cross-entropy (the seeds' SoftmaxWithLoss)."""

from __future__ import annotations

import numpy as np

from .function import Function
from .reduce import normalize_axis


def log_softmax_array(x: np.ndarray, axis: int) -> np.ndarray:
    """log softmax with the max subtracted first, so logits of ±1e4 neither overflow nor NaN."""
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _checked_axis(axis, x: np.ndarray):
    """The axis as positive axes, with a clear error when out of range (a 0-d x is one class)."""
    return normalize_axis(axis, x.ndim) if x.ndim else None


class Softmax(Function):
    """y = exp(x - max) / Σ exp(x - max).  dx = y · (dy - Σ dy·y)."""

    symbol = "softmax"
    __slots__ = ("axis",)

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, x):
        self.axis = _checked_axis(self.axis, x)
        e = np.exp(x - np.max(x, axis=self.axis, keepdims=True))
        y = e / np.sum(e, axis=self.axis, keepdims=True)
        self.save(y)
        return y

    def backward(self, dy):
        (y,) = self.saved
        return (y * (dy - np.sum(dy * y, axis=self.axis, keepdims=True)),)


class LogSoftmax(Function):
    """y = x - logΣexp(x).  dx = dy - softmax(x) · Σ dy."""

    symbol = "log_softmax"
    __slots__ = ("axis",)

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, x):
        self.axis = _checked_axis(self.axis, x)
        y = log_softmax_array(x, self.axis)
        self.save(y)
        return y

    def backward(self, dy):
        (y,) = self.saved
        return (dy - np.exp(y) * np.sum(dy, axis=self.axis, keepdims=True),)


class SoftmaxCrossEntropy(Function):
    """L = -Σ t · log softmax(x) / N.  dL/dx = (softmax(x) - t) / N (SoftmaxWithLoss, ch. 5.6.3).

    Working in log space makes log(0) impossible: no 1e-7 delta is needed.
    """

    symbol = "cross_entropy"
    __slots__ = ("labels",)

    def __init__(self, labels):
        super().__init__()
        self.labels = labels  # (N,) class indices or (N, K) one-hot / probabilities

    def forward(self, x):
        logp = log_softmax_array(x, axis=1)
        n = x.shape[0]
        if self.labels.ndim == 1:
            picked = logp[np.arange(n), self.labels]
            loss = -np.sum(picked, dtype=x.dtype) / n
        else:  # 0 · log 0 counts as 0 (t log t → 0), not NaN: a class of probability 0 is fine
            terms = np.multiply(self.labels, logp, out=np.zeros_like(logp), where=self.labels != 0)
            loss = -np.sum(terms, dtype=x.dtype) / n
        self.save(logp)
        return np.asarray(loss, dtype=x.dtype)

    def backward(self, dloss):
        (logp,) = self.saved
        n = logp.shape[0]
        dx = np.exp(logp)  # softmax, computed once from the saved log-probabilities
        if self.labels.ndim == 1:
            dx[np.arange(n), self.labels] -= 1
        else:
            dx -= self.labels
        dx *= dloss / n
        return (dx,)
