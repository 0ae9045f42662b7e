"""Element-wise math users reach for first: abs, sign, sin, cos, tan, square, erf, clip,
maximum / minimum and where.

Each backward is written once with operators and ``dual`` helpers, so it runs on arrays (the
fast path) and on Tensors (``create_graph=True``).  Masks and signs are constants built from
``dual.raw`` arrays: they have no derivative of their own.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..autograd.function import Function, tensor_method
from . import dual
from .elementwise import as_float
from .operands import floating, lift, tensor_function, tensor_type


class Abs(Function):
    """z = |x|.  dz/dx = sign(x) (0 at x = 0, as PyTorch)."""

    symbol = "abs"

    def forward(self, x):
        self.save(x)
        return np.abs(x)

    def backward(self, dz):
        (x,) = self.saved
        return (dz * np.sign(dual.raw(x)),)


class Sin(Function):
    """z = sin x.  dz/dx = cos x."""

    symbol = "sin"

    def forward(self, x):
        x = as_float(x)
        self.save(x)
        return np.sin(x)

    def backward(self, dz):
        (x,) = self.saved
        return (dz * dual.cos(x),)


class Cos(Function):
    """z = cos x.  dz/dx = -sin x."""

    symbol = "cos"

    def forward(self, x):
        x = as_float(x)
        self.save(x)
        return np.cos(x)

    def backward(self, dz):
        (x,) = self.saved
        return (-(dz * dual.sin(x)),)


class Tan(Function):
    """z = tan x.  dz/dx = 1 + tan² x = 1 + z²."""

    symbol = "tan"

    def forward(self, x):
        z = np.tan(as_float(x))
        self.save(z)
        return z

    def backward(self, dz):
        (z,) = self.saved
        return (dz * (1 + z * z),)


class Erf(Function):
    """z = erf x = 2/√π ∫₀ˣ e^(-t²) dt.  dz/dx = 2/√π · e^(-x²) (used by the exact GELU)."""

    symbol = "erf"

    def forward(self, x):
        x = as_float(x)
        self.save(x)
        return erf_array(x)

    def backward(self, dz):
        (x,) = self.saved
        return (dz * (2 / math.sqrt(math.pi)) * dual.exp(-(x * x)),)


class Clip(Function):
    """z = min(max(x, low), high).  dz/dx = 1 where low ≤ x ≤ high, else 0 (PyTorch's rule:
    at a bound itself the gradient passes)."""

    symbol = "clip"

    def __init__(self, low=None, high=None):
        super().__init__()
        self.low, self.high = low, high

    def forward(self, x):
        self.save(x)
        return np.clip(x, self.low, self.high)

    def backward(self, dz):
        x = dual.raw(self.saved[0])
        inside = np.ones(x.shape, dtype=bool)
        if self.low is not None:
            inside &= x >= self.low
        if self.high is not None:
            inside &= x <= self.high
        return (dz * inside.astype(x.dtype),)


class _Extremum(Function):
    """Shared by maximum and minimum: the winner takes the gradient, a tie splits it in half."""

    pick = None  # np.maximum or np.minimum
    wins = None  # np.greater or np.less

    def forward(self, x, y):
        self.save(x, y)
        return type(self).pick(x, y)

    def backward(self, dz):
        x, y = (dual.raw(v) for v in self.saved)
        dtype = np.result_type(x.dtype, y.dtype)
        x_share = (type(self).wins(x, y) + 0.5 * (x == y)).astype(dtype)
        dx = dz * x_share if self.needs_input_grad[0] else None
        dy = dz * (1 - x_share) if self.needs_input_grad[1] else None
        return dx, dy


class Maximum(_Extremum):
    """z = max(x, y) element-wise (broadcast).  The larger input gets the gradient; ties split it
    half/half, as PyTorch's ``torch.maximum``."""

    symbol = "maximum"
    pick, wins = staticmethod(np.maximum), staticmethod(np.greater)


class Minimum(_Extremum):
    """z = min(x, y) element-wise (broadcast).  The smaller input gets the gradient; ties split it
    half/half, as PyTorch's ``torch.minimum``."""

    symbol = "minimum"
    pick, wins = staticmethod(np.minimum), staticmethod(np.less)


class Where(Function):
    """z = x where ``condition`` else y (a constant boolean mask, broadcast with x and y).
    dz/dx = condition, dz/dy = not condition."""

    symbol = "where"

    def __init__(self, condition):
        super().__init__()
        self.condition = condition

    def forward(self, x, y):
        return np.where(self.condition, x, y)

    def backward(self, dz):
        taken = self.condition.astype(dual.raw(dz).dtype)
        dx = dz * taken if self.needs_input_grad[0] else None
        dy = dz * (1 - taken) if self.needs_input_grad[1] else None
        return dx, dy


# --- erf without SciPy ------------------------------------------------------------------------
def erf_array(x: np.ndarray) -> np.ndarray:
    """erf to float64 accuracy with whole-array NumPy: a positive Taylor-type series below
    |x| = 3, a continued fraction for erfc above (both loop over terms, never over elements)."""
    t = np.abs(x.astype(np.float64))
    small = np.minimum(t, 3.0)
    # erf t = 2/√π e^(-t²) Σ 2ⁿ t^(2n+1) / (1·3·…·(2n+1)): every term positive, no cancellation
    term = small.copy()
    total = small.copy()
    for n in range(1, 60):
        term = term * (2 * small * small) / (2 * n + 1)
        total += term
    series = 2 / math.sqrt(math.pi) * np.exp(-small * small) * total
    large = np.maximum(t, 3.0)
    # erfc t = e^(-t²)/√π · 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + 2/(t + …))))) (Laplace)
    fraction = large.copy()
    for k in range(40, 0, -1):
        fraction = large + (k / 2) / fraction
    tail = 1 - np.exp(-large * large) / math.sqrt(math.pi) / fraction
    result = np.where(t < 3.0, series, tail)
    return (np.sign(x) * result).astype(x.dtype, copy=False)


# --- Tensor methods and module-level functions -----------------------------------------------
@tensor_function("abs", "__abs__")
def abs_(x):
    """|x| element-wise (``abs(x)`` works too); the gradient is sign(x), 0 at 0."""
    return Abs.apply(x)


@tensor_function("sign")
def sign(x):
    """-1, 0 or 1 element-wise, in x's dtype; a constant: no gradient flows through it."""
    Tensor = tensor_type()
    return Tensor._from_op(np.asarray(np.sign(x._data)), False)  # 0-d: an array, not a scalar


@tensor_function("sin")
def sin(x):
    """sin x element-wise (radians)."""
    return Sin.apply(x)


@tensor_function("cos")
def cos(x):
    """cos x element-wise (radians)."""
    return Cos.apply(x)


@tensor_function("tan")
def tan(x):
    """tan x element-wise (radians)."""
    return Tan.apply(x)


@tensor_function("erf")
def erf(x):
    """The error function erf x element-wise."""
    return Erf.apply(x)


@tensor_method("__rpow__")
def rpow(x, base):
    """``c ** x`` for a positive number (or array) c: exp(x · ln c), differentiable in x."""
    if isinstance(base, bool) or not isinstance(base, (numbers.Real, np.ndarray)) or \
            np.any(np.asarray(base) <= 0):
        raise TypeError(f"c ** x needs a positive number c, got {base!r}; for c <= 0 the power "
                        f"of a real exponent is not real (write it with where() or sign())")
    x = floating(x)
    return (x * lift(np.log(np.asarray(base, dtype=np.float64)), x)).exp()


@tensor_function("square")
def square(x):
    """x² element-wise (the power node with exponent 2)."""
    return x ** 2


@tensor_function("clip", "clamp")
def clip(x, min=None, max=None):  # noqa: A002 - PyTorch's names
    """Limit every element to [min, max] (either may be None; ``clamp`` is the same).  The
    gradient passes where min ≤ x ≤ max and is 0 where the value was cut."""
    if min is None and max is None:
        raise ValueError("clip needs at least one of min and max; clip(x, min=0) keeps x ≥ 0, "
                         "clip(x, max=1) keeps x ≤ 1")
    for name, bound in (("min", min), ("max", max)):
        if bound is not None and not isinstance(bound, numbers.Real):
            raise TypeError(f"clip: {name} must be a number or None, got {type(bound).__name__}; "
                            f"for tensor bounds use maximum(x, low) and minimum(x, high)")
    if min is not None and max is not None and min > max:
        raise ValueError(f"clip: min={min} is larger than max={max}; swap them")
    return Clip.apply(x, low=min, high=max)


@tensor_method("maximum")  # not tensor_function: a number first must meet y's dtype
def maximum(x, y):
    """The element-wise larger of x and y (tensors, arrays or numbers; broadcast).  At a tie
    each receives half the gradient, as in PyTorch."""
    x, y = _pair(x, y, "maximum")
    return Maximum.apply(x, y)


@tensor_method("minimum")  # not tensor_function: a number first must meet y's dtype
def minimum(x, y):
    """The element-wise smaller of x and y (tensors, arrays or numbers; broadcast).  At a tie
    each receives half the gradient, as in PyTorch."""
    x, y = _pair(x, y, "minimum")
    return Minimum.apply(x, y)


def where(condition, x, y):
    """x where ``condition`` is true, else y (``np.where`` / ``torch.where``).  ``condition`` is
    a boolean tensor or array (``x > 0``); x and y are tensors, arrays or numbers; all three
    broadcast.  The gradient goes to x where the condition holds and to y elsewhere."""
    Tensor = tensor_type()
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: the condition must be boolean (e.g. x > 0), got dtype "
                        f"{cond.dtype}; compare it first: where(c != 0, x, y)")
    x, y = _pair(x, y, "where")
    try:
        np.broadcast_shapes(cond.shape, x.shape, y.shape)
    except ValueError:
        raise ValueError(f"where: condition {cond.shape}, x {x.shape} and y {y.shape} do not "
                         f"broadcast together; each axis must match or be 1") from None
    return Where.apply(x, y, condition=cond.copy())


def _pair(x, y, op):
    """Two operands as tensors of one float dtype (numbers take the tensor's dtype)."""
    Tensor = tensor_type()
    if not isinstance(x, Tensor) and not isinstance(y, Tensor):
        x = lift(x)
    x, y = (lift(x, y), y) if not isinstance(x, Tensor) else (x, lift(y, x))
    if x.dtype != y.dtype and (x.requires_grad or y.requires_grad):
        raise TypeError(f"{op}: the operands have dtypes {x.dtype} and {y.dtype}; convert one "
                        f"(x.astype(np.float64)) so both match")
    return x, y
