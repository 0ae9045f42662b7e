"""The book's ``common/trainer.py``: ``Trainer(network, x_train, t_train, x_test, t_test, ...)``.

``train()`` runs ``epochs × (train size / mini_batch_size)`` iterations; each draws a random
mini-batch (with replacement, from NumPy's global generator, as the book does), asks
``network.gradient`` for the gradients, lets the optimizer update ``network.params``, and records the
loss.  At the start of every epoch it measures train and test accuracy.  The prints are the book's:

    train loss:2.2998...
    === epoch:1, train acc:0.112, test acc:0.105 ===
    =============== Final Test Accuracy ===============
    test acc:0.957
"""

from __future__ import annotations

import numpy as np

from ..train import _check_epochs
from . import optimizer as optimizers

__all__ = ["Trainer"]

OPTIMIZERS = {"sgd": optimizers.SGD, "momentum": optimizers.Momentum,
              "nesterov": optimizers.Nesterov, "adagrad": optimizers.AdaGrad,
              "rmsprop": optimizers.RMSprop, "adam": optimizers.Adam}


class Trainer:
    """Trains a book network with one of the book's optimizers, by name."""

    def __init__(self, network, x_train, t_train, x_test, t_test, epochs=20, mini_batch_size=100,
                 optimizer='SGD', optimizer_param=None, evaluate_sample_num_per_epoch=None,
                 verbose=True):
        self.network = network
        self.verbose = verbose
        self.x_train, self.t_train = x_train, t_train
        self.x_test, self.t_test = x_test, t_test
        self.epochs = epochs
        self.batch_size = mini_batch_size
        self.evaluate_sample_num_per_epoch = evaluate_sample_num_per_epoch
        self.optimizer = _make_optimizer(optimizer, {'lr': 0.01} if optimizer_param is None
                                         else optimizer_param)
        if len(x_train) != len(t_train) or len(x_test) != len(t_test):
            raise ValueError(f"Trainer: {len(x_train)} training inputs with {len(t_train)} labels, "
                             f"{len(x_test)} test inputs with {len(t_test)} labels; each pair must "
                             f"match")
        if isinstance(mini_batch_size, bool) or not isinstance(mini_batch_size, (int, np.integer)) \
                or mini_batch_size < 1:
            raise ValueError(f"Trainer: mini_batch_size must be a positive integer, got "
                             f"{mini_batch_size!r}")
        _check_epochs(epochs)
        if len(x_train) == 0:
            raise ValueError("Trainer: the training set is empty (x_train has 0 samples); pass at "
                             "least one training sample")
        sample = evaluate_sample_num_per_epoch
        if sample is not None and (isinstance(sample, bool) or not isinstance(sample, (int, np.integer))
                                   or sample < 1):
            raise ValueError(f"Trainer: evaluate_sample_num_per_epoch must be a positive integer or "
                             f"None (every sample), got {sample!r}")
        self.train_size = x_train.shape[0]
        self.iter_per_epoch = max(self.train_size / mini_batch_size, 1)
        self.max_iter = int(epochs * self.iter_per_epoch)
        self.current_iter = 0
        self.current_epoch = 0
        self.train_loss_list = []
        self.train_acc_list = []
        self.test_acc_list = []

    def train_step(self) -> None:
        """One mini-batch: gradient, update, loss; at an epoch's start also both accuracies."""
        batch_mask = np.random.choice(self.train_size, self.batch_size)
        x_batch, t_batch = self.x_train[batch_mask], self.t_train[batch_mask]
        grads = self.network.gradient(x_batch, t_batch)
        self.optimizer.update(self.network.params, grads)
        loss = self.network.loss(x_batch, t_batch)
        self.train_loss_list.append(loss)
        if self.verbose:
            print("train loss:" + str(loss))
        if self.current_iter % self.iter_per_epoch == 0:
            self.current_epoch += 1
            sample = self.evaluate_sample_num_per_epoch
            x_train, t_train, x_test, t_test = self.x_train, self.t_train, self.x_test, self.t_test
            if sample is not None:
                x_train, t_train = x_train[:sample], t_train[:sample]
                x_test, t_test = x_test[:sample], t_test[:sample]
            train_acc = self.network.accuracy(x_train, t_train)
            test_acc = self.network.accuracy(x_test, t_test)
            self.train_acc_list.append(train_acc)
            self.test_acc_list.append(test_acc)
            if self.verbose:
                print("=== epoch:" + str(self.current_epoch) + ", train acc:" + str(train_acc)
                      + ", test acc:" + str(test_acc) + " ===")
        self.current_iter += 1

    def train(self) -> None:
        """All ``max_iter`` steps, then the final accuracy on the whole test set."""
        for _ in range(self.max_iter):
            self.train_step()
        test_acc = self.network.accuracy(self.x_test, self.t_test)
        if self.verbose:
            print("=============== Final Test Accuracy ===============")
            print("test acc:" + str(test_acc))


def _make_optimizer(name, options):
    key = str(name).lower()
    if key == "rmsprpo":  # the book's trainer.py spells it so; its scripts then work unchanged
        key = "rmsprop"
    if key not in OPTIMIZERS:
        raise ValueError(f"Trainer: unknown optimizer {name!r}; choose one of "
                         f"{', '.join(OPTIMIZERS)} (any capitalisation, e.g. 'Adam')")
    try:
        return OPTIMIZERS[key](**options)
    except TypeError as err:
        raise TypeError(f"Trainer: optimizer_param {options!r} does not fit {name!r} ({err})") \
            from None
