"""2장: 퍼셉트론 / Chapter 2: perceptrons.

AND, NAND, OR with the book's weights and biases (2장 2.3.3절), XOR built from NAND + OR + AND (the
multi-layer perceptron, 2.5.2절), then the same gates *learned* by one sigmoid neuron written in
Tensor ops — and XOR failing for one layer, succeeding with a hidden layer.  Picture: the learned
decision boundaries.

    python examples/ch02_perceptron.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F

INPUTS = [(0, 0), (1, 0), (0, 1), (1, 1)]


# --- 2.3 the book's gates: w·x + b > 0 -------------------------------------------------------------
def gate(w, b):
    return lambda x1, x2: int(np.sum(np.array([x1, x2]) * np.array(w)) + b > 0)


AND = gate([0.5, 0.5], -0.7)
NAND = gate([-0.5, -0.5], 0.7)
OR = gate([0.5, 0.5], -0.2)


def XOR(x1, x2):
    """2.5 다층 퍼셉트론: XOR = AND(NAND, OR)."""
    return AND(NAND(x1, x2), OR(x1, x2))


# --- the same gates, learned with gradients ---------------------------------------------------------
def train_gate(targets, hidden=0, steps=2000, seed=0):
    """One layer (hidden=0: a single linear boundary, softmax over 2 classes = a sigmoid neuron)
    or a net with a tanh hidden layer, trained by gradient descent on the 4 points."""
    rng = np.random.default_rng(seed)
    x = Tensor(np.array(INPUTS, dtype=np.float32))
    t = np.array(targets)
    sizes = [2, hidden, 2] if hidden else [2, 2]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params += [Tensor(rng.standard_normal((fan_in, fan_out)), requires_grad=True, dtype=np.float32),
                   Tensor(np.zeros(fan_out), requires_grad=True, dtype=np.float32)]

    def forward(inputs):
        h = inputs @ params[0] + params[1]
        return (h.tanh() @ params[2] + params[3]) if hidden else h

    for _ in range(steps):
        loss = F.cross_entropy(forward(x), t)
        for p in params:
            p.zero_grad()
        loss.backward()
        for p in params:
            p.data -= 0.5 * p.grad.data
    predict = lambda pts: np.argmax(forward(Tensor(pts.astype(np.float32))).data, axis=1)  # noqa: E731
    accuracy = float(np.mean(predict(np.array(INPUTS)) == t))
    return predict, accuracy, loss.item()


def main(argv=None):
    args = parse_args("ch02_perceptron", __doc__.splitlines()[0], argv)
    gates = {"AND": AND, "NAND": NAND, "OR": OR, "XOR": XOR}
    tables = {name: [fn(*x) for x in INPUTS] for name, fn in gates.items()}
    print("x1 x2 | AND NAND OR XOR")
    for x, row in zip(INPUTS, zip(*tables.values())):
        print(f" {x[0]}  {x[1]} |  {row[0]}    {row[1]}    {row[2]}   {row[3]}")

    steps = 300 if args.quick else 2000
    learned = {name: train_gate(tables[name], steps=steps) for name in ("AND", "NAND", "OR")}
    learned["XOR (1 layer)"] = train_gate(tables["XOR"], steps=steps)
    learned["XOR (2 layers)"] = train_gate(tables["XOR"], hidden=4, steps=steps)
    for name, (_, accuracy, loss) in learned.items():
        print(f"learned {name:15s} accuracy {accuracy:.2f}  loss {loss:.3f}")

    plt = pyplot()
    fig, axes = plt.subplots(1, len(learned), figsize=(3.2 * len(learned), 3.2))
    grid = np.stack(np.meshgrid(np.linspace(-0.5, 1.5, 120), np.linspace(-0.5, 1.5, 120)), -1)
    for ax, (name, (predict, accuracy, _)) in zip(axes, learned.items()):
        regions = predict(grid.reshape(-1, 2)).reshape(grid.shape[:2])
        ax.contourf(grid[..., 0], grid[..., 1], regions, levels=[-0.5, 0.5, 1.5], colors=["#dde", "#fdb"])
        truth = tables[name.split()[0]]
        for (x1, x2), t in zip(INPUTS, truth):
            ax.scatter(x1, x2, marker="o" if t else "x", s=90, c="C1" if t else "C0")
        ax.set_title(f"{name}\naccuracy {accuracy:.2f}")
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
    fig.suptitle("학습된 결정 경계 / learned decision boundaries (o = 1, x = 0)", y=1.06)
    picture = save(fig, args.out / "decision_boundaries.png")
    print("wrote", picture)
    return {"tables": tables, "accuracy": {k: v[1] for k, v in learned.items()}, "picture": picture}


if __name__ == "__main__":
    main()
