"""maximum, minimum and where take tensors, arrays and numbers in any position (NumPy's and
PyTorch's calling forms): a number takes the tensor's float dtype, the gradient reaches the
tensor, and shapes that do not broadcast are refused naming all three shapes."""

import numpy as np
import pytest

import tinygrad_ko as tk
from tinygrad_ko import Tensor

LOW_HIGH = [(tk.maximum, np.maximum, np.greater), (tk.minimum, np.minimum, np.less)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("op, reference, wins", LOW_HIGH)
def test_a_number_first_meets_the_tensors_dtype(op, reference, wins, dtype):
    values = np.array([1.0, 2.0, 3.0], dtype=dtype)
    t = Tensor(values, requires_grad=True)
    out = op(2.0, t)
    assert out.dtype == dtype
    np.testing.assert_array_equal(out.data, reference(2.0, values))
    out.sum().backward()  # the tensor wins where it is strictly better, a tie splits in half
    np.testing.assert_array_equal(t.grad.data, wins(values, 2.0) + 0.5 * (values == 2.0))


@pytest.mark.parametrize("op, reference, _", LOW_HIGH)
def test_numbers_and_arrays_alone(op, reference, _):
    both = op(2.0, 3.0)
    assert isinstance(both, Tensor) and both.shape == ()
    assert float(both) == reference(2.0, 3.0)
    array = np.array([1.0, 5.0])
    np.testing.assert_array_equal(op(array, 3.0).data, reference(array, 3.0))
    np.testing.assert_array_equal(op(3.0, array).data, reference(3.0, array))


def test_where_with_a_number_and_a_tensor():
    cond = np.array([True, False, True])
    t = Tensor(np.array([1.0, 2.0, 3.0], dtype=np.float32), requires_grad=True)
    out = tk.where(cond, 0.5, t)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.data, [0.5, 2.0, 0.5])
    out.sum().backward()
    np.testing.assert_array_equal(t.grad.data, [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(tk.where(Tensor(cond), 1.0, 0.0).data, [1.0, 0.0, 1.0])


@pytest.mark.parametrize("shapes", [((3,), (2,), (2,)), ((2,), (3,), (2,)), ((2,), (2,), (3,))])
def test_where_refuses_any_one_shape_that_does_not_broadcast(shapes):
    cond, x, y = np.ones(shapes[0], dtype=bool), Tensor(np.zeros(shapes[1])), Tensor(np.ones(shapes[2]))
    with pytest.raises(ValueError, match=r"where: condition \((\d),\), x \((\d),\) and y \((\d),\) "
                                         r"do not broadcast"):
        tk.where(cond, x, y)
