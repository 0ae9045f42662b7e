"""Element-wise ops.  Inputs broadcast like NumPy; the engine sums gradients back (sum_to).

The book's two rules of chapter 5 (5.3, "역전파") are the first classes here: an add node passes the
upstream gradient through unchanged, a multiply node passes it times the *other* operand.  Every
backward is written with operators only, so it also runs on Tensors (higher-order gradients).

dtype rule: integer and bool inputs to a floating function (exp, log, sigmoid ...) are computed
in float32, the engine's default float; never float16 or wrapped-around unsigned values.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import cores, dual, half


def as_float(x: np.ndarray) -> np.ndarray:
    """Integer and bool arrays as float32 (uint8 would wrap around in -x, exp promotes to float16)."""
    return x if x.dtype.kind in "fc" else x.astype(np.float32)


class Add(Function):
    """z = x + y.  dz/dx = dz/dy = 1: the upstream gradient flows through unchanged."""

    symbol = "+"

    def forward(self, x, y):
        return x + y

    def backward(self, dz):
        return dz, dz


class Sub(Function):
    """z = x - y.  dz/dx = 1, dz/dy = -1."""

    symbol = "−"

    def forward(self, x, y):
        return x - y

    def backward(self, dz):
        return dz, (-dz if self.needs_input_grad[1] else None)


class Mul(Function):
    """z = x * y.  dz/dx = y, dz/dy = x: the upstream gradient times the *other* operand."""

    symbol = "×"

    def forward(self, x, y):
        self.save(x, y)
        return x * y

    def backward(self, dz):
        x, y = self.saved
        dx = dz * y if self.needs_input_grad[0] else None
        dy = dz * x if self.needs_input_grad[1] else None
        return dx, dy


class Div(Function):
    """z = x / y.  dz/dx = 1/y, dz/dy = -x/y² = -z/y."""

    symbol = "÷"

    def forward(self, x, y):
        z = x / y
        self.save(y, z)
        return z

    def backward(self, dz):
        y, z = self.saved
        dx = dz / y
        dy = -dx * z if self.needs_input_grad[1] else None
        return dx, dy


class Neg(Function):
    """z = -x.  dz/dx = -1."""

    symbol = "−x"

    def forward(self, x):
        return -x

    def backward(self, dz):
        return (-dz,)


class Pow(Function):
    """z = x ** c for a constant c.  dz/dx = c · x^(c-1)."""

    symbol = "**"

    def __init__(self, exponent):
        super().__init__()
        self.exponent = exponent

    def label(self):
        return f"**{self.exponent:g}"

    def forward(self, x):
        whole = float(self.exponent).is_integer() and self.exponent >= 0
        if x.dtype.kind != "f" and not whole:
            x = as_float(x)  # NumPy refuses integers to negative powers; 2 ** -1 is 0.5
        self.save(x)
        return x ** (self.exponent if x.dtype.kind == "f" else int(self.exponent))

    def backward(self, dz):
        (x,) = self.saved
        c = self.exponent  # a Python float keeps x's dtype (NumPy's weak scalars)
        if c == 0:  # x ** 0 is constant: 0, not 0 · 0 ** -1 = NaN at x = 0 (as PyTorch)
            return (dz * 0.0,)
        return (dz * c * x ** (c - 1),)


class Exp(Function):
    """z = exp(x).  dz/dx = exp(x) = z (the exp node, 5장)."""

    symbol = "exp"

    def forward(self, x):
        z = np.exp(as_float(x))
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz * z,)


class Log(Function):
    """z = log(x).  dz/dx = 1/x."""

    symbol = "log"

    def forward(self, x):
        x = as_float(x)
        self.save(x)
        return np.log(x)

    def backward(self, dz):
        (x,) = self.saved
        return (dz / x,)


class Sqrt(Function):
    """z = √x.  dz/dx = 1 / (2√x) = 1 / (2z)."""

    symbol = "√"

    def forward(self, x):
        z = np.sqrt(as_float(x))
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz / (2 * z),)


class ReLU(Function):
    """z = max(0, x).  dz/dx = 1 where x > 0, else 0 (the book's ``mask``, 5장 5.5.1)."""

    symbol = "relu"

    def forward(self, x):
        if x.dtype == np.float16:
            z = half.relu_float16(x)
        elif x.ndim == 0 or x.dtype.kind != "f":
            z = np.maximum(x, 0)
        else:
            z = np.empty_like(x)
            cores.over_rows(len(x), lambda rows: np.maximum(x[rows], 0, out=z[rows]), x.size)
        self.save(z)
        return z

    def backward(self, dz):
        z = dual.raw(self.saved[0])
        if z.dtype != np.float16 and z.ndim and type(dz) is np.ndarray and dz.shape == z.shape:
            dx = np.empty_like(z, dtype=dz.dtype)
            # a constant mask; np.where with 0 is ten times slower
            cores.over_rows(len(z), lambda rows: np.multiply(dz[rows], z[rows] > 0,
                                                             out=dx[rows]), z.size)
            return (dx,)
        positive = half.positive_float16(z) if z.dtype == np.float16 else z > 0
        return (dz * positive,)


class Sigmoid(Function):
    """z = 1 / (1 + exp(-x)).  dz/dx = z (1 - z) (the Sigmoid layer, 5장 5.5.2: y(1-y))."""

    symbol = "sigmoid"

    def forward(self, x):
        z = stable_sigmoid(x)
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz * z * (1 - z),)


class Tanh(Function):
    """z = tanh(x).  dz/dx = 1 - z²."""

    symbol = "tanh"

    def forward(self, x):
        z = np.tanh(as_float(x))
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz * (1 - z * z),)


def stable_sigmoid(x: np.ndarray) -> np.ndarray:
    """Sigmoid without overflow warnings at ±1000: exp is only ever taken of -|x|."""
    x = as_float(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
