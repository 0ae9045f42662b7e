"""tinygrad_ko: a small autograd tensor engine on NumPy whose every gradient you can read, draw and test."""

from . import allocator  # noqa: F401  (glibc reuses freed arrays; see allocator.py)
from .tensor import (Tensor, concatenate, detect_anomaly, enable_grad, grad, graph_scope,
                     is_grad_enabled, no_grad, stack)

from .creation import (arange, eye, full, full_like, linspace, ones, ones_like, rand, randn,  # noqa: E402
                       zeros, zeros_like)
from .ops.einsum import einsum  # noqa: E402
from .ops.math import maximum, minimum, where  # noqa: E402

__version__ = "0.1.0"

__all__ = ["Tensor", "no_grad", "enable_grad", "is_grad_enabled", "detect_anomaly", "graph_scope",
           "concatenate", "stack", "grad", "__version__", "where", "maximum", "minimum", "einsum",
           "zeros", "ones", "full", "zeros_like", "ones_like", "full_like", "arange", "linspace",
           "eye", "rand", "randn"]
