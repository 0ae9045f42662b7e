"""The Function base class: one node of the computational graph.

A Function's ``forward`` works on NumPy arrays and returns an array; its ``backward`` receives the
upstream gradient and returns one local gradient per input (or ``None`` for an input that needs
none).  Everything shared by all ops lives here, once: recording the node, saving arrays for
backward (checked against in-place edits of their memory, autograd/edits.py), and releasing them.

One formula for every order of derivative: ``backward`` is written with operators and the helpers
of ``ops/dual.py``, so it runs on arrays (the fast first-order path) and, unchanged, on Tensors
(``create_graph=True``), where the saved arrays are swapped for the tensors they came from
(:meth:`Function.graph_saved`) and every step of the formula is itself recorded.
"""

from __future__ import annotations

import numpy as np

from .edits import EDIT_COUNT
from .state import GraphState

# Set by tinygrad_ko.tensor at import time: the base must not import the Tensor class.
_tensor_type = None

# name -> function, installed as Tensor methods by tinygrad_ko.tensor (see tensor_method).
TENSOR_METHODS: dict = {}


def tensor_method(*names):
    """Decorator: install the function as ``Tensor.<name>`` for each name (an op file adds its
    method without editing tensor.py)."""
    def install(function):
        for name in names or (function.__name__,):
            TENSOR_METHODS[name] = function
            if _tensor_type is not None:
                setattr(_tensor_type, name, function)
        return function
    return install


# needs_input_grad of one- and two-input ops, indexed by the inputs' requires_grad (False = 0)
_NEEDS_1 = ((False,), (True,))
_NEEDS_2 = (((False, False), (False, True)), ((True, False), (True, True)))


def _arrays_and_needs(inputs):
    """The inputs' arrays and needs_input_grad, for any number of inputs."""
    return [t._data for t in inputs], tuple([bool(t.requires_grad) for t in inputs])


class Function:
    """Base class of every op.  Subclasses implement ``forward(*arrays)`` and ``backward(grad)``.

    ``symbol`` is what the graph drawings print in the op's node (×, +, exp, conv2d ...).
    """

    # "__dict__": a subclass may store what it likes (self.axis = ...) with or without __slots__
    __slots__ = ("inputs", "needs_input_grad", "saved", "_edits_at", "freed",
                 "created_at", "scope", "_scalar_output", "__weakref__", "__dict__")
    symbol: str | None = None

    def __init__(self):
        self.saved = ()
        self.freed = False
        self.inputs = ()
        self.created_at = None

    def __init_subclass__(cls, **kwargs):
        """An op's own ``__init__`` need not call ``super().__init__()`` (PyTorch's Functions have
        no such rule): the base's attributes are filled in after it when it did not."""
        super().__init_subclass__(**kwargs)
        own_init = cls.__dict__.get("__init__")
        if own_init is None or cls.__module__.startswith("tinygrad_ko."):
            return  # (the engine's own ops all call it: no extra call on their hot path)

        def __init__(self, *args, **params):
            own_init(self, *args, **params)
            if not hasattr(self, "freed"):  # super().__init__() was not called
                for name, value in (("saved", ()), ("freed", False), ("inputs", ()),
                                    ("created_at", None)):
                    if not hasattr(self, name):
                        setattr(self, name, value)

        __init__.__wrapped__ = own_init
        __init__.__doc__, __init__.__qualname__ = own_init.__doc__, own_init.__qualname__
        cls.__init__ = __init__

    # --- what subclasses call --------------------------------------------------------------
    def save(self, *arrays):
        """Keep arrays for backward; they are released once backward has used them."""
        self.saved = arrays

    def graph_saved(self, inputs, output) -> tuple:
        """The saved values as graph tensors, for ``backward(create_graph=True)``.

        A saved array that *is* an input's or the output's array becomes that Tensor; any other
        saved array is a constant (a mask, indices).  An op that saves a differentiable array
        derived from its inputs (conv2d's columns) overrides this to rebuild it from ``inputs``."""
        by_id = {id(t._data): t for t in inputs}
        by_id[id(output._data)] = output
        scalar = getattr(self, "_scalar_output", None)
        if scalar is not None:
            by_id[id(scalar)] = output
        return tuple(by_id.get(id(a), a) for a in self.saved)

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
        # one to three inputs spelled out: two list comprehensions cost ~0.5 µs per op (W1), and
        # the needs come from a table (no new tuple per node for the garbage collector to scan)
        try:
            if len(inputs) == 2:
                a, b = inputs
                arrays, needs = (a._data, b._data), _NEEDS_2[a.requires_grad][b.requires_grad]
            elif len(inputs) == 1:
                arrays, needs = (inputs[0]._data,), _NEEDS_1[inputs[0].requires_grad]
            elif len(inputs) == 3:  # x, W, b: conv2d and Affine layers
                a, b, c = inputs
                arrays = (a._data, b._data, c._data)
                needs = _NEEDS_2[a.requires_grad][b.requires_grad] + _NEEDS_1[c.requires_grad]
            else:
                arrays, needs = _arrays_and_needs(inputs)
        except (IndexError, TypeError):  # a requires_grad set to something other than a bool
            arrays, needs = _arrays_and_needs(inputs)
        try:
            out_data = fn.forward(*arrays)
        except ValueError as err:
            if "could not be broadcast" not in str(err):
                raise
            raise broadcast_error(fn, inputs) from None
        if type(out_data) is not np.ndarray:  # NumPy turns 0-d results into scalars
            fn._scalar_output = out_data  # graph_saved still knows "the op saved its output"
            out_data = np.asarray(out_data)
        requires_grad = state.grad_enabled and True in needs
        out = _tensor_type._from_op(out_data, requires_grad)
        if requires_grad:
            fn.inputs, fn.needs_input_grad, out._ctx = inputs, needs, fn
            fn._edits_at, fn.scope = EDIT_COUNT.value, state.scope
        else:
            fn.saved = ()
        if state.anomaly_mode:
            from .anomaly import check_forward  # only imported when anomaly mode is on

            check_forward(fn, out_data, inputs)
        return out

    def check_versions(self, output):
        """Raise if an array this op saved for backward was modified in place since.

        Every in-place write stamps its memory block with the engine-wide edit count (edits.py),
        so "changed after this node was made" is one comparison; nothing is stored per node.
        """
        if EDIT_COUNT.value == self._edits_at:
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
