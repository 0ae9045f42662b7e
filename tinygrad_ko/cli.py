"""Command line: ``python -m tinygrad_ko demo|graph|explore|train|gradcheck|export``
(also ``tinygrad-ko``)."""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

GRAPH_NAMES = ("apple", "apple-orange", "simple-convnet", "tanh-derivatives")
MAX_DERIVATIVE_ORDER = 6  # tanh's 6th derivative is ~700 edges; dot needs seconds, the 7th minutes
MODEL_NAMES = ("simple-convnet", "deep-convnet", "two-layer", "mlp")
DATA_NAMES = ("mini", "mnist", "fashion")


def main(argv=None) -> int:
    """Run a command.  Exit status 2, with one line on stderr, for a wrong argument (all are checked
    before any stage runs), a file system problem (OSError) or a diverging run; 1 when the work
    itself fails (a refused file, missing data or package); 130 on Ctrl-C."""
    from .datasets import DatasetNotFoundError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        check_paths(args)
        return args.run(args) or 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except UsageError as err:
        return _fail(err, 2)
    except FloatingPointError as err:  # the Trainer's "training diverged ..."
        lr = getattr(args, "lr", None)
        return _fail(f"{err} — here: pass a smaller --lr"
                     + (f" than {lr:g}" if lr else " than the optimizer's default, e.g. --lr 0.0001"), 2)
    except DatasetNotFoundError as err:
        return _fail(err, 2)
    except OSError as err:
        return _fail(_os_error_text(err), 2)
    except (ValueError, TypeError, RuntimeError, ImportError) as err:
        return _fail(err, 2)


class UsageError(Exception):
    """A command-line argument that cannot work (found before any stage runs)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a wrong argument in one line (no usage block) with exit status 2."""

    def error(self, message):
        print(f"error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def _fail(error, status: int) -> int:
    """Print ``error`` on one line of stderr (a multi-line message is joined with "; ")."""
    lines = [line.strip() for line in str(error).splitlines()]
    lines = [line[2:] if line.startswith("- ") else line for line in lines if line]  # list bullets
    print("error: " + "; ".join(lines), file=sys.stderr)
    return status


def _os_error_text(err: OSError) -> str:
    if err.filename is None or not err.strerror:
        return str(err)
    return (f"{err.filename}: {err.strerror} — choose a folder or file you can write (--out, -o) "
            f"or one that exists (--weights)")


def _whole_number(minimum: int):
    """An argparse type: an int no smaller than ``minimum``, or a one-line reason."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, got {value}")
        return value
    return parse


def _learning_rate(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number such as 0.001, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive finite number such as 0.001, got {text}")
    return value


def check_paths(args) -> None:
    """Before any stage runs: the output folder (or the output file's folder) can be written, the
    output suffix is known, the weights file exists.  Raises UsageError naming the option."""
    command = args.command
    if command in ("demo", "train"):
        _check_writable_folder(Path(args.out), "--out")
    if command == "graph":
        output = Path(args.output or f"{args.name}.svg")
        if output.suffix.lower() not in (".svg", ".png", ".pdf", ".dot", ".gv"):
            raise UsageError(f"-o {output}: cannot tell the format from the suffix "
                             f"{output.suffix or '(none)'}; use .svg, .png, .pdf or .dot")
        _check_writable_folder(output.parent, "-o")
    if command == "explore" and args.output:
        _check_writable_folder(Path(args.output).parent, "-o")
    if command == "export":
        if not Path(args.weights).is_file():
            raise UsageError(f"--weights {args.weights}: no such file; give the .npz that train or "
                             f"demo saved")
        if args.output:
            _check_writable_folder(Path(args.output).parent, "-o")


def _check_writable_folder(folder: Path, option: str) -> None:
    """Create ``folder`` if needed and write (then remove) a file in it; UsageError if that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        reason = err.strerror or str(err)
        raise UsageError(f"{option} {folder}: cannot write there ({reason}); choose a folder you "
                         f"can write") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m tinygrad_ko",
        description="tinygrad_ko: an autograd engine on NumPy whose every gradient you can read, "
                    "draw and test (밑바닥부터 시작하는 딥러닝).")
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="the whole tour, offline: book graphs, a spiral, a CNN on MNIST")
    demo.add_argument("--out", default="out/demo", help="output directory (default: out/demo)")
    demo.add_argument("--epochs", type=_whole_number(1), default=None,
                      help="CNN epochs (default: 20; 1 with --quick)")
    demo.add_argument("--quick", action="store_true", help="tiny sizes: finishes in seconds")
    demo.set_defaults(run=run_demo)

    graph = sub.add_parser("graph", help="draw one of the book's computational graphs, or the "
                                         "graphs of tanh's 1st to n-th derivatives")
    graph.add_argument("name", choices=GRAPH_NAMES)
    graph.add_argument("--order", type=int, default=None,  # range: tanh_derivative_graphs says it
                       help=f"tanh-derivatives: the highest order drawn, 1 to {MAX_DERIVATIVE_ORDER} "
                            f"(default: 3)")
    graph.add_argument("-o", "--output", default=None,
                       help="file to write: .svg .png .pdf or .dot (default: <name>.svg)")
    graph.set_defaults(run=run_graph)

    explore = sub.add_parser("explore", help="step through one of the book's graphs, forward and "
                                             "backward, in an offline web page")
    explore.add_argument("name", choices=GRAPH_NAMES)
    explore.add_argument("-o", "--output", default=None,
                         help="the .html file to write (default: explore_<name>.html)")
    explore.add_argument("--batch-size", type=_whole_number(1), default=8,
                         help="images in the simple-convnet step (default: 8)")
    explore.set_defaults(run=run_explore)

    train = sub.add_parser("train", help="train one of the book's networks on MNIST")
    train.add_argument("--model", choices=MODEL_NAMES, default="simple-convnet")
    train.add_argument("--data", choices=DATA_NAMES, default="mini",
                       help="mini: the embedded 4,000+1,000 MNIST subset (offline); mnist; fashion")
    train.add_argument("--epochs", type=_whole_number(1), default=5)
    train.add_argument("--optimizer", default="adam",
                       choices=("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"))
    train.add_argument("--lr", type=_learning_rate, default=None,
                       help="learning rate (default: the optimizer's)")
    train.add_argument("--batch-size", type=_whole_number(1), default=100)
    train.add_argument("--seed", type=_whole_number(0), default=0)
    train.add_argument("--out", default="out/train", help="output directory (default: out/train)")
    train.set_defaults(run=run_train)

    check = sub.add_parser("gradcheck", help="check every op's backward against numerical gradients")
    check.add_argument("--seed", type=_whole_number(0), default=0)
    check.set_defaults(run=run_gradcheck)

    export = sub.add_parser("export", help="write a trained model as an ONNX file "
                                           "(needs pip install \"tinygrad_ko[onnx]\")")
    export.add_argument("--model", choices=MODEL_NAMES, default="simple-convnet")
    export.add_argument("--weights", required=True, help="the .npz that train/demo saved (model.save)")
    export.add_argument("-o", "--output", default=None, help="ONNX file to write (default: <model>.onnx)")
    export.add_argument("--opset", type=_whole_number(1), default=None, help="ONNX opset (default: 17)")
    export.set_defaults(run=run_export)
    return parser


# --- demo -------------------------------------------------------------------------------------
def run_demo(args) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print("== 1. 사과와 귤 쇼핑 / apple & orange shopping (5장 5.4 / chapter 5.4) ==")
    demo_apple_orange(out)
    print("\n== 2. 나선형 데이터 / spiral data: a 2-layer net written in Tensor ops ==")
    demo_spiral(quick=args.quick)
    print("\n== 3. SimpleConvNet on the embedded MNIST subset (4,000 train / 1,000 test) ==")
    epochs = args.epochs if args.epochs is not None else (1 if args.quick else 20)
    demo_convnet(out, epochs=epochs, quick=args.quick)
    print(f"\ndone in {time.perf_counter() - started:.1f} s; pictures in {out.resolve()}")
    return 0


def demo_apple_orange(out: Path) -> None:
    from . import viz

    for name in ("apple", "apple-orange"):
        graph, summary = viz.book_graph(name, with_summary=True)
        print(summary)
        print("   graph:", ", ".join(str(p) for p in _save_graph(graph, out / f"{name}.svg")))
    try:
        page = _explore_book_graph("apple-orange", out / "explore_apple_orange.html")
        print("   step through backprop in a browser / 역전파를 한 단계씩:", page)
    except viz.GraphvizNotFoundError as err:
        print(f"   (explorer not written) {err}")


def demo_spiral(quick: bool = False) -> None:
    """A 2-30-3 network in raw Tensor ops learns the 3-arm spiral (not linearly separable)."""
    from .datasets import load_spiral
    from .nn import functional as F
    from .tensor import Tensor, no_grad

    x, t = load_spiral(points_per_class=100, classes=3, seed=0)
    rng = np.random.default_rng(0)
    W1 = Tensor(rng.standard_normal((2, 30)) * 1.0, requires_grad=True, dtype=np.float32)
    b1 = Tensor(np.zeros(30), requires_grad=True, dtype=np.float32)
    W2 = Tensor(rng.standard_normal((30, 3)) * 0.1, requires_grad=True, dtype=np.float32)
    b2 = Tensor(np.zeros(3), requires_grad=True, dtype=np.float32)
    params = [W1, b1, W2, b2]
    steps = 300 if quick else 2000
    for step in range(steps + 1):
        logits = (Tensor(x) @ W1 + b1).relu() @ W2 + b2
        loss = F.cross_entropy(logits, t)
        for p in params:
            p.zero_grad()
        loss.backward()
        with no_grad():
            for p in params:
                p.data -= 1.0 * p.grad.data
        if step % (steps // 4) == 0:
            accuracy = float(np.mean(np.argmax(logits.data, axis=1) == t))
            print(f"   step {step:5d}  loss {loss.item():.4f}  accuracy {accuracy:.3f}")


def demo_convnet(out: Path, epochs: int, quick: bool = False) -> None:
    from . import plots, viz
    from .datasets import DataLoader, load_mnist_mini
    from .models import SimpleConvNet
    from .nn import optim
    from .train import Trainer

    (x_train, t_train), (x_test, t_test) = load_mnist_mini(flatten=False)
    if quick:
        x_train, t_train, x_test, t_test = x_train[:500], t_train[:500], x_test[:200], t_test[:200]
    model = SimpleConvNet()
    filters_before = _first_filters(model).copy()
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(x_train, t_train, batch_size=100, shuffle=True, seed=0)
    trainer = Trainer(model, optimizer, loader, test_data=(x_test, t_test),
                      checkpoint=out / "simple_convnet_best.npz")
    history = trainer.fit(epochs)
    print(f"   final test accuracy {history.test_acc[-1]:.4f} (best {max(history.test_acc):.4f})")
    written = [plots.plot_learning_curves(history, out / "curves.png"),
               plots.plot_filters([("before training", filters_before),
                                   ("after training", _first_filters(model))], out / "filters.png"),
               _misclassified(model, x_test, t_test, out / "misclassified.png")]
    written += _save_graph(viz.draw_model(model, (1, 1, 28, 28)), out / "simple_convnet_layers.svg")
    written += _save_graph(viz.book_graph("simple-convnet"), out / "simple_convnet_ops.svg")
    print("   wrote", ", ".join(str(p) for p in written))
    print(f"   export to ONNX: python -m tinygrad_ko export --model simple-convnet --weights "
          f"{out / 'simple_convnet_best.npz'} -o simple_convnet.onnx")


def _first_filters(model) -> np.ndarray:
    return next(p for p in model.parameters() if p.ndim == 4).data


def _misclassified(model, x, t, path):
    from . import plots
    from .train import predict

    predicted = predict(model, x)
    wrong = np.flatnonzero(predicted != t)
    return plots.plot_misclassified(x[wrong], t[wrong], predicted[wrong], path)


def _save_graph(graph, path: Path) -> list:
    from . import viz

    try:
        return viz.save_graph(graph, path)
    except viz.GraphvizNotFoundError as err:
        print(f"   (graph not rendered) {err}")
        return [path.with_suffix(".dot")]


# --- graph ------------------------------------------------------------------------------------
def run_graph(args) -> int:
    from . import viz

    if args.name == "tanh-derivatives":
        graph, summary = tanh_derivative_graphs(3 if args.order is None else args.order)
    elif args.order is not None:
        raise ValueError(f"--order is for tanh-derivatives only; the book graph {args.name!r} has "
                         f"no order (drop --order)")
    else:
        graph, summary = viz.book_graph(args.name, with_summary=True)
    print(summary)
    paths = viz.save_graph(graph, Path(args.output or f"{args.name}.svg"))
    print("wrote", ", ".join(str(p) for p in paths))
    return 0


# --- explore ------------------------------------------------------------------------------------
def run_explore(args) -> int:
    path = Path(args.output or f"explore_{args.name.replace('-', '_')}.html")
    page = _explore_book_graph(args.name, path, batch_size=args.batch_size)
    print("wrote", page)
    return 0


def _explore_book_graph(name: str, path: Path, batch_size: int = 8) -> Path:
    from . import viz

    root, title = viz.book_forward(name, batch_size=batch_size)
    return viz.explore(root, path, title=title).path


def tanh_derivative_graphs(order: int, x: float = 1.0):
    """``(graph, summary)``: the graphs of tanh's 1st … ``order``-th derivatives at ``x``, one box
    each; every derivative is ``tinygrad_ko.grad(previous, x, create_graph=True)``."""
    from . import Tensor, grad, viz

    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= MAX_DERIVATIVE_ORDER:
        raise ValueError(f"--order must be a whole number from 1 to {MAX_DERIVATIVE_ORDER}, got "
                         f"{order!r} (the graphs grow about 2.5x per order)")
    x = Tensor(np.array(x, dtype=np.float64), requires_grad=True, name="x")
    y = x.tanh()
    y.name = "y = tanh(x)"
    derivative, derivatives = y, []
    for n in range(1, order + 1):
        seed = Tensor(np.array(1.0), name="gy") if n == 1 else None  # dy/dy = 1, as DeZero names it
        (derivative,) = grad(derivative, x, grad_outputs=seed, create_graph=True)
        derivative.name = derivative_name(n)
        derivatives.append(derivative)
    titles = [f"{n}계 도함수 / derivative of order {n}: {derivative_name(n)}" for n in range(1, order + 1)]
    graph = viz.draw_graphs(derivatives, titles, title=f"tanh의 고계 도함수 / tanh's derivatives at x = "
                                                       f"{viz.format_number(x.item())}")
    summary = "\n".join(f"{derivative_name(n)}({viz.format_number(x.item())}) = {d.item():.10g}"
                        for n, d in enumerate(derivatives, 1))
    return graph, summary


def derivative_name(order: int) -> str:
    """y′, y″, y‴, then y⁽⁴⁾, y⁽⁵⁾ ..."""
    if order <= 3:
        return "y" + "′″‴"[order - 1]
    return "y⁽" + str(order).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) + "⁾"


# --- train ------------------------------------------------------------------------------------
def run_train(args) -> int:
    from . import plots
    from .datasets import DataLoader, DatasetNotFoundError, load_mnist, load_mnist_mini, not_found_message
    from .nn import optim
    from .train import Trainer

    flatten = args.model in ("two-layer", "mlp")
    if args.data == "mini":
        (x_train, t_train), (x_test, t_test) = load_mnist_mini(flatten=flatten)
    else:
        kind = "fashion" if args.data == "fashion" else "digits"
        try:
            (x_train, t_train), (x_test, t_test) = load_mnist(flatten=flatten, kind=kind)
        except DatasetNotFoundError as err:  # reworded for the command line: options, not calls
            raise DatasetNotFoundError(not_found_message(err.kind, err.tried, for_cli=True)) from None
    model = build_model(args.model)
    optimizer_class = {"sgd": optim.SGD, "momentum": optim.Momentum, "nesterov": optim.Nesterov,
                       "adagrad": optim.AdaGrad, "rmsprop": optim.RMSprop,
                       "adam": optim.Adam}[args.optimizer]
    options = {} if args.lr is None else {"lr": args.lr}
    optimizer = optimizer_class(model.parameters(), **options)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    loader = DataLoader(x_train, t_train, batch_size=args.batch_size, shuffle=True, seed=args.seed)
    trainer = Trainer(model, optimizer, loader, test_data=(x_test, t_test),
                      checkpoint=out / f"{args.model}_best.npz")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # divergence: one error, below
        history = trainer.fit(args.epochs)
    print(f"final test accuracy {history.test_acc[-1]:.4f}; best {max(history.test_acc):.4f} "
          f"(saved to {out / (args.model + '_best.npz')})")
    print("wrote", plots.plot_learning_curves(history, out / "curves.png"))
    return 0


def build_model(name: str):
    from . import models

    if name == "simple-convnet":
        return models.SimpleConvNet()
    if name == "deep-convnet":
        return models.DeepConvNet()
    if name == "two-layer":
        return models.TwoLayerNet(784, 50, 10)
    return models.MultiLayerNet(784, [100, 100], 10, use_batchnorm=True)


# --- export -----------------------------------------------------------------------------------
def run_export(args) -> int:
    from .onnx import export  # says which pip install is missing when onnx is absent

    model = build_model(args.model).load(args.weights)
    images = args.model in ("simple-convnet", "deep-convnet")
    example = np.zeros((1, 1, 28, 28) if images else (1, 784), dtype=np.float32)
    output = Path(args.output or f"{args.model}.onnx")
    export(model, example, output, opset=args.opset)
    print(f"wrote {output}: input 'input' of shape (batch, {'1, 28, 28' if images else '784'}), "
          f"output 'output' (batch, 10) logits")
    return 0


# --- gradcheck --------------------------------------------------------------------------------
def run_gradcheck(args) -> int:
    from .testing import GradcheckError, example_cases, gradcheck

    failures = 0
    print(f"{'op':34s} result (backward vs central difference, float64)")
    for name, (fn, inputs) in example_cases(args.seed).items():
        try:
            gradcheck(fn, *inputs)
            print(f"{name:34s} ok")
        except GradcheckError as err:
            failures += 1
            print(f"{name:34s} FAILED: {err}")
    print(f"{len(example_cases()) - failures} passed, {failures} failed")
    return 1 if failures else 0
