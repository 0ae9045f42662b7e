"""Module hooks (issue 11 item 4): register_forward_hook (PyTorch's fn(module, inputs, output); a
returned value replaces the output) and register_full_backward_hook (fn(module, grad_input,
grad_output); a returned tuple replaces grad_input), each with a removable handle."""

import numpy as np
import pytest

import tinygrad_ko as tk
import tinygrad_ko.nn as nn
from tinygrad_ko import Tensor


def mlp():
    return nn.Sequential(nn.Linear(3, 4, rng=0), nn.ReLU(), nn.Linear(4, 2, rng=1)).astype(np.float64)


def data(requires_grad=True):
    x = np.random.default_rng(0).standard_normal((5, 3))
    return Tensor(x, requires_grad=requires_grad)


def test_forward_hook_sees_inputs_and_output_and_can_be_removed():
    net = mlp()
    seen = []
    handle = net[0].register_forward_hook(lambda m, inputs, out: seen.append((m, inputs, out)))
    x = data()
    y = net(x)
    (module, inputs, out), = seen
    assert module is net[0] and inputs[0] is x and out.shape == (5, 4)
    np.testing.assert_allclose(out.data, x.data @ net[0].W.data + net[0].b.data)
    assert y.shape == (5, 2)
    handle.remove()
    handle.remove()  # twice is harmless
    net(x)
    assert len(seen) == 1


def test_forward_hook_return_value_replaces_the_output_and_gradients_follow():
    net = mlp()
    net[1].register_forward_hook(lambda m, inputs, out: out * 0.0)
    x = data()
    y = net(x)
    np.testing.assert_allclose(y.data, np.broadcast_to(net[2].b.data, (5, 2)))
    y.sum().backward()
    assert np.all(x.grad.data == 0) and np.all(net[0].W.grad.data == 0)


def test_full_backward_hook_gets_gradients_of_inputs_and_outputs():
    net, reference = mlp(), mlp()
    calls = []
    net[2].register_full_backward_hook(lambda m, gi, go: calls.append((m, gi, go)))
    x = data()
    y = net(x)
    g = np.random.default_rng(1).standard_normal(y.shape)
    y.backward(g)
    (module, grad_input, grad_output), = calls
    assert module is net[2] and len(grad_input) == 1 and len(grad_output) == 1
    np.testing.assert_allclose(grad_output[0].data, g)
    np.testing.assert_allclose(grad_input[0].data, g @ net[2].W.data.T)  # d loss / d(layer input)
    x_ref = data()
    reference(x_ref).backward(g)
    np.testing.assert_allclose(x.grad.data, x_ref.grad.data)  # hooks do not change gradients


def test_full_backward_hook_can_replace_the_input_gradient():
    net = mlp()
    net[2].register_full_backward_hook(lambda m, gi, go: (gi[0] * 0.0,))
    x = data()
    net(x).sum().backward()
    assert np.all(x.grad.data == 0) and np.all(net[0].W.grad.data == 0)
    assert np.any(net[2].W.grad.data != 0)  # the layer's own parameters are above the hook


def test_full_backward_hook_on_a_first_layer_fed_with_data():
    net = mlp()
    calls = []
    handle = net[0].register_full_backward_hook(lambda m, gi, go: calls.append((gi, go)))
    net(data(requires_grad=False)).sum().backward()
    (grad_input, grad_output), = calls
    assert grad_input == (None,) and grad_output[0].shape == (5, 4)
    handle.remove()
    net(data(requires_grad=False)).sum().backward()
    assert len(calls) == 1


class Pair(nn.Module):
    def forward(self, a, b):
        return a * b, a + b


def test_full_backward_hook_with_several_inputs_and_outputs():
    calls = []
    module = Pair()
    module.register_full_backward_hook(lambda m, gi, go: calls.append((gi, go)) or
                                       (gi[0] * 2.0, None))
    a = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    b = Tensor(np.array([3.0, 4.0]), requires_grad=True)
    p, s = module(a, b)
    (p * 10.0 + s).sum().backward()
    (grad_input, grad_output), = calls
    np.testing.assert_allclose(grad_output[0].data, [10.0, 10.0])
    np.testing.assert_allclose(grad_output[1].data, [1.0, 1.0])
    np.testing.assert_allclose(grad_input[0].data, 10.0 * b.data + 1.0)
    np.testing.assert_allclose(grad_input[1].data, 10.0 * a.data + 1.0)
    np.testing.assert_allclose(a.grad.data, 2.0 * (10.0 * b.data + 1.0))  # replaced
    np.testing.assert_allclose(b.grad.data, 10.0 * a.data + 1.0)  # None keeps it


def test_backward_hooks_work_with_create_graph():
    net, reference = mlp(), mlp()
    seen = []
    net[2].register_full_backward_hook(lambda m, gi, go: seen.append(gi[0].requires_grad))
    for model in (net, reference):
        x = data()
        (gx,) = tk.grad(model(x).sum(), x, create_graph=True)
        (gx * gx).sum().backward()  # double backprop: the gradient graph passes the hook's node
    assert seen == [True]
    assert net[0].W.grad is not None and net[2].W.grad is not None
    for p, q in zip(net.parameters(), reference.parameters()):
        assert (p.grad is None) == (q.grad is None)
        if p.grad is not None:
            np.testing.assert_allclose(p.grad.data, q.grad.data)


def test_hook_errors_are_explained():
    net = mlp()
    with pytest.raises(TypeError, match="needs a function"):
        net.register_forward_hook(3)
    net[2].register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
    with pytest.raises(ValueError, match="returned 2 gradients for 1 tensor inputs"):
        net(data()).sum().backward()


def test_hooks_are_skipped_inside_no_grad():
    net = mlp()
    net[0].register_full_backward_hook(lambda m, gi, go: None)
    with tk.no_grad():
        y = net(data())
    assert y.creator is None


def test_the_module_hooks_example_measures_vanishing_gradients(tmp_path):
    import importlib
    import sys
    from pathlib import Path

    import matplotlib.image as mpimg

    examples = str(Path(__file__).resolve().parent.parent / "examples")
    sys.path.insert(0, examples)
    try:
        result = importlib.import_module("ch06_module_hooks").main(["--quick", "--out", str(tmp_path)])
    finally:
        sys.path.remove(examples)
    sigmoid, relu = result["results"]["sigmoid (Xavier)"], result["results"]["ReLU (He)"]
    assert len(sigmoid["gradient"]) == 6 and len(sigmoid["activation_std"]) == 5
    assert sigmoid["gradient"][0] < 1e-3 * sigmoid["gradient"][-1]  # vanishes towards the input
    assert max(relu["gradient"][:-1]) < 2 * min(relu["gradient"][:-1])  # stays level with ReLU
    assert sigmoid["hooks_left"] == relu["hooks_left"] == 0
    assert mpimg.imread(result["picture"]).shape[0] >= 150


def test_the_readme_hooks_section_runs_as_written():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 훅: 기울기와 층 들여다보기 / Hooks")[1].split("\n## ")[0]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    namespace = {}
    exec(code, namespace)
    assert 0 < namespace["spread"]["sigmoid"] < 0.5
    assert namespace["grads"]["dL_dx"].shape == (3, 8)
    model = namespace["model"]
    assert not any(m.__dict__.get("_forward_hooks") or m.__dict__.get("_backward_hooks")
                   for m in model.modules())


def test_a_copy_made_before_any_hook_gets_hooks_of_its_own():
    """The hook dicts are made by the first register_*_hook: a copy.copy taken before keeps its
    own (a dict made in __init__ would be shared by the copy and the original)."""
    import copy

    model = nn.Linear(2, 1)
    twin = copy.copy(model)
    calls = []
    twin.register_forward_hook(lambda m, inputs, out: calls.append("twin"))
    model(np.ones((1, 2)))
    assert calls == []
    twin(np.ones((1, 2)))
    assert calls == ["twin"]


def test_a_backward_hook_may_return_any_numbers_numpy_converts_to_the_gradients_dtype():
    """A full backward hook's replacement grad_input is converted straight to the gradient's
    dtype, so exact Python numbers work too (Fraction: rounded once, as float32(1/3) is)."""
    from fractions import Fraction

    model = nn.Linear(2, 1)
    model.register_full_backward_hook(lambda m, gi, go: [[[Fraction(1, 3), Fraction(2, 3)]]])
    x = Tensor(np.ones((1, 2), np.float32), requires_grad=True)
    model(x).sum().backward()
    assert x.grad.dtype == np.float32
    assert x.grad.data.tolist() == [[float(np.float32(1 / 3)), float(np.float32(2 / 3))]]
