"""Let glibc reuse the large arrays a training step frees, instead of unmapping them.

By default glibc gives every large allocation (a conv's column matrix, an activation) its own
mmap and returns it to the OS on free, so the next step pays the page faults again: half of a
SimpleConvNet training step on the development machine.  Raising the mmap and trim thresholds
(mallopt) makes freed blocks stay in the heap for reuse, like PyTorch's caching allocator.  It is
process-wide, so it is done once, only on Linux with glibc, and not at all when the environment
variable TINYGRAD_KO_KEEP_MALLOC=1 is set.  Blocks above 64 MB are still mmapped; up to 256 MB
of freed memory may stay with the process.
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
