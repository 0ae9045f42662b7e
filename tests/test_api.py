"""The pinned public API: code outside this repo is tested against these names.

docs/architecture.md is the list: its public-names table (every name exists, with the parameters
written there), its rooms (every path exists, every module of the package is named) and its floors
(the same as tests/test_architecture.py enforces) are read and checked here.
"""

import importlib
import inspect
import re
from pathlib import Path

import numpy as np

import tinygrad_ko
from tinygrad_ko import Tensor, nn, no_grad
from tinygrad_ko.datasets import DataLoader, load_mnist, load_mnist_mini
from tinygrad_ko.models import DeepConvNet, MultiLayerNet, SimpleConvNet, TwoLayerNet
from tinygrad_ko.nn import functional as F
from tinygrad_ko.nn import optim
from tinygrad_ko.testing import gradcheck, numerical_gradient, strategies
from tinygrad_ko.viz import draw_graph


def params(fn):
    return list(inspect.signature(fn).parameters)


def test_top_level_names():
    assert {"Tensor", "no_grad", "__version__"} <= set(dir(tinygrad_ko))
    assert params(Tensor.__init__)[1:5] == ["data", "requires_grad", "dtype", "name"]
    for method in ("backward", "exp", "log", "relu", "sigmoid", "tanh", "sum", "mean", "max",
                   "reshape", "transpose", "flatten", "broadcast_to", "softmax", "log_softmax",
                   "conv2d", "max_pool2d", "avg_pool2d"):
        assert callable(getattr(Tensor, method)), method
    assert params(Tensor.conv2d)[1:] == ["W", "b", "stride", "padding"]
    assert params(Tensor.max_pool2d)[1:] == ["kernel_size", "stride", "padding"]
    assert params(Tensor.sum)[1:3] == ["axis", "keepdims"]  # dim= (PyTorch's name) may follow
    x = Tensor(np.ones((2, 3)))
    assert x.T.shape == (3, 2) and isinstance(x.data, np.ndarray) and x.grad is None
    with no_grad():
        pass


def test_nn_names_and_signatures():
    for name in ("Module", "Linear", "Conv2d", "MaxPool2d", "AvgPool2d", "ReLU", "Sigmoid",
                 "Flatten", "Dropout", "BatchNorm1d", "BatchNorm2d", "Sequential"):
        assert hasattr(nn, name), name
    assert params(nn.Linear.__init__)[1:3] == ["in_features", "out_features"]
    assert params(nn.Conv2d.__init__)[1:6] == ["in_channels", "out_channels", "kernel_size",
                                               "stride", "padding"]
    model = nn.Sequential(nn.Linear(3, 2))
    for method in ("parameters", "train", "eval", "state_dict", "load_state_dict", "save", "load"):
        assert callable(getattr(model, method)), method
    for name in ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"):
        assert "lr" in params(getattr(optim, name).__init__), name
    assert params(F.cross_entropy)[:2] == ["logits", "labels"]


def test_models_data_viz_testing():
    assert params(SimpleConvNet.__init__)[1:6] == ["input_dim", "conv_param", "hidden_size",
                                                   "output_size", "weight_init_std"]
    assert all(callable(c) for c in (TwoLayerNet, MultiLayerNet, DeepConvNet, draw_graph,
                                     numerical_gradient, gradcheck, DataLoader, load_mnist_mini))
    assert params(load_mnist)[:6] == ["normalize", "flatten", "one_hot_label", "kind", "root",
                                      "download"]
    assert params(load_mnist_mini) == ["normalize", "flatten", "one_hot_label"]
    for name in ("tensors", "broadcastable_shapes", "conv2d_cases", "pool2d_cases"):
        assert callable(getattr(strategies, name)), name


# --- docs/architecture.md: the names, rooms and floors it lists -------------------------------------
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tinygrad_ko"
DOC = ROOT / "docs" / "architecture.md"
NAME = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?$")


def doc_block(text, name):
    """The text between <!-- name:begin --> and <!-- name:end -->."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    assert text.count(begin) == 1 and text.count(end) == 1, \
        f"docs/architecture.md needs one {begin} ... {end}"
    return text.split(begin)[1].split(end)[0]


def table_rows(block):
    """Cells of each table row after the header and its |---| line."""
    rows = [line.strip() for line in block.splitlines() if line.strip().startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]
            if not set(row) <= set("|-: ")]


def ticked(cell):
    return re.findall(r"`([^`]+)`", cell)


def resolve(dotted):
    """The object a dotted path names: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError as err:
            if err.name != ".".join(parts[:cut]):
                raise  # a module that exists but needs something missing: say so
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)


def public_name_problems(text):
    """Everything wrong with the public-names table of ``text`` (empty: all names exist)."""
    problems, rows = [], table_rows(doc_block(text, "public-names"))
    assert rows, "the public-names table is empty"
    for where_cell, names_cell in rows:
        (where,) = ticked(where_cell)
        try:
            owner = resolve(where)
        except (ImportError, AttributeError) as err:
            problems.append(f"{where}: cannot be imported ({err})")
            continue
        for entry in ticked(names_cell):
            match = NAME.match(entry)
            if match is None:
                problems.append(f"{where}: {entry!r} is not a name or name(parameters)")
                continue
            name, listed = match.group(1), match.group(2)
            if not hasattr(owner, name):
                problems.append(f"{where}.{name} does not exist")
                continue
            if listed is None:
                continue
            want = [p.strip() for p in listed.split(",") if p.strip()]
            got = [p for p in inspect.signature(getattr(owner, name)).parameters if p != "self"]
            if got[:len(want)] != want:
                problems.append(f"{where}.{name} takes {got}, the doc says it starts with {want}")
    return problems


def named_paths(block):
    """The package paths ticked in the first column of the block's tables."""
    return {path for row in table_rows(block) for path in ticked(row[0])}


def package_modules():
    return {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}


def room_problems(text):
    named = named_paths(doc_block(text, "rooms"))
    problems = [f"the rooms name {path}, which is not in tinygrad_ko/" for path in sorted(named)
                if not (PACKAGE / path).exists()]
    problems += [f"tinygrad_ko/{path} is in no room of docs/architecture.md: add a row for it"
                 for path in sorted(package_modules() - named)]
    return problems


BOOK_REPOSITORY_PATHS = re.compile(r"^(common|dataset|ch\d\d)/")  # the book's own code, not ours
REPOSITORY_FOLDERS = ("tests/", "docs/", "bench/", "tools/", "examples/")


def path_problems(text):
    """Files the doc names anywhere (`tests/x.py::test_y`, `ops/dual.py` ...) that do not exist."""
    problems = []
    for token in sorted(set(re.findall(r"`([\w./<>-]+(?:\.py|/)(?:::\w+)?)`", text))):
        path, _, test_name = token.partition("::")
        if "<" in path or path in (".py", "/") or BOOK_REPOSITORY_PATHS.match(path):
            continue  # a placeholder (ops/<topic>.py) or the book's repository
        where = ROOT / path if path.startswith(REPOSITORY_FOLDERS) or path == "tinygrad_ko/" \
            else PACKAGE / path
        if not where.exists():
            problems.append(f"{token}: {where.relative_to(ROOT)} does not exist")
        elif test_name and f"def {test_name}(" not in where.read_text(encoding="utf-8"):
            problems.append(f"{token}: {path} has no {test_name}")
    return problems


def test_every_public_name_the_architecture_doc_lists_exists():
    assert public_name_problems(DOC.read_text(encoding="utf-8")) == []


def test_every_room_exists_and_every_module_has_a_room():
    assert room_problems(DOC.read_text(encoding="utf-8")) == []


def test_every_file_and_test_the_doc_names_exists():
    assert path_problems(DOC.read_text(encoding="utf-8")) == []


def test_the_floors_the_doc_shows_are_the_floors_the_architecture_test_enforces():
    from test_architecture import FLOORS

    shown = [ticked(row[1]) for row in table_rows(doc_block(DOC.read_text(encoding="utf-8"), "floors"))]
    assert shown == [names for _, names in FLOORS], (
        "docs/architecture.md's floors table differs from FLOORS in tests/test_architecture.py: "
        "change both together")


def test_the_doc_checks_fail_on_a_misspelled_name_a_wrong_signature_or_a_missing_room():
    text = DOC.read_text(encoding="utf-8")

    def new_problems(check, changed):  # what the change adds to the problems of the doc as it is
        return sorted(set(check(changed)) - set(check(text)))

    assert "`gradgradcheck(fn)`" in text and "`explore(output, path)`" in text
    misspelled = text.replace("`gradgradcheck(fn)`", "`gradgradchek(fn)`")
    assert new_problems(public_name_problems, misspelled) == [
        "tinygrad_ko.testing.gradgradchek does not exist"]
    swapped = text.replace("`explore(output, path)`", "`explore(path, output)`")
    assert len(new_problems(public_name_problems, swapped)) == 1
    wrong_module = text.replace("| `tinygrad_ko.plots` |", "| `tinygrad_ko.plot` |")
    (problem,) = new_problems(public_name_problems, wrong_module)
    assert problem.startswith("tinygrad_ko.plot: cannot be imported")
    assert "| `ops/matmul.py` |" in text
    gone = text.replace("| `ops/matmul.py` |", "| `ops/matmull.py` |")
    assert new_problems(room_problems, gone) == [
        "the rooms name ops/matmull.py, which is not in tinygrad_ko/",
        "tinygrad_ko/ops/matmul.py is in no room of docs/architecture.md: add a row for it"]
    renamed = text.replace("`tests/test_threads.py`", "`tests/test_thread.py`", 1)
    assert new_problems(path_problems, renamed) == [
        "tests/test_thread.py: tests/test_thread.py does not exist"]
    test_gone = text.replace("::test_every_op_has_a_gradient_case`", "::test_every_op_has_a_case`", 1)
    assert new_problems(path_problems, test_gone) == [
        "tests/test_higher_order.py::test_every_op_has_a_case: tests/test_higher_order.py has no "
        "test_every_op_has_a_case"]
