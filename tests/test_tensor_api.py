"""The Tensor API users' hands expect: in-place updates, comparisons, hooks, custom-op errors."""

import numpy as np
import pytest

import tinygrad_ko as tk
from tinygrad_ko import Tensor, nn, no_grad
from tinygrad_ko.ops import Function


# --- in-place arithmetic ------------------------------------------------------------------------
def test_sgd_by_hand_updates_every_parameter_in_place():
    model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    before = [p.data.copy() for p in model.parameters()]
    ids = [id(p) for p in model.parameters()]
    model(Tensor(np.ones((4, 3)))).sum().backward()
    with no_grad():
        for p in model.parameters():
            p -= 0.1 * p.grad
    after = list(model.parameters())
    assert [id(p) for p in after] == ids
    assert all(type(p) is nn.Parameter for p in after)
    for old, p in zip(before, after):
        np.testing.assert_allclose(p.data, old - 0.1 * p.grad.data, rtol=1e-6)


def test_attribute_update_keeps_the_parameter_even_outside_no_grad():
    layer = nn.Linear(2, 2)
    W = layer.W
    layer(Tensor(np.ones((1, 2)))).sum().backward()
    expected = W.data - 0.5 * W.grad.data
    layer.W -= 0.5 * layer.W.grad  # the book's params[key] -= lr * grad[key]
    assert layer.W is W and type(layer.W) is nn.Parameter
    assert list(layer.parameters())[0] is W
    np.testing.assert_allclose(W.data, expected)


@pytest.mark.parametrize("op, expected", [("+=", [3.0, 4.0]), ("-=", [-1.0, 0.0]),
                                          ("*=", [2.0, 4.0]), ("/=", [0.5, 1.0])])
@pytest.mark.parametrize("kind", ["tensor", "array", "number"])
def test_each_in_place_operator_changes_the_same_memory(op, expected, kind):
    t = Tensor([1.0, 2.0])
    memory = t._data
    u = {"tensor": Tensor([2.0, 2.0]), "array": np.array([2.0, 2.0]), "number": 2.0}[kind]
    before = t
    exec(f"t {op} u")
    assert t is before and t._data is memory
    np.testing.assert_allclose(t.data, expected)


def test_in_place_update_of_a_recorded_result_explains_itself():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match=r"y = y \+ u"):
        y += 1


def test_in_place_update_is_seen_by_the_graph_that_saved_the_numbers():
    w = Tensor([1.0, 2.0], requires_grad=True)
    x = Tensor([3.0, 4.0], requires_grad=True)
    loss = (w * x).sum()
    with no_grad():
        w -= 1.0
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_in_place_update_with_a_shape_that_does_not_fit_says_so():
    t = Tensor(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"shape \(2, 3\).*broadcast"):
        t += np.ones((3, 2))


def test_integer_tensor_cannot_take_a_float_update_silently():
    t = Tensor(np.array([1, 2]))
    with pytest.raises(TypeError, match="astype"):
        t += 0.5


def test_replacing_a_parameter_by_a_computed_tensor_is_refused():
    layer = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="Linear.W is a Parameter"):
        layer.W = layer.W * 2


# --- comparisons ----------------------------------------------------------------------------------
def test_comparisons_are_element_wise_boolean_tensors():
    x = Tensor([-1.0, 0.0, 2.0], requires_grad=True)
    for result, expected in [(x > 0, [False, False, True]), (x >= 0, [False, True, True]),
                             (x < 0, [True, False, False]), (x <= 0, [True, True, False]),
                             (x == 0, [False, True, False]), (x != 0, [True, False, True]),
                             (x == Tensor([-1.0, 1.0, 2.0]), [True, False, True]),
                             (x > np.array([0.0, -1.0, 3.0]), [False, True, False])]:
        assert isinstance(result, Tensor) and result.dtype == np.bool_
        assert not result.requires_grad
        assert result.data.tolist() == expected


def test_scalar_comparison_gives_a_usable_truth_value():
    assert bool(Tensor(3.0) == 3.0)
    assert not bool(Tensor([1.0]) == Tensor([2.0]))
    with pytest.raises(ValueError, match="exactly one element"):
        bool(Tensor([1.0, 2.0]) == 1.0)


def test_masks_index_and_gradients_flow_only_to_selected_elements():
    x = Tensor([-1.0, 2.0, -3.0, 4.0], requires_grad=True)
    y = x[x > 0]
    assert y.data.tolist() == [2.0, 4.0]
    (y * y).sum().backward()
    assert x.grad.data.tolist() == [0.0, 4.0, 0.0, 8.0]


def test_tensors_stay_hashable_by_identity():
    a, b = Tensor([1.0]), Tensor([1.0])
    table = {a: "a", b: "b"}
    assert table[a] == "a" and len({a, b, a}) == 2


# --- hooks ----------------------------------------------------------------------------------------
def test_register_hook_sees_and_may_replace_the_gradient():
    x = Tensor([1.0, 2.0], requires_grad=True)
    seen = []
    handle = x.register_hook(lambda g: seen.append(g.data.copy()) or g * 2)
    (x * 3).sum().backward()
    np.testing.assert_allclose(seen[0], [3.0, 3.0])
    np.testing.assert_allclose(x.grad.data, [6.0, 6.0])
    handle.remove()
    x.grad = None
    (x * 3).sum().backward()
    np.testing.assert_allclose(x.grad.data, [3.0, 3.0])
    assert len(seen) == 1


def test_hook_on_an_intermediate_changes_what_flows_further():
    x = Tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    h.register_hook(lambda g: g * 0)
    (h * h).sum().backward()
    np.testing.assert_allclose(x.grad.data, [0.0, 0.0])


def test_hook_returning_a_wrong_shape_is_refused():
    x = Tensor([1.0, 2.0], requires_grad=True)
    x.register_hook(lambda g: np.zeros(3))
    with pytest.raises(ValueError, match="hook"):
        (x * 1).sum().backward()


# --- custom ops: mistakes name the op -----------------------------------------------------------
class Double(Function):
    """y = 2x, whose backward returns a bare array (allowed for one input)."""

    def forward(self, x):
        return 2 * x

    def backward(self, dy):
        return 2 * dy


class Swap(Function):
    __slots__ = ()  # copied from a sibling op: must not stop the op from storing attributes

    def forward(self, x, y):
        self.scale = 3.0
        return x * self.scale + y

    def backward(self, dz):
        return dz * self.scale  # wrong: two inputs, one gradient


class WrongShape(Function):
    def forward(self, x):
        return x.sum()

    def backward(self, dz):
        return (np.ones((3, 2, 2)),)


def test_one_input_op_may_return_a_bare_array():
    x = Tensor([1.0, 2.0], requires_grad=True)
    Double.apply(x).sum().backward()
    np.testing.assert_allclose(x.grad.data, [2.0, 2.0])


def test_wrong_gradient_count_names_the_op():
    x, y = Tensor([1.0], requires_grad=True), Tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"Swap\.backward returned ndarray.*2 inputs"):
        Swap.apply(x, y).sum().backward()


def test_wrong_gradient_shape_names_the_op_and_the_input():
    x = Tensor(np.ones((2, 2)), requires_grad=True)
    with pytest.raises(ValueError, match=r"WrongShape\.backward.*\(3, 2, 2\) for input 0 of shape \(2, 2\)"):
        WrongShape.apply(x).backward()


# --- grad() and create_graph ---------------------------------------------------------------------
def test_grad_returns_tensors_without_touching_dot_grad():
    x = Tensor([1.0, 2.0], requires_grad=True, dtype=np.float64)
    (gx,) = tk.grad((x ** 3).sum(), x)
    np.testing.assert_allclose(gx.data, [3.0, 12.0])
    assert x.grad is None and not gx.requires_grad


def test_grad_to_any_order():
    x = Tensor(0.5, requires_grad=True, dtype=np.float64)
    y = x.tanh()
    derivatives = []
    for _ in range(3):
        (y,) = tk.grad(y, x, create_graph=True)
        derivatives.append(y.item())
    t = np.tanh(0.5)
    np.testing.assert_allclose(derivatives, [1 - t ** 2, -2 * t * (1 - t ** 2),
                                             -2 * (1 - t ** 2) ** 2 + 4 * t ** 2 * (1 - t ** 2)])


def test_backward_create_graph_makes_x_grad_differentiable():
    x = Tensor(2.0, requires_grad=True, dtype=np.float64)
    (x ** 4 - 2 * x ** 2).backward(create_graph=True)
    first = x.grad
    assert first.requires_grad and first.creator is not None
    x.grad = None
    first.backward()
    assert x.grad.item() == pytest.approx(12 * 4 - 4)


def test_grad_of_an_unused_input_needs_allow_unused():
    x, z = Tensor(1.0, requires_grad=True), Tensor(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        tk.grad(x * 2, [x, z])
    gx, gz = tk.grad(x * 2, [x, z], allow_unused=True)
    assert gx.item() == 2.0 and gz is None


def test_differentiating_a_plain_gradient_says_how_to_get_a_graph():
    x = Tensor(2.0, requires_grad=True)
    (x * x).backward()
    with pytest.raises(RuntimeError, match="create_graph=True"):
        x.grad.backward()
