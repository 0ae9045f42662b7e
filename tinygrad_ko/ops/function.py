"""The Function base class: one node of the computational graph.

A Function's ``forward`` works on NumPy arrays and returns an array; its ``backward`` receives the
upstream gradient and returns one local gradient per input (or ``None`` for an input that needs
none). Everything shared by all ops lives here, once: recording the node, saving arrays for
backward (checked against in-place edits of their memory, ops/edits.py), and releasing them.
"""

from __future__ import annotations

import numpy as np

# Set by tinygrad_ko.tensor at import time: ops must not import the Tensor class (DESIGN.md).
_tensor_type = None


class GraphState:
    """Global state of the engine: is the graph recorded, is anomaly mode on, the layer scope."""

    grad_enabled = True
    anomaly_mode = False
    inplace_edits = 0  # count of in-place edits so far (ops/edits.py); lets backward skip checks
    scope = None  # innermost graph_scope path, e.g. "SimpleConvNet/Conv1"
    retaining_graph = False  # set during backward(retain_graph=True): saved arrays must survive


class Function:
    """Base class of every op.  Subclasses implement ``forward(*arrays)`` and ``backward(grad)``.

    ``symbol`` is what the graph drawings print in the op's node (×, +, exp, conv2d ...).
    """

    __slots__ = ("inputs", "needs_input_grad", "saved", "_edits_at", "freed",
                 "created_at", "scope", "__weakref__")
    symbol: str | None = None

    def __init__(self):
        self.saved = ()
        self.freed = False
        self.inputs = ()
        self.created_at = None

    # --- what subclasses call --------------------------------------------------------------
    def save(self, *arrays):
        """Keep arrays for backward; they are released once backward has used them."""
        self.saved = arrays

    def forward(self, *arrays):  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must implement forward()")

    def backward(self, grad):  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must implement backward()")

    # --- the machinery ---------------------------------------------------------------------
    @property
    def name(self) -> str:
        return type(self).__name__

    def label(self) -> str:
        """Short text for drawings: the symbol, or the class name in lower case."""
        return self.symbol or self.name.lower()

    @classmethod
    def apply(cls, *inputs, **params):
        """Run the op on Tensors and, unless ``no_grad`` is active, record the node."""
        fn = cls(**params) if params else cls()
        state = GraphState
        try:
            out_data = fn.forward(*[t._data for t in inputs])
        except ValueError as err:
            if "could not be broadcast" not in str(err):
                raise
            raise broadcast_error(fn, inputs) from None
        if type(out_data) is not np.ndarray:  # NumPy turns 0-d results into scalars
            out_data = np.asarray(out_data)
        needs = tuple([t.requires_grad for t in inputs])
        requires_grad = state.grad_enabled and True in needs
        out = _tensor_type._from_op(out_data, requires_grad)
        if requires_grad:
            fn.inputs, fn.needs_input_grad, out._ctx = inputs, needs, fn
            fn._edits_at, fn.scope = state.inplace_edits, state.scope
        else:
            fn.saved = ()
        if state.anomaly_mode:
            from .anomaly import check_forward  # only imported when anomaly mode is on

            check_forward(fn, out_data, inputs)
        return out

    def check_versions(self, output):
        """Raise if an array this op saved for backward was modified in place since.

        Every in-place write stamps its memory block with the engine-wide edit count (ops/edits.py),
        so "changed after this node was made" is one comparison; nothing is stored per node.
        """
        if GraphState.inplace_edits == self._edits_at:
            return  # nothing anywhere was edited in place since this node was made
        from .edits import last_edit, memory_root

        for array in self.saved:
            if isinstance(array, np.ndarray) and last_edit(array) > self._edits_at:
                root = memory_root(array)
                roles = [(f"input {i}", t) for i, t in enumerate(self.inputs)] + [("output", output)]
                role, shape = next(((role, t.shape) for role, t in roles
                                    if memory_root(t._data) is root), ("saved array", array.shape))
                raise RuntimeError(
                    f"{self.name}: its {role} (shape {shape}) was modified in place after "
                    f"the forward pass saved it for backward, so the gradient would be wrong. "
                    f"Fix: do not modify tensors still needed by backward — compute a new tensor "
                    f"instead (x = x + 1, not x.data += 1 or x.data[i] = v), or call backward() "
                    f"before the in-place update.")

    def release(self):
        """Drop the arrays saved for backward; the node stays for drawing."""
        self.saved = ()
        self.freed = True


def broadcast_error(fn, inputs) -> ValueError:
    shapes = " and ".join(str(t.shape) for t in inputs)
    return ValueError(
        f"{fn.name} ({fn.label()}): shapes {shapes} do not broadcast. NumPy's rule, read from the "
        f"right: each pair of axes must be equal or one of them 1. Fix: reshape one operand "
        f"(e.g. b.reshape(1, -1) for a row, b.reshape(-1, 1) for a column) or check the layer sizes.")
