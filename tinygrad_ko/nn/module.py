"""Module: the base class of layers and models — parameters, buffers, sub-modules, state.

A module registers what is assigned to it: a Tensor that requires grad is a *parameter*, a Module
is a *child*, and arrays given to ``register_buffer`` are *buffers* (state that is saved but not
trained, like BatchNorm's running mean).  Names are dotted paths: ``"Conv1.W"``.

Calling a module runs ``forward`` inside ``graph_scope(name)``, so the graph drawings group the
ops by layer ("SimpleConvNet/Conv1").  The name is the attribute name in the parent, or the class
name for a top-level model.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from ..autograd.state import GraphState
from ..tensor import Tensor
from . import hooks
from .npz import load_npz, save_npz  # noqa: F401  (save_npz: imported from here by optim and book)


class Parameter(Tensor):
    """A Tensor that requires grad: a trainable weight.  Lists and numbers become float32."""

    __slots__ = ()

    def __init__(self, data, dtype=None, name=None):
        super().__init__(data, requires_grad=True, dtype=dtype, name=name)

    def __repr__(self):
        return "Parameter" + super().__repr__()[len("Tensor"):]


class Module:
    """Base class: subclasses set attributes in ``__init__`` (after ``super().__init__()``) and
    define ``forward``."""

    def __init__(self):
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_name", None)
        object.__setattr__(self, "training", True)
        # _forward_hooks / _backward_hooks: made by the first register_*_hook, read with .get

    # --- registration ---------------------------------------------------------------------------
    def __setattr__(self, name, value):
        if "_parameters" not in self.__dict__:
            raise AttributeError(f"cannot assign {name!r} before Module.__init__() ran; call "
                                 f"super().__init__() first in {type(self).__name__}.__init__")
        if isinstance(value, Tensor) and value.requires_grad:
            if self._parameters.get(name) is value:
                return  # layer.W -= u: the same Parameter, updated in place, keeps its place
            if name in self._parameters and value.creator is not None:
                raise TypeError(
                    f"{type(self).__name__}.{name} is a Parameter; assigning the result of a "
                    f"recorded op ({value.creator.name}) would replace it by a non-leaf tensor that "
                    f"no optimizer trains. Fix: update it in place — `self.{name} -= lr * "
                    f"self.{name}.grad` inside no_grad(), or `self.{name}.data = new_array`.")
            self._unregister(name)
            self._parameters[name] = value
            if value.name is None:
                value.name = name  # the graph drawings label it W, b, gamma ... inside its layer box
        elif isinstance(value, Module):
            self.add_module(name, value)
        elif name in self._parameters and value is not None:
            what = "Tensor that does not require grad" if isinstance(value, Tensor) else \
                type(value).__name__
            raise TypeError(
                f"{type(self).__name__}.{name} is a Parameter; assigning a {what} "
                f"would unregister it: no optimizer would train it and state_dict would lose it. "
                f"Fix: `self.{name}.data = new_array` keeps the Parameter with new numbers; "
                f"`self.{name} = nn.Parameter(new_array)` registers a new one.")
        elif name in self._buffers and value is not None and not isinstance(value, Tensor):
            self._buffers[name] = np.asarray(value)
        else:
            self._unregister(name)
            object.__setattr__(self, name, value)

    def _unregister(self, name):
        self.__dict__.pop(name, None)
        for registry in (self._parameters, self._buffers, self._modules):
            registry.pop(name, None)

    def __getattr__(self, name):  # only called when normal lookup fails
        for registry in ("_parameters", "_buffers", "_modules"):
            found = self.__dict__.get(registry)
            if found is not None and name in found:
                return found[name]
        raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")

    def __delattr__(self, name):
        for registry in (self._parameters, self._buffers, self._modules):
            if name in registry:
                del registry[name]
                return
        object.__delattr__(self, name)

    def add_module(self, name: str, module: Module) -> None:
        """Register ``module`` as a child called ``name`` (its graph_scope name)."""
        _check_name(name, "module")
        if not isinstance(module, Module):
            raise TypeError(f"add_module({name!r}, ...) needs a Module, got {type(module).__name__}")
        self._unregister(name)
        self._modules[name] = module
        object.__setattr__(module, "_name", name)

    def register_buffer(self, name: str, array) -> None:
        """State saved in ``state_dict`` but not trained (e.g. BatchNorm's running mean)."""
        _check_name(name, "buffer")
        self._unregister(name)
        self._buffers[name] = np.asarray(array)

    # --- calling ------------------------------------------------------------------------------
    def forward(self, *args, **kwargs):  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def __call__(self, *args, **kwargs):
        """``forward`` inside ``graph_scope(name)``; NumPy arrays given become constant Tensors."""
        if len(args) == 1:  # the common call, without a generator (~0.5 µs a layer)
            if isinstance(args[0], np.ndarray):
                args = (Tensor(args[0]),)
        else:
            args = tuple([Tensor(a) if isinstance(a, np.ndarray) else a for a in args])
        # graph_scope(name), inlined: its context manager costs ~1.5 µs a layer (W3 calls four)
        state = GraphState
        outer = state.scope
        name = self._name or type(self).__name__
        state.scope = f"{outer}/{name}" if outer else str(name)
        try:
            if self.__dict__.get("_forward_hooks") or self.__dict__.get("_backward_hooks"):
                return hooks.call_with_hooks(self, args, kwargs)
            return self.forward(*args, **kwargs)
        finally:
            state.scope = outer

    # --- hooks (nn/hooks.py) --------------------------------------------------------------------
    def _has_hooks(self) -> bool:
        """Is a forward or backward hook registered on this module (so it must run by itself)?"""
        return bool(self.__dict__.get("_forward_hooks") or self.__dict__.get("_backward_hooks"))

    def register_forward_hook(self, hook) -> hooks.RemovableHandle:
        """Call ``hook(module, inputs, output)`` after every forward; a returned value replaces
        the output (PyTorch's rule).  Returns a handle; ``handle.remove()`` unregisters it."""
        hooks.check_hook(hook, "register_forward_hook")
        return hooks.RemovableHandle(self.__dict__.setdefault("_forward_hooks", {}), hook)

    def register_full_backward_hook(self, hook) -> hooks.RemovableHandle:
        """Call ``hook(module, grad_input, grad_output)`` during backward, when the gradients
        with respect to the module's tensor inputs are known (tuples of tensors; None for an
        input that needs no gradient).  A returned tuple replaces ``grad_input`` (an entry None
        keeps that gradient).  Returns a handle; ``handle.remove()`` unregisters it."""
        hooks.check_hook(hook, "register_full_backward_hook")
        return hooks.RemovableHandle(self.__dict__.setdefault("_backward_hooks", {}), hook)

    # --- walking the tree -----------------------------------------------------------------------
    def named_children(self):
        yield from self._modules.items()

    def children(self):
        for _, module in self.named_children():
            yield module

    def named_modules(self, prefix: str = ""):
        """(dotted name, module) for this module ("") and every descendant, each once."""
        seen = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            stack.extend(reversed([(f"{name}.{child_name}" if name else child_name, child)
                                   for child_name, child in module._modules.items()]))

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_parameters(self, prefix: str = ""):
        """(dotted name, parameter) pairs, e.g. ("Conv1.W", ...); a shared parameter appears once."""
        seen = set()
        for module_name, module in self.named_modules(prefix):
            for name, p in module._parameters.items():
                if id(p) not in seen:
                    seen.add(id(p))
                    yield (f"{module_name}.{name}" if module_name else name), p

    def parameters(self) -> list:
        return [p for _, p in self.named_parameters()]

    def named_buffers(self, prefix: str = ""):
        for module_name, module in self.named_modules(prefix):
            for name, b in module._buffers.items():
                yield (f"{module_name}.{name}" if module_name else name), b

    # --- modes and gradients ------------------------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Training mode (Dropout drops, BatchNorm uses batch statistics), recursively."""
        for module in self.modules():
            object.__setattr__(module, "training", bool(mode))
        return self

    def eval(self) -> Module:
        """Inference mode: Dropout is the identity, BatchNorm uses its running statistics."""
        return self.train(False)

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = None

    def astype(self, dtype) -> Module:
        """Convert every parameter and floating-point buffer in place (float64 for gradient checks,
        float16 for storage).  The Parameter objects stay the same, so optimizers keep working."""
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"astype needs a floating-point dtype, got {dtype}")
        for p in self.parameters():
            p.data = p.data.astype(dtype)
            p.grad = None
        for module in self.modules():
            for name, b in module._buffers.items():
                if b.dtype.kind == "f":
                    module._buffers[name] = b.astype(dtype)
        return self

    def num_parameters(self) -> int:
        return int(sum(p.size for p in self.parameters()))

    # --- state ----------------------------------------------------------------------------------
    def state_dict(self) -> OrderedDict:
        """Every parameter and buffer by dotted name, as a NumPy *copy*."""
        state = OrderedDict((name, p.data.copy()) for name, p in self.named_parameters())
        state.update((name, np.array(b, copy=True)) for name, b in self.named_buffers())
        return state

    def load_state_dict(self, state, strict: bool = True, allow_nonfinite: bool = False) -> None:
        """Copy arrays into the parameters and buffers.

        Everything is checked first — missing keys, unexpected keys (both only if ``strict``),
        shapes, non-numeric values, NaN or infinite values and values that overflow the model's
        dtype (1e300 into float32) — and reported all at once; a failed load changes nothing.
        ``allow_nonfinite=True`` loads NaN and infinities (and overflow to infinity) on purpose.
        """
        targets = self._state_targets()
        given = dict(state)
        problems = []
        missing = [k for k in targets if k not in given]
        unexpected = [k for k in given if k not in targets]
        if strict and missing:
            problems.append(f"missing keys (in the model, not in the state): {missing}")
        if strict and unexpected:
            problems.append(f"unexpected keys (in the state, not in the model): {unexpected}")
        arrays = {}
        for key in (k for k in targets if k in given):
            value = given[key].data if isinstance(given[key], Tensor) else given[key]
            array = np.asarray(value)
            current = targets[key][2]
            if array.dtype.kind not in "biuf":
                problems.append(f"{key}: expected numbers, got dtype {array.dtype}")
            elif array.shape != current.shape:
                problems.append(f"{key}: shape mismatch, the state has {array.shape} but the "
                                f"model has {current.shape}")
            else:
                array, problem = _cast_checked(array, current.dtype, allow_nonfinite)
                if problem:
                    problems.append(f"{key}: {problem}")
                arrays[key] = array
        if problems:
            raise ValueError(
                f"load_state_dict into {type(self).__name__} failed; nothing was changed:\n  - "
                + "\n  - ".join(problems)
                + "\nFix: load a state saved from the same architecture (same constructor "
                  "arguments), or pass strict=False to skip missing/unexpected keys"
                  " (allow_nonfinite=True to load NaN or infinite values on purpose).")
        for key, array in arrays.items():
            kind, owner, current = targets[key]
            if kind == "param":
                owner.data[...] = array  # an in-place write: recorded like any other
            else:
                module, name = owner
                module._buffers[name] = array.astype(current.dtype, copy=True)

    def _state_targets(self) -> dict:
        """name -> (kind, owner, current array) for every entry of state_dict()."""
        targets = {name: ("param", p, p.data) for name, p in self.named_parameters()}
        for module_name, module in self.named_modules():
            for name, b in module._buffers.items():
                targets[f"{module_name}.{name}" if module_name else name] = ("buffer", (module, name), b)
        return targets

    def save(self, path) -> str:
        """Write ``state_dict()`` to an .npz file atomically (never pickle).  Returns the path."""
        return save_npz(path, self.state_dict())

    def load(self, path, strict: bool = True, allow_nonfinite: bool = False) -> Module:
        """Read an .npz written by ``save``; a failed load changes nothing.

        The file's names, dtypes and shapes are checked against the model from its headers before
        any array is decompressed (unknown names, pickles and wrong shapes cost no memory); then
        the values as in ``load_state_dict`` (NaN, infinities and overflow refused unless
        ``allow_nonfinite=True``)."""
        expected = {name: current for name, (_, _, current) in self._state_targets().items()}
        self.load_state_dict(load_npz(path, expected, strict=strict), strict=strict,
                             allow_nonfinite=allow_nonfinite)
        return self

    # --- printing -------------------------------------------------------------------------------
    def extra_repr(self) -> str:
        return ""

    def __repr__(self):
        lines = [f"{type(self).__name__}({self.extra_repr()}"]
        if not self._modules:
            return lines[0] + ")"
        for name, child in self._modules.items():
            body = repr(child).replace("\n", "\n  ")
            lines.append(f"  ({name}): {body}")
        return "\n".join(lines) + "\n)"


def _check_name(name, what):
    if not isinstance(name, str) or not name or "." in name:
        raise KeyError(f"a {what} name must be a non-empty string without '.', got {name!r}")


def _cast_checked(array: np.ndarray, dtype, allow_nonfinite: bool):
    """``(array as dtype, problem or None)``: NaN, infinities and values beyond ``dtype``'s range
    are a problem unless ``allow_nonfinite``."""
    dtype = np.dtype(dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        cast = array.astype(dtype)
    if allow_nonfinite:
        return cast, None
    nonfinite = int(np.count_nonzero(~np.isfinite(array)))
    if nonfinite:
        return cast, (f"{nonfinite} of {array.size} values are NaN or infinite (a diverged "
                      f"training run?)")
    if dtype.kind == "f":
        overflow = int(np.count_nonzero(~np.isfinite(cast)))
        if overflow:
            return cast, (f"{overflow} values overflow {dtype} (largest magnitude "
                          f"{float(np.max(np.abs(array))):.3g}, {dtype} holds up to "
                          f"{float(np.finfo(dtype).max):.3g})")
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        if array.size and (array.min() < info.min or array.max() > info.max):
            return cast, f"values from {array.min():.3g} to {array.max():.3g} do not fit {dtype}"
    return cast, None
