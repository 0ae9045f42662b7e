"""Optimizers: each update against the book's formula (6장 6.1절) written out in NumPy, convergence,
state."""

import numpy as np
import pytest

from tinygrad_ko import Tensor, nn
from tinygrad_ko.nn import optim

W0 = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
GRADS = [np.array([[0.5, -1.0, 2.0], [0.1, 0.0, -3.0]]), np.array([[-0.2, 0.4, 1.0], [1.5, -0.5, 0.3]])]


def run(optimizer_class, grads=GRADS, dtype=np.float64, **options):
    """Apply the given gradients one step each; return the weights after every step."""
    w = Tensor(W0.astype(dtype), requires_grad=True)
    opt = optimizer_class([w], **options)
    history = []
    for g in grads:
        w.grad = Tensor(g.astype(dtype))
        opt.step()
        history.append(w.data.copy())
    return history


# --- the book's formulas (6장 6.1절, common/optimizer.py), by hand ----------------------------------
def expected_sgd(lr=0.01):
    w = W0.copy()
    out = []
    for g in GRADS:
        w = w - lr * g
        out.append(w)
    return out


def expected_momentum(lr=0.01, momentum=0.9, nesterov=False):
    w, v = W0.copy(), np.zeros_like(W0)
    out = []
    for g in GRADS:
        v = momentum * v - lr * g
        w = w + momentum * momentum * v - (1 + momentum) * lr * g if nesterov else w + v
        out.append(w)
    return out


def expected_adagrad(lr=0.01):
    w, h = W0.copy(), np.zeros_like(W0)
    out = []
    for g in GRADS:
        h = h + g * g
        w = w - lr * g / (np.sqrt(h) + 1e-7)
        out.append(w)
    return out


def expected_rmsprop(lr=0.01, decay_rate=0.99):
    w, h = W0.copy(), np.zeros_like(W0)
    out = []
    for g in GRADS:
        h = decay_rate * h + (1 - decay_rate) * g * g
        w = w - lr * g / (np.sqrt(h) + 1e-7)
        out.append(w)
    return out


def expected_adam(lr=0.001, beta1=0.9, beta2=0.999):
    w, m, v = W0.copy(), np.zeros_like(W0), np.zeros_like(W0)
    out = []
    for t, g in enumerate(GRADS, start=1):
        lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        m = m + (1 - beta1) * (g - m)
        v = v + (1 - beta2) * (g ** 2 - v)
        w = w - lr_t * m / (np.sqrt(v) + 1e-7)
        out.append(w)
    return out


@pytest.mark.parametrize("optimizer_class, expected", [
    (optim.SGD, expected_sgd()),
    (optim.Momentum, expected_momentum()),
    (optim.Nesterov, expected_momentum(nesterov=True)),
    (optim.AdaGrad, expected_adagrad()),
    (optim.RMSprop, expected_rmsprop()),
    (optim.Adam, expected_adam()),
])
def test_default_update_matches_the_books_formula(optimizer_class, expected):
    for got, want in zip(run(optimizer_class), expected):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_hyperparameters_are_used():
    for got, want in zip(run(optim.Momentum, lr=0.1, momentum=0.5), expected_momentum(0.1, 0.5)):
        np.testing.assert_allclose(got, want, rtol=1e-12)
    for got, want in zip(run(optim.RMSprop, lr=0.05, decay_rate=0.9), expected_rmsprop(0.05, 0.9)):
        np.testing.assert_allclose(got, want, rtol=1e-12)
    for got, want in zip(run(optim.Adam, lr=0.01, beta1=0.5, beta2=0.9),
                         expected_adam(0.01, 0.5, 0.9)):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_weight_decay_adds_lambda_w_to_the_gradient():
    lam, lr = 0.1, 0.5
    (got,) = run(optim.SGD, grads=GRADS[:1], lr=lr, weight_decay=lam)
    np.testing.assert_allclose(got, W0 - lr * (GRADS[0] + lam * W0), rtol=1e-12)
    (got,) = run(optim.Momentum, grads=GRADS[:1], lr=lr, weight_decay=lam)
    np.testing.assert_allclose(got, W0 - lr * (GRADS[0] + lam * W0), rtol=1e-12)


@pytest.mark.parametrize("optimizer_class", [optim.SGD, optim.Momentum, optim.Nesterov,
                                             optim.AdaGrad, optim.RMSprop, optim.Adam])
def test_float32_stays_float32_in_place(optimizer_class):
    w = Tensor(W0.astype(np.float32), requires_grad=True)
    array = w._data  # the memory behind the tensor
    opt = optimizer_class([w])
    w.grad = Tensor(GRADS[0].astype(np.float32))
    opt.step()
    assert w._data is array and w.data.dtype == np.float32
    assert all(a.dtype == np.float32 for buffers in opt.state.values() for a in buffers)


@pytest.mark.parametrize("optimizer_class, lr", [(optim.SGD, 0.1), (optim.Momentum, 0.02),
                                                 (optim.Nesterov, 0.02), (optim.AdaGrad, 0.5),
                                                 (optim.RMSprop, 0.05), (optim.Adam, 0.1)])
def test_optimizers_minimise_the_books_quadratic(optimizer_class, lr):
    """f(x, y) = x²/20 + y² from (-7, 2), the book's comparison of optimizers (6장 6.1.7절)."""
    w = Tensor(np.array([-7.0, 2.0]), requires_grad=True)
    scale = Tensor(np.array([1 / 20, 1.0]))

    def f():
        return (w * w * scale).sum()

    start = f().item()
    opt = optimizer_class([w], lr=lr)
    for _ in range(100):
        opt.zero_grad()
        f().backward()
        opt.step()
    assert f().item() < 0.1 * start


def test_parameters_without_gradient_are_skipped_and_zero_grad_clears():
    a, b = Tensor(np.ones(2), requires_grad=True), Tensor(np.ones(2), requires_grad=True)
    opt = optim.Adam([a, b], lr=0.1)
    a.grad = Tensor(np.array([1.0, -1.0]))
    opt.step()
    assert np.array_equal(b.data, np.ones(2)) and not np.array_equal(a.data, np.ones(2))
    assert np.array_equal(opt.state["m"][1], np.zeros(2))
    opt.zero_grad()
    assert a.grad is None


def test_step_marks_parameters_changed_so_stale_graphs_refuse_backward():
    w = Tensor(np.ones(3), requires_grad=True)
    y = (w * w).sum()
    w.grad = Tensor(np.ones(3))
    optim.SGD([w]).step()
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_accepts_a_module_and_deduplicates():
    layer = nn.Linear(3, 2)
    assert len(optim.SGD(layer).params) == 2
    assert len(optim.SGD([layer.W, layer.W, layer.b]).params) == 2


def test_clear_errors_for_bad_arguments():
    w = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(ValueError, match="no parameters"):
        optim.SGD([])
    with pytest.raises(ValueError, match="no parameters"):
        optim.Adam(nn.ReLU().parameters())
    with pytest.raises(TypeError, match="parameter 1 is a ndarray"):
        optim.SGD([w, np.ones(2)])
    with pytest.raises(TypeError, match="parameter 0 is a Tensor with requires_grad=False"):
        optim.SGD([Tensor(np.ones(2))])
    for lr in (0, -0.1):
        with pytest.raises(ValueError, match="lr must be > 0"):
            optim.SGD([w], lr=lr)
    with pytest.raises(ValueError, match="lr must be a finite number"):
        optim.Adam([w], lr=float("nan"))
    with pytest.raises(ValueError, match=r"momentum must lie in \[0, 1\)"):
        optim.Momentum([w], momentum=1.5)
    with pytest.raises(ValueError, match="weight_decay must be >= 0"):
        optim.SGD([w], weight_decay=-1)


def test_state_dict_resumes_training_exactly(tmp_path):
    def make():
        w = Tensor(W0.copy(), requires_grad=True)
        return w, optim.Adam([w], lr=0.01)

    w1, opt1 = make()
    for g in GRADS:
        w1.grad = Tensor(g)
        opt1.step()
    state = opt1.state_dict()
    assert set(state) == {"step", "lr", "beta1", "beta2", "eps", "weight_decay", "m.0", "v.0"}
    assert int(state["step"]) == 2

    w2, opt2 = make()
    w2.data[...] = w1.data
    opt2.load(opt1.save(tmp_path / "adam.npz"))
    assert opt2.step_count == 2 and opt2.lr == 0.01
    for w, opt in ((w1, opt1), (w2, opt2)):
        w.grad = Tensor(GRADS[0])
        opt.step()
    np.testing.assert_array_equal(w1.data, w2.data)


def test_bad_optimizer_state_changes_nothing():
    w = Tensor(W0.copy(), requires_grad=True)
    opt = optim.Momentum([w])
    w.grad = Tensor(GRADS[0])
    opt.step()
    good = opt.state_dict()
    bad = dict(good, **{"v.0": np.zeros(4)})
    del bad["lr"]
    bad["extra"] = np.zeros(1)
    with pytest.raises(ValueError) as info:
        opt.load_state_dict(bad)
    message = str(info.value)
    assert "missing keys: ['lr']" in message and "unexpected keys: ['extra']" in message
    assert "v.0: shape mismatch, the state has (4,) but this optimizer expects (2, 3)" in message
    for key, value in opt.state_dict().items():
        np.testing.assert_array_equal(value, good[key])


def test_adam_updates_a_0d_parameter_by_the_books_formula():
    """A scalar parameter (a learnable temperature, say) takes the same update as any other."""
    from tinygrad_ko.nn.optim import Adam

    w = Tensor(np.array(0.5), requires_grad=True)
    optimizer = Adam([w], lr=0.1)
    m = v = 0.0
    expected = 0.5
    for step, g in enumerate([0.2, -0.4], start=1):
        w.grad = Tensor(np.array(g))
        optimizer.step()
        m += (1 - 0.9) * (g - m)
        v += (1 - 0.999) * (g * g - v)
        lr_t = 0.1 * np.sqrt(1 - 0.999 ** step) / (1 - 0.9 ** step)
        expected -= lr_t * m / (np.sqrt(v) + 1e-7)
        assert w.shape == () and abs(w.item() - expected) < 1e-15
