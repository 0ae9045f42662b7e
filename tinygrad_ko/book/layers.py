"""The book's ``common/layers.py``: the layer classes of chapters 5–7 with ``forward``/``backward``.

Same constructors, attributes and numbers as the book (``Affine(W, b)`` keeps ``dW``, ``db`` after
backward, ``SoftmaxWithLoss`` keeps ``y``, ``t``, ``loss`` ...), computed by the engine: forward
records a graph, backward(dout) is the engine's backward() through it.  For whole networks use the
book's network classes (``TwoLayerNet`` ...), which are engine models.

Differences from the book's code, none of which changes a number of its walk-throughs:
``SoftmaxWithLoss`` uses the exact log-softmax (the book adds 1e-7 inside the log), ``Pooling`` with
``pad > 0`` pads with -inf rather than 0, and ``Convolution`` does not keep the ``col`` matrices.
"""

from __future__ import annotations

import numpy as np

from ..nn import functional as F
from ..tensor import Tensor
from ._engine import GraphLayer, float_array, plain

__all__ = ["Affine", "BatchNormalization", "Convolution", "Dropout", "Pooling", "Relu", "Sigmoid",
           "SoftmaxWithLoss"]


class Relu(GraphLayer):
    """max(0, x); backward passes dout where x > 0 (``mask`` marks x <= 0, as the book's)."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = float_array(x) <= 0
        return self._record(lambda x: x.relu(), x=x)

    def backward(self, dout):
        return self._backprop(dout)["x"]


class Sigmoid(GraphLayer):
    """y = 1 / (1 + exp(-x)) kept as ``out``; backward dout · y(1 - y)."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = self._record(lambda x: x.sigmoid(), x=x)
        return self.out

    def backward(self, dout):
        return self._backprop(dout)["x"]


class Affine(GraphLayer):
    """x @ W + b (an image batch is flattened to (N, -1) first); backward sets ``dW``, ``db`` and
    returns dx in the input's shape."""

    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = float_array(x, "Affine's input")
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        W = float_array(self.W, "Affine's W")
        if W.ndim != 2 or self.x.shape[1] != W.shape[0]:
            raise ValueError(f"Affine: an input of shape {x.shape} gives rows of {self.x.shape[1]} "
                             f"values, but W has shape {W.shape} (expects {W.shape[0]} per row)")
        return self._record(lambda x, W, b: F.linear(x.reshape(x.shape[0], -1), W, b),
                            x=x, W=W, b=self.b)

    def backward(self, dout):
        grads = self._backprop(dout)
        self.dW, self.db = grads["W"], grads["b"]
        return grads["x"]


class SoftmaxWithLoss(GraphLayer):
    """Softmax then cross-entropy error: forward(x, t) returns the mean loss over the batch;
    backward(dout=1) returns (y - t) / N (y: the softmax output, t one-hot)."""

    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        scores = float_array(x, "SoftmaxWithLoss's input")
        batch = scores.reshape(1, -1) if scores.ndim == 1 else scores
        labels = np.asarray(t.data if isinstance(t, Tensor) else t)
        if scores.ndim == 1:  # one sample: a batch of one row
            labels = labels.reshape(1, -1) if labels.size == scores.size > 1 else labels.reshape(1)
        self.y = plain(Tensor(scores).softmax(axis=-1))
        self.loss = self._record(lambda x: F.cross_entropy(x, labels), x=batch)
        return self.loss

    def backward(self, dout=1):
        grad = self._backprop(dout)["x"]
        return grad.reshape(self.y.shape)


class Dropout(GraphLayer):
    """The book's dropout: in training each unit survives with probability 1 - ratio (the mask from
    NumPy's global generator, so np.random.seed applies); at test time the output is scaled by
    (1 - ratio) instead."""

    def __init__(self, dropout_ratio=0.5):
        F.check_probability(dropout_ratio, "Dropout")
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        x = float_array(x, "Dropout's input")
        if train_flg:
            self.mask = np.random.rand(*x.shape) > self.dropout_ratio
            keep = Tensor(self.mask.astype(x.dtype))
            return self._record(lambda x: x * keep, x=x)
        return self._record(lambda x: x * (1.0 - self.dropout_ratio), x=x)

    def backward(self, dout):
        return self._backprop(dout)["x"]


class BatchNormalization(GraphLayer):
    """Batch normalisation as the book writes it (6장 6.3절): an (N, C, H, W) input is normalised
    per feature of its (N, C·H·W) view; running statistics start at zero and move as
    running = momentum·running + (1 - momentum)·batch; ε = 10e-7.  backward sets ``dgamma``,
    ``dbeta``."""

    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None):
        self.gamma, self.beta, self.momentum = gamma, beta, momentum
        self.input_shape = None
        self.running_mean, self.running_var = running_mean, running_var
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train_flg=True):
        x = float_array(x, "BatchNormalization's input")
        self.input_shape = x.shape
        features = x.reshape(x.shape[0], -1)
        if self.running_mean is None:
            self.running_mean = np.zeros(features.shape[1], dtype=features.dtype)
            self.running_var = np.zeros(features.shape[1], dtype=features.dtype)
        width = np.size(self.gamma)
        if width != features.shape[1]:
            raise ValueError(f"BatchNormalization: gamma has {width} values but the input of shape "
                             f"{x.shape} has {features.shape[1]} features per sample")

        def compute(x, gamma, beta):
            flat = x.reshape(x.shape[0], -1)
            out = F.batch_norm(flat, gamma, beta, self.running_mean, self.running_var,
                               training=train_flg, momentum=self.momentum, eps=10e-7)
            return out.reshape(x.shape)

        return self._record(compute, x=x, gamma=self.gamma, beta=self.beta)

    def backward(self, dout):
        grads = self._backprop(dout)
        self.dgamma, self.dbeta = grads["gamma"], grads["beta"]
        return grads["x"]


class Convolution(GraphLayer):
    """Convolution with filters W (FN, C, FH, FW) and biases b (FN,) (7장 7.4절, im2col inside the
    engine's kernel); backward sets ``dW``, ``db`` and returns dx."""

    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return self._record(lambda x, W, b: x.conv2d(W, b, stride=self.stride, padding=self.pad),
                            x=x, W=self.W, b=self.b)

    def backward(self, dout):
        grads = self._backprop(dout)
        self.dW, self.db = grads["W"], grads["b"]
        return grads["x"]


class Pooling(GraphLayer):
    """Max pooling over pool_h × pool_w windows (stride 2 by default); backward sends each window's
    gradient to its largest input."""

    def __init__(self, pool_h, pool_w, stride=2, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad
        self.x = None

    def forward(self, x):
        self.x = x
        return self._record(lambda x: x.max_pool2d((self.pool_h, self.pool_w), self.stride,
                                                   self.pad), x=x)

    def backward(self, dout):
        return self._backprop(dout)["x"]
