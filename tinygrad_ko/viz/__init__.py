"""Drawings of the recorded computational graph (5장's pictures): ``from tinygrad_ko import viz``.

The public names in one place, each from the room it lives in:

- ``viz/draw.py``: ``draw_graph``, ``draw_graphs``, ``draw_model``, ``save_graph`` and friends —
  any graph, read through the engine's one walk; it imports no model.
- ``viz/book.py``: ``book_graph``, ``book_forward``, ``BOOK_GRAPHS`` — the book's examples, built
  with ``tinygrad_ko.models``.
- ``tinygrad_ko.explore`` (loaded on first use): ``explore``, ``backprop_frames``.

This module is the front door on the top floor, so it may import all three; the rooms themselves
import only downwards (``explore`` uses ``viz/draw.py``, never this module).
"""

from .book import BOOK_GRAPHS, book_forward, book_graph
from .draw import (DEFAULT_FONT, HTML, GraphvizNotFoundError, draw_graph, draw_graphs, draw_model,
                   format_number, save_graph)

__all__ = ["draw_graph", "draw_model", "book_graph", "book_forward", "save_graph", "format_number",
           "draw_graphs", "explore", "backprop_frames",
           "HTML", "GraphvizNotFoundError", "BOOK_GRAPHS", "DEFAULT_FONT"]


def __getattr__(name):
    """``viz.explore`` and ``viz.backprop_frames`` live in ``tinygrad_ko.explore`` (loaded on use)."""
    if name in ("explore", "backprop_frames"):
        from .. import explore as explorer

        return getattr(explorer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
