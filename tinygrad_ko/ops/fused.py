"""Inference-only fusion: conv2d → ReLU → max pooling (→ Affine), the block of the book's CNNs
(7장 7.5), computed as one step on arrays when no graph is recorded.

What it saves, measured on a SimpleConvNet inference batch (Xeon, one BLAS thread): the ReLU runs in
place on the convolution's own product (no second 6.9 MB array), and float16 storage is rounded once,
after the pooling, on 4× fewer numbers than after the convolution — NumPy's float32 → float16
conversion is a scalar loop (~3 ms for conv1's 1.7 million outputs).  When an Affine layer follows,
the pooled float16 numbers are not stored at all: they are rounded in float32 (``float16_values``),
which the Affine's float32 product needs anyway (1.7 → 0.9 ms for SimpleConvNet's 432,000 numbers).

The result is exactly the unfused one: rounding to a narrower float is monotone, so it commutes
with max and with max(·, 0).
"""

from __future__ import annotations

import math

import numpy as np

from . import cores
from .conv import Conv2d, MaxPool2d
from .half import widen
from .matmul import MatMul, check_matmul_shapes

_SMALLEST_NORMAL_FLOAT16 = np.uint32(0x38800000)  # 2**-14 as float32 bits; below: subnormal float16
_ROUNDS_TO_INF = 65520.0  # the float16 tie between 65504 and 2**16: it and above round to inf
_LOW_13_BITS = np.uint32(0x1FFF)  # the float32 mantissa bits that float16 does not keep


def float16_values(y: np.ndarray) -> np.ndarray:
    """The float32 numbers of ``y.astype(np.float16)`` (round to nearest, ties to even), computed
    in place in ``y``, a C-ordered float32 scratch array: integer passes on the bits instead of
    NumPy's two scalar conversion loops (whose branches mispredict on ReLU's zeros).  The few numbers
    below float16's normal range (0 < |y| < 2**-14) are converted one by one; NaN, ±inf and
    |y| ≥ 65520 send the whole array through the conversion loops."""
    if y.size == 0:
        return y
    low, high = y.min(), y.max()
    if not (low > -_ROUNDS_TO_INF and high < _ROUNDS_TO_INF):  # NaN fails both comparisons
        return widen(y.astype(np.float16))
    bits = y.reshape(-1).view(np.uint32)
    # magnitude − 1 (one pass when no number is negative): a zero wraps around to the largest value
    if low < 0:
        scratch = np.bitwise_and(bits, np.uint32(0x7FFFFFFF))
        scratch -= np.uint32(1)
    else:
        scratch = bits - np.uint32(1)
    subnormal = np.flatnonzero(scratch < _SMALLEST_NORMAL_FLOAT16 - 1)
    subnormal_values = widen(y.reshape(-1)[subnormal].astype(np.float16))
    np.right_shift(bits, 13, out=scratch)
    scratch &= np.uint32(1)  # the last bit float16 keeps: a tie rounds to make it 0 (even)
    scratch += _LOW_13_BITS >> 1  # just under half a float16 step, plus that bit: round to nearest
    bits += scratch  # a carry out of the mantissa steps up the exponent, as rounding must
    bits &= ~_LOW_13_BITS
    y.reshape(-1)[subnormal] = subnormal_values
    return y


def _conv_relu_max_pool_in_compute_dtype(x, w, b, conv_stride, conv_padding, pool_kernel,
                                         pool_stride, pool_padding):
    """The pooled array in the dtype computed in (float32 for float16), and the dtype to store."""
    dtype = np.result_type(x.dtype, w.dtype)
    if dtype == np.float16:  # float16 is storage, not arithmetic
        x, w = widen(x), widen(w)
        b = None if b is None else widen(b)
    y = Conv2d(conv_stride, conv_padding).forward(x, w, b)
    np.maximum(y, 0, out=y)  # in place: y is the convolution's own product
    return MaxPool2d(pool_kernel, pool_stride, pool_padding).forward(y), dtype


def conv_relu_max_pool(x: np.ndarray, w: np.ndarray, b, conv_stride=1, conv_padding=0,
                       pool_kernel=2, pool_stride=None, pool_padding=0) -> np.ndarray:
    """max_pool2d(relu(conv2d(x, w, b))) of arrays, stored in the dtype the unfused ops give."""
    pooled, dtype = _conv_relu_max_pool_in_compute_dtype(x, w, b, conv_stride, conv_padding,
                                                         pool_kernel, pool_stride, pool_padding)
    return pooled.astype(dtype, copy=False)


def conv_relu_max_pool_matmul(x: np.ndarray, w: np.ndarray, b, conv_stride, conv_padding,
                              pool_kernel, pool_stride, pool_padding, w2: np.ndarray) -> np.ndarray:
    """flatten(max_pool2d(relu(conv2d(x, w, b)))) @ w2 of arrays, in the dtype the unfused ops give
    (the Affine's bias is added by the caller)."""
    pooled, dtype = _conv_relu_max_pool_in_compute_dtype(x, w, b, conv_stride, conv_padding,
                                                         pool_kernel, pool_stride, pool_padding)
    flat = pooled.reshape(pooled.shape[0], math.prod(pooled.shape[1:]))
    check_matmul_shapes(flat.shape, w2.shape)
    if dtype == np.float16 and w2.dtype == np.float16:  # MatMul's float32 product, unstored input
        return cores.matmul(float16_values(flat), widen(w2)).astype(np.float16)
    return MatMul().forward(flat.astype(dtype, copy=False), w2)
