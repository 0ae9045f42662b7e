"""tinygrad_ko in a real Jupyter kernel (nbclient + ipykernel, no server): the explorer shows
inline, draw_graph stays an SVG, Trainer keeps notebooks free of tqdm warnings, History prints one
line and plots return a figure that displays itself."""

import importlib.util
import shutil
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
# nbformat, ipykernel and matplotlib are in the test extra and Graphviz is installed by .ci/run, so CI
# always runs this file; the skips only spare a machine without those optional tools.
pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")

ROOT = Path(__file__).resolve().parent.parent

TRAIN = """
import numpy as np
from tinygrad_ko.datasets import DataLoader
from tinygrad_ko.models import TwoLayerNet
from tinygrad_ko.nn import optim
from tinygrad_ko.train import Trainer
rng = np.random.default_rng(0)
x, t = rng.standard_normal((60, 4)).astype(np.float32), rng.integers(0, 3, 60)
model = TwoLayerNet(4, 8, 3, seed=0)
trainer = Trainer(model, optim.SGD(model.parameters(), lr=0.1), DataLoader(x, t, batch_size=10, seed=0),
                  test_data=(x, t), log=None)
history = trainer.fit(2)
history
"""


def run_notebook(*sources):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return notebook.cells


def outputs(cell, kind):
    """Everything of mime type ``kind`` (or stream ``kind``) a cell showed."""
    found = []
    for output in cell.outputs:
        if output.output_type == "stream" and output.name == kind:
            found.append(output.text)
        elif kind in output.get("data", {}):
            found.append(output["data"][kind])
    return found


def test_explorer_graph_trainer_history_and_plots_in_an_executed_notebook():
    explore, draw, quiet, plot = run_notebook(
        "from tinygrad_ko import viz\nroot, title = viz.book_forward('apple-orange')\n"
        "viz.explore(root, title=title)",
        "viz.draw_graph(root)",
        "import sys\nsys.modules['ipywidgets'] = None  # as in a notebook without ipywidgets\n" + TRAIN,
        "from tinygrad_ko import plots\nplots.plot_learning_curves(history)",
    )
    (shown,) = outputs(explore, "text/html")
    assert shown.startswith("<iframe") and "explore-data" in shown and "사과 apple" in shown
    assert outputs(draw, "image/svg+xml") and ">715<" in outputs(draw, "image/svg+xml")[0]
    (line,) = outputs(quiet, "text/plain")
    assert line.startswith("History(2 epochs, loss ") and "\n" not in line and len(line) < 120
    assert outputs(quiet, "stderr") == []  # no TqdmWarning, no text bars
    assert not outputs(quiet, "application/vnd.jupyter.widget-view+json")
    (png,) = outputs(plot, "image/png")
    assert len(png) > 1000  # base64 of the learning curves


# ipywidgets is in the test extra, so CI runs this; the quiet case without it is tested above.
@pytest.mark.skipif(importlib.util.find_spec("ipywidgets") is None,
                    reason="ipywidgets (the notebook extra) is not installed: no widget bar to show")
def test_trainer_uses_the_widget_bar_when_ipywidgets_is_there():
    (cell,) = run_notebook(TRAIN)
    assert outputs(cell, "application/vnd.jupyter.widget-view+json")
    assert outputs(cell, "stderr") == []
