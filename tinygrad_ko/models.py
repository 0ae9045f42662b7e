"""The book's networks as Modules, with the book's constructor arguments and layer names.

    TwoLayerNet     Affine1 → Relu1 → Affine2                                          (ch. 5)
    MultiLayerNet   [Affine → (BatchNorm) → Activation → (Dropout)] × n → Affine      (ch. 6)
    SimpleConvNet   Conv1 → Relu1 → Pool1 → Affine1 → Relu2 → Affine2                 (ch. 7)
    DeepConvNet     (Conv → Relu → Conv → Relu → Pool) × 3 → Affine → Relu → Dropout
                    → Affine → Dropout                                                 (ch. 8)

``model(x)`` returns the scores before softmax (logits); ``loss(x, t)`` is the softmax cross
entropy (plus ½λΣW² where weight decay is configured), ``predict(x)`` the logits in eval mode
without a graph, ``accuracy(x, t)`` the share of correct argmaxes.  ``params`` gives the book's
names ('W1', 'b1', ... 'gamma1', 'beta1').  Every constructor takes ``seed`` for a reproducible
initialisation.
"""

from __future__ import annotations

import numpy as np

from . import nn
from .nn import functional as F
from .nn.layers import as_tensor
from .tensor import Tensor, is_grad_enabled, no_grad


def _fusable(layers, kinds=(nn.Conv2d, nn.ReLU, nn.MaxPool2d)) -> bool:
    """Conv2d → ReLU → MaxPool2d (→ Linear), run without recording a graph, none of them hooked (a
    hook must see its own layer's output): F.conv_relu_max_pool2d (_linear) computes the same
    numbers in one step."""
    return (len(layers) == len(kinds) and not is_grad_enabled()
            and all(type(layer) is kind for layer, kind in zip(layers, kinds))
            and not any(layer._has_hooks() for layer in layers))


_CONV_BLOCK_AND_AFFINE = (nn.Conv2d, nn.ReLU, nn.MaxPool2d, nn.Linear)


class BookNet(nn.Module):
    """Shared behaviour: children applied in registration order, loss / predict / accuracy."""

    weight_decay_lambda = 0.0

    def forward(self, x):
        x = as_tensor(x)
        layers = list(self.children())
        i = 0
        while i < len(layers):
            if _fusable(layers[i:i + 4], _CONV_BLOCK_AND_AFFINE):  # inference (ops/fused.py)
                conv, _, pool, affine = layers[i:i + 4]
                x = F.conv_relu_max_pool2d_linear(x, conv.W, conv.b, conv.stride, conv.padding,
                                                  pool.kernel_size, pool.stride, pool.padding,
                                                  affine.W, affine.b)
                i += 4
            elif _fusable(layers[i:i + 3]):  # inference: conv → ReLU → pool as one step
                conv, _, pool = layers[i:i + 3]
                x = F.conv_relu_max_pool2d(x, conv.W, conv.b, conv.stride, conv.padding,
                                           pool.kernel_size, pool.stride, pool.padding)
                i += 3
            else:
                x = layers[i](x)
                i += 1
        return x

    def loss(self, x, t) -> Tensor:
        """Cross entropy of the logits against ``t`` (labels or one-hot), plus the book's weight
        decay ½λ·ΣW² over the weight matrices when ``weight_decay_lambda`` > 0."""
        loss = F.cross_entropy(self(x), t)
        if self.weight_decay_lambda:
            for layer in self.children():
                if isinstance(layer, (nn.Linear, nn.Conv2d)):
                    loss = loss + 0.5 * self.weight_decay_lambda * (layer.W * layer.W).sum()
        return loss

    def predict(self, x) -> Tensor:
        """The logits for ``x`` in eval mode (dropout off, running BatchNorm statistics), with no
        graph recorded; the previous mode is restored afterwards."""
        was_training = self.training
        self.eval()
        try:
            with no_grad():
                return self(x)
        finally:
            self.train(was_training)

    def accuracy(self, x, t, batch_size=100) -> float:
        """The share of samples whose largest logit is the label (one-hot ``t`` allowed), computed
        batch by batch; unlike the book's loop, a last partial batch is counted too."""
        t = np.asarray(t)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        x = x.data if isinstance(x, Tensor) else np.asarray(x)
        if len(x) != len(t):
            raise ValueError(f"accuracy: {len(x)} inputs but {len(t)} labels")
        if len(x) == 0:
            raise ValueError("accuracy of an empty set is undefined; pass at least one sample")
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"accuracy: batch_size must be a positive whole number, got {batch_size!r}")
        correct = 0
        for start in range(0, len(x), batch_size):
            scores = self.predict(x[start:start + batch_size]).data
            correct += int(np.sum(np.argmax(scores, axis=1) == t[start:start + batch_size]))
        return correct / len(x)

    @property
    def params(self) -> dict:
        """The book's ``network.params``: 'W1', 'b1', 'W2' ... in layer order, and 'gamma1',
        'beta1' ... for BatchNorm layers.  The values are the model's own Parameters."""
        params, weights, norms = {}, 0, 0
        for layer in self.children():
            if isinstance(layer, (nn.Linear, nn.Conv2d)):
                weights += 1
                params[f"W{weights}"] = layer.W
                if layer.b is not None:
                    params[f"b{weights}"] = layer.b
            elif isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d)):
                norms += 1
                params[f"gamma{norms}"], params[f"beta{norms}"] = layer.gamma, layer.beta
        return params


def _rng_stream(seed):
    """A function giving a new independent Generator per call, all derived from ``seed``."""
    sequence = np.random.SeedSequence(seed)
    return lambda: np.random.default_rng(sequence.spawn(1)[0])


def _image_dims(input_dim, who: str) -> tuple:
    """``input_dim`` as (channels, height, width), or a ValueError saying what it must be."""
    if not isinstance(input_dim, (tuple, list)) or len(input_dim) != 3:
        raise ValueError(f"{who}: input_dim must be (channels, height, width), e.g. (1, 28, 28) for "
                         f"MNIST, got {input_dim!r}")
    return tuple(input_dim)


def _conv_output(size, filter_size, pad, stride, where) -> int:
    """OH = (H + 2P - FH) // S + 1, the book's output-size formula (7.2.4)."""
    out = (size + 2 * pad - filter_size) // stride + 1
    if out < 1:
        raise ValueError(f"{where}: a {filter_size}-wide filter does not fit an input of size {size} "
                         f"with pad {pad}, stride {stride}: (H + 2P - FH) // S + 1 = {out} < 1; use "
                         f"a larger input_dim, more padding or a smaller filter")
    return out


class TwoLayerNet(BookNet):
    """Affine1 → Relu1 → Affine2, weights std · randn (the book's weight_init_std=0.01)."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=None):
        super().__init__()
        next_rng = _rng_stream(seed)
        self.Affine1 = nn.Linear(input_size, hidden_size, weight_init=weight_init_std,
                                 rng=next_rng())
        self.Relu1 = nn.ReLU()
        self.Affine2 = nn.Linear(hidden_size, output_size, weight_init=weight_init_std,
                                 rng=next_rng())


class MultiLayerNet(BookNet):
    """The book's MultiLayerNetExtend: fully connected layers with optional BatchNorm, Dropout and
    weight decay.

    ``weight_init_std``: a number (the std), "relu"/"he" (sqrt(2/n)) or "sigmoid"/"xavier"
    (sqrt(1/n)), n being the previous layer's size.  Layers are named as in the book:
    Affine1, BatchNorm1, Activation_function1, Dropout1, ..., AffineN.
    """

    def __init__(self, input_size, hidden_size_list, output_size, activation="relu",
                 weight_init_std="relu", weight_decay_lambda=0, use_dropout=False,
                 dropout_ratio=0.5, use_batchnorm=False, seed=None):
        super().__init__()
        activations = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid}
        if activation not in activations:
            raise ValueError(f"MultiLayerNet: activation must be 'relu' or 'sigmoid', got "
                             f"{activation!r}")
        if weight_decay_lambda < 0:
            raise ValueError(f"MultiLayerNet: weight_decay_lambda must be >= 0, got "
                             f"{weight_decay_lambda!r}")
        if not isinstance(hidden_size_list, (list, tuple, np.ndarray, range)):
            raise TypeError(f"MultiLayerNet: hidden_size_list must be a list of layer sizes such as "
                            f"[100, 100], got {type(hidden_size_list).__name__} {hidden_size_list!r}; "
                            f"for one hidden layer write [{hidden_size_list!r}]")
        hidden_size_list = list(hidden_size_list)
        self.weight_decay_lambda = float(weight_decay_lambda)
        next_rng = _rng_stream(seed)
        sizes = [input_size, *hidden_size_list, output_size]
        for idx in range(1, len(sizes)):
            setattr(self, f"Affine{idx}", nn.Linear(sizes[idx - 1], sizes[idx],
                                                    weight_init=weight_init_std,
                                                    rng=next_rng()))
            if idx == len(sizes) - 1:
                break
            if use_batchnorm:
                setattr(self, f"BatchNorm{idx}", nn.BatchNorm1d(sizes[idx]))
            setattr(self, f"Activation_function{idx}", activations[activation]())
            if use_dropout:
                setattr(self, f"Dropout{idx}", nn.Dropout(dropout_ratio, seed=next_rng()))


class SimpleConvNet(BookNet):
    """Conv1 → Relu1 → Pool1 (2×2, stride 2) → Affine1 → Relu2 → Affine2, the book's chapter 7.

    Initial weights are ``weight_init_std · randn`` (book default 0.01; "relu"/"he" or
    "sigmoid"/"xavier" also accepted).  Affine1 flattens the pooled maps as the book's Affine does.
    """

    def __init__(self, input_dim=(1, 28, 28),
                 conv_param={'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1},  # noqa: B006
                 hidden_size=100, output_size=10, weight_init_std=0.01, seed=None):
        super().__init__()
        missing = {'filter_num', 'filter_size', 'pad', 'stride'} - set(conv_param)
        if missing:
            raise ValueError(f"SimpleConvNet: conv_param lacks {sorted(missing)}; give all of "
                             f"filter_num, filter_size, pad, stride")
        channels, height, width = _image_dims(input_dim, "SimpleConvNet")
        filter_num, filter_size = conv_param['filter_num'], conv_param['filter_size']
        pad, stride = conv_param['pad'], conv_param['stride']
        conv_h = _conv_output(height, filter_size, pad, stride, "SimpleConvNet Conv1")
        conv_w = _conv_output(width, filter_size, pad, stride, "SimpleConvNet Conv1")
        pool_output_size = filter_num * (conv_h // 2) * (conv_w // 2)
        next_rng = _rng_stream(seed)
        self.Conv1 = nn.Conv2d(channels, filter_num, filter_size, stride, pad,
                               weight_init=weight_init_std, rng=next_rng())
        self.Relu1 = nn.ReLU()
        self.Pool1 = nn.MaxPool2d(2, stride=2)
        self.Affine1 = nn.Linear(pool_output_size, hidden_size, weight_init=weight_init_std,
                                 rng=next_rng())
        self.Relu2 = nn.ReLU()
        self.Affine2 = nn.Linear(hidden_size, output_size, weight_init=weight_init_std,
                                 rng=next_rng())


DEEP_CONV_PARAMS = (
    {'filter_num': 16, 'filter_size': 3, 'pad': 1, 'stride': 1},
    {'filter_num': 16, 'filter_size': 3, 'pad': 1, 'stride': 1},
    {'filter_num': 32, 'filter_size': 3, 'pad': 1, 'stride': 1},
    {'filter_num': 32, 'filter_size': 3, 'pad': 2, 'stride': 1},
    {'filter_num': 64, 'filter_size': 3, 'pad': 1, 'stride': 1},
    {'filter_num': 64, 'filter_size': 3, 'pad': 1, 'stride': 1},
)


class DeepConvNet(BookNet):
    """The book's chapter 8 network (about 99 % on MNIST):

        conv-relu-conv-relu-pool → conv-relu-conv-relu-pool → conv-relu-conv-relu-pool
        → affine-relu-dropout → affine-dropout

    3×3 convolutions with 16, 16, 32, 32, 64, 64 filters, padding 1 except the fourth (padding 2,
    so 28×28 inputs end at 64×4×4); He initialisation, dropout 0.5.  Named Conv1..Conv6,
    Relu1..Relu7, Pool1..Pool3, Affine1, Affine2, Dropout1, Dropout2.
    """

    def __init__(self, input_dim=(1, 28, 28), conv_params=DEEP_CONV_PARAMS, hidden_size=50,
                 output_size=10, dropout_ratio=0.5, seed=None):
        super().__init__()
        if len(conv_params) != 6:
            raise ValueError(f"DeepConvNet has six conv layers, got {len(conv_params)} conv_params")
        next_rng = _rng_stream(seed)
        channels, height, width = _image_dims(input_dim, "DeepConvNet")
        for idx, param in enumerate(conv_params, start=1):
            size, pad, stride = param['filter_size'], param['pad'], param['stride']
            setattr(self, f"Conv{idx}", nn.Conv2d(channels, param['filter_num'], size, stride, pad,
                                                  weight_init="he",
                                                  rng=next_rng()))
            setattr(self, f"Relu{idx}", nn.ReLU())
            height = _conv_output(height, size, pad, stride, f"DeepConvNet Conv{idx}")
            width = _conv_output(width, size, pad, stride, f"DeepConvNet Conv{idx}")
            channels = param['filter_num']
            if idx % 2 == 0:
                setattr(self, f"Pool{idx // 2}", nn.MaxPool2d(2, stride=2))
                height, width = height // 2, width // 2
        self.Affine1 = nn.Linear(channels * height * width, hidden_size, weight_init="he",
                                 rng=next_rng())
        self.Relu7 = nn.ReLU()
        self.Dropout1 = nn.Dropout(dropout_ratio, seed=next_rng())
        self.Affine2 = nn.Linear(hidden_size, output_size, weight_init="he",
                                 rng=next_rng())
        self.Dropout2 = nn.Dropout(dropout_ratio, seed=next_rng())


__all__ = ["DeepConvNet", "MultiLayerNet", "SimpleConvNet", "TwoLayerNet"]
