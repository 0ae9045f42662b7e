"""float16 is storage, not arithmetic (the book's half-precision lesson, 8장 8.3.4).

NumPy has no fast float16 loops: ``np.maximum`` or ``>`` on float16 arrays run about 20–30× slower
than on float32, and every float16 ↔ float32 conversion is a scalar loop too.  So the ops of a
float16 network compute on another representation of the same numbers:

- matmul, conv2d, reductions, losses and average pooling convert to float32, compute, and store
  the result in float16 (in their own files; average pooling through ``in_float32`` below); the
  conversion to float32 is a lookup in a table of all 65,536 float16 values (``widen``);
- ReLU and max pooling only *compare and copy*, so they need no conversion at all: they work on
  the float16 bit patterns as 16-bit integers, exactly (same values, same NaN handling; only a
  tie of -0 and +0 in a pooling window goes to +0).

Sort keys: read as int16, the bits of non-negative floats already sort like the floats; flipping
the 15 low bits of negative ones (``bits ^ 0x7FFF``) makes all of them sort like the floats.
The flip is its own inverse.
"""

from __future__ import annotations

import functools

import numpy as np

_SIGN = np.uint16(0x8000)
_INF = np.uint16(0x7C00)  # +inf; larger magnitudes are NaN


@functools.cache
def _float32_of_every_float16() -> np.ndarray:
    """The 65,536 float16 bit patterns as float32 (256 KB, built once): index = the bits."""
    return np.arange(1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16).astype(np.float32)


def widen(x: np.ndarray) -> np.ndarray:
    """``x.astype(np.float32)`` for a float16 array, bit for bit (NaN payloads too), as a table
    lookup: 2× faster than NumPy's conversion loop, whose branches mispredict on a mix of zeros and
    other numbers (a pooled ReLU output: 0.89 → 0.44 ms for 432,000 values, Xeon).  Other dtypes
    are converted by ``astype``."""
    if x.dtype != np.float16:
        return x.astype(np.float32)
    return np.take(_float32_of_every_float16(), x.view(np.uint16))


def relu_float16(x: np.ndarray) -> np.ndarray:
    """max(x, 0) of a float16 array through its bits: negative numbers (bits 0x8000 … 0xFC00,
    -0 to -inf) become +0; positive numbers and every NaN pass unchanged, as ``np.maximum``."""
    bits = x.view(np.uint16)
    kept = (bits - _SIGN) > _INF  # not negative: unsigned wrap-around makes it one comparison
    return (bits * kept).view(np.float16)


def positive_float16(z: np.ndarray) -> np.ndarray:
    """``z > 0`` of a float16 array through its bits (bits 0x0001 … 0x7C00): NaNs are not > 0."""
    return (z.view(np.uint16) - np.uint16(1)) < _INF


def _sort_keys(bits: np.ndarray, negative: bool = True) -> np.ndarray:
    """int16 keys that sort like the float16 numbers (NaN-free input); its own inverse."""
    return bits ^ ((bits >> 15) & np.int16(0x7FFF)) if negative else bits


def max_pool_on_sort_keys(forward):
    """Max pooling of float16 images on their sort keys: no float16 arithmetic and no conversion
    (the saved arg-max is the same as in float32).  Images with a NaN compute in float32 instead,
    so NaN propagates exactly as for float32 images."""
    @functools.wraps(forward)
    def pooled(self, x):
        if x.dtype != np.float16 or x.size == 0:
            return forward(self, x)
        bits = x.view(np.int16)
        negative = int(bits.min()) < 0  # none after a ReLU: the bits are the keys already
        largest = int(np.max(bits & np.int16(0x7FFF))) if negative else int(bits.max())
        if largest > int(_INF):  # a NaN
            return forward(self, widen(x)).astype(np.float16)
        return _sort_keys(forward(self, _sort_keys(bits, negative)), negative).view(np.float16)
    return pooled


def in_float32(forward):
    """Run ``forward`` of a float16 input in float32 and store the result in float16."""
    @functools.wraps(forward)
    def computed(self, x):
        if x.dtype != np.float16:
            return forward(self, x)
        return forward(self, widen(x)).astype(np.float16)
    return computed
