"""The book's graphs for the drawings: 5장 5.4's shopping examples and 7장's SimpleConvNet.

Each is computed with the engine (and backpropagated) and drawn with ``viz/draw.py``.  This room
sits above ``models`` (it builds the book's SimpleConvNet); the drawing room below it knows no
model.  Users reach it as ``tinygrad_ko.viz.book_graph`` and ``viz.book_forward``.
"""

from __future__ import annotations

import numpy as np

from ..models import SimpleConvNet
from ..tensor import Tensor
from .draw import draw_graph, format_number

__all__ = ["book_graph", "book_forward", "BOOK_GRAPHS"]

BOOK_GRAPHS = ("apple", "apple-orange", "simple-convnet")


def book_graph(name: str, *, with_summary: bool = False, batch_size: int = 100, seed: int = 0,
               **options):
    """One of the book's graphs, computed with the engine and backpropagated: a Digraph.

    ``name``: "apple" (100 × 2 × 1.1 = 220), "apple-orange" ((100×2 + 150×3) × 1.1 = 715) or
    "simple-convnet" (SimpleConvNet's ops on a batch of ``batch_size`` 1×28×28 images, one box per
    layer).  ``with_summary=True`` returns ``(graph, text)`` with the numbers the book prints.
    Other keyword arguments go to ``draw_graph``.
    """
    root, title, summary = _book_builder(name, batch_size, seed)(True)
    options.setdefault("title", title)
    graph = draw_graph(root, **options)
    return (graph, summary) if with_summary else graph


def book_forward(name: str, *, batch_size: int = 100, seed: int = 0):
    """``(output, title)``: one of the book's graphs computed forward only, backward not yet run
    (what ``explore`` and ``backprop_frames`` replay).  Names as for ``book_graph``."""
    root, title, _ = _book_builder(name, batch_size, seed)(False)
    return root, title


def _book_builder(name, batch_size, seed):
    """The function that computes book graph ``name``; its argument: run backward too."""
    builders = {"apple": _apple, "apple-orange": _apple_orange,
                "simple-convnet": lambda backward: _simple_convnet(batch_size, seed, backward)}
    if name not in builders:
        raise ValueError(f"unknown book graph {name!r}; choose one of {', '.join(BOOK_GRAPHS)}")
    return builders[name]


def _leaf(value, name):
    return Tensor(value, requires_grad=True, dtype=np.float64, name=name)


def _named(tensor, name):
    tensor.name = name
    return tensor


def _apples():
    """apple × apple_num: where both shopping graphs start."""
    apple, apple_num = _leaf(100, "사과 apple"), _leaf(2, "사과 개수 apple_num")
    return apple, apple_num, _named(apple * apple_num, "사과 가격 apple_price")


def _taxed(total):
    """``(tax, price)``: total × tax, where both shopping graphs end."""
    tax = _leaf(1.1, "부가세 tax")
    return tax, _named(total * tax, "가격 price")


def _apple(backward=True):
    """The book's 5.4 (5장): apple = 100, apple_num = 2, tax = 1.1 → price 220; dApple 2.2, dTax 200."""
    apple, apple_num, apple_price = _apples()
    tax, price = _taxed(apple_price)
    return _finish(price, "사과 2개와 부가세 / 2 apples with tax", backward,
                   "사과 쇼핑 / buying apples: 100 × 2 × 1.1",
                   [("dApple", apple), ("dApple_num", apple_num), ("dTax", tax)])


def _apple_orange(backward=True):
    """The book's 5.4 (5장): (100 × 2 + 150 × 3) × 1.1 = 715; dApple 2.2, dOrange 3.3, dTax 650."""
    apple, apple_num, apple_price = _apples()
    orange, orange_num = _leaf(150, "귤 orange"), _leaf(3, "귤 개수 orange_num")
    orange_price = _named(orange * orange_num, "귤 가격 orange_price")
    tax, price = _taxed(_named(apple_price + orange_price, "합계 all_price"))
    return _finish(price, "사과 2개, 귤 3개와 부가세 / 2 apples, 3 oranges with tax", backward,
                   "사과와 귤 쇼핑 / apples and oranges: (100 × 2 + 150 × 3) × 1.1",
                   [("dApple", apple), ("dApple_num", apple_num), ("dOrange", orange),
                    ("dOrange_num", orange_num), ("dTax", tax)])


def _finish(price, title, backward, heading, grads):
    """``(price, title, summary)``; with ``backward``, backpropagated keeping every edge's gradient,
    and the summary lists the price and the gradients the book prints (None without)."""
    if not backward:
        return price, title, None
    price.backward(retain_grad=True)
    lines = [heading, f"price: {format_number(price.item())}"]
    lines += [f"{label}: {format_number(t.grad.item())}" for label, t in grads]
    return price, title, "\n".join(lines)


def _simple_convnet(batch_size: int, seed: int, backward: bool = True):
    """The book's SimpleConvNet (conv 30×5×5 → relu → pool 2×2 → affine 100 → relu → affine 10),
    one training step's forward and backward on random images: every layer a box."""
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    rng = np.random.default_rng(seed)
    model = SimpleConvNet(seed=seed)
    x = Tensor(rng.random((batch_size, 1, 28, 28)), dtype=np.float32, name="x")
    loss = model.loss(x, rng.integers(0, 10, batch_size))
    loss.name = "손실 loss"
    if not backward:
        return loss, f"SimpleConvNet, N = {batch_size}", None
    loss.backward(retain_grad=True)
    summary = (f"SimpleConvNet forward + backward on N={batch_size} images of 1×28×28 "
               f"(the book's initial weights, std 0.01): loss {loss.item():.4f} (about ln 10 = 2.3026)")
    return loss, f"SimpleConvNet, N = {batch_size}", summary
