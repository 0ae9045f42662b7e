"""The book's ``ch05/layer_naive.py``: the multiplication and addition nodes of 5장 5.4절
(chapter 5, section 5.4), the apple-shopping layers.

Each forward records a one-op engine graph; backward(dout) is the engine's backward through it.
Python numbers come back as the book's plain Python arithmetic gives them (2 * 100 is the int 200),
so the book's prints read the same.
"""

from __future__ import annotations

from ._engine import GraphLayer, book_number

__all__ = ["AddLayer", "MulLayer"]


class MulLayer(GraphLayer):
    """out = x * y.  backward: dx = dout * y, dy = dout * x (the inputs swapped)."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return book_number(self._record(lambda x, y: x * y, x=x, y=y), x, y)

    def backward(self, dout):
        grads = self._backprop(dout)
        return book_number(grads["x"], dout, self.y), book_number(grads["y"], dout, self.x)


class AddLayer(GraphLayer):
    """out = x + y.  backward: dx = dy = dout (passed through unchanged)."""

    def __init__(self):
        pass

    def forward(self, x, y):
        self._inputs = (x, y)
        return book_number(self._record(lambda x, y: x + y, x=x, y=y), x, y)

    def backward(self, dout):
        grads = self._backprop(dout)
        return book_number(grads["x"], dout), book_number(grads["y"], dout)
