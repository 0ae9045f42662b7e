"""In-place safety: editing an array an op saved for backward makes that backward fail clearly."""

import numpy as np
import pytest

from tinygrad_ko import Tensor


def test_editing_a_saved_input_through_data_is_caught():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    x.data *= 3  # in place: the Mul node saved this very array
    with pytest.raises(RuntimeError, match=r"Mul: its input 0 .*modified in place"):
        y.backward()


def test_editing_a_saved_output_is_caught():
    x = Tensor([0.5, 1.0], requires_grad=True)
    z = x.exp()      # Exp saves its output
    loss = z.sum()
    z.assign(np.zeros(2))
    with pytest.raises(RuntimeError, match="Exp: its output"):
        loss.backward()


def test_version_counter_grows_with_every_in_place_change():
    x = Tensor([1.0, 2.0])
    versions = [x._version]
    x.data += 1
    versions.append(x._version)
    x.assign([0.0, 0.0])
    versions.append(x._version)
    x.data = np.ones(2, dtype=np.float32)  # replacing the array counts as a change too
    versions.append(x._version)
    assert versions[0] == 0 and versions == sorted(set(versions))


def test_edits_of_arrays_nobody_saved_are_fine():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x + 1).sum()   # Add saves nothing: the gradient does not depend on x
    x.data += 10
    y.backward()
    np.testing.assert_array_equal(x.grad.data, [1.0, 1.0])


def test_replacing_data_keeps_the_saved_old_array():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    x.data = np.array([5.0, 5.0], dtype=np.float32)  # a new array; Mul still holds the old one
    y.backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])


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
