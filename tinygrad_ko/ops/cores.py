"""Big memory-bound passes on every core, as PyTorch's intra-op threads run them.

NumPy releases the GIL inside its loops, so a pass cut into one slab of rows per core runs the
slabs at once.  Only passes that compute each number on its own are cut (ReLU, the pooling
windows, Adam's update): every number goes through the same operations as in one piece, so the
results are the same bits.  Passes over fewer than ``SPLIT_FROM`` numbers run in one piece: handing
a slab to a thread and waiting for it costs ~20-40 µs.

How many threads: ``TINYGRAD_KO_NUM_THREADS``, else the first of ``OPENBLAS_NUM_THREADS``,
``GOTO_NUM_THREADS``, ``OMP_NUM_THREADS`` that is set (the BLAS's own setting, so "one thread"
means one thread for everything), else the CPUs this process may run on.  Read once, at import.
"""

from __future__ import annotations

import contextvars
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

SPLIT_FROM = 1 << 17  # numbers; below this a pass runs in one piece


def thread_count(environ=os.environ) -> int:
    """The number of threads for the passes (see the module's docstring); at least 1."""
    for name in ("TINYGRAD_KO_NUM_THREADS", "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
                 "OMP_NUM_THREADS"):
        value = environ.get(name, "").strip()
        if value:
            try:
                return max(1, int(value))
            except ValueError:
                return 1  # a setting we cannot read: the safe side
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


THREADS = thread_count()
_pool = None


def _workers() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(THREADS - 1, thread_name_prefix="tinygrad_ko")
    return _pool


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
