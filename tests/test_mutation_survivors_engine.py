"""The backward walk (autograd/engine.py, autograd/graph.py): behaviour the mutation run
(tools/mutation.py, docs/testing.md §7) found no test for.  Each test states a rule of the engine
(its docstrings, docs/custom_ops.md, docs/architecture.md "Freed-graph stand-ins") and checks it
with exact values."""

import gc
import re
import weakref

import numpy as np
import pytest

import tinygrad_ko as tk
from tinygrad_ko import Tensor
from tinygrad_ko.autograd import observe_backward
from tinygrad_ko.ops import Function


def leaf(values, dtype=np.float64):
    return Tensor(np.asarray(values, dtype), requires_grad=True)


# --- grad(): only the part of the graph that leads to the requested inputs runs --------------------
def test_grad_of_one_input_leaves_the_other_branch_alone():
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    seen = []
    b_branch = (b * 5.0)
    b_branch.register_hook(lambda g: seen.append("b branch"))
    z = (a * b).sum() + b_branch.sum()
    (ga,) = tk.grad(z, [a])
    np.testing.assert_array_equal(ga.data, [3.0, 4.0])
    assert seen == []  # the hook of a tensor that does not lead to a is not called
    assert a.grad is None and b.grad is None  # grad() touches no .grad
    b_branch.sum().backward()  # that branch was not run, so it was not freed either
    np.testing.assert_array_equal(b.grad.data, [5.0, 5.0])


def test_the_same_output_listed_twice_gets_both_upstream_gradients():
    x = leaf([1.0, 2.0, 3.0])
    y = x * x
    (g,) = tk.grad([y, y], [x], grad_outputs=[np.ones(3), np.full(3, 2.0)])
    np.testing.assert_array_equal(g.data, 3.0 * 2.0 * x.data)


# --- custom ops: what the engine accepts and what it refuses (docs/custom_ops.md) -----------------
class StopGradient(Function):
    """Passes x on and returns no gradient for it, as a rule may for an input it ignores."""

    def forward(self, x):
        return x.copy()

    def backward(self, dz):
        return (None,)


def test_an_op_returning_none_for_an_input_that_requires_grad_blocks_only_that_path():
    x = leaf([1.0, 2.0])
    y = x * 3.0  # an intermediate that then receives no gradient at all
    z = (StopGradient.apply(y) + x * 2.0).sum()
    z.backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])


class PairOp(Function):
    """z = x + y; backward returns what the test asks for."""

    def __init__(self, gradients):
        super().__init__()
        self.gradients = gradients

    def forward(self, x, y):
        return x + y

    def backward(self, dz):
        return self.gradients(dz)


@pytest.mark.parametrize("x_dtype", [np.float64, np.float32])
def test_a_gradient_for_an_input_that_needs_none_is_ignored_whatever_it_is(x_dtype):
    x = leaf(np.ones(3), x_dtype)  # broadcast: its gradient is summed back
    constant = Tensor(np.ones((2, 3), x_dtype))
    # junk for the constant; a float64 output-shaped gradient for x (cast, summed back)
    out = PairOp.apply(constant, x, gradients=lambda dz: ("not a gradient", dz.astype(np.float64) * 2.0))
    out.sum().backward()
    assert x.grad.dtype == x_dtype
    np.testing.assert_array_equal(x.grad.data, np.full(3, 4.0))


def test_a_gradient_that_is_not_numbers_is_refused_naming_the_op_and_input():
    x, y = leaf(np.ones(3)), leaf(np.ones((2, 3)))
    out = PairOp.apply(x, y, gradients=lambda dz: (dz, "not a gradient"))
    with pytest.raises(TypeError, match=r"PairOp.backward returned str as the gradient of input 1"):
        out.sum().backward()


def test_an_output_shaped_gradient_is_summed_back_only_to_an_input_that_broadcasts():
    class ShiftAdd(Function):  # z = x[1:] + y: x (3,) does not broadcast to z (2,)
        def forward(self, x, y):
            return x[1:] + y

        def backward(self, dz):
            return dz, dz  # x's should be (0, dz)

    with pytest.raises(ValueError, match=r"gradient of shape \(2,\) for input 0 of shape \(3,\)"):
        ShiftAdd.apply(leaf([1.0, 2.0, 3.0]), leaf([1.0, 1.0])).sum().backward()


@pytest.mark.parametrize("x_shape, y_shape, grads, message", [
    ((2, 3), (3,), lambda dz: (dz, dz[:, :2]), r"shape \(2, 2\) for input 1 of shape \(3,\)"),
    ((2, 3), (3,), lambda dz: (dz, dz.T), r"shape \(3, 2\) for input 1 of shape \(3,\)"),
    ((2, 3), (3,), lambda dz: (dz, dz, dz), r"returned 3 gradients for 2 inputs"),
    ((2, 3), (3,), lambda dz: (dz,), r"returned 1 gradients for 2 inputs"),
])
def test_a_gradient_that_cannot_be_summed_back_is_refused_naming_the_op_and_input(
        x_shape, y_shape, grads, message):
    x, y = leaf(np.ones(x_shape)), leaf(np.ones(y_shape))
    out = PairOp.apply(x, y, gradients=grads)
    with pytest.raises((ValueError, TypeError), match=message):
        out.sum().backward()


def test_an_output_shaped_gradient_for_an_input_that_was_not_broadcast_is_refused():
    class SumRows(Function):
        def forward(self, x):
            return x.sum(axis=0)

        def backward(self, dz):
            return dz  # forgot to broadcast back to (2, 3)

    class Shift(Function):  # z = x[1:] + 0: the output is shorter than the input
        def forward(self, x):
            return x[1:] + 0.0

        def backward(self, dz):
            return dz  # should be (0, dz), of the input's length

    with pytest.raises(ValueError, match=r"gradient of shape \(3,\) for input 0 of shape \(2, 3\)"):
        SumRows.apply(leaf(np.ones((2, 3)))).sum().backward()
    with pytest.raises(ValueError, match=r"gradient of shape \(2,\) for input 0 of shape \(3,\)"):
        Shift.apply(leaf([1.0, 2.0, 3.0])).sum().backward()


def test_a_python_number_is_a_gradient_and_takes_the_inputs_dtype():
    class Double(Function):
        def forward(self, x):
            return x * 2

        def backward(self, dz):
            return 2 * float(dz)  # a Python float for a 0-d input

    x = leaf(1.5, np.float32)
    Double.apply(x).backward()
    assert x.grad.dtype == np.float32 and x.grad.data == np.float32(2.0)


@pytest.mark.parametrize("returned", ["list", "float64"])
def test_a_custom_ops_gradient_is_cast_to_the_inputs_dtype_and_summed_back(returned):
    x = leaf(np.ones((2, 3)), np.float32)
    b = leaf(np.ones(3), np.float32)

    def grads(dz):
        out = (dz.astype(np.float64) * 0.5, dz.astype(np.float64) * 0.25)
        return list(out) if returned == "list" else out

    PairOp.apply(x, b, gradients=grads).sum().backward()
    assert x.grad.dtype == b.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.data, np.full((2, 3), 0.5, np.float32))
    np.testing.assert_array_equal(b.grad.data, np.full(3, 0.5, np.float32))  # 2 rows × 0.25


def test_a_float64_gradient_of_the_inputs_shape_is_cast_to_float32():
    class Twice(Function):
        def forward(self, x):
            return x * 2

        def backward(self, dz):
            return (dz.astype(np.float64) * 2.0,)

    x = leaf([1.0, 2.0], np.float32)
    Twice.apply(x).sum().backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])


class Linear2(Function):
    """z = 2x with a backward that ignores dz's type: always a NumPy array (2 · dz's numbers)."""

    def forward(self, x):
        return x * 2

    def backward(self, dz):
        return [np.asarray(dz.data if isinstance(dz, Tensor) else dz) * 2.0]  # a list: checked


def test_a_custom_ops_array_gradient_under_create_graph_becomes_a_constant_tensor():
    x = leaf([1.0, 2.0])
    Linear2.apply(x).sum().backward(create_graph=True)
    assert isinstance(x.grad, Tensor) and x.grad.requires_grad is False
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])


def test_a_custom_ops_array_gradients_under_create_graph_are_constant_tensors():
    x = leaf([1.0, 2.0])
    y = StopGradient.apply(x * 1.0) + x * x  # one branch with an array-only backward
    y.sum().backward(create_graph=True)
    assert isinstance(x.grad, Tensor)
    np.testing.assert_array_equal(x.grad.data, [2.0, 4.0])
    (second,) = tk.grad(x.grad.sum(), [x])
    np.testing.assert_array_equal(second.data, [2.0, 2.0])


# --- hooks ------------------------------------------------------------------------------------
def test_a_hook_returning_none_does_not_stop_the_next_hook():
    x = leaf([1.0, 2.0])
    seen = []
    x.register_hook(lambda g: seen.append(g.data.copy()))  # observes only
    x.register_hook(lambda g: g * 10.0)
    (x * 3.0).sum().backward()
    np.testing.assert_array_equal(seen[0], [3.0, 3.0])
    np.testing.assert_array_equal(x.grad.data, [30.0, 30.0])


def test_a_hook_sees_a_plain_gradient_and_its_array_result_keeps_the_dtype():
    x = leaf([1.0, 2.0], np.float32)
    flags = []

    def hook(g):
        flags.append((g.requires_grad, g.creator))
        return np.asarray(g.data, np.float64) * 2.0  # a float64 array for a float32 gradient

    x.register_hook(hook)
    (x * 3.0).sum().backward()
    assert flags == [(False, None)]
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.data, [6.0, 6.0])


def test_a_hook_under_create_graph_sees_the_recorded_gradient():
    x = leaf([1.0, 2.0])
    y = x * x
    handle = y.register_hook(lambda g: g * 2.0)  # g = 2y depends on x
    (y * y).sum().backward(create_graph=True)
    handle.remove()
    np.testing.assert_array_equal(x.grad.data, 8.0 * x.data ** 3)  # 2·(2y)·2x
    (second,) = tk.grad(x.grad.sum(), [x])
    np.testing.assert_array_equal(second.data, 24.0 * x.data ** 2)


def test_a_hooks_tensor_result_takes_the_gradients_dtype_as_an_array_result_does():
    # once: a float64 Tensor from a hook made a float32 leaf's .grad float64
    x = leaf([1.0, 2.0], np.float32)
    x.register_hook(lambda g: Tensor(g.data.astype(np.float64) * 2.0))
    (x * 3.0).sum().backward()
    assert x.grad.dtype == np.float32


def test_a_hook_under_create_graph_stays_in_the_recorded_graph():
    x = leaf([1.0, 2.0])
    y = x * x
    handle = y.register_hook(lambda g: g * y)  # the replacement depends on x: second order sees it
    y.sum().backward(create_graph=True)
    handle.remove()  # (else it would scale y's gradient in the second pass too)
    np.testing.assert_array_equal(x.grad.data, 2.0 * x.data ** 3)  # (x²)·2x
    (second,) = tk.grad(x.grad.sum(), [x])
    np.testing.assert_array_equal(second.data, 6.0 * x.data ** 2)


# --- .grad: accumulation, ownership --------------------------------------------------------------
def test_gradients_accumulate_over_two_create_graph_backwards_and_stay_differentiable():
    x = leaf([1.0, 2.0])
    (x * x).sum().backward(create_graph=True)
    (x * x * x).sum().backward(create_graph=True)
    np.testing.assert_array_equal(x.grad.data, 2.0 * x.data + 3.0 * x.data ** 2)
    (second,) = tk.grad(x.grad.sum(), [x])
    np.testing.assert_array_equal(second.data, 2.0 + 6.0 * x.data)


def test_a_retained_intermediate_gradient_accumulates_as_a_leafs_does():
    x = leaf([1.0, 2.0])
    h = (x * 3.0).retain_grad()
    loss = (h * h).sum()
    loss.backward(retain_graph=True)
    loss.backward()
    np.testing.assert_array_equal(h.grad.data, 2 * 2.0 * h.data)  # summed, as PyTorch's retain_grad
    np.testing.assert_array_equal(x.grad.data, 2 * 3.0 * 2.0 * h.data)  # summed over both


def test_plain_gradients_are_bool_flagged_constants():
    x = leaf([1.0, 2.0])
    (x * 2.0).sum().backward()
    assert x.grad.requires_grad is False and x.grad.creator is None


@pytest.mark.parametrize("create_graph", [False, True])
def test_two_inputs_of_an_add_get_distinct_gradients(create_graph):
    x, y = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    (x + y).sum().backward(create_graph=create_graph)
    assert x.grad is not y.grad
    if not create_graph:
        x.grad.data[0] = 100.0  # each .grad owns its memory
        np.testing.assert_array_equal(y.grad.data, [1.0, 1.0])


def test_a_retained_gradient_and_the_slices_taken_from_it_do_not_share_memory():
    x, y = leaf([1.0, 2.0]), leaf([3.0])
    joined = tk.concatenate([x, y]).retain_grad()
    (joined * 1.0).sum().backward()
    joined.grad.data[:] = 7.0
    np.testing.assert_array_equal(x.grad.data, [1.0, 1.0])
    np.testing.assert_array_equal(y.grad.data, [1.0])


def test_the_gradient_of_a_0d_leaf_is_memory_its_data_view_writes_into():
    x = leaf(2.0)
    (x * 3.0).backward()  # NumPy gives a scalar for 0-d arithmetic; .grad gets an array
    assert x.grad.item() == 3.0
    x.grad.data[...] = 7.0
    assert x.grad.item() == 7.0


def test_a_gradient_that_is_the_inputs_own_memory_is_copied():
    class Identity(Function):
        def forward(self, x):
            self.save(x)
            return x.copy()

        def backward(self, dz):
            (x,) = self.saved
            return x  # the input's own array as its gradient (d(x²/2)/dx, for this test)

    x = leaf([1.0, 2.0])
    Identity.apply(x).sum().backward()
    x.grad.data[0] = 50.0
    np.testing.assert_array_equal(x.data, [1.0, 2.0])


# --- observe_backward --------------------------------------------------------------------------
def test_observe_backward_gets_the_node_its_output_and_both_gradients():
    x = leaf([1.0, 2.0])
    w = Tensor(np.array([3.0, 4.0]))
    y = x * w
    calls = []
    with observe_backward(lambda node, out, g, local: calls.append((node, out, g.copy(), local))):
        y.backward(np.array([1.0, 10.0]))
    ((node, out, g, local),) = calls
    assert node is y.creator and out is y
    np.testing.assert_array_equal(g, [1.0, 10.0])
    np.testing.assert_array_equal(local[0], [3.0, 40.0])
    assert local[1] is None  # w needs no gradient


class BothGradients(Function):
    """x·c that returns a gradient for both inputs, also for the one that needs none."""

    def forward(self, x, c):
        self.saved = (x, c)
        return x * c

    def backward(self, dz):
        x, c = self.saved
        return dz * c, dz * x


@pytest.mark.parametrize("x_shape", [(2,), (3, 2)], ids=["checked path", "fast path"])
def test_observers_see_none_for_a_constant_input_whichever_path_checked_the_gradients(x_shape):
    """A constant's gradient is never delivered, so observe_backward reports None for it even
    when the op computed one: the same on the engine's fast path and on its checked path (a
    broadcast input's output-shaped gradient makes the engine check and sum back)."""
    x = leaf(np.ones(x_shape))
    c = Tensor(np.arange(6.0).reshape(3, 2))
    seen = []
    with observe_backward(lambda node, out, g, local: seen.append(local)):
        BothGradients.apply(x, c).sum().backward()
    own = [local for local in seen if len(local) == 2]
    assert len(own) == 1
    np.testing.assert_array_equal(own[0][0], np.arange(6.0).reshape(3, 2).sum(axis=0)
                                  if x_shape == (2,) else np.arange(6.0).reshape(3, 2))
    assert own[0][1] is None
    np.testing.assert_array_equal(x.grad.data, own[0][0])


class SeesGradType(Function):
    """The identity, noting the type of the gradient its backward receives."""
    seen: list = []

    def forward(self, x):
        return x.copy()

    def backward(self, dz):
        SeesGradType.seen.append(type(dz))
        return dz


def _twice_returning(make):
    class Twice(Function):
        def forward(self, x):
            return x * 2

        def backward(self, dz):
            return (make(dz * 2),)
    return Twice


@pytest.mark.parametrize("make", [Tensor, lambda g: g.astype(np.float64), lambda g: float(g)],
                         ids=["a Tensor", "a float64 array", "a Python number"])
def test_in_a_plain_backward_the_next_op_gets_an_array_whatever_a_custom_op_returned(make):
    """docs/custom_ops.md: in fast mode (a plain backward) ``grad`` holds a NumPy array, also
    when the op after it returned its gradient as a Tensor, a wider array or a number."""
    SeesGradType.seen = []
    x = leaf(1.5, np.float32)
    y = SeesGradType.apply(x)
    _twice_returning(make).apply(y).sum().backward()
    assert SeesGradType.seen and all(issubclass(t, np.ndarray) for t in SeesGradType.seen)
    assert x.grad.dtype == np.float32 and x.grad.data.tolist() == 2.0


# --- a freed graph keeps shapes, not numbers (docs/architecture.md) ------------------------------
def test_a_freed_graph_empties_in_place_what_only_it_holds():
    x = leaf(np.arange(20.0))
    h = x * 2.0
    alive = weakref.ref(h)
    loss = (h * h).sum()  # h is used twice by the freed op
    del h
    gc.collect()
    loss.backward()
    kept = alive()
    assert kept is not None and kept.values_released  # the same object, emptied
    assert loss.creator.inputs[0].creator.inputs[0] is kept
    assert kept.shape == (20,) and kept.dtype == np.float64
    # no memory of its own: zero strides over a few read-only bytes (docs/architecture.md)
    assert kept.data.strides == (0,) and not kept.data.flags.writeable


def test_a_stand_in_keeps_shape_dtype_and_requires_grad_and_the_users_tensor_keeps_numbers():
    x = leaf(np.arange(20.0), np.float32)
    h = x * 2.0
    loss = (h * 3.0).sum()
    loss.backward()
    stand_in = loss.creator.inputs[0].creator.inputs[0]
    assert stand_in is not h and stand_in.values_released and not h.values_released
    assert stand_in.shape == h.shape and stand_in.dtype == h.dtype == np.float32
    assert stand_in.requires_grad is True and stand_in.creator is h.creator


def test_an_op_input_of_16_numbers_keeps_them_one_of_17_loses_them():
    a, b = leaf(np.arange(16.0)) * 1.0, leaf(np.arange(17.0)) * 1.0
    joined = tk.concatenate([a, b])  # one op with both: the first is small, the second large
    joined.sum().backward()
    assert not a.values_released and not b.values_released  # the user's variables keep numbers
    small, large = joined.creator.inputs
    assert not small.values_released and small is a
    assert large.values_released and large.shape == (17,)


def test_small_tensors_parameters_and_retained_tensors_keep_their_numbers():
    w = leaf(np.ones(40))  # a parameter, the first input of the op below
    small, large = leaf(np.arange(16.0)), leaf(np.arange(17.0))
    a, b = small * 1.0, large * 1.0
    kept = (w[:17] * 2.0).retain_grad()
    loss = (w * 1.0).sum() + (a * 1.0).sum() + (b * 1.0).sum() + kept.sum()
    del a, b, kept
    loss.backward()
    tensors = {t.shape: t for t in _graph_tensors(loss) if t.creator is not None}
    assert not tensors[(16,)].values_released  # at most 16 numbers: kept
    assert any(t.values_released for t in _graph_tensors(loss) if t.shape == (17,))
    assert not w.values_released
    retained = [t for t in _graph_tensors(loss) if t._retains_grad]
    assert retained and not retained[0].values_released


def test_backward_with_retain_grad_keeps_every_number():
    x = leaf(np.arange(20.0))
    loss = ((x * 2.0) * 3.0).sum()
    loss.backward(retain_grad=True)
    assert not any(t.values_released for t in _graph_tensors(loss))


def _graph_tensors(root):
    from tinygrad_ko.autograd.graph import topological_order
    return topological_order([root], only_requiring_grad=False)


# --- the walk over a recorded graph visits each node once ----------------------------------------
def test_a_graph_whose_every_tensor_is_used_twice_is_drawn_one_op_per_node():
    from tinygrad_ko import viz

    x = Tensor(1.0, requires_grad=True, name="x")
    y = x
    for _ in range(60):  # 2**60 paths from the output to x: a walk that re-queues would never end
        y = y * y
    def op_nodes(source):  # the op circles: "op12 [label=<×> ..."
        return re.findall(r"^\s*op\d+ \[label=", source, flags=re.M)

    assert len(op_nodes(viz.draw_graph(y, show_values=False).source)) == 60
    assert len(op_nodes(viz.draw_graph(y, show_values=False, max_nodes=3).source)) == 3


def test_several_roots_are_walked_in_the_order_given():
    """autograd/graph.py: the first root's graph comes first (a drawing or an ONNX file of two
    outputs lists the first output's ops first); each tensor still after all it depends on."""
    from tinygrad_ko.autograd.graph import topological_order

    a, b = leaf([1.0]), leaf([2.0])
    first, second = a * 2.0, b * 3.0
    assert topological_order([first, second]) == [a, first, b, second]
    assert topological_order([second, first]) == [b, second, a, first]


class _NotToBeRead:
    """Stands in for the inputs of an op beyond a drawing's cap: reading them is the failure."""

    def __iter__(self):
        raise AssertionError("the capped walk read the inputs of an op it does not draw")

    __reversed__ = __iter__


def test_a_capped_walk_never_reads_the_ops_beyond_its_cap():
    """nearest_ops + ops_in_order(within=...): drawing the last ops of a long graph costs those
    ops, not the whole graph (a 100,000-op chain drawn with max_nodes=20 walks 20 ops)."""
    from tinygrad_ko.autograd.graph import nearest_ops, ops_in_order

    x = leaf([1.0])
    chain = [x]
    for _ in range(10):
        chain.append(chain[-1] * 2.0)
    kept = nearest_ops([chain[-1]], 3)
    for beyond in chain[1:-3]:
        beyond._ctx.inputs = _NotToBeRead()
    assert list(ops_in_order([chain[-1]], within=kept).values()) == chain[-3:]


@pytest.mark.parametrize("returned", [lambda g: np.array([5.0, 6.0]),
                                      lambda g: Tensor(np.array([5.0, 6.0])),
                                      lambda g: [5, 6]],
                         ids=["float64 array", "float64 Tensor", "list of ints"])
def test_under_create_graph_a_hooks_result_becomes_a_tensor_of_the_gradients_dtype(returned):
    """As in a plain backward: whatever a hook returns, the leaf's .grad is a Tensor of the
    leaf's dtype (an array was stored as a bare float64 NumPy array)."""
    x = leaf([1.0, 2.0], np.float32)
    x.register_hook(returned)
    (x * x).sum().backward(create_graph=True)
    assert isinstance(x.grad, Tensor) and x.grad.dtype == np.float32
    assert x.grad.data.tolist() == [5.0, 6.0]
    assert x.grad.requires_grad is False  # a constant: nothing recorded leads to it


def test_under_create_graph_a_hooks_tensor_of_another_dtype_is_cast_inside_the_graph():
    x = leaf([1.0, 2.0], np.float32)
    three = Tensor(np.array(3.0))  # float64: g · three is a recorded float64 tensor
    handle = x.register_hook(lambda g: g * three)
    (x * x).sum().backward(create_graph=True)
    handle.remove()
    assert x.grad.dtype == np.float32 and x.grad.data.tolist() == [6.0, 12.0]
    (second,) = tk.grad(x.grad.sum(), [x])
    assert second.dtype == np.float32 and second.data.tolist() == [6.0, 6.0]  # d(3·2x)/dx
