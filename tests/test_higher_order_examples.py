"""Drawing the graphs of derivatives (issue 13, item 5): draw_graph of a gradient made with
create_graph=True, viz.draw_graphs, and ``python -m tinygrad_ko graph tanh-derivatives``."""

import html
import re
import shutil

import numpy as np
import pytest

import tinygrad_ko as tk
from tinygrad_ko import Tensor, viz
from tinygrad_ko.cli import main, tanh_derivative_graphs

# Skipped only where Graphviz is absent: .ci/run installs it and checks `dot -V` before the tests.
needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="Graphviz's dot is not installed (CI installs it)")


def conv_pool_gradients():
    """x, b and W of a conv → + b → max pool → avg pool → [:, 0] → square → sum graph, with their
    gradients made by backward(create_graph=True)."""
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((2, 1, 6, 6)), requires_grad=True, name="x")
    W = Tensor(rng.standard_normal((3, 1, 3, 3)), requires_grad=True, name="W")
    b = Tensor(rng.standard_normal((3, 1, 1)), requires_grad=True, name="b")
    loss = ((x.conv2d(W) + b).max_pool2d(2).avg_pool2d(2)[:, 0] ** 2).sum()
    loss.backward(create_graph=True)
    return x, W, b


def op_labels(source: str) -> set:
    """The labels of the op nodes (op0, g1_op3, ...) of a DOT source (plain, quoted or HTML-like)."""
    found = re.findall(r'^\s*(?:g\d+_)?op\d+ \[label=(<.*?>|".*?"|[^ \]]+)[ \]]', source, flags=re.M)
    return {html.unescape(label[1:-1] if label[0] in '<"' else label) for label in found}


def test_draw_graph_of_a_gradient_shows_the_backward_ops():
    x, W, b = conv_pool_gradients()
    labels = op_labels(viz.draw_graph(x.grad).source)
    # the backward of x: index_add ([:, 0]), the pools' scatters, col2im (conv), and the forward
    # ops the second derivative still needs
    assert {"index_add", "avg_pool2d_backward", "max_pool2d_backward", "col2im", "conv2d"} <= labels
    assert "sum_to" in op_labels(viz.draw_graph(b.grad).source)  # b was broadcast over (N, H, W)
    assert "im2col" in op_labels(viz.draw_graph(W.grad).source)  # dW = dY · colᵀ


def test_draw_graph_of_tanh_derivative_shows_one_minus_y_squared():
    x = Tensor(np.array(1.0), requires_grad=True, name="x")
    y = x.tanh()
    y.backward(create_graph=True)
    graph = viz.draw_graph(x.grad)
    labels = op_labels(graph.source)
    assert labels == {"tanh", "×", "−"}  # gy · (1 − y·y)
    assert re.search(r"label=<0\.42\b", graph.source)  # the edge into the output: 1 − tanh(1)²


@needs_dot
def test_gradient_graph_renders_to_svg(tmp_path):
    x, _, _ = conv_pool_gradients()
    written = viz.save_graph(viz.draw_graph(x.grad), tmp_path / "dx.svg")
    svg = written[-1].read_text(encoding="utf-8")
    for label in ("col2im", "max_pool2d_backward", "index_add"):
        assert f">{label}<" in svg


def test_draw_graphs_keeps_each_graph_apart():
    x = Tensor(np.array(0.5), requires_grad=True, name="x")
    first = tk.grad(x.tanh(), x, create_graph=True)[0]
    second = tk.grad(first, x, create_graph=True)[0]
    source = viz.draw_graphs([first, second], ["first", "second"]).source
    assert source.count("subgraph cluster_g") == 2
    assert "g0_out" in source and "g1_out" in source
    # every node id belongs to one box: the first box's nodes never appear in the second's edges
    node_ids = re.findall(r"^\s*(g\d_\w+) \[", source, flags=re.M)
    assert len(node_ids) == len(set(node_ids))
    assert len(op_labels(source)) >= 3


def test_draw_graphs_explains_bad_arguments():
    x = Tensor(np.array(0.5), requires_grad=True)
    y = x.tanh()
    with pytest.raises(ValueError, match="2 titles for 1 tensors"):
        viz.draw_graphs([y], ["a", "b"])
    with pytest.raises(TypeError, match="needs a tinygrad_ko Tensor"):
        viz.draw_graphs([y, np.ones(2)])
    with pytest.raises(ValueError, match="direction must be one of"):
        viz.draw_graphs([y], direction="up")


def tanh_derivatives_closed_form(t: float, order: int) -> list:
    """tanh's derivatives as polynomials in t = tanh x: P₀ = t, P_{n+1} = P_n′(t) · (1 − t²)."""
    poly = np.polynomial.Polynomial([0, 1])
    values = []
    for _ in range(order):
        poly = poly.deriv() * np.polynomial.Polynomial([1, 0, -1])
        values.append(poly(t))
    return values


def summary_values(summary: str) -> list:
    return [float(line.split("=")[1]) for line in summary.splitlines()]


@pytest.mark.parametrize("order", [1, 3, 5])
def test_tanh_derivative_graphs_have_the_right_values(order):
    graph, summary = tanh_derivative_graphs(order)
    expected = tanh_derivatives_closed_form(np.tanh(1.0), order)
    np.testing.assert_allclose(summary_values(summary), expected, rtol=1e-9)
    assert graph.source.count("subgraph cluster_g") == order
    assert "y′" in graph.source and ("y‴" in graph.source) == (order >= 3)


@needs_dot
def test_cli_draws_tanh_derivatives(tmp_path, capsys):
    target = tmp_path / "tanh.svg"
    assert main(["graph", "tanh-derivatives", "--order", "3", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert "y′(1) = 0.4199743416" in out and "y″(1) = -0.6397000084" in out
    assert "y‴(1) = 0.6216266808" in out
    svg = target.read_text(encoding="utf-8")
    for n in (1, 2, 3):
        assert f"derivative of order {n}" in svg
    assert svg.count(">tanh<") == 3  # each box draws the forward op it differentiates
    assert (tmp_path / "tanh.dot").exists()


def test_cli_tanh_derivatives_writes_dot_without_graphviz(tmp_path):
    target = tmp_path / "tanh.dot"
    assert main(["graph", "tanh-derivatives", "--order", "2", "-o", str(target)]) == 0
    source = target.read_text(encoding="utf-8")
    assert "y″" in source and "y‴" not in source


@pytest.mark.parametrize("argv, message", [
    (["graph", "tanh-derivatives", "--order", "0"], "--order must be a whole number from 1 to 6, got 0"),
    (["graph", "tanh-derivatives", "--order", "7"], "--order must be a whole number from 1 to 6, got 7"),
    (["graph", "apple", "--order", "2"], "--order is for tanh-derivatives only"),
])
def test_cli_order_errors_say_what_to_do(argv, message, capsys, tmp_path):
    assert main(argv + ["-o", str(tmp_path / "g.dot")]) == 2
    assert message in capsys.readouterr().err


def test_gradcheck_of_a_function_that_calls_grad():
    from tinygrad_ko.testing import gradcheck

    def slope_squared(x):  # (d/dx x³)² = 9x⁴, needs grad(create_graph=True) inside
        (slope,) = tk.grad((x ** 3).sum(), x, create_graph=True)
        return (slope ** 2).sum()

    assert gradcheck(slope_squared, np.array([0.5, -1.5]))


def test_readme_newton_snippet_prints_the_seven_steps(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 고계 미분 / Higher-order gradients"):]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    exec(compile(code, "README.md", "exec"), {})
    printed = [line.split() for line in capsys.readouterr().out.splitlines()]
    xs = [float(x) for _, x in printed]
    assert xs[:7] == [2.0, 1.4545454545454546, 1.1510467893775467, 1.0253259289766978,
                      1.0009084519430513, 1.0000012353089454, 1.000000000002289]
    assert xs[7] == 1.0
