"""4장: 수치 미분과 경사 하강법 / Chapter 4: numerical differentiation and gradient descent.

numerical_diff of y = 0.01x² + 0.1x at x = 5 and 10 (the book's central difference, 4장 4.3절, h = 1e-4), the
gradient of f(x0, x1) = x0² + x1² (numerically with tinygrad_ko.testing.numerical_gradient, and by
backward()), and gradient descent on it from (-3, 4) — drawn as a quiver plot with the trajectory.

    python examples/ch04_numerical_gradient.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor
from tinygrad_ko.testing import numerical_gradient


def numerical_diff(f, x, h=1e-4):
    """(f(x + h) - f(x - h)) / 2h: the book's central difference (4장 4.3.1절)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def function_1(x):
    return 0.01 * x ** 2 + 0.1 * x


def function_2(x):
    """f(x0, x1) = x0² + x1² on an array (numerical) or a Tensor (backward)."""
    return (x ** 2).sum()


def gradient_descent(init_x, lr=0.1, step_num=100):
    """x ← x − η ∂f/∂x, with the gradient from backward(); returns the path."""
    x = Tensor(np.array(init_x, dtype=np.float64), requires_grad=True)
    path = [x.data.copy()]
    for _ in range(step_num):
        x.zero_grad()
        function_2(x).backward()
        x.data -= lr * x.grad.data
        path.append(x.data.copy())
    return np.array(path)


def main(argv=None):
    args = parse_args("ch04_numerical_gradient", __doc__.splitlines()[0], argv)
    d5, d10 = numerical_diff(function_1, 5), numerical_diff(function_1, 10)
    print("numerical_diff(function_1, 5) =", d5)     # 0.1999999999990898 (exact: 0.2)
    print("numerical_diff(function_1, 10) =", d10)   # 0.2999999999986347 (exact: 0.3)

    point = np.array([3.0, 4.0])
    numeric = numerical_gradient(lambda x: function_2(Tensor(x)).item(), point.copy())
    x = Tensor(point, requires_grad=True)
    function_2(x).backward()
    print("gradient of x0² + x1² at (3, 4): numerical", numeric, "backward", x.grad.data)

    path = gradient_descent([-3.0, 4.0], lr=0.1, step_num=20 if args.quick else 100)
    print("gradient descent from (-3, 4), lr 0.1:", path[-1])

    plt = pyplot()
    grid = np.stack(np.meshgrid(np.linspace(-2, 2, 15), np.linspace(-2, 2, 15)), -1).reshape(-1, 2)
    arrows = -np.array([numerical_gradient(lambda v: function_2(Tensor(v)).item(), g.copy())
                        for g in grid])   # −∇f points downhill, toward the minimum
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.6))
    ax1.quiver(grid[:, 0], grid[:, 1], arrows[:, 0], arrows[:, 1], angles="xy", color="#666")
    ax1.set_title(r"$-\nabla f(x_0, x_1)$,  $f = x_0^2 + x_1^2$")  # mathtext: x₀, x₁ as in the book
    ax1.set_xlabel("x0")
    ax1.set_ylabel("x1")
    ax1.set_aspect("equal")
    ax2.plot(path[:, 0], path[:, 1], "o-", markersize=3)
    ax2.plot(0, 0, "+", markersize=14, color="k")
    ax2.set_title("경사 하강법 / gradient descent, lr = 0.1")
    ax2.set_xlabel("x0")
    ax2.set_ylabel("x1")
    ax2.set_xlim(-3.5, 3.5)
    ax2.set_ylim(-4.5, 4.5)
    picture = save(fig, args.out / "gradient_descent.png")
    print("wrote", picture)
    return {"d5": d5, "d10": d10, "numeric": numeric, "backward": x.grad.data, "path": path,
            "picture": picture}


if __name__ == "__main__":
    main()
