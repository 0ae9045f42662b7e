"""The one walk over a recorded graph: backward, the drawings and the tools all use it.

``topological_order`` is the walk (depth-first, iterative); backward runs it in reverse, the
drawings, the explorer, ONNX export and gradcheck read it forwards.  ``ops_in_order`` gives the op
nodes with the tensor each made; ``computed_from`` the part of an order that depends on some
tensors; ``nearest_ops`` picks the ops closest to the output (breadth-first) when a drawing is
capped.
"""

from __future__ import annotations

from collections import deque


def topological_order(roots, only_requiring_grad: bool = True, within=None) -> list:
    """Tensors reachable from ``roots`` through their ops' inputs, each after all it depends on.

    Iterative depth-first search (a 100,000-op chain is fine).  With ``only_requiring_grad`` the
    walk skips tensors that need no gradient (what backward visits); drawings pass False to see
    every input, constant and parameter.  ``within`` (ids of ops, or None for all): the walk goes
    back only through these ops; a tensor made by another op ends the walk like a leaf.  Several
    roots are walked in the order given: the first root's graph comes first.
    """
    # No object is made per tensor (a (tensor, flag) pair each would wake the garbage collector
    # ~140 times on a 100,000-op chain): a tensor seen once is expanded, seen again is finished.
    order, visited, expanded = [], set(), set()
    stack = list(roots)[::-1]
    while stack:
        tensor = stack.pop()
        key = id(tensor)
        if key in expanded:
            if key not in visited:
                visited.add(key)
                order.append(tensor)
            continue
        if key in visited:
            continue
        expanded.add(key)
        stack.append(tensor)
        fn = tensor._ctx
        if fn is None or (within is not None and id(fn) not in within):
            continue
        for t in reversed(fn.inputs):
            if (t.requires_grad or not only_requiring_grad) and id(t) not in expanded:
                stack.append(t)
    return order


def ops_in_order(roots, within=None) -> dict:
    """``{op: the tensor it made}`` in forward order: each op after the ops that made its inputs.

    Every tensor and constant counts (not only those that need a gradient); ``within`` as for
    ``topological_order``.  An op reached through two tensors (a freed graph's stand-in and the
    original) is listed once, with the first.
    """
    made = {}
    for t in topological_order(roots, only_requiring_grad=False, within=within):
        fn = t._ctx
        if fn is not None and fn not in made and (within is None or id(fn) in within):
            made[fn] = t
    return made


def computed_from(order, ids) -> set:
    """ids of the tensors of ``order`` (a topological order) that are in ``ids`` or computed from
    one of them: what a change of those tensors reaches."""
    reached = set()
    for tensor in order:  # dependencies first
        fn = tensor._ctx
        if id(tensor) in ids or (fn is not None and any(id(t) in reached for t in fn.inputs)):
            reached.add(id(tensor))
    return reached


def nearest_ops(roots, limit=None) -> dict:
    """``{id(op): op}`` for the ``limit`` ops nearest ``roots`` (breadth-first; all when None)."""
    selected, queue, seen = {}, deque(roots), {id(t) for t in roots}
    while queue and (limit is None or len(selected) < limit):
        fn = queue.popleft()._ctx
        if fn is None or id(fn) in selected:
            continue
        selected[id(fn)] = fn
        for t in fn.inputs:
            if id(t) not in seen:
                seen.add(id(t))
                queue.append(t)
    return selected
