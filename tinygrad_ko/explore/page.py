"""``explore(output)``: one self-contained HTML page that replays forward and backward step by step.

The page holds everything it needs: the Graphviz layouts as inline SVG, the data as JSON, the
script and the styles.  Its Content-Security-Policy forbids every network request, so it works
offline and from a file.  In Jupyter the returned :class:`Explorer` shows itself inline.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path

from ..viz.draw import DEFAULT_FONT
from .layout import views
from .record import record_walk
from .steps import walk_data

_PLACEHOLDER = re.compile(r"\{\{([A-Z]+)\}\}")


class Explorer:
    """A recorded walk and its page.  ``.html`` is the page, ``.save(path)`` writes it, and in
    Jupyter it displays itself (an iframe holding the same page)."""

    def __init__(self, data: dict, page: str, path: Path | None = None):
        self.data, self.html, self.path = data, page, path

    @property
    def steps(self) -> list:
        """The steps as the page shows them (forward ones, then backward in the engine's order)."""
        return self.data["steps"]

    def save(self, path) -> Path:
        """Write the page to ``path`` (parent folders are created) and return the path."""
        path = _html_path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        self.path = path
        return path

    def _repr_html_(self) -> str:
        height = 640 if self.data["groups"] else 560
        return (f'<iframe class="tinygrad-ko-explorer" style="width:100%;height:{height}px;border:0" '
                f'title="backprop explorer" srcdoc="{html.escape(self.html, quote=True)}"></iframe>')

    def __repr__(self) -> str:
        forward = sum(s["phase"] == "forward" for s in self.steps)
        where = f", saved to {self.path}" if self.path else ""
        return (f"<Explorer {self.data['title']!r}: {forward} forward and {len(self.steps) - forward} "
                f"backward steps{where}>")


def explore(output, path=None, *, grad=None, title: str | None = None,
            fontname: str = DEFAULT_FONT) -> Explorer:
    """Record forward and backward of the graph behind ``output`` and build the explorer page.

    Backward is run once by the engine under its ``observe_backward`` hook (with
    ``retain_graph=True``), so the page replays the order the engine really used; every ``.grad``
    is put back afterwards.  ``grad``: the upstream gradient for a non-scalar ``output``.
    ``path``: also write the page there (an .html file).  Returns an :class:`Explorer`; in Jupyter
    it shows the explorer inline.

        price = (apple * apple_num + orange * orange_num) * tax
        explore(price, "price.html")
    """
    if path is not None:
        _html_path(path)  # a wrong suffix is reported before any work
    data = walk_data(record_walk(output, grad), title)
    explorer = Explorer(data, build_page(data, views(data, fontname)))
    if path is not None:
        explorer.save(path)
    return explorer


def build_page(data: dict, svgs: dict) -> str:
    """The HTML page: template, styles, script, the data as JSON and one <div> per graph view."""
    view_divs = "".join(f'<div class="view" data-view="{html.escape(key)}"'
                        f'{" hidden" if key != "all" else ""}>{svg}</div>' for key, svg in svgs.items())
    parts = {"TITLE": html.escape(data["title"]), "CSS": _asset("explorer.css"),
             "SCRIPT": _asset("explorer.js"), "DATA": script_json(data), "VIEWS": view_divs}
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("page.html"))


def script_json(value) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" that HTML could read as markup."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _html_path(path) -> Path:
    if not isinstance(path, (str, Path)):
        raise TypeError(f"the explorer's path must be a str or Path ending in .html, got "
                        f"{type(path).__name__}")
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"explore writes an HTML page; give a path ending in .html, got {str(path)!r}")
    return path


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")
