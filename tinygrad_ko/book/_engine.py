"""Shared plumbing of ``tinygrad_ko.book``: NumPy values in, engine Tensors inside, NumPy values out.

The book's functions and layers take and return NumPy arrays (or Python numbers).  Here they run on
the engine: the inputs become Tensors, the engine's ops compute, and the result is handed back as a
plain ``np.ndarray`` (a 0-d result as a NumPy scalar).  A Tensor given in stays a Tensor, so the
same function is differentiable when you want it to be.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..tensor import Tensor


def float_array(value, what="the input") -> np.ndarray:
    """``value`` as a NumPy array of floats: float arrays keep their dtype, the rest become float64
    (the book's NumPy default)."""
    if isinstance(value, Tensor):
        value = value.data
    array = np.asarray(value)
    if array.dtype.kind == "f":
        return array
    if array.dtype.kind not in "biu":
        raise TypeError(f"{what} must be numbers, got {type(value).__name__} of dtype {array.dtype}; "
                        f"pass a NumPy array of floats")
    return array.astype(np.float64)


def plain(t: Tensor):
    """The numbers of ``t`` as a writable plain ndarray (0-d: a NumPy scalar)."""
    array = t.data.view(np.ndarray)
    return array[()] if array.ndim == 0 else array


def on_engine(compute, *values):
    """``compute(*tensors)``.  If any value is a Tensor the result is the Tensor (differentiable);
    otherwise the values are constants and the result comes back as NumPy numbers."""
    if any(isinstance(v, Tensor) for v in values):
        return compute(*(v if isinstance(v, Tensor) else Tensor(float_array(v)) for v in values))
    return plain(compute(*(Tensor(float_array(v)) for v in values)))


def common_float_dtype(*values) -> np.dtype:
    """The float dtype NumPy's arithmetic would give these values (float64 for Python numbers)."""
    arrays = [float_array(v) for v in values if v is not None]
    return np.result_type(*arrays) if arrays else np.dtype(np.float64)


class GraphLayer:
    """Base of the book's layer classes (``forward(x)`` / ``backward(dout)``).

    ``forward`` records an engine graph on fresh leaf tensors made from its inputs (and the layer's
    own W, b, gamma ...); ``backward(dout)`` runs the engine's ``backward()`` through that graph and
    reads the gradients of the leaves.  So the numbers are the engine's, and the layer can be
    walked through exactly as the book's chapter 5 does.
    """

    def _record(self, compute, **inputs):
        """Run ``compute(**leaves)`` on leaf tensors (requires_grad) built from ``inputs``."""
        dtype = common_float_dtype(*inputs.values())
        self._leaves = {name: Tensor(float_array(value, name).astype(dtype, copy=False),
                                     requires_grad=True) for name, value in inputs.items()}
        self._out = compute(**self._leaves)
        return plain(self._out)

    def _backprop(self, dout) -> dict:
        """name -> gradient (NumPy) of every input of the last forward, for upstream ``dout``."""
        out = getattr(self, "_out", None)
        if out is None:
            raise RuntimeError(f"{type(self).__name__}.backward() called before forward(); run "
                               f"forward first, as the book's layers do")
        for leaf in self._leaves.values():
            leaf.grad = None
        out.backward(dout.data if isinstance(dout, Tensor) else np.asarray(dout, dtype=out.dtype),
                     retain_graph=True)
        return {name: (np.zeros(leaf.shape, leaf.dtype) if leaf.grad is None else plain(leaf.grad))
                for name, leaf in self._leaves.items()}


def book_number(value, *operands):
    """A 0-d result as the book's plain-Python arithmetic would give it: an int when every operand
    is a Python int (``2 * 100`` is 200, not 200.0), else a float; arrays stay arrays."""
    if np.ndim(value) != 0:
        return value
    if all(isinstance(op, numbers.Integral) and not isinstance(op, (bool, np.bool_))
           for op in operands):
        return int(round(float(value)))
    return float(value)
