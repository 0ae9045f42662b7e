"""argmax / argmin at their edges: a 0-d tensor (a single number: position 0 along axis 0 or -1,
as PyTorch), keepdims, both axis= and dim=, and the result is a constant int64 tensor."""

import re

import numpy as np
import pytest

from tinygrad_ko import Tensor


@pytest.mark.parametrize("op", ["argmax", "argmin"])
def test_a_single_number_is_at_position_0(op):
    t = Tensor(np.array(5.0))
    for kwargs in ({}, {"axis": 0}, {"axis": -1}, {"dim": 0}, {"axis": 0, "keepdims": True}):
        out = getattr(t, op)(**kwargs)
        assert out.shape == () and out.dtype == np.int64 and out.item() == 0, kwargs


@pytest.mark.parametrize("op", ["argmax", "argmin"])
def test_result_is_a_constant_int64_tensor(op):
    x = Tensor(np.array([[1.0, 3.0, 3.0], [-2.0, -2.0, 0.0]]), requires_grad=True)
    for kwargs, expected in (({}, getattr(np, op)(x.data)),
                             ({"axis": 1}, getattr(np, op)(x.data, axis=1)),
                             ({"axis": 0, "keepdims": True}, getattr(np, op)(x.data, axis=0,
                                                                              keepdims=True))):
        out = getattr(x, op)(**kwargs)
        assert out.requires_grad is False and out.dtype == np.int64
        np.testing.assert_array_equal(out.data, expected)  # first position on ties


@pytest.mark.parametrize("op", ["argmax", "argmin"])
def test_axis_and_dim_together_are_refused_naming_the_op(op):
    with pytest.raises(TypeError, match=rf"^{op}: got both axis=0 and dim=1"):
        getattr(Tensor(np.ones((2, 2))), op)(axis=0, dim=1)


@pytest.mark.parametrize("op", ["argmax", "argmin"])
@pytest.mark.parametrize("shape, kwargs, where", [((2, 0), {}, ""), ((0,), {}, ""),
                                                  ((2, 0), {"axis": 1}, " along axis 1")])
def test_an_empty_search_is_refused_saying_where(op, shape, kwargs, where):
    with pytest.raises(ValueError, match=rf"^{op} of an empty tensor \(shape {re.escape(str(shape))}\)"
                                         rf"{where} has no answer"):
        getattr(Tensor(np.zeros(shape)), op)(**kwargs)


def test_masks_are_constants():
    m = Tensor(np.array([True, False]))
    for out in (m & m, m | ~m, m ^ m, m.any(), m.all()):
        assert out.requires_grad is False


@pytest.mark.parametrize("op", ["argmax", "argmin"])
def test_keepdims_over_the_whole_tensor_keeps_every_axis_as_1(op):
    data = np.array([[1.0, 5.0, -2.0], [0.0, 5.0, -2.0]])
    out = getattr(Tensor(data), op)(keepdims=True)
    expected = getattr(np, op)(data, keepdims=True)
    assert out.shape == expected.shape == (1, 1)
    np.testing.assert_array_equal(out.data, expected)
