"""The backprop explorer (viz.explore, viz.backprop_frames) read back from its data and its page:
the backward order is the engine's, the numbers are the engine's gradients, names cannot inject
markup, the page needs no network, and the CLI, frames and Jupyter view work."""

import html
import json
import re
import shutil

import numpy as np
import pytest

from tinygrad_ko import Tensor, graph_scope, viz
from tinygrad_ko.autograd import observe_backward
from tinygrad_ko.cli import main as cli_main
from tinygrad_ko.explore.layout import dot_rows, render

# The page inlines Graphviz's layout; .ci/run installs Graphviz and checks `dot -V`, so CI runs these.
pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")

BOOK_GRADIENTS = {"사과 apple": 2.2, "사과 개수 apple_num": 110, "귤 orange": 3.3,
                  "귤 개수 orange_num": 165, "부가세 tax": 650}


def apple_orange():
    root, _ = viz.book_forward("apple-orange")
    return root


def engine_walk(root):
    """What the engine itself reports, node by node, for a fresh backward through ``root``."""
    events = []
    with observe_backward(lambda node, out, g, grads: events.append((node, g.copy(), grads))):
        root.backward(retain_graph=True)
    return events


def leaves_of(root):
    found, stack = {}, [root]
    while stack:
        t = stack.pop()
        if t.creator is None:
            found[t.name] = t
        else:
            stack.extend(t.creator.inputs)
    return found


def page_data(page: str) -> dict:
    text = re.search(r'<script type="application/json" id="explore-data">(.*?)</script>', page, re.S)
    return json.loads(text.group(1))


def test_backward_steps_are_the_engines_walk_with_its_numbers():
    root = apple_orange()
    explorer = viz.explore(root)
    events = engine_walk(root)  # the engine's own order and numbers, observed separately
    node_ids = {id(fn): f"op{k}" for k, fn in enumerate(viz.draw._Recording(root, None).ops)}
    backward = [s for s in explorer.steps if s["phase"] == "backward"]
    assert [s["node"] for s in backward] == [node_ids[id(node)] for node, _, _ in events]
    for step, (_, grad_output, grads) in zip(backward, events):
        assert step["grad_output"]["value"] == pytest.approx(float(grad_output))
        for entry, grad in zip(step["inputs"], grads):
            assert entry["grad"]["value"] == pytest.approx(float(grad))
    forward = [s["node"] for s in explorer.steps if s["phase"] == "forward"]
    assert forward == [f"op{k}" for k in range(4)] and len(explorer.steps) == 8
    # every leaf's gradient, as the engine leaves it after a plain backward
    names = {t["id"]: t["name"] for t in explorer.data["tensors"]}
    finished = {names[f["tensor"]]: f["grad"]["value"] for s in backward for f in s["finished"]}
    leaves = leaves_of(root)
    assert finished == pytest.approx({name: float(leaves[name].grad.item()) for name in finished})
    assert finished == pytest.approx(BOOK_GRADIENTS)


def test_formulas_carry_the_actual_numbers():
    explorer = viz.explore(apple_orange())
    texts = []
    for step in explorer.steps:
        if step["phase"] == "backward":
            for e in step["inputs"]:
                texts.append(f"∂L/∂{e['letter']} = {e['rule']['en']} = {e['rule']['numbers']} = "
                             f"{e['grad']['text']}")
        else:
            formula = step["formula"]
            texts.append(f"{formula['text']} = {formula['numbers']} = {step['value']['text']}")
    assert "∂L/∂y = ∂L/∂z · x = 1.1 × 150 = 165" in texts  # orange_num's gradient, 5장 5.4.2절
    assert "∂L/∂x = ∂L/∂z · 1 = 1.1 × 1 = 1.1" in texts  # the add node passes 1.1 on
    assert "∂L/∂y = ∂L/∂z · x = 1 × 650 = 650" in texts  # dTax
    assert "z = x + y = 200 + 450 = 650" in texts


def test_explore_leaves_every_gradient_as_it_found_it():
    root = apple_orange()
    leaves = leaves_of(root)
    leaves["부가세 tax"].grad = Tensor(np.float64(7.0))
    viz.explore(root)
    assert leaves["부가세 tax"].grad.item() == 7.0
    assert leaves["사과 apple"].grad is None and root.grad is None
    root.backward()  # the graph is still usable: explore ran backward with retain_graph=True
    assert leaves["사과 apple"].grad.item() == pytest.approx(2.2)


def test_a_tensor_used_twice_shows_its_gradients_arriving_and_summed():
    x = Tensor(3.0, requires_grad=True, dtype=np.float64, name="x")
    loss = x * 2.0 + x * 8.0
    explorer = viz.explore(loss)
    arrivals = [e["arrival"] for s in explorer.steps if s["phase"] == "backward"
                for e in s["inputs"] if e["arrival"]]
    assert [(a["count"], a["total"], a["complete"]) for a in arrivals] == [(1, 2, False), (2, 2, True)]
    assert sorted(arrivals[-1]["parts"]) == ["2", "8"] and arrivals[-1]["sum"]["value"] == 10
    finished = [f for s in explorer.steps for f in s.get("finished", [])]
    assert [f["grad"]["value"] for f in finished] == [10]


def test_arrays_get_shape_norm_and_a_small_heat_map():
    rng = np.random.default_rng(0)
    w = Tensor(rng.standard_normal((40, 30)), requires_grad=True, dtype=np.float64, name="W")
    x = Tensor(rng.standard_normal((5, 40)), dtype=np.float64)
    loss = ((x @ w).relu() * 3.0).sum()
    explorer = viz.explore(loss)
    last = [s for s in explorer.steps if s["phase"] == "backward"][-1]
    grad = next(e["grad"] for e in last["inputs"] if e["grad"] is not None)
    loss.backward()
    assert grad["shape"] == [40, 30] and grad["dtype"] == "float64"
    assert grad["norm"] == pytest.approx(float(np.linalg.norm(w.grad.data)))
    assert grad["min"] == pytest.approx(float(w.grad.data.min()))
    heat = grad["heat"]
    assert heat["rows"] <= 24 and heat["cols"] <= 24 and len(heat["cells"]) == heat["rows"] * heat["cols"]
    assert max(abs(c) for c in heat["cells"]) == pytest.approx(1.0)
    assert "W" in [t["name"] for t in explorer.data["tensors"]]


HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


def test_hostile_names_stay_text(tmp_path):
    a = Tensor(2.0, requires_grad=True, name=HOSTILE)
    b = Tensor(5.0, requires_grad=True, name="b")
    loss = a * b
    loss.name = HOSTILE
    with graph_scope(HOSTILE):
        loss2 = loss * 1.5
    page = viz.explore(loss2, tmp_path / "x.html", title=HOSTILE).html
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count("<script") == 2  # the data and the page's own script, nothing else
    data = page_data(page)
    assert data["title"] == HOSTILE
    assert HOSTILE in [t["name"] for t in data["tensors"]]
    assert "&lt;/script&gt;" in page  # in the SVG and the <title>, as text


@pytest.mark.parametrize("name", ["bell\x07char", "ends with a backslash\\", "\\N and \\G", "\\"])
def test_control_characters_and_backslashes_in_names_are_drawn_literally(name):
    # escaped by viz.draw's one helper: \x07 once made Graphviz fail (CalledProcessError), and a
    # single backslash let Graphviz expand \N (the node's id) and \G inside the label
    x = Tensor(2.0, requires_grad=True, name=name)
    with graph_scope(name):
        y = x * 3
    y.name = name
    data = viz.explore(y).data
    texts = []
    for collapsed in (set(), {g["id"] for g in data["groups"]}):
        for row in dot_rows(data, collapsed):
            svg = render(row, "svg").decode("utf-8")
            texts += [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]
    texts = [t.replace("\u00a0", " ") for t in texts]
    shown = name.replace("\x07", "\\x07")
    assert shown in texts  # the leaf, the output name and the layer's box, each exactly as given
    assert texts.count(shown) >= 3, texts


def test_the_page_needs_no_network():
    page = viz.explore(apple_orange()).html
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>)]*", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert "default-src 'none'" in page  # the browser itself refuses any request
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert re.search(r"<svg\b", page)  # the Graphviz layout is inline


def test_simple_convnet_layers_collapse_to_boxes():
    root, title = viz.book_forward("simple-convnet", batch_size=4)
    explorer = viz.explore(root, title=title)
    groups = [g["label"] for g in explorer.data["groups"]]
    assert groups == ["Conv1", "Relu1", "Pool1", "Affine1", "Relu2", "Affine2"]
    page = explorer.html
    views = re.findall(r'<div class="view" data-view="([^"]+)"', page)
    assert views == ["all"] + [f"g{k}" for k in range(6)]
    collapsed = page.split('data-view="all"')[1].split('<div class="view"')[0]
    titles = re.findall(r"<title>([^<]+)</title>", collapsed)
    assert {f"grp_g{k}" for k in range(6)} <= set(titles)
    assert [t for t in titles if re.fullmatch(r"op\d+", t)] == ["op7"]  # only cross_entropy is outside
    backward = [s for s in explorer.steps if s["phase"] == "backward"]
    assert len(backward) == len(explorer.data["nodes"]) == 8  # each Affine layer is one node
    conv = next(s for s in backward if s["node"] == "op0")
    assert [e["letter"] for e in conv["inputs"]] == ["x", "W", "b"] and conv["inputs"][0]["grad"] is None


def test_errors_say_what_to_do(tmp_path):
    with pytest.raises(TypeError, match="Tensor"):
        viz.explore(np.ones(3))
    with pytest.raises(ValueError, match="leaf"):
        viz.explore(Tensor(1.0, requires_grad=True))
    root = apple_orange()
    with pytest.raises(ValueError, match=r"\.html"):
        viz.explore(root, tmp_path / "page.txt")
    assert not (tmp_path / "page.txt").exists()
    root.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        viz.explore(root)
    with pytest.raises(ValueError, match="does not require grad"):
        viz.explore(Tensor(1.0) * 2.0 + Tensor(2.0))


def test_jupyter_shows_the_same_page_in_an_iframe(tmp_path):
    explorer = viz.explore(apple_orange(), tmp_path / "p.html")
    shown = explorer._repr_html_()
    assert shown.startswith("<iframe") and 'srcdoc="' in shown
    assert "<script" not in shown  # the page is an escaped attribute value
    import html

    assert html.unescape(shown.split('srcdoc="')[1].rsplit('"', 1)[0]) == explorer.html
    assert (tmp_path / "p.html").read_text(encoding="utf-8") == explorer.html
    assert "4 forward and 4 backward steps" in repr(explorer)


def test_backprop_frames_png_per_step_and_a_gif(tmp_path):
    pil = pytest.importorskip("PIL.Image")  # the explore extra; CI installs Pillow with the test extra
    written = viz.backprop_frames(apple_orange(), tmp_path / "frames")
    pngs = [p for p in written if p.suffix == ".png"]
    assert [p.name for p in pngs] == [f"step_{k:03d}.png" for k in range(1, 9)]
    with pil.open(written[-1]) as gif:
        assert gif.format == "GIF" and gif.n_frames == 8
    with pil.open(pngs[-1]) as last:
        pixels = np.asarray(last.convert("RGB"))
    assert pixels.shape[0] > 100 and (pixels.std(axis=(0, 1)) > 5).all()
    only_backward = viz.backprop_frames(apple_orange(), tmp_path / "b", forward=False, gif=False)
    assert len(only_backward) == 4


def test_cli_explore_writes_the_page(tmp_path, capsys):
    target = tmp_path / "ao.html"
    assert cli_main(["explore", "apple-orange", "-o", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    data = page_data(target.read_text(encoding="utf-8"))
    assert data["title"].startswith("사과 2개, 귤 3개")
    assert cli_main(["explore", "apple", "-o", str(tmp_path / "a.svg")]) == 2
    assert ".html" in capsys.readouterr().err


def test_long_op_graphs_are_laid_out_in_rows():
    from tinygrad_ko.viz.draw import _wrap_rows

    assert _wrap_rows([300] * 10, 1000) == [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
    assert _wrap_rows([100] * 3, 1000) == [0, 0, 0]
    root, title = viz.book_forward("simple-convnet", batch_size=100)
    data = viz.explore(root, title=title).data
    every_layer = {g["id"] for g in data["groups"]}

    def size(**options):
        rows = [render(row, "svg").decode() for row in dot_rows(data, collapsed=every_layer, **options)]
        sizes = [[float(v) for v in re.search(r'viewBox="0\.00 0\.00 ([\d.]+) ([\d.]+)"', svg).groups()]
                 for svg in rows]
        return max(w for w, _ in sizes), sum(h for _, h in sizes), len(rows)

    one_row, wrapped = size(max_width=None), size()
    assert one_row[2] == 1 and wrapped[2] > 1
    assert wrapped[0] < 0.6 * one_row[0] and wrapped[0] < 900 and wrapped[1] < 500  # points


def test_the_static_simple_convnet_drawing_fits_a_laptop_screen():
    graph = viz.book_graph("simple-convnet")

    def size(g):
        svg = g.pipe(format="svg").decode()
        return [float(v) for v in re.search(r'viewBox="0\.00 0\.00 ([\d.]+) ([\d.]+)"', svg).groups()]

    width, height = size(graph)
    one_row = size(viz.book_graph("simple-convnet", max_width=None))
    assert "constraint=false" in graph.source and "constraint=false" not in viz.book_graph("apple").source
    # points (1 pt = 1.33 px): about a 1440 × 1130 px screen (each Affine layer is one node, so
    # three rows of fewer, taller layer boxes)
    assert one_row[0] > 2 * width and width < 1100 and height < 850
    assert width * height < 0.9 * one_row[0] * one_row[1] + 1e5


def test_the_demo_writes_the_explorer_and_prints_its_path(tmp_path, capsys):
    from tinygrad_ko.cli import demo_apple_orange

    demo_apple_orange(tmp_path)
    page = tmp_path / "explore_apple_orange.html"
    assert str(page) in capsys.readouterr().out
    assert page_data(page.read_text(encoding="utf-8"))["root"] == "t8"  # price: 5 leaves t0-t4, 4 ops t5-t8


def test_a_non_scalar_output_takes_its_upstream_gradient():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True, dtype=np.float64, name="x")
    y = x * 3.0
    with pytest.raises(RuntimeError, match="scalar"):
        viz.explore(y)
    explorer = viz.explore(y, grad=np.array([1.0, 10.0]))
    (step,) = [s for s in explorer.steps if s["phase"] == "backward"]
    assert step["grad_output"]["shape"] == [2] and step["inputs"][0]["grad"]["max"] == 30.0
