"""Element-wise ops.  Inputs broadcast like NumPy; the Tensor sums gradients back (sum_to).

The seeds' two rules of chapter 5 are the first two classes: an add node passes the upstream
gradient through unchanged, a multiply node passes it times the *other* operand.
"""

from __future__ import annotations

import numpy as np

from .function import Function


class Add(Function):
    """z = x + y.  dz/dx = dz/dy = 1: the upstream gradient flows through unchanged."""

    symbol = "+"
    __slots__ = ()

    def forward(self, x, y):
        return x + y

    def backward(self, dz):
        return dz, dz


class Sub(Function):
    """z = x - y.  dz/dx = 1, dz/dy = -1."""

    symbol = "−"
    __slots__ = ()

    def forward(self, x, y):
        return x - y

    def backward(self, dz):
        return dz, (-dz if self.needs_input_grad[1] else None)


class Mul(Function):
    """z = x * y.  dz/dx = y, dz/dy = x: the upstream gradient times the *other* operand."""

    symbol = "×"
    __slots__ = ()

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
    __slots__ = ()

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
    __slots__ = ()

    def forward(self, x):
        return -x

    def backward(self, dz):
        return (-dz,)


class Pow(Function):
    """z = x ** c for a constant c.  dz/dx = c · x^(c-1)."""

    symbol = "**"
    __slots__ = ("exponent",)

    def __init__(self, exponent):
        super().__init__()
        self.exponent = exponent

    def label(self):
        return f"**{self.exponent:g}"

    def forward(self, x):
        self.save(x)
        return x ** np.asarray(self.exponent, dtype=x.dtype)

    def backward(self, dz):
        (x,) = self.saved
        c = np.asarray(self.exponent, dtype=x.dtype)
        return (dz * c * x ** (c - 1),)


class Exp(Function):
    """z = exp(x).  dz/dx = exp(x) = z (the seeds' exp node)."""

    symbol = "exp"
    __slots__ = ()

    def forward(self, x):
        z = np.exp(x)
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz * z,)


class Log(Function):
    """z = log(x).  dz/dx = 1/x."""

    symbol = "log"
    __slots__ = ()

    def forward(self, x):
        self.save(x)
        return np.log(x)

    def backward(self, dz):
        (x,) = self.saved
        return (dz / x,)


class Sqrt(Function):
    """z = √x.  dz/dx = 1 / (2√x) = 1 / (2z)."""

    symbol = "√"
    __slots__ = ()

    def forward(self, x):
        z = np.sqrt(x)
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz / (2 * z),)


class ReLU(Function):
    """z = max(0, x).  dz/dx = 1 where x > 0, else 0 (the seeds' ``mask``)."""

    symbol = "relu"
    __slots__ = ()

    def forward(self, x):
        z = np.maximum(x, 0)
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz * (z > 0),)  # one pass; np.where with a scalar 0 is ten times slower


class Sigmoid(Function):
    """z = 1 / (1 + exp(-x)).  dz/dx = z (1 - z) (the seeds' sigmoid node: y(1-y))."""

    symbol = "sigmoid"
    __slots__ = ()

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
    __slots__ = ()

    def forward(self, x):
        z = np.tanh(x)
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz * (1 - z * z),)


def stable_sigmoid(x: np.ndarray) -> np.ndarray:
    """Sigmoid without overflow warnings at ±1000: exp is only ever taken of -|x|."""
    e = np.exp(-np.abs(x))
    # e has x's float dtype (float64 for integer input, as np.exp gives)
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(e.dtype, copy=False)
