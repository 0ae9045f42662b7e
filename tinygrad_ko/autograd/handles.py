"""What ``register_hook`` (tensors) and ``register_*_hook`` (modules) return: a handle to undo it."""

from __future__ import annotations

import itertools


class RemovableHandle:
    """``remove()`` takes the hook away again (twice is harmless)."""

    _ids = itertools.count(1)  # next() on a count is atomic: handles made in threads never clash

    def __init__(self, hooks: dict, hook):
        self._hooks, self.id = hooks, next(RemovableHandle._ids)
        hooks[self.id] = hook

    def remove(self) -> None:
        self._hooks.pop(self.id, None)
