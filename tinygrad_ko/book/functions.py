"""The book's ``common/functions.py``: activations and losses (chapters 3 and 4).

Each function runs on the engine's ops.  Give it NumPy arrays (as the book does) and you get NumPy
arrays back; give it a ``Tensor`` and you get a Tensor you can call ``backward()`` on.

    sigmoid(x)                 1 / (1 + exp(-x))                       (3장 3.2.4절 / section 3.2.4)
    relu(x)                    max(0, x)                               (3.2.7)
    softmax(x)                 exp(x - max) / Σ exp(x - max), last axis (3.5)
    mean_squared_error(y, t)   ½ Σ (y - t)²                            (4.2.1)
    cross_entropy_error(y, t)  -Σ log(y[t] + 1e-7) / N; one-hot or label t (4.2.2–4.2.4)
"""

from __future__ import annotations

import numpy as np

from ..tensor import Tensor
from ._engine import float_array, on_engine

__all__ = ["cross_entropy_error", "identity_function", "mean_squared_error", "relu", "relu_grad",
           "sigmoid", "sigmoid_grad", "softmax", "softmax_loss", "step_function"]


def identity_function(x):
    """The output layer of a regression network: y = x."""
    return x


def step_function(x):
    """1 where x > 0, else 0, as integers (the perceptron's activation; it has no useful gradient)."""
    values = x.data if isinstance(x, Tensor) else np.asarray(x)
    return (values > 0).astype(np.int64)


def sigmoid(x):
    """1 / (1 + exp(-x)), element-wise."""
    return on_engine(lambda t: t.sigmoid(), x)


def sigmoid_grad(x):
    """dσ/dx = (1 - σ(x)) σ(x)."""
    return on_engine(lambda t: (1.0 - t.sigmoid()) * t.sigmoid(), x)


def relu(x):
    """max(0, x), element-wise."""
    return on_engine(lambda t: t.relu(), x)


def relu_grad(x):
    """dReLU/dx: 1 where x >= 0, else 0 (the book's convention at 0)."""
    values = float_array(x)
    return (values >= 0).astype(values.dtype)


def softmax(x):
    """Softmax over the last axis (a single vector or a batch of rows), overflow-safe."""
    return on_engine(lambda t: t.softmax(axis=-1), x)


def mean_squared_error(y, t):
    """The book's sum of squares error: ½ Σ (y - t)² over every element (not a mean)."""
    _same_shape(y, t, "mean_squared_error")
    return on_engine(lambda a, b: 0.5 * ((a - b) ** 2).sum(), y, t)


def cross_entropy_error(y, t):
    """-Σ log(y[k] + 1e-7) / N over a batch of probability rows ``y`` (one row is a batch of one).

    ``t``: the correct labels (N,) or one-hot rows shaped like ``y``.  The 1e-7 keeps log(0) away.
    """
    labels = _labels(y, t)

    def compute(probabilities):
        rows = probabilities.reshape(1, -1) if probabilities.ndim == 1 else probabilities
        n = rows.shape[0]
        return -(rows[np.arange(n), labels] + 1e-7).log().sum() / n

    return on_engine(compute, y)


def softmax_loss(x, t):
    """cross_entropy_error(softmax(x), t): the loss of scores ``x`` (SoftmaxWithLoss's forward)."""
    return cross_entropy_error(softmax(x), t)


def _labels(y, t) -> np.ndarray:
    """Class indices from labels or one-hot rows, checked against ``y``'s shape."""
    y_shape = np.shape(y.data if isinstance(y, Tensor) else y)
    rows, classes = (1, y_shape[0]) if len(y_shape) == 1 else (y_shape[0], y_shape[-1])
    if len(y_shape) not in (1, 2):
        raise ValueError(f"cross_entropy_error expects probabilities of shape (K,) or (N, K), got "
                         f"{y_shape}")
    t = np.asarray(t.data if isinstance(t, Tensor) else t)
    if classes > 1 and t.size == rows * classes:
        t = t.reshape(rows, classes).argmax(axis=1)  # one-hot rows → the index of the 1
    t = t.reshape(-1)
    if t.size != rows:
        raise ValueError(f"cross_entropy_error got {t.size} labels for {rows} probability row(s) of "
                         f"width {classes}; give one label per row, or one-hot rows of shape "
                         f"{(rows, classes) if len(y_shape) == 2 else (classes,)}")
    if t.dtype.kind == "f":
        if not np.all(t == np.round(t)):
            raise ValueError("cross_entropy_error: class labels must be whole numbers")
        t = t.astype(np.int64)
    if t.dtype.kind not in "iu" or (t.size and (t.min() < 0 or t.max() >= classes)):
        raise ValueError(f"cross_entropy_error: labels must be integers in [0, {classes - 1}], got "
                         f"{t[:5].tolist()}")
    return t


def _same_shape(y, t, who):
    y_shape = np.shape(y.data if isinstance(y, Tensor) else y)
    t_shape = np.shape(t.data if isinstance(t, Tensor) else t)
    if y_shape != t_shape:
        raise ValueError(f"{who}: y has shape {y_shape} but t has shape {t_shape}; they must match "
                         f"(e.g. a one-hot t for a softmax output y)")
