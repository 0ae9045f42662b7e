"""``network.params`` as the book uses it, and ``save_params`` / ``load_params`` without pickle.

``LiveParams`` is a dict from the book's names ('W1', 'b1', ...) to the network's own engine
Parameters.  The book's update ``params[key] -= lr * grad[key]`` changes the Parameter in place;
assigning an array (``params['W1'] = W``) copies it into the Parameter, so the network always
computes with what ``params`` shows.
"""

from __future__ import annotations

import os

import numpy as np

from ..nn.module import Parameter, load_npz
from ..tensor import Tensor

__all__ = ["BookParameter", "LiveParams", "PICKLE_REFUSED", "refuse_pickle"]


class BookParameter(Parameter):
    """A book network's Parameter, which the book's code also reads as a NumPy array.

    It is the engine's Parameter (the network's layers compute with it, backward fills its
    ``.grad``, ``p -= x`` updates it in place), with two array habits of the book's code:
    ``np.zeros_like(params[key])`` / ``np.sqrt(...)`` / ``plt.imshow(...)`` see its numbers (a
    read-only view), and ``params['W1'][i]`` is the i-th slice of the numbers as a NumPy view (the
    book's ch07 filter pictures), writes to which are recorded like writes to ``.data``.  Graphs
    are built by the network's own methods; to differentiate through a slice use
    ``Tensor.__getitem__(p, i)``.
    """

    __slots__ = ()

    def __array__(self, dtype=None, copy=None):
        return self.detach().__array__(dtype, copy)

    def __getitem__(self, index):
        if isinstance(index, tuple):
            index = tuple(i.data if isinstance(i, Tensor) else i for i in index)
        elif isinstance(index, Tensor):
            index = index.data
        return self.data[index]

    @classmethod
    def adopt(cls, param: Parameter) -> BookParameter:
        """Make the model's own Parameter a BookParameter in place (the same object)."""
        if type(param) is Parameter:
            param.__class__ = cls
        return param


class LiveParams(dict):
    """name -> Parameter of a network; item assignment writes into that Parameter."""

    def __setitem__(self, key, value):
        if key not in self:
            raise KeyError(f"network.params has no {key!r}; its names are {list(self)}. The "
                           f"parameters are fixed by the network's constructor")
        param = dict.__getitem__(self, key)
        if value is param:  # `params[key] -= x` already changed the Parameter in place
            return
        array = value.data if isinstance(value, Tensor) else np.asarray(value)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"network.params[{key!r}] must be numbers, got {type(value).__name__} "
                            f"of dtype {array.dtype}")
        if array.shape != param.shape:
            raise ValueError(f"network.params[{key!r}] has shape {param.shape}; the new value has "
                             f"shape {array.shape}. A network's parameter keeps its shape")
        if array.dtype.kind == "f" and array.dtype != param.dtype:
            param.data = np.array(array)  # a dtype change (the book's astype(np.float16)); a copy
        else:
            param.assign(array.astype(param.dtype, copy=False))

    def __delitem__(self, key):
        raise TypeError("network.params cannot lose a parameter: the network's layers use them all")

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default  # raises: the names are fixed
        return self[key]

    def pop(self, *args):
        raise TypeError("network.params cannot lose a parameter: the network's layers use them all")

    popitem = clear = pop

    def copy(self) -> dict:
        """A plain dict of the same Parameters (changing it does not change the network)."""
        return dict(self)

    def __reduce__(self):  # copy.copy / deepcopy give plain dicts
        return dict, (dict(self),)


_PICKLE_PROTOCOL_MARK = b"\x80"

PICKLE_REFUSED = (
    "{path!r} is a Python pickle (the format of the book's save_params). tinygrad_ko never loads "
    "pickles: unpickling a file can run any code hidden in it. To convert a pickle you trust, run in "
    "the book's own environment:\n"
    "    import pickle, numpy as np\n"
    "    with open({path!r}, 'rb') as f: params = pickle.load(f)\n"
    "    np.savez('params.npz', **params)\n"
    "then load it here with network.load_params('params.npz'). (Files written by this save_params "
    "are already in the safe .npz format, whatever their name.)")


def refuse_pickle(path) -> None:
    """Raise a ValueError that explains the refusal if ``path`` holds a pickle; else nothing."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {path!r}; save_params(file_name) writes it (the "
                                f"path is taken from the current directory)")
    with open(path, "rb") as f:
        head = f.read(2)
    if head[:1] == _PICKLE_PROTOCOL_MARK and head[1:2] and 2 <= head[1] <= 5:
        raise ValueError(PICKLE_REFUSED.format(path=path))


def read_params_file(path) -> dict:
    """The arrays of an .npz file written by save_params (pickles refused with an explanation)."""
    refuse_pickle(path)
    return load_npz(path)
