"""Tensor: an array that remembers how it was made, and backward() that walks that memory back.

forward:  every op is ``ops.<Op>.apply(*tensors)``: a new Tensor whose ``_ctx`` is the op node.
backward: autograd/engine.py walks the graph in reverse topological order (iteratively: a
          100,000-op chain is fine), each node applying its local-gradient rule; gradients of a
          tensor used twice are summed (fan-out), a broadcast input receives the gradient summed
          back to its shape (the repeat node, 5장 5.6.2).

Reading order of this file: the class (construction, the array, properties), its arithmetic and
comparisons, in-place updates, its ops, backward and hooks, then the module-level helpers.
More methods are installed by the op files themselves (``ops.tensor_method``).
"""

from __future__ import annotations

import numbers

import numpy as np

from . import ops
from .allocator import cache_aligned
from .autograd import engine
from .autograd import function as _function
from .autograd.edits import TrackedArray, last_edit, memory_root, record_edit, tracked
from .autograd.handles import RemovableHandle
from .autograd.state import (GraphState, detect_anomaly, enable_grad, graph_scope,  # noqa: F401
                             is_grad_enabled, no_grad)
from .ops.operands import axis_keyword, keepdims_keyword

_NUMERIC_KINDS = "biuf"


class Tensor:
    """An n-dimensional array with an optional gradient and the op that produced it."""

    __slots__ = ("_data", "grad", "requires_grad", "name", "_ctx", "_retains_grad", "_hooks",
                 "_released", "__weakref__")
    __array_priority__ = 1000  # so that ndarray * Tensor calls Tensor.__rmul__

    def __init__(self, data, requires_grad=False, dtype=None, name=None):
        self._data = _to_array(data, dtype)
        if requires_grad:
            if self._data.dtype.kind != "f":
                raise TypeError(f"only floating-point tensors can require gradients, got dtype "
                                f"{self._data.dtype}; create it with dtype=np.float32 (or float64)")
            self._data = cache_aligned(self._data)  # a weight: optimizers write it every step
        self.requires_grad = bool(requires_grad)
        self.grad = None
        self.name = name
        self._ctx = None
        self._retains_grad = False
        self._hooks = None
        self._released = False

    @classmethod
    def _from_op(cls, data, requires_grad):
        """Fast constructor for op results: the array is already valid."""
        t = cls.__new__(cls)
        t._data, t.requires_grad, t.grad, t.name = data, requires_grad, None, None
        t._ctx, t._retains_grad, t._hooks, t._released = None, False, None, False
        return t

    # --- the array ---------------------------------------------------------------------------
    @property
    def data(self) -> np.ndarray:
        """The NumPy array (a view of the tensor's memory).  ``t.data = a`` replaces it; in-place
        writes through it (``t.data[0] = 5``, ``t.data -= u``) are recorded, so backward through
        an op that saved these numbers refuses instead of returning a wrong gradient."""
        return tracked(self._data)

    @data.setter
    def data(self, value):
        if isinstance(value, TrackedArray) and _is_whole_view_of(value, self._data):
            return  # t.data += 1 and friends: changed in place, already recorded
        value = _to_array(value, None)  # a copy: later edits of the caller's array cannot reach us
        if value.shape != self._data.shape or value.dtype != self._data.dtype:
            self.grad = None  # a gradient of another shape or dtype would be wrong now
        self._data = cache_aligned(value) if self.requires_grad else value

    @property
    def _version(self) -> int:
        """Engine-wide edit count at the latest in-place change of this tensor's memory (0: none)."""
        return last_edit(self._data)

    # --- basic properties ------------------------------------------------------------------
    shape = property(lambda self: self._data.shape)
    ndim = property(lambda self: self._data.ndim)
    size = property(lambda self: self._data.size)
    dtype = property(lambda self: self._data.dtype)
    is_leaf = property(lambda self: self._ctx is None)
    creator = property(lambda self: self._ctx, doc="The op (Function) that made this tensor.")
    values_released = property(
        lambda self: self._released,
        doc="True for the stand-in of a large intermediate in a graph whose backward has run "
            "without retain_graph/retain_grad: it knows its shape and dtype, not its numbers.")

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor (a single number) is undefined; use .item() to "
                            "read the number or .size to count elements")
        return len(self._data)

    def __array__(self, dtype=None, copy=None):
        """np.asarray(t): the numbers as a read-only view (np.array(t) copies; edit via t.data).

        Refused for a tensor that requires grad: np.exp(w) would silently leave the graph."""
        if self.requires_grad:
            raise TypeError(
                f"NumPy was asked to turn a tensor that requires grad (shape {self.shape}) into an "
                f"array: a NumPy function (np.exp(x), np.sum(x) ...) would cut it from the graph and "
                f"its gradient would be lost. Fix: use the tensor's own ops (x.exp(), x.sum()), or "
                f"x.data / x.detach() when you only want the numbers.")
        converts = dtype is not None and np.dtype(dtype) != self._data.dtype
        if copy is False and converts:
            raise ValueError(f"np.asarray(tensor, dtype={np.dtype(dtype)}, copy=False): the tensor "
                             f"holds {self._data.dtype}, so a copy is needed; allow it (copy=None)")
        if copy or converts:
            return self._data.astype(self._data.dtype if dtype is None else dtype)
        view = self._data.view()
        view.flags.writeable = False  # a plain view would bypass the in-place check
        return view

    def __float__(self):
        return float(self._single("float"))

    def __int__(self):
        return int(self._single("int"))

    def __bool__(self):
        return bool(self._single("bool"))

    def _single(self, what: str):
        if self.size != 1:
            raise ValueError(f"{what}() of a tensor needs exactly one element, got shape {self.shape}; "
                             f"reduce it first (.sum(), .mean(), .max()), or test the array: "
                             f"(t.data > 0).all()")
        return self._data.item()

    def __repr__(self):
        extras = "".join([f", name={self.name!r}" if self.name else "",
                          ", requires_grad=True" if self.requires_grad else "",
                          f", op={self._ctx.name}" if self._ctx is not None else ""])
        body = np.array2string(self._data, precision=4, separator=", ", threshold=20)
        return f"Tensor({body}, dtype={self.dtype}{extras})"

    def numpy(self) -> np.ndarray:
        """The array, sharing the tensor's memory (writes to it are recorded like ``.data``'s)."""
        return self.data

    def item(self):
        return self._single("item")

    def detach(self) -> Tensor:
        """The same numbers, cut from the graph."""
        return Tensor._from_op(self._data, False)

    def astype(self, dtype) -> Tensor:
        """A copy in another dtype.  A floating-point copy of a tensor that requires grad is
        recorded (a ``cast`` node, as PyTorch's ``x.to(dtype)``): its gradient flows back to this
        tensor in this tensor's dtype.  Use ``x.detach().astype(dtype)`` for an unrecorded copy;
        an integer or bool copy records nothing (it has no gradient)."""
        dtype = np.dtype(dtype)
        if self.requires_grad and dtype.kind == "f" and GraphState.grad_enabled:
            return ops.Cast.apply(self, dtype=dtype)
        return Tensor(self._data, dtype=dtype, name=self.name)

    def retain_grad(self) -> Tensor:
        """Keep this intermediate tensor's gradient after backward (leaves always keep theirs)."""
        self._retains_grad = True
        return self

    def zero_grad(self) -> None:
        self.grad = None

    def _mark_edited(self) -> None:
        """Record an in-place change of the array: ops that saved it will refuse to backpropagate."""
        record_edit(self._data)

    def assign(self, value) -> Tensor:
        """Replace the values in place (same shape), recorded as an in-place edit."""
        value = value._data if isinstance(value, Tensor) else np.asarray(value)
        if value.shape != self.shape:
            raise ValueError(f"assign: shape {value.shape} does not match the tensor's {self.shape}")
        self._data[...] = value
        self._mark_edited()
        return self

    # --- arithmetic (operands broadcast like NumPy) ----------------------------------------
    def __add__(self, other):
        return ops.Add.apply(self, _lift(other, self))

    def __radd__(self, other):
        return ops.Add.apply(_lift(other, self), self)

    def __sub__(self, other):
        return ops.Sub.apply(self, _lift(other, self))

    def __rsub__(self, other):
        return ops.Sub.apply(_lift(other, self), self)

    def __mul__(self, other):
        return ops.Mul.apply(self, _lift(other, self))

    def __rmul__(self, other):
        return ops.Mul.apply(_lift(other, self), self)

    def __truediv__(self, other):
        return ops.Div.apply(self, _lift(other, self))

    def __rtruediv__(self, other):
        return ops.Div.apply(_lift(other, self), self)

    def __matmul__(self, other):
        return ops.MatMul.apply(self, _lift(other, self))

    def __rmatmul__(self, other):
        return ops.MatMul.apply(_lift(other, self), self)

    def __pow__(self, exponent):
        if not isinstance(exponent, numbers.Real):
            raise TypeError(f"x ** c needs a constant number c, got {type(exponent).__name__}; "
                            f"for a tensor exponent use (c * x.log()).exp()")
        return ops.Pow.apply(self, exponent=float(exponent))

    def __neg__(self):
        return ops.Neg.apply(self)

    def __getitem__(self, index):
        if isinstance(index, Tensor):
            index = index._data
        elif isinstance(index, tuple):
            index = tuple(i._data if isinstance(i, Tensor) else i for i in index)
        return ops.GetItem.apply(self, index=index)

    # --- comparisons: element-wise boolean tensors (masks), never requiring grad ------------
    def __eq__(self, other):
        return self._compare(np.equal, other)

    def __ne__(self, other):
        return self._compare(np.not_equal, other)

    def __lt__(self, other):
        return self._compare(np.less, other)

    def __le__(self, other):
        return self._compare(np.less_equal, other)

    def __gt__(self, other):
        return self._compare(np.greater, other)

    def __ge__(self, other):
        return self._compare(np.greater_equal, other)

    __hash__ = object.__hash__  # identity: tensors stay usable as dict keys and in sets

    def _compare(self, ufunc, other):
        other_data = other._data if isinstance(other, Tensor) else other
        try:
            result = ufunc(self._data, other_data)
        except (TypeError, ValueError) as err:
            other_shape = np.shape(other_data) if not isinstance(other_data, str) else "a string"
            raise _same_kind_of_error(err)(f"cannot compare a tensor of shape {self.shape} with "
                            f"{type(other).__name__} of shape {other_shape} element-wise ({err}); "
                            f"compare with a number, an array or a tensor whose shape broadcasts"
                            ) from None
        if result is NotImplemented:
            return NotImplemented
        return Tensor._from_op(np.asarray(result), False)

    # --- in-place updates: t += u changes t's own memory -------------------------------------
    def __iadd__(self, other):
        return self._update_in_place(np.add, other, "+=", "y = y + u")

    def __isub__(self, other):
        return self._update_in_place(np.subtract, other, "-=", "y = y - u")

    def __imul__(self, other):
        return self._update_in_place(np.multiply, other, "*=", "y = y * u")

    def __itruediv__(self, other):
        return self._update_in_place(np.true_divide, other, "/=", "y = y / u")

    def _update_in_place(self, ufunc, other, symbol, instead):
        """The optimizer's habit and the book's ``params[key] -= lr * grad[key]``: the same tensor
        (a Parameter stays a Parameter) gets new numbers; the change is not recorded in any graph,
        and graphs that saved the old numbers refuse to backpropagate through them."""
        if self._ctx is not None and self.requires_grad:
            raise RuntimeError(
                f"y {symbol} u on a tensor that was computed by a recorded op ({self._ctx.name}) "
                f"would change a value the graph still needs for backward. Fix: write {instead} "
                f"(a new tensor), or update a leaf tensor such as a parameter instead.")
        if isinstance(other, Tensor) and other.requires_grad and GraphState.grad_enabled:
            raise RuntimeError(
                f"y {symbol} u: u requires grad (it was computed from tensors being trained), but "
                f"an in-place update is not recorded, so their gradients would be lost. Fix: write "
                f"{instead} (recorded), or do the update inside no_grad() if you only mean to "
                f"change the numbers.")
        other_data = other._data if isinstance(other, Tensor) else other
        try:
            with np.errstate(all="ignore"):
                ufunc(self._data, other_data, out=self._data, casting="same_kind")
        except (TypeError, ValueError) as err:
            other_shape = np.shape(other_data) if not isinstance(other_data, str) else "a string"
            raise _same_kind_of_error(err)(
                f"t {symbol} u: cannot update a tensor of shape {self.shape} and dtype {self.dtype} "
                f"in place with {type(other).__name__} of shape {other_shape} ({err}). u must "
                f"broadcast to the tensor's shape, and the result must fit its dtype (an integer "
                f"tensor cannot take a float update: use t.astype(np.float32) first).") from None
        self._mark_edited()
        return self

    # --- element-wise functions -------------------------------------------------------------
    def exp(self):
        return ops.Exp.apply(self)

    def log(self):
        return ops.Log.apply(self)

    def sqrt(self):
        return ops.Sqrt.apply(self)

    def relu(self):
        return ops.ReLU.apply(self)

    def sigmoid(self):
        return ops.Sigmoid.apply(self)

    def tanh(self):
        return ops.Tanh.apply(self)

    # --- reductions (``axis=`` or PyTorch's ``dim=``: an int, a tuple, or None for all;
    #     ``keepdims=`` or PyTorch's ``keepdim=``) ----------------------------------------------
    def sum(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return self._reduce(ops.Sum, "sum", axis, keepdims, dim, keepdim)

    def mean(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return self._reduce(ops.Mean, "mean", axis, keepdims, dim, keepdim)

    def max(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return self._reduce(ops.Max, "max", axis, keepdims, dim, keepdim)

    def min(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return self._reduce(ops.Min, "min", axis, keepdims, dim, keepdim)

    def _reduce(self, op, name, axis, keepdims, dim, keepdim):
        return op.apply(self, axis=axis_keyword(axis, dim, name),
                        keepdims=keepdims_keyword(keepdims, keepdim, name))

    # --- shapes -----------------------------------------------------------------------------
    def reshape(self, *shape):
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return ops.Reshape.apply(self, shape=shape)

    view = reshape  # PyTorch's name (our reshape never copies a tensor's data either way)

    def transpose(self, *axes):
        """NumPy's forms — no axes (reverse them all) or a whole permutation, ``t.transpose(0, 3,
        1, 2)`` or ``t.transpose((0, 3, 1, 2))`` — and PyTorch's: two axes given as two numbers
        swap those two, so ``t.transpose(0, 1)`` and ``t.transpose(-2, -1)`` transpose a matrix
        (NumPy would read the pair as the identity permutation of a 2-D tensor)."""
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        elif len(axes) == 2 and self.ndim and all(isinstance(a, (int, np.integer)) for a in axes):
            first, second = (ops.operands.check_axis(a, self.ndim, "transpose") for a in axes)
            order = list(range(self.ndim))
            order[first], order[second] = second, first
            axes = tuple(order)
        return ops.Transpose.apply(self, axes=axes or None)

    @property
    def T(self):
        return self.transpose()

    def flatten(self, start_dim=0, end_dim=-1):
        """Merge the axes ``start_dim``..``end_dim`` into one: flatten() is 1-D, flatten(1) keeps
        the batch axis.  The merged size is the product of the sizes, so empty tensors flatten
        too: (0, 2, 3).flatten(1) is (0, 6), as in PyTorch."""
        if self.ndim == 0:
            return self.reshape(1)
        start = ops.operands.check_axis(start_dim, self.ndim, "flatten")
        end = ops.operands.check_axis(end_dim, self.ndim, "flatten")
        if start > end:
            raise ValueError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} for a "
                             f"tensor with {self.ndim} dimensions; use start_dim <= end_dim")
        # -1 when it is unambiguous, so the recorded reshape keeps a free batch size (ONNX export)
        merged = int(np.prod(self.shape[start:end + 1], dtype=np.int64)) if self.size == 0 else -1
        return self.reshape(self.shape[:start] + (merged,) + self.shape[end + 1:])

    def broadcast_to(self, shape):
        return ops.BroadcastTo.apply(self, shape=tuple(shape))

    # --- softmax, convolution, pooling ------------------------------------------------------
    def softmax(self, axis=None, *, dim=None):
        """Softmax over ``axis`` (or ``dim=``; the last axis by default)."""
        axis = axis_keyword(axis, dim, "softmax")
        return ops.Softmax.apply(self, axis=-1 if axis is None else axis)

    def log_softmax(self, axis=None, *, dim=None):
        """log(softmax) over ``axis`` (or ``dim=``; the last axis by default), computed stably."""
        axis = axis_keyword(axis, dim, "log_softmax")
        return ops.LogSoftmax.apply(self, axis=-1 if axis is None else axis)

    def conv2d(self, W, b=None, stride=1, padding=0):
        """x (N, C, H, W) ⊛ W (FN, C, FH, FW) + b (FN,) → (N, FN, OH, OW)."""
        inputs = (self, _lift(W, self)) if b is None else (self, _lift(W, self), _lift(b, self))
        return ops.Conv2d.apply(*inputs, stride=stride, padding=padding)

    def max_pool2d(self, kernel_size=2, stride=None, padding=0):
        return ops.MaxPool2d.apply(self, kernel_size=kernel_size, stride=stride, padding=padding)

    def avg_pool2d(self, kernel_size=2, stride=None, padding=0):
        return ops.AvgPool2d.apply(self, kernel_size=kernel_size, stride=stride, padding=padding)


    # --- backward --------------------------------------------------------------------------
    def backward(self, grad=None, retain_graph=None, create_graph=False, retain_grad=False) -> None:
        """Backpropagate from this tensor: fill ``.grad`` of every leaf that requires grad.

        ``grad`` is the upstream gradient (default 1 for a scalar).  ``retain_graph=True`` keeps
        the saved arrays so backward can run again (default: ``create_graph``);
        ``create_graph=True`` records the backward pass itself, so ``x.grad`` can be
        differentiated again; ``retain_grad=True`` keeps the gradient of every intermediate tensor
        too (the graph drawings show them).
        """
        _check_differentiable([self], "backward()")
        grad = self._initial_grad(grad, create_graph)
        engine.run_backward(Tensor, [self], [grad], retain_graph=_retain(retain_graph, create_graph),
                            create_graph=create_graph, retain_grad=retain_grad)

    def _initial_grad(self, grad, create_graph=False):
        """The upstream gradient in this tensor's shape and dtype: a read-only view (the caller's
        array is never written, and a .grad it reaches is a copy), or a Tensor of our own copy
        when ``create_graph``."""
        if grad is None:
            if self.size != 1:
                raise RuntimeError(
                    f"backward() without a gradient needs a scalar output, got shape {self.shape}. "
                    f"Fix: reduce to a scalar first (y.sum().backward() or a loss), or pass the "
                    f"upstream gradient: y.backward(np.ones({self.shape})).")
            ones = np.ones(self.shape, dtype=self.dtype)
            return Tensor._from_op(ones, False) if create_graph else ones
        if isinstance(grad, Tensor):
            if create_graph:
                if grad.shape != self.shape:
                    raise ValueError(f"backward(grad): the gradient has shape {grad.shape} but the "
                                     f"tensor has shape {self.shape}; they must match")
                return grad if grad.dtype == self.dtype else grad.astype(self.dtype)
            grad = grad._data
        elif not isinstance(grad, np.ndarray) or grad.dtype.kind not in _NUMERIC_KINDS:
            try:
                grad = np.asarray(grad, dtype=self.dtype)
            except (TypeError, ValueError):
                raise TypeError(f"backward(grad): the upstream gradient must be numbers of shape "
                                f"{self.shape} (an array or a Tensor), got {type(grad).__name__}; "
                                f"e.g. y.backward(np.ones({self.shape}))") from None
        if grad.shape != self.shape:
            raise ValueError(f"backward(grad): the gradient has shape {grad.shape} but the tensor "
                             f"has shape {self.shape}; they must match")
        if create_graph:
            return Tensor._from_op(np.array(grad, dtype=self.dtype), False)
        # read-only instead of a copy (1 ms of W5): the caller may reuse their array, so the
        # engine must not write into it, and it copies a read-only gradient before storing it
        grad = np.asarray(grad, dtype=self.dtype).view()
        grad.flags.writeable = False
        return grad

    def register_hook(self, hook):
        """Call ``hook(grad)`` with this tensor's gradient during backward; a returned tensor or
        array replaces the gradient.  Returns a handle whose ``remove()`` unregisters it."""
        if not self.requires_grad:
            raise RuntimeError("register_hook on a tensor that does not require grad: no gradient "
                               "will ever reach it; create it with requires_grad=True")
        if not callable(hook):
            raise TypeError(f"register_hook needs a function of the gradient, got "
                            f"{type(hook).__name__}")
        if self._hooks is None:
            self._hooks = {}
        return RemovableHandle(self._hooks, hook)


_function._tensor_type = Tensor
for _name, _method in _function.TENSOR_METHODS.items():  # methods the op files define
    setattr(Tensor, _name, _method)


# --- functions on several tensors ------------------------------------------------------------
def concatenate(tensors, axis=None, *, dim=None) -> Tensor:
    """Join tensors along an existing axis (np.concatenate; ``dim=`` as torch.cat; default 0)."""
    axis = axis_keyword(axis, dim, "concatenate")
    tensors = _tensor_list(tensors, "concatenate")
    return ops.Concatenate.apply(*tensors, axis=0 if axis is None else axis)


def stack(tensors, axis=None, *, dim=None) -> Tensor:
    """Join equal-shaped tensors along a new axis (np.stack; ``dim=`` as torch.stack; default 0)."""
    axis = axis_keyword(axis, dim, "stack")
    tensors = _tensor_list(tensors, "stack")
    return ops.Stack.apply(*tensors, axis=0 if axis is None else axis)


# --- gradients as values -----------------------------------------------------------------------
def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=False) -> tuple:
    """The gradients of ``outputs`` with respect to ``inputs``, as a tuple of tensors (PyTorch's
    ``torch.autograd.grad``); no ``.grad`` is touched.  With ``create_graph=True`` the results
    are tensors in a recorded graph and can be differentiated again, to any order."""
    outputs, inputs = _tensors_of(outputs, "outputs"), _tensors_of(inputs, "inputs")
    _check_differentiable(outputs, "grad()")
    for position, t in enumerate(inputs):
        if not t.requires_grad:
            raise RuntimeError(f"grad(): input {position} (shape {t.shape}) does not require grad, "
                               f"so it has no gradient; create it with requires_grad=True")
    if grad_outputs is None or isinstance(grad_outputs, (Tensor, np.ndarray)):
        grad_outputs = [grad_outputs] * len(outputs) if len(outputs) == 1 or grad_outputs is None \
            else [grad_outputs]
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad(): {len(grad_outputs)} grad_outputs for {len(outputs)} outputs; "
                         f"give one per output (None for a scalar output)")
    root_grads = [t._initial_grad(g, create_graph) for t, g in zip(outputs, grad_outputs)]
    capture = {id(t): None for t in inputs}
    engine.run_backward(Tensor, outputs, root_grads, retain_graph=_retain(retain_graph, create_graph),
                        create_graph=create_graph, retain_grad=False, capture=capture)
    results = []
    for position, t in enumerate(inputs):
        g = capture[id(t)]
        if g is None and not allow_unused:
            raise RuntimeError(f"grad(): input {position} (shape {t.shape}) was not used to compute "
                               f"the outputs, so it has no gradient; pass allow_unused=True to get "
                               f"None for it")
        results.append(g if g is None or create_graph else Tensor._from_op(g, False))
    return tuple(results)


# --- helpers ------------------------------------------------------------------------------------
def _tensor_list(tensors, what):
    tensors = list(tensors)
    if not tensors:
        raise ValueError(f"{what} needs at least one tensor, got an empty sequence")
    first = next((t for t in tensors if isinstance(t, Tensor)), None)
    return [t if isinstance(t, Tensor) else Tensor(t, dtype=None if first is None else first.dtype)
            for t in tensors]


def _same_kind_of_error(err):
    """TypeError or ValueError, as NumPy raised it (its own subclasses need other arguments)."""
    return TypeError if isinstance(err, TypeError) else ValueError


def _retain(retain_graph, create_graph) -> bool:
    return create_graph if retain_graph is None else bool(retain_graph)


def _tensors_of(value, what) -> list:
    items = [value] if isinstance(value, Tensor) else list(value)
    if not items or not all(isinstance(t, Tensor) for t in items):
        raise TypeError(f"grad(): {what} must be a Tensor or a sequence of Tensors, got "
                        f"{type(value).__name__}")
    return items


def _check_differentiable(tensors, what) -> None:
    for t in tensors:
        if t.requires_grad:
            continue
        raise RuntimeError(
            f"{what} called on a tensor that does not require grad: nothing it was computed "
            f"from has requires_grad=True (or it was computed inside no_grad()). Fix: create the "
            f"inputs you want gradients for with Tensor(data, requires_grad=True); to "
            f"differentiate a gradient, compute it with backward(create_graph=True) or "
            f"grad(..., create_graph=True).")


def _to_array(data, dtype) -> np.ndarray:
    """What Tensor() accepts: arrays keep their dtype; Python numbers and lists become float32.

    An array is always copied (like torch.tensor), for ``Tensor(a)`` and ``t.data = a`` alike, so
    the caller's array and the tensor never change each other behind the graph's back."""
    if isinstance(data, Tensor):
        data = data._data
    if isinstance(data, (np.ndarray, np.generic)):
        array = np.array(data, dtype=dtype)
    else:
        if isinstance(data, (str, bytes)):
            raise TypeError(f"Tensor() needs numbers, got the string {data!r}; convert it first, "
                            f"e.g. Tensor(float(s))")
        try:
            array = np.array(data, dtype=dtype)
        except (ValueError, TypeError) as err:
            raise ValueError(
                f"Tensor() could not turn {type(data).__name__} into an array ({err}). Nested lists "
                f"must be rectangular (every row the same length) and hold only numbers.") from None
        if dtype is None and array.dtype.kind in _NUMERIC_KINDS:
            with np.errstate(over="raise"):
                try:
                    array = array.astype(np.float32)
                except FloatingPointError:
                    raise ValueError(
                        f"Tensor(): a number in the data is too large for float32 (max "
                        f"{np.finfo(np.float32).max:.3g}), the default for Python numbers; pass "
                        f"dtype=np.float64 to keep it") from None
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"Tensor() needs numeric data, got an array of dtype {array.dtype} "
                        f"(strings, objects or ragged lists are not numbers); convert it with "
                        f"np.asarray(data, dtype=np.float32)")
    return array


_constants: dict = {}  # (type, value, dtype) -> constant Tensor: `y * 1.0001` in a loop makes one


def _lift(value, like: Tensor) -> Tensor:
    """An operand as a Tensor.  Constants take the dtype of the tensor they meet (no upcast)."""
    if isinstance(value, Tensor):
        return value
    dtype = like._data.dtype
    if dtype.kind == "f" and type(value) in (int, float):
        key = (type(value), value, dtype)
        constant = _constants.get(key)
        if constant is None:
            if len(_constants) >= 1024:
                _constants.clear()
            constant = _constants[key] = Tensor._from_op(np.asarray(value, dtype=dtype), False)
            constant._data.flags.writeable = False  # shared by every graph that uses it
        return constant
    numeric = isinstance(value, (int, float, np.ndarray, np.generic)) and \
        np.asarray(value).dtype.kind in _NUMERIC_KINDS
    if dtype.kind == "f" and numeric:  # a copy: editing the caller's array cannot reach backward
        return Tensor._from_op(np.array(value, dtype=dtype), False)
    return Tensor._from_op(_to_array(value, None), False)


def _is_whole_view_of(view: np.ndarray, array: np.ndarray) -> bool:
    """Does ``view`` show exactly ``array``'s elements (same memory, shape and layout)?"""
    return (view.shape == array.shape and view.strides == array.strides and view.dtype == array.dtype
            and view.__array_interface__["data"][0] == array.__array_interface__["data"][0]
            and memory_root(view) is memory_root(array))
