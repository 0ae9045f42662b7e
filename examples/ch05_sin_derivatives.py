"""5장 더 보기: sin의 고계 도함수 / Chapter 5, further: the n-th derivatives of sin.

역전파(5장)가 만든 기울기도 계산 그래프입니다. ``tinygrad_ko.grad(y, x, create_graph=True)``의 결과를
다시 미분하기를 되풀이하면 sin의 1계, 2계, 3계 … 도함수가 나옵니다: cos, −sin, −cos, 그리고 다시 sin.
x가 [−7, 7]의 점 여러 개인 벡터라도 각 y_i는 x_i에만 의존하므로, 합 Σy_i의 기울기가 점마다의 도함수입니다.

Backpropagation (chapter 5) builds the gradient as a computational graph too: differentiating the
result of ``tinygrad_ko.grad(y, x, create_graph=True)`` again and again gives sin's 1st, 2nd, 3rd …
derivatives — cos, −sin, −cos, then sin again.  With x a vector of points on [−7, 7], each y_i
depends only on x_i, so the gradient of Σ y_i is the derivative at every point at once.

    python examples/ch05_sin_derivatives.py [--out DIR] [--quick]
"""

import numpy as np

import tinygrad_ko as tk
from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor

#: sin's derivatives repeat every 4 orders: sin, cos, −sin, −cos
CLOSED_FORMS = ((np.sin, "sin x"), (np.cos, "cos x"), (lambda x: -np.sin(x), "−sin x"),
                (lambda x: -np.cos(x), "−cos x"))


def derivatives(x: np.ndarray, max_order: int) -> list:
    """[sin x, sin′ x, …, sin⁽ⁿ⁾ x] as arrays, each the gradient of the sum of the one before."""
    t = Tensor(x, requires_grad=True, name="x")
    current = t.sin()
    results = [current.data.copy()]
    for _ in range(max_order):
        (current,) = tk.grad(current.sum(), t, create_graph=True)
        results.append(current.data.copy())
    return results


def main(argv=None):
    args = parse_args("ch05_sin_derivatives", __doc__.splitlines()[0], argv)
    x = np.linspace(-7, 7, 60 if args.quick else 200)
    max_order = 4 if args.quick else 8
    curves = derivatives(x, max_order)
    errors = []
    for order, values in enumerate(curves):
        closed_form, name = CLOSED_FORMS[order % 4]
        error = float(np.max(np.abs(values - closed_form(x))))
        errors.append(error)
        print(f"order {order}: max |d^{order}/dx^{order} sin x − ({name})| on [−7, 7] = {error:.3g}")

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.4))
    styles = ("-", "--", "-.", ":")
    for order in range(4):
        ax.plot(x, curves[order], styles[order], linewidth=2,
                label=f"{order}계 / order {order} = {CLOSED_FORMS[order][1]}")
    ax.set_xlabel("x")
    ax.set_title("y = sin x 와 grad(create_graph=True)로 구한 도함수 / and its derivatives by grad()")
    ax.set_ylim(-1.15, 1.7)  # room above the curves for the legend
    ax.legend(loc="upper center", ncol=2, fontsize=9)
    picture = save(fig, args.out / "sin_derivatives.png")
    print("wrote", picture)
    return {"x": x, "curves": curves, "errors": errors, "picture": picture}


if __name__ == "__main__":
    main()
