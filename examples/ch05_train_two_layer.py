"""5장: 오차역전파법으로 TwoLayerNet 학습 / Chapter 5: training TwoLayerNet with backprop.

The book's TwoLayerNet(784, 50, 10), SGD lr 0.1, batch 100, on MNIST (the embedded 4,000 + 1,000
subset by default; ``--data mnist`` or ``--data fashion`` for the full sets), with the train and test
accuracy curves.

    python examples/ch05_train_two_layer.py [--data mini|mnist|fashion] [--epochs N] [--quick]
"""

from _common import parse_args
from tinygrad_ko import plots
from tinygrad_ko.datasets import DataLoader, load_mnist, load_mnist_mini
from tinygrad_ko.models import TwoLayerNet
from tinygrad_ko.nn import optim
from tinygrad_ko.train import Trainer


def load(data):
    if data == "mini":
        return load_mnist_mini()
    return load_mnist(kind="fashion" if data == "fashion" else "digits")


def main(argv=None):
    def options(parser):
        parser.add_argument("--data", choices=("mini", "mnist", "fashion"), default="mini")
        parser.add_argument("--epochs", type=int, default=None, help="default 17 (2 with --quick)")

    args = parse_args("ch05_train_two_layer", __doc__.splitlines()[0], argv, options)
    (x_train, t_train), (x_test, t_test) = load(args.data)
    epochs = args.epochs or (2 if args.quick else 17)
    net = TwoLayerNet(input_size=784, hidden_size=50, output_size=10, seed=0)
    trainer = Trainer(net, optim.SGD(net.parameters(), lr=0.1),
                      DataLoader(x_train, t_train, batch_size=100, seed=0),
                      test_data=(x_test, t_test), progress=False)
    history = trainer.fit(epochs)
    picture = plots.plot_learning_curves(history, args.out / "accuracy.png")
    print("wrote", picture)
    return {"history": history, "picture": picture}


if __name__ == "__main__":
    main()
