"""Record one forward pass twice and line the two graphs up, node by node.

The exporter reads the engine's own graph: every op a forward pass makes is a ``Function`` node
(``tensor._ctx``) with its inputs, its parameters and its ``graph_scope`` path.  The model runs
twice: on the example batch and on a *twin* batch with one more row and other values.  Comparing the
two recordings tells the exporter which numbers follow the batch size (a ``reshape(N, -1)``), and
catches what an ONNX file cannot hold: a value that was computed from the input outside the graph
(``.data``, ``.detach()``, NumPy), randomness (dropout in training mode), or Python ``if``s on the
data that build a different graph for another input.  Nothing here needs the onnx package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..autograd.graph import topological_order
from ..nn.module import Module
from ..tensor import Tensor, enable_grad


class ExportError(ValueError):
    """The model cannot be written as an equivalent ONNX graph; the message says where and why."""


@dataclass
class Recording:
    """One forward pass: graph inputs and outputs, every op output in topological order (each after
    the tensors it was computed from) and the leaf tensors (parameters, constants) in first-use order."""

    inputs: list
    outputs: list
    ops: list = field(default_factory=list)  # tensors made by an op: t._ctx is the node
    leaves: list = field(default_factory=list)  # tensors with no op: parameters and constants

    @property
    def batch(self) -> int | None:
        return self.inputs[0].shape[0] if self.inputs and self.inputs[0].ndim else None


def where(fn) -> str:
    """'Conv2d at SimpleConvNet/Conv1' — how errors name a node."""
    return f"{fn.name} at {fn.scope}" if getattr(fn, "scope", None) else f"{fn.name} (outside any layer)"


def record(model, arrays) -> Recording:
    """Run ``model(*arrays)`` with grad recording on and collect its graph."""
    inputs = [Tensor(a, requires_grad=True) for a in arrays]
    with enable_grad():
        result = model(*inputs)
    outputs = list(result) if isinstance(result, (tuple, list)) else [result]
    for i, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            raise ExportError(f"the model returned a {type(out).__name__} as output {i}; export needs "
                              f"a Tensor or a tuple of Tensors")
    recording = Recording(inputs, outputs)
    _walk(recording)
    return recording


def _walk(recording: Recording) -> None:
    """Every op after its inputs (the engine's walk, autograd/graph.py); the example inputs are
    the graph's inputs, not leaves to store."""
    input_ids = {id(t) for t in recording.inputs}
    for tensor in topological_order(recording.outputs, only_requiring_grad=False):
        if tensor._ctx is not None:
            recording.ops.append(tensor)
        elif id(tensor) not in input_ids:
            recording.leaves.append(tensor)


def is_parameter(tensor: Tensor) -> bool:
    """A trained weight: a leaf that requires grad (nn.Parameter or a user's requires_grad tensor)."""
    return tensor._ctx is None and tensor.requires_grad


def trace_twice(model, example_arrays: list, dynamic_batch: bool,
                check=None) -> tuple[Recording, Recording]:
    """The recording of the example and of its twin, checked to have the same graph; ``check`` is
    called on the example's recording before the twin runs (ops without a converter fail first)."""
    if dynamic_batch:
        for i, a in enumerate(example_arrays):
            if a.ndim == 0 or a.shape[0] == 0:
                raise ExportError(f"example input {i} has shape {a.shape}: a dynamic batch axis needs "
                                  f"inputs of shape (N, ...) with N >= 1; pass dynamic_batch=False "
                                  f"or give a batch")
    twins = [twin_of(a, dynamic_batch) for a in example_arrays]
    with eval_mode(model):
        first = record(model, example_arrays)
        if check is not None:
            check(first)
        with np.errstate(all="ignore"):  # log of a flipped sign: not the user's input
            second = record(model, twins)
    check_same_graph(first, second, dynamic_batch)
    return first, second


def twin_of(a: np.ndarray, dynamic_batch: bool) -> np.ndarray:
    """The example with one more row (when the batch is dynamic) and other values: most signs
    flipped, so a mask like ``x.data > 0`` frozen into the graph differs too."""
    twin = np.concatenate([a, a[:1]]) if dynamic_batch else a.copy()
    return (0.125 - 0.75 * twin).astype(a.dtype)


class eval_mode:
    """``with eval_mode(model):`` every module in eval mode, each one's own mode restored after."""

    def __init__(self, model):
        self.modules = list(model.modules()) if isinstance(model, Module) else []

    def __enter__(self):
        self.modes = [m.training for m in self.modules]
        for m in self.modules:
            object.__setattr__(m, "training", False)

    def __exit__(self, *exc):
        for m, mode in zip(self.modules, self.modes):
            object.__setattr__(m, "training", mode)
        return False


def check_same_graph(first: Recording, second: Recording, dynamic_batch: bool) -> None:
    """Raise unless both recordings are the same ops on the same parameters and constants."""
    if len(first.outputs) != len(second.outputs) or len(first.ops) != len(second.ops) or \
            len(first.leaves) != len(second.leaves):
        raise ExportError(
            "the model built a different graph for a second input (other values"
            f"{', one more sample' if dynamic_batch else ''}): {len(first.ops)} ops then "
            f"{len(second.ops)}. Python `if`s or loops that depend on the data cannot be exported; "
            "make the forward pass the same for every input")
    for a, b in zip(first.ops, second.ops):
        if type(a._ctx) is not type(b._ctx) or len(a._ctx.inputs) != len(b._ctx.inputs):
            raise ExportError(f"the model built a different graph for a second input: {where(a._ctx)} "
                              f"became {where(b._ctx)}. Python `if`s on the data cannot be exported")
    consumer = readers(first)
    for a, b in zip(first.leaves, second.leaves):
        if a is b or (is_parameter(a) and is_parameter(b)):
            continue
        if a.shape == b.shape and np.array_equal(a._data, b._data, equal_nan=True):
            continue
        user = where(consumer[id(a)][0]._ctx)
        if a.shape != b.shape:
            raise ExportError(
                f"a constant of shape {a.shape} used by {user} changed shape to {b.shape} when the "
                f"batch changed: it was made for one batch size (Tensor(np.ones(x.shape)), a dropout "
                f"mask in training mode). Fix: compute it from the input with tensor ops, put random "
                f"layers in eval mode, or export with dynamic_batch=False")
        raise ExportError(
            f"a constant of shape {a.shape} used by {user} changed when the input changed: it was "
            f"computed from the input outside the graph (.data, .detach(), NumPy) or drawn at random "
            f"(dropout in training mode), so an ONNX file would freeze one input's value. Fix: use "
            f"tensor ops on the input, and put random layers in eval mode")


def readers(recording: Recording) -> dict:
    """id(tensor) -> the op outputs of ``recording`` whose op reads it, in forward order."""
    users = {}
    for t in recording.ops:
        for inp in t._ctx.inputs:
            users.setdefault(id(inp), []).append(t)
    return users
