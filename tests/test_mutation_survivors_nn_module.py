"""tinygrad_ko.nn.Module and its hooks: promises the mutation run (tools/mutation.py, docs/testing.md
§7) found no test for.

- Registration: names are checked (the error says which kind of name and what was given); a name
  that becomes a parameter, buffer or child stops being a plain attribute; ``del`` undoes it.
- Calling: NumPy arrays become constant Tensors for any number of arguments; keyword arguments
  reach ``forward`` with and without hooks.
- Walking: a shared module or parameter is listed once; ``prefix`` starts every dotted name; a
  root module's own buffers have plain names; ``repr`` nests children like PyTorch's.
- State: ``load_state_dict`` takes Tensors and lists, keeps every buffer's dtype, refuses what
  does not fit an integer or float16 target with one ValueError (no NumPy warning), and ``load``
  is strict by default.
- Hooks (PyTorch's register_forward_hook / register_full_backward_hook): a hook that returns None
  leaves the next hook its turn, a returned gradient may be a NumPy array, a list or a bare
  Tensor, inputs keep their dtypes, non-tensor outputs pass through.
"""

import warnings

import numpy as np
import pytest

from tinygrad_ko import Tensor, nn

# --- Parameter --------------------------------------------------------------------------------


def test_parameter_takes_the_dtype_and_the_name_it_is_given():
    p = nn.Parameter(np.ones(2, np.float32), dtype=np.float16, name="W")
    assert p.dtype == np.float16 and p.name == "W" and p.requires_grad
    assert nn.Parameter([1, 2]).dtype == np.float32  # lists and numbers: float32 (docstring)
    assert nn.Parameter([1, 2], dtype=np.float64).dtype == np.float64


def test_parameter_repr_says_parameter():
    assert repr(nn.Parameter([1.0, 2.0])) == "Parameter([1., 2.], dtype=float32, requires_grad=True)"


# --- registration -------------------------------------------------------------------------------


class Empty(nn.Module):
    def forward(self, x):
        return x


@pytest.mark.parametrize("name", ["a.b", "", 3])
def test_a_bad_buffer_or_module_name_is_refused_saying_which_kind(name):
    m = Empty()
    with pytest.raises(KeyError, match=r"a buffer name must be a non-empty string without '\.', got "
                       + repr(name).replace(".", r"\.")):
        m.register_buffer(name, np.zeros(2))
    with pytest.raises(KeyError, match=r"a module name must be a non-empty string without '\.', got "
                       + repr(name).replace(".", r"\.")):
        m.add_module(name, nn.ReLU())
    assert m.state_dict() == {} and list(m.children()) == []


def test_a_plain_attribute_replaced_by_a_parameter_buffer_or_child_is_gone():
    m = Empty()
    m.w, m.b, m.c = 5, 6, 7
    p = nn.Parameter([1.0])
    m.w = p
    m.register_buffer("b", np.array([2.0]))
    child = nn.ReLU()
    m.add_module("c", child)
    assert m.w is p and m.c is child and np.array_equal(m.b, [2.0])
    assert [n for n, _ in m.named_parameters()] == ["w"] and list(m.state_dict()) == ["w", "b"]


def test_a_parameter_re_registered_as_a_buffer_is_no_longer_trained():
    m = Empty()
    m.x = nn.Parameter([1.0])
    m.register_buffer("x", np.array([3.0]))
    assert m.parameters() == [] and np.array_equal(m.x, [3.0])


def test_del_removes_a_parameter_a_buffer_a_child_or_a_plain_attribute():
    m = Empty()
    m.W = nn.Parameter([1.0])
    m.register_buffer("running", np.zeros(1))
    m.child = nn.ReLU()
    m.note = "plain"
    for name in ("W", "running", "child", "note"):
        delattr(m, name)
        with pytest.raises(AttributeError, match=name):
            getattr(m, name)
    assert m.state_dict() == {} and list(m.children()) == []
    with pytest.raises(AttributeError):
        del m.never_set


# --- calling ------------------------------------------------------------------------------------


class Pair(nn.Module):
    """forward(a, b, scale=1.0): records what it was given."""

    def forward(self, a, b, scale=1.0):
        self.given = (a, b, scale)
        return a * scale + b


class NoInput(nn.Module):
    def forward(self, value=2.0):
        return Tensor(np.array([value]))


def test_numpy_arguments_become_tensors_whatever_their_number_and_keywords_arrive():
    m = Pair()
    y = m(np.array([1.0, 2.0]), np.array([10.0, 20.0]), scale=3.0)
    a, b, scale = m.given
    assert isinstance(a, Tensor) and isinstance(b, Tensor) and scale == 3.0
    assert np.array_equal(y.data, [13.0, 26.0])
    assert np.array_equal(NoInput()().data, [2.0]) and np.array_equal(NoInput()(value=5.0).data, [5.0])


def test_keywords_arrive_when_hooks_are_registered():
    m = Pair()
    seen = []
    m.register_forward_hook(lambda mod, inputs, out: seen.append(out.data.copy()))
    m.register_full_backward_hook(lambda mod, gi, go: None)
    a = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = m(a, np.array([10.0, 20.0]), scale=3.0)
    assert np.array_equal(y.data, [13.0, 26.0]) and np.array_equal(seen[0], [13.0, 26.0])


def test_hook_registration_needs_a_function_and_says_which_method():
    m = Empty()
    with pytest.raises(TypeError, match=r"^register_forward_hook needs a function, got int$"):
        m.register_forward_hook(3)
    with pytest.raises(TypeError, match=r"^register_full_backward_hook needs a function, got str$"):
        m.register_full_backward_hook("hook")


# --- walking the tree and printing --------------------------------------------------------------


class Tied(nn.Module):
    """enc and dec share W (weight tying); `shared` sits at two names; `last` comes after them."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(2, 2, rng=0)
        self.dec = nn.Linear(2, 2, rng=1)
        self.dec.W = self.enc.W
        shared = nn.BatchNorm1d(2)
        self.first = shared
        self.again = shared
        self.last = nn.Linear(2, 1, rng=2)


def test_a_shared_module_and_a_shared_parameter_are_listed_once_and_the_walk_goes_on():
    m = Tied()
    assert [n for n, _ in m.named_modules()] == ["", "enc", "dec", "first", "last"]
    assert [n for n, _ in m.named_parameters()] == ["enc.W", "enc.b", "dec.b", "first.gamma",
                                                    "first.beta", "last.W", "last.b"]
    assert m.num_parameters() == 4 + 2 + 2 + 2 + 2 + 2 + 1


def test_prefix_starts_every_name_and_a_root_modules_buffers_have_plain_names():
    m = Tied()
    assert [n for n, _ in m.named_parameters("net")][:2] == ["net.enc.W", "net.enc.b"]
    assert [n for n, _ in m.named_buffers("net")] == ["net.first.running_mean", "net.first.running_var"]
    bn = nn.BatchNorm1d(3)
    assert [n for n, _ in bn.named_buffers()] == ["running_mean", "running_var"]


def test_a_root_module_with_buffers_loads_its_own_state_dict():
    bn = nn.BatchNorm1d(3)
    state = bn.state_dict()
    state["running_mean"] = np.array([1.0, 2.0, 3.0], np.float32)
    bn.load_state_dict(state)
    assert np.array_equal(bn.running_mean, [1.0, 2.0, 3.0])


def test_repr_nests_children_two_spaces_deeper_each_level():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
            self.act = Empty()

    assert repr(Block()) == ("Block(\n"
                             "  (inner): Sequential(\n"
                             "    (0): Linear(2, 3, bias=True)\n"
                             "    (1): ReLU()\n"
                             "  )\n"
                             "  (act): Empty()\n"
                             ")")


def test_astype_converts_floating_point_buffers_too():
    bn = nn.BatchNorm1d(2).astype(np.float16)
    assert bn.running_mean.dtype == np.float16 and bn.running_var.dtype == np.float16
    assert bn.gamma.dtype == np.float16


# --- state -------------------------------------------------------------------------------------


def test_load_state_dict_takes_parameters_tensors_and_nested_lists():
    source, target = nn.Linear(2, 2, rng=0), nn.Linear(2, 2, rng=1)
    target.load_state_dict(dict(source.named_parameters()))  # Parameters: they require grad
    assert np.array_equal(target.W.data, source.W.data) and np.array_equal(target.b.data, source.b.data)
    target.load_state_dict({"W": Tensor([[1.0, 2.0], [3.0, 4.0]]), "b": [5.0, 6.0]})
    assert np.array_equal(target.W.data, [[1.0, 2.0], [3.0, 4.0]])
    assert np.array_equal(target.b.data, [5.0, 6.0]) and target.b.dtype == np.float32


def test_a_loaded_buffer_keeps_the_models_dtype():
    bn = nn.BatchNorm1d(2)
    bn.load_state_dict({k: v.astype(np.float64) + 0.5 for k, v in bn.state_dict().items()})
    assert bn.running_mean.dtype == np.float32 and bn.running_var.dtype == np.float32
    assert np.array_equal(bn.running_var, [1.5, 1.5])


def test_a_value_that_is_not_a_number_is_refused_naming_the_key():
    layer = nn.Linear(2, 1)
    with pytest.raises(ValueError, match=r"- b: expected numbers, got dtype <U1"):
        layer.load_state_dict({"W": layer.W.data, "b": np.array(["x"])})


class Counter(nn.Module):
    """An integer buffer (a step count) next to a float16 parameter."""

    def __init__(self):
        super().__init__()
        self.register_buffer("steps", np.zeros(2, np.int32))
        self.W = nn.Parameter(np.zeros(2, np.float16))

    def forward(self, x):
        return x


def load_without_warnings(module, state):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a refused load is one ValueError, never a NumPy warning
        module.load_state_dict(state)


def test_an_integer_buffer_accepts_its_whole_range_and_refuses_beyond_it():
    m = Counter()
    low, high = np.iinfo(np.int32).min, np.iinfo(np.int32).max
    load_without_warnings(m, {"steps": np.array([low, high], np.float64), "W": np.zeros(2)})
    assert np.array_equal(m.steps, [low, high]) and m.steps.dtype == np.int32
    for bad in ([0.0, 1e10], [-1e10, 0.0], [np.nan, 0.0]):
        with pytest.raises(ValueError, match=r"steps: .*(do not fit int32|NaN or infinite)"):
            load_without_warnings(m, {"steps": np.array(bad), "W": np.zeros(2)})
        assert np.array_equal(m.steps, [low, high])  # nothing changed


def test_integers_that_do_not_fit_the_target_are_refused_too():
    m = Counter()
    with pytest.raises(ValueError, match=r"steps: values from 3 to 1.1e\+12 do not fit int32"):
        load_without_warnings(m, {"steps": np.array([3, 2**40], np.int64), "W": np.zeros(2)})
    with pytest.raises(ValueError, match=r"W: 1 values overflow float16 \(largest magnitude 7e\+04"):
        load_without_warnings(m, {"steps": np.zeros(2, np.int32), "W": np.array([70000, 1])})
    assert np.array_equal(m.steps, [0, 0]) and np.array_equal(m.W.data, [0, 0])
    m.load_state_dict({"steps": np.zeros(2, np.int64), "W": np.array([70000, 1])},
                      allow_nonfinite=True)  # overflow to infinity on purpose
    assert m.W.data[0] == np.inf


def test_load_is_strict_by_default_and_strict_false_loads_what_fits(tmp_path):
    path = tmp_path / "partial.npz"
    np.savez(path, W=np.full((2, 1), 7.0, np.float32), extra=np.zeros(3))
    layer = nn.Linear(2, 1)
    with pytest.raises(ValueError, match=r"unexpected arrays .*'extra'.*missing arrays .*'b'"):
        layer.load(path)
    layer.load(path, strict=False)
    assert np.array_equal(layer.W.data, [[7.0], [7.0]])


# --- hooks -------------------------------------------------------------------------------------


def test_a_hook_returning_none_leaves_the_next_hook_its_turn():
    layer = nn.Linear(2, 1, rng=0)
    order = []
    layer.register_full_backward_hook(lambda m, gi, go: order.append("first"))
    layer.register_full_backward_hook(lambda m, gi, go: (order.append("second"), (gi[0] * 0,))[1])
    x = Tensor(np.ones((1, 2)), requires_grad=True)
    layer(x).sum().backward()
    assert order == ["first", "second"] and np.array_equal(x.grad.data, [[0.0, 0.0]])


def test_a_one_input_hook_may_return_the_gradient_itself_not_a_tuple():
    layer = Empty()
    layer.register_full_backward_hook(lambda m, gi, go: gi[0] * 3)
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    layer(x * 1).sum().backward()
    assert np.array_equal(x.grad.data, [3.0, 3.0])


def test_a_bare_gradient_for_two_inputs_is_refused_not_split_along_its_rows():
    m = Pair()
    m.register_full_backward_hook(lambda mod, gi, go: gi[0])
    a = Tensor(np.ones((2, 2)), requires_grad=True)
    b = Tensor(np.ones((2, 2)), requires_grad=True)
    with pytest.raises(ValueError, match="returned 1 gradients for 2 tensor inputs"):
        m(a, b).sum().backward()


@pytest.mark.parametrize("two_inputs", [False, True], ids=["one input", "two inputs"])
def test_a_hook_may_return_numpy_arrays_or_lists_as_gradients(two_inputs):
    x = Tensor(np.array([1.0, 2.0], np.float32), requires_grad=True)
    y = Tensor(np.array([1.0, 2.0], np.float32), requires_grad=True)
    if two_inputs:
        m = Pair()
        m.register_full_backward_hook(lambda mod, gi, go: (np.array([0.5, 0.25]), [3, 4]))
        m(x, y).sum().backward()
        assert np.array_equal(y.grad.data, [3.0, 4.0]) and y.grad.dtype == np.float32
    else:
        m = Empty()
        m.register_full_backward_hook(lambda mod, gi, go: ([0.5, 0.25],))
        m(x).sum().backward()
    assert np.array_equal(x.grad.data, [0.5, 0.25]) and x.grad.dtype == np.float32


def test_inputs_of_different_dtypes_reach_forward_unchanged_through_a_backward_hook():
    m = Pair()
    m.register_full_backward_hook(lambda mod, gi, go: None)
    a = Tensor(np.array([1.0, 2.0], np.float32), requires_grad=True)
    b = Tensor(np.array([0.5, 0.25], np.float16), requires_grad=True)
    y = m(a, b, scale=2.0)
    given_a, given_b, _ = m.given
    assert (given_a.dtype, given_b.dtype) == (np.float32, np.float16)
    assert np.array_equal(given_b.data, [0.5, 0.25]) and np.array_equal(y.data, [2.5, 4.25])
    y.sum().backward()
    assert a.grad.dtype == np.float32 and b.grad.dtype == np.float16
    assert np.array_equal(a.grad.data, [2.0, 2.0]) and np.array_equal(b.grad.data, [1.0, 1.0])


def graph_symbols(t):
    """The symbols of every op recorded behind ``t``."""
    seen, stack, symbols = set(), [t], []
    while stack:
        node = stack.pop()
        if node.creator is None or id(node) in seen:
            continue
        seen.add(id(node))
        symbols.append(node.creator.symbol)
        stack.extend(node.creator.inputs)
    return symbols


def test_a_backward_hook_adds_no_cast_when_the_inputs_share_a_dtype():
    m = Pair()
    m.register_full_backward_hook(lambda mod, gi, go: None)
    a = Tensor(np.ones(2, np.float32), requires_grad=True)
    b = Tensor(np.ones(2, np.float32), requires_grad=True)
    assert "cast" not in graph_symbols(m(a, b))


class Scores(nn.Module):
    """A module whose forward gives a Tensor with a label, or a plain number."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def forward(self, x):
        if self.kind == "number":
            return 0.75
        if self.kind == "constant":
            return x * 2, Tensor(np.zeros(2))
        return x * 2, "label"


@pytest.mark.parametrize("kind", ["number", "constant", "label"])
def test_outputs_that_are_not_trained_tensors_pass_a_backward_hook_unchanged(kind):
    m = Scores(kind)
    m.register_full_backward_hook(lambda mod, gi, go: None)
    x = Tensor(np.ones(2), requires_grad=True)
    out = m(x)
    if kind == "number":
        assert out == 0.75
        return
    y, other = out
    if kind == "label":
        assert other == "label"
    else:
        assert isinstance(other, Tensor) and not other.requires_grad
    y.sum().backward()
    assert np.array_equal(x.grad.data, [2.0, 2.0])
