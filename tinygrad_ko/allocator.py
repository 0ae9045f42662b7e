"""Let glibc reuse the large arrays a training step frees, instead of unmapping them; and give
the arrays written in place every step (parameters, optimizer moments) cache-line alignment.

By default glibc gives every large allocation (a conv's column matrix, an activation) its own
mmap and returns it to the OS on free, so the next step pays the page faults again: half of a
SimpleConvNet training step on the development machine.  Raising the mmap and trim thresholds
(mallopt) makes freed blocks stay in the heap for reuse, like PyTorch's caching allocator.  It is
process-wide, so it is done once, only on Linux with glibc, and not at all when the environment
variable TINYGRAD_KO_KEEP_MALLOC=1 is set.  Blocks above 64 MB are still mmapped; up to 256 MB
of freed memory may stay with the process.

Measured (issue 18), one SimpleConvNet step (bench W4: batch 100, float32, Adam), one BLAS thread,
fresh processes alternating with and without TINYGRAD_KO_KEEP_MALLOC=1:
- Intel Xeon, AVX-512 (OpenBLAS SkylakeX), 2026-12-03, shared machine (load average ~7, CPU time
  per step, min of 40, three pairs): 21.5-22.3 ms with the thresholds, 27.9-30.6 ms without
  (3,600-4,600 page faults per step without, none with); inference (no freed graph) 4.7-5.4 ms
  either way; peak RSS 82 MB either way.
- AMD EPYC, 2026-11-24: 31 -> 16 ms per step; again 2026-12-04 (Zen 4 with AVX-512 flags,
  OpenBLAS SkylakeX, default threads, wall clock, five alternating pairs): 14.0-17.5 ms with the
  thresholds, 21.8-27.3 ms without (medians 14.8 against 24.2).
The saving does not depend on the BLAS kernel: it is the kernel's page-fault and zeroing work for
the ~18 MB a step allocates and frees, which costs more inside a virtual machine.  Kept on.
"""

import ctypes
import ctypes.util
import os
import sys

import numpy as np

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 64 * 2**20
TRIM_THRESHOLD = 256 * 2**20


def tune() -> bool:
    """Apply the thresholds; returns whether they were applied."""
    if os.environ.get("TINYGRAD_KO_KEEP_MALLOC") == "1" or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, ...): leave the allocator alone
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))


TUNED = tune()


# --- cache-line-aligned arrays ---------------------------------------------------------------------
CACHE_LINE = 64  # bytes; also the width of an AVX-512 register


def cache_aligned(array: np.ndarray) -> np.ndarray:
    """``array`` when it is C-ordered and starts on a cache line, else a copy that does.

    For arrays written in place every step: parameters (``Tensor.__init__`` and the ``data`` setter
    of a tensor that requires grad) and the optimizers' moment buffers.  malloc gives NumPy 16-byte
    alignment, so every 64-byte vector store of an update straddles two cache lines; after a
    product on two BLAS threads has read the parameter, both lines must be taken back from the other
    core.  Measured on the Xeon (W3, MLP 784-50-10): the SGD step 60-65 µs → 31 µs, the first
    weight's update alone 46 → 12 µs; a 16-, 32- or 48-byte offset is as slow as malloc's.
    """
    if array.ctypes.data % CACHE_LINE == 0 and array.flags.c_contiguous:
        return array
    aligned = aligned_empty(array.shape, array.dtype)
    aligned[...] = array
    return aligned


def aligned_empty(shape, dtype) -> np.ndarray:
    """An uninitialised C-ordered array whose first number starts a cache line."""
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    memory = np.empty(nbytes + CACHE_LINE, dtype=np.uint8)
    start = -memory.ctypes.data % CACHE_LINE
    return memory[start:start + nbytes].view(dtype).reshape(shape)


def aligned_zeros_like(array: np.ndarray) -> np.ndarray:
    zeros = aligned_empty(array.shape, array.dtype)
    zeros.fill(0)
    return zeros
