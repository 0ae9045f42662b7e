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

from ..viz import DEFAULT_FONT, INSTALL_HELP, GraphvizNotFoundError, _new_digraph

HIGHLIGHT = "#ffd54f"  # the current node (frames)
VISITED = "#c8e6c9"  # nodes backward has passed (frames)
GRAD_COLOR = "#d62728"


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
               visited=(), grads=None, caption=None) -> graphviz.Digraph:
    """The graph of ``data`` with the layers in ``collapsed`` shown as one box each.

    For frames: ``current`` (node id) is filled yellow, ``visited`` ones green, ``grads`` maps a
    tensor id to the gradient text written under its value on the edge; ``caption`` goes on top.
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
            last = nodes[group["nodes"][-1]]
            shape = tuple(tensors[last["output"]]["value"]["shape"])
            graph.node(f"grp_{group['id']}", shape="box", margin="0.15,0.08",
                       label=_label([group["label"], f"{len(group['nodes'])} ops · {shape}"]),
                       **({"style": "rounded,filled", "fillcolor": "#eef3fb"} | fill(f"grp_{group['id']}")))
    for tensor in data["tensors"]:
        _add_tensor(graph, clusters, tensor, shown, nodes, data["root"], grads)
    for cluster in clusters.values():
        graph.subgraph(cluster)
    return graph


def _add_tensor(graph, clusters, tensor, shown, nodes, root, grads) -> None:
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
    if grads is None:
        lines.append("\u00a0")  # room under the value for the gradient the page writes there
    grad = (grads or {}).get(tensor["id"])
    label = _label(lines, grad)
    if len(targets) == 1:
        graph.edge(source, targets[0], label=label, id=f"e-{tensor['id']}")
        return
    branch = f"{tensor['id']}_fan"  # the book's repeat node: the gradients of the branches add up
    graph.node(branch, shape="point", width="0.08", label="")
    graph.edge(source, branch, label=label, arrowhead="none", id=f"e-{tensor['id']}")
    for target in targets:
        graph.edge(branch, target)


def _label(lines, grad=None) -> str:
    """An HTML-like Graphviz label: every piece of text escaped, the gradient in red."""
    parts = [html.escape(str(line), quote=False) for line in lines]
    if grad is not None:
        parts.append(f'<FONT COLOR="{GRAD_COLOR}">{html.escape(grad, quote=False)}</FONT>')
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
