"""6장: 오버피팅과 그 대책 / Chapter 6: overfitting, weight decay and dropout.

The book's set-up (6장 6.4.1절): only 300 training images and a 7-layer network (6 × 100 hidden units), SGD
lr 0.01.  Plain training memorises the 300 images (train accuracy → 1) while test accuracy stalls;
weight decay (λ = 0.1) and dropout (ratio 0.2) narrow the gap between the two curves.

    python examples/ch06_overfitting.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko.datasets import load_mnist_mini
from tinygrad_ko.models import MultiLayerNet
from tinygrad_ko.nn import optim

SETTINGS = {"plain": {}, "weight decay λ=0.1": {"weight_decay_lambda": 0.1},
            "dropout 0.2": {"use_dropout": True, "dropout_ratio": 0.2}}


def curves(x, t, x_test, t_test, epochs, seed=0, **options):
    net = MultiLayerNet(784, [100] * 6, 10, seed=seed, **options)
    optimizer = optim.SGD(net.parameters(), lr=0.01)
    rng = np.random.default_rng(seed)
    train, test = [], []
    for _ in range(epochs):
        for batch in np.array_split(rng.permutation(len(x)), len(x) // 100):
            optimizer.zero_grad()
            net.loss(x[batch], t[batch]).backward()  # loss includes ½λΣW² when λ > 0
            optimizer.step()
        train.append(net.accuracy(x, t))
        test.append(net.accuracy(x_test, t_test))
    return np.array(train), np.array(test)


def main(argv=None):
    args = parse_args("ch06_overfitting", __doc__.splitlines()[0], argv)
    (x, t), (x_test, t_test) = load_mnist_mini()
    x, t = x[:300], t[:300]
    epochs = 15 if args.quick else 200
    results = {name: curves(x, t, x_test, t_test, epochs, **options)
               for name, options in SETTINGS.items()}
    for name, (train, test) in results.items():
        print(f"{name:20s} final train {train[-1]:.3f}  test {test[-1]:.3f}  "
              f"gap {train[-1] - test[-1]:.3f}")

    plt = pyplot()
    fig, axes = plt.subplots(1, len(results), figsize=(4.5 * len(results), 3.6), sharey=True)
    for ax, (name, (train, test)) in zip(axes, results.items()):
        ax.plot(train, label="train")
        ax.plot(test, label="test", linestyle="--")
        ax.set_title(name)
        ax.set_xlabel("epoch")
        ax.set_ylim(0, 1.02)
    axes[0].set_ylabel("accuracy")
    axes[0].legend(loc="lower right")
    fig.suptitle("300장으로 학습: 오버피팅과 대책 / 300 training images: overfitting and remedies", y=1.02)
    picture = save(fig, args.out / "overfitting.png")
    print("wrote", picture)
    return {"results": results, "picture": picture}


if __name__ == "__main__":
    main()
