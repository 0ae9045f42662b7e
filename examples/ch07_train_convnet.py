"""7장: CNN 학습 / Chapter 7: training SimpleConvNet.

The book's SimpleConvNet (conv 30×5×5 → ReLU → max-pool 2×2 → affine 100 → ReLU → affine 10) with
Adam (lr 0.001), batch 100, on MNIST (the embedded subset by default; ``--data mnist|fashion``).
Writes the learning curves and the trained parameters (params.npz, loadable with model.load).

    python examples/ch07_train_convnet.py [--data mini|mnist|fashion] [--epochs N] [--quick]
"""

from _common import parse_args
from tinygrad_ko import plots
from tinygrad_ko.datasets import DataLoader, load_mnist, load_mnist_mini
from tinygrad_ko.models import SimpleConvNet
from tinygrad_ko.nn import optim
from tinygrad_ko.train import Trainer


def train(data="mini", epochs=10, quick=False, out=None, seed=0):
    """Train SimpleConvNet; returns (model, history). Shared with ch07_visualize_filters."""
    if data == "mini":
        (x_train, t_train), (x_test, t_test) = load_mnist_mini(flatten=False)
    else:
        kind = "fashion" if data == "fashion" else "digits"
        (x_train, t_train), (x_test, t_test) = load_mnist(flatten=False, kind=kind)
    if quick:
        x_train, t_train, x_test, t_test = x_train[:500], t_train[:500], x_test[:200], t_test[:200]
    model = SimpleConvNet(seed=seed)
    trainer = Trainer(model, optim.Adam(model.parameters(), lr=0.001),
                      DataLoader(x_train, t_train, batch_size=100, seed=seed),
                      test_data=(x_test, t_test), progress=False,
                      checkpoint=None if out is None else out / "params.npz")
    return model, trainer.fit(epochs)


def main(argv=None):
    def options(parser):
        parser.add_argument("--data", choices=("mini", "mnist", "fashion"), default="mini")
        parser.add_argument("--epochs", type=int, default=None, help="default 10 (1 with --quick)")

    args = parse_args("ch07_train_convnet", __doc__.splitlines()[0], argv, options)
    epochs = args.epochs or (1 if args.quick else 10)
    model, history = train(args.data, epochs, args.quick, args.out)
    picture = plots.plot_learning_curves(history, args.out / "curves.png")
    print(f"test accuracy {history.test_acc[-1]:.4f}; wrote {picture} and {args.out / 'params.npz'}")
    return {"history": history, "picture": picture, "params": args.out / "params.npz"}


if __name__ == "__main__":
    main()
