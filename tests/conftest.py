"""Hypothesis profiles: 'ci' (default: derandomized, bounded) and 'long' for deeper searches.

Choose with the environment variable TINYGRAD_KO_HYPOTHESIS=long (or 'dev' for quick local runs).
"""

import os

# One BLAS thread for the suite: its matrices are small, and on a shared 2-core machine two spinning
# OpenBLAS threads can make one matmul 100× slower (bench/README.md). Must precede NumPy's import.
# tinygrad_ko's own threads follow the BLAS's count, so they are off too: tests/test_cores.py
# switches them on (and the whole suite passed with every pass and product split on 3 threads).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=25, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=10, deadline=None)
settings.register_profile("long", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("TINYGRAD_KO_HYPOTHESIS", "ci"))
