"""F.cross_entropy with probability (soft) targets follows PyTorch's definition
loss = -Σ_i Σ_k t_ik · log softmax(x_i)_k / N for any non-negative rows — they need not sum to 1 —
and refuses negative entries.  Checked against the definition written out here, with gradcheck
(first and second derivatives) and against the closed-form gradient (softmax(x)·Σ_k t_k - t) / N."""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F
from tinygrad_ko.testing import gradcheck, gradgradcheck
from tinygrad_ko.testing import strategies as tst


def definition(x, t):
    """-Σ t · log softmax(x) / N, row by row, with logaddexp (no shared code with the op)."""
    return -sum(float(np.dot(row_t, row_x - np.logaddexp.reduce(row_x)))
                for row_x, row_t in zip(x, t)) / len(x)


@st.composite
def logits_and_targets(draw):
    n, k = draw(st.integers(1, 4)), draw(st.integers(2, 5))
    x = draw(tst.arrays((n, k), min_value=-4, max_value=4))
    kind = draw(st.sampled_from(["distribution", "scaled", "zero row", "sparse"]))
    t = draw(tst.arrays((n, k), min_value=0.0, max_value=1.0))
    if kind == "distribution":
        t = (t + 1e-3) / (t + 1e-3).sum(axis=1, keepdims=True)
    elif kind == "scaled":
        t = t * 3.0
    elif kind == "zero row":
        t[0] = 0.0
    else:
        t[:, 1:] = 0.0
    return x, t


ROWS_NOT_SUMMING_TO_ONE = (np.array([[1.0, -2.0, 0.5], [0.3, 0.3, 0.3]]),
                           np.array([[2.0, 0.0, 0.0], [0.0, 0.5, 0.25]]))
ZERO_ROW = (np.array([[1.0, 2.0], [0.0, -1.0]]), np.array([[0.0, 0.0], [0.2, 0.8]]))


@given(case=logits_and_targets())
@example(case=ROWS_NOT_SUMMING_TO_ONE)
@example(case=ZERO_ROW)
def test_soft_targets_follow_the_definition(case):
    x, t = case
    logits = Tensor(x, requires_grad=True)
    loss = F.cross_entropy(logits, t)
    np.testing.assert_allclose(loss.item(), definition(x, t), rtol=1e-10, atol=1e-12)
    loss.backward()
    softmax = np.exp(x - np.logaddexp.reduce(x, axis=1, keepdims=True))
    expected = (softmax * t.sum(axis=1, keepdims=True) - t) / len(x)
    np.testing.assert_allclose(logits.grad.data, expected, rtol=1e-10, atol=1e-12)
    assert gradcheck(lambda z: F.cross_entropy(z, t), x)


def test_second_derivatives_of_soft_targets():
    x, t = ROWS_NOT_SUMMING_TO_ONE
    assert gradgradcheck(lambda z: F.cross_entropy(z, t), x)


def test_one_hot_rows_equal_class_indices():
    x = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 0.0]])
    labels = np.array([2, 0])
    a = F.cross_entropy(Tensor(x), labels).item()
    b = F.cross_entropy(Tensor(x), np.eye(3)[labels]).item()
    assert a == pytest.approx(b, rel=1e-12)
    assert a == pytest.approx(definition(x, np.eye(3)[labels]), rel=1e-12)


def test_zero_probability_classes_are_no_nan_even_for_huge_logits():
    x = np.array([[1000.0, -1000.0, 0.0]])
    t = np.array([[0.0, 0.0, 1.0]])
    loss = F.cross_entropy(Tensor(x), t)
    assert np.isfinite(loss.item()) and loss.item() == pytest.approx(1000.0)


def test_negative_targets_are_refused_with_the_place_and_the_fix():
    x = np.zeros((2, 3))
    t = np.array([[0.5, 0.5, 0.0], [0.2, 1.0, -0.2]])
    with pytest.raises(ValueError) as err:
        F.cross_entropy(Tensor(x), t)
    message = str(err.value)
    assert "non-negative" in message and "got -0.2 at row 1, class 2" in message
    assert "Fix:" in message
