"""``&``, ``|``, ``^`` on masks from either side (Tensor first, or a bool / array first), with
NumPy's values and dtypes, no gradient, and errors that name the operator and give the shapes in
the order they were written."""

import numpy as np
import pytest

from tinygrad_ko import Tensor

A = np.array([[True, False, True, False]])
B = np.array([[True], [False]])
OPERATORS = [("&", lambda a, b: a & b), ("|", lambda a, b: a | b), ("^", lambda a, b: a ^ b)]


@pytest.mark.parametrize("symbol, op", OPERATORS)
def test_each_operator_matches_numpy_from_both_sides_with_broadcasting(symbol, op):
    for left, right in ((Tensor(A), Tensor(B)), (A, Tensor(B)), (Tensor(A), B),
                        (True, Tensor(B)), (Tensor(A), False)):
        out = op(left, right)
        expected = op(np.asarray(getattr(left, "data", left)), np.asarray(getattr(right, "data", right)))
        assert isinstance(out, Tensor) and out.dtype == expected.dtype and not out.requires_grad
        np.testing.assert_array_equal(out.data, expected)


@pytest.mark.parametrize("symbol, op", OPERATORS)
def test_integer_tensors_combine_bitwise(symbol, op):
    a, b = np.array([12, 10, 7], dtype=np.int32), np.array([10, 6, 1], dtype=np.int32)
    for out in (op(Tensor(a), Tensor(b)), op(a, Tensor(b))):
        assert out.dtype == np.int32
        np.testing.assert_array_equal(out.data, op(a, b))


@pytest.mark.parametrize("symbol, op", OPERATORS)
def test_errors_name_the_operator_and_the_shapes_in_written_order(symbol, op):
    three, two = Tensor(np.array([True, False, True])), np.array([True, False])
    with pytest.raises(ValueError, match=rf"^\{symbol}: masks of shapes \(3,\) and \(2,\) do not"):
        op(three, two)
    with pytest.raises(ValueError, match=rf"^\{symbol}: masks of shapes \(2,\) and \(3,\) do not"):
        op(two, three)
    floats = Tensor(np.ones(3))
    with pytest.raises(TypeError, match=rf"^\{symbol} needs boolean masks.*float64"):
        op(three, floats)
    with pytest.raises(TypeError, match=rf"^\{symbol} needs boolean masks.*float64"):
        op(floats, three)
    with pytest.raises(TypeError, match=rf"^\{symbol} needs boolean masks.*float64"):
        op(1.5, three)


def test_a_python_number_takes_the_masks_dtype_as_in_numpy():
    small = np.array([4, 1, 255], dtype=np.uint8)
    for out, expected in ((3 | Tensor(small), 3 | small), (Tensor(small) & 1, small & 1),
                          (Tensor(small) ^ np.int64(1), small ^ np.int64(1)),
                          (True ^ Tensor(small > 2), True ^ (small > 2))):
        assert out.dtype == expected.dtype
        np.testing.assert_array_equal(out.data, expected)
    assert (3 | Tensor(small)).dtype == np.uint8


def test_each_mask_operator_says_in_its_docstring_what_it_does():
    """help(Tensor.__and__) and the others (installed by one function, so checked for each)."""
    for name, symbol in (("and", "&"), ("or", "|"), ("xor", "^")):
        forward, reflected = getattr(Tensor, f"__{name}__"), getattr(Tensor, f"__r{name}__")
        assert f"``{symbol}`` of two masks" in forward.__doc__
        assert f"``other {symbol} x``" in reflected.__doc__
