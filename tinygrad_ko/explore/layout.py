"""The explorer's drawings: one Graphviz layout per view, as SVG text (or PNG bytes for frames).

Node names in the DOT source are the explorer's ids ("op3", "t0", "grp_g1", "out"); Graphviz
writes each as the ``<title>`` of its SVG group, which is how the page's script finds a node.
A layer (graph_scope) can be *collapsed* to one box: its ops and the parameters only it uses
disappear into the box, and edges crossing its border attach to the box.
"""

from __future__ import annotations

import html
import re
import shutil

import graphviz

from ..viz import (DEFAULT_FONT, INSTALL_HELP, GraphvizNotFoundError, _new_digraph, _text_width,
                   _wrap_rows)
from .steps import known_gradients

HIGHLIGHT = "#ffd54f"  # the current node (frames)
VISITED = "#c8e6c9"  # nodes backward has passed (frames)
GRAD_COLOR = "#d62728"
RESERVED_COLOR = "#fffffe"  # the page's script finds each edge's gradient line by this colour


def views(data: dict, fontname: str = DEFAULT_FONT) -> dict:
    """SVG text per view: "all" (every layer collapsed) and one per layer id with that layer open.

    A graph without layers has the single view "all" with every op visible."""
    groups = [g["id"] for g in data["groups"]]
    result = {"all": render(dot_source(data, collapsed=set(groups), fontname=fontname), "svg")}
    for group in groups:
        result[group] = render(dot_source(data, collapsed=set(groups) - {group}, fontname=fontname),
                               "svg")
    return {key: clean_svg(svg.decode("utf-8"), key) for key, svg in result.items()}


def dot_source(data: dict, collapsed=frozenset(), fontname: str = DEFAULT_FONT, current=None,
               visited=(), grads=None, caption=None, max_width: float | None = 620) -> graphviz.Digraph:
    """The graph of ``data`` with the layers in ``collapsed`` shown as one box each.

    For frames: ``current`` (node id) is filled yellow, ``visited`` ones green, ``grads`` maps a
    tensor id to the gradient text written under its value on the edge; ``caption`` goes on top.
    A graph wider than about ``max_width`` points is laid out in rows, like wrapped text.
    """
    tensors = {t["id"]: t for t in data["tensors"]}
    nodes = {n["id"]: n for n in data["nodes"]}
    groups = {g["id"]: g for g in data["groups"]}
    graph = _new_digraph("LR", fontname, None)
    if caption:
        graph.attr(label=_label(caption.split("\n")), labelloc="t", fontsize="15")

    def shown(node_id):  # the DOT node an op is drawn as: itself, or its collapsed layer's box
        group = nodes[node_id]["group"]
        return f"grp_{group}" if group in collapsed else node_id

    def fill(node_id):
        if node_id == current or (current and shown(current) == node_id):
            return {"style": "filled", "fillcolor": HIGHLIGHT}
        if node_id in visited or any(shown(v) == node_id for v in visited):
            return {"style": "filled", "fillcolor": VISITED}
        return {}

    clusters = {g: graphviz.Digraph(name=f"cluster_{g}", graph_attr={
        "label": _label([groups[g]["label"]]), "style": "rounded", "color": "gray55",
        "fontcolor": "gray25", "labeljust": "l"}) for g in groups if g not in collapsed}
    for node in data["nodes"]:
        if node["group"] in collapsed:
            continue
        small = len(node["label"]) <= 3
        target = clusters.get(node["group"], graph)
        target.node(node["id"], label=_label([node["label"]]),
                    shape="circle" if small else "ellipse",
                    **({"fontsize": "18", "width": "0.45", "margin": "0"} if small
                       else {"fontsize": "12", "margin": "0.04"}), **fill(node["id"]))
    for group in groups.values():
        if group["id"] in collapsed:
            count = len(group["nodes"])
            shape = tuple(tensors[nodes[group["nodes"][-1]]["output"]]["value"]["shape"])
            box = f"grp_{group['id']}"
            graph.node(box, shape="box", margin="0.15,0.08",
                       label=_label([group["label"], f"{count} op{'s' if count > 1 else ''} · {shape}"]),
                       **({"style": "rounded,filled", "fillcolor": "#eef3fb"} | fill(box)))
    rows = _rows(data, shown, collapsed, max_width)
    for tensor in data["tensors"]:
        _add_tensor(graph, clusters, tensor, shown, nodes, data["root"], grads, rows,
                    None if grads is not None else known_gradients(data["steps"]))
    for cluster in clusters.values():
        graph.subgraph(cluster)
    _stack_rows(graph, rows, set(clusters))
    return graph


def _stack_rows(graph, rows, open_layers) -> None:
    """Put the rows under each other in order: their first boxes share a column, top to bottom.
    (Skipped when a row starts inside an open layer: Graphviz cannot align across its border.)"""
    heads = {}
    for unit, row in rows.items():
        heads.setdefault(row, unit)
    heads = [heads[row] for row in sorted(heads)]
    if len(heads) < 2 or any(not h.startswith("grp_") and "_" in h for h in heads):
        return
    if open_layers and any(not h.startswith("grp_") for h in heads):
        return
    with graph.subgraph() as column:
        column.attr(rank="same")
        for upper, lower in zip(heads, heads[1:]):
            column.edge(upper, lower, style="invis")


def _rows(data, shown, collapsed, max_width) -> dict:
    """Row of each drawn op or layer box, the forward order cut into rows of about max_width."""
    tensors = {t["id"]: t for t in data["tensors"]}
    groups = {g["id"]: g for g in data["groups"]}
    units, widths = [], {}
    for node in data["nodes"]:
        unit = shown(node["id"])
        if unit not in widths:
            units.append(unit)
            widths[unit] = 0.0
        name = groups[node["group"]]["label"] if node["group"] in collapsed else node["label"]
        value = tensors[node["output"]]["value"]
        edge = value["text"] if value["size"] == 1 else f"{tuple(value['shape'])} {value['dtype']}"
        # a column holds the box and, on its way out, the edge's label (value over gradient)
        widths[unit] = max(widths[unit], _text_width(name, 14) + _text_width(edge, 12) + 50)
    return dict(zip(units, _wrap_rows([widths[u] for u in units], max_width)))


def _edge(graph, source, target, rows, **attrs) -> None:
    """An edge; between rows it does not pull its head to the right (so the next row starts left)."""
    if rows.get(source, 0) != rows.get(target, rows.get(source, 0)):
        attrs["constraint"] = "false"
    graph.edge(source, target, **attrs)


def _add_tensor(graph, clusters, tensor, shown, nodes, root, grads, rows, reserved) -> None:
    targets = list(dict.fromkeys(shown(c) for c in tensor["consumers"]))
    if tensor["id"] == root:
        targets.append("out")
        graph.node("out", label=_label([tensor["name"] or "output"]), shape="plaintext", fontsize="14")
    source = shown(tensor["producer"]) if tensor["producer"] else tensor["id"]
    targets = [t for t in targets if t != source]  # inside a collapsed layer: not drawn
    if not targets:
        return
    if tensor["producer"] is None:
        homes = {nodes[c]["group"] for c in tensor["consumers"]}
        home = homes.pop() if len(homes) == 1 and tensor["kind"] != "input" else None
        if home is not None and all(t.startswith("grp_") for t in targets):
            return  # a parameter of a collapsed layer lives inside its box
        attrs = {"label": _label([tensor["label"]]), "shape": "plaintext", "fontsize": "14"}
        if tensor["kind"] != "leaf":
            attrs["fontcolor"] = "gray30"
        clusters.get(home, graph).node(tensor["id"], **attrs)
    lines = [tensor["value"]["text"]] if tensor["value"]["size"] == 1 else [
        f"{tuple(tensor['value']['shape'])} {tensor['value']['dtype']}"]
    if grads is None:  # the page: the final gradient, hidden until its step (room kept for it)
        label = _label(lines, (reserved or {}).get(tensor["id"], "\u00a0"), RESERVED_COLOR)
    else:
        label = _label(lines, grads.get(tensor["id"]))
    if len(targets) == 1:
        _edge(graph, source, targets[0], rows, label=label, id=f"e-{tensor['id']}")
        return
    branch = f"{tensor['id']}_fan"  # the book's repeat node: the gradients of the branches add up
    graph.node(branch, shape="point", width="0.08", label="")
    graph.edge(source, branch, label=label, arrowhead="none", id=f"e-{tensor['id']}")
    if source in rows:
        rows[branch] = rows[source]
    for target in targets:
        _edge(graph, branch, target, rows)


def _label(lines, grad=None, color=GRAD_COLOR) -> str:
    """An HTML-like Graphviz label: every piece of text escaped, the gradient in red."""
    parts = [html.escape(str(line), quote=False) for line in lines]
    if grad is not None:
        parts.append(f'<FONT COLOR="{color}">{html.escape(grad, quote=False)}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def render(graph: graphviz.Digraph, fmt: str) -> bytes:
    """Graphviz's drawing of ``graph`` (``dot`` must be installed)."""
    if shutil.which("dot") is None:
        raise GraphvizNotFoundError(f"the explorer draws its graph with Graphviz's `dot` program, "
                                    f"which was not found on PATH.\n{INSTALL_HELP}")
    return graph.pipe(format=fmt)


_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.S)


def clean_svg(svg: str, view: str) -> str:
    """Graphviz's SVG without prolog and comments; its element ids made unique per view."""
    svg = _PROLOG.sub("", svg).strip()
    return re.sub(r' id="([^"]*)"', lambda m: f' id="{view}-{m.group(1)}"', svg)
