"""The Tensor-API ops (issue 11 item 3): forward values against NumPy, gradients of first and
second order as hypothesis properties (float64), edge cases (ties, kinks, empty, 0-d)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinygrad_ko as tk
from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F
from tinygrad_ko.testing import check_op, gradcheck, gradgradcheck
from tinygrad_ko.testing import strategies as tst

small = tst.shapes(max_dims=2, max_side=3)  # second-order checks cost one backward per element


def both_orders(fn, *inputs):
    assert gradcheck(fn, *inputs)
    assert gradgradcheck(fn, *inputs)


# --- element-wise math ----------------------------------------------------------------------------
@given(tst.arrays(small, avoid=(0.0,)))
def test_abs_gradients_away_from_the_kink(x):
    both_orders(lambda t: t.abs(), x)


def test_abs_values_and_gradient_at_zero_is_zero_like_pytorch():
    check_op(lambda t: abs(t), np.abs, tst.arrays())
    x = Tensor([-2.0, 0.0, 3.0], requires_grad=True)
    x.abs().sum().backward()
    np.testing.assert_array_equal(x.grad.data, [-1.0, 0.0, 1.0])


def test_sign_values_and_no_gradient():
    check_op(lambda t: t.sign(), np.sign, tst.arrays(avoid=(0.0,)), examples=[np.zeros(3)])
    x = Tensor([-2.0, 0.0, 3.0], requires_grad=True)
    s = x.sign()
    assert not s.requires_grad and s.dtype == x.dtype
    assert (s * x).sum().item() == 5.0  # usable as a constant in a graph
    zero_d = Tensor(np.float64(-3.0)).sign()
    assert np.asarray(zero_d).shape == () and zero_d.item() == -1.0


@given(tst.arrays(small, min_value=-4, max_value=4))
def test_sin_cos_gradients(x):
    both_orders(lambda t: t.sin() * t.cos(), x)
    both_orders(lambda t: t.cos(), x)


@given(tst.arrays(small, min_value=-1.2, max_value=1.2))
def test_tan_gradients(x):
    both_orders(lambda t: t.tan(), x)


@given(tst.arrays(small, min_value=-3, max_value=3))
def test_erf_gradients(x):
    both_orders(lambda t: t.erf(), x)


def test_trigonometry_values_match_numpy():
    check_op(lambda t: t.sin(), np.sin, tst.arrays(min_value=-10, max_value=10))
    check_op(lambda t: t.cos(), np.cos, tst.arrays(min_value=-10, max_value=10))
    check_op(lambda t: t.tan(), np.tan, tst.arrays(min_value=-1.5, max_value=1.5), rtol=1e-9)
    check_op(lambda t: t.square(), np.square, tst.arrays())


def test_erf_matches_the_math_module_everywhere():
    import math
    x = np.concatenate([np.linspace(-7, 7, 2001), [0.0, 2.9999999, 3.0, 3.0000001, 30.0]])
    expected = np.array([math.erf(v) for v in x])
    np.testing.assert_allclose(Tensor(x).erf().data, expected, atol=3e-15, rtol=0)
    assert Tensor(np.array([1, 2], np.int8)).erf().dtype == np.float32


def test_integer_inputs_give_float32_like_every_floating_op():
    for name in ("sin", "cos", "tan", "erf", "var", "std", "logsumexp"):
        assert getattr(Tensor(np.array([1, 2], np.uint8)), name)().dtype == np.float32
    np.testing.assert_allclose(Tensor(np.array([1, 5], np.uint8)).var().item(), 4.0)


@given(tst.arrays(small))
def test_square_gradients(x):
    both_orders(lambda t: t.square(), x)


# --- clip, maximum, minimum, where ----------------------------------------------------------------
@given(tst.arrays(small, avoid=(-0.5, 1.0)),
       st.sampled_from([(-0.5, 1.0), (None, 1.0), (-0.5, None)]))
def test_clip_gradients_away_from_the_bounds(x, bounds):
    both_orders(lambda t: t.clip(*bounds) * t, x)


def test_clip_values_aliases_and_bounds_pass_the_gradient_like_pytorch():
    check_op(lambda t: t.clamp(-0.5, 1.0), lambda a: np.clip(a, -0.5, 1.0), tst.arrays())
    check_op(lambda t: t.clip(max=0.0), lambda a: np.minimum(a, 0.0), tst.arrays())
    x = Tensor([-1.0, 0.0, 1.0, 2.0], requires_grad=True)
    x.clamp(0, 1).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0, 1, 1, 0])  # torch.clamp gives the same


def test_clip_refuses_bad_bounds():
    x = Tensor([1.0])
    with pytest.raises(ValueError, match="at least one of min and max"):
        x.clip()
    with pytest.raises(ValueError, match="larger than max"):
        x.clip(2, 1)
    with pytest.raises(TypeError, match="maximum"):
        x.clip(Tensor([0.0]))


@given(tst.broadcastable_shapes(max_dims=2, max_side=3).flatmap(
    lambda shapes: st.tuples(*[tst.arrays(s, distinct=True) for s in shapes])))
def test_maximum_minimum_gradients_with_broadcasting(pair):
    a, b = pair
    b = b + 0.013  # distinct grids never tie after this shift
    both_orders(lambda x, y: tk.maximum(x, y) * x, a, b)
    both_orders(lambda x, y: x.minimum(y), a, b)


def test_maximum_minimum_values_numbers_and_ties_split_the_gradient():
    strategy = tst.broadcastable_shapes().flatmap(
        lambda shapes: st.tuples(*[tst.arrays(s) for s in shapes]))
    check_op(tk.maximum, np.maximum, strategy)
    check_op(tk.minimum, np.minimum, strategy)
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = Tensor([1.0, 1.0, 3.0], requires_grad=True)
    tk.maximum(x, y).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.5, 1.0, 0.5])  # torch.maximum: the same
    np.testing.assert_array_equal(y.grad.data, [0.5, 0.0, 0.5])
    z = Tensor([-1.0, 0.0, 2.0], requires_grad=True)
    tk.minimum(z, 0.0).sum().backward()
    np.testing.assert_array_equal(z.grad.data, [1.0, 0.5, 0.0])
    assert tk.maximum(Tensor([1.0, -1.0]), 0).tolist() == [1.0, 0.0]


@given(tst.broadcastable_shapes(num_shapes=3, max_dims=2, max_side=3).flatmap(
    lambda shapes: st.tuples(tst.arrays(shapes[0]), tst.arrays(shapes[1]), tst.arrays(shapes[2]))))
def test_where_gradients_with_broadcasting(case):
    c, a, b = case
    both_orders(lambda x, y: tk.where(c > 0, x * x, y), a, b)


def test_where_values_masks_numbers_and_errors():
    strategy = tst.broadcastable_shapes(num_shapes=3).flatmap(
        lambda shapes: st.tuples(*[tst.arrays(s) for s in shapes]))
    check_op(lambda c, x, y: tk.where(c > 0, x, y), lambda c, x, y: np.where(c > 0, x, y), strategy)
    x = Tensor([-1.0, 2.0, -3.0], requires_grad=True)
    y = tk.where(x > 0, x, 0.0)
    assert y.tolist() == [0.0, 2.0, 0.0] and y.dtype == np.float32
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 0.0]
    with pytest.raises(TypeError, match="boolean"):
        tk.where(np.array([1, 0]), x[:2], 0.0)
    with pytest.raises(ValueError, match="do not broadcast"):
        tk.where(np.array([True, False]), x, 0.0)


# --- var, std, logsumexp, argmax ------------------------------------------------------------------
axes = st.sampled_from([None, 0, -1, (0, 1)])


@given(tst.arrays(tst.shapes(min_dims=2, max_dims=2, min_side=2, max_side=3)), axes,
       st.sampled_from([0, 1]), st.booleans())
def test_var_std_gradients_of_both_orders(x, axis, ddof, keepdims):
    both_orders(lambda t: t.var(axis=axis, ddof=ddof, keepdims=keepdims), x)
    both_orders(lambda t: t.std(dim=axis, ddof=ddof, keepdims=keepdims), x + np.arange(x.size)
                .reshape(x.shape))  # never constant: std's gradient is infinite there


@given(tst.arrays(tst.shapes(min_dims=1, min_side=2)), st.sampled_from([0, 1]), st.booleans())
def test_var_std_values_match_numpy(x, ddof, keepdims):
    axis = x.ndim - 1
    np.testing.assert_allclose(Tensor(x).var(axis=axis, ddof=ddof, keepdims=keepdims).data,
                               np.var(x, axis=axis, ddof=ddof, keepdims=keepdims), atol=1e-12)
    np.testing.assert_allclose(Tensor(x).std(dim=axis, correction=ddof).data,
                               np.std(x, axis=axis, ddof=ddof), atol=1e-12)
    np.testing.assert_allclose(Tensor(x).var().data, np.var(x), atol=1e-12)


def test_var_std_of_an_empty_axis_are_nan_without_warnings_and_keep_shapes():
    x = Tensor(np.zeros((0, 3)))
    with np.errstate(all="raise"):
        assert np.all(np.isnan(x.var(axis=0).data)) and x.var(axis=0).shape == (3,)
        assert np.isnan(x.std().item())
    assert x.var(axis=1).shape == (0,)


def test_var_refuses_too_few_values_and_both_axis_keywords():
    with pytest.raises(ValueError, match="degrees of freedom"):
        Tensor([1.0]).var(ddof=1)
    with pytest.raises(TypeError, match="both axis"):
        Tensor([1.0, 2.0]).var(axis=0, dim=0)


@given(tst.arrays(tst.shapes(min_dims=1, max_dims=2, max_side=3)), st.sampled_from([None, 0, -1]),
       st.booleans())
def test_logsumexp_gradients_of_both_orders(x, axis, keepdims):
    both_orders(lambda t: t.logsumexp(axis=axis, keepdims=keepdims), x)


def test_logsumexp_values_gradient_is_softmax_and_no_overflow():
    check_op(lambda t: t.logsumexp(axis=-1), lambda a: np.log(np.sum(np.exp(a), axis=-1)),
             tst.arrays(tst.shapes(min_dims=1)), rtol=1e-9)
    x = Tensor(np.array([[1000.0, 1000.0], [-1000.0, 0.0]]), requires_grad=True)
    with np.errstate(over="raise", invalid="raise"):
        y = x.logsumexp(dim=1)
    np.testing.assert_allclose(y.data, [1000 + np.log(2), 0.0], atol=1e-12)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, x.detach().softmax(axis=1).data)
    assert Tensor(np.full(2, -np.inf)).logsumexp().item() == -np.inf
    assert Tensor(np.zeros((2, 0))).logsumexp(axis=1).tolist() == [-np.inf, -np.inf]


def test_argmax_argmin_match_numpy_first_on_ties_and_are_integers():
    x = np.array([[1.0, 5.0, 5.0], [0.0, -1.0, -1.0]])
    t = Tensor(x, requires_grad=True)
    assert t.argmax().item() == 1 and t.argmin().item() == 4  # ties: the first, like NumPy
    assert t.argmax(dim=1).tolist() == [1, 0] and t.argmin(axis=1).tolist() == [0, 1]
    assert t.argmax(axis=0, keepdims=True).shape == (1, 3)
    assert t.argmax(keepdims=True).shape == (1, 1)
    r = t.argmax(axis=-1)
    assert r.dtype == np.int64 and not r.requires_grad
    assert Tensor(3.0).argmax().item() == 0
    with pytest.raises(ValueError, match="empty"):
        Tensor(np.zeros((0, 3))).argmax()


@given(tst.arrays(tst.shapes(min_dims=1)))
def test_argmax_argmin_properties(x):
    last = x.ndim - 1
    np.testing.assert_array_equal(Tensor(x).argmax(axis=last).data, np.argmax(x, axis=last))
    np.testing.assert_array_equal(Tensor(x).argmin(dim=last).data, np.argmin(x, axis=last))


# --- shapes ---------------------------------------------------------------------------------------
@given(tst.arrays(small), st.sampled_from([None, 0, -1, (0, -1)]))
def test_flip_gradients(x, axis):
    both_orders(lambda t: t.flip(axis) * t, x)


def test_flip_values_and_keywords():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(Tensor(x).flip().data, np.flip(x))
    np.testing.assert_array_equal(Tensor(x).flip(dims=(1,)).data, x[:, ::-1])
    np.testing.assert_array_equal(Tensor(x).flip(dim=0).data, x[::-1])


@given(tst.arrays(tst.shapes(min_dims=1, max_dims=2, max_side=3)),
       st.lists(st.integers(0, 2), min_size=2, max_size=2))
def test_pad_gradients(x, widths):
    both_orders(lambda t: t.pad(tuple(widths), value=0.5) * t.pad(tuple(widths)), x)


def test_pad_forms_match_numpy_and_pytorch():
    x = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(F.pad(Tensor(x), (1, 2, 3, 0)).data,  # PyTorch: last axis first
                                  np.pad(x, ((0, 0), (3, 0), (1, 2))))
    np.testing.assert_array_equal(Tensor(x).pad(((1, 0), (0, 0), (2, 2)), value=-1).data,
                                  np.pad(x, ((1, 0), (0, 0), (2, 2)), constant_values=-1))
    np.testing.assert_array_equal(Tensor(x).pad(1).data, np.pad(x, 1))
    assert Tensor(np.zeros((0, 2))).pad((1, 1)).shape == (0, 4)
    with pytest.raises(ValueError, match="negative"):
        Tensor(x).pad((-1, 0))
    with pytest.raises(ValueError, match="even number"):
        Tensor(x).pad((1, 2, 3))
    with pytest.raises(TypeError, match="cannot read"):
        Tensor(x).pad("same")


@given(tst.arrays(small))
def test_clone_gradients_and_own_memory(x):
    both_orders(lambda t: t.clone() * t, x)
    t = Tensor(x, requires_grad=True)
    c = t.clone()
    assert not np.shares_memory(c.data, t.data) and c.creator is not None


@given(tst.arrays(tst.shapes(max_dims=3)))
def test_squeeze_unsqueeze_permute_follow_numpy_and_pytorch(x):
    t = Tensor(x, requires_grad=True)
    assert t.squeeze().shape == np.squeeze(x).shape
    assert t.unsqueeze(0).shape == (1,) + x.shape
    assert t.unsqueeze(-1).shape == x.shape + (1,)
    assert t.expand_dims(axis=x.ndim).shape == np.expand_dims(x, x.ndim).shape
    order = tuple(reversed(range(x.ndim)))
    np.testing.assert_array_equal(t.permute(*order).data, np.transpose(x, order))
    both_orders(lambda u: u.unsqueeze(0).squeeze(0).permute(order), x)


def test_squeeze_leaves_a_named_axis_of_other_size_alone_like_pytorch():
    t = Tensor(np.zeros((2, 1, 3)))
    assert t.squeeze(1).shape == (2, 3) and t.squeeze(0).shape == (2, 1, 3)
    assert t.squeeze(dim=(0, 1)).shape == (2, 3)
    with pytest.raises(ValueError, match="out of range"):
        t.unsqueeze(4)
    with pytest.raises(ValueError, match="3 dimensions"):
        t.permute(1, 0)


@given(tst.broadcastable_shapes(num_shapes=2, max_dims=2, max_side=3))
def test_sum_to_and_broadcast_to_are_adjoint_graph_ops(shapes):
    small_shape, _ = shapes
    big = np.broadcast_shapes(*shapes)
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(small_shape), rng.standard_normal(big)
    # <broadcast_to(a), b> = <a, sum_to(b)>: the definition of the repeat node's gradient
    lhs = np.sum(F.broadcast_to(Tensor(a), big).data * b)
    rhs = np.sum(a * F.sum_to(Tensor(b), small_shape).data)
    assert np.isclose(lhs, rhs)
    both_orders(lambda t: F.broadcast_to(t, big) ** 2, a)
    both_orders(lambda t: t.sum_to(small_shape) ** 2, b)


def test_sum_to_refuses_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError, match="cannot be summed"):
        Tensor(np.zeros((2, 3))).sum_to((4,))


def test_functions_take_arrays_lists_and_numbers_as_their_tensor():
    np.testing.assert_allclose(F.leaky_relu(np.array([-1.0, 2.0])).data, [-0.01, 2.0])
    assert F.pad([1.0, 2.0], (1, 0)).tolist() == [0.0, 1.0, 2.0]
    assert tk.maximum(2.0, np.array([1.0, 3.0])).tolist() == [2.0, 3.0]
    with pytest.raises(TypeError, match="needs numbers"):
        F.gelu("x")


def test_tolist_matches_numpy():
    x = np.arange(6.0).reshape(2, 3)
    assert Tensor(x).tolist() == x.tolist()
    assert Tensor(2.5).tolist() == 2.5
