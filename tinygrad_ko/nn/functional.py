"""Functions a model calls on tensors: losses and the stateless parts of the layers."""

from __future__ import annotations

import numpy as np

from .. import ops
from ..tensor import Tensor


def cross_entropy(logits: Tensor, labels) -> Tensor:
    """Mean softmax cross-entropy over the batch (the seeds' SoftmaxWithLoss).

    ``logits`` (N, K); ``labels`` either N class indices in [0, K) or (N, K) one-hot rows.
    The gradient with respect to the logits is (softmax(logits) - one_hot) / N.
    """
    logits = logits if isinstance(logits, Tensor) else Tensor(logits)
    if logits.ndim != 2:
        raise ValueError(f"cross_entropy expects logits of shape (N, K) — a batch of N score rows "
                         f"over K classes — got shape {logits.shape}; flatten the model's output "
                         f"to (N, K) first")
    labels = check_labels(labels, logits.shape, logits.dtype)
    return ops.SoftmaxCrossEntropy.apply(logits, labels=labels)


def check_labels(labels, logits_shape, dtype) -> np.ndarray:
    """Class indices or one-hot rows that fit ``logits_shape``, or a ValueError that says why not."""
    n, k = logits_shape
    labels = labels.data if isinstance(labels, Tensor) else np.asarray(labels)
    if labels.dtype.kind not in "biuf":
        raise TypeError(f"cross_entropy labels must be numbers, got dtype {labels.dtype}")
    if labels.dtype.kind == "f" and not np.all(np.isfinite(labels)):
        raise ValueError("cross_entropy labels contain NaN or inf; check how the labels were made")
    if labels.ndim == 2:
        if labels.shape != (n, k):
            raise ValueError(f"one-hot labels of shape {labels.shape} do not fit logits of shape "
                             f"{(n, k)}: expected ({n}, {k}), one row of width K={k} per sample")
        return labels.astype(dtype, copy=False)
    if labels.ndim != 1:
        raise ValueError(f"cross_entropy labels must be N class indices (shape ({n},)) or one-hot "
                         f"rows (shape ({n}, {k})), got shape {labels.shape}")
    if labels.shape[0] != n:
        raise ValueError(f"cross_entropy got {labels.shape[0]} labels for a batch of {n} logits "
                         f"rows; give exactly one label per sample")
    if labels.dtype.kind == "f":
        if not np.all(labels == np.round(labels)):
            raise ValueError("cross_entropy class labels must be whole numbers; for soft targets "
                             "pass (N, K) rows instead")
        labels = labels.astype(np.int64)
    if n and (labels.min() < 0 or labels.max() >= k):
        bad = labels[(labels < 0) | (labels >= k)]
        raise ValueError(f"cross_entropy labels must lie in [0, {k - 1}] for {k} classes, got "
                         f"{bad[:5].tolist()}; check the number of output units of the model")
    return labels.astype(np.intp, copy=False)


def mse_loss(prediction: Tensor, target) -> Tensor:
    """Mean squared error: mean((prediction - target)²)."""
    target = target if isinstance(target, Tensor) else Tensor(np.asarray(target, prediction.dtype))
    if target.shape != prediction.shape:
        raise ValueError(f"mse_loss: prediction shape {prediction.shape} and target shape "
                         f"{target.shape} differ; they must match exactly (no broadcasting here, "
                         f"it hides bugs)")
    diff = prediction - target
    return (diff * diff).mean()


def relu(x: Tensor) -> Tensor:
    return x.relu()


def sigmoid(x: Tensor) -> Tensor:
    return x.sigmoid()


def tanh(x: Tensor) -> Tensor:
    return x.tanh()


def softmax(x: Tensor, axis=-1) -> Tensor:
    return x.softmax(axis)


def log_softmax(x: Tensor, axis=-1) -> Tensor:
    return x.log_softmax(axis)


def linear(x: Tensor, W: Tensor, b: Tensor | None = None) -> Tensor:
    """The seeds' Affine layer: x @ W + b with W of shape (in, out)."""
    y = x @ W
    return y if b is None else y + b


def conv2d(x: Tensor, W: Tensor, b: Tensor | None = None, stride=1, padding=0) -> Tensor:
    return x.conv2d(W, b, stride=stride, padding=padding)


def max_pool2d(x: Tensor, kernel_size=2, stride=None, padding=0) -> Tensor:
    return x.max_pool2d(kernel_size, stride, padding)


def avg_pool2d(x: Tensor, kernel_size=2, stride=None, padding=0) -> Tensor:
    return x.avg_pool2d(kernel_size, stride, padding)
