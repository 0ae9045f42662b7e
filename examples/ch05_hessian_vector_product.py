"""5장 더 보기: 헤세 행렬-벡터 곱 / Chapter 5, further: the Hessian-vector product of a small MLP.

오차역전파법(5장)은 손실의 기울기 g = ∂L/∂θ를 줍니다. ``create_graph=True``로 만든 g는 그래프 안의 텐서라서
다시 미분할 수 있고, 스칼라 g·v를 미분하면 헤세 행렬 H = ∂²L/∂θ²와 벡터 v의 곱 Hv가 나옵니다. H를 만들지 않고
역전파 두 번으로 끝납니다(double backprop). 여기서는 float64의 작은 MLP(2 → 4 → 1, tanh)로 Hv를
H의 열을 하나씩 구해 만든 헤세 행렬과 비교하고, H 자체는 1계 기울기의 중앙 차분과 비교합니다.

Backpropagation (chapter 5) gives the gradient g = ∂L/∂θ.  Made with ``create_graph=True``, g is a
tensor in a recorded graph; differentiating the scalar g·v gives the Hessian-vector product Hv
without ever forming H — two backward passes ("double backprop").  For a small float64 MLP
(2 → 4 → 1, tanh, mean squared error) this example checks Hv against the explicit Hessian built
column by column (column j = ∂g_j/∂θ, one grad() call each, H is symmetric so rows are columns),
and checks that Hessian against central differences of the first gradient (an independent check).

    python examples/ch05_hessian_vector_product.py [--out DIR] [--quick]
"""

import numpy as np

import tinygrad_ko as tk
from _common import parse_args, pyplot, save
from tinygrad_ko import Tensor


def make_problem(seed=0, samples=8):
    """Parameters of a 2 → 4 → 1 tanh MLP and a batch of points with targets (float64)."""
    rng = np.random.default_rng(seed)
    shapes = {"W1": (2, 4), "b1": (4,), "W2": (4, 1), "b2": (1,)}
    params = [Tensor(rng.standard_normal(shape) * 0.8, requires_grad=True, name=name)
              for name, shape in shapes.items()]
    x = rng.standard_normal((samples, 2))
    t = np.sin(x[:, :1] * 2) + 0.5 * x[:, 1:]
    return params, x, t


def loss_fn(params, x, t) -> Tensor:
    W1, b1, W2, b2 = params
    y = (Tensor(x) @ W1 + b1).tanh() @ W2 + b2
    return ((y - Tensor(t)) ** 2).mean()


def flat(tensors) -> Tensor:
    """One vector of all the parameters' entries (the order of ``params``)."""
    return tk.concatenate([g.reshape(-1) for g in tensors])


def hessian_vector_product(params, x, t, v: np.ndarray) -> np.ndarray:
    """Hv by double backprop: g = ∂L/∂θ (recorded), then ∂(g·v)/∂θ."""
    grads = tk.grad(loss_fn(params, x, t), params, create_graph=True)
    g_dot_v = (flat(grads) * Tensor(v)).sum()
    return flat(tk.grad(g_dot_v, params)).data


def explicit_hessian(params, x, t) -> np.ndarray:
    """H column by column: column j = ∂g_j/∂θ, g built once with create_graph=True."""
    g = flat(tk.grad(loss_fn(params, x, t), params, create_graph=True))
    columns = []
    for j in range(g.shape[0]):
        column = tk.grad(g[j], params, retain_graph=True, allow_unused=True)
        columns.append(np.concatenate([np.zeros(p.size) if c is None else c.data.reshape(-1)
                                       for c, p in zip(column, params)]))
    return np.stack(columns, axis=1)


def finite_difference_hessian(params, x, t, eps=1e-5) -> np.ndarray:
    """H from central differences of the (first-order) gradient: (g(θ + εe_j) − g(θ − εe_j)) / 2ε."""
    def gradient():
        return flat(tk.grad(loss_fn(params, x, t), params)).data

    columns = []
    for p in params:
        for i in range(p.size):
            original = p.data.reshape(-1)[i]
            shifted = []
            for sign in (1, -1):
                p.data = _with_entry(p.data, i, original + sign * eps)
                shifted.append(gradient())
            p.data = _with_entry(p.data, i, original)
            columns.append((shifted[0] - shifted[1]) / (2 * eps))
    return np.stack(columns, axis=1)


def _with_entry(array, i, value):
    changed = array.copy()
    changed.reshape(-1)[i] = value
    return changed


def main(argv=None):
    args = parse_args("ch05_hessian_vector_product", __doc__.splitlines()[0], argv)
    params, x, t = make_problem(seed=0, samples=8 if args.quick else 64)
    count = sum(p.size for p in params)
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((3 if args.quick else 10, count))

    H = explicit_hessian(params, x, t)
    hvps = np.stack([hessian_vector_product(params, x, t, v) for v in vectors])
    hvp_error = float(np.max(np.abs(hvps - vectors @ H.T)))
    symmetry_error = float(np.max(np.abs(H - H.T)))
    numeric_error = float(np.max(np.abs(H - finite_difference_hessian(params, x, t))))
    print(f"MLP 2 → 4 → 1 (tanh), {count} parameters, {x.shape[0]} samples, float64")
    print(f"max |Hv − H·v| over {len(vectors)} random v (double backprop vs explicit H): {hvp_error:.3g}")
    print(f"max |H − Hᵀ| (the explicit Hessian is symmetric): {symmetry_error:.3g}")
    print(f"max |H − central differences of the gradient| (eps 1e-5): {numeric_error:.3g}")
    eigenvalues = np.linalg.eigvalsh((H + H.T) / 2)
    print(f"eigenvalues of H: {eigenvalues.min():.4g} … {eigenvalues.max():.4g}")

    plt = pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [1.1, 1]})
    limit = float(np.abs(H).max())
    image = ax1.imshow(H, cmap="RdBu_r", vmin=-limit, vmax=limit)
    edges = np.cumsum([p.size for p in params])[:-1] - 0.5
    for edge in edges:
        ax1.axhline(edge, color="k", linewidth=0.6)
        ax1.axvline(edge, color="k", linewidth=0.6)
    centers = np.concatenate([[-0.5], edges, [count - 0.5]])
    ticks = (centers[:-1] + centers[1:]) / 2
    ax1.set_xticks(ticks, [p.name for p in params])
    ax1.set_yticks(ticks, [p.name for p in params])
    ax1.set_title("헤세 행렬 H = ∂²L/∂θ² (열마다 grad 한 번 / one grad() per column)", fontsize=10)
    fig.colorbar(image, ax=ax1, shrink=0.8)
    exact = vectors[0] @ H.T
    ax2.plot(exact, hvps[0], "o", color="#d62728")
    ax2.plot([exact.min(), exact.max()], [exact.min(), exact.max()], color="#999", linewidth=1)
    ax2.set_xlabel("H · v (explicit Hessian)")
    ax2.set_ylabel("Hv by double backprop")
    ax2.set_title(f"Hv 비교 / Hv compared: max |diff| = {hvp_error:.1e}", fontsize=10)
    picture = save(fig, args.out / "hessian_vector_product.png")
    print("wrote", picture)
    return {"hvp_error": hvp_error, "symmetry_error": symmetry_error, "numeric_error": numeric_error,
            "hessian": H, "count": count, "picture": picture}


if __name__ == "__main__":
    main()
