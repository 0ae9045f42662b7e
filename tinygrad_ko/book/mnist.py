"""The book's ``dataset/mnist.py``: ``load_mnist(normalize=True, flatten=True, one_hot_label=False)``.

It is ``tinygrad_ko.datasets.load_mnist``: the four MNIST files from ``root=``, the cache folder
(``$TINYGRAD_KO_DATA``) or a download.  Offline, the real 4,000 + 1,000 image subset that ships
with tinygrad_ko is ``load_mnist_mini`` (same arguments and return value); a book script switches
to it by changing one import line: ``from tinygrad_ko.book import load_mnist_mini as load_mnist``
(after any ``from tinygrad_ko.book import *``, which would bring back the full ``load_mnist``).
"""

from __future__ import annotations

from .. import datasets
from ..datasets import DatasetNotFoundError, load_mnist_mini

__all__ = ["load_mnist", "load_mnist_mini"]

BOOK_OFFLINE = ("change the script's `from dataset.mnist import load_mnist` line to `from "
                "tinygrad_ko.book import load_mnist_mini as load_mnist` (placed after any `from "
                "tinygrad_ko.book import *`, which brings the full load_mnist): load_mnist_mini is "
                "the real 4,000 + 1,000 image MNIST subset that ships with tinygrad_ko")


def load_mnist(normalize=True, flatten=True, one_hot_label=False, **where):
    """((x_train, t_train), (x_test, t_test)) of MNIST, as the book's: images float32 in [0, 1]
    (``normalize``), flattened to (N, 784) (``flatten``, else (N, 1, 28, 28)); labels as indices or
    one-hot rows (``one_hot_label``).  ``where``: ``root=``, ``download=``, ``mirrors=``, ``kind=``
    of ``tinygrad_ko.datasets.load_mnist``.  When the data cannot be had: one
    ``DatasetNotFoundError`` that lists what was tried and names ``load_mnist_mini``."""
    try:
        return datasets.load_mnist(normalize=normalize, flatten=flatten,
                                   one_hot_label=one_hot_label, **where)
    except DatasetNotFoundError as err:
        error = DatasetNotFoundError(datasets.not_found_message(err.kind, err.tried,
                                                                offline=BOOK_OFFLINE))
        error.kind, error.tried = err.kind, err.tried
        raise error from None
