"""Fuzzing: random expression graphs against numerical gradients, random bad input against the API.

CI runs the fixed 'ci' hypothesis profile (derandomized, bounded); TINYGRAD_KO_HYPOTHESIS=long
searches much longer (see tests/conftest.py).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tinygrad_ko import Tensor, concatenate, stack
from tinygrad_ko.nn import functional as F
from tinygrad_ko.testing import gradcheck
from tinygrad_ko.testing import strategies as tst

# Smooth ops only (kinks such as relu(0) after x - x would make any numerical check flaky).
UNARY_OPS = [
    lambda a: a.tanh(), lambda a: a.sigmoid(), lambda a: (a * 0.5).exp(), lambda a: -a,
    lambda a: (a * a + 1).log(), lambda a: (a * a + 0.5).sqrt(), lambda a: a ** 2,
    lambda a: a.softmax(axis=-1), lambda a: a.log_softmax(axis=0) if a.ndim else a * 2,
    lambda a: a.sum(axis=-1, keepdims=True) if a.ndim else a, lambda a: a.mean(axis=0) if a.ndim else a,
    lambda a: a.T, lambda a: a.reshape(-1), lambda a: a[::-1] if a.ndim else a,
    lambda a: concatenate([a.reshape(-1), a.reshape(-1)]), lambda a: stack([a, a * 2]).sum(axis=0),
]
BINARY_OPS = [
    lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / (b * b + 1),
]


@st.composite
def expression_graphs(draw):
    """Leaves of broadcastable shapes and a random program over them that reuses results."""
    shapes = draw(tst.broadcastable_shapes(draw(st.integers(1, 3)), max_dims=2, max_side=3))
    leaves = [draw(tst.arrays(s, min_value=-1.5, max_value=1.5)) for s in shapes]
    program = draw(st.lists(st.tuples(st.booleans(), st.integers(0, 99), st.integers(0, 99),
                                      st.integers(0, 99)), min_size=1, max_size=8))
    return leaves, program


def run_program(program, *leaves):
    return program_output(program_values(program, leaves), len(leaves))


def program_values(program, leaves):
    """Every tensor the program computes, the leaves first."""
    pool = list(leaves)
    for binary, op, i, j in program:
        a, b = pool[i % len(pool)], pool[j % len(pool)]
        if binary:
            try:
                np.broadcast_shapes(a.shape, b.shape)
            except ValueError:
                b = b.sum()  # keep the program valid: a scalar broadcasts with anything
            pool.append(BINARY_OPS[op % len(BINARY_OPS)](a, b))
        else:
            pool.append(UNARY_OPS[op % len(UNARY_OPS)](a))
    return pool


def program_output(pool, n_leaves):
    """A scalar that every intermediate feeds, so fan-out and reuse are everywhere."""
    total = pool[-1].sum()
    for value in pool[n_leaves:-1]:
        total = total + value.sum() * 0.1
    return total


@given(case=expression_graphs())
def test_random_expression_graphs_match_numerical_gradients(case):
    leaves, program = case
    assert gradcheck(lambda *ts: run_program(program, *ts), *leaves)


# In-place writes into a tensor's memory, each changing its values.
EDITS = {
    "subscript": lambda a: a.__setitem__(..., a + 0.5),
    "view": lambda a: a.reshape(-1).__setitem__(0, 7.0),
    "out=": lambda a: np.multiply(a, 1.5, out=a),
}


@given(case=expression_graphs(), which=st.integers(0, 99), edit=st.sampled_from(sorted(EDITS)))
def test_in_place_edits_never_give_a_silently_wrong_gradient(case, which, edit):
    """Edit any tensor of a random graph after the forward pass: backward must either refuse,
    naming an op, or return exactly the gradients of the unedited graph."""
    leaves, program = case
    reference = [Tensor(a, requires_grad=True) for a in leaves]
    run_program(program, *reference).backward()
    tensors = [Tensor(a, requires_grad=True) for a in leaves]
    pool = program_values(program, tensors)
    output = program_output(pool, len(tensors))
    EDITS[edit](pool[which % len(pool)].data)
    try:
        output.backward()
    except RuntimeError as err:
        assert "was modified in place after the forward pass saved it" in str(err)
        return
    for got, expected in zip(tensors, reference):
        assert (got.grad is None) == (expected.grad is None)  # a leaf the output does not use
        if got.grad is not None:
            np.testing.assert_allclose(got.grad.data, expected.grad.data, rtol=1e-12, atol=0)


@given(case=tst.conv2d_cases(max_size=5), pool=st.sampled_from(["max", "avg"]), data=st.data())
def test_random_conv_pool_pipelines(case, pool, data):
    n, fn = case.x.shape[0], case.W.shape[0]

    def net(x, w, b):
        y = x.conv2d(w, b, stride=case.stride, padding=case.padding).tanh()
        k = (min(2, y.shape[2]), min(2, y.shape[3]))
        y = y.max_pool2d(k, stride=1) if pool == "max" else y.avg_pool2d(k, stride=1)
        y = y + x.mean() * y   # reuse of the input deep in the graph
        return (y.reshape(n, -1) ** 2).sum()
    assert gradcheck(net, case.x, case.W, case.b, atol=1e-4)
    del fn


# --- random bad input: only documented exception types, with a message ----------------------------
DOCUMENTED = (ValueError, TypeError, RuntimeError, IndexError)


def call_api(kind, a, b, k, s, p):
    """One public call with arbitrary (often wrong) arguments."""
    if kind == "matmul":
        return Tensor(np.ones(a)) @ Tensor(np.ones(b))
    if kind == "add":
        return Tensor(np.ones(a)) + Tensor(np.ones(b))
    if kind == "conv2d":
        return Tensor(np.ones(a)).conv2d(Tensor(np.ones(b)), stride=s, padding=p)
    if kind == "max_pool2d":
        return Tensor(np.ones(a)).max_pool2d(k, stride=s, padding=p)
    if kind == "avg_pool2d":
        return Tensor(np.ones(a)).avg_pool2d(k, stride=s, padding=p)
    if kind == "cross_entropy":
        return F.cross_entropy(Tensor(np.ones(a)), np.zeros(b, dtype=int) + k)
    if kind == "reshape":
        return Tensor(np.ones(a)).reshape(*b)
    if kind == "sum":
        return Tensor(np.ones(a)).sum(axis=k)
    if kind == "transpose":
        return Tensor(np.ones(a)).transpose(*b)
    if kind == "getitem":
        return Tensor(np.ones(a))[k]
    if kind == "broadcast_to":
        return Tensor(np.ones(a)).broadcast_to(b)
    raise AssertionError(kind)


small_shapes = st.lists(st.integers(0, 4), min_size=0, max_size=5).map(tuple)
odd_numbers = st.integers(-3, 6) | st.sampled_from([0, -1, 2])


@settings(max_examples=300)  # cheap calls: search wider than the profile's default
@given(kind=st.sampled_from(["matmul", "add", "conv2d", "max_pool2d", "avg_pool2d", "cross_entropy",
                             "reshape", "sum", "transpose", "getitem", "broadcast_to"]),
       a=small_shapes, b=small_shapes, k=odd_numbers, s=odd_numbers, p=odd_numbers)
def test_bad_input_gets_a_documented_error_or_a_right_answer(kind, a, b, k, s, p):
    try:
        result = call_api(kind, a, b, k, s, p)
    except DOCUMENTED as err:
        assert str(err), f"{type(err).__name__} without a message"
        return
    assert isinstance(result, Tensor)
    expected = expected_shape(kind, a, b, k, s, p)
    if expected is not None:
        assert result.shape == expected


def expected_shape(kind, a, b, k, s, p):
    """NumPy's answer where NumPy defines one; None where the shape is checked elsewhere."""
    if kind == "matmul":
        return np.matmul(np.ones(a), np.ones(b)).shape
    if kind == "add":
        return np.broadcast_shapes(a, b)
    if kind == "reshape":
        return np.ones(a).reshape(b).shape
    if kind == "sum":
        return np.ones(a).sum(axis=k).shape
    if kind == "transpose":  # two numbers swap two axes (PyTorch); otherwise NumPy's permutation
        if len(b) == 2 and len(a):
            return np.swapaxes(np.ones(a), *b).shape
        return np.ones(a).transpose(b or None).shape
    if kind == "getitem":
        return np.ones(a)[k].shape
    if kind == "broadcast_to":
        return np.broadcast_to(np.ones(a), b).shape
    if kind in ("max_pool2d", "avg_pool2d"):
        oh, ow = ((a[2] + 2 * p - k) // s + 1, (a[3] + 2 * p - k) // s + 1)
        return a[:2] + (oh, ow)
    if kind == "conv2d":
        return (a[0], b[0], (a[2] + 2 * p - b[2]) // s + 1, (a[3] + 2 * p - b[3]) // s + 1)
    return None


@given(data=st.one_of(st.text(max_size=3), st.none(), st.dictionaries(st.text(), st.integers()),
                      st.lists(st.lists(st.floats(), max_size=3), min_size=2, max_size=3),
                      st.just([1, [2, 3]]), st.just(np.array(["a", "b"])),
                      st.just(np.array([object(), 1]))))
def test_bad_tensor_construction_is_explained(data):
    try:
        t = Tensor(data)
    except (TypeError, ValueError) as err:
        assert "Tensor()" in str(err)
        return
    assert t.data.dtype.kind in "biuf"  # what was accepted is numeric


@pytest.mark.parametrize("bad", [np.nan, np.inf, -1, 10, 2.5])
def test_bad_labels_are_explained(bad):
    with pytest.raises(ValueError, match="label"):
        F.cross_entropy(Tensor(np.zeros((2, 10))), np.array([0.0, bad]))


# Arrays the caller still holds after the forward pass: NumPy operands, index arrays, labels and
# arrays handed to t.data.  Editing them afterwards must not change the gradient.
def _with_caller_array(kind, x, array):
    if kind == "numpy operand":
        return (x * array).sum() + (array - x).sum()
    if kind == "matmul buffer":
        return (array @ x).tanh().sum()
    if kind == "index":
        return (x.reshape(-1)[array] ** 2).sum()
    if kind == "labels":
        return F.cross_entropy(x, array)
    x.data = array  # "data setter": the tensor's numbers come from the caller's array
    return (x * x).sum()


def _caller_array(kind, rng, shape):
    n, k = shape
    if kind in ("numpy operand", "data setter"):
        return rng.standard_normal(shape)
    if kind == "matmul buffer":
        return rng.standard_normal((3, n))
    if kind == "index":
        return rng.integers(-n * k, n * k, size=7)  # repeats and negative indices
    return rng.integers(0, k, size=n)


@given(kind=st.sampled_from(["numpy operand", "matmul buffer", "index", "labels", "data setter"]),
       seed=st.integers(0, 2**31 - 1), shape=st.tuples(st.integers(1, 4), st.integers(1, 4)))
def test_editing_the_callers_arrays_after_forward_never_changes_the_gradient(kind, seed, shape):
    rng = np.random.default_rng(seed)
    values, array = rng.standard_normal(shape), _caller_array(kind, rng, shape)
    reference = Tensor(values.copy(), requires_grad=True)
    _with_caller_array(kind, reference, array.copy()).backward()
    x = Tensor(values.copy(), requires_grad=True)
    output = _with_caller_array(kind, x, array)
    array[...] = array[::-1] * 3 + 1 if array.dtype.kind == "f" else array[::-1] // 2
    output.backward()
    np.testing.assert_allclose(x.grad.data, reference.grad.data, rtol=1e-12, atol=0)
