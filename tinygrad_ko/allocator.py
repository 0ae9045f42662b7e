"""Let glibc reuse the large arrays a training step frees, instead of unmapping them.

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
- AMD EPYC, AVX2 (OpenBLAS Zen/Haswell), 2026-11-24: 31 -> 16 ms per step.
The saving does not depend on the BLAS kernel: it is the kernel's page-fault and zeroing work for
the ~18 MB a step allocates and frees, which costs more inside a virtual machine.  Kept on.
"""

import ctypes
import ctypes.util
import os
import sys

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
