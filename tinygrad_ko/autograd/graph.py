"""The one walk over a recorded graph: backward, the drawings and the tools all use it."""

from __future__ import annotations


def topological_order(roots, only_requiring_grad: bool = True) -> list:
    """Tensors reachable from ``roots`` through their ops' inputs, each after all it depends on.

    Iterative depth-first search (a 100,000-op chain is fine).  With ``only_requiring_grad`` the
    walk skips tensors that need no gradient (what backward visits); drawings pass False to see
    every input, constant and parameter.
    """
    order, visited = [], set()
    stack = [(root, False) for root in reversed(list(roots))]
    while stack:
        tensor, expanded = stack.pop()
        if expanded:
            order.append(tensor)
            continue
        if id(tensor) in visited:
            continue
        visited.add(id(tensor))
        stack.append((tensor, True))
        fn = tensor._ctx
        if fn is None:
            continue
        for t in reversed(fn.inputs):
            if (t.requires_grad or not only_requiring_grad) and id(t) not in visited:
                stack.append((t, False))
    return order


def ops_in_order(roots) -> list:
    """The op nodes of the graph, each after the ops that made its inputs."""
    return [t._ctx for t in topological_order(roots, only_requiring_grad=False)
            if t._ctx is not None]
