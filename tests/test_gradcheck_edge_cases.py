"""The edge cases that hand-made mutants once slipped through (issue 20), each one guaranteed by an
explicit ``@example`` and drawn again by a targeted strategy: ties for max/min/pools, negative
inputs with padding, Python lists, tuples, negative and boolean indices with repeats, permutations
of 3+ axes, backward twice through a conv with retain_graph, mixed dtypes.

Where the rule is a convention (who gets the gradient of a tie) there is no numerical derivative
to compare with, so the expected gradient is computed here, by loops over the windows."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tinygrad_ko as tk
from tinygrad_ko import Tensor
from tinygrad_ko.testing import Conv2dCase, Pool2dCase, gradcheck
from tinygrad_ko.testing import strategies as tst

rng = np.random.default_rng(20)


def backward_of(fn, x, weights=None):
    t = Tensor(x, requires_grad=True)
    out = fn(t)
    out.backward(np.ones(out.shape) if weights is None else weights)
    return out.data, t.grad.data


# --- ties: max and min share, element-wise maximum/minimum split ---------------------------------------
def tie_sharing_reference(x, axis, pick):
    """Gradient of Σ pick(x, axis) when every tied extreme gets an equal share (loop over slices)."""
    axes = tuple(range(x.ndim)) if axis is None else (axis % x.ndim,)
    kept = [a for a in range(x.ndim) if a not in axes]
    moved = np.moveaxis(x, kept + list(axes), range(x.ndim))
    rows = moved.reshape(int(np.prod([x.shape[a] for a in kept])), -1)
    grad = np.zeros_like(rows)
    for r, row in enumerate(rows):
        best = [i for i, v in enumerate(row) if v == pick(row)]
        grad[r, best] = 1.0 / len(best)
    return np.moveaxis(grad.reshape(moved.shape), range(x.ndim), kept + list(axes))


@given(x=tst.arrays(tst.shapes(min_dims=1), ties=True), data=st.data())
@example(x=np.array([1.0, 3.0, 3.0, 3.0]), data=None)
@example(x=np.array([[2.0, 2.0], [0.5, -1.0]]), data=None)
def test_max_and_min_ties_share_the_gradient(x, data):
    axis = None if data is None else data.draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    _, gmax = backward_of(lambda t: t.max(axis=axis), x)
    np.testing.assert_allclose(gmax, tie_sharing_reference(x, axis, max), rtol=1e-12)
    _, gmin = backward_of(lambda t: t.min(axis=axis), x)
    np.testing.assert_allclose(gmin, tie_sharing_reference(x, axis, min), rtol=1e-12)


@example(x=np.array([1.0, 2.0, -1.0]), y=np.array([1.0, 0.0, -1.0]))
@given(x=tst.arrays((4,), ties=True), y=tst.arrays((4,), ties=True))
def test_maximum_and_minimum_split_ties_in_half(x, y):
    for op, wins in ((tk.maximum, x > y), (tk.minimum, x < y)):
        a, b = Tensor(x, requires_grad=True), Tensor(y, requires_grad=True)
        op(a, b).sum().backward()
        expected = np.where(x == y, 0.5, wins.astype(float))
        np.testing.assert_array_equal(a.grad.data, expected)
        np.testing.assert_array_equal(b.grad.data, np.where(x == y, 0.5, 1.0 - wins))


# --- pools: first arg-max on ties, -inf padding, zero-padding counted by the average --------------------
def windows(case):
    """(n, c, oh, ow, window values (padded with pad), their padded coordinates) for each output."""
    (kh, kw), (sh, sw), (ph, pw) = case.kernel_size, case.stride, case.padding
    n, c, h, w = case.x.shape
    oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
    for b, ch, i, j in np.ndindex(n, c, oh, ow):
        coords = [(i * sh + a - ph, j * sw + e - pw) for a in range(kh) for e in range(kw)]
        yield (b, ch, i, j), coords, (oh, ow)


def pool_reference(case, kind):
    """Forward values and the gradient of Σ w·pool(x), written out window by window."""
    x = case.x
    n, c, h, w = x.shape
    out, grad, weights = None, np.zeros_like(x), None
    for (b, ch, i, j), coords, out_hw in windows(case):
        if out is None:
            out = np.zeros((n, c) + out_hw)
            weights = np.random.default_rng(1).standard_normal(out.shape)
        inside = [(r, s) for r, s in coords if 0 <= r < h and 0 <= s < w]
        if kind == "max":
            values = [x[b, ch, r, s] if (r, s) in inside else -np.inf for r, s in coords]
            first = int(np.argmax(values))  # np.argmax picks the first of equal maxima
            out[b, ch, i, j] = values[first]
            r, s = coords[first]
            grad[b, ch, r, s] += weights[b, ch, i, j]
        else:
            out[b, ch, i, j] = sum(x[b, ch, r, s] for r, s in inside) / len(coords)
            for r, s in inside:
                grad[b, ch, r, s] += weights[b, ch, i, j] / len(coords)
    return out, grad, weights


NEGATIVE_PADDED = Pool2dCase(-np.arange(1.0, 17.0).reshape(1, 1, 4, 4), (3, 3), (2, 2), (1, 1))
ALL_TIED = Pool2dCase(np.zeros((1, 2, 3, 3)), (2, 2), (1, 1), (1, 1))
HALF_TIED = Pool2dCase(np.array([[[[1.0, 1.0, 0.0], [1.0, 1.0, 2.0], [2.0, 0.0, 2.0]]]]),
                       (2, 2), (1, 1), (0, 0))


def pool_cases(*kinds):
    return st.sampled_from(kinds).flatmap(lambda kind: tst.pool2d_cases(values=kind))


@given(case=pool_cases("ties", "negative", "distinct"))
@example(case=ALL_TIED)
@example(case=HALF_TIED)
@example(case=NEGATIVE_PADDED)
def test_max_pool_forward_and_first_arg_max_gradient(case):
    expected_out, expected_grad, weights = pool_reference(case, "max")
    out, grad = backward_of(lambda t: t.max_pool2d(case.kernel_size, stride=case.stride,
                                                   padding=case.padding), case.x, weights)
    np.testing.assert_array_equal(out, expected_out)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-12, atol=1e-15)
    if np.all(case.x < 0):
        assert np.all(out < 0)  # never the padding's value


@given(case=pool_cases("negative", "ties"))
@example(case=NEGATIVE_PADDED)
def test_avg_pool_counts_zero_padding(case):
    expected_out, expected_grad, weights = pool_reference(case, "avg")
    out, grad = backward_of(lambda t: t.avg_pool2d(case.kernel_size, stride=case.stride,
                                                   padding=case.padding), case.x, weights)
    np.testing.assert_allclose(out, expected_out, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-12, atol=1e-15)
    assert gradcheck(lambda t: t.avg_pool2d(case.kernel_size, stride=case.stride,
                                            padding=case.padding), case.x)


def test_negative_padded_max_pool_by_hand():
    """-1 … -16 in a 4×4 image, 3×3 windows, stride 2, padding 1: the corner window sees only
    -1, -2, -5, -6 (and padding), so its maximum is -1, not 0."""
    out = Tensor(NEGATIVE_PADDED.x).max_pool2d(3, stride=2, padding=1).data
    np.testing.assert_array_equal(out[0, 0], [[-1.0, -2.0], [-5.0, -6.0]])


# --- indices: lists, tuples, negatives and booleans, with repeats -------------------------------------
INDEX_EXAMPLES = [
    [0, 0, 2],                                   # a Python list: advanced, repeats accumulate
    (1, 2),                                      # a tuple: one element
    ([0, 0, -1], [1, 1, 1]),                     # a tuple of lists: pairs, repeated
    np.array([-1, -1, 0, -1]),                   # negative with repeats
    [True, False, True, True],                   # a boolean list
    np.array([False, True, True, False]),        # a boolean array
    (slice(None, None, -1), [2, 0, 2]),          # reversed rows, repeated columns
    -1,
]


@given(index=tst.indices((4, 3)))
@example(index=INDEX_EXAMPLES[0])
@example(index=INDEX_EXAMPLES[1])
@example(index=INDEX_EXAMPLES[2])
@example(index=INDEX_EXAMPLES[3])
@example(index=INDEX_EXAMPLES[4])
@example(index=INDEX_EXAMPLES[5])
@example(index=INDEX_EXAMPLES[6])
@example(index=INDEX_EXAMPLES[7])
def test_every_kind_of_index_forward_and_gradient(index):
    x = rng.standard_normal((4, 3))
    expected = x[tuple(np.array(i) if isinstance(i, list) else i for i in index)
                 if isinstance(index, tuple) else
                 (np.array(index) if isinstance(index, list) else index)]
    np.testing.assert_array_equal(Tensor(x)[index].data, expected)
    assert gradcheck(lambda t: t[index] * 1.5, x)


def test_list_index_repeats_accumulate_exactly():
    for index in ([0, 0, 2, 0], np.array([-3, 0, 0, -1]), ([0, 0], [0, 0])):
        x = Tensor(np.array([[1.0, 2.0, 3.0]] * 3), requires_grad=True)
        x[index].sum().backward()
        expected = np.zeros((3, 3))
        np.add.at(expected, tuple(np.array(i) for i in index) if isinstance(index, tuple)
                  else np.array(index), 1.0)
        np.testing.assert_array_equal(x.grad.data, expected)


# --- permutations of 3 and more axes ------------------------------------------------------------------
@given(x=tst.arrays(tst.shapes(min_dims=3, max_dims=4, max_side=3)), data=st.data())
@example(x=np.arange(24.0).reshape(2, 3, 4), data=(1, 2, 0))
@example(x=np.arange(24.0).reshape(2, 3, 4), data=(2, 0, 1))
@example(x=np.arange(24.0).reshape(2, 3, 2, 2), data=(3, 0, 1, 2))
def test_transpose_of_three_or_more_axes(x, data):
    perm = data if isinstance(data, tuple) else tuple(data.draw(st.permutations(range(x.ndim))))
    np.testing.assert_array_equal(Tensor(x).transpose(*perm).data, np.transpose(x, perm))
    weights = rng.standard_normal(np.transpose(x, perm).shape)
    _, grad = backward_of(lambda t: t.transpose(*perm), x, weights)
    np.testing.assert_array_equal(grad, np.transpose(weights, np.argsort(perm)))
    assert gradcheck(lambda t: t.permute(*perm) * 2, x)


# --- backward twice with retain_graph -------------------------------------------------------------------
@given(case=tst.conv2d_cases())
@example(case=Conv2dCase(rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3)),
                             rng.standard_normal(3), (1, 1), (1, 1)))
def test_backward_twice_through_a_conv_with_retain_graph(case):
    x, w, b = (Tensor(a, requires_grad=True) for a in (case.x, case.W, case.b))
    y = x.conv2d(w, b, stride=case.stride, padding=case.padding)
    loss = (y.relu() * y).sum() + y.max_pool2d(1).sum()
    loss.backward(retain_graph=True)
    first = [t.grad.data.copy() for t in (x, w, b)]
    loss.backward()
    for t, g in zip((x, w, b), first):
        np.testing.assert_allclose(t.grad.data, 2 * g, rtol=1e-12, atol=1e-12)
    assert gradcheck(lambda xs, ws, bs: xs.conv2d(ws, bs, stride=case.stride,
                                                  padding=case.padding), case.x, case.W, case.b)


def test_conv_gradient_is_the_same_after_a_retained_backward():
    x = Tensor(rng.standard_normal((1, 2, 4, 4)), requires_grad=True)
    w = Tensor(rng.standard_normal((2, 2, 3, 3)), requires_grad=True)
    y = x.conv2d(w, padding=1)
    (g1_x, g1_w) = tk.grad(y.sum(), [x, w], retain_graph=True)
    (g2_x, g2_w) = tk.grad(y.sum(), [x, w])
    np.testing.assert_array_equal(g1_x.data, g2_x.data)
    np.testing.assert_array_equal(g1_w.data, g2_w.data)


# --- mixed dtypes -------------------------------------------------------------------------------------
BINARY = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
          "div": lambda a, b: a / b, "matmul": lambda a, b: a @ b}
FLOATS = [np.float16, np.float32, np.float64]


@pytest.mark.parametrize("name", sorted(BINARY))
@given(dtypes=st.tuples(st.sampled_from(FLOATS), st.sampled_from(FLOATS)))
@example(dtypes=(np.float32, np.float64))
@example(dtypes=(np.float64, np.float16))
def test_mixed_dtypes_give_each_input_a_gradient_of_its_own_dtype(name, dtypes):
    a64 = rng.uniform(0.5, 1.5, (3, 3)) * rng.choice([-1, 1], (3, 3))
    b64 = rng.uniform(0.5, 1.5, (3, 3))
    a, b = (Tensor(v.astype(d), requires_grad=True) for v, d in ((a64, dtypes[0]), (b64, dtypes[1])))
    out = BINARY[name](a, b)
    assert out.dtype == np.result_type(*dtypes)
    out.sum().backward()
    assert a.grad.dtype == dtypes[0] and b.grad.dtype == dtypes[1]
    ra, rb = (Tensor(v.astype(np.float64), requires_grad=True) for v in (a.data, b.data))
    BINARY[name](ra, rb).sum().backward()
    loose = 2e-2 if np.float16 in dtypes else 1e-5
    np.testing.assert_allclose(a.grad.data, ra.grad.data, rtol=loose, atol=loose)
    np.testing.assert_allclose(b.grad.data, rb.grad.data, rtol=loose, atol=loose)


def test_mixed_dtype_conv_and_cross_entropy():
    x = Tensor(rng.standard_normal((1, 2, 4, 4)).astype(np.float32), requires_grad=True)
    w = Tensor(rng.standard_normal((3, 2, 3, 3)), requires_grad=True)
    y = x.conv2d(w)
    assert y.dtype == np.float64
    tk.nn.functional.cross_entropy(y.reshape(1, -1), np.array([2])).backward()
    assert x.grad.dtype == np.float32 and w.grad.dtype == np.float64


# --- gradients the mutation run found unexercised ---------------------------------------------------
def test_clip_passes_the_gradient_only_between_both_bounds():
    x = Tensor(np.array([-2.0, -0.5, 0.5, 2.0]), requires_grad=True)
    x.clip(-1.0, 1.0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 1.0, 1.0, 0.0])


def test_transpose_with_negative_axes():
    x = rng.standard_normal((2, 3, 4))
    np.testing.assert_array_equal(Tensor(x).transpose(-1, 0, 1).data, np.transpose(x, (2, 0, 1)))
    assert gradcheck(lambda t: t.transpose(-1, 0, -2) * 2, x)


@pytest.mark.parametrize("subscripts, shapes", [
    ("ii->i", [(3, 3)]), ("ii", [(3, 3)]), ("ij->j", [(2, 3)]), ("ij->", [(2, 3)]),
    ("i,i->", [(3,), (3,)]), ("ij,jk->ik", [(2, 3), (3, 2)]), ("bij->b", [(2, 2, 3)]),
    ("ij, j -> i", [(2, 3), (3,)]), ("...ij,...jk->...ik", [(2, 2, 3), (2, 3, 2)]),
    ("iij->j", [(2, 2, 3)]), ("ij,ij,ij->i", [(2, 3), (2, 3), (2, 3)]),
])
def test_einsum_gradients_and_values(subscripts, shapes):
    operands = [rng.standard_normal(s) for s in shapes]
    np.testing.assert_allclose(tk.einsum(subscripts, *[Tensor(o) for o in operands]).data,
                               np.einsum(subscripts.replace(" ", ""), *operands), rtol=1e-12)
    assert gradcheck(lambda *ts: tk.einsum(subscripts, *ts), *operands)


def test_maximum_and_where_take_numbers_and_arrays():
    t = Tensor(np.array([1.0, 5.0]), requires_grad=True)
    np.testing.assert_array_equal(tk.maximum(t, 3.0).data, [3.0, 5.0])
    np.testing.assert_array_equal(tk.minimum(np.array([2.0, 2.0]), t).data, [1.0, 2.0])
    np.testing.assert_array_equal(tk.maximum(np.array([1.0, 5.0]), 3.0).data, [3.0, 5.0])
    np.testing.assert_array_equal(tk.where(np.array([True, False]), t, 0.0).data, [1.0, 0.0])
    tk.where(t.data > 2, t, -t).sum().backward()
    np.testing.assert_array_equal(t.grad.data, [-1.0, 1.0])


def test_concatenate_and_stack_default_to_axis_0():
    a, b = rng.standard_normal((2, 3)), rng.standard_normal((1, 3))
    np.testing.assert_array_equal(tk.concatenate([Tensor(a), Tensor(b)]).data, np.vstack([a, b]))
    np.testing.assert_array_equal(tk.stack([Tensor(a), Tensor(a)]).data, np.stack([a, a]))
