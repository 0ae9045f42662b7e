"""Big memory-bound passes on every core, as PyTorch's intra-op threads run them.

NumPy releases the GIL inside its loops, so a pass cut into one slab of rows per core runs the
slabs at once.  Only passes that compute each number on its own are cut (ReLU, the pooling
windows, Adam's update): every number goes through the same operations as in one piece, so the
results are the same bits.  Passes over fewer than ``SPLIT_FROM`` numbers run in one piece: handing
a slab to a thread and waiting for it costs ~20-40 µs.

How many threads: ``TINYGRAD_KO_NUM_THREADS`` (read once, at import); 1 when it is not set.  It
is opt-in because OpenBLAS's own threads spin for ~2**28 cycles after each product and take the
core a slab needs: on a 2-core Xeon a SimpleConvNet step (W4) took 20 ms with one thread here and
23 ms with two.  With OpenBLAS told to run one thread, or to sleep soon after a product
(``OPENBLAS_THREAD_TIMEOUT=21``, about 1 ms, set before NumPy is imported), two threads here took
it to 18.4 and 14.7 ms (bench/README.md).
"""

from __future__ import annotations

import contextvars
import os
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np

SPLIT_FROM = 1 << 17  # numbers; below this a pass runs in one piece


def thread_count(environ=os.environ) -> int:
    """``TINYGRAD_KO_NUM_THREADS`` as a count of at least 1; 1 when it is not set."""
    value = environ.get("TINYGRAD_KO_NUM_THREADS", "").strip()
    if not value:
        return 1
    try:
        return max(1, int(value))
    except ValueError:
        raise ValueError(f"TINYGRAD_KO_NUM_THREADS must be a whole number of threads, got "
                         f"{value!r}; e.g. TINYGRAD_KO_NUM_THREADS=2") from None


def spinning_blas_warning(threads: int, environ=os.environ) -> str | None:
    """What to tell a user who asked for threads while OpenBLAS's idle threads spin, else None."""
    one_thread = any(environ.get(name, "").strip() == "1" for name in (
        "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"))
    if threads < 2 or one_thread or environ.get("OPENBLAS_THREAD_TIMEOUT", "").strip():
        return None
    return (f"TINYGRAD_KO_NUM_THREADS={threads}: OpenBLAS's idle threads spin on the cores these "
            f"threads need, which can make training slower than with one thread; also set "
            f"OPENBLAS_THREAD_TIMEOUT=21 (or OPENBLAS_NUM_THREADS=1) before NumPy is imported")


THREADS = thread_count()
_WARNING = spinning_blas_warning(THREADS)
if _WARNING:
    warnings.warn(_WARNING, RuntimeWarning, stacklevel=2)
_pool = None


def _workers() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(THREADS - 1, thread_name_prefix="tinygrad_ko")
    return _pool


def _forget_pool() -> None:
    """A forked child has the pool but not its threads (fork copies one thread): a new pool,
    made when first needed, instead of waiting forever on threads that do not exist."""
    global _pool
    _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def over_rows(rows: int, work, numbers: int) -> None:
    """``work(slice)`` for slabs of ``range(rows)`` that together cover it once: on every thread
    when the pass touches at least ``SPLIT_FROM`` numbers, else ``work(slice(0, rows))``.

    ``work`` must only write its own slab's part of the outputs.  Each slab runs in a copy of the
    caller's context (NumPy's errstate is a context variable); the first error is raised here."""
    parts = min(THREADS, rows)
    if parts < 2 or numbers < SPLIT_FROM:
        work(slice(0, rows))
        return
    bounds = [rows * k // parts for k in range(parts + 1)]
    slabs = [slice(bounds[k], bounds[k + 1]) for k in range(parts)]
    pool = _workers()
    futures = [pool.submit(contextvars.copy_context().run, work, slab) for slab in slabs[1:]]
    try:
        work(slabs[0])
    finally:  # every slab ends before this returns or raises: none writes into a freed array
        errors = [future.exception() for future in futures]
    for error in errors:
        if error is not None:
            raise error


def image_axis(a: np.ndarray) -> int:
    """0 (images) or 1 (channels), whichever runs outer in ``a``'s memory: slabs cut along it are
    whole blocks of memory, and the pooling windows (axes 2 and 3) stay whole."""
    return 0 if abs(a.strides[0]) >= abs(a.strides[1]) else 1


def along(axis: int, rows: slice) -> tuple:
    """The index that takes ``rows`` of ``axis`` and everything of the axes before it."""
    return (slice(None),) * axis + (rows,)
