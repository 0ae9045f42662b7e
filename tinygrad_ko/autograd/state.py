"""The engine's switches, one set per thread (like PyTorch's grad mode).

A serving thread inside ``no_grad()`` must not switch off recording in a training thread, and
``detect_anomaly()`` in one thread must not make another raise; so every switch lives in a
``threading.local``.  A new thread starts with the defaults below, whatever its parent had set.
The in-place edit count is the exception: it is a fact about memory, shared by all threads
(autograd/edits.py).
"""

from __future__ import annotations

import contextlib
import threading


class _ThreadState(threading.local):
    """Per-thread engine state.  Read it as ``GraphState.grad_enabled`` and so on."""

    def __init__(self):
        self.grad_enabled = True  # are ops recorded?  no_grad() / enable_grad()
        self.anomaly_mode = False  # detect_anomaly(): check every output and gradient
        self.scope = None  # innermost graph_scope path, e.g. "SimpleConvNet/Conv1"
        self.retaining_graph = False  # inside backward(retain_graph=True): saved arrays must survive
        self.observers = ()  # observe_backward() callbacks, called after each node's local rule


GraphState = _ThreadState()


class Switch(contextlib.ContextDecorator):
    """A context manager (and decorator) that sets one GraphState attribute of the current thread
    while active and restores the previous value afterwards."""

    def __init__(self, attribute, value):
        self.attribute, self.value = attribute, value
        self._previous = []

    def __enter__(self):
        self._previous.append(getattr(GraphState, self.attribute))
        setattr(GraphState, self.attribute, self.value)
        return self

    def __exit__(self, *exc):
        setattr(GraphState, self.attribute, self._previous.pop())
        return False


def no_grad():
    """``with no_grad():`` (or ``@no_grad()``) records no graph: inference, optimizer updates."""
    return Switch("grad_enabled", False)


def enable_grad():
    """``with enable_grad():`` records again inside a ``no_grad()`` block."""
    return Switch("grad_enabled", True)


def detect_anomaly():
    """``with detect_anomaly():`` raises at the first op whose output or gradient is NaN/inf."""
    return Switch("anomaly_mode", True)


def graph_scope(name: str):
    """``with graph_scope("Conv1"):`` tags the ops made inside (drawings group them by layer)."""
    outer = GraphState.scope
    return Switch("scope", f"{outer}/{name}" if outer else str(name))


def is_grad_enabled() -> bool:
    return GraphState.grad_enabled


def observe_backward(callback):
    """``with observe_backward(cb):`` calls ``cb(node, output, grad_output, input_grads)`` after each
    op node's local-gradient rule, in the order the engine runs them (this thread only).

    ``grad_output`` is the summed upstream gradient of ``output``; ``input_grads`` holds one
    gradient per ``node.inputs`` (summed back to that input's shape), or None for an input that
    needs no gradient (a constant: the engine delivers none, whatever the op computed).  The backprop
    explorer (viz.explore) records the walk this way."""
    return Switch("observers", GraphState.observers + (callback,))
