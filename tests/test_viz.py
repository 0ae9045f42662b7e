"""Graph drawings: the book's apple graphs read back from the DOT source and the rendered SVG,
CNN-sized graphs with shapes on their edges, deep chains without recursion, a missing `dot`."""

import html
import re
import shutil
import sys

import numpy as np
import pytest

from tinygrad_ko import Tensor, graph_scope, viz
from tinygrad_ko.models import SimpleConvNet

EDGE = re.compile(r"^\s*(\w+) -> (\w+) \[(.*)\]\s*$", re.M)
# a label is "quoted", bare, or HTML-like <...> (it ends where the next attribute or the ] begins)
NODE = re.compile(r'^\s*(\w+) \[label=(?:"([^"]*)"|<(.*?)>(?= \w+=|\]$)|([^\s\]<]+))', re.M)


def label_text(markup: str) -> str:
    """The text an HTML-like label shows: entities decoded, doubled backslashes single."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup)).replace("\\\\", "\\")


def parse_dot(source: str):
    """{node id: label} and [(tail label, head label, value, gradient)] of a drawn graph."""
    labels = {node: quoted or (label_text(markup) if markup else bare)
              for node, quoted, markup, bare in NODE.findall(source)}
    edges = []
    for tail, head, attrs in EDGE.findall(source):
        text = re.search(r"label=<(.*)>", attrs)
        parts = text.group(1) if text else ""
        gradient = re.search(r'<FONT COLOR="#d62728">([^<]*)</FONT>', parts)
        plain = [p for p in re.sub(r"<FONT.*?</FONT>", "", parts).split("<BR/>") if p]
        edges.append((labels.get(tail, tail), labels.get(head, head), plain[-1] if plain else None,
                      gradient.group(1) if gradient else None))
    return labels, edges


def edge_from(edges, tail_label):
    matches = [e for e in edges if e[0] == tail_label]
    assert len(matches) == 1, (tail_label, edges)
    return matches[0]


def test_apple_graph_carries_the_books_numbers_on_the_right_edges():
    # 5장 5.3.3절 (사과 쇼핑의 예): 100 × 2 × 1.1 = 220, gradients 2.2, 110, 200
    _, edges = parse_dot(viz.book_graph("apple").source)
    assert edge_from(edges, "사과 apple")[1:] == ("×", "100", "2.2")
    assert edge_from(edges, "사과 개수 apple_num")[1:] == ("×", "2", "110")
    assert edge_from(edges, "부가세 tax")[1:] == ("×", "1.1", "200")
    # the output edge: 220 flows into the price node with gradient 1
    assert [e for e in edges if e[1] == "가격 price"] == [("×", "가격 price", "220", "1")]


def test_apple_orange_graph_carries_every_value_and_gradient():
    labels, edges = parse_dot(viz.book_graph("apple-orange").source)
    assert edge_from(edges, "사과 apple")[1:] == ("×", "100", "2.2")
    assert edge_from(edges, "사과 개수 apple_num")[1:] == ("×", "2", "110")
    assert edge_from(edges, "귤 orange")[1:] == ("×", "150", "3.3")
    assert edge_from(edges, "귤 개수 orange_num")[1:] == ("×", "3", "165")
    assert edge_from(edges, "부가세 tax")[1:] == ("×", "1.1", "650")
    inner = sorted((e[1], e[2], e[3]) for e in edges if e[0] in ("×", "+"))
    # apple_price 200 and orange_price 450 flow into +, all_price 650 into ×, 715 out; the
    # gradient on each of the first three is the tax 1.1 (the add node passes it through)
    assert inner == [("+", "200", "1.1"), ("+", "450", "1.1"), ("×", "650", "1.1"),
                     ("가격 price", "715", "1")]
    assert sorted(labels[k] for k in labels if k.startswith("op")) == ["+", "×", "×", "×"]


def test_left_to_right_and_options():
    source = viz.book_graph("apple-orange").source
    assert "rankdir=LR" in source
    no_grads = viz.book_graph("apple-orange", show_grads=False).source
    assert "#d62728" not in no_grads and "715" in no_grads
    no_values = viz.book_graph("apple-orange", show_values=False).source
    assert ">715<" not in no_values and "650" in no_values  # the gradient 650 of tax remains
    assert "rankdir=TB" in viz.book_graph("apple", direction="TB").source
    with pytest.raises(ValueError, match="direction"):
        viz.book_graph("apple", direction="up")


def test_fan_out_shows_one_summed_gradient():
    x = Tensor(3.0, requires_grad=True, dtype=np.float64, name="x")
    y = x * x + x
    y.backward(retain_grad=True)
    source = viz.draw_graph(y).source
    assert "shape=point" in source                   # the branch point of the repeated node
    _, edges = parse_dot(source)
    assert edge_from(edges, "x")[2:] == ("3", "7")   # dy/dx = 2x + 1, summed over three uses


# Skipped only where Graphviz is absent: .ci/run installs it and checks `dot -V` before the tests.
@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="needs Graphviz's dot program; .ci/run installs it, so CI always runs this")
def test_rendered_svg_has_every_label(tmp_path):
    paths = viz.save_graph(viz.book_graph("apple-orange"), tmp_path / "apple_orange.svg")
    assert [p.suffix for p in paths] == [".dot", ".svg"]
    svg = (tmp_path / "apple_orange.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for label in ("100", "2", "150", "3", "1.1", "200", "450", "650", "715",
                  "2.2", "110", "3.3", "165", "1", "사과 apple", "귤 orange", "부가세 tax"):
        assert label in texts, label
    assert 'fill="#d62728"' in svg  # gradients drawn in red


def test_simple_convnet_graph_has_shapes_and_layer_boxes(tmp_path):
    graph = viz.book_graph("simple-convnet", batch_size=100)
    source = graph.source
    if shutil.which("dot"):  # rendered too: the shapes are in the SVG a teacher shows
        viz.save_graph(graph, tmp_path / "cnn.svg")
        assert "(100, 30, 24, 24)" in (tmp_path / "cnn.svg").read_text(encoding="utf-8")
    for shape in ("(100, 1, 28, 28)", "(100, 30, 24, 24)", "(100, 30, 12, 12)", "(100, 4320)",
                  "(100, 100)", "(100, 10)", "(30, 1, 5, 5)"):
        assert shape in source, shape
    for layer in ("Conv1", "Relu1", "Pool1", "Affine1", "Relu2", "Affine2"):
        assert re.search(rf"subgraph cluster\S*[\s\S]*?label=<{layer}>", source), layer
    assert "conv2d" in source and "max_pool2d" in source


def test_draw_model_is_the_books_layer_figure():
    source = viz.draw_model(SimpleConvNet(), (1, 1, 28, 28)).source
    order = [m.group(1) for m in re.finditer(r"label=<(\w+)<BR/>", source)]
    assert order[1:] == ["Conv1", "Relu1", "Pool1", "Affine1", "Relu2", "Affine2"]
    assert "(1, 30, 24, 24)" in source and "(1, 10)" in source


def test_real_model_op_graph_is_grouped_by_layer():
    model = SimpleConvNet()
    loss = model.loss(np.zeros((2, 1, 28, 28), dtype=np.float32), np.array([1, 2]))
    loss.backward()
    source = viz.draw_graph(loss).source
    for layer in ("Conv1", "Pool1", "Affine2"):
        assert re.search(rf"subgraph cluster\S*[\s\S]*?label=<{layer}>", source), layer


def test_ten_thousand_node_chain_without_recursion(tmp_path):
    x = Tensor(1.0, requires_grad=True, name="x")
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # any recursion over the graph would blow this
    try:
        graph = viz.draw_graph(y, show_values=False)
    finally:
        sys.setrecursionlimit(limit)
    drawn = [line for line in graph.source.splitlines() if "->" in line and "style=invis" not in line]
    assert len(drawn) == 20_001  # 10,000 ops, their 10,000 constants, the output (rows: invisible)
    capped = viz.draw_graph(y, max_nodes=50).source
    assert len(re.findall(r"^\s*op\d+ \[", capped, re.M)) == 50 and "not drawn" in capped


def test_missing_dot_still_writes_the_source_and_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(viz.draw.shutil, "which", lambda name: None)
    with pytest.raises(viz.GraphvizNotFoundError) as info:
        viz.save_graph(viz.book_graph("apple"), tmp_path / "apple.png")
    message = str(info.value)
    for hint in ("apt-get install graphviz", "brew install graphviz", "choco install graphviz",
                 "conda install", str(tmp_path / "apple.dot")):
        assert hint in message
    assert "digraph" in (tmp_path / "apple.dot").read_text(encoding="utf-8")
    assert not (tmp_path / "apple.png").exists()


def test_scopes_nest_and_bad_arguments_are_explained(tmp_path):
    x = Tensor(np.ones((2, 2)), requires_grad=True, name="x")
    with graph_scope("outer"), graph_scope("inner"):
        y = (x * 2).sum()
    assert y.creator.scope == "outer/inner"
    with pytest.raises(ValueError, match="suffix"):
        viz.save_graph(viz.draw_graph(y), tmp_path / "graph.jpeg2000")
    with pytest.raises(ValueError, match="unknown book graph"):
        viz.book_graph("banana")
    with pytest.raises(TypeError):
        viz.draw_graph(np.ones(3))


def layout_rows(graph, ops_per_row):
    """(min y, max y) in points of the ops of each row, top row first, from dot's own layout."""
    import subprocess
    plain = subprocess.run(["dot", "-Tplain"], input=graph.source.encode("utf-8"), capture_output=True,
                           check=True).stdout.decode("utf-8")
    y = {p[1]: float(p[3]) for p in (line.split() for line in plain.splitlines()) if p[0] == "node"}
    return [(min(y[n] for n in row), max(y[n] for n in row)) for row in ops_per_row]


# Reads dot's own layout, so it needs Graphviz: .ci/run installs it and checks `dot -V`; CI runs this.
@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="needs Graphviz's dot program; .ci/run installs it, so CI always runs this")
@pytest.mark.parametrize("max_width", [300, 500, 800])
def test_wrapped_rows_of_a_gradient_graph_read_top_down_inputs_first(max_width):
    """The graph of tanh''' (three tk.grad with create_graph=True) is no chain: later ops read the
    tanh output directly.  Wrapped, each row still lies wholly below the one before (x and tanh in
    the top row, the output in the bottom one), like lines of text; once row 1 sat at the bottom."""
    import tinygrad_ko as tk
    from tinygrad_ko.viz.draw import _Recording, _op_rows

    x = Tensor(np.array(1.0), requires_grad=True, name="x")
    g = x.tanh()
    for _ in range(3):
        (g,) = tk.grad(g, [x], create_graph=True)
    graph = viz.draw_graph(g, max_width=max_width)
    rows = _op_rows(_Recording(g, None), max_width, group_scopes=True)
    count = max(rows.values()) + 1
    assert count >= 3
    ops_per_row = [[n for n, r in rows.items() if r == k] for k in range(count)]
    assert "op0" in ops_per_row[0]  # the tanh of x opens the drawing
    spans = layout_rows(graph, ops_per_row)  # Graphviz's y grows upwards
    assert all(below[1] < above[0] for above, below in zip(spans, spans[1:])), spans
