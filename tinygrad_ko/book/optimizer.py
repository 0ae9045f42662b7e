"""The book's ``common/optimizer.py`` (6장 6.1절): ``update(params, grads)`` on dicts.

Each class drives the engine's optimizer of the same name (``tinygrad_ko.nn.optim``), so the update
rules are the engine's, applied in place.  ``params`` may hold a network's Parameters (the network
learns), NumPy arrays (changed in place, as the book's ``-=`` does) or plain numbers (replaced in
the dict, as in the book's ``optimizer_compare_naive.py``).  Hyperparameters are attributes you
may change between updates (``optimizer.lr = 0.001``).
"""

from __future__ import annotations

import numbers

import numpy as np

from ..nn import optim
from ..nn.module import Parameter
from ..tensor import Tensor

__all__ = ["AdaGrad", "Adam", "Momentum", "Nesterov", "RMSprop", "SGD"]

# the engine optimizers' own checks of each hyperparameter, applied when a book optimizer is built
_HYPER_CHECKS = {"lr": optim._positive, "momentum": optim._fraction, "decay_rate": optim._fraction,
                 "beta1": optim._fraction, "beta2": optim._fraction}


class _BookOptimizer:
    """Shared ``update(params, grads)``: the engine optimizer is built on the first call."""

    engine_class: type = optim.Optimizer
    hyper_names: tuple = ("lr",)

    def __init__(self, **hyper):
        for name, value in hyper.items():
            _HYPER_CHECKS[name](value, name, type(self).__name__)  # refused now, not at update()
            setattr(self, name, value)
        self._engines = {}  # one engine optimizer (with its own state) per set of parameters
        self._engine = None

    def update(self, params, grads) -> None:
        """One step: every ``params[key]`` moves by the rule, using ``grads[key]``.

        The moments (Momentum's v, Adam's m and v ...) belong to the parameters they were made
        for: one optimizer given two networks in turn (the book's batch_norm_test.py shares an
        SGD) keeps them apart."""
        keys = list(params.keys())
        signature = tuple((key, id(value) if _is_parameter(value) else None)
                          for key, value in params.items())
        if signature not in self._engines:
            targets = [_target(params[key]) for key in keys]
            engine = self.engine_class([p for p, _ in targets], **self._hyper())
            self._engines[signature] = (engine, targets)
        self._engine, self._targets = self._engines[signature]
        for name, value in self._hyper().items():
            setattr(self._engine, name, value)
        saved_grads = []
        for key, (param, kind) in zip(keys, self._targets):
            if kind != "parameter":
                param.assign(_numbers(params[key], key, "params", param.shape, param.dtype))
            saved_grads.append(param.grad)
            param.grad = Tensor(_numbers(_lookup(grads, key), key, "grads", param.shape, param.dtype))
        try:
            self._engine.step()
        finally:
            for (param, _), grad in zip(self._targets, saved_grads):
                param.grad = grad
        for key, (param, kind) in zip(keys, self._targets):
            _write_back(params, key, param, kind)

    def _hyper(self) -> dict:
        return {name: getattr(self, name) for name in self.hyper_names}

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v}' for k, v in self._hyper().items())})"


class SGD(_BookOptimizer):
    """W ← W - lr·∂L/∂W."""

    engine_class = optim.SGD

    def __init__(self, lr=0.01):
        super().__init__(lr=lr)


class Momentum(_BookOptimizer):
    """v ← momentum·v - lr·∂L/∂W;  W ← W + v."""

    engine_class = optim.Momentum
    hyper_names = ("lr", "momentum")

    def __init__(self, lr=0.01, momentum=0.9):
        super().__init__(lr=lr, momentum=momentum)


class Nesterov(Momentum):
    """Nesterov's accelerated gradient in the book's form."""

    engine_class = optim.Nesterov


class AdaGrad(_BookOptimizer):
    """h ← h + g²;  W ← W - lr·g / (√h + 1e-7)."""

    engine_class = optim.AdaGrad

    def __init__(self, lr=0.01):
        super().__init__(lr=lr)


class RMSprop(_BookOptimizer):
    """h ← decay_rate·h + (1 - decay_rate)·g²;  W ← W - lr·g / (√h + 1e-7)."""

    engine_class = optim.RMSprop
    hyper_names = ("lr", "decay_rate")

    def __init__(self, lr=0.01, decay_rate=0.99):
        super().__init__(lr=lr, decay_rate=decay_rate)


class Adam(_BookOptimizer):
    """Adam with the book's bias-corrected step lr·√(1 - β2ᵗ)/(1 - β1ᵗ)."""

    engine_class = optim.Adam
    hyper_names = ("lr", "beta1", "beta2")

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        super().__init__(lr=lr, beta1=beta1, beta2=beta2)

    @property
    def iter(self) -> int:
        """Updates done so far (the book's ``iter``)."""
        return 0 if self._engine is None else self._engine.step_count


# --- params of every kind ----------------------------------------------------------------------------
def _is_parameter(value) -> bool:
    return isinstance(value, Tensor) and value.requires_grad


def _target(value):
    """(Parameter the engine optimizer updates, kind): a network's own Parameter, or a float64
    stand-in for an array, a number or a constant Tensor (copied back after each update)."""
    if _is_parameter(value):
        return value, "parameter"
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return Parameter(np.asarray(value, dtype=np.float64)), "number"
    array = value.data if isinstance(value, Tensor) else np.asarray(value)
    dtype = array.dtype if array.dtype.kind == "f" else np.float64
    return Parameter(array, dtype=dtype), "tensor" if isinstance(value, Tensor) else "array"


def _write_back(params, key, param, kind) -> None:
    if kind == "number":
        params[key] = float(param.data)
    elif kind == "tensor":
        params[key].assign(param.data)
    elif kind == "array":
        current = params[key]
        if isinstance(current, np.ndarray) and current.dtype.kind == "f":
            current[...] = param.data  # in place, as the book's `params[key] -= ...` on an array
        else:
            params[key] = np.array(param.data)


def _lookup(grads, key):
    try:
        return grads[key]
    except KeyError:
        raise KeyError(f"grads has no {key!r}, but params does; give a gradient for every "
                       f"parameter (network.gradient(x, t) returns them all)") from None


def _numbers(value, key, where, shape, dtype) -> np.ndarray:
    array = value.data if isinstance(value, Tensor) else np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{where}[{key!r}] must be numbers, got {type(value).__name__} of dtype "
                        f"{array.dtype}")
    if array.shape != shape:
        raise ValueError(f"{where}[{key!r}] has shape {array.shape}, but the parameter has shape "
                         f"{shape}")
    return array.astype(dtype, copy=False)
