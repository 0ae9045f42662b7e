"""Activation functions beyond the book's sigmoid / ReLU / tanh: leaky_relu, elu, gelu, silu,
softplus, log_sigmoid.

leaky_relu, elu and softplus are ops of their own (one formula for every derivative order, see
ops/dual.py); gelu, silu and log_sigmoid are compositions of recorded ops, so their gradients
of every order come from the chain rule.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..autograd.function import Function
from . import dual
from .elementwise import as_float
from .operands import floating, tensor_function


def _number(value, name, op):
    """A parameter checked where the op is made (so ``Op.apply`` is checked too): a finite number.
    An infinite slope or α would give 0·∞ = NaN at x = 0 and nowhere else."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{op}: {name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{op}: {name} must be a finite number, got {value!r}")
    return float(value)


class LeakyReLU(Function):
    """z = x if x > 0 else slope·x.  dz/dx = 1 or slope (a constant mask)."""

    symbol = "leaky_relu"

    def __init__(self, slope=0.01):
        super().__init__()
        self.slope = _number(slope, "slope", "leaky_relu")

    def forward(self, x):
        x = as_float(x)
        self.save(x)
        return np.where(x > 0, x, x * x.dtype.type(self.slope))

    def backward(self, dz):
        x = dual.raw(self.saved[0])
        return (dz * np.where(x > 0, 1, self.slope).astype(x.dtype),)


class ELU(Function):
    """z = x if x > 0 else α(eˣ - 1).  dz/dx = 1 if x > 0 else αeˣ = z + α."""

    symbol = "elu"

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = _number(alpha, "alpha", "elu")

    def forward(self, x):
        x = as_float(x)
        z = np.where(x > 0, x, self.alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype, copy=False)
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        positive = (dual.raw(z) > 0).astype(dual.raw(z).dtype)
        return (dz * (positive + (1 - positive) * (z + self.alpha)),)


class Softplus(Function):
    """z = log(1 + e^(βx)) / β, computed as (max(βx, 0) + log1p(e^(-|βx|))) / β: no overflow.
    dz/dx = sigmoid(βx)."""

    symbol = "softplus"

    def __init__(self, beta=1.0):
        super().__init__()
        self.beta = _number(beta, "beta", "softplus")
        if self.beta <= 0:
            raise ValueError(f"softplus: beta must be positive, got {beta}")

    def forward(self, x):
        x = as_float(x)
        self.save(x)
        bx = x * x.dtype.type(self.beta)
        z = (np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))) / x.dtype.type(self.beta)
        return z.astype(x.dtype, copy=False)

    def backward(self, dz):
        (x,) = self.saved
        return (dz * dual.sigmoid(x * self.beta),)


@tensor_function("leaky_relu")
def leaky_relu(x, slope=0.01, *, negative_slope=None):
    """x for x > 0, slope·x otherwise (PyTorch's ``negative_slope=`` also accepted)."""
    slope = slope if negative_slope is None else negative_slope
    return LeakyReLU.apply(x, slope=slope)


@tensor_function("elu")
def elu(x, alpha=1.0):
    """x for x > 0, α(eˣ - 1) otherwise: smooth at 0 when α = 1."""
    return ELU.apply(x, alpha=alpha)


@tensor_function("softplus")
def softplus(x, beta=1.0):
    """log(1 + e^(βx)) / β, a smooth ReLU; stable for large |x|.  Its gradient is sigmoid(βx)."""
    return Softplus.apply(x, beta=beta)


@tensor_function("log_sigmoid")
def log_sigmoid(x):
    """log(sigmoid(x)) = -softplus(-x), stable for large |x| (no log of 0)."""
    return -softplus(-floating(x))


@tensor_function("silu")
def silu(x):
    """x · sigmoid(x) (also called swish)."""
    x = floating(x)
    return x * x.sigmoid()


@tensor_function("gelu")
def gelu(x, approximate="none"):
    """x · Φ(x), Φ the standard normal CDF: 0.5·x·(1 + erf(x/√2)) (PyTorch's default), or with
    ``approximate="tanh"`` 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))."""
    x = floating(x)  # x³ of an integer tensor would wrap around
    if approximate == "none":
        return x * 0.5 * (1 + (x * (1 / math.sqrt(2))).erf())
    if approximate == "tanh":
        inner = (x + x ** 3 * 0.044715) * math.sqrt(2 / math.pi)
        return x * 0.5 * (1 + inner.tanh())
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
