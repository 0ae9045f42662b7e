"""tinygrad_ko.testing.strategies and example_cases: every drawn case is valid, and every edge
case the gradient tests rely on is reachable (hypothesis.find must find it)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis.errors import NoSuchExample
from hypothesis import strategies as st

from tinygrad_ko import Tensor
from tinygrad_ko.testing import example_cases, gradcheck
from tinygrad_ko.testing import strategies as tst

SEARCH = settings(database=None, derandomize=True, max_examples=3000,
                  suppress_health_check=list(HealthCheck))
NEVER = settings(SEARCH, max_examples=200)  # for "cannot be drawn": a bounded search


def reachable(strategy, condition):
    """True if hypothesis can draw a value satisfying ``condition`` (raises otherwise)."""
    find(strategy, condition, settings=SEARCH)
    return True


# --- shapes and arrays -----------------------------------------------------------------------------
@given(data=st.data())
def test_shapes_respect_their_bounds(data):
    shape = data.draw(tst.shapes(min_dims=1, max_dims=3, min_side=2, max_side=4))
    assert 1 <= len(shape) <= 3 and all(2 <= n <= 4 for n in shape)
    first, second = data.draw(tst.broadcastable_shapes(2, min_dims=1, max_dims=2, max_side=3))
    np.broadcast_shapes(first, second)
    assert 1 <= len(first) <= 2 and all(1 <= n <= 3 for n in first + second)


def test_shape_edges_are_reachable():
    assert reachable(tst.shapes(), lambda s: s == ())
    assert reachable(tst.shapes(), lambda s: len(s) == 3 and 4 in s)
    assert reachable(tst.shapes(min_side=0), lambda s: 0 in s)
    assert reachable(tst.broadcastable_shapes(2), lambda s: len(s[0]) != len(s[1]))
    assert reachable(tst.broadcastable_shapes(3), lambda s: len(s) == 3 and 1 in s[0] + s[1])


@given(data=st.data())
def test_arrays_respect_their_options(data):
    x = data.draw(tst.arrays((3, 4), min_value=-1.0, max_value=0.5, avoid=(0.0,), margin=0.1))
    assert x.shape == (3, 4) and x.dtype == np.float64
    assert np.all((x >= -1.0) & (x <= 0.5) & (np.abs(x) > 0.1))
    d = data.draw(tst.arrays((2, 5), distinct=True, margin=0.05, dtype=np.float32))
    assert d.dtype == np.float32 and d.min() >= -2.0 - 1e-6
    gaps = np.diff(np.sort(d.astype(np.float64).ravel()))
    np.testing.assert_allclose(gaps, 0.05, rtol=1e-5)
    t = data.draw(tst.arrays((6,), ties=True, min_value=-1.0, max_value=1.0))
    assert set(t.tolist()) <= {-1.0, -0.5, 0.0, 0.5, 1.0}
    tensor = data.draw(tst.tensors((2,), requires_grad=False))
    assert isinstance(tensor, Tensor) and not tensor.requires_grad and tensor.shape == (2,)
    assert data.draw(tst.tensors((1,))).requires_grad


def test_array_edges_are_reachable():
    assert reachable(tst.arrays((3,), ties=True), lambda x: len(set(x.tolist())) == 1)
    assert reachable(tst.arrays((2,)), lambda x: np.all(x < 0))
    assert reachable(tst.arrays(), lambda x: x.ndim == 0)


# --- indices ---------------------------------------------------------------------------------------
@given(data=st.data())
def test_indices_are_valid_numpy_indices(data):
    shape = data.draw(st.sampled_from([(4,), (4, 3), (2, 5, 2)]))
    index = data.draw(tst.indices(shape))
    x = np.arange(int(np.prod(shape))).reshape(shape)
    as_numpy = tuple(np.array(i) if isinstance(i, list) else i for i in index) \
        if isinstance(index, tuple) else (np.array(index) if isinstance(index, list) else index)
    np.testing.assert_array_equal(Tensor(x.astype(float))[index].data, x[as_numpy])


@pytest.mark.parametrize("what, condition", [
    ("a Python list with a repeat", lambda i: isinstance(i, list) and len(i) != len(set(i))
     and not isinstance(i[0], bool)),
    ("a negative int", lambda i: isinstance(i, int) and i == -4),
    ("the last int", lambda i: isinstance(i, int) and i == 3),
    ("an array with negative repeats", lambda i: isinstance(i, np.ndarray) and i.dtype != bool
     and np.sum(i == -1) > 1),
    ("a boolean list", lambda i: isinstance(i, list) and isinstance(i[0], bool) and any(i)),
    ("a boolean array", lambda i: isinstance(i, np.ndarray) and i.dtype == bool),
    ("a reversed slice", lambda i: isinstance(i, slice) and i.step == -1),
    ("a slice of step 2", lambda i: isinstance(i, slice) and i.step == 2 and i.start is not None),
    ("a pair of ints", lambda i: isinstance(i, tuple) and isinstance(i[0], int) and i[1] == -3),
    ("a pair of index lists", lambda i: isinstance(i, tuple) and isinstance(i[1], list)
     and len(i[1]) > 1),
    ("rows then reversed columns", lambda i: isinstance(i, tuple) and
     i[1] == slice(None, None, -1)),
    ("a slice of step -2", lambda i: isinstance(i, slice) and i.step == -2),
    ("a slice of step 1", lambda i: isinstance(i, slice) and i.step == 1),
    ("a list as long as allowed", lambda i: isinstance(i, list) and len(i) == 9),
    ("a single-element list", lambda i: isinstance(i, list) and len(i) == 1 and
     not isinstance(i[0], bool)),
    ("a column index of -3", lambda i: isinstance(i, tuple) and isinstance(i[1], int) and i[1] == -3),
    ("a column index of 2", lambda i: isinstance(i, tuple) and isinstance(i[1], int) and i[1] == 2),
    ("six index pairs", lambda i: isinstance(i, tuple) and isinstance(i[1], list) and len(i[1]) == 6),
    ("one index pair", lambda i: isinstance(i, tuple) and isinstance(i[1], list) and len(i[1]) == 1),
])
def test_every_kind_of_index_is_reachable(what, condition):
    assert reachable(tst.indices((4, 3)), condition), what


def test_one_dimensional_indices_are_not_tuples():
    assert reachable(tst.indices((5,)), lambda i: isinstance(i, list) and -5 in i)
    with pytest.raises(NoSuchExample):
        find(tst.indices((5,)), lambda i: isinstance(i, tuple), settings=NEVER)


# --- convolution and pooling cases -------------------------------------------------------------------
@given(data=st.data())
def test_conv2d_cases_are_valid(data):
    case = data.draw(tst.conv2d_cases(max_batch=2, max_channels=3, max_filters=2, max_kernel=3,
                                      max_stride=2, max_padding=1, max_size=5,
                                      dtype=np.float32))
    n, c, h, w = case.x.shape
    fn, c2, fh, fw = case.W.shape
    assert c == c2 and case.b.shape == (fn,) and case.x.dtype == np.float32
    assert n <= 2 and c <= 3 and fn <= 2 and fh <= 3 and fw <= 3
    assert all(1 <= s <= 2 for s in case.stride) and all(0 <= p <= 1 for p in case.padding)
    assert h + 2 * case.padding[0] >= fh and w + 2 * case.padding[1] >= fw
    Tensor(case.x).conv2d(case.W, case.b, stride=case.stride, padding=case.padding)


def test_conv2d_edges_are_reachable():
    assert reachable(tst.conv2d_cases(), lambda c: c.stride == (2, 2) and c.padding == (1, 1))
    assert reachable(tst.conv2d_cases(), lambda c: c.W.shape[2] != c.W.shape[3])
    assert reachable(tst.conv2d_cases(), lambda c: c.x.shape[0] == 2 and c.x.shape[1] == 3)


@pytest.mark.parametrize("values", ["distinct", "negative", "ties"])
@given(data=st.data())
def test_pool2d_cases_are_valid(values, data):
    case = data.draw(tst.pool2d_cases(values=values, max_size=5))
    kh, kw = case.kernel_size
    assert all(p <= k // 2 for p, k in zip(case.padding, case.kernel_size))
    assert case.x.shape[2] + 2 * case.padding[0] >= kh
    assert case.x.shape[3] + 2 * case.padding[1] >= kw
    flat = case.x.ravel()
    if values == "negative":
        assert np.all(flat < 0) and len(set(flat.tolist())) == flat.size
    if values == "distinct":
        assert len(set(flat.tolist())) == flat.size and flat.min() >= -2.0
    if values == "ties":
        assert set(flat.tolist()) <= {-1.0, -0.5, 0.0, 0.5, 1.0}
    Tensor(case.x).max_pool2d(case.kernel_size, stride=case.stride, padding=case.padding)


def test_pool2d_edges_are_reachable():
    assert reachable(tst.pool2d_cases(), lambda c: c.stride[0] < c.kernel_size[0] and
                     c.padding[0] > 0)
    assert reachable(tst.pool2d_cases(), lambda c: c.stride[1] > c.kernel_size[1])
    assert reachable(tst.pool2d_cases(values="ties"), lambda c: c.x.shape[0] == 2)
    assert reachable(tst.pool2d_cases(padding=False), lambda c: c.kernel_size == (3, 3))
    with pytest.raises(NoSuchExample):
        find(tst.pool2d_cases(padding=False), lambda c: c.padding != (0, 0), settings=NEVER)


def test_pool2d_cases_refuse_an_unknown_value_kind():
    with pytest.raises(ValueError, match="'distinct', 'negative' or 'ties', got 'sorted'"):
        tst.pool2d_cases(values="sorted")


# --- example_cases (python -m tinygrad_ko gradcheck) ------------------------------------------------
def test_example_cases_pass_gradcheck_and_are_seeded():
    cases = example_cases(seed=3)
    assert len(cases) >= 27 and "max_pool2d (overlapping)" in cases
    for name, (fn, inputs) in cases.items():
        assert gradcheck(fn, *inputs), name
    again = example_cases(seed=3)
    other = example_cases(seed=4)
    for name in cases:
        for a, b, c in zip(cases[name][1], again[name][1], other[name][1]):
            np.testing.assert_array_equal(a, b)
            assert name.startswith("cross") or a.shape == c.shape
    assert not all(np.array_equal(cases[n][1][0], other[n][1][0]) for n in cases)


def test_default_bounds_are_never_exceeded():
    """The defaults are part of the API: no draw beyond them (hypothesis searches for one)."""
    with pytest.raises(NoSuchExample):
        find(tst.conv2d_cases(), lambda c: c.x.shape[0] > 2 or c.x.shape[1] > 3 or
             c.W.shape[0] > 3 or max(c.W.shape[2:]) > 3 or max(c.stride) > 2 or
             max(c.padding) > 1 or max(c.x.shape[2:]) > 6, settings=NEVER)
    with pytest.raises(NoSuchExample):
        find(tst.pool2d_cases(), lambda c: c.x.shape[0] > 2 or c.x.shape[1] > 2 or
             max(c.kernel_size) > 3 or max(c.stride) > 3 or max(c.x.shape[2:]) > 7,
             settings=NEVER)
    assert reachable(tst.conv2d_cases(), lambda c: c.x.shape[2] == 6 and c.W.shape[0] == 3)
    assert reachable(tst.pool2d_cases(), lambda c: c.x.shape[3] == 7 and c.stride[0] == 3)


def test_tensors_pass_their_array_options_on():
    assert reachable(tst.tensors((3,), min_value=5.0, max_value=6.0), lambda t: True)
    with pytest.raises(NoSuchExample):
        find(tst.tensors((3,), min_value=5.0, max_value=6.0), lambda t: t.data.min() < 5,
             settings=NEVER)


def test_default_bounds_of_shapes_arrays_and_indices():
    """Each default is a promise: reachable at its bound, never beyond."""
    def never(strategy, condition):
        with pytest.raises(NoSuchExample):
            find(strategy, condition, settings=NEVER)
    never(tst.shapes(), lambda s: len(s) > 3 or any(n > 4 or n < 1 for n in s))
    assert reachable(tst.shapes(), lambda s: len(s) == 3 and 1 in s and 4 in s)
    never(tst.broadcastable_shapes(), lambda s: len(s) != 2 or any(
        len(t) > 3 or any(n > 4 for n in t) for t in s))
    assert reachable(tst.broadcastable_shapes(), lambda s: s[0] == () or s[1] == ())
    assert reachable(tst.broadcastable_shapes(), lambda s: 4 in s[0] + s[1] and len(s[0]) == 3)
    never(tst.arrays((4,)), lambda x: not np.all(np.isfinite(x)) or np.any(np.abs(x) > 2))
    assert reachable(tst.arrays((3,)), lambda x: len(set(x.tolist())) == 3 and x.dtype == np.float64)
    never(tst.arrays((3,), avoid=(1.0,)), lambda x: np.any(np.abs(x - 1.0) <= 0.01))
    assert reachable(tst.arrays((1,), avoid=(0.0,)), lambda x: 0.01 < abs(x[0]) < 0.5)
    never(tst.indices((4, 3)), lambda i: isinstance(i, list) and len(i) > 9)
    never(tst.indices((4, 3)), lambda i: isinstance(i, tuple) and isinstance(i[1], list)
          and len(i[1]) > 6)


def test_arrays_honour_their_dtype_and_index_pairs_their_range():
    assert reachable(tst.arrays((2,), dtype=np.float32), lambda x: x.dtype == np.float32)
    with pytest.raises(NoSuchExample):
        find(tst.arrays((2,), dtype=np.float32), lambda x: x.dtype != np.float32, settings=NEVER)
    pair_columns = st.just(0).flatmap(lambda _: tst.indices((4, 3))).filter(
        lambda i: isinstance(i, tuple) and isinstance(i[1], (int, list)))
    with pytest.raises(NoSuchExample):
        find(pair_columns, lambda i: any(not -3 <= j <= 2 for j in
                                         (i[1] if isinstance(i[1], list) else [i[1]])),
             settings=NEVER)
    assert reachable(pair_columns, lambda i: isinstance(i[1], list) and 2 in i[1])
    assert reachable(pair_columns, lambda i: isinstance(i[1], list) and -3 in i[1])
