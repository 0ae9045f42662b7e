"""In-place safety: editing an array an op saved for backward makes that backward fail clearly.

Every way of writing into a tensor's memory counts: through the tensor (assign, optimizer steps),
through ``.data`` / ``.numpy()`` and anything that looks into them (subscripts, views, methods,
``out=``), and through another tensor that shares the memory (reshape, transpose, slices).
"""

import copy
import pickle

import numpy as np
import pytest

from tinygrad_ko import Tensor, nn
from tinygrad_ko.nn import optim
from tinygrad_ko.testing import numerical_gradient


def _square_sum(x):
    """(x * x).sum(): Mul saves both operands, so any later edit of x's numbers is fatal."""
    return (x * x).sum()


# Every way to write into the array a tensor hands out: each must be recorded.
WRITES = {
    "subscript": lambda a: a.__setitem__(0, 5.0),
    "slice of a slice": lambda a: a[:, :1].__setitem__(slice(None), 5.0),
    "ellipsis": lambda a: a.__setitem__(..., 5.0),
    "augmented": lambda a: a.__iadd__(1.0),
    "transposed view": lambda a: a.T.__setitem__(0, 5.0),
    "reshaped view": lambda a: a.reshape(-1).__setitem__(0, 5.0),
    "np.reshape view": lambda a: np.reshape(a, -1).__setitem__(0, 5.0),
    "fill": lambda a: a.fill(0.0),
    "sort": lambda a: a.sort(axis=None if a.ndim == 1 else 0),
    "put": lambda a: a.put([0], 9.0),
    "flat item": lambda a: a.flat.__setitem__(0, 7.0),
    "ufunc out=": lambda a: np.add(a, 1.0, out=a),
    "matmul out=": lambda a: np.matmul(np.eye(2, dtype=a.dtype), a, out=a),
    "ufunc.at": lambda a: np.add.at(a, (0, 0), 1.0),
    "np.copyto": lambda a: np.copyto(a, 3.0),
    "np.putmask": lambda a: np.putmask(a, a > 2, 0.0),
    "np.fill_diagonal": lambda a: np.fill_diagonal(a, 0.0),
    "np.clip out=": lambda a: np.clip(a, 0.0, 1.0, out=a),
    "np.dot out=": lambda a: np.dot(np.eye(2, dtype=a.dtype), a.copy(), out=a),
    "method out=": lambda a: a.T.dot(np.eye(2, dtype=a.dtype), out=a),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_through_data_is_caught(write):
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = _square_sum(x)
    write(x.data)
    with pytest.raises(RuntimeError, match=r"Mul: its input 0 \(shape \(2, 2\)\) was modified in place"):
        y.backward()


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_the_same_writes_before_the_forward_pass_are_fine(write):
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    write(x.data)
    values = x.data.copy()
    _square_sum(x).backward()
    np.testing.assert_allclose(x.grad.data, 2 * values)


def test_writes_through_numpy_are_caught():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = _square_sum(x)
    x.numpy()[1] = 0.0
    with pytest.raises(RuntimeError, match="Mul: its input 0"):
        y.backward()


def test_editing_a_saved_output_is_caught():
    x = Tensor([0.5, 1.0], requires_grad=True)
    z = x.exp()      # Exp saves its output
    loss = z.sum()
    z.assign(np.zeros(2))
    with pytest.raises(RuntimeError, match="Exp: its output"):
        loss.backward()


def test_editing_the_memory_behind_a_view_tensor_is_caught():
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    row = x[0]                  # a view of x's memory, saved by Mul
    y = _square_sum(row)
    x.data[0, 1] = 100.0        # x's memory, seen through the saved view
    with pytest.raises(RuntimeError, match="Mul: its input 0 .*modified in place"):
        y.backward()


def test_editing_through_a_view_tensor_reaches_what_was_saved_from_its_base():
    x = Tensor(np.arange(6.0), requires_grad=True)
    y = _square_sum(x)
    x.reshape(2, 3).data[1] = 0.0  # the reshaped tensor shares x's memory
    with pytest.raises(RuntimeError, match="Mul: its input 0"):
        y.backward()


def test_edits_of_arrays_nobody_saved_are_fine():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x + 1).sum()   # Add saves nothing: the gradient does not depend on x
    x.data[0] = 10.0
    x.data += 10
    y.backward()
    np.testing.assert_array_equal(x.grad.data, [1.0, 1.0])


def test_edits_of_other_tensors_do_not_raise_false_alarms():
    x = Tensor([1.0, 2.0], requires_grad=True)
    other = Tensor([3.0, 4.0])
    y = _square_sum(x)
    other.data[0] = 0.0
    other.data.fill(1.0)
    y.backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])


def test_writes_to_copies_and_results_are_fine():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = _square_sum(x)
    for result in (x.data.copy(), x.data * 2, x.data[[0, 1]], x.data.astype(np.float64),
                   x.data.flatten(), copy.deepcopy(x.data), np.concatenate([x.data, x.data])):
        assert type(result) is np.ndarray  # a new array is an ordinary one
        result[...] = -1.0
    y.backward()
    np.testing.assert_array_equal(x.grad.data, [[2.0, 4.0], [6.0, 8.0]])


def test_data_is_an_ndarray_that_looks_and_pickles_like_one():
    x = Tensor([1.0, 2.0])
    data = x.data
    assert isinstance(data, np.ndarray) and np.shares_memory(data, x.data)
    assert repr(data) == "array([1., 2.], dtype=float32)"
    assert type(pickle.loads(pickle.dumps(data))) is np.ndarray


def test_augmented_assignment_edits_the_same_memory():
    x = Tensor([1.0, 2.0])
    before = x._data
    x.data += 1
    x.data *= 2
    assert x._data is before  # in place: no new array behind the tensor's back
    np.testing.assert_array_equal(x.data, [4.0, 6.0])


def test_version_counter_grows_with_every_in_place_change():
    x = Tensor([1.0, 2.0])
    versions = [x._version]
    x.data += 1
    versions.append(x._version)
    x.data[0] = 3.0
    versions.append(x._version)
    x.assign([0.0, 0.0])
    versions.append(x._version)
    assert versions[0] == 0 and versions == sorted(set(versions))
    x.data = np.ones(2, dtype=np.float32)  # a new, never-edited array
    assert x._version == 0


def test_tensor_copies_the_array_it_is_built_from():
    a = np.array([1.0, 2.0], dtype=np.float32)
    x = Tensor(a, requires_grad=True)
    y = _square_sum(x)
    a[0] = 100.0            # the caller's array, not the tensor's
    y.backward()
    np.testing.assert_array_equal(x.data, [1.0, 2.0])
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])


def test_replacing_data_keeps_the_saved_old_array():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    x.data = np.array([5.0, 5.0], dtype=np.float32)  # a new array; Mul still holds the old one
    y.backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])


def test_an_old_view_written_after_replacement_is_still_caught():
    x = Tensor([1.0, 2.0], requires_grad=True)
    old = x.data
    y = _square_sum(x)
    x.data = np.zeros(2, dtype=np.float32)
    old[0] = 9.0            # the array Mul saved
    with pytest.raises(RuntimeError, match="Mul: its saved array"):
        y.backward()


def test_optimizer_style_updates_after_backward_stay_legal():
    w = Tensor(np.ones(3), requires_grad=True)
    for _ in range(3):
        loss = (w * w).sum()
        loss.backward()
        w.data -= 0.1 * w.grad.data   # the graph is already used up: nothing to protect
        w.zero_grad()
    np.testing.assert_allclose(w.data, 0.8 ** 3)


def test_retained_graph_then_update_then_backward_is_refused():
    w = Tensor(np.ones(3), requires_grad=True)
    loss = (w * w).sum()
    loss.backward(retain_graph=True)
    w.data -= 0.1 * w.grad.data
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_optimizer_step_between_forward_and_backward_is_refused():
    layer = nn.Linear(3, 2)
    x = Tensor(np.ones((4, 3)), requires_grad=True)
    loss = layer(x).sum()
    loss.backward(retain_graph=True)
    optim.SGD(layer.parameters(), lr=0.1).step()  # W changed under the retained graph
    with pytest.raises(RuntimeError, match="MatMul: its input 1"):
        loss.backward()


def test_load_state_dict_under_a_live_graph_is_refused():
    layer = nn.Linear(3, 2)
    state = {k: v * 0 for k, v in layer.state_dict().items()}
    loss = layer(Tensor(np.ones((1, 3)))).sum()
    layer.load_state_dict(state)
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


@pytest.mark.parametrize("measured", [lambda w: w, lambda w: w.data], ids=["tensor", "data"])
def test_numerical_gradient_between_forward_and_backward_is_not_an_edit(measured):
    w = Tensor([0.5, -1.0], requires_grad=True, dtype=np.float64)
    loss = _square_sum(w)
    numeric = numerical_gradient(lambda _: _square_sum(w).item(), measured(w))  # writes, restores
    loss.backward()
    np.testing.assert_allclose(w.grad.data, numeric, rtol=1e-6)
