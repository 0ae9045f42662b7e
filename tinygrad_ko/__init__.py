"""tinygrad_ko: a small autograd tensor engine on NumPy whose every gradient you can read, draw and test."""

from . import allocator  # noqa: F401  (glibc reuses freed arrays; see allocator.py)
from .tensor import (Tensor, concatenate, detect_anomaly, enable_grad, grad, graph_scope,
                     is_grad_enabled, no_grad, stack)

__version__ = "0.1.0"

__all__ = ["Tensor", "no_grad", "enable_grad", "is_grad_enabled", "detect_anomaly", "graph_scope",
           "concatenate", "stack", "grad", "__version__"]
