"""Watch backprop happen: a step-through explorer of any recorded graph (5장 / chapter 5).

``explore(output, path=None)`` writes one offline HTML page that replays the forward pass and then
the backward pass in the order the engine ran it, with each node's local-gradient rule and the
actual numbers; in Jupyter it shows inline.  ``backprop_frames(output, folder)`` draws the same
walk as one PNG per step plus an animated GIF.  Both are also ``tinygrad_ko.viz.explore`` and
``tinygrad_ko.viz.backprop_frames``.
"""

from .frames import backprop_frames
from .page import Explorer, explore

__all__ = ["explore", "backprop_frames", "Explorer"]
