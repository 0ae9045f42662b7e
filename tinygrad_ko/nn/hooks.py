"""Module hooks: see (and change) what a layer gives forward and receives in backward.

``module.register_forward_hook(fn)``: ``fn(module, inputs, output)`` runs after ``forward``; a
returned value replaces the output.  ``module.register_full_backward_hook(fn)``:
``fn(module, grad_input, grad_output)`` runs during backward once the gradients with respect to
the module's tensor inputs are known; a returned tuple replaces ``grad_input`` (PyTorch's names
and order).  Both return a handle whose ``remove()`` takes the hook away.

How the backward hook sees its gradients: while hooks are registered, the module's tensor inputs
and outputs each pass through one ``clone`` node (several tensors: one node over all of them, so
the hook gets every gradient at once), and a tensor hook on that node does the rest.
"""

from __future__ import annotations

import numpy as np

from .. import ops
from ..autograd.handles import RemovableHandle  # noqa: F401  (module.py's register_*_hook)
from ..autograd.state import is_grad_enabled
from ..tensor import Tensor, concatenate


def check_hook(hook, what):
    if not callable(hook):
        raise TypeError(f"{what} needs a function, got {type(hook).__name__}")


def call_with_hooks(module, args, kwargs):
    """``module.forward(*args, **kwargs)`` with its forward and backward hooks."""
    backward_hooks = module.__dict__.get("_backward_hooks")
    gate = _BackwardGate(module, backward_hooks) if backward_hooks and is_grad_enabled() else None
    if gate is not None:
        args = gate.wrap_inputs(args)
    output = module.forward(*args, **kwargs)
    for hook in list((module.__dict__.get("_forward_hooks") or {}).values()):
        result = hook(module, args, output)
        if result is not None:
            output = result
    return output if gate is None else gate.wrap_outputs(output)


class _BackwardGate:
    """One module call's gradient bookkeeping for register_full_backward_hook."""

    def __init__(self, module, hooks):
        self.module, self.hooks = module, hooks
        self.grad_output = None
        self.input_slots = []  # positions of the tensor inputs among the arguments
        self.gated_inputs = False

    def wrap_inputs(self, args):
        args = list(args)
        self.input_slots = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        trained = [i for i in self.input_slots if args[i].requires_grad]
        if trained:
            gated = _gate([args[i] for i in trained], self.on_input_grad)
            for i, t in zip(trained, gated):
                args[i] = t
            self.trained, self.gated_inputs = trained, True
        return tuple(args)

    def wrap_outputs(self, output):
        outputs = [output] if isinstance(output, Tensor) else list(output) \
            if isinstance(output, (tuple, list)) else []
        slots = [i for i, o in enumerate(outputs) if isinstance(o, Tensor) and o.requires_grad]
        if not slots:
            return output
        self.output_count = len(outputs)
        self.output_slots = slots
        gated = _gate([outputs[i] for i in slots], self.on_output_grad)
        for i, t in zip(slots, gated):
            outputs[i] = t
        return outputs[0] if isinstance(output, Tensor) else type(output)(outputs)

    def on_output_grad(self, grads):
        full = [None] * self.output_count
        for i, g in zip(self.output_slots, grads):
            full[i] = g
        self.grad_output = tuple(full)
        if not self.gated_inputs:  # nothing before the module needs a gradient: call hooks now
            self.call_hooks((None,) * len(self.input_slots))
        return None

    def on_input_grad(self, grads):
        full = dict(zip(self.trained, grads))
        grad_input = tuple(full.get(i) for i in self.input_slots)
        grad_input = self.call_hooks(grad_input)
        return [grad_input[self.input_slots.index(i)] for i in self.trained]

    def call_hooks(self, grad_input):
        grad_output = self.grad_output or (None,)
        for hook in list(self.hooks.values()):
            result = hook(self.module, grad_input, grad_output)
            if result is None:
                continue
            result = tuple(result) if isinstance(result, (tuple, list)) else (result,)
            if len(result) != len(grad_input):
                raise ValueError(
                    f"a backward hook of {type(self.module).__name__} returned {len(result)} "
                    f"gradients for {len(grad_input)} tensor inputs; return a tuple like "
                    f"grad_input (an entry None keeps that gradient) or None")
            grad_input = tuple(g if new is None else new for g, new in zip(grad_input, result))
        return grad_input


def _gate(tensors, on_grad):
    """The tensors passed through one recorded node whose gradient ``on_grad`` sees (a list, one
    per tensor) and may replace (by returning a list)."""
    if len(tensors) == 1:
        gated = [ops.Clone.apply(tensors[0])]
        bounds = None
    else:
        flat = concatenate([t.reshape(-1) for t in tensors]).clone()
        bounds = np.cumsum([0] + [t.size for t in tensors]).tolist()
        gated = [piece if piece.dtype == t.dtype else ops.Cast.apply(piece, dtype=t.dtype)
                 for piece, t in zip(_split(flat, bounds, tensors), tensors)]

    def hook(g):
        new = on_grad([g] if bounds is None else _split(g, bounds, tensors))
        if new is None:
            return None
        new = [n if isinstance(n, Tensor) else Tensor(np.asarray(n, dtype=g.dtype)) for n in new]
        return new[0] if bounds is None else concatenate([n.reshape(-1) for n in new])

    (gated[0] if bounds is None else flat).register_hook(hook)
    return gated


def _split(flat, bounds, tensors):
    return [flat[a:b].reshape(t.shape) for a, b, t in zip(bounds, bounds[1:], tensors)]
