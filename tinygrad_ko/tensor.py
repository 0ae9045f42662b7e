"""Tensor: an array that remembers how it was made, and backward() that walks that memory back.

forward:  every op is ``ops.<Op>.apply(*tensors)``: a new Tensor whose ``_ctx`` is the op node.
backward: reverse topological order (iterative: a 100,000-op chain is fine), each node applying its
          local-gradient rule; gradients of a tensor used twice are summed (fan-out), a broadcast
          input receives the gradient summed back to its shape (the seeds' repeat node).
"""

from __future__ import annotations

import contextlib
import gc
import numbers

import numpy as np

from . import ops
from .ops import function as _function
from .ops.edits import TrackedArray, last_edit, memory_root, record_edit, tracked
from .ops.function import GraphState
from .ops.shape import sum_to

_NUMERIC_KINDS = "biuf"


class Tensor:
    """An n-dimensional array with an optional gradient and the op that produced it."""

    __slots__ = ("_data", "grad", "requires_grad", "name", "_ctx", "_retains_grad", "__weakref__")
    __array_priority__ = 1000  # so that ndarray * Tensor calls Tensor.__rmul__

    def __init__(self, data, requires_grad=False, dtype=None, name=None):
        self._data = _to_array(data, dtype)
        if requires_grad and self._data.dtype.kind != "f":
            raise TypeError(f"only floating-point tensors can require gradients, got dtype "
                            f"{self._data.dtype}; create it with dtype=np.float32 (or float64)")
        self.requires_grad = bool(requires_grad)
        self.grad = None
        self.name = name
        self._ctx = None
        self._retains_grad = False

    @classmethod
    def _from_op(cls, data, requires_grad):
        """Fast constructor for op results: the array is already valid."""
        t = cls.__new__(cls)
        t._data, t.requires_grad, t.grad, t.name = data, requires_grad, None, None
        t._ctx, t._retains_grad = None, False
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
        value = _to_array(value, None, copy=False)
        if value.shape != self._data.shape or value.dtype != self._data.dtype:
            self.grad = None  # a gradient of another shape or dtype would be wrong now
        self._data = value

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
        """A copy in another dtype: a new leaf (like NumPy's astype, it is not recorded)."""
        return Tensor(self._data, dtype=dtype, requires_grad=self.requires_grad and
                      np.dtype(dtype).kind == "f", name=self.name)

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

    # --- backward --------------------------------------------------------------------------
    def backward(self, grad=None, retain_graph=False, retain_grad=False) -> None:
        """Backpropagate from this tensor: fill ``.grad`` of every leaf that requires grad.

        ``grad`` is the upstream gradient (default 1 for a scalar).  ``retain_graph=True`` keeps
        the saved arrays so backward can run again; ``retain_grad=True`` keeps the gradient of
        every intermediate tensor too (the graph drawings show them).
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward() called on a tensor that does not require grad: nothing it was computed "
                "from has requires_grad=True. Fix: create the inputs you want gradients for with "
                "Tensor(data, requires_grad=True), and do not call backward inside no_grad().")
        grad = self._initial_grad(grad)
        gc_was_enabled = gc.isenabled()
        gc.disable()  # backward makes no reference cycles; collecting mid-way only costs time
        GraphState.retaining_graph = retain_graph
        try:
            _backpropagate(self, grad, retain_graph, retain_grad)
        finally:
            GraphState.retaining_graph = False
            if gc_was_enabled:
                gc.enable()

    def _initial_grad(self, grad) -> np.ndarray:
        if grad is None:
            if self.size != 1:
                raise RuntimeError(
                    f"backward() without a gradient needs a scalar output, got shape {self.shape}. "
                    f"Fix: reduce to a scalar first (y.sum().backward() or a loss), or pass the "
                    f"upstream gradient: y.backward(np.ones({self.shape})).")
            return np.ones(self.shape, dtype=self.dtype)
        if isinstance(grad, Tensor):
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
        return grad.astype(self.dtype, copy=False)

    def _store_grad(self, g: np.ndarray, accumulate: bool) -> None:
        if accumulate and self.grad is not None:
            self.grad = Tensor._from_op(self.grad._data + g, False)
            return
        if not g.flags.writeable:  # a broadcast view: give the user an array of their own
            g = g.copy()
        self.grad = Tensor._from_op(g, False)

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
        return ops.GetItem.apply(self, index=index)

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

    # --- reductions -------------------------------------------------------------------------
    def sum(self, axis=None, keepdims=False):
        return ops.Sum.apply(self, axis=axis, keepdims=keepdims)

    def mean(self, axis=None, keepdims=False):
        return ops.Mean.apply(self, axis=axis, keepdims=keepdims)

    def max(self, axis=None, keepdims=False):
        return ops.Max.apply(self, axis=axis, keepdims=keepdims)

    def min(self, axis=None, keepdims=False):
        return -((-self).max(axis=axis, keepdims=keepdims))

    # --- shapes -----------------------------------------------------------------------------
    def reshape(self, *shape):
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return ops.Reshape.apply(self, shape=shape)

    def transpose(self, *axes):
        axes = tuple(axes[0]) if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        return ops.Transpose.apply(self, axes=axes or None)

    @property
    def T(self):
        return self.transpose()

    def flatten(self, start_dim=0):
        """Merge the axes from ``start_dim`` on: flatten() is 1-D, flatten(1) keeps the batch axis."""
        return self.reshape(self.shape[:start_dim] + (-1,))

    def broadcast_to(self, shape):
        return ops.BroadcastTo.apply(self, shape=tuple(shape))

    # --- softmax, convolution, pooling ------------------------------------------------------
    def softmax(self, axis=-1):
        return ops.Softmax.apply(self, axis=axis)

    def log_softmax(self, axis=-1):
        return ops.LogSoftmax.apply(self, axis=axis)

    def conv2d(self, W, b=None, stride=1, padding=0):
        """x (N, C, H, W) ⊛ W (FN, C, FH, FW) + b (FN,) → (N, FN, OH, OW)."""
        inputs = (self, _lift(W, self)) if b is None else (self, _lift(W, self), _lift(b, self))
        return ops.Conv2d.apply(*inputs, stride=stride, padding=padding)

    def max_pool2d(self, kernel_size=2, stride=None, padding=0):
        return ops.MaxPool2d.apply(self, kernel_size=kernel_size, stride=stride, padding=padding)

    def avg_pool2d(self, kernel_size=2, stride=None, padding=0):
        return ops.AvgPool2d.apply(self, kernel_size=kernel_size, stride=stride, padding=padding)


_function._tensor_type = Tensor


# --- functions on several tensors ------------------------------------------------------------
def concatenate(tensors, axis=0) -> Tensor:
    """Join tensors along an existing axis (np.concatenate)."""
    tensors = _tensor_list(tensors, "concatenate")
    return ops.Concatenate.apply(*tensors, axis=axis)


def stack(tensors, axis=0) -> Tensor:
    """Join equal-shaped tensors along a new axis (np.stack)."""
    tensors = _tensor_list(tensors, "stack")
    return ops.Stack.apply(*tensors, axis=axis)


def _tensor_list(tensors, what):
    tensors = list(tensors)
    if not tensors:
        raise ValueError(f"{what} needs at least one tensor, got an empty sequence")
    first = next((t for t in tensors if isinstance(t, Tensor)), None)
    return [t if isinstance(t, Tensor) else Tensor(t, dtype=None if first is None else first.dtype)
            for t in tensors]


# --- graph switches ---------------------------------------------------------------------------
class _Switch(contextlib.ContextDecorator):
    """A context manager (and decorator) that sets one GraphState attribute while active."""

    def __init__(self, attribute, value):
        self.attribute, self.value = attribute, value

    def __enter__(self):
        self._previous = getattr(GraphState, self.attribute)
        setattr(GraphState, self.attribute, self.value)
        return self

    def __exit__(self, *exc):
        setattr(GraphState, self.attribute, self._previous)
        return False


def no_grad():
    """``with no_grad():`` (or ``@no_grad()``) records no graph: inference, optimizer updates."""
    return _Switch("grad_enabled", False)


def enable_grad():
    return _Switch("grad_enabled", True)


def detect_anomaly():
    """``with detect_anomaly():`` raises at the first op whose output or gradient is NaN/inf."""
    return _Switch("anomaly_mode", True)


def graph_scope(name: str):
    """``with graph_scope("Conv1"):`` tags the ops made inside (drawings group them by layer)."""
    outer = GraphState.scope
    return _Switch("scope", f"{outer}/{name}" if outer else str(name))


def is_grad_enabled() -> bool:
    return GraphState.grad_enabled


# --- helpers ------------------------------------------------------------------------------------
def _to_array(data, dtype, copy=True) -> np.ndarray:
    """What Tensor() accepts: arrays keep their dtype; Python numbers and lists become float32.

    An array is copied (like torch.tensor), so the caller's array and the tensor never change
    each other behind the graph's back; ``t.data = a`` passes ``copy=False`` and shares ``a``."""
    if isinstance(data, Tensor):
        data = data._data
    if isinstance(data, (np.ndarray, np.generic)):
        array = np.array(data, dtype=dtype, copy=copy or None)
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
    if dtype.kind == "f" and numeric:
        return Tensor._from_op(np.asarray(value, dtype=dtype), False)
    return Tensor._from_op(_to_array(value, None), False)


def _is_whole_view_of(view: np.ndarray, array: np.ndarray) -> bool:
    """Does ``view`` show exactly ``array``'s elements (same memory, shape and layout)?"""
    return (view.shape == array.shape and view.strides == array.strides and view.dtype == array.dtype
            and view.__array_interface__["data"][0] == array.__array_interface__["data"][0]
            and memory_root(view) is memory_root(array))


def _backpropagate(root: Tensor, grad: np.ndarray, retain_graph: bool, retain_grad: bool) -> None:
    """Walk the graph from ``root`` in reverse topological order applying each local rule."""
    order = _topological_order(root)
    pending = {id(root): [grad, False]}  # id -> [gradient, owned (safe to add in place)]
    anomaly = GraphState.anomaly_mode
    for tensor in reversed(order):
        entry = pending.pop(id(tensor), None)
        if entry is None:
            continue
        g = entry[0]
        fn = tensor._ctx
        if fn is None or tensor._retains_grad or retain_grad:
            tensor._store_grad(g, accumulate=fn is None)
        if fn is None:
            continue
        if fn.freed:
            raise RuntimeError(
                f"backward() reached {fn.name} a second time, but its saved arrays were released "
                f"after the first backward(). Fix: pass backward(retain_graph=True) the first "
                f"time if you need to backpropagate through the same graph again.")
        fn.check_versions(tensor)
        local = fn.backward(g)
        if anomaly:
            from .ops.anomaly import check_backward

            check_backward(fn, local)
        if not retain_graph:
            fn.release()
        for inp, ig in zip(fn.inputs, local):
            if ig is None or not inp.requires_grad:
                continue
            if type(ig) is not np.ndarray:  # NumPy turns 0-d results into scalars
                ig = np.asarray(ig)
            if ig.shape != inp._data.shape:
                ig = sum_to(ig, inp._data.shape)
            if ig.dtype != inp._data.dtype:
                ig = ig.astype(inp._data.dtype)
            _accumulate(pending, inp, ig)


def _topological_order(root: Tensor) -> list:
    """Tensors that need gradients, each after everything it depends on (iterative DFS)."""
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        tensor, expanded = stack.pop()
        if expanded:
            order.append(tensor)
            continue
        if id(tensor) in visited:
            continue
        visited.add(id(tensor))
        stack.append((tensor, True))
        fn = tensor._ctx
        if fn is not None:
            stack.extend((t, False) for t in fn.inputs if t.requires_grad and id(t) not in visited)
    return order


def _accumulate(pending: dict, tensor: Tensor, grad: np.ndarray) -> None:
    """Fan-out: a tensor used by several ops receives the sum of their gradients."""
    entry = pending.get(id(tensor))
    if entry is None:
        pending[id(tensor)] = [grad, False]  # not ours: an op may still hold this array
    elif entry[1]:
        np.add(entry[0], grad, out=entry[0])  # our own sum buffer: add in place
    else:
        pending[id(tensor)] = [np.asarray(entry[0] + grad), True]

