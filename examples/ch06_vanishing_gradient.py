"""6장: 기울기 소실 / Chapter 6: vanishing gradients — sigmoid versus ReLU.

The point of 6장 6.2.2절 about the sigmoid: its derivative is at most 0.25, so backpropagation through many
sigmoid layers multiplies the gradient by small numbers and the first layers hardly learn.  One
backward pass through a 10-layer net on MNIST images gives each layer's mean |∂L/∂W|: it shrinks
layer after layer towards the input with sigmoid, and stays level with ReLU (He init).

    python examples/ch06_vanishing_gradient.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko.datasets import load_mnist_mini
from tinygrad_ko.models import MultiLayerNet


def gradient_magnitudes(activation, weight_init_std, x, t, layers, seed=0):
    net = MultiLayerNet(784, [100] * (layers - 1), 10, activation=activation,
                        weight_init_std=weight_init_std, seed=seed)
    net.loss(x, t).backward()
    return np.array([float(np.abs(getattr(net, f"Affine{i}").W.grad.data).mean())
                     for i in range(1, layers + 1)])


def main(argv=None):
    args = parse_args("ch06_vanishing_gradient", __doc__.splitlines()[0], argv)
    (x, t), _ = load_mnist_mini()
    x, t = x[:100], t[:100]
    layers = 6 if args.quick else 10
    magnitudes = {"sigmoid (Xavier)": gradient_magnitudes("sigmoid", "xavier", x, t, layers),
                  "ReLU (He)": gradient_magnitudes("relu", "he", x, t, layers)}
    for name, m in magnitudes.items():
        print(f"{name:17s} mean |dW| per layer: " + " ".join(f"{v:.1e}" for v in m))
        print(f"{'':17s} first layer / last layer = {m[0] / m[-1]:.2e}")

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, m in magnitudes.items():
        ax.plot(np.arange(1, layers + 1), np.log10(m), "o-", label=name)
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(r"$\log_{10}$ of mean $|\partial L / \partial W|$")
    ax.set_title("층별 기울기 크기 / gradient size per layer")
    ax.legend()
    ax.grid(alpha=0.3)
    picture = save(fig, args.out / "vanishing_gradient.png")
    print("wrote", picture)
    return {"magnitudes": magnitudes, "picture": picture}


if __name__ == "__main__":
    main()
