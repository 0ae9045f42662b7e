"""Big passes and products on every core, as PyTorch's intra-op threads run them.

NumPy releases the GIL inside its loops and BLAS calls, so a pass cut into one slab of rows per
core runs the slabs at once.  Two kinds of work are cut:

- element-wise passes (ReLU, the pooling windows, Adam's update) and conv2d's im2col/col2im: every
  number goes through the same operations as in one piece, so the results are the same bits;
- matrix products (``matmul``, conv2d's products): a slab of rows, columns or images each, every
  slab one BLAS call on one BLAS thread.  Each entry is the same dot product, but OpenBLAS may
  pick another kernel for a slab's shape, so its last bits can differ from one call's — as they
  differ between OpenBLAS's own thread counts (W3's first product, one thread against two).

While slabs of products run, the BLAS is told to use one thread (threadpoolctl) and is given its
count back afterwards.  Left to itself, OpenBLAS runs a large product on its own threads, which then
spin for ~2**28 cycles on the cores our slabs need: on a 2-core Xeon two threads here made a
SimpleConvNet step (W4) slower than one (23 against 20 ms, bench/README.md).  So every large
product an op makes goes through ``matmul`` or ``over_rows(..., products=True)``: float16 inference,
whose float32 product was once left to OpenBLAS, made the next float32 inference 1.4× slower.

How many threads: ``TINYGRAD_KO_NUM_THREADS`` (read once, at import) when set; otherwise the BLAS's
own thread count (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS, else the usable cores) when threadpoolctl
(the ``threads`` extra) can set it, else 1.
"""

from __future__ import annotations

import contextvars
import os
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np

SPLIT_FROM = 1 << 17  # numbers; below this a pass runs in one piece


def blas_controllers() -> tuple:
    """threadpoolctl's controllers of the loaded BLAS libraries (OpenBLAS, MKL, BLIS); () when
    threadpoolctl is not installed or finds none."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return ()
    return tuple(ThreadpoolController().select(user_api="blas").lib_controllers)


def thread_count(environ=os.environ, blas_threads: int = 1) -> int:
    """``TINYGRAD_KO_NUM_THREADS`` as a count of at least 1; ``blas_threads`` when it is not set."""
    value = environ.get("TINYGRAD_KO_NUM_THREADS", "").strip()
    if not value:
        return max(1, blas_threads)
    try:
        return max(1, int(value))
    except ValueError:
        raise ValueError(f"TINYGRAD_KO_NUM_THREADS must be a whole number of threads, got "
                         f"{value!r}; e.g. TINYGRAD_KO_NUM_THREADS=2") from None


def spinning_blas_warning(threads: int, controlled: bool, environ=os.environ) -> str | None:
    """What to tell a user who asked for threads while OpenBLAS's idle threads may spin (its
    thread count cannot be set: no threadpoolctl), else None."""
    one_thread = any(environ.get(name, "").strip() == "1" for name in (
        "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"))
    if threads < 2 or controlled or one_thread or environ.get("OPENBLAS_THREAD_TIMEOUT", "").strip():
        return None
    return (f"TINYGRAD_KO_NUM_THREADS={threads}: threadpoolctl is not installed, so OpenBLAS's idle "
            f"threads may spin on the cores these threads need, which can make training slower "
            f"than with one thread; pip install threadpoolctl (the tinygrad_ko[threads] extra), or "
            f"set OPENBLAS_THREAD_TIMEOUT=21 (or OPENBLAS_NUM_THREADS=1) before NumPy is imported")


BLAS = blas_controllers()
THREADS = thread_count(blas_threads=max([c.num_threads for c in BLAS], default=1))
_WARNING = spinning_blas_warning(THREADS, bool(BLAS))
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


def over_rows(rows: int, work, numbers: int, products: bool = False) -> None:
    """``work(slice)`` for slabs of ``range(rows)`` that together cover it once: on every thread
    when the pass touches at least ``SPLIT_FROM`` numbers, else ``work(slice(0, rows))``.
    ``products``: the slabs multiply matrices, so the BLAS runs one thread while they run.

    ``work`` must only write its own slab's part of the outputs.  Each slab runs in a copy of the
    caller's context (NumPy's errstate is a context variable); the first error is raised here."""
    parts = min(THREADS, rows)
    if parts < 2 or numbers < SPLIT_FROM:
        work(slice(0, rows))
        return
    bounds = [rows * k // parts for k in range(parts + 1)]
    slabs = [slice(bounds[k], bounds[k + 1]) for k in range(parts)]
    if products:
        _blas_to_one_thread()
    try:
        pool = _workers()
        futures = [pool.submit(contextvars.copy_context().run, work, slab) for slab in slabs[1:]]
        try:
            work(slabs[0])
        finally:  # every slab ends before this returns or raises: none writes into a freed array
            errors = [future.exception() for future in futures]
    finally:
        if products:
            _blas_back()
    for error in errors:
        if error is not None:
            raise error


# the BLAS's thread counts while slabs of products run (several callers at once: the first saves,
# the last restores)
_blas_lock = threading.Lock()
_blas_users = 0
_blas_saved: list = []


def _blas_to_one_thread() -> None:
    global _blas_users, _blas_saved
    with _blas_lock:
        if _blas_users == 0:
            _blas_saved = [c.get_num_threads() for c in BLAS]
            for c in BLAS:
                c.set_num_threads(1)
        _blas_users += 1


def _blas_back() -> None:
    global _blas_users
    with _blas_lock:
        _blas_users -= 1
        if _blas_users == 0:
            for c, count in zip(BLAS, _blas_saved):
                c.set_num_threads(count)


# multiply-adds (M·N·K) from which a product is cut into slabs: a W3 product (100·784·50 = 3.9M)
# on two slabs took 0.104 ms against OpenBLAS's own two threads' 0.043 (handing a slab over and
# waking a thread costs more than it saves); W4's (100·4320·100 = 43M) took 0.49 against 0.55
MATMUL_SPLIT_FROM = 1 << 24


def matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``np.matmul(a, b, out=out)`` for 2-D float arrays; a large product is cut into slabs of a's
    rows or of b's columns (whichever side is longer), one per thread, each a one-thread BLAS call."""
    m, k = a.shape
    n = b.shape[1]
    if THREADS < 2 or m * n * k < MATMUL_SPLIT_FROM or a.dtype != b.dtype \
            or a.dtype not in (np.float32, np.float64):
        return np.matmul(a, b, out=out)
    if out is None:
        out = np.empty((m, n), dtype=a.dtype)
    if m >= n:
        over_rows(m, lambda rows: np.matmul(a[rows], b, out=out[rows]), m * n * k, products=True)
    else:
        over_rows(n, lambda cols: np.matmul(a, b[:, cols], out=out[:, cols]), m * n * k,
                  products=True)
    return out


def image_axis(a: np.ndarray) -> int:
    """0 (images) or 1 (channels), whichever runs outer in ``a``'s memory: slabs cut along it are
    whole blocks of memory, and the pooling windows (axes 2 and 3) stay whole."""
    return 0 if abs(a.strides[0]) >= abs(a.strides[1]) else 1


def along(axis: int, rows: slice) -> tuple:
    """The index that takes ``rows`` of ``axis`` and everything of the axes before it."""
    return (slice(None),) * axis + (rows,)
