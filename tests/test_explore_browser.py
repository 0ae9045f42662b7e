"""The explorer page in a real browser (Debian's chromium driven by Playwright, headless).

Each test opens a page written by viz.explore from a file, steps through it as a reader would
(keys, buttons, slider, clicks) and compares what the page shows with the engine's own numbers.
Every test also checks that the page asked for nothing over the network and logged no error.
"""

import shutil
from pathlib import Path

import numpy as np
import pytest

from tinygrad_ko import Tensor, viz
from tinygrad_ko.autograd import observe_backward

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# .ci/run installs Debian's chromium and Graphviz, and playwright is in the test extra: CI runs these;
# the skips only spare a developer machine without the browser.
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (CI installs it)"),
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed"),
]

BOOK_GRADIENTS = {"사과 apple": 2.2, "사과 개수 apple_num": 110, "귤 orange": 3.3,
                  "귤 개수 orange_num": 165, "부가세 tax": 650}


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Page:
    """A browser tab on one explorer file that remembers requests, console errors and dialogs."""

    def __init__(self, browser, path: Path):
        self.tab = browser.new_page(viewport={"width": 1366, "height": 768})
        self.requests, self.errors, self.dialogs = [], [], []
        self.tab.on("request", lambda r: self.requests.append(r.url))
        self.tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        self.tab.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.tab.goto(self.url)

    def attr(self, name):
        return self.tab.get_attribute("body", name)

    def values(self, selector):
        """[(data-tensor, data-value, text)] of the panel elements matching ``selector``."""
        return self.tab.eval_on_selector_all(selector, "els => els.map(e => [e.getAttribute('data-tensor')"
                                             " || e.getAttribute('data-leaf'), e.getAttribute('data-value'),"
                                             " e.textContent])")

    def highlighted(self):
        return self.tab.eval_on_selector_all(".view:not([hidden]) g.node.current > title",
                                             "els => els.map(e => e.textContent)")

    def assert_clean(self):
        assert self.requests == [self.url], self.requests  # the file itself, nothing else
        assert self.errors == [] and self.dialogs == []


def write_page(tmp_path, root, name="page.html", **options):
    return viz.explore(root, tmp_path / name, **options)


def test_apple_orange_step_by_step_shows_the_engines_gradients(browser, tmp_path):
    root, title = viz.book_forward("apple-orange")
    explorer = write_page(tmp_path, root, title=title)
    events = []  # the engine's own walk, observed independently of the explorer
    with observe_backward(lambda node, out, g, grads: events.append((node, grads))):
        root.backward(retain_graph=True)
    op_id = {id(fn): f"op{k}" for k, fn in enumerate(viz.draw._Recording(root, None).ops)}
    engine_order = [op_id[id(node)] for node, _ in events]
    names = {t["id"]: t["name"] for t in explorer.data["tensors"]}
    engine_grads = {}
    for node, grads in events:
        for tensor, grad in zip(node.inputs, grads):
            engine_grads[tensor.name] = float(grad)

    page = Page(browser, explorer.path)
    steps = len(explorer.steps)
    seen_order, shown = [], {}
    for number in range(steps):
        assert page.attr("data-step") == str(number)
        node = page.attr("data-node")
        assert page.highlighted() == [node]  # the current node is the highlighted one
        if page.attr("data-phase") == "backward":
            seen_order.append(node)
            for tensor, value, text in page.values("#panel [data-role=grad]"):
                assert float(value) == pytest.approx(engine_grads[names[tensor]])
                shown[names[tensor]] = float(value)
                assert text.endswith("= " + viz.format_number(float(value)))
            if number == steps - 3:
                page.tab.screenshot(path=str(tmp_path / "apple_orange_mid_backward.png"))
        page.tab.keyboard.press("ArrowRight")
    assert seen_order == engine_order  # the order the engine ran, not a recomputed one
    assert {name: shown[name] for name in BOOK_GRADIENTS} == pytest.approx(BOOK_GRADIENTS)
    inner = [value for name, value in shown.items() if name not in BOOK_GRADIENTS]
    assert inner == pytest.approx([1.1] * 3)  # apple_price, orange_price, all_price
    table = {names[t]: float(v) for t, v, _ in page.values("#panel tr[data-leaf]")}
    assert table == pytest.approx(BOOK_GRADIENTS)  # at the last step every input's gradient is known
    text = page.tab.inner_text("#panel")
    assert "∂L/∂x = ∂L/∂z · y = 1.1 × 2 = 2.2" in text or "∂L/∂y = ∂L/∂z · x = 1.1 × 150 = 165" in text
    red = page.tab.eval_on_selector_all(".view:not([hidden]) text.gradlabel",
                                        "els => els.map(e => e.textContent)")
    assert {"2.2", "110", "3.3", "165", "650", "1.1", "1"} <= set(red)  # on the edges, as the book draws
    assert (tmp_path / "apple_orange_mid_backward.png").stat().st_size > 10_000
    page.assert_clean()


def test_controls_buttons_slider_click_play_and_language(browser, tmp_path):
    root, title = viz.book_forward("apple-orange")
    explorer = write_page(tmp_path, root, title=title)
    page = Page(browser, explorer.path)
    tab = page.tab
    tab.click("#next")
    tab.click("#next")
    assert page.attr("data-step") == "2"
    tab.click("#prev")
    assert page.attr("data-step") == "1"
    tab.fill("#slider", "6")
    assert page.attr("data-step") == "6" and page.attr("data-phase") == "backward"
    tab.click(".view:not([hidden]) g.node:has(title:text-is('op2'))")  # the add node
    assert page.attr("data-node") == "op2" and page.attr("data-phase") == "backward"
    korean = tab.inner_text("#counter")
    tab.click("#lang")
    english = tab.inner_text("#counter")
    assert "단계" in korean and "step" in english and "backward" in english
    tab.keyboard.press("Home")
    tab.click("#play")
    tab.wait_for_selector("body[data-step='2']", state="attached", timeout=20_000)
    tab.click("#play")  # pause
    paused = page.attr("data-step")
    tab.wait_for_timeout(1500)
    assert page.attr("data-step") == paused
    page.assert_clean()


def test_fan_out_shows_the_arrivals_and_their_sum(browser, tmp_path):
    x = Tensor(3.0, requires_grad=True, dtype=np.float64, name="x")
    loss = x * 2.0 + x * 8.0
    loss.name = "L"
    explorer = write_page(tmp_path, loss)
    page = Page(browser, explorer.path)
    sums = []
    for _ in explorer.steps:
        for box in page.tab.query_selector_all("#panel [data-role=arrival]"):
            sums.append((box.get_attribute("data-count"), box.get_attribute("data-sum"), box.inner_text()))
        page.tab.keyboard.press("ArrowRight")
    assert [(count, float(total)) for count, total, _ in sums] == [("1", 2.0), ("2", 10.0)] or \
        [(count, float(total)) for count, total, _ in sums] == [("1", 8.0), ("2", 10.0)]
    assert "2 + 8 = 10" in sums[-1][2] or "8 + 2 = 10" in sums[-1][2]
    table = page.values("#panel tr[data-leaf]")
    assert [float(v) for _, v, _ in table] == [10.0]
    page.assert_clean()


def test_simple_convnet_layers_expand_and_collapse(browser, tmp_path):
    root, title = viz.book_forward("simple-convnet", batch_size=4)
    explorer = write_page(tmp_path, root, title=title)
    page = Page(browser, explorer.path)
    tab = page.tab
    visible = "() => document.querySelector('.view:not([hidden])').getAttribute('data-view')"
    assert tab.evaluate(visible) == "all"
    tab.fill("#slider", str(len(explorer.steps) - 1))  # the last backward step: conv2d
    assert page.attr("data-node") == "op0" and page.attr("data-highlighted") == "grp_g0"
    assert tab.query_selector("#panel canvas") is not None  # the heat map of dW
    tab.click(".view:not([hidden]) g.node:has(title:text-is('grp_g3'))")  # open Affine1
    assert tab.evaluate(visible) == "g3"
    assert page.attr("data-highlighted") == "grp_g0"
    tab.click(".view:not([hidden]) g.node:has(title:text-is('op4'))")  # its matmul
    assert page.attr("data-node") == "op4" and page.highlighted() == ["op4"]
    tab.screenshot(path=str(tmp_path / "simple_convnet.png"))
    tab.click("#collapse")
    assert tab.evaluate(visible) == "all"
    page.assert_clean()


def test_hostile_names_are_shown_as_text(browser, tmp_path):
    evil = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'
    a = Tensor(2.0, requires_grad=True, name=evil)
    loss = a * 3.0
    loss.name = evil
    explorer = write_page(tmp_path, loss, title=evil)
    page = Page(browser, explorer.path)
    page.tab.keyboard.press("ArrowRight")
    assert evil in page.tab.inner_text("#panel")
    assert page.tab.inner_text("#title") == evil
    assert page.tab.query_selector("img") is None
    page.assert_clean()
