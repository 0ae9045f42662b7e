"""Functions a model calls on tensors: losses and the stateless parts of the layers."""

from __future__ import annotations

import numpy as np

from .. import ops
from ..autograd.state import GraphState, is_grad_enabled
from ..ops import fused
from ..ops.activations import elu, gelu, leaky_relu, log_sigmoid, silu, softplus  # noqa: F401
from ..ops.shape_extra import pad, sum_to  # noqa: F401
from ..ops.transposed_conv import conv_transpose2d  # noqa: F401
from ..tensor import Tensor


def cross_entropy(logits: Tensor, labels) -> Tensor:
    """Mean softmax cross-entropy over the batch (the book's SoftmaxWithLoss, 5.6.3).

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
    if labels.dtype.kind == "f" and not np.all(labels == np.round(labels)):
        raise ValueError("cross_entropy class labels must be whole numbers; for soft targets "
                         "pass (N, K) rows instead")
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


def softmax(x: Tensor, axis=None, *, dim=None) -> Tensor:
    """Softmax over ``axis`` (or PyTorch's ``dim=``; the last axis by default)."""
    return x.softmax(axis, dim=dim)


def log_softmax(x: Tensor, axis=None, *, dim=None) -> Tensor:
    """log(softmax) over ``axis`` (or ``dim=``; the last axis by default)."""
    return x.log_softmax(axis, dim=dim)


def linear(x: Tensor, W: Tensor, b: Tensor | None = None) -> Tensor:
    """The book's Affine layer (5.6.1): x @ W + b with W of shape (in, out).  One graph node
    (``affine``) for a batch of rows and a bias of one float dtype; ``@`` and ``+`` otherwise."""
    if b is not None and _one_affine_node(x, W, b):
        return ops.Affine.apply(x, W, b)
    y = x @ W
    return y if b is None else y + b


def _one_affine_node(x, W, b) -> bool:
    """Do x (N, in), W (in, out) and b (out,) fit ops.Affine: Tensors of one float32/float64 dtype?"""
    if not (isinstance(x, Tensor) and isinstance(W, Tensor) and isinstance(b, Tensor)):
        return False
    xs, ws, bs = x.shape, W.shape, b.shape
    return (len(xs) == 2 and len(ws) == 2 and len(bs) == 1 and xs[1] == ws[0] and bs[0] == ws[1]
            and x.dtype == W.dtype == b.dtype and x.dtype in _AFFINE_DTYPES)


_AFFINE_DTYPES = (np.float32, np.float64)


def conv2d(x: Tensor, W: Tensor, b: Tensor | None = None, stride=1, padding=0) -> Tensor:
    return x.conv2d(W, b, stride=stride, padding=padding)


def broadcast_to(x: Tensor, shape) -> Tensor:
    """Repeat ``x`` to ``shape`` by NumPy's broadcasting rules (a graph op; its gradient is
    sum_to, the repeat node of 5장 5.6.2)."""
    return ops.BroadcastTo.apply(x, shape=tuple(shape))


def im2col(x: Tensor, kernel_size, stride=1, pad=0) -> Tensor:  # noqa: F811 (the book's name)
    """The book's im2col (7장 7.4.3) as a graph op: images (N, C, H, W) → the (N·OH·OW, C·FH·FW)
    matrix, one row per output pixel.  Differentiable (its gradient is col2im) to any order."""
    cols = ops.Im2col.apply(x, kernel=kernel_size, stride=stride, padding=pad)
    return cols.T


def col2im(col: Tensor, input_shape, kernel_size, stride=1, pad=0) -> Tensor:  # noqa: F811
    """The book's col2im as a graph op: the (N·OH·OW, C·FH·FW) matrix back to images of
    ``input_shape`` (N, C, H, W), adding up where windows overlap.  Its gradient is im2col."""
    col = col if isinstance(col, Tensor) else Tensor(col)
    if col.ndim != 2:
        raise ValueError(f"col2im expects the (N·OH·OW, C·FH·FW) matrix, got shape {col.shape}")
    return ops.Col2im.apply(col.T, x_shape=tuple(input_shape), kernel=kernel_size, stride=stride,
                            padding=pad)


def conv_relu_max_pool2d(x: Tensor, W: Tensor, b: Tensor | None = None, stride=1, padding=0,
                         pool_kernel_size=2, pool_stride=None, pool_padding=0) -> Tensor:
    """``max_pool2d(relu(conv2d(x, W, b, stride, padding)), pool_kernel_size, pool_stride,
    pool_padding)``: three recorded ops when a graph is recorded; one fused step on arrays under
    ``no_grad()`` (inference; ops/fused.py), with exactly the same numbers."""
    x = x if isinstance(x, Tensor) else Tensor(x)
    if is_grad_enabled() or GraphState.anomaly_mode:  # anomaly mode checks each op by name
        return max_pool2d(conv2d(x, W, b, stride, padding).relu(), pool_kernel_size, pool_stride,
                          pool_padding)
    out = fused.conv_relu_max_pool(x._data, W._data, None if b is None else b._data, stride,
                                   padding, pool_kernel_size, pool_stride, pool_padding)
    return Tensor._from_op(out, False)


def conv_relu_max_pool2d_linear(x: Tensor, W: Tensor, b: Tensor | None, stride, padding,
                                pool_kernel_size, pool_stride, pool_padding, W2: Tensor,
                                b2: Tensor | None = None) -> Tensor:
    """``linear(flatten(conv_relu_max_pool2d(x, W, b, ...)), W2, b2)``, SimpleConvNet's trunk:
    the recorded ops when a graph is recorded; under ``no_grad()`` one fused step whose pooled
    float16 numbers are never stored (ops/fused.py), with exactly the same numbers."""
    x = x if isinstance(x, Tensor) else Tensor(x)
    if is_grad_enabled() or GraphState.anomaly_mode:
        pooled = conv_relu_max_pool2d(x, W, b, stride, padding, pool_kernel_size, pool_stride,
                                      pool_padding)
        return linear(pooled.flatten(1), W2, b2)
    out = fused.conv_relu_max_pool_matmul(x._data, W._data, None if b is None else b._data, stride,
                                          padding, pool_kernel_size, pool_stride, pool_padding,
                                          W2._data)
    y = Tensor._from_op(out, False)
    return y if b2 is None else y + b2


def max_pool2d(x: Tensor, kernel_size=2, stride=None, padding=0) -> Tensor:
    return x.max_pool2d(kernel_size, stride, padding)


def avg_pool2d(x: Tensor, kernel_size=2, stride=None, padding=0) -> Tensor:
    return x.avg_pool2d(kernel_size, stride, padding)


def flatten(x: Tensor, start_dim=1, end_dim=-1) -> Tensor:
    """Merge the axes ``start_dim``..``end_dim``; the default keeps the batch axis: (N, ...) → (N, -1)."""
    return x.flatten(start_dim, end_dim)


def global_avg_pool2d(x: Tensor, keepdims=False) -> Tensor:
    """The mean of each channel over the whole image: (N, C, H, W) → (N, C) (or (N, C, 1, 1))."""
    if x.ndim != 4:
        raise ValueError(f"global_avg_pool2d expects images of shape (N, C, H, W), got {x.shape}")
    return x.mean(axis=(2, 3), keepdims=keepdims)


def dropout(x: Tensor, p=0.5, training=True, rng=None) -> Tensor:
    """Inverted dropout: in training, zero each element with probability ``p`` and scale the kept
    ones by 1/(1-p); outside training, the identity.

    The book's Dropout (6.4.3) instead keeps x·mask in training and multiplies by (1-p) at test time; both
    give every unit the same expected value in training and inference.  The mask is a constant
    (no gradient of its own), so backward is the book's ``dout * mask`` (scaled).
    """
    check_probability(p, "dropout")
    if not training or p == 0:
        return x
    mask = _kept_units(x, p, rng) * np.asarray(1.0 / (1.0 - p), dtype=x.dtype)
    return x * Tensor(mask)


def _kept_units(x: Tensor, p, rng=None) -> np.ndarray:
    """Dropout's mask: 1 for each unit kept (probability 1 - p), 0 for each dropped, in x's dtype."""
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    return (rng.random(x.shape, dtype=np.float32) >= p).astype(x.dtype)


def check_probability(p, what):
    if not isinstance(p, (int, float, np.floating)) or not 0 <= p < 1:
        raise ValueError(f"{what}: p is the probability of dropping a unit and must satisfy "
                         f"0 <= p < 1, got {p!r} (the book's dropout_ratio, e.g. 0.5)")


def batch_norm(x: Tensor, gamma: Tensor, beta: Tensor, running_mean=None, running_var=None,
               training=True, momentum=0.9, eps=1e-6) -> Tensor:
    """Batch normalisation over every axis but the channel axis 1 (the book's section 6.3):

        μ = mean(x),  σ² = mean((x - μ)²),  x̂ = (x - μ) / sqrt(σ² + ε),  y = γ·x̂ + β

    composed from Tensor ops, so the gradient is the chain rule through this graph.  In training
    the batch statistics are used and the running ones (NumPy arrays, updated in place) move as
    the book's ``running = momentum·running + (1 - momentum)·batch``; otherwise the running
    statistics are used as constants.
    """
    if x.ndim < 2:
        raise ValueError(f"batch_norm expects (N, C) or (N, C, H, W) input, got shape {x.shape}")
    channels = x.shape[1]
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, channels) + (1,) * (x.ndim - 2)
    if training:
        mu = x.mean(axis=axes, keepdims=True)
        xc = x - mu
        var = (xc * xc).mean(axis=axes, keepdims=True)
        xn = xc / (var + eps).sqrt()
        if running_mean is not None:
            running_mean *= momentum
            running_mean += (1.0 - momentum) * mu.data.reshape(channels)
        if running_var is not None:
            running_var *= momentum
            running_var += (1.0 - momentum) * var.data.reshape(channels)
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm outside training needs running_mean and running_var")
        mean = Tensor(np.asarray(running_mean, dtype=x.dtype).reshape(shape))
        std = Tensor(np.sqrt(np.asarray(running_var, dtype=x.dtype) + eps).reshape(shape))
        xn = (x - mean) / std
    return xn * gamma.reshape(shape) + beta.reshape(shape)
