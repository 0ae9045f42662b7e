"""Training loop: epochs of mini-batches, evaluation each epoch, history, progress bars, checkpoints.

One epoch, as the book's section 4.5 trains a network::

    model.train()
    for x_batch, t_batch in train_loader:        # true epochs: every sample once
        loss = loss_of(model, x_batch, t_batch)  # forward
        optimizer.zero_grad(); loss.backward(); optimizer.step()
    model.eval(); with no_grad(): accuracy on the train set and the full test set

``train_acc`` is measured like the book's ``network.accuracy(x_train, t_train)``: after the epoch,
with the epoch's final weights, in eval mode (no dropout, batch-norm running statistics) over the
whole training set. That costs one extra forward pass over the training data (roughly a quarter
of an epoch); ``Trainer(..., eval_train=False)`` uses the running accuracy of the epoch's
mini-batch predictions instead (train mode, weights changing while the epoch runs).
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .datasets import check_flag
from .nn import functional as F
from .tensor import Tensor, no_grad

__all__ = ["History", "Trainer", "evaluate", "predict", "predict_logits"]


# --- history ------------------------------------------------------------------------------------
@dataclass
class History:
    """What a Trainer measured: one entry per finished epoch, one per iteration for the loss.

    ``loss``: mean training loss of the epoch; ``train_acc``/``test_acc``: accuracy after the epoch
    (``nan`` when not measured); ``test_loss``: mean cross-entropy on the test set; ``seconds``:
    wall time of the epoch including evaluation; ``iteration_loss``: the loss of every mini-batch.
    """

    loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    test_acc: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    iteration_loss: list = field(default_factory=list)
    interrupted: bool = False

    @property
    def epochs(self) -> int:
        """Number of finished epochs."""
        return len(self.loss)

    @property
    def best_epoch(self) -> int | None:
        """1-based epoch with the highest test accuracy (train accuracy if there is no test set).

        Ties go to the earliest epoch; ``None`` before the first finished epoch.
        """
        scores = _selection_scores(self)
        if not scores or all(math.isnan(s) for s in scores):
            return None
        return int(np.nanargmax(scores)) + 1

    def __repr__(self) -> str:
        """One short line: epochs, the last loss and accuracies, the best epoch."""
        parts = [f"{self.epochs} epoch{'' if self.epochs == 1 else 's'}"]
        if not self.epochs:
            parts.append(f"{len(self.iteration_loss)} iterations")
        for label, values in (("loss", self.loss), ("train_acc", self.train_acc),
                              ("test_acc", self.test_acc)):
            if values and not math.isnan(values[-1]):
                parts.append(f"{label} {values[-1]:.4f}")
        if self.best_epoch is not None:
            parts.append(f"best epoch {self.best_epoch}")
        if self.interrupted:
            parts.append("interrupted")
        return f"History({', '.join(parts)})"

    def to_dict(self) -> dict:
        """Plain lists and numbers (JSON-ready apart from ``nan`` entries)."""
        data = asdict(self)
        data.update(epochs=self.epochs, best_epoch=self.best_epoch)
        return data

    def plot(self, path) -> Path:
        """Write the learning-curve PNG (needs matplotlib: ``pip install "tinygrad_ko[plot]"``)."""
        from .plots import plot_learning_curves

        return plot_learning_curves(self, path)

    def _record_epoch(self, loss, train_acc, test_loss, test_acc, seconds) -> None:
        for name, value in (("loss", loss), ("train_acc", train_acc), ("test_loss", test_loss),
                            ("test_acc", test_acc), ("seconds", seconds)):
            getattr(self, name).append(float(value))


def _selection_scores(history: History) -> list:
    """The numbers the best epoch (and the checkpoint) is chosen by."""
    has_test = any(not math.isnan(a) for a in history.test_acc)
    return list(history.test_acc if has_test else history.train_acc)


# --- inference helpers --------------------------------------------------------------------------
def predict_logits(model, x, batch_size: int = 500) -> np.ndarray:
    """The model's raw outputs for ``x``, computed in batches under ``no_grad`` in eval mode."""
    x = _as_array(x, "x")
    _check_batch_size(batch_size)
    with no_grad(), _mode(model, training=False):
        outputs = [_forward(model, x[i:i + batch_size]) for i in range(0, len(x), batch_size)]
    if not outputs:
        raise ValueError("predict got 0 samples; pass at least one row in x")
    return np.concatenate(outputs)


def predict(model, x, batch_size: int = 500) -> np.ndarray:
    """Predicted class indices (argmax of the outputs), batched, under ``no_grad``, in eval mode."""
    return np.argmax(predict_logits(model, x, batch_size), axis=1)


def evaluate(model, x, t, batch_size: int = 500, loss_fn=None) -> tuple[float, float]:
    """(mean loss, accuracy) of ``model`` on all of ``x``/``t``: batched, ``no_grad``, eval mode.

    The loss is ``loss_fn(logits, t)`` (default: ``F.cross_entropy``, the data loss without any
    weight-decay term), averaged over samples, so the batch size does not change the result.
    ``t``: class indices (N,) or one-hot rows (N, K).
    """
    x, t = _as_array(x, "x"), _as_array(t, "t")
    _check_pair(x, t)
    _check_batch_size(batch_size)
    batches = ((x[i:i + batch_size], t[i:i + batch_size]) for i in range(0, len(x), batch_size))
    return _evaluate_batches(model, batches, loss_fn)


def _evaluate_batches(model, batches, loss_fn=None) -> tuple[float, float]:
    """Sample-weighted mean loss and accuracy over an iterable of (x, t) array batches."""
    loss_fn = loss_fn or F.cross_entropy
    total_loss, correct, count = 0.0, 0, 0
    with no_grad(), _mode(model, training=False):
        for x, t in batches:
            logits = model(Tensor(x))
            total_loss += float(loss_fn(logits, t).item()) * len(x)
            correct += _count_correct(logits.data, t)
            count += len(x)
    if count == 0:
        raise ValueError("evaluate got 0 samples; pass a non-empty test set")
    return total_loss / count, correct / count


# --- the trainer --------------------------------------------------------------------------------
class Trainer:
    """Train ``model`` with ``optimizer`` on ``train_loader``; evaluate on ``test_data`` each epoch.

    ``train_loader``: iterable of (x_batch, t_batch) NumPy arrays, e.g. ``DataLoader``.
    ``test_data``: ``(x_test, t_test)`` arrays (evaluated in batches of ``eval_batch_size``), an
    iterable of batches such as a ``DataLoader``, or ``None``.
    ``loss_fn(logits, t) -> scalar Tensor``; when ``None``, the model's own ``loss(x, t)`` is used
    if it has one (it may add weight decay; the running accuracy reads the logits its forward
    returned on the way), else ``F.cross_entropy(model(x), t)``.
    ``checkpoint``: path where ``model.save`` keeps the parameters of the best epoch (highest test
    accuracy). ``progress``: tqdm bars with loss and accuracy. ``log``: ``print``, any callable
    taking a string, or ``None`` for silence. ``eval_train``: see the module docstring.
    ``strategy``: who runs each training step; ``None`` runs it here, a
    ``tinygrad_ko.distributed.DataParallel`` splits every batch over Ray workers (its
    ``train_step(trainer, x, t)`` returns what ``_train_step`` returns).
    """

    def __init__(self, model, optimizer, train_loader, test_data=None, *, loss_fn=None, epochs=10,
                 eval_batch_size=500, checkpoint=None, progress=True, log=print, eval_train=True,
                 strategy=None):
        _check_epochs(epochs)
        _check_batch_size(eval_batch_size, "eval_batch_size")
        check_flag(progress, "progress", "Trainer")
        check_flag(eval_train, "eval_train", "Trainer")
        if log is not None and not callable(log):
            raise TypeError(f"log must be a callable such as print, or None, got {type(log).__name__}")
        if not (callable(model) and callable(getattr(model, "train", None))):
            raise TypeError(f"model must be a Module (an nn.Module such as models.TwoLayerNet(...)), "
                            f"got {type(model).__name__}; wrap a function in an nn.Module subclass")
        _check_optimizer(optimizer)
        _check_loader(train_loader)
        self.model, self.optimizer, self.train_loader = model, optimizer, train_loader
        self.test_data = _check_test_data(test_data)
        self.loss_fn, self.epochs, self.eval_batch_size = loss_fn, epochs, eval_batch_size
        self.checkpoint = None if checkpoint is None else Path(checkpoint)
        self.progress, self.log, self.eval_train = progress, log or (lambda message: None), eval_train
        self.history = History()
        self._best_score = -math.inf
        if strategy is not None and not callable(getattr(strategy, "train_step", None)):
            raise TypeError(f"strategy must have a train_step(trainer, x, t) method, such as "
                            f"tinygrad_ko.distributed.DataParallel, got {type(strategy).__name__}")
        self.strategy = strategy

    # -- public ---------------------------------------------------------------------------------
    def fit(self, epochs: int | None = None) -> History:
        """Train ``epochs`` more epochs (default: the constructor's) and return the history.

        Calling ``fit`` again continues training and extends the same history. Ctrl-C stops
        cleanly: the finished epochs stay in the history, ``history.interrupted`` becomes True.
        The model's train/eval mode is restored to what it was before.
        """
        epochs = self.epochs if epochs is None else _check_epochs(epochs)
        first = self.history.epochs + 1
        last = first + epochs - 1
        with _mode(self.model, training=None):
            try:
                for epoch in range(first, last + 1):
                    self._run_epoch(epoch, last)
            except KeyboardInterrupt:
                self.history.interrupted = True
                self.log(f"interrupted during epoch {self.history.epochs + 1}; keeping the "
                         f"history of {self.history.epochs} finished epoch(s)")
        return self.history

    def evaluate(self) -> tuple[float, float]:
        """(loss, accuracy) on the test data, or ``(nan, nan)`` without test data."""
        if self.test_data is None:
            return math.nan, math.nan
        return _evaluate_batches(self.model, self._test_batches(), self._eval_loss_fn())

    # -- one epoch ------------------------------------------------------------------------------
    def _run_epoch(self, epoch: int, last: int) -> None:
        started = time.perf_counter()
        loss_sum, correct, seen = 0.0, 0, 0
        bar = self._progress_bar(epoch, last)
        try:
            self.model.train()
            for iteration, batch in enumerate(self.train_loader, 1):
                x, t = _batch_pair(batch)
                loss, batch_correct = self._train_step(x, t)
                self._check_finite(loss, epoch, iteration)
                self.history.iteration_loss.append(loss)
                loss_sum, seen = loss_sum + loss * len(x), seen + len(x)
                correct = None if correct is None or batch_correct is None else correct + batch_correct
                if bar is not None:
                    bar.update(1)
                    if iteration % 10 == 1:
                        bar.set_postfix(_postfix(loss_sum, correct, seen), refresh=False)
        finally:
            if bar is not None:
                bar.close()
        if seen == 0:
            raise ValueError("train_loader yielded no batches; give it at least one sample")
        running_acc = math.nan if correct is None else correct / seen
        self._finish_epoch(epoch, last, loss_sum / seen, running_acc, started)

    def _train_step(self, x, t) -> tuple[float, int | None]:
        """Forward, loss, zero_grad, backward, step; returns (loss, correct count or None)."""
        if self.strategy is not None:
            return self.strategy.train_step(self, x, t)
        logits, loss = self._forward_loss(Tensor(_as_array(x, "x batch")), t)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        batch_correct = None if logits is None else _count_correct(logits.data, t)
        return float(loss.item()), batch_correct

    def _forward_loss(self, x: Tensor, t):
        return forward_loss(self.model, self.loss_fn, x, t)

    def _finish_epoch(self, epoch, last, mean_loss, running_acc, started) -> None:
        train_acc = self._train_accuracy() if self.eval_train else running_acc
        test_loss, test_acc = self.evaluate()
        self.history._record_epoch(mean_loss, train_acc, test_loss, test_acc,
                                   time.perf_counter() - started)
        self._maybe_save_checkpoint()
        self.log(_epoch_line(epoch, last, mean_loss, train_acc, test_acc, self.history.seconds[-1]))

    def _train_accuracy(self) -> float:
        return _evaluate_batches(self.model, self._train_batches(), self._eval_loss_fn())[1]

    def _maybe_save_checkpoint(self) -> None:
        score = _selection_scores(self.history)[-1]
        if math.isnan(score) or score <= self._best_score:
            return
        self._best_score = score
        if self.checkpoint is not None:
            self.checkpoint.parent.mkdir(parents=True, exist_ok=True)
            self.model.save(self.checkpoint)

    # -- small helpers --------------------------------------------------------------------------
    def _eval_loss_fn(self):
        return self.loss_fn or F.cross_entropy

    def _train_batches(self):
        """Batches of the whole training set, without disturbing the loader's shuffling."""
        arrays = _loader_arrays(self.train_loader)
        if arrays is None:
            return iter(self.train_loader)
        x, t = arrays
        size = self.eval_batch_size
        return ((x[i:i + size], t[i:i + size]) for i in range(0, len(x), size))

    def _test_batches(self):
        if isinstance(self.test_data, tuple):
            x, t = self.test_data
            size = self.eval_batch_size
            return ((x[i:i + size], t[i:i + size]) for i in range(0, len(x), size))
        return iter(self.test_data)

    def _progress_bar(self, epoch, last):
        if not self.progress:
            return None
        bar, disable = _progress_bar_class()
        if bar is None:
            return None
        total = _safe_len(self.train_loader)
        return bar(total=total, desc=f"epoch {epoch}/{last}", unit="batch", leave=False,
                   dynamic_ncols=True, disable=disable)

    def _check_finite(self, loss: float, epoch: int, iteration: int) -> None:
        if not math.isfinite(loss):
            raise FloatingPointError(
                f"the training loss became {loss} at epoch {epoch}, iteration {iteration}; "
                f"training diverged. Fix: lower the learning rate (or check the inputs for NaN); "
                f"trainer.history keeps the {self.history.epochs} finished epoch(s)")


# --- module helpers -----------------------------------------------------------------------------
def forward_loss(model, loss_fn, x: Tensor, t):
    """(logits or None, loss), from ``loss_fn`` or else from the model's own ``loss(x, t)``.

    The one place that decides how a training step's loss is computed (also used by each
    worker of ``tinygrad_ko.distributed``).  One forward pass either way: with the model's own
    ``loss`` the logits are what its forward returned on the way (None when the model is not an
    ``nn.Module``, whose forward can be observed)."""
    if loss_fn is None and callable(getattr(model, "loss", None)):
        return _loss_and_logits(model, x, t)
    logits = model(x)
    return logits, (loss_fn or F.cross_entropy)(logits, t)


def _loss_and_logits(model, x: Tensor, t):
    """``model.loss(x, t)`` and the output of the first forward call it makes (a forward hook
    that lives for this one call)."""
    register = getattr(model, "register_forward_hook", None)
    if not callable(register):
        return None, model.loss(x, t)
    outputs = []
    handle = register(lambda module, inputs, output: outputs.append(output))
    try:
        loss = model.loss(x, t)
    finally:
        handle.remove()
    logits = outputs[0] if outputs and isinstance(outputs[0], Tensor) else None
    return logits, loss


def _progress_bar_class():
    """(tqdm class, its ``disable``): the widget bar in Jupyter when ipywidgets can draw it; in a
    notebook without ipywidgets no bar at all (tqdm.auto would warn and print text bars); the text
    bar elsewhere, with ``disable=None`` (a terminal shows it, a log file or a pipe does not)."""
    if _in_notebook():
        try:
            import ipywidgets  # noqa: F401
            from tqdm.notebook import tqdm as notebook_bar
        except ImportError:
            return None, True
        return notebook_bar, False
    from tqdm import tqdm as text_bar

    return text_bar, None


def _in_notebook() -> bool:
    """Running inside a Jupyter kernel (IPython with a kernel app), not a terminal IPython."""
    import sys

    if "IPython" not in sys.modules:
        return False
    shell = sys.modules["IPython"].get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


@contextlib.contextmanager
def _mode(model, training: bool | None):
    """Switch ``model`` to train (True) or eval (False) mode, restoring the previous mode after.

    ``training=None`` switches nothing but still restores the mode on the way out.
    """
    was_training = getattr(model, "training", None)
    if training is not None:
        _set_mode(model, training)
    try:
        yield
    finally:
        if was_training is not None:
            _set_mode(model, was_training)


def _set_mode(model, training: bool) -> None:
    method = getattr(model, "train" if training else "eval", None)
    if callable(method):
        method()


def _forward(model, x: np.ndarray) -> np.ndarray:
    return model(Tensor(x)).data


def _count_correct(logits: np.ndarray, t) -> int:
    t = np.asarray(t.data if isinstance(t, Tensor) else t)
    labels = np.argmax(t, axis=1) if t.ndim == 2 else t
    return int(np.sum(np.argmax(logits, axis=1) == labels))


def _postfix(loss_sum: float, correct, seen: int) -> dict:
    postfix = {"loss": f"{loss_sum / seen:.4f}"}
    if correct is not None:
        postfix["acc"] = f"{correct / seen:.4f}"
    return postfix


def _epoch_line(epoch, last, loss, train_acc, test_acc, seconds) -> str:
    parts = [f"epoch {epoch}/{last}", f"loss {loss:.4f}"]
    if not math.isnan(train_acc):
        parts.append(f"train {train_acc:.4f}")
    if not math.isnan(test_acc):
        parts.append(f"test {test_acc:.4f}")
    parts.append(f"{seconds:.1f} s")
    return "  ".join(parts)


def _loader_arrays(loader):
    """The (x, t) arrays behind a DataLoader-like object, or None if it does not expose them."""
    for x_name, t_name in (("x", "t"), ("images", "labels"), ("data", "targets")):
        x, t = getattr(loader, x_name, None), getattr(loader, t_name, None)
        if isinstance(x, np.ndarray) and isinstance(t, np.ndarray) and len(x) == len(t):
            return x, t
    return None


def _safe_len(obj):
    try:
        return len(obj)
    except TypeError:
        return None


def _as_array(value, name: str) -> np.ndarray:
    if isinstance(value, Tensor):
        return value.data
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric array, got dtype {array.dtype}")
    return array


def _check_pair(x: np.ndarray, t: np.ndarray) -> None:
    if len(x) != len(t):
        raise ValueError(f"x has {len(x)} samples but t has {len(t)} labels; give one label per "
                         f"sample")


def _check_test_data(test_data):
    if test_data is None or not isinstance(test_data, (tuple, list)):
        if test_data is not None and not hasattr(test_data, "__iter__"):
            raise TypeError(f"test_data must be (x_test, t_test) arrays, a DataLoader or None, got "
                            f"{type(test_data).__name__}")
        return test_data
    if len(test_data) != 2:
        raise ValueError(f"test_data must be a pair (x_test, t_test), got {len(test_data)} items")
    x, t = _as_array(test_data[0], "x_test"), _as_array(test_data[1], "t_test")
    _check_pair(x, t)
    if len(x) == 0:
        raise ValueError("test_data is empty; pass at least one test sample or test_data=None")
    return x, t


def _check_optimizer(optimizer) -> None:
    if not (callable(getattr(optimizer, "step", None)) and callable(getattr(optimizer, "zero_grad", None))):
        raise TypeError(f"optimizer must have step() and zero_grad(), got {type(optimizer).__name__}; "
                        f"pass e.g. optim.SGD(model.parameters(), lr=0.1)")


def _check_loader(loader) -> None:
    if not hasattr(loader, "__iter__") or isinstance(loader, (str, bytes, np.ndarray)):
        raise TypeError(f"train_loader must be an iterable of (x_batch, t_batch) pairs, got "
                        f"{type(loader).__name__}; pass e.g. DataLoader(x, t, batch_size=100)")


def _batch_pair(batch) -> tuple:
    """``(x, t)`` of one item of the training loader, or a TypeError saying what it was."""
    if isinstance(batch, (tuple, list)) and len(batch) == 2:
        return batch
    shape = f" of shape {batch.shape}" if hasattr(batch, "shape") else ""
    size = f" with {len(batch)} items" if isinstance(batch, (tuple, list)) else ""
    raise TypeError(f"train_loader must yield (x_batch, t_batch) pairs, it yielded a "
                    f"{type(batch).__name__}{shape}{size}; pass e.g. DataLoader(x, t, batch_size=100)")


def _check_epochs(epochs) -> int:
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive whole number, got {epochs!r}")
    return int(epochs)


def _check_batch_size(batch_size, name: str = "batch_size") -> None:
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"{name} must be a positive whole number, got {batch_size!r}")
