"""Graph drawings escape every piece of user text: tensor names, graph_scope names, titles,
captions, op labels and the output name are drawn literally and can never add a DOT or HTML
attribute (a link, a target, a second label); raw markup only through viz.HTML.

Checked three ways: the attributes Graphviz itself parses from the DOT source (``dot -Tjson0``),
the rendered SVG read as XML (no <a> element, no attribute naming javascript:, the name back as
the text of a <text> element), and PNG/PDF rendering without a word on stderr."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from tinygrad_ko import Tensor, graph_scope, viz

# the name from issue 12 that used to give an SVG with <a xlink:href="javascript:alert(1)">
HOSTILE = '<x> URL="javascript:alert(1)" target="_top" label=<pwned>'
AWKWARD = [HOSTILE, "<B>bold</B>", "<<>>", "ends with a backslash\\", "\\N and \\G \\L \\E \\T \\H",
           '"double" \'single\' quotes', "&amp; &#60; &lt; not entities", "{x}[y];z:w -> v",
           "사과 🍎 مرحبا é \u202eRTL", "tab\tinside", "<", ">", "\\"]
SVG = "{http://www.w3.org/2000/svg}"

# Skipped only where Graphviz is absent: .ci/run installs it and checks `dot -V` before the tests.
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot program; "
                               ".ci/run installs it, so CI always runs this")


def graph_named(name, title=None):
    """x * 3 with ``name`` as leaf name, scope, output name and title, after backward."""
    x = Tensor(np.array(2.0), requires_grad=True, name=name)
    with graph_scope(name.replace("/", "|")):  # "/" nests scopes: keep one box
        y = x * 3
    y.name = name
    y.backward()
    return viz.draw_graph(y, title=name if title is None else title)


def graphviz_attributes(source: str) -> list:
    """Every (object kind, attribute name, value) Graphviz parsed from ``source``."""
    parsed = json.loads(subprocess.run(["dot", "-Tjson0"], input=source.encode("utf-8"),
                                       capture_output=True, check=True).stdout)
    found = [("graph", key, value) for key, value in parsed.items() if isinstance(value, str)]
    for kind in ("objects", "edges"):
        for item in parsed.get(kind, []):
            found += [(kind, key, value) for key, value in item.items() if isinstance(value, str)]
    return found


def svg_tree(graph):
    return ET.fromstring(graph.pipe(format="svg"))


def svg_texts(root) -> list:
    # Graphviz writes a run of spaces as space + no-break space, so that SVG keeps them
    return [t.text.replace("\u00a0", " ") for t in root.iter(f"{SVG}text") if t.text]


@needs_dot
def test_the_issues_hostile_name_adds_no_attribute_anywhere():
    hostile, benign = graph_named(HOSTILE), graph_named("x")
    attrs = graphviz_attributes(hostile.source)
    # the same attribute names as with a harmless name: nothing was injected
    assert sorted({(k, a) for k, a, _ in attrs}) == sorted({(k, a) for k, a, _ in
                                                            graphviz_attributes(benign.source)})
    assert not [a for _, a, _ in attrs if a.lower() in ("url", "href", "target", "tooltip", "id")]


@needs_dot
def test_the_issues_hostile_name_renders_as_text_in_the_svg():
    svg = graph_named(HOSTILE).pipe(format="svg").decode("utf-8")
    assert "<a" not in svg and not re.search(r"<[^>]*javascript:", svg)  # in no tag, only as text
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}a"))  # no link element at all
    for element in root.iter():
        for key, value in element.attrib.items():
            assert "javascript:" not in value and "pwned" not in value, (element.tag, key, value)
    # drawn literally where it was used: leaf, scope box, output node and title
    assert svg_texts(root).count(HOSTILE) == 4


@needs_dot
@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_names_render_literally_in_every_place(name):
    graph = graph_named(name)
    root = svg_tree(graph)
    assert not list(root.iter(f"{SVG}a"))
    shown, texts = name.replace("\t", " "), svg_texts(root)  # a tab is drawn as a space
    in_box = shown.replace("/", "|")  # the scope box (graph_named keeps "/" out of the scope)
    if in_box == shown:
        assert texts.count(shown) == 4, texts  # leaf, scope box, output node, title
    else:
        assert texts.count(shown) == 3 and texts.count(in_box) == 1, texts
    for fmt in ("png", "pdf"):  # the Cairo/Pango renderers read the same labels
        run = subprocess.run(["dot", f"-T{fmt}"], input=graph.source.encode("utf-8"),
                             capture_output=True)
        assert run.returncode == 0 and not run.stderr, (fmt, run.stderr)


@needs_dot
def test_characters_xml_cannot_hold_are_shown_as_codes():
    texts = svg_texts(svg_tree(graph_named("bell\x07 nul\x00 lone\ud800 esc\x1b")))
    assert texts.count("bell\\x07 nul\\x00 lone\\ud800 esc\\x1b") == 4
    two_lines = svg_texts(svg_tree(graph_named("first\nsecond")))
    assert two_lines.count("first") == 4 and two_lines.count("second") == 4


def test_dot_source_never_carries_user_text_raw():
    source = graph_named(HOSTILE).source
    assert HOSTILE not in source and "URL=" not in source.replace("URL=&quot;", "")
    escaped = "&lt;x&gt; URL=&quot;javascript:alert(1)&quot; target=&quot;_top&quot; label=&lt;pwned&gt;"
    assert source.count(f"<{escaped}>") == 4  # title, leaf, scope box, output: each an escaped label
    slashes = graph_named("\\N\\G end\\").source
    assert "\\\\N\\\\G end\\\\" in slashes and "\\N\\G" not in slashes.replace("\\\\", "")


@needs_dot
def test_draw_graphs_captions_draw_model_scopes_and_op_labels_are_escaped():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True, name=HOSTILE)
    y = (x * x).sum()
    both = viz.draw_graphs([y, y], titles=[HOSTILE, "<<>>"], title="ends\\")
    texts = svg_texts(svg_tree(both))
    assert HOSTILE in texts and "<<>>" in texts and "ends\\" in texts

    def model(inputs):
        with graph_scope("Conv:1 <b>\\"):  # a colon once made an edge port, a backslash a DOT error
            hidden = inputs * 2
        with graph_scope(HOSTILE):
            return hidden.sum()

    layers = viz.draw_model(model, (1, 3), title=HOSTILE)
    attrs = graphviz_attributes(layers.source)
    assert not [a for _, a, _ in attrs if a.lower() in ("url", "href", "target")]
    assert [v for k, a, v in attrs if a == "name" and k == "edges"] == []
    texts = svg_texts(svg_tree(layers))
    assert "Conv:1 <b>\\" in texts and texts.count(HOSTILE) == 2  # its layer box and the title
    edges = json.loads(subprocess.run(["dot", "-Tjson0"], input=layers.source.encode("utf-8"),
                                      capture_output=True, check=True).stdout)["edges"]
    assert len(edges) == 2 and not any("headport" in e or "tailport" in e for e in edges)


def test_custom_op_labels_and_font_names_are_plain_text():
    x = Tensor(np.array(2.0), requires_grad=True, name="x")
    y = x * 3
    y.creator.label = lambda: HOSTILE  # an op whose label is user text
    source = viz.draw_graph(y, fontname='Evil" URL="javascript:1').source
    assert HOSTILE not in source and 'URL="javascript' not in source


@needs_dot
def test_html_is_the_explicit_opt_in_for_markup():
    x = Tensor(np.array(2.0), requires_grad=True, name=viz.HTML("W<SUB>1</SUB>"))
    y = x * 3
    root = svg_tree(viz.draw_graph(y, title=viz.HTML("<B>bold title</B>")))
    bold = [t for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert [t.text for t in bold] == ["bold title"]
    assert "W" in svg_texts(root) and "1" in svg_texts(root)  # subscript: its own text element
    # the same strings as plain str are drawn literally
    plain = svg_texts(svg_tree(viz.draw_graph(Tensor(2.0, requires_grad=True, name="W<SUB>1</SUB>") * 3,
                                              title="<B>bold title</B>")))
    assert "W<SUB>1</SUB>" in plain and "<B>bold title</B>" in plain


@pytest.mark.parametrize("markup", ["x> URL=\"javascript:1\" label=<y", "<B", "close>", "><"])
def test_unbalanced_markup_is_refused_with_the_reason(markup):
    with pytest.raises(ValueError, match="balance"):
        viz.HTML(markup)
