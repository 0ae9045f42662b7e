"""Hypothesis profiles: 'ci' (default: derandomized, bounded) and 'long' for deeper searches.

Choose with the environment variable TINYGRAD_KO_HYPOTHESIS=long (or 'dev' for quick local runs).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=25, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=10, deadline=None)
settings.register_profile("long", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("TINYGRAD_KO_HYPOTHESIS", "ci"))
