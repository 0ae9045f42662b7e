"""The backward walk: from the outputs back to the inputs, one local-gradient rule per node.

Reverse topological order (autograd/graph.py), so a tensor used by several ops has received every
one of their gradients — summed, the repeat node's rule (5장 5.6.2) — before its own op runs.

Two modes, one walk.  ``create_graph=False`` (the fast path): gradients are NumPy arrays and no
graph is recorded.  ``create_graph=True``: gradients are Tensors and each op's backward (the same
formula, see Function.graph_saved and ops/dual.py) is recorded, so gradients can be
differentiated again.
"""

from __future__ import annotations

import sys

import numpy as np

from ..ops import dual
from ..ops.shape import sum_to_array
from .edits import EDIT_COUNT, memory_root
from .graph import computed_from, topological_order
from .state import GraphState

# Tensors at most this large keep their numbers in a freed graph (drawings print such values).
_KEEP_VALUES_UP_TO = 16
_ARRAYS = (np.ndarray, np.generic)
_ZERO_BYTES = bytes(16)


def run_backward(tensor_type, roots, root_grads, *, retain_graph, create_graph, retain_grad,
                 capture=None):
    """Backpropagate ``root_grads`` from ``roots``.

    Fills ``.grad`` of the leaves (and of retained intermediates), or, when ``capture`` (a dict
    id(tensor) -> None) is given, only records the gradients of those tensors there (grad()).
    """
    order = topological_order(roots)
    # grad() skips what does not lead to a captured tensor
    needed = computed_from(order, capture) if capture is not None else None
    pending: dict = {}  # id(tensor) -> its gradient so far
    owned: set = set()  # ids whose pending gradient is a sum buffer of ours (added to in place)
    for root, g in zip(roots, root_grads):
        _accumulate(pending, owned, id(root), g)
    keep_values = retain_graph or retain_grad
    walk = _Walk(tensor_type, create_graph, retain_grad, capture)
    state = GraphState  # the two switches set by hand (Switch's context managers cost ~2 µs)
    previous = state.grad_enabled, state.retaining_graph
    state.grad_enabled, state.retaining_graph = create_graph, retain_graph
    try:
        freed = _walk_nodes(order, pending, owned, needed, walk, retain_graph)
    finally:
        state.grad_enabled, state.retaining_graph = previous
    del order  # release_values counts who else holds a tensor: the walk's own list must not
    if freed and not keep_values:
        release_values(freed, tensor_type)


def _walk_nodes(order, pending, owned, needed, walk, retain_graph) -> list:
    """The walk itself, in reverse topological order; returns the ops whose large inputs can be
    released (non-retained backward)."""
    create_graph, tensor_type = walk.graph, walk.Tensor
    storing = walk.capture is not None or walk.retain_grad
    freed = []
    for tensor in reversed(order):
        g = pending.pop(id(tensor), None)
        if g is None or (needed is not None and id(tensor) not in needed):
            continue
        if tensor._hooks:
            g = walk.run_hooks(tensor, g, id(tensor) in owned)
        fn = tensor._ctx
        if fn is None or storing or tensor._retains_grad:
            walk.store(tensor, g, fn)
            if fn is None:
                continue
        if fn.freed:
            raise walk.freed_error(fn)
        if EDIT_COUNT.value != fn._edits_at:  # something was edited since fn was made
            fn.check_versions(tensor)
        local = walk.graph_backward(fn, tensor, g) if create_graph else fn.backward(g)
        inputs = fn.inputs
        # The common case, checked inline (this loop is the engine's hot path): a tuple of
        # arrays, or the NumPy scalars 0-d results are, in the inputs' shapes and dtypes (the
        # gradient of an input that needs none is ignored, whatever it is).
        plain = type(local) is tuple and len(local) == len(inputs)
        if plain:
            for inp, ig in zip(inputs, local):
                if ig is not None and inp.requires_grad and (
                        not isinstance(ig, _ARRAYS) or ig.shape != inp._data.shape
                        or ig.dtype != inp._data.dtype):
                    plain = False
                    break
        if not plain:
            local = checked_gradients(fn, local, tensor, create_graph, tensor_type)
        if walk.reporting:
            walk.report(fn, tensor, g, local)
        big_input = False
        for inp, ig in zip(inputs, local):
            if ig is not None and inp.requires_grad:
                key = id(inp)
                if key in pending:
                    _accumulate(pending, owned, key, ig)
                else:  # the first gradient: not ours, an op may still hold this array
                    pending[key] = ig
            if inp._data.size > _KEEP_VALUES_UP_TO:
                big_input = True
        if not retain_graph:
            fn.saved, fn.freed = (), True  # fn.release(), inline
            if big_input:
                freed.append(fn)
    return freed


def release_values(fns, tensor_type) -> None:
    """After a non-retained backward the graph keeps only what drawings need: the large arrays
    of its intermediates and inputs are dropped (``Tensor.values_released``: shape and dtype
    kept, numbers gone), so holding a loss does not hold every activation.

    A tensor only the freed graph holds is released in place (cheap: no new object); one that
    someone else still holds (a variable of the user's) keeps its numbers, and the graph gets a
    stand-in tensor for it instead."""
    holders = {}  # id -> [tensor, how often the freed ops list it as an input]
    for fn in fns:
        for t in fn.inputs:
            if t._data.size <= _KEEP_VALUES_UP_TO or (t._ctx is None and t.requires_grad) \
                    or t._retains_grad or t._released:
                continue  # small, a parameter, kept on request, or done already
            entry = holders.get(id(t))
            if entry is None:
                holders[id(t)] = [t, 1]
            else:
                entry[1] += 1
    stand_ins = {}
    for entry in holders.values():
        t, uses = entry
        empty = _empty_like(t._data)
        # references to t: the ops' input tuples (uses), entry, the name t, getrefcount's argument
        if sys.getrefcount(t) - 3 == uses:
            t._data, t._released = empty, True
        else:
            stand_in = tensor_type._from_op(empty, t.requires_grad)
            stand_in._ctx, stand_in.name, stand_in._released = t._ctx, t.name, True
            stand_ins[id(t)] = stand_in
        del t
    if stand_ins:
        for fn in fns:
            fn.inputs = tuple([stand_ins.get(id(t), t) for t in fn.inputs])


class _Walk:
    """What one backward walk needs besides the order: its options and its bookkeeping."""

    def __init__(self, tensor_type, create_graph, retain_grad, capture):
        self.Tensor, self.graph, self.retain_grad = tensor_type, create_graph, retain_grad
        self.capture = capture
        self.handed = {}  # id(memory) -> memory of every gradient stored: no two may share it
        self.anomaly, self.observers = GraphState.anomaly_mode, GraphState.observers
        self.reporting = bool(self.anomaly or self.observers)

    def run_hooks(self, tensor, g, owned: bool):
        """register_hook functions: each sees the gradient and may return a replacement.
        ``owned``: ``g`` is the walk's own sum buffer for ``tensor``, shared with nobody."""
        if not self.graph and not (owned and g.flags.writeable):
            g = np.array(g)  # a hook may edit its gradient in place: not the caller's read-only
            # upstream gradient, a broadcast view, nor the array Add hands to a sibling too
        for hook in list(tensor._hooks.values()):
            shown = g if self.graph else self.Tensor._from_op(np.asarray(g), False)
            result = hook(shown)
            if result is None:
                continue
            if self.graph:  # an array becomes a constant; a cast is recorded in the graph
                if not isinstance(result, self.Tensor):
                    result = self.Tensor._from_op(np.asarray(result, dtype=g.dtype), False)
                new = dual.cast(result, g.dtype)  # recorded, and nothing when the dtype fits
            else:  # a tensor or an array: the gradient's dtype, as the engine gives every gradient
                new = np.asarray(result._data if isinstance(result, self.Tensor) else result,
                                 dtype=g.dtype)
            if new.shape != g.shape:
                raise ValueError(f"a hook of a tensor of shape {tensor.shape} returned a gradient "
                                 f"of shape {new.shape}; a hook must return None or a gradient of "
                                 f"the tensor's shape")
            g = new
        return g

    def store(self, tensor, g, fn) -> None:
        """Give ``tensor`` its gradient: ``.grad`` (leaves, retained tensors) or the capture."""
        if self.capture is not None:
            if id(tensor) in self.capture:
                self.capture[id(tensor)] = self.own(g, tensor)
            return
        if fn is not None and not (tensor._retains_grad or self.retain_grad):
            return
        g = self.own(g, tensor)
        if tensor.grad is not None:  # leaves and retained tensors accumulate over backward calls
            previous = tensor.grad
            g = previous + g if self.graph else previous._data + g
        tensor.grad = g if self.graph else self.Tensor._from_op(g, False)

    def own(self, g, tensor):
        """``g``, or a copy of it when its memory is already some other gradient's (Add hands the
        same array to both inputs) or not writeable: every ``.grad`` owns its memory."""
        if self.graph:
            if id(g) in self.handed:
                g = g * 1.0  # a distinct tensor, still in the graph
            self.handed[id(g)] = g
            return g
        if type(g) is not np.ndarray:  # a NumPy scalar (0-d result)
            g = np.array(g)
        root = g if g.base is None else memory_root(g)
        if id(root) in self.handed or not g.flags.writeable or root is memory_root(tensor._data):
            g = g.copy()
            root = g
        self.handed[id(root)] = root
        return g

    @staticmethod
    def freed_error(fn) -> RuntimeError:
        return RuntimeError(
            f"backward() reached {fn.name} a second time, but its saved arrays were released "
            f"after the first backward(). Fix: pass backward(retain_graph=True) the first "
            f"time if you need to backpropagate through the same graph again.")

    @staticmethod
    def graph_backward(fn, output, g):
        """The op's backward on Tensors: its saved arrays swapped for the graph's tensors."""
        saved = fn.saved
        fn.saved = fn.graph_saved(fn.inputs, output)
        try:
            return fn.backward(g)
        finally:
            fn.saved = saved

    def report(self, fn, output, g, local) -> None:
        """Anomaly mode's check and the observe_backward callbacks, after one node."""
        # None for an input that needs no gradient, whichever path checked the op's result
        raw_local = tuple(None if ig is None or not inp.requires_grad else dual.raw(ig)
                          for inp, ig in zip(fn.inputs, local))
        if self.anomaly:
            from .anomaly import check_backward

            check_backward(fn, raw_local)
        for callback in self.observers:
            callback(fn, output, dual.raw(g), raw_local)


_EMPTIES: dict = {}  # (shape, dtype) -> read-only array of that shape with no memory


def _empty_like(array):
    """Zero strides over 16 read-only zero bytes: the shape without the memory (made once per
    shape and dtype and shared: building one costs ~1 µs, a tenth of a small backward)."""
    key = (array.shape, array.dtype)
    empty = _EMPTIES.get(key)
    if empty is None:
        if len(_EMPTIES) >= 1024:
            _EMPTIES.clear()
        empty = _EMPTIES[key] = np.ndarray(key[0], key[1], buffer=_ZERO_BYTES,
                                           strides=(0,) * len(key[0]))
    return empty


def checked_gradients(fn, local, output, graph: bool, tensor_type) -> tuple:
    """The op's gradients as a tuple matching its inputs, in their shapes and dtypes; a clear
    error naming the op and the input for anything else (a custom op's mistakes included)."""
    inputs = fn.inputs
    if not graph and type(local) is tuple and len(local) == len(inputs):
        summed = _broadcasts_summed_back(local, inputs, output)
        if summed is not None:
            return summed
    if not isinstance(local, (tuple, list)):
        if len(inputs) != 1:
            raise TypeError(
                f"{fn.name}.backward returned {type(local).__name__}, but the op has {len(inputs)} "
                f"inputs: return a tuple with one gradient per input (None where none is needed)")
        local = (local,)
    if len(local) != len(inputs):
        raise TypeError(f"{fn.name}.backward returned {len(local)} gradients for {len(inputs)} "
                        f"inputs: return exactly one per input, in forward's order (None where "
                        f"an input needs none)")
    result = []
    for position, (inp, ig) in enumerate(zip(inputs, local)):
        if ig is None or not inp.requires_grad:
            result.append(None)
            continue
        ig = _as_gradient(fn, position, ig, graph, tensor_type)
        if ig.shape != inp.shape:
            ig = _summed_back(fn, position, ig, inp, output)
        if ig.dtype != inp.dtype:
            _check_gradient_dtype(fn, position, ig.dtype, inp.dtype)
            ig = dual.cast(ig, inp.dtype)
        result.append(ig)
    return tuple(result)


def _broadcasts_summed_back(local, inputs, output):
    """The common reason a gradient is not plain, fast: arrays of the output's shape for inputs
    that were broadcast (a bias), summed back; None when anything else is off."""
    result = []
    out_shape = output._data.shape
    for inp, ig in zip(inputs, local):
        if ig is None or not inp.requires_grad:
            result.append(None)
            continue
        data = inp._data
        if type(ig) is not np.ndarray or ig.dtype != data.dtype:
            return None
        if ig.shape != data.shape:
            if ig.shape != out_shape or not _broadcasts_to(data.shape, out_shape):
                return None
            ig = sum_to_array(ig, data.shape)
        result.append(ig)
    return tuple(result)


def _check_gradient_dtype(fn, position, got, expected) -> None:
    """A float gradient at least as precise as its (float) input is cast to the input's dtype, as
    PyTorch does (NumPy promotes float32 with float64 constants); a less precise or non-float one
    would silently lose or invent numbers, so it is the op's mistake."""
    got, expected = np.dtype(got), np.dtype(expected)
    if got.kind == "f" and (expected.kind != "f" or got.itemsize >= expected.itemsize):
        return
    raise TypeError(
        f"{fn.name}.backward returned a gradient of dtype {got} for input {position}, which has dtype "
        f"{expected}; return the input's dtype (e.g. grad.astype(x.dtype)) — a float gradient of "
        f"higher precision is cast back, a less precise or non-float one is refused")


def _as_gradient(fn, position, ig, graph, tensor_type):
    if isinstance(ig, tensor_type):
        return ig if graph else ig._data
    if type(ig) is not np.ndarray:
        if not isinstance(ig, (np.ndarray, np.generic, int, float)):
            raise TypeError(f"{fn.name}.backward returned {type(ig).__name__} as the gradient of "
                            f"input {position}; return a NumPy array (or None)")
        ig = np.asarray(ig)
    if ig.dtype.kind not in "biuf":
        raise TypeError(f"{fn.name}.backward returned a gradient of dtype {ig.dtype} for input "
                        f"{position}; gradients must be numbers")
    return ig if not graph else tensor_type._from_op(ig, False)


def _summed_back(fn, position, ig, inp, output):
    """A gradient of the output's shape for a broadcast input is summed back (sum_to); any other
    shape is the op's mistake."""
    if ig.shape == output.shape and _broadcasts_to(inp.shape, output.shape):
        return sum_to_array(ig, inp.shape) if type(ig) is np.ndarray else dual.sum_to(ig, inp.shape)
    raise ValueError(
        f"{fn.name}.backward returned a gradient of shape {ig.shape} for input {position} of shape "
        f"{inp.shape}; it must have the input's shape (or the output's shape {output.shape} when "
        f"the input was broadcast, which the engine sums back)")


def _broadcasts_to(shape, target) -> bool:
    """Does NumPy broadcasting stretch ``shape`` to exactly ``target``?  (np.broadcast_shapes,
    without its ~5 µs: this runs for every bias gradient.)"""
    lead = len(target) - len(shape)
    if lead < 0:
        return False
    for n, m in zip(shape, target[lead:]):  # noqa: SIM110 (all() of a generator is slower here)
        if n != 1 and n != m:
            return False
    return True


def _accumulate(pending: dict, owned: set, key: int, grad) -> None:
    """Fan-out: a tensor used by several ops receives the sum of their gradients.  (No container
    per entry: objects made during the walk would wake the garbage collector on deep graphs.)"""
    previous = pending.get(key)
    if previous is None:
        pending[key] = grad  # not ours: an op may still hold this array
    elif key in owned and dual.is_array(grad):
        np.add(previous, grad, out=previous)  # our own sum buffer: add in place
    else:
        total = previous + grad
        if dual.is_array(total):
            total = np.asarray(total)
        pending[key] = total
        owned.add(key)
