"""The book's layers as Modules, each built from Tensor ops (so backward and drawings come free).

Default weight init is He (std = sqrt(2 / fan_in), the book's choice for ReLU networks, 6.2.3) with zero
biases; pass ``weight_init=0.01`` (a std), ``"xavier"`` or a callable ``f(shape, rng)`` for others.
"""

from __future__ import annotations

import numpy as np

from ..ops.conv import check_geometry, pair
from ..ops.operands import axis_keyword
from ..ops.transposed_conv import check_output_padding
from ..tensor import Tensor
from . import functional as F
from . import init
from .module import Module, Parameter


def _positive_int(value, what, layer):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{layer}: {what} must be a positive integer, got {value!r}")
    return int(value)


def _kernel_pair(value, layer):
    kernel = pair(value, "kernel_size")
    if min(kernel) < 1:
        raise ValueError(f"{layer}: kernel_size must be positive, got {value!r}; e.g. "
                         f"kernel_size=3 or kernel_size=(3, 5)")
    return kernel


def _check_sizes(layer, kernel_size, stride, padding):
    """Refuse at construction what the op would refuse at the first forward (stride None: the kernel)."""
    kernel = pair(kernel_size, "kernel_size")
    check_geometry(kernel, kernel if stride is None else pair(stride, "stride"),
                   pair(padding, "padding"), layer)


class Linear(Module):
    """The book's Affine layer (5.6.1): y = x @ W + b, with W of shape (in_features, out_features).

    Like the book's Affine, an input with more than two axes is flattened to (N, -1) first.
    """

    def __init__(self, in_features, out_features, bias=True, weight_init="he", rng=None,
                 dtype=np.float32):
        super().__init__()
        self.in_features = _positive_int(in_features, "in_features", "Linear")
        self.out_features = _positive_int(out_features, "out_features", "Linear")
        self.W = Parameter(init.initial_weight((self.in_features, self.out_features), weight_init,
                                               rng, dtype))
        self.b = Parameter(init.zeros((self.out_features,), dtype)) if bias else None

    def forward(self, x):
        x = as_tensor(x)
        if x.ndim > 2:  # the book's Affine takes images too: (N, C, H, W) → (N, C·H·W)
            x = x.flatten(1)
        if x.ndim < 1 or x.shape[-1] != self.in_features:
            raise ValueError(f"Linear({self.in_features}, {self.out_features}) expects (N, "
                             f"{self.in_features}) inputs (or (N, ...) with {self.in_features} "
                             f"values per sample), got shape {x.shape}; fix in_features or the "
                             f"layers before it")
        return F.linear(x, self.W, self.b)

    def extra_repr(self):
        return f"{self.in_features}, {self.out_features}, bias={self.b is not None}"


class Conv2d(Module):
    """Convolution (the book's Convolution layer, 7.4.3): W (FN, C, FH, FW), b (FN,); im2col inside."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True,
                 weight_init="he", rng=None, dtype=np.float32):
        super().__init__()
        self.in_channels = _positive_int(in_channels, "in_channels", "Conv2d")
        self.out_channels = _positive_int(out_channels, "out_channels", "Conv2d")
        self.kernel_size = _kernel_pair(kernel_size, "Conv2d")
        _check_sizes("Conv2d", kernel_size, stride, padding)
        self.stride, self.padding = stride, padding
        shape = (self.out_channels, self.in_channels) + self.kernel_size
        self.W = Parameter(init.initial_weight(shape, weight_init, rng, dtype))
        self.b = Parameter(init.zeros((self.out_channels,), dtype)) if bias else None

    def forward(self, x):
        return F.conv2d(as_tensor(x), self.W, self.b, stride=self.stride, padding=self.padding)

    def extra_repr(self):
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, padding={self.padding}")


class ConvTranspose2d(Module):
    """Transposed convolution (PyTorch's ConvTranspose2d): W (C_in, C_out, KH, KW), b (C_out,);
    output side (H - 1)·stride - 2·padding + KH + output_padding.  Enlarges images (decoders)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 output_padding=0, bias=True, weight_init="he", rng=None, dtype=np.float32):
        super().__init__()
        self.in_channels = _positive_int(in_channels, "in_channels", "ConvTranspose2d")
        self.out_channels = _positive_int(out_channels, "out_channels", "ConvTranspose2d")
        self.kernel_size = _kernel_pair(kernel_size, "ConvTranspose2d")
        _check_sizes("ConvTranspose2d", kernel_size, stride, padding)
        check_output_padding(pair(output_padding, "output_padding"), pair(stride, "stride"),
                             "ConvTranspose2d")
        self.stride, self.padding, self.output_padding = stride, padding, output_padding
        shape = (self.in_channels, self.out_channels) + self.kernel_size
        self.W = Parameter(init.initial_weight(shape, weight_init, rng, dtype))
        self.b = Parameter(init.zeros((self.out_channels,), dtype)) if bias else None

    def forward(self, x):
        return F.conv_transpose2d(as_tensor(x), self.W, self.b, stride=self.stride,
                                  padding=self.padding, output_padding=self.output_padding)

    def extra_repr(self):
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, padding={self.padding}, "
                f"output_padding={self.output_padding}")


class MaxPool2d(Module):
    """Max over each window (the book's Pooling layer, 7.4.4); stride defaults to the kernel size."""

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        _check_sizes(type(self).__name__, kernel_size, stride, padding)
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, x):
        return F.max_pool2d(x, self.kernel_size, self.stride, self.padding)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(MaxPool2d):
    """Mean over each window; stride defaults to the kernel size."""

    def forward(self, x):
        return F.avg_pool2d(x, self.kernel_size, self.stride, self.padding)


class GlobalAvgPool2d(Module):
    """The mean of each channel over the image: (N, C, H, W) → (N, C) (keepdims: (N, C, 1, 1))."""

    def __init__(self, keepdims=False):
        super().__init__()
        self.keepdims = keepdims

    def forward(self, x):
        return F.global_avg_pool2d(x, self.keepdims)


class ReLU(Module):
    """max(0, x); backward passes the gradient where x > 0 (the book's mask, 5.5.1)."""

    def forward(self, x):
        return x.relu()


class Sigmoid(Module):
    """1 / (1 + exp(-x)); backward dout · y(1 - y)."""

    def forward(self, x):
        return x.sigmoid()


class Tanh(Module):
    def forward(self, x):
        return x.tanh()


class _Activation(Module):
    """An element-wise F function with fixed keyword arguments, as a layer (LeakyReLU, ELU ...)."""

    function = None  # the F function, set by each subclass

    def __init__(self, **options):
        super().__init__()
        self.options = options
        type(self).function(Tensor(np.zeros(1)), **options)  # bad options fail here, not later

    def forward(self, x):
        return type(self).function(as_tensor(x), **self.options)

    def extra_repr(self):
        return ", ".join(f"{k}={v!r}" for k, v in self.options.items())


class LeakyReLU(_Activation):
    """x for x > 0, slope·x otherwise (default slope 0.01)."""

    function = staticmethod(F.leaky_relu)

    def __init__(self, slope=0.01, *, negative_slope=None):  # PyTorch's name too
        super().__init__(slope=slope if negative_slope is None else negative_slope)


class ELU(_Activation):
    """x for x > 0, α(eˣ - 1) otherwise."""

    function = staticmethod(F.elu)

    def __init__(self, alpha=1.0):
        super().__init__(alpha=alpha)


class GELU(_Activation):
    """x·Φ(x) (exact, with erf), or its tanh approximation with approximate="tanh"."""

    function = staticmethod(F.gelu)

    def __init__(self, approximate="none"):
        super().__init__(approximate=approximate)


class SiLU(_Activation):
    """x·sigmoid(x)."""

    function = staticmethod(F.silu)


class Softplus(_Activation):
    """log(1 + e^(βx)) / β, computed without overflow."""

    function = staticmethod(F.softplus)

    def __init__(self, beta=1.0):
        super().__init__(beta=beta)


class LogSigmoid(_Activation):
    """log(sigmoid(x)), computed without overflow."""

    function = staticmethod(F.log_sigmoid)


class Softmax(Module):
    """Softmax over ``axis`` (or PyTorch's ``dim=``; the last axis by default)."""

    def __init__(self, axis=None, *, dim=None):
        super().__init__()
        self.axis = -1 if axis is None and dim is None else axis_keyword(axis, dim, "Softmax")

    def forward(self, x):
        return x.softmax(self.axis)


class Flatten(Module):
    """(N, C, H, W) → (N, C·H·W): merges the axes from ``start_dim`` (default 1, the batch kept)."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x):
        return x.flatten(self.start_dim, self.end_dim)


class Dropout(Module):
    """Inverted dropout: in training each unit is dropped with probability ``p`` and the survivors
    are scaled by 1/(1-p); in eval mode it is the identity.

    (The book's Dropout scales by (1-p) at test time instead; the expected values agree.)  The mask
    comes from this layer's own NumPy Generator, so ``Dropout(p, seed=0)`` is reproducible.
    """

    def __init__(self, p=0.5, seed=None):
        super().__init__()
        F.check_probability(p, "Dropout")
        self.p = float(p)
        self.rng = init.make_rng(seed)

    def forward(self, x):
        return F.dropout(x, self.p, self.training, self.rng)

    def extra_repr(self):
        return f"p={self.p}"


class _BatchNorm(Module):
    """γ·(x - μ)/sqrt(σ² + ε) + β per channel (the book's section 6.3).  Training uses the batch's
    statistics and updates the running ones: running = momentum·running + (1-momentum)·batch (the
    book's convention: momentum=0.9 keeps 90 % of the old value); eval uses the running ones.
    The defaults follow the book: momentum 0.9, eps 1e-6 (its ``10e-7``)."""

    expected_ndim = 2

    def __init__(self, num_features, *, momentum=0.9, eps=1e-6, dtype=np.float32):
        super().__init__()
        self.num_features = _positive_int(num_features, "num_features", type(self).__name__)
        if not 0 <= momentum <= 1:
            raise ValueError(f"{type(self).__name__}: momentum must lie in [0, 1] (the share of "
                             f"the old running value kept), got {momentum!r}")
        if not eps > 0:
            raise ValueError(f"{type(self).__name__}: eps must be > 0, got {eps!r}")
        self.momentum, self.eps = float(momentum), float(eps)
        self.gamma = Parameter(init.ones((self.num_features,), dtype))
        self.beta = Parameter(init.zeros((self.num_features,), dtype))
        self.register_buffer("running_mean", init.zeros((self.num_features,), dtype))
        self.register_buffer("running_var", init.ones((self.num_features,), dtype))

    def forward(self, x):
        if x.ndim != self.expected_ndim or x.shape[1] != self.num_features:
            layout = "(N, C)" if self.expected_ndim == 2 else "(N, C, H, W)"
            raise ValueError(f"{type(self).__name__}({self.num_features}) expects input of shape "
                             f"{layout} with C = {self.num_features}, got {x.shape}")
        return F.batch_norm(x, self.gamma, self.beta, self.running_mean, self.running_var,
                            self.training, self.momentum, self.eps)

    def extra_repr(self):
        return f"{self.num_features}, momentum={self.momentum}, eps={self.eps}"


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) features (the book's BatchNormalization after an Affine)."""


class BatchNorm2d(_BatchNorm):
    """Batch normalisation per channel of (N, C, H, W) images (statistics over N, H, W)."""

    expected_ndim = 4


class Sequential(Module):
    """Layers applied in order.  ``Sequential(a, b)`` names them "0", "1"; pass an OrderedDict or
    keywords to use the book's names: ``Sequential(Affine1=Linear(784, 50), Relu1=ReLU())``."""

    def __init__(self, *layers, **named_layers):
        super().__init__()
        if len(layers) == 1 and isinstance(layers[0], dict):
            items = list(layers[0].items())
        else:
            items = [(str(i), layer) for i, layer in enumerate(layers)]
        items += list(named_layers.items())
        for name, layer in items:
            if not isinstance(layer, Module):
                raise TypeError(f"Sequential: layer {name!r} is a {type(layer).__name__}, not a "
                                f"Module; wrap functions in a Module subclass")
            if name in self._modules:
                raise ValueError(f"Sequential: the name {name!r} is used twice")
            self.add_module(name, layer)

    def forward(self, x):
        x = as_tensor(x)
        for layer in self._modules.values():
            x = layer(x)
        return x

    def append(self, layer, name=None) -> Sequential:
        self.add_module(str(len(self._modules)) if name is None else name, layer)
        return self

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._modules[key]
        return list(self._modules.values())[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())


def as_tensor(x, like: Tensor | None = None) -> Tensor:
    """Arrays given to a model become constant Tensors (their dtype kept)."""
    if isinstance(x, Tensor):
        return x
    return Tensor(x if like is None else np.asarray(x, dtype=like.dtype))


__all__ = [
    "AvgPool2d", "BatchNorm1d", "BatchNorm2d", "Conv2d", "Dropout", "Flatten", "GlobalAvgPool2d",
    "Linear", "MaxPool2d", "ReLU", "Sequential", "Sigmoid", "Softmax", "Tanh",
]
