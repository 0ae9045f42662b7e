"""4장 4.4절 더 보기: 뉴턴 방법과 2계 미분 / Chapter 4, section 4.4, further: Newton's method.

경사 하강법(4장 4.4절)은 1계 미분만 써서 x ← x − η f′(x)로 조금씩 내려갑니다. 뉴턴 방법은 2계 미분도 써서
x ← x − f′(x) / f″(x)로 한 번에 포물선의 바닥으로 뛰어갑니다. f″(x)는 f′(x)를 다시 미분해서 얻습니다:
``y.backward(create_graph=True)``로 만든 ``x.grad``는 그래프 안의 텐서라서 ``x.grad.backward()``가 됩니다.

Gradient descent (chapter 4, section 4.4) uses only the first derivative: x ← x − η f′(x), small steps.
Newton's method also uses the second: x ← x − f′(x) / f″(x), a jump to the bottom of the local
parabola.  f″ is f′ differentiated again: after ``y.backward(create_graph=True)``, ``x.grad`` is a
tensor in a recorded graph, so ``x.grad.backward()`` works.

On f(x) = x⁴ − 2x² from x = 2 (the function of DeZero's step 29 and 33) Newton's method lands exactly
on the minimum x = 1 after 7 steps; gradient descent with lr = 0.01 needs well over a hundred.

    python examples/ch04_newton_method.py [--out DIR] [--quick]
"""

import numpy as np

from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor


def f(x):
    """f(x) = x⁴ − 2x²: minima at x = ±1, f′(x) = 4x³ − 4x, f″(x) = 12x² − 4."""
    return x ** 4 - 2 * x ** 2


def first_and_second_derivative(x: Tensor):
    """f′(x) and f″(x) by backpropagation, the second by differentiating the first."""
    y = f(x)
    y.backward(create_graph=True)   # x.grad = f′(x): a tensor in a recorded graph
    gx = x.grad
    x.zero_grad()                   # DeZero's x.cleargrad(): the next backward starts from 0
    gx.backward()                   # x.grad = f″(x)
    gx2 = x.grad
    x.zero_grad()
    return gx.item(), gx2.item()


def newton(x0=2.0, iterations=10):
    """x ← x − f′(x) / f″(x); returns the x of every step (x0 first) and (f′, f″) at each."""
    x = Tensor(np.array(x0, dtype=np.float64), requires_grad=True, name="x")
    xs, derivatives = [x.item()], []
    for _ in range(iterations):
        gx, gx2 = first_and_second_derivative(x)
        derivatives.append((gx, gx2))
        x.data -= gx / gx2
        xs.append(x.item())
    return xs, derivatives


def gradient_descent(x0=2.0, lr=0.01, max_steps=1000, tolerance=1e-10):
    """x ← x − lr · f′(x) until |x − 1| < tolerance (or max_steps); returns every x."""
    x = Tensor(np.array(x0, dtype=np.float64), requires_grad=True)
    xs = [x.item()]
    for _ in range(max_steps):
        x.zero_grad()
        f(x).backward()
        x.data -= lr * x.grad.data
        xs.append(x.item())
        if abs(xs[-1] - 1.0) < tolerance:
            break
    return xs


def main(argv=None):
    args = parse_args("ch04_newton_method", __doc__.splitlines()[0], argv)
    xs, derivatives = newton(2.0, iterations=10)
    print("뉴턴 방법 / Newton's method on f(x) = x⁴ − 2x² from x = 2:")
    print(f"{'step':>4}  {'x':<20} {'f′(x)':<24} f″(x)")
    for step, (x, (gx, gx2)) in enumerate(zip(xs, derivatives)):
        print(f"{step:>4}  {x!r:<20} {gx!r:<24} {gx2!r}")
    steps_to_one = xs.index(1.0)
    print(f"x = 1 exactly after {steps_to_one} steps")

    descent = gradient_descent(2.0, lr=0.01, max_steps=300 if args.quick else 2000)
    print(f"경사 하강법 / gradient descent, lr = 0.01: {len(descent) - 1} steps to |x − 1| < 1e-10 "
          f"(x = {descent[-1]!r})")

    plt = pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.4))
    grid = np.linspace(-2.1, 2.1, 400)
    ax1.plot(grid, grid ** 4 - 2 * grid ** 2, color="#555")
    newton_x = np.array(xs[:steps_to_one + 1])
    ax1.plot(newton_x, newton_x ** 4 - 2 * newton_x ** 2, "o-", color="#d62728", label="Newton")
    for step, x in enumerate(newton_x[:3]):  # later steps overlap at x = 1
        ax1.annotate(str(step), (x, x ** 4 - 2 * x ** 2), textcoords="offset points", xytext=(6, 4))
    ax1.set_ylim(-1.5, 9)
    ax1.set_xlabel("x")
    ax1.set_title("f(x) = x⁴ − 2x²,  x ← x − f′(x) / f″(x)")
    ax1.legend()
    for values, label, style in ((xs[:steps_to_one], "뉴턴 / Newton", "o-"),
                                 (descent, "경사 하강법 / gradient descent, lr 0.01", "-")):
        error = np.abs(np.array(values) - 1.0)
        ax2.semilogy(np.arange(len(values)), np.maximum(error, 1e-17), style, label=label)
    ax2.set_xlabel("step")
    ax2.set_ylabel("|x − 1|")
    ax2.set_title("수렴 / convergence")
    ax2.legend()
    picture = save(fig, args.out / "newton_method.png")
    print("wrote", picture)
    return {"xs": xs, "derivatives": derivatives, "steps_to_one": steps_to_one,
            "descent_steps": len(descent) - 1, "picture": picture}


if __name__ == "__main__":
    main()
