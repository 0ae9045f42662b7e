"""In-place edits, recorded per block of memory: the other half of the Function base's version check.

An op saves NumPy arrays for backward.  If those numbers change before backward runs, the gradient is
silently wrong, so every in-place write is recorded here as an *edit stamp* (the engine-wide edit
count, ``EDIT_COUNT``) on the memory block it touched.  A node remembers the count at
its creation; at backward, a saved array whose block carries a later stamp was edited in between.

Stamps belong to memory blocks (the array that owns the memory), not to tensors: a write through any
view — ``x.data[0] = 5``, ``x.T.data += 1``, a reshaped tensor sharing x's memory — reaches every
array saved from that block, like PyTorch's version counter shared between views.

Writes are seen when they go through the tensor (``assign``, optimizer steps, ``t.data = ...``) or
through the array ``Tensor.data`` returns: a :class:`TrackedArray`, an ordinary ``np.ndarray``
subclass whose writing methods (``a[i] = v``, ``a += 1``, ``a.fill``, ``a.sort``, ``np.add(..,
out=a)``, ``np.copyto(a, ..)``, ``a.flat[i] = v`` ...) record the edit after doing it.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np


class _EditCount:
    """The engine-wide count of in-place edits (``value``), shared by all threads: an edit in one
    thread must be seen by a backward in another, so it is not per-thread state."""

    def __init__(self):
        self._lock = threading.Lock()
        self.value = 0

    def next(self) -> int:
        with self._lock:  # value only ever grows, whatever the threads' interleaving
            self.value += 1
            return self.value


EDIT_COUNT = _EditCount()

# id(memory-owning array) -> (stamp of its latest in-place edit, weak reference to that array).
# The weak reference's callback forgets the entry when the array dies, so ids are never confused.
_edit_stamps: dict[int, tuple[int, weakref.ref]] = {}


def memory_root(array: np.ndarray) -> np.ndarray:
    """The array at the end of ``array.base``: the one whose memory ``array`` looks into."""
    base = array.base
    while isinstance(base, np.ndarray):
        array, base = base, base.base
    return array


def record_edit(array: np.ndarray) -> int:
    """Note that ``array``'s memory was just changed in place; return the new stamp."""
    root = memory_root(array)
    stamp = EDIT_COUNT.next()
    key = id(root)
    entry = _edit_stamps.get(key)
    if entry is not None and entry[1]() is root:
        ref = entry[1]
    else:
        ref = weakref.ref(root, lambda dead, key=key: _forget(key, dead))
    _edit_stamps[key] = (stamp, ref)
    return stamp


def last_edit(array: np.ndarray) -> int:
    """Stamp of the latest in-place edit of ``array``'s memory (0: never edited)."""
    root = memory_root(array)
    entry = _edit_stamps.get(id(root))
    return entry[0] if entry is not None and entry[1]() is root else 0


def _forget(key: int, dead_ref: weakref.ref) -> None:
    entry = _edit_stamps.get(key)
    if entry is not None and entry[1] is dead_ref:
        del _edit_stamps[key]


def tracked(array: np.ndarray) -> TrackedArray:
    """A view of ``array`` whose in-place writes are recorded (what ``Tensor.data`` returns)."""
    return array.view(TrackedArray)


def _plain(value):
    return value.view(np.ndarray) if isinstance(value, TrackedArray) else value


def _plain_if_new(result, source: np.ndarray):
    """A result that does not look into ``source``'s memory is an ordinary array."""
    if isinstance(result, TrackedArray) and memory_root(result) is not memory_root(source):
        return result.view(np.ndarray)
    return result


def _record_if_tracked(value) -> None:
    if isinstance(value, TrackedArray):
        record_edit(value)


class TrackedArray(np.ndarray):
    """A NumPy array (a view of a tensor's memory) that records its in-place writes.

    It behaves like the ``np.ndarray`` it is; results of arithmetic and copies are plain arrays.
    Not seen: writes through a plain view made from it (``np.asarray(x.data)``), ``np.nditer``,
    and C code handed its buffer.
    """

    __slots__ = ()

    # --- writes --------------------------------------------------------------------------------
    def __setitem__(self, index, value):
        super().__setitem__(index, value)
        record_edit(self)

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        if out is not None:
            kwargs["out"] = tuple(_plain(o) for o in out)
        result = getattr(ufunc, method)(*[_plain(x) for x in inputs], **kwargs)
        if method == "at":  # np.add.at(a, idx, v) writes into its first argument
            _record_if_tracked(inputs[0])
        if out is None:
            return result
        for o in out:
            _record_if_tracked(o)
        return out[0] if len(out) == 1 else out  # `a += 1` must give back `a` itself

    def __array_function__(self, func, types, args, kwargs):
        result = super().__array_function__(func, types, args, kwargs)
        if func in _WRITES_FIRST_ARGUMENT and args:
            _record_if_tracked(args[0])
        out = kwargs.get("out")
        for o in out if isinstance(out, tuple) else (out,):
            _record_if_tracked(o)
        return _plain_if_new(result, self)

    def byteswap(self, inplace=False):
        result = super().byteswap(inplace)
        if inplace:
            record_edit(self)
        return result

    @property
    def flat(self):
        return _TrackedFlat(self)

    @flat.setter
    def flat(self, value):
        self.view(np.ndarray).flat = value
        record_edit(self)

    # --- new arrays are plain ------------------------------------------------------------------
    def __getitem__(self, index):  # a[1:3] is a tracked view, a[[0, 2]] a plain copy
        return _plain_if_new(super().__getitem__(index), self)

    def copy(self, order="C"):
        return self.view(np.ndarray).copy(order)

    def astype(self, dtype, *args, **kwargs):
        return self.view(np.ndarray).astype(dtype, *args, **kwargs)

    def flatten(self, order="C"):
        return self.view(np.ndarray).flatten(order)

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):  # pickles as a plain array
        return self.view(np.ndarray).__reduce__()

    def __repr__(self):
        return repr(self.view(np.ndarray))


def _wrap_method(name: str, finish):
    """ndarray's method ``name``, its result passed through ``finish(array, result)``."""
    method = getattr(np.ndarray, name)

    def wrapper(self, *args, **kwargs):
        result = finish(self, method(self, *args, **kwargs))
        _record_if_tracked(kwargs.get("out"))  # a.dot(b, out=c.data), a.argmax(out=...)
        return result

    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


def _recorded(array, result):
    record_edit(array)
    return result


def _plain_copy(array, result):
    return _plain_if_new(result, array)


for _name in ("fill", "sort", "put", "partition", "resize", "setfield"):  # they write in place
    setattr(TrackedArray, _name, _wrap_method(_name, _recorded))
for _name in ("argmax", "argmin", "argsort", "argpartition", "take", "repeat", "compress", "choose",
              "dot", "searchsorted"):  # they make new arrays
    setattr(TrackedArray, _name, _wrap_method(_name, _plain_copy))

_WRITES_FIRST_ARGUMENT = frozenset(
    [np.copyto, np.put, np.place, np.putmask, np.fill_diagonal, np.put_along_axis])


class _TrackedFlat:
    """``a.flat`` of a TrackedArray: reads pass through, ``a.flat[i] = v`` is recorded."""

    __slots__ = ("_array", "_flat")

    def __init__(self, array: TrackedArray):
        self._array, self._flat = array, array.view(np.ndarray).flat

    def __getitem__(self, index):
        return self._flat[index]

    def __setitem__(self, index, value):
        self._flat[index] = value
        record_edit(self._array)

    def __iter__(self):
        return iter(self._flat)

    def __len__(self):
        return len(self._flat)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self._flat.copy(), dtype=dtype)

    def __getattr__(self, name):  # base, coords, index, copy ...
        return getattr(self._flat, name)
