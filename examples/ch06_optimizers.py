"""6장: 매개변수 갱신 / Chapter 6: the optimizers.

Left: SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam (tinygrad_ko.nn.optim) walking down
f(x, y) = x²/20 + y² from (-7, 2) as the book draws it (6장 6.1절) — SGD zig-zags, Momentum rolls like a ball,
AdaGrad and Adam take smooth paths.  Right: their training loss on MNIST with a 5-layer network.

    python examples/ch06_optimizers.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor
from tinygrad_ko.datasets import load_mnist_mini
from tinygrad_ko.models import MultiLayerNet
from tinygrad_ko.nn import optim

# the learning rates the book uses for this picture (Nesterov and RMSprop chosen to match)
PATH_OPTIMIZERS = {"SGD": (optim.SGD, 0.95), "Momentum": (optim.Momentum, 0.1),
                   "Nesterov": (optim.Nesterov, 0.1), "AdaGrad": (optim.AdaGrad, 1.5),
                   "RMSprop": (optim.RMSprop, 0.1), "Adam": (optim.Adam, 0.3)}


def f(p):
    """x²/20 + y² on a Tensor of shape (2,)."""
    return (p * p * Tensor(np.array([1 / 20, 1.0]))).sum()


def path(optimizer_class, lr, steps=30):
    p = Tensor(np.array([-7.0, 2.0]), requires_grad=True)
    optimizer = optimizer_class([p], lr=lr)
    points = [p.data.copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        f(p).backward()
        optimizer.step()
        points.append(p.data.copy())
    return np.array(points)


def mnist_losses(iterations, seed=0):
    (x, t), _ = load_mnist_mini()
    rng = np.random.default_rng(seed)
    losses = {}
    for name, optimizer_class in [("SGD", optim.SGD), ("Momentum", optim.Momentum),
                                  ("AdaGrad", optim.AdaGrad), ("Adam", optim.Adam)]:
        net = MultiLayerNet(784, [100, 100, 100, 100], 10, seed=seed)
        optimizer = optimizer_class(net.parameters())  # each with the book's default lr
        curve = []
        for _ in range(iterations):
            batch = rng.choice(len(x), 128)
            optimizer.zero_grad()
            loss = net.loss(x[batch], t[batch])
            loss.backward()
            optimizer.step()
            curve.append(loss.item())
        losses[name] = np.array(curve)
        print(f"{name:9s} loss {curve[0]:.3f} -> {np.mean(curve[-10:]):.3f}")
    return losses


def main(argv=None):
    args = parse_args("ch06_optimizers", __doc__.splitlines()[0], argv)
    paths = {name: path(cls, lr) for name, (cls, lr) in PATH_OPTIMIZERS.items()}
    for name, points in paths.items():
        print(f"{name:9s} after 30 steps at ({points[-1][0]: .3f}, {points[-1][1]: .3f})")
    losses = mnist_losses(40 if args.quick else 400)

    plt = pyplot()
    fig = plt.figure(figsize=(15, 6.5))
    xs, ys = np.meshgrid(np.linspace(-10, 10, 200), np.linspace(-5, 5, 200))
    for k, (name, points) in enumerate(paths.items()):
        ax = fig.add_subplot(2, 5, k + 1 + (k // 3) * 2)
        ax.contour(xs, ys, xs ** 2 / 20 + ys ** 2, levels=12, colors="#bbb", linewidths=0.6)
        ax.plot(points[:, 0], points[:, 1], "o-", color="C3", markersize=2.5, linewidth=1)
        ax.plot(0, 0, "+", color="k")
        ax.set_title(f"{name} (lr {PATH_OPTIMIZERS[name][1]})")
        ax.set_xlim(-10, 10)
        ax.set_ylim(-5, 5)
    ax = fig.add_subplot(1, 5, (4, 5))
    for name, curve in losses.items():
        smooth = np.convolve(curve, np.ones(10) / 10, mode="valid")
        ax.plot(smooth, label=name)
    ax.set_ylim(0, 2.5)
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss (moving average of 10)")
    ax.set_title("MNIST, 5-layer net, batch 128")
    ax.legend()
    # plain text, not mathtext: mathtext has no font fallback and would lose the Hangul
    fig.suptitle("f(x, y) = x²/20 + y² 위의 경로 / optimizer paths, and MNIST loss", y=0.99)
    fig.tight_layout()
    picture = save(fig, args.out / "optimizers.png")
    print("wrote", picture)
    return {"paths": paths, "losses": losses, "picture": picture}


if __name__ == "__main__":
    main()
