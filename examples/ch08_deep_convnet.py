"""8장: 더 깊게 / Chapter 8: DeepConvNet.

The book's deep network (six 3×3 conv layers 16-16-32-32-64-64 with ReLU and pooling, two affine
layers with dropout, He initialisation) trained with Adam on MNIST, and the test digits it still
gets wrong (misclassified.png), as the book shows them.

    python examples/ch08_deep_convnet.py [--data mini|mnist|fashion] [--epochs N] [--quick]
"""

import numpy as np

from _common import parse_args
from tinygrad_ko import plots
from tinygrad_ko.datasets import DataLoader, load_mnist, load_mnist_mini
from tinygrad_ko.models import DeepConvNet
from tinygrad_ko.nn import optim
from tinygrad_ko.train import Trainer, predict


def main(argv=None):
    def options(parser):
        parser.add_argument("--data", choices=("mini", "mnist", "fashion"), default="mini")
        parser.add_argument("--epochs", type=int, default=None, help="default 5 (1 with --quick)")

    args = parse_args("ch08_deep_convnet", __doc__.splitlines()[0], argv, options)
    if args.data == "mini":
        (x_train, t_train), (x_test, t_test) = load_mnist_mini(flatten=False)
    else:
        kind = "fashion" if args.data == "fashion" else "digits"
        (x_train, t_train), (x_test, t_test) = load_mnist(flatten=False, kind=kind)
    if args.quick:
        x_train, t_train, x_test, t_test = x_train[:300], t_train[:300], x_test[:100], t_test[:100]
    model = DeepConvNet(seed=0)
    trainer = Trainer(model, optim.Adam(model.parameters(), lr=0.001),
                      DataLoader(x_train, t_train, batch_size=100, seed=0),
                      test_data=(x_test, t_test), progress=not args.quick,
                      checkpoint=args.out / "deep_convnet_params.npz")
    history = trainer.fit(args.epochs or (1 if args.quick else 5))
    predicted = predict(model, x_test)
    wrong = np.flatnonzero(predicted != t_test)
    picture = plots.plot_misclassified(x_test[wrong], t_test[wrong], predicted[wrong],
                                       args.out / "misclassified.png", max_images=20)
    print(f"test accuracy {history.test_acc[-1]:.4f}: {len(wrong)} of {len(t_test)} test images "
          f"misclassified; wrote {picture}")
    return {"history": history, "wrong": len(wrong), "picture": picture}


if __name__ == "__main__":
    main()
