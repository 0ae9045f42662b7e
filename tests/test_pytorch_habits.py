"""Lines a PyTorch user writes that once did something else without a word: each now does what
PyTorch does, or says why not and what to write instead."""

import numpy as np
import pytest

from tinygrad_ko import Tensor, nn, no_grad, zeros
from tinygrad_ko.nn import optim


def test_transpose_of_two_axes_swaps_them_as_in_pytorch():
    a = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]), requires_grad=True)
    assert a.transpose(0, 1).tolist() == [[1.0, 3.0], [2.0, 4.0]]
    assert a.transpose(-2, -1).tolist() == [[1.0, 3.0], [2.0, 4.0]]
    assert a.transpose((0, 1)).tolist() == a.tolist()  # a tuple is NumPy's whole permutation
    (a.transpose(0, 1) * Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))).sum().backward()
    np.testing.assert_array_equal(a.grad.data, [[1.0, 3.0], [2.0, 4.0]])
    assert Tensor(np.zeros((2, 3, 4))).transpose(0, 2).shape == (4, 3, 2)


@pytest.mark.parametrize("left", ["buffer", "parameter"])
def test_an_in_place_update_by_a_tensor_that_requires_grad_is_refused(left):
    W = Tensor(np.ones(3), requires_grad=True)
    h = zeros(3) if left == "buffer" else Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"u requires grad.*y = y \+ u.*no_grad"):
        h += W * 2
    np.testing.assert_array_equal(h.data, np.zeros(3) if left == "buffer" else np.ones(3))
    with no_grad():
        h -= W * 2  # only the numbers: allowed
    h *= W.detach()  # a tensor that needs no gradient: allowed


def test_assigning_a_plain_tensor_or_array_to_a_parameter_is_refused():
    layer = nn.Linear(2, 2)
    for value in (Tensor(np.eye(2, dtype=np.float32)), np.eye(2, dtype=np.float32)):
        with pytest.raises(TypeError, match=r"Linear\.W is a Parameter.*\.data = new_array"):
            layer.W = value
    assert "W" in layer.state_dict() and layer.W.requires_grad
    layer.W = nn.Parameter(np.eye(2, dtype=np.float32))  # a new Parameter is registered
    assert layer.state_dict()["W"].tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_flip_is_a_copy_as_in_pytorch():
    x = Tensor(np.arange(4.0))
    flipped = x.flip(0)
    flipped += 10
    assert x.tolist() == [0.0, 1.0, 2.0, 3.0] and flipped.tolist() == [13.0, 12.0, 11.0, 10.0]


def test_the_gradient_of_x_to_the_power_0_is_zero_at_zero():
    x = Tensor(np.array([0.0, 1.0, -2.0]), requires_grad=True)
    (x ** 0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0.0, 0.0, 0.0])


def test_pytorch_positional_hyperparameters_are_refused_not_misread():
    p = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(TypeError):
        optim.SGD([p], 0.1, 0.9)  # PyTorch's momentum would have become weight_decay
    with pytest.raises(TypeError):
        optim.Adam([p], 1e-3, (0.9, 0.999))
    with pytest.raises(TypeError):
        nn.BatchNorm1d(4, 1e-5)  # PyTorch's eps would have become momentum
    assert optim.Momentum([p], 0.1, 0.5).momentum == 0.5  # the book's positional momentum stays
