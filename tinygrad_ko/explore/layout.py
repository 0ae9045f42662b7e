"""The explorer's drawings: Graphviz layouts per view, as SVG text (or PNG bytes for frames).

Node names in the DOT source are the explorer's ids ("op3", "t0", "grp_g1", "out"); Graphviz
writes each as the ``<title>`` of its SVG group, which is how the page's script finds a node.
A layer (graph_scope) can be *collapsed* to one box: its ops and the parameters only it uses
disappear into the box, and edges crossing its border attach to the box.

A graph wider than about ``max_width`` points wraps like text: each row is its own left-to-right
layout, stacked under the previous one.  A tensor that goes on to the next row leaves through a
"… Pool1" stub and comes back in from a "… Relu1" one, with its value on both.
"""

from __future__ import annotations

import re
import shutil

import graphviz

from ..viz.draw import (DEFAULT_FONT, INSTALL_HELP, GraphvizNotFoundError, _escape_text, _new_digraph,
                        _text_width)
from .steps import known_gradients

HIGHLIGHT = "#ffd54f"  # the current node (frames)
VISITED = "#c8e6c9"  # nodes the current pass has been through (frames)
GRAD_COLOR = "#d62728"
RESERVED_COLOR = "#fffffe"  # the page's script finds each edge's gradient line by this colour
PAGE_WIDTH = 520  # points: the graph's share of a laptop screen beside the explorer's panel
GLYPH = 0.75  # Graphviz's Hangul font sets digits and brackets narrower than viz._text_width assumes


def views(data: dict, fontname: str = DEFAULT_FONT) -> dict:
    """SVG text per view: "all" (every layer collapsed) and one per layer id with that layer open;
    a wrapped view is several <svg> elements, one per row.  A graph without layers has the single
    view "all" with every op visible."""
    groups = [g["id"] for g in data["groups"]]
    collapsed = {"all": set(groups)} | {g: set(groups) - {g} for g in groups}
    return {key: "".join(clean_svg(render(row, "svg").decode("utf-8"), f"{key}-r{k}")
                         for k, row in enumerate(dot_rows(data, shut, fontname=fontname)))
            for key, shut in collapsed.items()}


def dot_rows(data: dict, collapsed=frozenset(), fontname: str = DEFAULT_FONT, current=None,
             visited=(), grads=None, caption=None, max_width: float | None = PAGE_WIDTH) -> list:
    """The graph of ``data`` as one Digraph per row, the layers in ``collapsed`` one box each.

    For frames: ``current`` (node id) is filled yellow, ``visited`` ones green, ``grads`` maps a
    tensor id to the gradient text written under its value on the edge; ``caption`` goes on top.
    Without ``grads`` (the page) each edge keeps a hidden line with its final gradient, which the
    page's script shows once backward reaches it.
    """
    return _Drawing(data, set(collapsed), fontname, current, set(visited), grads, caption,
                    max_width).rows()


class _Drawing:
    """Nodes and edges of one view, each put into the Digraph of its row."""

    def __init__(self, data, collapsed, fontname, current, visited, grads, caption, max_width):
        self.data, self.collapsed, self.current, self.visited = data, collapsed, current, visited
        self.tensors = {t["id"]: t for t in data["tensors"]}
        self.nodes = {n["id"]: n for n in data["nodes"]}
        self.groups = {g["id"]: g for g in data["groups"]}
        self.grads = grads
        self.reserved = known_gradients(data["steps"]) if grads is None else None
        self.row_of = self._rows(max_width)
        count = max(self.row_of.values(), default=0) + 1
        self.graphs = [_new_digraph("LR", fontname, None) for _ in range(count)]
        if caption:
            self.graphs[0].attr(label=_label(caption.split("\n")), labelloc="t", fontsize="15")
        self.clusters = {g: graphviz.Digraph(name=f"cluster_{g}", graph_attr={
            "label": _label([self.groups[g]["label"]]), "style": "rounded", "color": "gray55",
            "fontcolor": "gray25", "labeljust": "l"}) for g in self.groups if g not in collapsed}

    def shown(self, node_id) -> str:
        """The DOT node an op is drawn as: itself, or its collapsed layer's box."""
        group = self.nodes[node_id]["group"]
        return f"grp_{group}" if group in self.collapsed else node_id

    def rows(self) -> list:
        for node in self.data["nodes"]:
            if node["group"] not in self.collapsed:
                self._op(node)
        for group in self.groups.values():
            if group["id"] in self.collapsed:
                self._box(group)
        for tensor in self.data["tensors"]:
            self._tensor(tensor)
        for group, cluster in self.clusters.items():
            self.graphs[self.row_of[self.shown(self.groups[group]["nodes"][0])]].subgraph(cluster)
        return self.graphs

    # --- rows ------------------------------------------------------------------------------------
    def _rows(self, max_width) -> dict:
        """Row of each drawn op or layer box: the forward order cut into rows of about max_width
        (an open layer is cut as one piece: its box cannot span two rows)."""
        def piece(node):
            group = node["group"]
            return f"open_{group}" if group in self.groups and group not in self.collapsed \
                else self.shown(node["id"])

        pieces, widths = [], {}
        for node in self.data["nodes"]:
            key = piece(node)
            if key not in widths:
                pieces.append(key)
                widths[key] = 0.0
            # a column holds the box and, on its way out, the edge's label (value over gradient)
            width = GLYPH * (max(_text_width(line, 14) for line in self._box_lines(node)) +
                             _text_width(_value_line(self.tensors[node["output"]]), 12)) + 40
            widths[key] = widths[key] + width if key.startswith("open_") else max(widths[key], width)
        row_of_piece = dict(zip(pieces, _fill_rows([widths[p] for p in pieces], max_width)))
        return {self.shown(n["id"]): row_of_piece[piece(n)] for n in self.data["nodes"]}

    def _home(self, unit) -> graphviz.Digraph:
        """Where a node is declared: its open layer's cluster, or the graph of its row."""
        node = self.nodes.get(unit)
        if node is not None and node["group"] in self.clusters:
            return self.clusters[node["group"]]
        return self.graphs[self.row_of.get(unit, 0)]

    # --- nodes -----------------------------------------------------------------------------------
    def _fill(self, unit) -> dict:
        if self.current and self.shown(self.current) == unit:
            return {"style": "filled", "fillcolor": HIGHLIGHT}
        if any(self.shown(v) == unit for v in self.visited):
            return {"style": "filled", "fillcolor": VISITED}
        return {}

    def _op(self, node) -> None:
        small = len(node["label"]) <= 3
        self._home(node["id"]).node(
            node["id"], label=_label([node["label"]]), shape="circle" if small else "ellipse",
            **({"fontsize": "18", "width": "0.45", "margin": "0"} if small
               else {"fontsize": "12", "margin": "0.04"}), **self._fill(node["id"]))

    def _box_lines(self, node) -> list:
        """The text of the box ``node`` is drawn in: its op symbol, or its collapsed layer's lines."""
        if node["group"] not in self.collapsed:
            return [node["label"]]
        group = self.groups[node["group"]]
        count = len(group["nodes"])
        shape = tuple(self.tensors[self.nodes[group["nodes"][-1]]["output"]]["value"]["shape"])
        return [group["label"], f"{count} op{'s' if count > 1 else ''} · {shape}"]

    def _box(self, group) -> None:
        box = f"grp_{group['id']}"
        self._home(box).node(box, shape="box", margin="0.15,0.08",
                             label=_label(self._box_lines(self.nodes[group["nodes"][0]])),
                             **({"style": "rounded,filled", "fillcolor": "#eef3fb"} | self._fill(box)))

    # --- edges -----------------------------------------------------------------------------------
    def _tensor(self, tensor) -> None:
        source = self.shown(tensor["producer"]) if tensor["producer"] else tensor["id"]
        targets = [t for t in dict.fromkeys(self.shown(c) for c in tensor["consumers"]) if t != source]
        if tensor["id"] == self.data["root"]:
            targets.append("out")
            self.row_of["out"] = self.row_of.get(source, 0)
            self._home("out").node("out", label=_label([tensor["name"] or "output"]),
                                   shape="plaintext", fontsize="14")
        if not targets:
            return  # used only inside a collapsed layer
        if tensor["producer"] is None and not self._source(tensor, source, targets):
            return
        by_row = {}
        for target in targets:
            by_row.setdefault(self.row_of.get(target, 0), []).append(target)
        home_row = self.row_of.get(source, min(by_row))
        self.row_of.setdefault(source, home_row)
        ends = list(by_row.get(home_row, []))
        for row in sorted(r for r in by_row if r != home_row):  # the stub that leaves this row
            stub = f"{tensor['id']}_to{row}"
            names = ", ".join(self._name(t) for t in by_row[row])
            self.graphs[home_row].node(stub, label=_label([f"… {names}"]), shape="plaintext",
                                       fontsize="12", fontcolor="gray40")
            ends.append(stub)
        self._fan(self.graphs[home_row], source, ends, tensor, f"e-{tensor['id']}")
        for row in sorted(r for r in by_row if r != home_row):  # ... and comes back in below
            entry = f"{tensor['id']}_from{row}"
            self.graphs[row].node(entry, label=_label([f"… {self._name(source)}"]), shape="plaintext",
                                  fontsize="12", fontcolor="gray40")
            self._fan(self.graphs[row], entry, by_row[row], tensor, f"e-{tensor['id']}.{row}")

    def _source(self, tensor, source, targets) -> bool:
        """Declare a leaf's node (False: it is a parameter hidden inside its collapsed layer)."""
        homes = {self.nodes[c]["group"] for c in tensor["consumers"]}
        home = homes.pop() if len(homes) == 1 and tensor["kind"] != "input" else None
        if home is not None and all(t.startswith("grp_") for t in targets):
            return False
        self.row_of[source] = min(self.row_of.get(t, 0) for t in targets)
        attrs = {"label": _label([tensor["label"]]), "shape": "plaintext", "fontsize": "14"}
        if tensor["kind"] != "leaf":
            attrs["fontcolor"] = "gray30"
        target = self.clusters[home] if home in self.clusters else self.graphs[self.row_of[source]]
        target.node(source, **attrs)
        return True

    def _fan(self, graph, source, ends, tensor, edge_id) -> None:
        """One labelled edge, or the book's repeat node (a dot) when the tensor goes several ways."""
        label = self._edge_label(tensor)
        if len(ends) == 1:
            graph.edge(source, ends[0], label=label, id=edge_id)
            return
        branch = f"{edge_id}_fan"
        graph.node(branch, shape="point", width="0.08", label="")
        graph.edge(source, branch, label=label, arrowhead="none", id=edge_id)
        for end in ends:
            graph.edge(branch, end)

    def _edge_label(self, tensor) -> str:
        lines = [_value_line(tensor)]
        if self.grads is None:  # the page: the final gradient, hidden until its step
            return _label(lines, self.reserved.get(tensor["id"], "\u00a0"), RESERVED_COLOR)
        return _label(lines, self.grads.get(tensor["id"]))

    def _name(self, unit) -> str:
        if unit.startswith("grp_"):
            return self.groups[unit[4:]]["label"]
        if unit in self.nodes:
            return self.nodes[unit]["label"]
        return "output" if unit == "out" else self.tensors[unit]["label"]


def _fill_rows(widths, max_width) -> list:
    """Row of each piece, filling a row until the next piece would make it wider than max_width
    (the page scales all rows alike, so no row may be much wider than the others)."""
    if max_width is None:
        return [0] * len(widths)
    rows, row, used = [], 0, 0.0
    for width in widths:
        if used and used + width > max_width:
            row, used = row + 1, 0.0
        rows.append(row)
        used += width
    return rows


def _value_line(tensor) -> str:
    value = tensor["value"]
    return value["text"] if value["size"] == 1 else f"{tuple(value['shape'])} {value['dtype']}"


def _label(lines, grad=None, color=GRAD_COLOR) -> str:
    """An HTML-like Graphviz label: every piece of text escaped as the drawings escape it
    (viz.draw._escape_text: markup, backslashes, control characters), the gradient in red."""
    parts = [_escape_text(line) for line in lines]
    if grad is not None:
        parts.append(f'<FONT COLOR="{color}">{_escape_text(grad)}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def render(graph: graphviz.Digraph, fmt: str) -> bytes:
    """Graphviz's drawing of ``graph`` (``dot`` must be installed)."""
    if shutil.which("dot") is None:
        raise GraphvizNotFoundError(f"the explorer draws its graph with Graphviz's `dot` program, "
                                    f"which was not found on PATH.\n{INSTALL_HELP}")
    return graph.pipe(format=fmt)


_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.S)


def clean_svg(svg: str, prefix: str) -> str:
    """Graphviz's SVG without prolog and comments; its element ids made unique with ``prefix``."""
    svg = _PROLOG.sub("", svg).strip()
    return re.sub(r' id="([^"]*)"', lambda m: f' id="{prefix}-{m.group(1)}"', svg)
