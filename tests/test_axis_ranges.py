"""Axis arguments just outside the valid range are refused, not wrapped around: a tensor with n
axes takes axes -n..n-1 (unsqueeze: -(n+1)..n, the new axis included), also for n = 0 and 1,
where a modulo would silently accept them."""

import numpy as np
import pytest

from tinygrad_ko import Tensor

VECTOR, SCALAR, MATRIX = Tensor(np.ones(3)), Tensor(np.array(1.0)), Tensor(np.ones((2, 3)))
OUT_OF_RANGE = {
    "sum axis 1 of a vector": lambda: VECTOR.sum(axis=1),
    "max axis -2 of a vector": lambda: VECTOR.max(axis=-2),
    "mean axis 2 of a matrix": lambda: MATRIX.mean(axis=2),
    "flatten end 2 of a matrix": lambda: MATRIX.flatten(0, 2),
    "flatten start -3 of a matrix": lambda: MATRIX.flatten(-3),
    "flatten end 1 of a vector": lambda: VECTOR.flatten(0, 1),
    "flatten start -2 of a vector": lambda: VECTOR.flatten(-2),
    "unsqueeze 1 of a number": lambda: SCALAR.unsqueeze(1),
    "unsqueeze -2 of a number": lambda: SCALAR.unsqueeze(-2),
    "unsqueeze 2 of a vector": lambda: VECTOR.unsqueeze(2),
}


@pytest.mark.parametrize("name", sorted(OUT_OF_RANGE))
def test_an_axis_just_outside_the_range_is_refused(name):
    with pytest.raises(ValueError, match=r"out of range for a tensor with \d dimensions; use an "
                                         r"axis in \[-\d, \d\]"):
        OUT_OF_RANGE[name]()


def test_the_edges_of_the_range_are_accepted():
    assert VECTOR.sum(axis=-1).shape == () and VECTOR.sum(axis=0).shape == ()
    assert MATRIX.flatten(-2, 1).shape == (6,) and MATRIX.flatten(1).shape == (2, 3)
    assert SCALAR.unsqueeze(-1).shape == (1,) and SCALAR.unsqueeze(0).shape == (1,)
    assert VECTOR.unsqueeze(-2).shape == (1, 3) and VECTOR.unsqueeze(1).shape == (3, 1)
    assert VECTOR.permute(-1).shape == (3,) and MATRIX.permute(-1, 0).shape == (3, 2)
    assert VECTOR.flatten(-1).shape == (3,) and VECTOR.flatten(-1, -1).shape == (3,)


def test_integer_powers_keep_the_integer_dtype_down_to_the_zeroth():
    ints = Tensor(np.array([2, 3, -1]))
    for exponent in (0, 1, 3):
        out = ints ** exponent
        assert out.dtype == np.int64, exponent
        np.testing.assert_array_equal(out.data, np.array([2, 3, -1]) ** exponent)
    assert (ints ** -1).dtype.kind == "f"  # a negative power is a fraction


@pytest.mark.parametrize("op", ["softmax", "log_softmax"])
def test_softmax_of_a_number_takes_only_axis_0_or_minus_1(op):
    assert getattr(SCALAR, op)(axis=0).item() == (1.0 if op == "softmax" else 0.0)
    assert getattr(SCALAR, op)(axis=-1).item() == (1.0 if op == "softmax" else 0.0)
    for axis in (1, -2):
        with pytest.raises(ValueError, match=rf"axis {axis} is out of range for a 0-d tensor"):
            getattr(SCALAR, op)(axis=axis)


@pytest.mark.parametrize("pad_width", [(1, 1, 1), ((1, 1), (1, 1), (1, 1)), "a"])
def test_a_pad_width_that_cannot_be_read_is_refused_with_the_three_forms(pad_width):
    with pytest.raises((ValueError, TypeError), match=r"; give \(left, right\) for the last axis, "
                                                      r"then \(top, bottom\) \.\.\., or one "
                                                      r"\(before, after\) pair per axis, or one int"):
        MATRIX.pad(pad_width)


@pytest.mark.parametrize("dtype", [np.int64, np.int8, np.bool_])
def test_integer_and_bool_means_keep_the_reduced_axes_when_asked(dtype):
    data = (np.arange(24).reshape(2, 3, 4) % 5).astype(dtype)
    for axis in (1, (0, 2), None):
        out = Tensor(data).mean(axis=axis, keepdims=True)
        expected = np.mean(data, axis=axis, keepdims=True, dtype=np.float64).astype(np.float32)
        assert out.dtype == np.float32 and out.shape == expected.shape
        np.testing.assert_array_equal(out.data, expected)
