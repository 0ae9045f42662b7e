"""Draw the recorded computational graph the way the book's chapter 5 does: values forward, gradients back.

Every op is a small circle with its symbol (×, +, conv2d ...); every edge carries the tensor flowing
on it — its forward value above and, once ``backward()`` has run, its gradient below in red.  Leaves
(inputs, parameters, constants) are named sources on the left; the final result gets an output node
on the right.  Ops made inside ``graph_scope("Conv1")`` (which ``nn.Module`` enters for every layer)
are grouped into one box per layer.

    price = (apple * apple_num + orange * orange_num) * tax
    price.backward(retain_grad=True)          # keep every edge's gradient for the drawing
    save_graph(draw_graph(price), "apple_orange.svg")

Layout and rendering are Graphviz's (the ``graphviz`` Python package writes DOT; the ``dot`` program
draws it).  In Jupyter the returned ``graphviz.Digraph`` displays itself.

Names, scopes, titles and captions are drawn as the plain text they are (``<B>``, ``\\N`` and quotes
included): no name can add a Graphviz attribute.  Markup is an explicit opt-in: ``viz.HTML(...)``.

This room reads the graph only through the engine's one walk (autograd/graph.py) and knows no
model: the book's drawings are in ``viz/book.py``; users import everything from ``tinygrad_ko.viz``.
"""

from __future__ import annotations

import html
import math
import re
import shutil
from pathlib import Path

import graphviz
import numpy as np

from ..autograd.graph import nearest_ops, ops_in_order
from ..tensor import Tensor, enable_grad

__all__ = ["draw_graph", "draw_model", "draw_graphs", "save_graph", "format_number", "HTML",
           "GraphvizNotFoundError", "DEFAULT_FONT"]

#: Hangul first, then fallbacks; Graphviz hands the comma list to Pango/fontconfig, SVG to CSS.
DEFAULT_FONT = "NanumGothic,Noto Sans CJK KR,Malgun Gothic,AppleGothic,sans-serif"
GRAD_COLOR = "#d62728"
DIRECTIONS = ("LR", "RL", "TB", "BT")
RENDER_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
SOURCE_SUFFIXES = (".dot", ".gv")

INSTALL_HELP = """Install Graphviz (the `dot` program; the Python package `graphviz` only writes DOT):
  Debian/Ubuntu:  sudo apt-get install graphviz fonts-nanum
  macOS:          brew install graphviz
  Windows:        choco install graphviz
  conda:          conda install -c conda-forge graphviz"""


class GraphvizNotFoundError(RuntimeError):
    """Graphviz's ``dot`` program is not installed (the DOT source was still written)."""


# --- numbers and labels ----------------------------------------------------------------------
def format_number(x, digits: int = 4) -> str:
    """A number as a person writes it: 715 (not 715.0000001), 1.1, 2.2, 0.0001234."""
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    nearest = round(x)
    if abs(nearest) < 1e9 and abs(x - nearest) <= 1e-6 * max(1.0, abs(x)):
        return str(int(nearest))
    return f"{x:.{digits}g}"


def _shape_text(shape) -> str:
    return str(tuple(int(n) for n in shape))


def _value_lines(tensor: Tensor, array_stats: bool) -> list:
    data = tensor.data
    if data.size == 1:
        number = format_number(data.reshape(-1)[0])
        return [number if data.ndim == 0 else f"{number} {_shape_text(data.shape)}"]
    lines = [f"{_shape_text(data.shape)} {data.dtype}"]
    if array_stats and data.size and data.dtype.kind in "biuf":
        lines.append(f"min {format_number(data.min())} · mean {format_number(data.mean())} · "
                     f"max {format_number(data.max())}")
    return lines


def _grad_text(grad: np.ndarray) -> str:
    if grad.size == 1:
        return format_number(grad.reshape(-1)[0])
    norm = float(np.linalg.norm(grad.reshape(-1).astype(np.float64)))
    return f"grad norm {format_number(norm)}"  # its shape is the value's, on the line above


class HTML(str):
    """Opt-in raw markup: ``Tensor(..., name=viz.HTML("W<SUB>1</SUB>"))`` or ``title=viz.HTML(...)``
    is handed to Graphviz as an HTML-like label (without the outer ``<`` ``>``), unescaped.

    Every other name, scope, title and label is plain text, drawn exactly as written: ``<B>``,
    ``&amp;``, ``\\N`` and quotes appear literally.  Use ``HTML`` only for markup you wrote yourself,
    never for names that come from a file or a user (Graphviz markup can carry links).  Its ``<``
    and ``>`` must balance, so the markup cannot end the label early.
    """

    def __new__(cls, markup):
        markup = str(markup)
        depth = 0
        for ch in markup:
            depth += (ch == "<") - (ch == ">")
            if depth < 0:
                break
        if depth != 0:
            raise ValueError(f"viz.HTML needs markup whose < and > balance (like <B>x</B>), got "
                             f"{markup!r}; for plain text, pass the str itself (it is escaped)")
        return super().__new__(cls, markup)


#: characters XML (so Graphviz's label parser) refuses or that draw as nothing: shown as \xNN
_UNDRAWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _visible_code(match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def _escape_text(text) -> str:
    """User text as the inside of an HTML-like label, shown literally: markup characters become
    entities, backslashes are doubled (Graphviz expands \\N, \\G ... even in HTML labels), line
    breaks become <BR/>, a tab a space, characters XML cannot hold are written as \\xNN."""
    if isinstance(text, HTML):
        return str(text)
    text = _UNDRAWABLE.sub(_visible_code, str(text).replace("\t", " "))
    text = html.escape(text, quote=True).replace("\\", "\\\\")
    return "<BR/>".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _html(lines, grad=None) -> str:
    """An HTML-like Graphviz label: black lines, then the gradient in red; all text escaped."""
    parts = [_escape_text(line) for line in lines]
    if grad is not None:
        parts.append(f'<FONT COLOR="{GRAD_COLOR}">{_escape_text(grad)}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


# --- long graphs in rows ------------------------------------------------------------------------
def _text_width(text: str, fontsize: float = 12) -> float:
    """Rough width in points of one line of text (Hangul and other wide glyphs count double)."""
    return 0.6 * fontsize * sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _wrap_rows(widths, max_width) -> list:
    """Row index of each item of a left-to-right sequence, cut into rows of about equal width
    no wider than ``max_width`` (a text line wraps the same way); one row when it fits."""
    total = float(sum(widths))
    if max_width is None or total <= max_width:
        return [0] * len(widths)
    count = math.ceil(total / max_width)
    rows, used = [], 0.0
    for width in widths:  # the row of an item is where its middle falls
        rows.append(min(count - 1, int((used + width / 2) * count / total)))
        used += width
    return rows


# --- reading the recorded graph (the engine's walk: iterative, each node once) ------------------
class _Recording:
    """The part of the graph behind ``root`` that will be drawn, in forward order."""

    def __init__(self, root: Tensor, max_nodes):
        self.root = root
        self.selected = nearest_ops([root], max_nodes)  # a cap keeps the ops nearest the output
        made = ops_in_order([root], within=self.selected) if self.is_drawn_op_output(root) else {}
        self.ops = list(made)
        self.output = {id(fn): tensor for fn, tensor in made.items()}  # id(op) -> the tensor it made
        self.sources, self.consumers = [], {}
        seen = set()
        for fn in self.ops:
            for tensor in fn.inputs:
                self.consumers.setdefault(id(tensor), []).append(fn)
                if not self.is_drawn_op_output(tensor) and id(tensor) not in seen:
                    seen.add(id(tensor))
                    self.sources.append(tensor)
        if not self.is_drawn_op_output(root):
            self.sources.append(root)

    def is_drawn_op_output(self, tensor: Tensor) -> bool:
        return tensor.creator is not None and id(tensor.creator) in self.selected

    def truncated(self, tensor: Tensor) -> bool:
        """Made by an op that was left out by ``max_nodes``."""
        return tensor.creator is not None and id(tensor.creator) not in self.selected


# --- draw_graph ----------------------------------------------------------------------------------
def draw_graph(tensor: Tensor, *, show_values: bool = True, show_grads: bool = True,
               show_names: bool = True, direction: str = "LR", array_stats: bool = False,
               group_scopes: bool = True, max_nodes: int | None = None,
               fontname: str = DEFAULT_FONT, title: str | None = None,
               max_width: float | None = 900) -> graphviz.Digraph:
    """The computational graph that produced ``tensor``, as a ``graphviz.Digraph``.

    Ops are circles with their symbol; each edge shows the tensor on it (its name, its value — a
    number, or shape and dtype, plus min/mean/max with ``array_stats`` — and its gradient in red).
    A tensor used by several ops passes through a branch dot: its gradient is the summed one.

    Gradients of intermediate tensors exist only if the backward pass kept them: call
    ``loss.backward(retain_grad=True)`` (or ``t.retain_grad()`` before backward) to see one on
    every edge.  Otherwise the gradients that exist are shown (leaves, and 1 on the root).

    ``direction``: "LR" (the book's left to right), "RL", "TB" or "BT".  ``group_scopes``: one box
    per ``graph_scope`` (per layer).  ``max_nodes``: draw only the ops nearest the output.
    ``max_width``: a left-to-right graph wider than about this many points (900 pt is a laptop
    screen) continues in a new row below, like wrapped text; None keeps one row.
    Save with ``save_graph(graph, "graph.svg")``; in Jupyter the graph displays itself.
    """
    _check_tensor(tensor, "draw_graph")
    _check_direction(direction)
    if max_nodes is not None and (not isinstance(max_nodes, int) or max_nodes < 1):
        raise ValueError(f"max_nodes must be a positive int or None (draw everything), got {max_nodes!r}")
    recording = _Recording(tensor, max_nodes)
    graph = _new_digraph(direction, fontname, title)
    _GraphWriter(graph, recording, show_values=show_values, show_grads=show_grads,
                 show_names=show_names, array_stats=array_stats, group_scopes=group_scopes).write()
    if direction in ("LR", "RL"):
        _wrap_in_rows(graph, recording, max_width, group_scopes=group_scopes)
    return graph


def _wrap_in_rows(graph, recording, max_width, prefix="", group_scopes=True) -> None:
    """Cut the forward order of the ops into rows of about ``max_width`` points and stack them top
    down, inputs first, like lines of text.  An edge from one row to another stops pulling its head
    rightwards (``constraint=false``), so each row starts again at the left edge; an invisible
    column of anchors, one per row in order, holds every op that starts a row (no input from its
    own row): a gradient graph is no chain (its later ops read early tensors directly), and
    without the anchors dot stacks its rows in any order."""
    rows = _op_rows(recording, max_width, group_scopes, prefix)
    count = max(rows.values(), default=0) + 1
    if count < 2:
        return
    for k, line in enumerate(graph.body):
        match = re.match(r"\s*(\S+) -> (\S+)( \[|$)", line)
        if not match:
            continue
        tail, head = (re.sub(r"_fanout$", "", name) for name in match.groups()[:2])
        if tail in rows and head in rows and rows[tail] != rows[head]:
            graph.body[k] = (line.replace(" [", " [constraint=false ", 1) if match[3]
                             else line.rstrip("\n") + " [constraint=false]\n")
    anchors = [f"{prefix}row{r}" for r in range(count)]
    with graph.subgraph() as column:  # same rank; a flat edge puts its tail above its head
        column.attr(rank="same")
        for anchor in anchors:
            column.node(anchor, label="", shape="point", style="invis", width="0", height="0")
        for upper, lower in zip(anchors, anchors[1:]):
            column.edge(upper, lower, style="invis")
    index = {id(fn): k for k, fn in enumerate(recording.ops)}
    for k, fn in enumerate(recording.ops):
        row = rows[f"{prefix}op{k}"]
        if not any(recording.is_drawn_op_output(t) and rows[f"{prefix}op{index[id(t.creator)]}"] == row
                   for t in fn.inputs):
            graph.edge(anchors[row], f"{prefix}op{k}", style="invis")


def _op_rows(recording, max_width, group_scopes=True, prefix="") -> dict:
    """Node id -> row of each op (0, 1, 2 ... none empty): the forward order cut by ``_wrap_rows``,
    the ops of one innermost ``graph_scope`` (a layer's box, when drawn) kept in one row."""
    pieces, widths, piece_of = [], {}, []
    for k, fn in enumerate(recording.ops):
        out = recording.output[id(fn)]
        lines = _value_lines(out, False) + ([_grad_text(out.grad.data)] if out.grad is not None else [])
        width = _text_width(fn.label(), 14) + max(_text_width(line) for line in lines) + 50
        key = ("scope", fn.scope) if group_scopes and fn.scope else ("op", k)
        if key not in widths:
            pieces.append(key)
            widths[key] = 0.0
        widths[key] += width
        piece_of.append(key)
    rows = _wrap_rows([widths[p] for p in pieces], max_width)
    dense = {row: k for k, row in enumerate(sorted(set(rows)))}  # a wide piece can skip a row
    row_of_piece = {piece: dense[row] for piece, row in zip(pieces, rows)}
    return {f"{prefix}op{k}": row_of_piece[key] for k, key in enumerate(piece_of)}


def draw_graphs(tensors, titles=None, *, direction: str = "LR", fontname: str = DEFAULT_FONT,
                title: str | None = None, max_nodes: int | None = None,
                **options) -> graphviz.Digraph:
    """Several computational graphs in one picture, one framed box each, captioned by ``titles``.

    Made for the graphs of derivatives: ``[y′, y″, y‴]`` from ``tinygrad_ko.grad(...,
    create_graph=True)`` applied again and again, each drawn whole (the forward ops it still uses
    and the backward ops that made it).  Other options as for ``draw_graph``.
    """
    tensors = list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]
    for tensor in tensors:
        _check_tensor(tensor, "draw_graphs")
    titles = [None] * len(tensors) if titles is None else list(titles)
    if len(titles) != len(tensors):
        raise ValueError(f"draw_graphs: {len(titles)} titles for {len(tensors)} tensors; give one "
                         f"title per tensor (or titles=None)")
    _check_direction(direction)
    graph = _new_digraph(direction, fontname, title)
    boxes = list(enumerate(zip(tensors, titles)))
    # left to right, dot stacks unconnected boxes bottom-up: hand them over last first
    for k, (tensor, caption) in reversed(boxes) if direction in ("LR", "RL") else boxes:
        box = graphviz.Digraph(name=f"cluster_g{k}", graph_attr={
            "label": _html([caption or ""]), "style": "rounded", "color": "gray60", "fontsize": "14",
            "labeljust": "l", "margin": "12"})
        options_k = {"show_values": True, "show_grads": True, "show_names": True,
                     "array_stats": False, "group_scopes": True, **options}
        _GraphWriter(box, _Recording(tensor, max_nodes), prefix=f"g{k}_", **options_k).write()
        graph.subgraph(box)
    return graph


class _GraphWriter:
    """Turns a _Recording into nodes, clusters and labelled edges of one Digraph."""

    def __init__(self, graph, recording, *, show_values, show_grads, show_names, array_stats,
                 group_scopes, prefix=""):
        self.graph, self.rec = graph, recording
        self.prefix = prefix  # node ids start with it: several graphs can share one picture
        self.show_values, self.show_grads, self.show_names = show_values, show_grads, show_names
        self.array_stats, self.group_scopes = array_stats, group_scopes
        self.node_of = {}  # id(tensor) -> node id of its producer (source node or op node)
        self.scoped_nodes = {}  # scope path (or None) -> [(node id, attrs)]
        root = recording.root
        # backward() releases each node it passes: a freed root op means backward ran from here.
        self.root_was_backpropagated = root.creator is not None and root.creator.freed

    def write(self) -> None:
        for k, tensor in enumerate(self.rec.sources):
            self._add_source(f"{self.prefix}t{k}", tensor)
        for k, fn in enumerate(self.rec.ops):
            node = f"{self.prefix}op{k}"
            self.node_of[id(self.rec.output[id(fn)])] = node
            self._place(fn.scope, node, label=_html([fn.label()]), shape="circle" if len(fn.label()) <= 3
                        else "ellipse", **({"fontsize": "18", "width": "0.45", "margin": "0"}
                           if len(fn.label()) <= 3 else {"fontsize": "12", "margin": "0.04"}))
        self._emit_nodes()
        root = self.rec.root
        out = f"{self.prefix}out"
        self.graph.node(out, label=_html([root.name or "output"]), shape="plaintext", fontsize="14")
        for tensor in self.rec.sources + [self.rec.output[id(fn)] for fn in self.rec.ops]:
            consumers = [self.node_of[id(self.rec.output[id(fn)])]
                         for fn in self.rec.consumers.get(id(tensor), [])]
            if tensor is root:
                consumers.append(out)
            self._add_edges(tensor, consumers)

    # --- nodes -------------------------------------------------------------------------------------
    def _add_source(self, node: str, tensor: Tensor) -> None:
        self.node_of[id(tensor)] = node
        if self.rec.truncated(tensor):
            self._place(None, node, label=_html([f"⋯ {tensor.creator.label()} (earlier ops not drawn)"]),
                        shape="plaintext", fontcolor="gray40")
            return
        self._place(self._source_scope(tensor), node, **_source_attrs(tensor))

    def _source_scope(self, tensor: Tensor):
        """Parameters (and unnamed scalar constants) sit in the box of the layer that uses them."""
        if not (tensor.requires_grad or (tensor.name is None and tensor.size == 1)):
            return None
        scopes = {fn.scope for fn in self.rec.consumers.get(id(tensor), [])}
        return scopes.pop() if len(scopes) == 1 else None

    def _place(self, scope, node: str, **attrs) -> None:
        key = scope if self.group_scopes else None
        self.scoped_nodes.setdefault(key, []).append((node, attrs))

    def _emit_nodes(self) -> None:
        """Top-level nodes, then one cluster per scope path, nested like the paths."""
        for node, attrs in self.scoped_nodes.get(None, []):
            self.graph.node(node, **attrs)
        paths = []  # every scope path and its ancestors, in order of first appearance
        for scope in self.scoped_nodes:
            if scope is None:
                continue
            parts = scope.split("/")
            for depth in range(1, len(parts) + 1):
                path = "/".join(parts[:depth])
                if path not in paths:
                    paths.append(path)
        clusters = {}
        for k, path in enumerate(paths):
            clusters[path] = graphviz.Digraph(name=f"cluster_{self.prefix}{k}", graph_attr={
                "label": _html([path.rsplit("/", 1)[-1]]), "style": "rounded", "color": "gray60",
                "fontcolor": "gray25", "labeljust": "l"})
            for node, attrs in self.scoped_nodes.get(path, []):
                clusters[path].node(node, **attrs)
        # deepest first, so each cluster is complete before it is copied into its parent
        for path in sorted(paths, key=lambda p: -p.count("/")):
            parent = path.rpartition("/")[0]
            (clusters[parent] if parent else self.graph).subgraph(clusters[path])

    # --- edges ---------------------------------------------------------------------------------------
    def _add_edges(self, tensor: Tensor, consumers: list) -> None:
        if not consumers:
            return
        producer = self.node_of[id(tensor)]
        label = self._edge_label(tensor)
        if len(consumers) > 1 and _is_constant(tensor):
            # one number used by many ops (the 2 of x * 2 and y * 2) is written at each use
            for j, consumer in enumerate(consumers):
                node = producer if j == 0 else f"{producer}_{j}"
                if j:
                    self.graph.node(node, **_source_attrs(tensor))
                self.graph.edge(node, consumer, label=label)
            return
        if len(consumers) == 1:
            self.graph.edge(producer, consumers[0], label=label)
            return
        branch = f"{producer}_fanout"  # the repeat node (5장): gradients of the branches are summed
        self.graph.node(branch, shape="point", width="0.08", label="")
        self.graph.edge(producer, branch, label=label, arrowhead="none")
        for consumer in consumers:
            self.graph.edge(branch, consumer)

    def _edge_label(self, tensor: Tensor) -> str:
        lines = []
        is_source = not self.rec.is_drawn_op_output(tensor)
        if self.show_names and tensor.name and not is_source and tensor is not self.rec.root:
            lines.append(tensor.name)  # sources and the output node print the name themselves
        if self.show_values:
            lines += _value_lines(tensor, self.array_stats)
        grad = self._grad_of(tensor) if self.show_grads else None
        if not lines and grad is None:
            return ""
        return _html(lines or [" "], grad)

    def _grad_of(self, tensor: Tensor):
        if tensor.grad is not None:
            return _grad_text(tensor.grad.data)
        if tensor is self.rec.root and self.root_was_backpropagated and tensor.size == 1:
            return "1"  # backward() starts from dL/dL = 1
        return None


def _is_constant(tensor: Tensor) -> bool:
    return tensor.creator is None and not tensor.requires_grad and tensor.name is None


def _source_attrs(tensor: Tensor) -> dict:
    """Label and style of a leaf: its name, a scalar's value, or what kind of input it is."""
    if tensor.name:
        label = tensor.name
    elif tensor.size == 1:
        label = format_number(tensor.data.reshape(-1)[0])
    else:
        label = "parameter" if tensor.requires_grad else "input"
    attrs = {"label": _html([label]), "shape": "plaintext", "fontsize": "14"}
    if not tensor.requires_grad:
        attrs["fontcolor"] = "gray30"
    return attrs


def _new_digraph(direction: str, fontname: str, title) -> graphviz.Digraph:
    fontname = graphviz.escape(str(fontname))  # a plain DOT string, never markup
    graph = graphviz.Digraph(
        graph_attr={"rankdir": direction, "fontname": fontname, "nodesep": "0.35",
                    "ranksep": "0.45", "bgcolor": "white", "ordering": "in"},
        node_attr={"fontname": fontname},
        edge_attr={"fontname": fontname, "fontsize": "12", "arrowsize": "0.7"})
    if title:
        graph.attr(label=_html([title]), labelloc="t", fontsize="16")
    return graph


def _check_tensor(tensor, where: str) -> None:
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{where} needs a tinygrad_ko Tensor (the result of some ops), got "
                        f"{type(tensor).__name__}; e.g. draw_graph(loss) after loss = model(x)...")


def _check_direction(direction) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)} (LR: left to right like "
                         f"the book), got {direction!r}")


# --- draw_model: one box per layer -----------------------------------------------------------------
def draw_model(model, input_shape, *, direction: str = "LR", fontname: str = DEFAULT_FONT,
               title: str | None = None) -> graphviz.Digraph:
    """Layer-level view: one box per layer with its output shape (Conv1 → Relu1 → Pool1 → ...).

    Runs ``model`` once on zeros of ``input_shape`` (include the batch axis, e.g. (1, 1, 28, 28))
    and groups the recorded ops by the layer ``graph_scope`` they ran in (``nn.Module`` enters one
    per layer call).  Ops outside any scope get a box each.
    """
    _check_direction(direction)
    shape = _check_shape(input_shape)
    x = Tensor(np.zeros(shape, dtype=np.float32), requires_grad=True, name="input")
    with enable_grad():
        out = model(x)
    _check_tensor(out, f"draw_model: the model's output ({type(model).__name__}(x))")
    if out.creator is None:
        raise ValueError(f"draw_model: {type(model).__name__}(x) recorded no ops, so there is nothing "
                         f"to draw; the model must compute its output from x with Tensor ops")
    recording = _Recording(out, None)
    group_of = _layer_groups(recording.ops)
    graph = _new_digraph(direction, fontname, title)
    graph.node("input", label=_html(["input", _shape_text(shape)]), shape="plaintext")
    _add_layer_nodes(graph, recording, group_of)
    _add_layer_edges(graph, recording, group_of, x)
    return graph


def _check_shape(input_shape) -> tuple:
    try:
        shape = tuple(int(n) for n in input_shape)
    except (TypeError, ValueError):
        shape = ()
    if not shape or any(n < 1 for n in shape):
        raise ValueError(f"input_shape must be a tuple of positive ints including the batch axis, "
                         f"e.g. (1, 1, 28, 28), got {input_shape!r}")
    return shape


def _layer_groups(ops) -> dict:
    """id(op) -> (node id, label): scopes cut one level below the prefix all ops share."""
    paths = [fn.scope.split("/") for fn in ops if fn.scope]
    depth = 0
    if paths:
        shortest = min(len(p) for p in paths)
        while depth < shortest - 1 and len({p[depth] for p in paths}) == 1:
            depth += 1
    group_of, node_ids = {}, {}  # node ids are numbered, never made of scope names
    for k, fn in enumerate(ops):
        if fn.scope:
            key = "/".join(fn.scope.split("/")[:depth + 1])
            group_of[id(fn)] = (node_ids.setdefault(key, f"layer{len(node_ids)}"), key.rsplit("/", 1)[-1])
        else:
            group_of[id(fn)] = (f"op{k}", fn.label())
    return group_of


def _add_layer_nodes(graph, recording, group_of) -> None:
    """One box per group, labelled with the shape of the last tensor it hands on."""
    last_output, order = {}, []
    for fn in recording.ops:  # forward order: the last op of a group wins
        key, label = group_of[id(fn)]
        if key not in last_output:
            order.append((key, label))
        last_output[key] = recording.output[id(fn)]
    for key, label in order:
        graph.node(key, shape="box", style="rounded,filled", fillcolor="#eef3fb",
                   label=_html([label, _shape_text(last_output[key].shape)]))


def _add_layer_edges(graph, recording, group_of, x) -> None:
    edges = []
    for fn in recording.ops:
        target = group_of[id(fn)][0]
        for tensor in fn.inputs:
            if tensor is x:
                source = "input"
            elif recording.is_drawn_op_output(tensor):
                source = group_of[id(tensor.creator)][0]
            else:
                continue  # parameters and constants belong to their layer
            if source != target and (source, target) not in edges:
                edges.append((source, target))
    for source, target in edges:
        graph.edge(source, target)


# --- saving ------------------------------------------------------------------------------------------
def save_graph(graph, path) -> list:
    """Write ``graph`` to ``path`` (.svg .png .pdf, or .dot/.gv for the source only).

    The DOT source is always written next to it (same name, .dot).  Returns the written paths.
    Raises GraphvizNotFoundError, after writing the source, when Graphviz's ``dot`` is missing.
    """
    if not hasattr(graph, "source") or not hasattr(graph, "pipe"):
        raise TypeError(f"save_graph needs a graphviz graph (from draw_graph, draw_model or "
                        f"book_graph), got {type(graph).__name__}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in RENDER_FORMATS and suffix not in SOURCE_SUFFIXES:
        raise ValueError(f"save_graph: cannot tell the format of {str(path)!r} from its suffix "
                         f"{suffix or '(none)'}; use one of .svg .png .pdf .dot")
    path.parent.mkdir(parents=True, exist_ok=True)
    source_path = path if suffix in SOURCE_SUFFIXES else path.with_suffix(".dot")
    source_path.write_text(graph.source, encoding="utf-8")
    if suffix in SOURCE_SUFFIXES:
        return [source_path]
    if shutil.which("dot") is None:
        raise _dot_missing(source_path, path)
    try:
        rendered = graph.pipe(format=RENDER_FORMATS[suffix])
    except graphviz.ExecutableNotFound:
        raise _dot_missing(source_path, path) from None
    except graphviz.CalledProcessError as err:
        stderr = err.stderr.decode(errors="replace") if isinstance(err.stderr, bytes) else err.stderr
        raise RuntimeError(f"Graphviz's dot could not render {source_path} ({stderr or err}); the "
                           f"DOT source is there to inspect") from None
    path.write_bytes(rendered)
    return [source_path, path]


def _dot_missing(source_path: Path, path: Path) -> GraphvizNotFoundError:
    return GraphvizNotFoundError(
        f"Graphviz's `dot` program was not found on PATH, so {path} was not drawn. The DOT source "
        f"is saved at {source_path}.\n{INSTALL_HELP}\nthen run again, or render the saved source "
        f"yourself: dot -T{RENDER_FORMATS[path.suffix.lower()]} {source_path} -o {path}")

