"""The Tensor API users' hands expect: in-place updates, comparisons, hooks, custom-op errors."""

import numpy as np
import pytest

import tinygrad_ko as tk
from tinygrad_ko import Tensor, grad, nn, no_grad
from tinygrad_ko.nn import functional as F
from tinygrad_ko.ops import Function
from tinygrad_ko.testing import gradcheck


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
    u = {"tensor": Tensor([2.0, 2.0]), "array": np.array([2.0, 2.0]), "number": 2.0}[kind]  # noqa: F841 (exec)
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


class HalfGradient(Function):
    """y = 2x whose backward returns its gradient in float16 or int64 (less precise than float64)."""

    def __init__(self, dtype):
        super().__init__()
        self.dtype = dtype

    def forward(self, x):
        return 2 * x

    def backward(self, dy):
        return (2 * dy).astype(self.dtype)


@pytest.mark.parametrize("dtype", [np.float16, np.int64, np.bool_])
def test_a_gradient_less_precise_than_its_input_names_the_op_and_the_input(dtype):
    x = Tensor(np.ones(3), requires_grad=True, dtype=np.float64)
    with pytest.raises(TypeError, match=rf"HalfGradient\.backward returned a gradient of dtype "
                                        rf"{np.dtype(dtype)} for input 0, which has dtype float64"):
        HalfGradient.apply(x, dtype=dtype).sum().backward()


def test_a_more_precise_float_gradient_is_cast_back_to_the_input_dtype():
    x = Tensor(np.ones(3), requires_grad=True, dtype=np.float32)
    HalfGradient.apply(x, dtype=np.float64).sum().backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0, 2.0])


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


# --- dtype rule and small gaps ---------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int64, np.bool_])
@pytest.mark.parametrize("op", ["sigmoid", "exp", "tanh", "sqrt", "softmax", "log_softmax"])
def test_integer_inputs_to_floating_ops_give_float32_without_wrap_around(dtype, op):
    values = np.array([1, 5], dtype=dtype) if dtype is not np.bool_ else np.array([True, False])
    result = getattr(Tensor(values), op)()
    assert result.dtype == np.float32
    reference = {"sigmoid": lambda v: 1 / (1 + np.exp(-v)), "exp": np.exp, "tanh": np.tanh,
                 "sqrt": np.sqrt, "softmax": lambda v: np.exp(v) / np.exp(v).sum(),
                 "log_softmax": lambda v: v - np.log(np.exp(v).sum())}[op]
    np.testing.assert_allclose(result.data, reference(values.astype(np.float64)), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("shape, axis", [((3, 0), 1), ((0,), -1), ((0, 4), 1)])
@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_of_an_empty_axis_is_empty(shape, axis, op):
    x = Tensor(np.zeros(shape), requires_grad=True)
    y = getattr(x, op)(axis=axis)
    assert y.shape == shape
    y.sum().backward()
    assert x.grad.shape == shape


def test_mean_of_an_empty_tensor_is_nan_and_its_gradient_empty():
    x = Tensor(np.zeros((0, 3)), requires_grad=True)
    y = x.mean()
    assert np.isnan(y.item())
    x.mean(axis=0).sum().backward()
    assert x.grad.shape == (0, 3)


def test_sum_over_axis_0_of_a_single_number():
    x = Tensor(2.0, requires_grad=True)
    x.sum(axis=0).backward()
    assert x.grad.item() == 1.0
    with pytest.raises(ValueError, match="0-d tensor"):
        x.sum(axis=1)


def test_integer_tensor_to_a_negative_power_is_a_float():
    y = Tensor(np.array([1, 2, 4])) ** -1
    np.testing.assert_allclose(y.data, [1.0, 0.5, 0.25])
    assert y.dtype == np.float32


def test_float16_cross_entropy_of_40000_rows_is_finite_and_right():
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((40000, 10)) * 3
    labels = rng.integers(0, 10, 40000)
    loss16 = F.cross_entropy(Tensor(logits.astype(np.float16)), labels)
    loss64 = F.cross_entropy(Tensor(logits.astype(np.float16).astype(np.float64)), labels)
    assert loss16.dtype == np.float16 and np.isfinite(loss16.item())
    assert loss16.item() == pytest.approx(loss64.item(), rel=1e-3)


def test_float16_storage_is_computed_in_float32():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((4, 300)), rng.standard_normal((300, 5))
    y16 = Tensor(x.astype(np.float16)) @ Tensor(w.astype(np.float16))
    exact = x.astype(np.float16).astype(np.float64) @ w.astype(np.float16).astype(np.float64)
    assert y16.dtype == np.float16
    np.testing.assert_allclose(y16.data.astype(np.float64), exact, rtol=2e-3, atol=2e-2)
    big = Tensor(np.full(70000, 1.0, dtype=np.float16))
    assert big.sum().item() == 70000 or np.isinf(np.float16(70000))  # float16 max is 65504
    assert Tensor(np.full(4000, 0.1, dtype=np.float16)).sum().item() == pytest.approx(400, rel=1e-3)


# --- a Python number meets a tensor: the number takes the tensor's dtype, on either side ----------
@pytest.mark.parametrize("dtype", [np.float64, np.float16])
@pytest.mark.parametrize("make, expected", [
    (lambda t: tk.maximum(3.0, t), [3.0, 5.0]),
    (lambda t: tk.maximum(t, 3), [3.0, 5.0]),
    (lambda t: tk.minimum(3, t), [1.0, 3.0]),
    (lambda t: t.minimum(3.0), [1.0, 3.0]),
    (lambda t: tk.maximum(np.float32(3), t), [3.0, 5.0]),
    (lambda t: tk.maximum(np.array([3.0, 3.0], np.float32), t), [3.0, 5.0]),
    (lambda t: tk.where(t > 2, 3.0, t), [1.0, 3.0]),
    (lambda t: tk.where(t > 2, t, 0), [0.0, 5.0]),
    (lambda t: t.clip(2.0, 4), [2.0, 4.0]),
    (lambda t: 3.0 - t, [2.0, -2.0]),
    (lambda t: tk.einsum("i,i->i", np.array([2.0, 2.0], np.float32), t), [2.0, 10.0]),
], ids=["maximum-number-first", "maximum-number-second", "minimum-number-first", "method",
        "numpy-scalar-first", "float32-array-first", "where-number-as-x", "where-number-as-y", "clip",
        "rsub", "einsum-array-first"])
def test_a_number_adopts_the_tensor_dtype_whichever_side_it_is_on(make, expected, dtype):
    t = Tensor(np.array([1.0, 5.0], dtype), requires_grad=True)
    y = make(t)
    assert y.dtype == dtype and y.requires_grad
    np.testing.assert_array_equal(y.data, np.array(expected, dtype))
    y.sum().backward()
    assert t.grad.dtype == dtype


def test_two_tensors_of_different_float_dtypes_are_still_refused_in_maximum():
    with pytest.raises(TypeError, match="dtypes float32 and float64"):
        tk.maximum(Tensor(np.ones(2, np.float32)), Tensor(np.ones(2), requires_grad=True))


# --- empty dimensions: flatten, reshape and view behave like PyTorch and NumPy -----------------------
@pytest.mark.parametrize("shape, args, expected", [
    ((0, 2, 3), (1,), (0, 6)),
    ((0, 2, 3), (), (0,)),
    ((2, 0, 3), (1,), (2, 0)),
    ((2, 3, 0, 4), (1, 2), (2, 0, 4)),
    ((2, 3, 4), (0, 1), (6, 4)),
    ((2, 3, 4), (-2,), (2, 12)),
    ((), (), (1,)),
])
def test_flatten_merges_axes_even_when_they_are_empty(shape, args, expected):
    x = Tensor(np.zeros(shape), requires_grad=True)
    y = x.flatten(*args)
    assert y.shape == expected == np.zeros(shape).reshape(expected).shape
    y.sum().backward()
    assert x.grad.shape == shape


def test_flatten_layers_and_function_keep_an_empty_batch():
    x = Tensor(np.zeros((0, 2, 3)))
    assert F.flatten(x).shape == nn.Flatten()(x).shape == (0, 6)
    assert nn.Flatten(0, 1)(x).shape == (0, 3)
    assert nn.Linear(6, 4)(x).shape == (0, 4)


def test_flatten_refuses_axes_out_of_order_or_range():
    x = Tensor(np.zeros((2, 3, 4)))
    with pytest.raises(ValueError, match="start_dim 2 comes after end_dim 1"):
        x.flatten(2, 1)
    with pytest.raises(ValueError, match="out of range"):
        x.flatten(3)


@pytest.mark.parametrize("shape, new, expected", [
    ((0, 3), (-1,), (0,)), ((0, 3), (3, 0), (3, 0)), ((2, 0), (0, 5), (0, 5)), ((0,), (0, 4, 2), (0, 4, 2)),
])
def test_reshape_and_view_of_empty_tensors_follow_numpy(shape, new, expected):
    x = Tensor(np.zeros(shape), requires_grad=True)
    assert x.reshape(*new).shape == x.view(new).shape == np.zeros(shape).reshape(new).shape == expected
    x.view(*new).sum().backward()
    assert x.grad.shape == shape


def test_reshape_of_an_empty_tensor_with_minus_one_next_to_zero_explains_the_ambiguity():
    with pytest.raises(ValueError, match=r"the -1 could be any size; give every size, e\.g\. "
                                         r"reshape\(0, 0\)"):
        Tensor(np.zeros((0, 3))).reshape(0, -1)


# --- the dtype rule reaches every floating op, and empty kept axes give empty results --------------
@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.bool_])
@pytest.mark.parametrize("op, reference", [
    (F.log_sigmoid, lambda v: -np.log1p(np.exp(-v))),
    (F.silu, lambda v: v / (1 + np.exp(-v))),
    (lambda t: F.gelu(t, approximate="tanh"),
     lambda v: 0.5 * v * (1 + np.tanh(np.sqrt(2 / np.pi) * (v + 0.044715 * v ** 3)))),
    (lambda t: t.mean(axis=0), lambda v: v.mean(axis=0)),
], ids=["log_sigmoid", "silu", "gelu-tanh", "mean"])
def test_integer_inputs_to_composed_floating_ops_do_not_wrap_around(op, reference, dtype):
    values = np.array([[0, 3], [7, 100]], dtype) if dtype is not np.bool_ else np.array([[True, False]])
    result = op(Tensor(values))
    assert result.dtype == np.float32
    np.testing.assert_allclose(result.data, reference(values.astype(np.float64)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.float32])
def test_min_of_unsigned_integers_is_the_smallest_value(dtype):
    x = Tensor(np.array([[0, 5], [3, 2]], dtype))
    assert x.min().item() == 0 and x.min(axis=1).tolist() == [0, 2] and x.min().dtype == dtype


def test_min_gradient_goes_to_the_smallest_and_ties_share():
    x = Tensor(np.array([[1.0, 1.0, 3.0], [4.0, 0.0, 2.0]]), requires_grad=True)
    x.min(axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]])


@pytest.mark.parametrize("op", ["max", "min", "argmax", "argmin"])
def test_max_min_argmax_over_a_full_axis_of_an_empty_tensor_are_empty(op):
    x = Tensor(np.zeros((0, 3)))
    assert getattr(x, op)(axis=1).shape == np.zeros((0, 3)).max(axis=1).shape == (0,)
    with pytest.raises(ValueError, match="axis 0|along axis 0"):
        getattr(x, op)(axis=0)


# --- masks combine as in NumPy and PyTorch -------------------------------------------------------
def test_masks_combine_with_and_or_xor_not_and_reduce_with_any_all():
    data = np.array([[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]])
    x = Tensor(data, requires_grad=True)
    inside = (x > -1) & (x < 1)
    np.testing.assert_array_equal(inside.data, (data > -1) & (data < 1))
    np.testing.assert_array_equal(((x < -1) | (x > 2)).data, (data < -1) | (data > 2))
    np.testing.assert_array_equal(((x > 0) ^ (x > 1)).data, (data > 0) ^ (data > 1))
    np.testing.assert_array_equal((~(x > 0)).data, ~(data > 0))
    np.testing.assert_array_equal((np.array([True, False, True]) & (x > 0)).data,
                                  np.array([True, False, True]) & (data > 0))
    assert not inside.requires_grad and inside.dtype == np.bool_
    assert (x > 2).any().item() and not (x > 3).any().item() and (x > -3).all().item()
    assert (x > 0).any(dim=1).tolist() == [False, True] and (x > 0).all(axis=1).tolist() == [False, True]
    assert (x > 0).all(axis=0, keepdims=True).shape == (1, 3)
    x[inside].sum().backward()
    np.testing.assert_array_equal(x.grad.data, inside.data.astype(float))


def test_masks_refuse_float_tensors_and_shapes_that_do_not_broadcast():
    x = Tensor(np.ones(3))
    with pytest.raises(TypeError, match=r"needs boolean masks.*got dtype float64.*\(x > 0\) & \(x < 1\)"):
        x & (x > 0)
    with pytest.raises(ValueError, match=r"masks of shapes \(3,\) and \(2,\) do not broadcast"):
        (x > 0) | Tensor(np.array([True, False]))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_number_to_the_power_of_a_tensor(dtype):
    values = np.array([-1.0, 0.0, 2.5]) if dtype != np.int64 else np.array([-1, 0, 3])
    x = Tensor(values.astype(dtype), requires_grad=dtype != np.int64)
    y = 2 ** x
    assert y.dtype == (np.float32 if dtype == np.int64 else dtype)
    np.testing.assert_allclose(y.data, 2.0 ** values, rtol=1e-6)
    if x.requires_grad:
        assert gradcheck(lambda t: 3.0 ** t, values.astype(np.float64))
    with pytest.raises(TypeError, match=r"c \*\* x needs a positive number c, got -2"):
        (-2) ** x


# --- PyTorch's dim= and keepdim= wherever NumPy's axis= and keepdims= are taken ---------------------
DATA = np.arange(24.0).reshape(2, 3, 4) % 7 - 3


@pytest.mark.parametrize("call", [
    lambda t, **k: t.sum(**k), lambda t, **k: t.mean(**k), lambda t, **k: t.max(**k),
    lambda t, **k: t.min(**k), lambda t, **k: t.var(**k), lambda t, **k: t.std(**k),
    lambda t, **k: t.logsumexp(**k), lambda t, **k: t.argmax(**k), lambda t, **k: t.argmin(**k),
    lambda t, **k: (t > 0).any(**k), lambda t, **k: (t > 0).all(**k),
], ids=["sum", "mean", "max", "min", "var", "std", "logsumexp", "argmax", "argmin", "any", "all"])
@pytest.mark.parametrize("keep", [False, True])
def test_reductions_take_dim_and_keepdim(call, keep):
    t = Tensor(DATA)
    numpy_style = call(t, axis=1, keepdims=keep)
    torch_style = call(t, dim=1, keepdim=keep)
    assert torch_style.shape == numpy_style.shape == ((2, 1, 4) if keep else (2, 4))
    np.testing.assert_array_equal(torch_style.data, numpy_style.data)
    with pytest.raises(TypeError, match="pass only one"):
        call(t, axis=1, dim=1)
    with pytest.raises(TypeError, match="pass only one"):
        call(t, axis=1, keepdims=True, keepdim=False)


@pytest.mark.parametrize("call, expected", [
    (lambda t: t.softmax(dim=0), lambda d: np.exp(d) / np.exp(d).sum(axis=0)),
    (lambda t: t.log_softmax(dim=1), lambda d: d - np.log(np.exp(d).sum(axis=1, keepdims=True))),
    (lambda t: F.softmax(t, dim=0), lambda d: np.exp(d) / np.exp(d).sum(axis=0)),
    (lambda t: F.log_softmax(t, dim=0), lambda d: d - np.log(np.exp(d).sum(axis=0))),
    (lambda t: nn.Softmax(dim=0)(t), lambda d: np.exp(d) / np.exp(d).sum(axis=0)),
    (lambda t: t.softmax(), lambda d: np.exp(d) / np.exp(d).sum(axis=-1, keepdims=True)),
    (lambda t: tk.concatenate([t, t], dim=1), lambda d: np.concatenate([d, d], axis=1)),
    (lambda t: tk.stack([t, t], dim=1), lambda d: np.stack([d, d], axis=1)),
    (lambda t: tk.concatenate([t, t]), lambda d: np.concatenate([d, d])),
    (lambda t: t.unsqueeze(0).squeeze(dim=0), lambda d: d),
    (lambda t: t.unsqueeze(dim=1), lambda d: d[:, None]),
    (lambda t: t.flip(dims=(0,)), lambda d: d[::-1]),
], ids=["softmax", "log_softmax", "F.softmax", "F.log_softmax", "nn.Softmax", "softmax-default",
        "concatenate", "stack", "concatenate-default", "squeeze", "unsqueeze", "flip"])
def test_axis_taking_functions_take_dim(call, expected):
    result = call(Tensor(DATA[0]))
    assert result.shape == expected(DATA[0]).shape
    np.testing.assert_allclose(result.data, expected(DATA[0]), rtol=1e-12)


def test_softmax_refuses_axis_and_dim_together():
    with pytest.raises(TypeError, match=r"softmax: got both axis=0 and dim=1"):
        Tensor(DATA).softmax(0, dim=1)
    with pytest.raises(TypeError, match="Softmax: got both"):
        nn.Softmax(0, dim=1)


def test_pytorch_names_of_layer_options():
    x = Tensor(np.array([-2.0, 3.0]))
    np.testing.assert_array_equal(nn.LeakyReLU(negative_slope=0.2)(x).data, [-0.4, 3.0])
    np.testing.assert_allclose(Tensor(DATA).std(unbiased=True).item(), DATA.std(ddof=1))
    np.testing.assert_allclose(Tensor(DATA).var(dim=0, unbiased=False).data, DATA.var(axis=0))


@pytest.mark.parametrize("labels", [np.zeros(0, int), np.zeros((0, 3))], ids=["indices", "rows"])
def test_cross_entropy_of_an_empty_batch_is_nan_quietly_and_its_gradient_empty(labels):
    import warnings

    logits = Tensor(np.zeros((0, 3)), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy's "invalid value in divide" would fail here
        loss = F.cross_entropy(logits, labels)
        assert np.isnan(loss.item())
        loss.backward()
    assert logits.grad.shape == (0, 3)


def test_astype_of_a_tensor_that_requires_grad_is_recorded_like_torch_to():
    """x.astype(float32) inside a model: the gradient reaches x in x's dtype (PyTorch's x.to)."""
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x.astype(np.float32)
    assert y.dtype == np.float32 and y.requires_grad and y.creator.name == "Cast"
    (y ** 3).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad.data, [3.0, 12.0])


def test_astype_second_order_gradient_goes_through_the_cast():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    g, = grad((x.astype(np.float32) ** 3).sum(), [x], create_graph=True)
    g.sum().backward()  # d/dx of 3x² = 6x
    np.testing.assert_array_equal(x.grad.data, [6.0, 12.0])


@pytest.mark.parametrize("how", ["detach", "no_grad", "integer"])
def test_astype_records_nothing_when_no_gradient_can_flow(how):
    x = Tensor(np.array([1.5, 2.5]), requires_grad=True)
    if how == "detach":
        y = x.detach().astype(np.float32)
    elif how == "no_grad":
        with no_grad():
            y = x.astype(np.float32)
    else:
        y = x.astype(np.int64)
        np.testing.assert_array_equal(y.data, [1, 2])
    assert not y.requires_grad and y.creator is None
    assert x.data.dtype == np.float64  # the original is untouched
