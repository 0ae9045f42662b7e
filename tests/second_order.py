"""gradgradcheck for the op tests: tinygrad_ko.testing's, or — until that lands — a small stand-in
with the same contract (central differences of the projected first gradient)."""

import numpy as np

try:
    from tinygrad_ko.testing import gradgradcheck
except ImportError:  # pragma: no cover - only before testing.gradgradcheck exists
    import tinygrad_ko as tk
    from tinygrad_ko import Tensor
    from tinygrad_ko.testing import gradcheck, numerical_gradient

    def gradgradcheck(fn, *inputs, eps=1e-6, atol=1e-5, rtol=1e-4, seed=0):
        gradcheck(fn, *inputs)
        leaves = [Tensor(np.asarray(a, np.float64), requires_grad=True) for a in inputs]
        rng = np.random.default_rng(seed)
        out = fn(*leaves)
        v = rng.standard_normal(out.shape)
        u = [rng.standard_normal(t.shape) for t in leaves]

        def projected_first():
            return tk.grad(fn(*leaves), leaves, grad_outputs=v, create_graph=True,
                           allow_unused=True)

        gs = projected_first()
        total = sum((g * w).sum() for g, w in zip(gs, u) if g is not None and g.requires_grad)
        seconds = tk.grad(total, leaves, allow_unused=True) if not isinstance(total, int) else \
            [None] * len(leaves)

        def f(_):
            return float(sum(np.sum(g.data * w) for g, w in zip(projected_first(), u)
                             if g is not None))

        for leaf, s in zip(leaves, seconds):
            numeric = numerical_gradient(f, leaf, eps)
            analytic = np.zeros(leaf.shape) if s is None else s.data
            np.testing.assert_allclose(analytic, numeric, atol=atol, rtol=rtol)
        return True

__all__ = ["gradgradcheck"]
