"""5장: 계층의 역전파 / Chapter 5: the layers' backward passes, with the lecture notes' numbers.

The lecture notes' worked examples (5장 5.5-5.6절), computed by the engine instead of hand-written
layer classes:
ReLU (x = [1, -1, 2, -2], dout = 3 → [3, 0, 3, 0]), Sigmoid (dout = 30 → 30·y(1 - y)), the batch
Affine (X = [[1, 1], [2, 2]], W = [[1, 1, 1], [2, 2, 2]], b = 1), the cross-entropy error of a batch
of two (1.75), and Softmax-with-Loss (loss 1.95, dx = (y - t) / N = [[-0.4 0.05 0.35] [0.15 -0.45 0.3]]).
Picture: each activation and its local gradient, as backward() computes it.

    python examples/ch05_layers.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F


def leaf(values):
    """A float64 Tensor whose gradient we want to read."""
    return Tensor(np.array(values, dtype=np.float64), requires_grad=True)


def main(argv=None):
    args = parse_args("ch05_layers", __doc__.splitlines()[0], argv)
    results = {}

    # 5.5.1 ReLU: 순전파에서 x <= 0이던 자리는 역전파에서 0 / where x <= 0, the gradient stops
    x = leaf([1, -1, 2, -2])
    y = x.relu()
    y.backward(np.full(4, 3.0))
    print("ReLU     forward", y.data, " backward(3) →", x.grad.data)
    results["relu"] = (y.data, x.grad.data)

    # 5.5.2 Sigmoid: dx = dout · y(1 - y), y를 저장해 두면 된다 / only y is needed
    x = leaf([-2, -1, 1, 2])
    y = x.sigmoid()
    y.backward(np.full(4, 30.0))
    print("Sigmoid  forward", y.data, " backward(30) →", x.grad.data)
    results["sigmoid"] = (y.data, x.grad.data)

    # 5.6 Affine: dX = dY·Wᵀ, dW = Xᵀ·dY, db = Σ dY over the batch (the repeat node's sum)
    X, W, b = leaf([[1, 1], [2, 2]]), leaf([[1, 1, 1], [2, 2, 2]]), leaf([1, 1, 1])
    Y = X @ W + b
    Y.backward(np.ones((2, 3)))
    print("Affine   Y =", Y.data.tolist(), " dX =", X.grad.data.tolist(),
          " dW =", W.grad.data.tolist(), " db =", b.grad.data.tolist())
    results["affine"] = {"Y": Y.data, "dX": X.grad.data, "dW": W.grad.data, "db": b.grad.data}

    # 4.2 교차 엔트로피 오차 (the book's cross_entropy_error on probabilities, delta = 1e-7)
    y = Tensor(np.array([[0.1, 0.2, 0.7], [0.2, 0.3, 0.5]]))
    t = Tensor(np.array([[1.0, 0, 0], [0, 1.0, 0]]))
    cee = -(t * (y + 1e-7).log()).sum() / 2
    print(f"cross entropy error of the batch of two: {cee.item():.4f}  (lecture notes: 3.5 / 2 = 1.75)")
    results["cross_entropy"] = cee.item()

    # 5.6.3 Softmax-with-Loss: logits whose softmax is the lecture notes' y; the gradient is (y - t) / N
    y_notes = np.array([[0.2, 0.1, 0.7], [0.3, 0.1, 0.6]])
    logits = leaf(np.log(y_notes))                # softmax(log y) = y since each row sums to 1
    loss = F.cross_entropy(logits, np.array([0, 1]))
    loss.backward()
    print(f"Softmax-with-Loss: loss {loss.item():.4f} (lecture notes: (1.6 + 2.3) / 2 = 1.95), "
          f"dx = (y - t) / 2 =", np.round(logits.grad.data, 4).tolist())
    results["softmax_loss"] = (loss.item(), logits.grad.data)

    # 그림: 활성화 함수와 그 국소 기울기 / each activation and its local gradient from backward()
    plt = pyplot()
    grid = np.linspace(-5, 5, 101 if args.quick else 401)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    for ax, name in zip(axes, ("sigmoid", "relu")):
        x = leaf(grid)
        y = getattr(x, name)()
        y.sum().backward()                        # ∂(Σy)/∂x_i = the local gradient at x_i
        ax.plot(grid, y.data, label=f"{name}(x)")
        ax.plot(grid, x.grad.data, linestyle="--", label="backward(): dy/dx")
        ax.axhline(0.25 if name == "sigmoid" else 1.0, color="#999", linewidth=0.7)
        ax.set_title({"sigmoid": "시그모이드: 기울기는 최대 0.25 / gradient at most 0.25",
                      "relu": "ReLU: 기울기는 0 또는 1 / gradient 0 or 1"}[name])
        ax.set_xlabel("x")
        ax.legend(loc="upper left")
        ax.grid(alpha=0.3)
    picture = save(fig, args.out / "local_gradients.png")
    print("wrote", picture)
    results["picture"] = picture
    return results


if __name__ == "__main__":
    main()
