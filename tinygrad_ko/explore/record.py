"""Record a graph's walk: the forward ops in topological order, then backward as the engine ran it.

The backward order is not recomputed here: ``record_walk`` runs ``backward`` inside the engine's
``observe_backward`` hook and keeps what the engine reports for every node, in the order it ran
them (the node, its summed upstream gradient and the gradient it sent to each input).  Every
``.grad`` of the graph is put back afterwards, so exploring a graph does not change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..tensor import Tensor
from ..viz.draw import _Recording


@dataclass
class BackwardEvent:
    """One node of the engine's backward walk (copies of the arrays it reported)."""

    node: object
    output: Tensor
    grad_output: np.ndarray
    input_grads: tuple


@dataclass
class Walk:
    """Everything the explorer shows about one graph."""

    root: Tensor
    ops: list  # Functions in forward (topological) order
    sources: list  # leaves and constants the ops read, in order of first use
    outputs: dict  # id(op) -> the tensor it produced
    consumers: dict  # id(tensor) -> [op, ...] in forward order
    events: list = field(default_factory=list)  # BackwardEvent, in the engine's order
    leaf_grads: dict = field(default_factory=dict)  # id(leaf) -> the gradient backward left on it
    root_grad: np.ndarray | None = None


def record_walk(output, grad=None) -> Walk:
    """Run ``output.backward`` under the engine's hook and return the recorded :class:`Walk`."""
    from ..autograd import observe_backward  # the engine's hook (thread-local)

    _check_output(output)
    recording = _Recording(output, None)
    walk = Walk(root=output, ops=recording.ops, sources=recording.sources, outputs=recording.output,
                consumers={key: list(fns) for key, fns in recording.consumers.items()})
    tensors = recording.sources + [recording.output[id(fn)] for fn in recording.ops]
    saved = [(t, t.grad) for t in tensors]

    def observe(node, node_output, grad_output, input_grads):
        walk.events.append(BackwardEvent(
            node, node_output, np.array(grad_output, copy=True),
            tuple(None if g is None else np.array(g, copy=True) for g in input_grads)))

    try:
        for tensor in tensors:
            tensor.grad = None  # a leftover gradient would be added to what this walk computes
        with observe_backward(observe):
            output.backward(grad, retain_graph=True, retain_grad=True)
        walk.root_grad = np.array(output.grad.data if output.grad is not None
                                  else np.ones(output.shape, output.dtype), copy=True)
        walk.leaf_grads = {id(t): np.array(t.grad.data, copy=True) for t in recording.sources
                           if t.grad is not None}
    finally:
        for tensor, previous in saved:
            tensor.grad = previous
    if not walk.events:
        raise RuntimeError("explore: backward ran but the engine reported no node to the explorer; "
                           "is another observe_backward active in this thread without passing "
                           "events on?")
    return walk


def _check_output(output) -> None:
    if not isinstance(output, Tensor):
        raise TypeError(f"explore needs a tinygrad_ko Tensor computed by some ops (e.g. a loss), "
                        f"got {type(output).__name__}")
    if not output.requires_grad:
        raise ValueError("explore: the tensor does not require grad, so backward has nothing to "
                         "walk; create the inputs with Tensor(..., requires_grad=True) and do not "
                         "compute it inside no_grad()")
    if output.creator is None:
        raise ValueError("explore: this tensor was not computed by any op (it is a leaf), so there "
                         "is no graph to walk; pass the result of some ops, e.g. "
                         "explore(x * y) or explore(loss)")
    if getattr(output.creator, "freed", False):
        raise RuntimeError("explore: backward() already ran through this graph and released the "
                           "arrays it saved, so the walk cannot be replayed. Call explore(output) "
                           "before output.backward(), or call backward(retain_graph=True)")
