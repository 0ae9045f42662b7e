"""Turn a recorded :class:`~.record.Walk` into the explorer's data: tensors, nodes, groups, steps.

Everything here is plain JSON (numbers, strings, lists): the page's script reads it as it is.
Non-finite numbers are written as the strings "nan", "inf" and "-inf" (JSON has no NaN).
"""

from __future__ import annotations

import math

import numpy as np

from ..viz.draw import _layer_groups, format_number
from .rules import backward_rule, forward_rule, letters

HEAT_SIDE = 24  # a heat map shows at most HEAT_SIDE × HEAT_SIDE cells


def walk_data(walk, title: str | None = None) -> dict:
    """The explorer's data for ``walk``: {"title", "tensors", "nodes", "groups", "steps"}."""
    ids = _Ids(walk)
    groups = _groups(walk, ids)
    return {
        "title": title or _default_title(walk.root),
        "tensors": [_tensor_entry(t, ids, walk) for t in ids.tensors],
        "nodes": [_node_entry(fn, ids, walk, groups) for fn in walk.ops],
        "groups": groups,
        "root": ids.tensor(walk.root),
        "steps": _forward_steps(walk, ids) + _backward_steps(walk, ids),
    }


class _Ids:
    """Short stable ids: ops "op0".. in forward order, tensors "t0".. (sources, then op outputs)."""

    def __init__(self, walk):
        self.tensors = list(walk.sources) + [walk.outputs[id(fn)] for fn in walk.ops]
        self._tensor = {id(t): f"t{k}" for k, t in enumerate(self.tensors)}
        self._op = {id(fn): f"op{k}" for k, fn in enumerate(walk.ops)}

    def tensor(self, tensor) -> str:
        return self._tensor[id(tensor)]

    def op(self, fn) -> str:
        return self._op[id(fn)]


# --- numbers ---------------------------------------------------------------------------------------
def describe(array) -> dict:
    """What the page prints about an array: a number, or shape, dtype, norm, min, max and a heat map."""
    array = np.asarray(array)
    info = {"shape": [int(n) for n in array.shape], "dtype": str(array.dtype), "size": int(array.size)}
    if array.size == 1:
        value = float(array.reshape(-1)[0])
        info.update(value=_json_number(value), text=format_number(value), brief=format_number(value))
        return info
    values = array.astype(np.float64).reshape(-1)
    finite = values[np.isfinite(values)]
    norm = float(np.linalg.norm(finite)) if finite.size else math.nan
    low = float(finite.min()) if finite.size else math.nan
    high = float(finite.max()) if finite.size else math.nan
    info.update(norm=_json_number(norm), min=_json_number(low), max=_json_number(high),
                nonfinite=int(values.size - finite.size),
                text=f"{tuple(info['shape'])} {array.dtype}, norm {format_number(norm)}",
                brief=f"norm {format_number(norm)}",
                heat=heat_map(array))
    return info


def heat_map(array) -> dict:
    """A small 2-D picture of an array: the first slice of the leading axes, thinned to HEAT_SIDE."""
    array = np.asarray(array, dtype=np.float64)
    index = []
    while array.ndim > 2:
        array = array[0]
        index.append(0)
    if array.ndim < 2:
        array = array.reshape(1, -1)
    step_r = max(1, math.ceil(array.shape[0] / HEAT_SIDE))
    step_c = max(1, math.ceil(array.shape[1] / HEAT_SIDE))
    cells = np.nan_to_num(array[::step_r, ::step_c], nan=0.0, posinf=0.0, neginf=0.0)
    scale = float(np.abs(cells).max()) if cells.size else 0.0
    return {"rows": int(cells.shape[0]), "cols": int(cells.shape[1]),
            "cells": [round(float(v), 6) for v in (cells / scale if scale else cells).reshape(-1)],
            "scale": scale, "slice": "[" + ", ".join(map(str, index)) + "]" if index else "",
            "every": [step_r, step_c]}


def _json_number(value: float):
    if math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


# --- tensors, nodes, groups --------------------------------------------------------------------------
def _tensor_entry(tensor, ids, walk) -> dict:
    producer = tensor.creator if tensor.creator is not None and id(tensor.creator) in ids._op else None
    if producer is not None:
        kind = "op"
    elif tensor.requires_grad:
        kind = "leaf"
    else:
        kind = "constant" if tensor.size == 1 and tensor.name is None else "input"
    return {"id": ids.tensor(tensor), "name": tensor.name, "label": _tensor_label(tensor, kind, producer),
            "kind": kind, "value": describe(tensor.data),
            "layer": _layer_of(tensor, walk) if producer is None else None,
            "producer": None if producer is None else ids.op(producer),
            "consumers": [ids.op(fn) for fn in walk.consumers.get(id(tensor), [])]}


def _layer_of(tensor, walk):
    """The layer (last part of the graph_scope) of a leaf all of whose users are in that layer."""
    scopes = {fn.scope for fn in walk.consumers.get(id(tensor), [])}
    scope = scopes.pop() if len(scopes) == 1 else None
    return scope.rsplit("/", 1)[-1] if scope else None


def _tensor_label(tensor, kind, producer) -> str:
    if tensor.name:
        return str(tensor.name)
    if kind == "op":
        shown = format_number(tensor.data.reshape(-1)[0]) if tensor.size == 1 else tuple(tensor.shape)
        return f"{producer.label()} → {shown}"
    if tensor.size == 1:
        return format_number(tensor.data.reshape(-1)[0])
    return f"{'parameter' if kind == 'leaf' else 'input'} {tuple(tensor.shape)}"


def _groups(walk, ids) -> list:
    """One group per layer scope (the level below the prefix all scopes share), in forward order."""
    groups, index, group_of = [], {}, _layer_groups(walk.ops)
    for fn in walk.ops:
        if not fn.scope:
            continue
        key, label = group_of[id(fn)]
        if key not in index:
            index[key] = len(groups)
            groups.append({"id": f"g{len(groups)}", "label": label, "scope": key, "nodes": []})
        groups[index[key]]["nodes"].append(ids.op(fn))
    return groups


def _node_entry(fn, ids, walk, groups) -> dict:
    op_id = ids.op(fn)
    group = next((g["id"] for g in groups if op_id in g["nodes"]), None)
    xs, z = letters(fn)
    return {"id": op_id, "label": fn.label(), "name": fn.name, "scope": fn.scope, "group": group,
            "inputs": [ids.tensor(t) for t in fn.inputs], "letters": list(xs), "out_letter": z,
            "output": ids.tensor(walk.outputs[id(fn)])}


# --- steps ---------------------------------------------------------------------------------------------
def _forward_steps(walk, ids) -> list:
    steps = []
    for fn in walk.ops:
        output = walk.outputs[id(fn)]
        steps.append({"phase": "forward", "node": ids.op(fn), "output": ids.tensor(output),
                      "formula": forward_rule(fn, output.data, [t.data for t in fn.inputs]),
                      "value": describe(output.data)})
    return steps


def _backward_steps(walk, ids) -> list:
    """One step per node the engine ran, in its order, with each gradient's arrival (fan-out sums)."""
    expected = {}  # id(tensor) -> how many gradients will arrive at it
    for event in walk.events:
        for tensor, grad in zip(event.node.inputs, event.input_grads):
            if grad is not None:
                expected[id(tensor)] = expected.get(id(tensor), 0) + 1
    arrived = {}  # id(tensor) -> [(op id, gradient), ...]
    steps = []
    for event in walk.events:
        fn = event.node
        xs, _ = letters(fn)
        inputs, finished = [], []
        for k, (tensor, grad) in enumerate(zip(fn.inputs, event.input_grads)):
            entry = {"tensor": ids.tensor(tensor), "letter": xs[k],
                     "grad": None if grad is None else describe(grad), "arrival": None,
                     "rule": backward_rule(fn, k, event.output.data, event.grad_output,
                                           [t.data for t in fn.inputs])}
            if grad is not None:
                parts = arrived.setdefault(id(tensor), [])
                parts.append((ids.op(fn), grad))
                total = expected[id(tensor)]
                if total > 1:
                    entry["arrival"] = _arrival(parts, total)
                if len(parts) == total and tensor.creator is None and id(tensor) in walk.leaf_grads:
                    finished.append({"tensor": ids.tensor(tensor),
                                     "grad": describe(walk.leaf_grads[id(tensor)])})
            inputs.append(entry)
        steps.append({"phase": "backward", "node": ids.op(fn), "output": ids.tensor(event.output),
                      "grad_output": describe(event.grad_output), "inputs": inputs,
                      "finished": finished})
    return steps


def _arrival(parts, total) -> dict:
    """The gradients that reached a tensor used several times, and their sum so far (2 + 8 = 10)."""
    grads = [g for _, g in parts]
    running = grads[0].astype(np.float64) if len(grads) == 1 else np.sum(
        [g.astype(np.float64) for g in grads], axis=0)
    return {"count": len(parts), "total": total, "from": [node for node, _ in parts],
            "parts": [describe(g)["text"] for g in grads], "sum": describe(running),
            "complete": len(parts) == total}


def known_gradients(steps, upto=None) -> dict:
    """tensor id -> the text of its gradient as known after step ``upto`` (default: the last):
    a fan-out tensor shows the sum of what has arrived so far."""
    known = {}
    for step in steps[: None if upto is None else upto + 1]:
        if step["phase"] != "backward":
            continue
        known[step["output"]] = step["grad_output"]["brief"]
        for entry in step["inputs"]:
            if entry["grad"] is not None:
                known[entry["tensor"]] = (entry["arrival"]["sum"] if entry["arrival"]
                                          else entry["grad"])["brief"]
    return known


def _default_title(root) -> str:
    name = root.name or "output"
    return f"{name} {tuple(root.shape)}" if root.size != 1 else f"{name} = {format_number(root.item())}"
