"""Graphs that backward(create_graph=True) builds behave like any other graph: anomaly mode,
in-place edit detection, no_grad and hooks (issue: higher-order gradients, item 7)."""

import numpy as np
import pytest

import tinygrad_ko as tk
from tinygrad_ko import Tensor, no_grad


def test_fast_path_records_no_graph_of_the_gradient():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    assert x.grad.creator is None and not x.grad.requires_grad


def test_anomaly_mode_catches_nan_made_by_the_second_backward():
    x = Tensor([0.0], requires_grad=True, dtype=np.float64)
    (gx,) = tk.grad(x.sqrt().sum(), x, create_graph=True)  # 1 / (2√x): inf at 0
    with tk.detect_anomaly(), np.errstate(all="ignore"), \
            pytest.raises(FloatingPointError, match="anomaly"):
        gx.sum().backward()


def test_in_place_edit_after_create_graph_is_refused_at_the_second_backward():
    x = Tensor([1.0, 2.0], requires_grad=True, dtype=np.float64)
    (gx,) = tk.grad((x ** 3).sum(), x, create_graph=True)
    with no_grad():
        x += 1.0
    with pytest.raises(RuntimeError, match="modified in place"):
        gx.sum().backward()


def test_create_graph_inside_no_grad_still_records_the_gradient_graph_like_pytorch():
    x = Tensor(3.0, requires_grad=True, dtype=np.float64)
    y = x ** 3
    with no_grad():
        (gx,) = tk.grad(y, x, create_graph=True)
    assert gx.requires_grad
    (g2,) = tk.grad(gx, x)
    assert g2.item() == pytest.approx(18.0)


def test_hooks_run_in_create_graph_mode_and_may_change_the_graph():
    x = Tensor(2.0, requires_grad=True, dtype=np.float64)
    x.register_hook(lambda g: g * 3)
    (gx,) = tk.grad(x ** 2, x, create_graph=True)
    assert gx.item() == pytest.approx(12.0)  # 3 · 2x
    (g2,) = tk.grad(gx, x)
    assert g2.item() == pytest.approx(3 * 2 * 3)  # d/dx (3·2x), and the hook triples it again


def test_gradient_graph_can_be_retained_and_walked_twice():
    x = Tensor([1.0, -2.0], requires_grad=True, dtype=np.float64)
    (gx,) = tk.grad((x.tanh() * x).sum(), x, create_graph=True)
    s = gx.sum()
    (a,) = tk.grad(s, x, retain_graph=True)
    (b,) = tk.grad(s, x)
    np.testing.assert_array_equal(a.data, b.data)
    with pytest.raises(RuntimeError, match="a second time"):
        tk.grad(s, x)


def test_hessian_vector_product_equals_the_explicit_hessian():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((3, 3))
    x = Tensor(rng.standard_normal(3), requires_grad=True)
    f = lambda v: ((Tensor(A) @ v).tanh() ** 2).sum()  # noqa: E731
    (g,) = tk.grad(f(x), x, create_graph=True)
    hessian = np.stack([tk.grad(g[i], x, retain_graph=True)[0].data for i in range(3)])
    v = rng.standard_normal(3)
    (hv,) = tk.grad(g, x, grad_outputs=Tensor(v))
    np.testing.assert_allclose(hv.data, hessian @ v, atol=1e-12)
    np.testing.assert_allclose(hessian, hessian.T, atol=1e-12)
