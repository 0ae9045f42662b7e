"""The engine's own room: graph state, the Function base, in-place tracking, the backward walk.

``ops/`` holds the ops only; ``tensor.py`` holds the Tensor class.  Import direction:
state, edits, anomaly, function, graph  ←  ops  ←  tensor  →  engine (the backward walk).
"""

from .state import (GraphState, detect_anomaly, enable_grad, graph_scope, is_grad_enabled, no_grad,
                    observe_backward)

__all__ = ["GraphState", "no_grad", "enable_grad", "is_grad_enabled", "detect_anomaly",
           "graph_scope", "observe_backward"]
