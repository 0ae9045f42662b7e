"""Anomaly mode: stop at the first op whose output or gradient holds NaN or inf.

Only used inside ``with tinygrad_ko.detect_anomaly():``; normal runs never import or pay for it.
"""

from __future__ import annotations

import os
import traceback

import numpy as np

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def user_frame() -> str:
    """'file:line' of the innermost stack frame outside tinygrad_ko: where the user made the op."""
    for frame in reversed(traceback.extract_stack()):
        if not os.path.abspath(frame.filename).startswith(_PACKAGE_DIR + os.sep):
            return f"{frame.filename}:{frame.lineno}"
    return "<unknown>"


def _bad_values(array) -> str | None:
    array = np.asarray(array)
    if array.dtype.kind not in "fc" or np.all(np.isfinite(array)):
        return None
    kinds = [name for name, test in (("NaN", np.isnan), ("inf", np.isinf)) if np.any(test(array))]
    return " and ".join(kinds)


def check_forward(fn, out_data, inputs) -> None:
    """Called by Function.apply in anomaly mode: remember the call site, check the output."""
    fn.created_at = user_frame()
    bad = _bad_values(out_data)
    if bad:
        shapes = ", ".join(str(t.shape) for t in inputs)
        raise FloatingPointError(
            f"anomaly: {fn.name} produced {bad} in its forward output (inputs of shape {shapes}); "
            f"the op was created at {fn.created_at}. Check its inputs there (log of 0 or a "
            f"negative number, division by 0, overflow of exp).")


def check_backward(fn, grads) -> None:
    """Called by Tensor.backward in anomaly mode after each op's local gradients."""
    for position, grad in enumerate(grads):
        bad = None if grad is None else _bad_values(grad)
        if bad:
            raise FloatingPointError(
                f"anomaly: the backward of {fn.name} produced {bad} in the gradient of input "
                f"{position}; the op was created at {fn.created_at or '<before anomaly mode>'}.")
