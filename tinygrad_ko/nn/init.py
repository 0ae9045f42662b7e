"""Weight initialisers of the book's section 6.2 ("가중치의 초깃값").

    normal:  W = std · randn(shape)                 the book's weight_init_std (e.g. 0.01)
    xavier:  W = randn(shape) · sqrt(1 / fan_in)    Xavier Glorot, for sigmoid / tanh
    he:      W = randn(shape) · sqrt(2 / fan_in)    Kaiming He, for ReLU

``fan_in`` is the number of inputs of one output unit (the book's ``node_num``): ``in`` for an
affine weight of shape (in, out), ``C·FH·FW`` for a conv filter bank of shape (FN, C, FH, FW).
Every function takes ``rng``: None (fresh entropy), an int seed, or a ``np.random.Generator``.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

ACTIVATION_INITS = {"relu": "he", "he": "he", "sigmoid": "xavier", "xavier": "xavier",
                    "tanh": "xavier"}


def make_rng(rng=None) -> np.random.Generator:
    """None, an int seed or a Generator → a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator, got "
                    f"{type(rng).__name__}")


def fan_in(shape) -> int:
    """Inputs per output unit: shape[0] for an affine W (in, out), C·FH·FW for a conv W."""
    shape = tuple(shape)
    if len(shape) == 2:
        return int(shape[0])
    if len(shape) == 4:
        return int(shape[1] * shape[2] * shape[3])
    raise ValueError(f"fan_in is defined for an affine weight (in, out) or a conv weight "
                     f"(FN, C, FH, FW), got shape {shape}")


def normal(shape, std=0.01, rng=None, dtype=np.float32) -> np.ndarray:
    """std · randn(shape): the book's ``weight_init_std * np.random.randn(...)``."""
    if not isinstance(std, Real) or not math.isfinite(std) or std < 0:
        raise ValueError(f"std must be a finite number >= 0, got {std!r}")
    return (make_rng(rng).standard_normal(tuple(shape)) * std).astype(dtype)


def xavier(shape, rng=None, dtype=np.float32) -> np.ndarray:
    """randn(shape) · sqrt(1 / fan_in) (the book's Xavier, 6.2.2: std = 1/sqrt(n))."""
    return normal(shape, math.sqrt(1.0 / fan_in(shape)), rng, dtype)


def he(shape, rng=None, dtype=np.float32) -> np.ndarray:
    """randn(shape) · sqrt(2 / fan_in) (the book's He, 6.2.3: std = sqrt(2/n))."""
    return normal(shape, math.sqrt(2.0 / fan_in(shape)), rng, dtype)


def zeros(shape, dtype=np.float32) -> np.ndarray:
    return np.zeros(tuple(shape), dtype=dtype)


def ones(shape, dtype=np.float32) -> np.ndarray:
    return np.ones(tuple(shape), dtype=dtype)


def init_std(weight_init, fan_in_: int) -> float:
    """The book's ``weight_init_std`` rule: a number is the std itself; "relu"/"he" gives
    sqrt(2/fan_in), "sigmoid"/"xavier" (or "tanh") gives sqrt(1/fan_in)."""
    if isinstance(weight_init, str):
        kind = ACTIVATION_INITS.get(weight_init.lower())
        if kind is None:
            raise ValueError(f"weight init {weight_init!r} is unknown; use a number (the std), "
                             f"'relu'/'he' or 'sigmoid'/'xavier'")
        return math.sqrt((2.0 if kind == "he" else 1.0) / fan_in_)
    if isinstance(weight_init, Real) and not isinstance(weight_init, bool):
        if not math.isfinite(weight_init) or weight_init < 0:
            raise ValueError(f"weight init std must be a finite number >= 0, got {weight_init!r}")
        return float(weight_init)
    raise TypeError(f"weight init must be a number (the std) or one of 'relu', 'he', 'sigmoid', "
                    f"'xavier', got {type(weight_init).__name__}")


def initial_weight(shape, weight_init, rng=None, dtype=np.float32) -> np.ndarray:
    """A weight array from a spec: a std number, "he"/"relu", "xavier"/"sigmoid", or a callable
    ``f(shape, rng)`` returning an array of that shape."""
    shape = tuple(shape)
    if callable(weight_init):
        w = np.asarray(weight_init(shape, make_rng(rng)), dtype=dtype)
        if w.shape != shape:
            raise ValueError(f"the weight_init callable returned shape {w.shape}, expected {shape}")
        return w
    return normal(shape, init_std(weight_init, fan_in(shape)), rng, dtype)
