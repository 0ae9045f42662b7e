"""The book's networks — ``TwoLayerNet`` (ch05), ``MultiLayerNet`` and ``MultiLayerNetExtend``
(common/), ``SimpleConvNet`` (ch07), ``DeepConvNet`` (ch08) — as engine models with the book's
methods.

Each class *is* the engine model of ``tinygrad_ko.models`` (an ``nn.Module``: draw it with
``tinygrad_ko.viz``, check it with ``tinygrad_ko.testing``, train it with ``tinygrad_ko.nn.optim``)
and adds the book's interface on top:

    network.params                 {'W1': Parameter, 'b1': ...}: the model's own tensors (they
                                   also read as NumPy arrays); params[key] -= lr * grad[key]
                                   trains the network
    network.gradient(x, t)         backward() on the engine graph → {'W1': array, ...}
    network.numerical_gradient(x, t)   central differences, the same dict
    network.loss(x, t) / predict(x) / accuracy(x, t)   NumPy numbers, as the book returns them
    network.save_params(name) / load_params(name)      the engine's safe .npz, whatever the name

They compute in float64, NumPy's default and so the book's, unless ``dtype=`` says otherwise, and
take ``seed=`` for a reproducible start (by default the seed is drawn from NumPy's global
generator, so the book's ``np.random.seed(...)`` makes a run repeatable).
"""

from __future__ import annotations

import contextlib

import numpy as np

from .. import models, nn
from ..nn import functional as F
from ..nn.module import _cast_checked
from ..tensor import Tensor, enable_grad, no_grad
from ..train import _check_batch_size
from .gradient import numerical_gradient as _numerical_gradient
from .params import BookParameter, LiveParams, read_params_file

__all__ = ["DeepConvNet", "MultiLayerNet", "MultiLayerNetExtend", "SimpleConvNet", "TwoLayerNet"]


class BookDropout(nn.Module):
    """The book's Dropout (6장 6.4.3) as an engine layer: x·mask in training (each unit dropped
    with probability ``p``, survivors not rescaled), x·(1 - p) at test time."""

    def __init__(self, p, rng):
        super().__init__()
        self.p, self.rng = float(p), rng

    def forward(self, x):
        if self.training and self.p:
            return x * Tensor(F._kept_units(x, self.p, self.rng))
        return x * (1.0 - self.p)

    def extra_repr(self):
        return f"p={self.p}, the book's scaling"


class BookNetwork:
    """The book's network methods over an engine model; mixed in before a ``models`` class."""

    loss_train_flg = False  # the mode of loss(x, t) when train_flg is not given (book's default)

    def _become_book_network(self, dtype) -> None:
        """Convert to ``dtype`` and pin the book's ``params`` dict (called by each __init__)."""
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"{type(self).__name__}: dtype must be a floating-point type "
                            f"(np.float64, np.float32 ...), got {dtype}")
        self.astype(dtype)
        self._book_dropout_and_running_variance()
        self._params = LiveParams({key: BookParameter.adopt(p) for key, p in super().params.items()})

    def _book_dropout_and_running_variance(self) -> None:
        """The book's conventions where the engine follows PyTorch's: its Dropout (6.4.3) scales at
        test time, not in training, so the book's trained weights give the book's scores; its
        BatchNormalization's running variance starts at 0, not 1."""
        for module in self.modules():
            for name, child in module._modules.items():
                if isinstance(child, nn.Dropout):
                    module._modules[name] = BookDropout(child.p, child.rng)
            if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
                module.running_var = np.zeros_like(module.running_var)

    @property
    def params(self) -> LiveParams:
        """The book's ``params``: 'W1', 'b1', ... ('gamma1', 'beta1' for BatchNorm) → the model's
        own Parameters — the same objects as ``parameters()``."""
        return self._params

    # --- the book's methods ------------------------------------------------------------------------
    def predict(self, x, train_flg=False) -> np.ndarray:
        """The scores (before softmax) for ``x`` as a NumPy array; ``train_flg`` turns on dropout and
        batch statistics, as in the book."""
        with no_grad(), self._mode(train_flg):
            return self(self._input(x)).data.view(np.ndarray)

    def loss(self, x, t, train_flg=None):
        """The loss (softmax cross-entropy, plus ½λΣW² with weight decay) as a number.

        Given a Tensor ``x`` — the engine's way, e.g. from ``tinygrad_ko.train.Trainer`` — it is
        the engine's loss Tensor instead, in the network's current mode, ready for backward()."""
        if isinstance(x, Tensor):
            return self._loss(x, t, self.training if train_flg is None else train_flg)
        with no_grad():
            return float(self._loss(x, t, train_flg).item())

    def accuracy(self, x, t, batch_size=100) -> float:
        """The share of samples whose largest score is the label (``t``: labels or one-hot rows),
        computed ``batch_size`` samples at a time (a last partial batch counts too)."""
        t = np.asarray(t)
        labels = t if t.ndim == 1 else np.argmax(t, axis=1)
        if len(labels) != len(x):
            raise ValueError(f"accuracy: {len(x)} inputs but {len(labels)} labels")
        if len(x) == 0:
            raise ValueError("accuracy of an empty set is undefined; pass at least one sample")
        _check_batch_size(batch_size, "accuracy: batch_size")
        correct = sum(int(np.sum(np.argmax(self.predict(x[i:i + batch_size]), axis=1)
                                 == labels[i:i + batch_size])) for i in range(0, len(x), batch_size))
        return correct / len(x)

    def gradient(self, x, t) -> dict:
        """∂loss/∂param for every entry of ``params`` by one ``backward()`` on the engine's graph
        (training mode, as the book's gradient), as NumPy arrays."""
        self.zero_grad()
        with enable_grad():
            self._loss(x, t, train_flg=True).backward()
        return {key: (np.zeros(p.shape, p.dtype) if p.grad is None else np.array(p.grad.data))
                for key, p in self.params.items()}

    def numerical_gradient(self, x, t) -> dict:
        """The same dict as ``gradient`` by central differences (h = 1e-4): slow, for checking."""
        x = self._input(x)

        def loss_of_current_params(_):
            with no_grad():
                return float(self._loss(x, t, train_flg=True).item())

        return {key: _numerical_gradient(loss_of_current_params, p) for key, p in self.params.items()}

    def save_params(self, file_name="params.pkl") -> str:
        """Write every parameter and buffer to ``file_name`` in the engine's .npz format, atomically
        (never a pickle, whatever the name says); the engine's ``load`` reads it too."""
        return self.save(file_name)

    def load_params(self, file_name="params.pkl", allow_nonfinite=False) -> None:
        """Read a file written by ``save_params`` (or an .npz of the book's names 'W1', 'b1', ...).

        A pickle is refused with an explanation and the way to convert it; nothing is unpickled.
        As the engine's ``load``: shapes, NaN and infinities are checked for every parameter first
        and a failed load changes nothing (``allow_nonfinite=True`` loads NaN/inf on purpose)."""
        arrays = read_params_file(file_name)
        if set(arrays) <= set(self.params) and set(arrays):
            problems = []
            for key, array in arrays.items():
                if array.shape != self.params[key].shape:
                    problems.append(f"{key}: the file has shape {array.shape}, the network "
                                    f"{self.params[key].shape}")
                    continue
                # the dtype params[key] = array gives: the file's float dtype, else the network's
                dtype = array.dtype if array.dtype.kind == "f" else self.params[key].dtype
                problem = _cast_checked(array, dtype, allow_nonfinite)[1]
                if problem:
                    problems.append(f"{key}: {problem}")
            if problems:
                raise ValueError(f"load_params({file_name!r}) into {type(self).__name__} failed; "
                                 f"nothing was changed:\n  - " + "\n  - ".join(problems) +
                                 "\nFix: load parameters saved from the same network (same "
                                 "constructor arguments) after a training run that did not diverge"
                                 " (allow_nonfinite=True to load NaN or infinite values on purpose).")
            self.params.update(arrays)
        else:
            self.load_state_dict(arrays, allow_nonfinite=allow_nonfinite)

    # --- helpers ---------------------------------------------------------------------------------
    def _input(self, x) -> Tensor:
        """``x`` in the parameters' dtype (float64 by default; float16 after the book's
        ``params[key] = params[key].astype(np.float16)``)."""
        dtype = next(iter(self.params.values())).dtype
        if isinstance(x, Tensor):
            return x if x.dtype == dtype else x.astype(dtype)
        return Tensor(np.asarray(x, dtype=dtype))

    def _loss(self, x, t, train_flg) -> Tensor:
        """The engine's loss Tensor in the requested mode."""
        train_flg = self.loss_train_flg if train_flg is None else train_flg
        t = np.asarray(t.data if isinstance(t, Tensor) else t)
        if t.ndim == 2 and t.shape[1] == 1:  # a column of labels (the book's ch07 gradient check)
            t = t[:, 0]
        with self._mode(train_flg):
            return super().loss(self._input(x), t)

    @contextlib.contextmanager
    def _mode(self, train_flg):
        """Training mode (dropout on, batch statistics) when ``train_flg``, else eval; restored."""
        was_training = self.training
        self.train(bool(train_flg))
        try:
            yield
        finally:
            self.train(was_training)


def _seed(seed):
    """The given seed, or one drawn from NumPy's global generator (np.random.seed applies)."""
    return int(np.random.randint(0, 2**31 - 1)) if seed is None else seed


class TwoLayerNet(BookNetwork, models.TwoLayerNet):
    """5장 5.7절 (chapter 5, section 5.7): Affine1 → Relu1 → Affine2 → SoftmaxWithLoss."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, *, seed=None,
                 dtype=np.float64):
        super().__init__(input_size, hidden_size, output_size, weight_init_std, seed=_seed(seed))
        self._become_book_network(dtype)


class MultiLayerNet(BookNetwork, models.MultiLayerNet):
    """6장 (chapter 6): fully connected layers with ReLU or sigmoid and optional weight decay."""

    def __init__(self, input_size, hidden_size_list, output_size, activation="relu",
                 weight_init_std="relu", weight_decay_lambda=0, *, seed=None, dtype=np.float64):
        super().__init__(input_size, hidden_size_list, output_size, activation=activation,
                         weight_init_std=weight_init_std, weight_decay_lambda=weight_decay_lambda,
                         seed=_seed(seed))
        self._become_book_network(dtype)


class MultiLayerNetExtend(BookNetwork, models.MultiLayerNet):
    """6장 6.3–6.4절: MultiLayerNet with Dropout and BatchNorm.  As in the book, ``loss(x, t)``
    runs in test mode unless ``train_flg=True``.  The book's argument ``dropout_ration`` (sic) is
    accepted, and so is ``dropout_ratio``."""

    def __init__(self, input_size, hidden_size_list, output_size, activation="relu",
                 weight_init_std="relu", weight_decay_lambda=0, use_dropout=False,
                 dropout_ration=0.5, use_batchnorm=False, *, dropout_ratio=None, seed=None,
                 dtype=np.float64):
        ratio = dropout_ration if dropout_ratio is None else dropout_ratio
        super().__init__(input_size, hidden_size_list, output_size, activation=activation,
                         weight_init_std=weight_init_std, weight_decay_lambda=weight_decay_lambda,
                         use_dropout=use_dropout, dropout_ratio=ratio, use_batchnorm=use_batchnorm,
                         seed=_seed(seed))
        self._become_book_network(dtype)


class SimpleConvNet(BookNetwork, models.SimpleConvNet):
    """7장 7.5절: Conv1 → Relu1 → Pool1 → Affine1 → Relu2 → Affine2 (params W1 conv, W2, W3)."""

    def __init__(self, input_dim=(1, 28, 28),
                 conv_param={'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1},  # noqa: B006
                 hidden_size=100, output_size=10, weight_init_std=0.01, *, seed=None,
                 dtype=np.float64):
        super().__init__(input_dim, dict(conv_param), hidden_size, output_size, weight_init_std,
                         seed=_seed(seed))
        self._become_book_network(dtype)


class DeepConvNet(BookNetwork, models.DeepConvNet):
    """8장 8.1절: six 3×3 conv layers, three poolings, two affine layers with dropout (params W1–W8).
    As in the book, ``loss(x, t)`` runs in training mode (dropout on)."""

    loss_train_flg = True

    def __init__(self, input_dim=(1, 28, 28),
                 conv_param_1=models.DEEP_CONV_PARAMS[0], conv_param_2=models.DEEP_CONV_PARAMS[1],
                 conv_param_3=models.DEEP_CONV_PARAMS[2], conv_param_4=models.DEEP_CONV_PARAMS[3],
                 conv_param_5=models.DEEP_CONV_PARAMS[4], conv_param_6=models.DEEP_CONV_PARAMS[5],
                 hidden_size=50, output_size=10, *, dropout_ratio=0.5, seed=None, dtype=np.float64):
        conv_params = [dict(p) for p in (conv_param_1, conv_param_2, conv_param_3, conv_param_4,
                                         conv_param_5, conv_param_6)]
        super().__init__(input_dim, conv_params, hidden_size, output_size, dropout_ratio,
                         seed=_seed(seed))
        self._become_book_network(dtype)
