"""Every .grad owns its memory, whatever is read at backward was copied or is checked, and a
kept loss does not keep its activations (issue: reliability round 2)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F

# --- gradients own their memory ---------------------------------------------------------------


def test_add_gives_each_input_its_own_gradient():
    a, b = Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0, 4.0], requires_grad=True)
    w = Tensor([5.0, 6.0], requires_grad=True)
    ((a + b) * w).sum().backward()
    a.grad.data[...] *= 0.5  # gradient clipping does this
    b.grad.data[...] *= 0.5
    np.testing.assert_allclose(a.grad.data, [2.5, 3.0])
    np.testing.assert_allclose(b.grad.data, [2.5, 3.0])


def test_the_callers_upstream_gradient_is_never_stored_as_is():
    x = Tensor([1.0, 2.0], requires_grad=True)
    g = np.array([1.0, 1.0], dtype=np.float32)
    (x * 1).backward(g)
    g[0] = 100.0
    np.testing.assert_allclose(x.grad.data, [1.0, 1.0])


ROOT_GRADIENT_PATHS = {  # the upstream gradient reaches a .grad unchanged, or as a view
    "add": lambda x: x + 0.0,
    "reshape": lambda x: x.reshape(3, 2),
    "transpose": lambda x: x.T,
    "itself": lambda x: x.retain_grad() * 1.0,
}


@pytest.mark.parametrize("name", sorted(ROOT_GRADIENT_PATHS))
def test_the_callers_gradient_of_the_same_dtype_is_neither_kept_nor_written(name):
    """backward(g) reads g without copying it (read-only), so the .grad it reaches is a copy."""
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    y = ROOT_GRADIENT_PATHS[name](x)
    y.retain_grad()
    g = np.arange(1.0, 7.0).reshape(y.shape)
    y.backward(g)
    assert g.flags.writeable  # the caller's array is as it was
    expected_x, expected_y = x.grad.data.copy(), y.grad.data.copy()
    for t in (x, y):
        assert not np.shares_memory(t.grad.data, g) and t.grad.data.flags.writeable
    g[...] = 100.0
    np.testing.assert_array_equal(x.grad.data, expected_x)
    np.testing.assert_array_equal(y.grad.data, expected_y)
    np.testing.assert_array_equal(y.grad.data, np.arange(1.0, 7.0).reshape(y.shape))


GRAPHS = {  # expressions with fan-out, broadcasting and views; inputs a (2,3), b (3,), c (2,3)
    "add": lambda a, b, c: a + b + c,
    "fan-out": lambda a, b, c: (a + c) * (a + c),
    "broadcast": lambda a, b, c: (a * b) + b,
    "reshape": lambda a, b, c: (a + c).reshape(3, 2).T.reshape(2, 3) + b.reshape(1, 3) + c,
    "slice": lambda a, b, c: a[0] + a[1] + b + c[:, 0].sum(),
    "retained": lambda a, b, c: (a.retain_grad() + c) + b,
}


@given(st.sampled_from(sorted(GRAPHS)), st.integers(0, 2**31 - 1))
def test_no_two_gradients_share_memory(name, seed):
    rng = np.random.default_rng(seed)
    a, b, c = (Tensor(rng.standard_normal(s), requires_grad=True) for s in [(2, 3), (3,), (2, 3)])
    h = GRAPHS[name](a, b, c)
    h.retain_grad()
    h.sum().backward()
    grads = [t.grad for t in (a, b, c, h) if t.grad is not None]
    for i, g in enumerate(grads):
        assert g.data.flags.writeable
        for other in grads[i + 1:]:
            assert not np.shares_memory(g._data, other._data)
        for t in (a, b, c, h):
            assert not np.shares_memory(g._data, t._data)
    before = [g.data.copy() for g in grads]
    grads[0].data[...] = 12345.0  # an in-place change of one gradient reaches no other
    for g, old in zip(grads[1:], before[1:]):
        np.testing.assert_array_equal(g.data, old)


# --- what backward reads was copied at forward time or is checked -----------------------------
def test_index_array_edited_after_forward_does_not_move_the_gradient():
    x = Tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    idx = np.array([0, 1, 0])
    y = x[idx]
    idx[0] = 3
    (y * Tensor([5.0, 20.0, 5.0])).sum().backward()
    np.testing.assert_allclose(x.grad.data, [10.0, 20.0, 0.0, 0.0])


def test_index_tensor_edited_after_forward_does_not_move_the_gradient():
    x = Tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    idx = Tensor(np.array([0, 1, 0]))
    y = x[idx]
    idx.data[0] = 3
    (y * Tensor([5.0, 20.0, 5.0])).sum().backward()
    np.testing.assert_allclose(x.grad.data, [10.0, 20.0, 0.0, 0.0])


def test_python_list_index_repeats_accumulate():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[[0, 0, 2, 0]].sum().backward()
    np.testing.assert_allclose(x.grad.data, [3.0, 0.0, 1.0])


@pytest.mark.parametrize("as_tensor", [False, True])
def test_labels_edited_after_forward_do_not_change_the_gradient(as_tensor):
    logits = np.array([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]])
    labels = np.array([0, 2])
    x = Tensor(logits, requires_grad=True)
    t = Tensor(labels) if as_tensor else labels
    loss = F.cross_entropy(x, t)
    (t.data if as_tensor else t)[0] = 1
    loss.backward()
    expected = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    expected[[0, 1], [0, 2]] -= 1
    np.testing.assert_allclose(x.grad.data, expected / 2)


def test_numpy_operand_edited_after_forward_does_not_change_the_gradient():
    x = Tensor([1.0, 1.0], requires_grad=True)
    a = np.array([2.0, 3.0], dtype=np.float32)
    y = x * a
    a[0] = 100.0
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, [2.0, 3.0])


def test_matmul_with_a_numpy_buffer_edited_after_forward():
    W = Tensor([[1.0], [2.0]], requires_grad=True)
    buf = np.array([[1.0, 2.0]], dtype=np.float32)
    y = buf @ W
    buf[:] = 0
    y.sum().backward()
    np.testing.assert_allclose(W.grad.data, [[1.0], [2.0]])


def test_array_handed_to_data_setter_is_copied():
    x = Tensor([0.0, 0.0], requires_grad=True)
    a = np.array([2.0, 3.0], dtype=np.float32)
    x.data = a
    y = (x * x).sum()
    a[0] = 100.0
    y.backward()
    np.testing.assert_allclose(x.grad.data, [4.0, 6.0])


# --- a kept loss keeps no activations --------------------------------------------------------
def test_freed_graph_keeps_shapes_not_activation_arrays():
    x = Tensor(np.ones((64, 256)), requires_grad=False)
    W = Tensor(np.ones((256, 256)) * 0.01, requires_grad=True)
    loss = ((x @ W).relu() @ W).sum()
    loss.backward()
    kept = []
    stack = [loss]
    while stack:
        t = stack.pop()
        if t._ctx is not None:
            kept.extend(t._ctx.inputs)
            stack.extend(t._ctx.inputs)
    big = [t for t in kept if t.size > 16 and not (t.is_leaf and t.requires_grad)]
    assert big and all(t.values_released for t in big)
    assert all(not any(t._data.strides) and not t._data.flags.writeable for t in big)  # no memory


def test_retain_graph_keeps_values_for_drawing():
    x = Tensor(np.ones((8, 8)), requires_grad=True)
    h = x * 2
    loss = h.sum()
    loss.backward(retain_graph=True)
    assert loss._ctx.inputs[0] is h and not h.values_released


KEPT_LOSSES_SCRIPT = """
import gc, resource, numpy as np
from tinygrad_ko import Tensor
from tinygrad_ko.models import SimpleConvNet
from tinygrad_ko.nn import functional as F, optim

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20

rng = np.random.default_rng(0)
x, t = rng.random((100, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, 100)
model = SimpleConvNet(seed=0)
opt = optim.SGD(model.parameters(), lr=0.01)
def step():
    opt.zero_grad()
    loss = F.cross_entropy(model(Tensor(x)), t)
    loss.backward()
    opt.step()
    return loss
for _ in range(3):
    step()
gc.collect()
before = rss_mb()
kept = [step() for _ in range(40)]  # the common slip: keeping the loss tensors, not loss.item()
gc.collect()
print(rss_mb() - before)
"""


def test_forty_kept_simple_convnet_losses_add_less_than_50_mb():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", KEPT_LOSSES_SCRIPT], capture_output=True,
                            text=True, timeout=300, check=True)
    growth = float(result.stdout.split()[-1])
    assert growth < 50, f"RSS grew by {growth:.0f} MB while 40 losses were kept"


def test_a_tensor_the_caller_still_holds_keeps_its_numbers_after_backward():
    x = Tensor(np.ones((8, 8)), requires_grad=True)
    h = x * 2  # the caller keeps h: its numbers stay, only the graph's reference is dropped
    loss = (h * 3).sum()
    loss.backward()
    assert not h.values_released
    np.testing.assert_array_equal(h.data, np.full((8, 8), 2.0))
    graph_h = loss._ctx.inputs[0]._ctx.inputs[0]
    assert graph_h is not h and graph_h.values_released and graph_h.shape == (8, 8)
    assert graph_h.creator is h.creator


def test_an_intermediate_nobody_holds_is_released_and_keeps_its_place_in_the_graph():
    x = Tensor(np.ones((8, 8)), requires_grad=True)
    loss = ((x * 2) * 3).sum()
    loss.backward()
    inner = loss._ctx.inputs[0]._ctx.inputs[0]
    assert inner.values_released and inner.shape == (8, 8) and inner.creator.name == "Mul"
    assert inner.creator.inputs[0] is x  # parameters keep their numbers


@pytest.mark.parametrize("where", ["root", "under a sum"])
def test_a_hook_that_edits_its_gradient_in_place_edits_the_gradient(where):
    """The caller's upstream gradient (read-only) and a sum's broadcast gradient reach hooks as
    arrays of their own: an in-place edit there works, as in PyTorch, instead of a NumPy error."""
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True)
    y = x * 2.0

    def double(g):
        g.data[...] *= 2.0
    y.register_hook(double)
    if where == "root":
        g = np.ones(3)
        y.backward(g)
        np.testing.assert_array_equal(g, np.ones(3))  # the caller's array is untouched
    else:
        y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [4.0, 4.0, 4.0])


@pytest.mark.parametrize("hooked", [0, 1])
@pytest.mark.parametrize("kind", ["intermediate", "leaf"])
def test_a_hook_that_edits_a_shared_gradient_in_place_leaves_the_sibling_alone(hooked, kind):
    """Add hands one array to both inputs; a hook editing one input's gradient in place must not
    change the other's (PyTorch gives each its own), whichever input the walk reaches first."""
    leaves = [Tensor(np.array([1.0, 2.0]), requires_grad=True),
              Tensor(np.array([3.0, 4.0]), requires_grad=True)]
    inputs = [t * 1.0 for t in leaves] if kind == "intermediate" else leaves

    def triple(g):
        g.data[...] *= 3.0
    inputs[hooked].register_hook(triple)
    ((inputs[0] + inputs[1]) * 2.0).sum().backward()  # Mul's writeable gradient reaches Add
    np.testing.assert_array_equal(leaves[hooked].grad.data, [6.0, 6.0])
    np.testing.assert_array_equal(leaves[1 - hooked].grad.data, [2.0, 2.0])
