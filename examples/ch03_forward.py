"""3장: 신경망의 순전파 / Chapter 3: the forward pass of a neural network.

The book's 3-layer network (3장 3.4절: X = [1.0, 0.5], W1, B1, ...) computed with Tensor ops, the activation
functions (step, sigmoid, ReLU) plotted, and softmax with its overflow guard.

    python examples/ch03_forward.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor

# 3.4 3층 신경망 구현하기: the book's init_network()
NETWORK = {
    "W1": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "b1": [0.1, 0.2, 0.3],
    "W2": [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], "b2": [0.1, 0.2],
    "W3": [[0.1, 0.3], [0.2, 0.4]], "b3": [0.1, 0.2],
}


def forward(x):
    """a = xW + b per layer; sigmoid between layers, identity at the output (regression)."""
    p = {k: Tensor(np.array(v)) for k, v in NETWORK.items()}
    z1 = (x @ p["W1"] + p["b1"]).sigmoid()
    z2 = (z1 @ p["W2"] + p["b2"]).sigmoid()
    return z2 @ p["W3"] + p["b3"]


def naive_softmax(a):
    """exp(a) / Σ exp(a) without the guard: overflows for a = [1010, 1000, 990]."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(a) / np.sum(np.exp(a))


def main(argv=None):
    args = parse_args("ch03_forward", __doc__.splitlines()[0], argv)
    y = forward(Tensor(np.array([1.0, 0.5])))
    print("3-layer forward, X = [1.0, 0.5]:", y.data)          # [0.31682708 0.69627909]

    # 3.5 the lecture notes' scores (2.2, 1.1, -1.1): e^a = 9.0, 3.0, 0.3 over 12.3 → 73%, 24%, 3%
    notes_softmax = Tensor(np.array([2.2, 1.1, -1.1])).softmax().data
    print("softmax([2.2, 1.1, -1.1]) =", notes_softmax.round(3), "(lecture notes: 73%, 24%, 3%)")
    a = np.array([0.3, 2.9, 4.0])                                      # the book's example
    soft = Tensor(a).softmax().data
    print("softmax([0.3, 2.9, 4.0]) =", soft, "sum", soft.sum())
    big = np.array([1010.0, 1000.0, 990.0])
    print("naive softmax([1010, 1000, 990]) =", naive_softmax(big))   # [nan nan nan]
    guarded = Tensor(big).softmax().data                               # exp(a - max(a))
    print("softmax with the max subtracted  =", guarded)

    plt = pyplot()
    x = np.linspace(-5, 5, 201)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(x, (x > 0).astype(float), label="계단 함수 step", linestyle="--")
    ax.plot(x, Tensor(x).sigmoid().data, label="시그모이드 sigmoid")
    ax.plot(x, Tensor(x).relu().data, label="ReLU", linestyle=":")
    ax.set_ylim(-0.1, 1.2)
    ax.legend()
    ax.grid(alpha=0.3)
    ax.set_title("활성화 함수 / activation functions")
    picture = save(fig, args.out / "activations.png")
    print("wrote", picture)
    return {"y": y.data, "notes_softmax": notes_softmax, "softmax": soft,
            "naive": naive_softmax(big), "guarded": guarded, "picture": picture}


if __name__ == "__main__":
    main()
