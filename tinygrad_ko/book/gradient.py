"""The book's ``common/gradient.py``: the central-difference gradient of chapter 4 (4장 4.4절).

It is the engine's own ``tinygrad_ko.testing.numerical_gradient`` with the book's h = 1e-4, so a
network's parameters (engine tensors) can be measured in place and are restored exactly.
"""

from __future__ import annotations

import numpy as np

from .. import testing
from ..tensor import Tensor

__all__ = ["numerical_gradient"]


def numerical_gradient(f, x):
    """(f(x + h) - f(x - h)) / 2h for every element of ``x`` (h = 1e-4), as an array shaped like x.

    ``f(x)`` returns a number; ``x`` is a float NumPy array or Tensor and is changed in place while
    measuring, then restored.
    """
    grad = testing.numerical_gradient(f, x, eps=1e-4)
    dtype = x.dtype if isinstance(x, (Tensor, np.ndarray)) else grad.dtype
    return grad.astype(dtype, copy=False)
