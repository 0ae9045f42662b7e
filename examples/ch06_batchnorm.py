"""6장: 배치 정규화 / Chapter 6: batch normalization.

The book's experiment (6장 6.3.2절): a 5-layer network (100 units each) trained on 1,000 MNIST
images with SGD, with and without BatchNorm, for several initial weight scales.  With BatchNorm
learning is faster and far less sensitive to the initial weights.

    python examples/ch06_batchnorm.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko.datasets import load_mnist_mini
from tinygrad_ko.models import MultiLayerNet
from tinygrad_ko.nn import optim


def train_curve(x, t, weight_init_std, use_batchnorm, epochs, seed=0):
    net = MultiLayerNet(784, [100] * 5, 10, weight_init_std=weight_init_std,
                        use_batchnorm=use_batchnorm, seed=seed)
    optimizer = optim.SGD(net.parameters(), lr=0.01)
    rng = np.random.default_rng(seed)
    accuracies = []
    for _ in range(epochs):
        for batch in np.array_split(rng.permutation(len(x)), len(x) // 100):
            optimizer.zero_grad()
            net.loss(x[batch], t[batch]).backward()
            optimizer.step()
        accuracies.append(net.accuracy(x, t))
    return accuracies


def main(argv=None):
    args = parse_args("ch06_batchnorm", __doc__.splitlines()[0], argv)
    (x, t), _ = load_mnist_mini()
    x, t = x[:1000], t[:1000]
    stds = [0.03, 0.01] if args.quick else [1.0, 0.3, 0.1, 0.03, 0.01, 0.003]
    epochs = 6 if args.quick else 20
    curves = {}
    for std in stds:
        for use_bn in (True, False):
            # without BatchNorm, large initial weights overflow to NaN: that is the point shown
            with np.errstate(over="ignore", invalid="ignore"):
                curves[(std, use_bn)] = train_curve(x, t, std, use_bn, epochs)
        print(f"std {std:<6}: train accuracy with BatchNorm {curves[(std, True)][-1]:.3f}, "
              f"without {curves[(std, False)][-1]:.3f}")

    plt = pyplot()
    cols = 3 if len(stds) > 2 else 2
    rows = -(-len(stds) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 3.2 * rows), squeeze=False)
    for ax, std in zip(axes.ravel(), stds):
        ax.plot(curves[(std, True)], label="Batch Normalization", color="C3")
        ax.plot(curves[(std, False)], label="Normal (without BatchNorm)", linestyle="--", color="C0")
        ax.set_title(f"W: std = {std}")
        ax.set_ylim(0, 1)
        ax.set_xlabel("epoch")
        ax.set_ylabel("train accuracy")
    axes.ravel()[0].legend(loc="lower right", fontsize=8)
    fig.suptitle("배치 정규화의 효과 / the effect of Batch Normalization", y=1.0)
    fig.tight_layout()
    picture = save(fig, args.out / "batchnorm.png")
    print("wrote", picture)
    return {"curves": curves, "picture": picture}


if __name__ == "__main__":
    main()
