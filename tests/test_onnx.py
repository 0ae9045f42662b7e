"""ONNX export: the exported file, run in ONNX Runtime, computes what the engine computes.

Every model is trained a few steps first (so the weights are not the initial ones), exported with
one batch size and run with that and another; max |ONNX Runtime - engine| <= 1e-5 in float32.
"""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

onnx = pytest.importorskip("onnx")  # CI installs both through the test extra
ort = pytest.importorskip("onnxruntime")

import tinygrad_ko as tk  # noqa: E402
from tinygrad_ko import Tensor, cli, concatenate, models, nn, no_grad, stack  # noqa: E402
from tinygrad_ko.autograd.function import Function  # noqa: E402
from tinygrad_ko.autograd.graph import topological_order  # noqa: E402
from tinygrad_ko.datasets import load_mnist_mini  # noqa: E402
from tinygrad_ko.nn import functional as F  # noqa: E402
from tinygrad_ko.nn import optim  # noqa: E402
from tinygrad_ko.onnx import ExportError, export  # noqa: E402

TOLERANCE = 1e-5
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def mnist():
    (x_train, t_train), (x_test, _) = load_mnist_mini(flatten=False)
    return x_train[:64], t_train[:64], x_test[:24]


def session(proto):
    return ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])


def engine(model, *xs):
    """The engine's own forward pass, as predict() runs it: eval mode, no graph."""
    modes = [m.training for m in model.modules()] if isinstance(model, nn.Module) else []
    if modes:
        model.eval()
    try:
        with no_grad():
            out = model(*[Tensor(x) for x in xs])
    finally:
        for m, mode in zip(model.modules() if modes else [], modes):
            object.__setattr__(m, "training", mode)
    return out


def assert_runs_the_same(model, proto, *batches):
    """Each batch through ONNX Runtime and through the engine: max abs difference <= 1e-5."""
    sess = session(proto)
    names = [i.name for i in sess.get_inputs()]
    for xs in batches:
        xs = xs if isinstance(xs, tuple) else (xs,)
        got = sess.run(None, dict(zip(names, xs)))
        want = engine(model, *xs)
        want = want if isinstance(want, tuple) else (want,)
        for g, w in zip(got, want):
            assert g.shape == w.shape and g.dtype == w.dtype
            assert np.max(np.abs(g - w.data)) <= TOLERANCE, np.max(np.abs(g - w.data))


def train_a_few_steps(model, x, t, steps, batch):
    optimizer = optim.Adam(model.parameters(), lr=1e-2)
    before = [p.data.copy() for p in model.parameters()]
    model.train()
    for step in range(steps):
        rows = slice(step * batch % len(x), step * batch % len(x) + batch)
        optimizer.zero_grad()
        model.loss(x[rows], t[rows]).backward()
        optimizer.step()
    assert all(not np.array_equal(b, p.data) for b, p in zip(before, model.parameters()))


BOOK_MODELS = {
    "TwoLayerNet": (lambda: models.TwoLayerNet(784, 50, 10, weight_init_std=0.1, seed=1), True, 6, 16),
    "MultiLayerNetExtend": (lambda: models.MultiLayerNet(784, [40, 30], 10, use_batchnorm=True,
                                                        use_dropout=True, dropout_ratio=0.3, seed=2),
                            True, 6, 16),
    "SimpleConvNet": (lambda: models.SimpleConvNet(conv_param={'filter_num': 8, 'filter_size': 5,
                                                               'pad': 0, 'stride': 1},
                                                   hidden_size=30, weight_init_std=0.1, seed=3),
                      False, 4, 16),
    "DeepConvNet": (lambda: models.DeepConvNet(seed=4), False, 2, 8),
}


@pytest.mark.parametrize("name", list(BOOK_MODELS))
def test_book_model_runs_the_same_in_onnxruntime(name, mnist, tmp_path):
    make, flat, steps, batch = BOOK_MODELS[name]
    x_train, t_train, x_test = mnist
    if flat:
        x_train, x_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)
    model = make()
    train_a_few_steps(model, x_train, t_train, steps, batch)
    model.Affine1.eval()  # a mixed mode: export must restore each module's own

    path = tmp_path / f"{name}.onnx"
    proto = export(model, x_test[:5], path)

    assert model.training and not model.Affine1.training and model.Affine2.training
    loaded = onnx.load(path)
    onnx.checker.check_model(loaded, full_check=True)
    assert loaded.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"
    if name == "SimpleConvNet":  # flatten with a dynamic batch: Reshape(x, [0, -1])
        shape = next(i for i in loaded.graph.initializer if i.name == "SimpleConvNet/Affine1/Reshape/shape")
        assert onnx.numpy_helper.to_array(shape).tolist() == [0, -1]
    params = {init.name for init in loaded.graph.initializer}
    assert {n for n, _ in model.named_parameters()} <= params  # named like state_dict
    assert_runs_the_same(model, proto, x_test[:5], x_test[5:18], x_test[18:19])


def test_batchnorm_and_dropout_export_their_eval_behaviour(mnist):
    model = nn.Sequential(nn.Linear(784, 20), nn.BatchNorm1d(20), nn.ReLU(), nn.Dropout(0.5))
    model[1].running_mean = np.linspace(-1, 1, 20, dtype=np.float32)
    model[1].running_var = np.linspace(0.5, 2, 20, dtype=np.float32)
    x = mnist[2].reshape(24, -1)
    proto = export(model, x[:3], None)
    ops = [n.op_type for n in proto.graph.node]
    assert "Dropout" not in ops and "ReduceMean" not in ops  # running statistics, no batch ones
    assert_runs_the_same(model, proto, x[:3], x[3:10])


def test_without_dynamic_batch_the_shape_is_fixed(mnist):
    model = models.SimpleConvNet(seed=0)
    proto = export(model, mnist[2][:4], None, dynamic_batch=False)
    dims = proto.graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_value for d in dims] == [4, 1, 28, 28]
    nodes = {n.name: n.op_type for n in proto.graph.node}
    assert nodes["SimpleConvNet/Conv1/Conv2d"] == "Conv"
    assert nodes["SimpleConvNet/Pool1/MaxPool2d"] == "MaxPool"
    assert nodes["SimpleConvNet/Affine1/Affine"] == nodes["SimpleConvNet/Affine2/Affine"] == "Gemm"
    assert_runs_the_same(model, proto, mnist[2][4:8])


class HandWrittenAffine(nn.Module):
    """The Affine layer written with the operators, as the book writes it: two graph nodes."""

    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(1)
        self.W = nn.Parameter(rng.standard_normal((3, 4)).astype(np.float32))
        self.b = nn.Parameter(rng.standard_normal(4).astype(np.float32))

    def forward(self, x):
        return (x @ self.W + self.b).relu()


def test_linear_and_hand_written_x_at_w_plus_b_both_export_one_gemm():
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    hand, layer = HandWrittenAffine(), nn.Sequential(nn.Linear(3, 4), nn.ReLU())
    assert [t._ctx.name for t in topological_order([hand(Tensor(x))]) if t._ctx] == ["MatMul", "Add", "ReLU"]
    assert [t._ctx.name for t in topological_order([layer(Tensor(x))]) if t._ctx] == ["Affine", "ReLU"]
    for model in (hand, layer):
        proto = export(model, x[:2], None)
        assert [n.op_type for n in proto.graph.node] == ["Gemm", "Relu", "Identity"]  # (output name)
        assert_runs_the_same(model, proto, x)


def test_names_opset_and_float64_model():
    model = nn.Sequential(nn.Linear(3, 4, dtype=np.float64), nn.Tanh()).astype(np.float64)
    x = np.random.default_rng(0).standard_normal((2, 3))
    proto = export(model, x, None, opset=13, input_names=["features"], output_names=["scores"])
    assert proto.opset_import[0].version == 13
    assert [i.name for i in proto.graph.input] == ["features"]
    assert [o.name for o in proto.graph.output] == ["scores"]
    assert_runs_the_same(model, proto, x, x[:1])


# --- a function of tensors, with every shape op ----------------------------------------------------
@pytest.mark.parametrize("opset", [13, 17, 18, 21])
def test_function_with_shape_ops_runs_the_same(opset):
    rng = np.random.default_rng(0)
    W = Tensor(rng.standard_normal((6, 4)).astype(np.float32), requires_grad=True, name="W")
    scale = Tensor(rng.random((1, 4)).astype(np.float32) + 0.5, requires_grad=True)

    def f(x, y):
        h = (x.reshape(x.shape[0], -1) @ W) / scale - 0.5
        h = concatenate([h, h.exp().log(), (h * h).sqrt(), h ** 3, -h], axis=1)    # (N, 20)
        g = stack([h[:, 1:7], h[:, ::-2][:, :6], h[:, [0, 3, 3, 19]].sum(axis=1, keepdims=True)
                   .broadcast_to((h.shape[0], 6))], axis=1)                          # (N, 3, 6)
        g = g.transpose(0, 2, 1).reshape(-1, 18).sigmoid() + y[:, None, 0].relu()
        return g.softmax(axis=1), g.log_softmax().mean(axis=0), g.max(axis=1) + h[-1, 2]

    x, y = rng.standard_normal((3, 2, 3)).astype(np.float32), rng.random((3, 5)).astype(np.float32)
    proto = export(f, (x, y), None, opset=opset)
    x2, y2 = rng.standard_normal((7, 2, 3)).astype(np.float32), rng.random((7, 5)).astype(np.float32)
    assert_runs_the_same(f, proto, (x, y), (x2, y2))
    assert [o.name for o in proto.graph.output] == ["output0", "output1", "output2"]


def test_outputs_that_are_an_input_or_a_parameter():
    x = np.ones((2, 3), np.float32)
    f = lambda x: (x, W3, x * 2.0)  # noqa: E731
    proto = export(f, x, None)
    got = session(proto).run(None, {"input": x[:1]})
    assert np.array_equal(got[0], x[:1]) and np.array_equal(got[1], W3.data)
    assert np.array_equal(got[2], 2 * x[:1]) and got[2].dtype == np.float32


@pytest.mark.parametrize("index", [
    (slice(None), 0), (Ellipsis, slice(1, None)), (slice(None), slice(None, None, -1)),
    (slice(None), None, slice(2, -1, 2)), (slice(None), -1), (slice(None), slice(-2, None, -3)),
    (slice(None), np.array([True, False, True, True, False, False])), (slice(1, None), 2),
    (-1,), (slice(None, None, -1), slice(5, 0, -2)),
])
def test_indexing_runs_the_same(index):
    W = Tensor(np.ones((6, 6), np.float32), requires_grad=True)
    x = np.random.default_rng(1).standard_normal((4, 6)).astype(np.float32)
    f = lambda x: (x @ W)[index]  # noqa: E731
    proto = export(f, x, None)
    assert_runs_the_same(f, proto, x, x[:3] * 2)


# --- the activations and transposed convolution of nn ----------------------------------------------
class Decoder(nn.Module):
    """Conv2d → LeakyReLU → ConvTranspose2d (stride 2, output_padding 1) → ELU → ConvTranspose2d."""

    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(0)
        self.Conv = nn.Conv2d(2, 4, 3, padding=1, rng=rng)
        self.Leaky = nn.LeakyReLU(0.1)
        self.Up = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1, rng=rng)
        self.Elu = nn.ELU(0.7)
        self.Out = nn.ConvTranspose2d(3, 1, 2, bias=False, rng=rng)

    def forward(self, x):
        return self.Out(self.Elu(self.Up(self.Leaky(self.Conv(x)))))


def test_leaky_relu_and_conv_transpose2d_run_the_same():
    model = Decoder()
    model.Up.b.data[...] = np.linspace(-1, 1, 3, dtype=np.float32)
    x = np.random.default_rng(1).standard_normal((2, 2, 5, 5)).astype(np.float32)
    proto = export(model, x, None)
    nodes = {n.name: n for n in proto.graph.node}
    assert nodes["Decoder/Leaky/LeakyReLU"].op_type == "LeakyRelu"
    assert nodes["Decoder/Leaky/LeakyReLU"].attribute[0].f == pytest.approx(0.1)
    up = nodes["Decoder/Up/Col2im"]
    assert up.op_type == "ConvTranspose" and list(up.input) == ["Decoder/Leaky/LeakyReLU:0", "Up.W"]
    assert {a.name: list(a.ints) for a in up.attribute}["output_padding"] == [1, 1]
    assert "MatMul" not in {n.op_type for n in proto.graph.node}  # the recorded steps became one op
    assert_runs_the_same(model, proto, x, np.random.default_rng(2).standard_normal((6, 2, 5, 5))
                         .astype(np.float32))


def test_functional_conv_transpose2d_with_stride_padding_and_bias():
    rng = np.random.default_rng(3)
    W = Tensor(rng.standard_normal((3, 2, 3, 2)).astype(np.float32), requires_grad=True)
    b = Tensor(rng.standard_normal(2).astype(np.float32), requires_grad=True)
    f = lambda x: F.conv_transpose2d(x, W, b, stride=(3, 2), padding=(1, 0), output_padding=(2, 1))  # noqa: E731
    x = rng.standard_normal((1, 3, 4, 3)).astype(np.float32)
    proto = export(f, x, None)
    assert_runs_the_same(f, proto, x, rng.standard_normal((3, 3, 4, 3)).astype(np.float32))


@pytest.mark.parametrize("opset", [13, 17])
def test_math_ops_and_activations_run_the_same(opset):
    rng = np.random.default_rng(4)
    W = Tensor(rng.standard_normal((4, 6)).astype(np.float32), requires_grad=True)
    mask = rng.random((1, 6)) > 0.5

    def f(x):
        h = x @ W
        a = concatenate([h.abs().sin(), h.cos(), (h * 0.3).tan(), h.erf(), h.clip(-0.5, 0.7),
                         h.clip(min=0.1), h.clip(max=-0.2), h.maximum(h.tanh()), tk.minimum(h, 0.25),
                         tk.where(mask, h, -h), h.flip(1), h.clone()], axis=1)                # (N, 72)
        # (exact and tanh GELU of the same tensor trip an optimizer bug of ONNX Runtime 1.32: h + 1)
        g = concatenate([h.gelu(), (h + 1).gelu(approximate="tanh"), h.silu(), h.softplus(), h.softplus(2.0),
                         h.log_sigmoid(), h.elu(0.5), h.leaky_relu(negative_slope=0.3)], axis=1)
        p = h.unsqueeze(1).pad(((0, 0), (1, 2), (0, 1)), value=0.5).squeeze(1)[:, 1]        # (N, 7)
        e = tk.einsum("ni,nj->nij", h, h).permute(0, 2, 1).reshape(h.shape[0], -1)          # (N, 36)
        return a, g, p, e

    x = rng.standard_normal((2, 4)).astype(np.float32)
    proto = export(f, x, None, opset=opset)
    assert_runs_the_same(f, proto, x, rng.standard_normal((5, 4)).astype(np.float32) * 3)


def test_a_mask_computed_from_the_input_is_refused():
    f = lambda x: tk.where(x.data > 0, x @ W3, 0.0)  # noqa: E731
    x = np.arange(-3, 3, dtype=np.float32).reshape(2, 3)
    for dynamic in (True, False):
        with pytest.raises(ExportError, match=r"Where .*its condition changed when the input changed"):
            export(f, x, None, dynamic_batch=dynamic)


# --- random small Sequential models -------------------------------------------------------------
def extra_layers(draw, names, channels, rng):
    """Up to two layers drawn from ``names``; BatchNorm gets random running statistics."""
    made = []
    for name in draw(st.lists(st.sampled_from(names), max_size=2)):
        if name.startswith("bn"):
            layer = (nn.BatchNorm2d if name == "bn2d" else nn.BatchNorm1d)(channels)
            layer.running_mean = rng.standard_normal(channels).astype(np.float32)
            layer.running_var = rng.random(channels).astype(np.float32) + 0.5
        else:
            layer = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "softmax": nn.Softmax,
                     "dropout": lambda: nn.Dropout(0.4, seed=0), "leaky": lambda: nn.LeakyReLU(0.2),
                     "elu": nn.ELU, "gelu": nn.GELU, "silu": nn.SiLU, "softplus": nn.Softplus}[name]()
        made.append(layer)
    return made


@st.composite
def sequential_models(draw):
    """A random small network and two batches of different sizes: conv blocks (conv, activation,
    BatchNorm2d, max/avg pooling) or none, then fully connected blocks with the activations,
    BatchNorm1d and Dropout of nn."""
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    layers, conv = [], draw(st.booleans())
    shape = (draw(st.integers(1, 3)), 8, 8) if conv else (draw(st.integers(1, 6)),)
    in_shape = shape
    if conv:
        for _ in range(draw(st.integers(1, 2))):
            c_out, k, pad = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(0, 1))
            stride = draw(st.integers(1, 2))
            if draw(st.booleans()):
                layers.append(nn.Conv2d(shape[0], c_out, k, stride=stride, padding=pad, rng=rng))
                size = (shape[1] + 2 * pad - k) // stride + 1
            else:  # output_padding < stride; the output must keep at least one pixel
                extra = draw(st.integers(0, stride - 1))
                pad = min(pad, (k + extra) // 2)
                layers.append(nn.ConvTranspose2d(shape[0], c_out, k, stride=stride, padding=pad,
                                                 output_padding=extra, bias=draw(st.booleans()), rng=rng))
                size = (shape[1] - 1) * stride - 2 * pad + k + extra
            shape = (c_out, size, size)
            layers += extra_layers(draw, ["relu", "tanh", "bn2d", "leaky", "elu"], c_out, rng)
            if shape[1] >= 2 and draw(st.booleans()):
                layers.append(draw(st.sampled_from([nn.MaxPool2d, nn.AvgPool2d]))(2))
                shape = (shape[0], shape[1] // 2, shape[2] // 2)
        layers.append(draw(st.sampled_from([nn.GlobalAvgPool2d, nn.Flatten]))())
        shape = (shape[0],) if isinstance(layers[-1], nn.GlobalAvgPool2d) else (int(np.prod(shape)),)
    for _ in range(draw(st.integers(1, 3))):
        width = draw(st.integers(1, 7))
        layers.append(nn.Linear(shape[0], width, rng=rng))
        shape = (width,)
        layers += extra_layers(draw, ["relu", "sigmoid", "tanh", "bn1d", "dropout", "leaky", "gelu",
                                      "silu", "softplus"], width, rng)
    layers += extra_layers(draw, ["softmax", "relu"], shape[0], rng)[:1]
    first = layers[0]
    in_shape = (first.in_channels,) + in_shape[1:] if conv else in_shape
    batches = [rng.standard_normal((n,) + in_shape).astype(np.float32)
               for n in (draw(st.integers(1, 4)), draw(st.integers(1, 6)))]
    return nn.Sequential(*layers), batches


@given(sequential_models())
def test_random_sequential_models_run_the_same(case):
    model, (x, x_other) = case
    proto = export(model, x, None)
    assert_runs_the_same(model, proto, x, x_other)


# --- what cannot be exported says so --------------------------------------------------------------
class Cube(Function):
    """An op of the user's own: the engine runs it, ONNX has no converter for it."""

    def forward(self, x):
        return x ** 3

    def backward(self, dz):
        return (dz * 3,)


class Block(nn.Module):
    def forward(self, x):
        return Cube.apply(x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.Affine = nn.Linear(3, 3)
        self.Block = Block()

    def forward(self, x):
        return self.Block(self.Affine(x))


def test_an_op_without_converter_is_named_with_its_layer(tmp_path):
    path = tmp_path / "net.onnx"
    with pytest.raises(ExportError, match=r"cannot export Cube at Net/Block to ONNX: .*no ONNX "
                                          r"converter.*Exportable ops: .*Conv2d"):
        export(Net(), np.ones((2, 3), np.float32), path)
    assert not path.exists()


def test_the_loss_is_refused_with_its_reason():
    model = models.TwoLayerNet(4, 3, 2, seed=0)
    with pytest.raises(ExportError, match=r"SoftmaxCrossEntropy .*it is the loss.*not model\.loss"):
        export(lambda x: model.loss(x, np.array([0, 1])), np.ones((2, 4), np.float32), None)


W3 = Tensor(np.eye(3, dtype=np.float32), requires_grad=True)


@pytest.mark.parametrize("f, message", [
    (lambda x: (x @ W3) * Tensor(x.data.mean()), r"changed when the input changed: .*outside the graph"),
    (lambda x: F.dropout(x @ W3, 0.5, training=True), r"dropout mask in training mode"),
    (lambda x: (x @ W3) + Tensor(np.ones(x.shape, np.float32)), r"changed shape .*dynamic_batch=False"),
    (lambda x: (x @ W3).relu() if x.shape[0] < 3 else (x @ W3).tanh(), r"different graph .*ReLU"),
    (lambda x: (x @ W3).sum(axis=0).broadcast_to((x.shape[0] ** 2, 3)),
     r"BroadcastTo .*shape \(4, 3\) became \(9, 3\).*only multiples of the batch.*dynamic_batch=False"),
])
def test_what_a_file_cannot_hold_is_refused(f, message):
    with pytest.raises(ExportError, match=message):
        export(f, np.arange(6, dtype=np.float32).reshape(2, 3), None)


def test_randomness_is_refused_with_a_fixed_batch_too():
    with pytest.raises(ExportError, match=r"changed when the input changed.*drawn at random"):
        # 16 × 3 outputs: two runs draw the same dropout mask with probability 2⁻⁴⁸ (6 outputs: 1/64)
        export(lambda x: F.dropout(x @ W3, 0.5, training=True), np.ones((16, 3), np.float32), None,
               dynamic_batch=False)


def test_a_batch_shaped_constant_exports_with_a_fixed_batch():
    f = lambda x: (x @ W3) + Tensor(np.arange(6, dtype=np.float32).reshape(2, 3))  # noqa: E731
    x = np.ones((2, 3), np.float32)
    assert_runs_the_same(f, export(f, x, None, dynamic_batch=False), x, x * 3)


def test_bad_arguments_are_explained(tmp_path):
    x, model = np.ones((1, 3), np.float32), nn.Linear(3, 2)
    with pytest.raises(ValueError, match=r"opset must be an integer from 13 to \d+.*got 5"):
        export(model, x, None, opset=5)
    with pytest.raises(ValueError, match=r"input_names must be 1 different non-empty strings.*\['a', 'b'\]"):
        export(model, x, None, input_names=["a", "b"])
    with pytest.raises(FileNotFoundError, match="does not exist"):
        export(model, x, tmp_path / "missing" / "m.onnx")
    with pytest.raises(TypeError, match="needs a Module or a function"):
        export("model.npz", x, None)
    with pytest.raises(TypeError, match="must hold numbers"):
        export(model, np.array([["a", "b", "c"]]), None)
    with pytest.raises(ExportError, match=r"shape \(\).*dynamic_batch=False"):
        export(lambda v: v * W3[0, 0], np.float32(2), None)


def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    """export writes through atomic_files like every saver: a write that fails (disk full) leaves
    the existing model as it was, its mode kept, and no temporary file; a writer killed with
    kill -9 leaves its .tmp-<pid>-xxxxxxxx.onnx, which the next export into that folder removes."""
    import os
    x, model = np.ones((1, 3), np.float32), nn.Linear(3, 2)
    path = tmp_path / "m.onnx"
    export(model, x, path)
    path.chmod(0o600)
    good = path.read_bytes()

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", disk_full)
        with pytest.raises(OSError, match="No space left"):
            export(nn.Linear(3, 2), x, path)
    assert path.read_bytes() == good and os.listdir(tmp_path) == ["m.onnx"]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = tmp_path / f".tmp-{dead}-ab12cd34.onnx"  # what a killed export leaves
    leftover.write_bytes(good[:10])
    mine = tmp_path / ".tmp-notes.onnx"  # not a name the writer makes: never touched
    mine.write_text("keep")
    export(model, x, path)
    assert sorted(os.listdir(tmp_path)) == [".tmp-notes.onnx", "m.onnx"]
    assert (path.stat().st_mode & 0o777) == 0o600 and onnx.load(str(path)).graph.node


def test_without_onnx_the_message_names_the_pip_install(tmp_path):
    hide = "import sys; sys.modules['onnx'] = None\n"
    probe = hide + "try:\n    import tinygrad_ko.onnx\nexcept ImportError as err:\n    print(err)\n"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert 'pip install "tinygrad_ko[onnx]"' in done.stdout, done.stderr
    models.TwoLayerNet(784, 5, 10).save(tmp_path / "w.npz")
    cmd = hide + f"from tinygrad_ko.cli import main; sys.exit(main(['export', '--model', 'two-layer', " \
                 f"'--weights', {str(tmp_path / 'w.npz')!r}]))"
    done = subprocess.run([sys.executable, "-c", cmd], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and 'pip install "tinygrad_ko[onnx]"' in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "two-layer.onnx").exists()


# --- the demo's command, the CLI and the README's lines -------------------------------------------
def readme_onnx_code() -> str:
    """The Python block of the README's ONNX section, exactly as printed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## ONNX로 내보내기 / Exporting to ONNX"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_demo_command_exports_what_it_trained_and_the_readme_classifies_a_digit(tmp_path, monkeypatch,
                                                                              capsys):
    monkeypatch.chdir(tmp_path)
    out = Path("out/demo")
    out.mkdir(parents=True)
    cli.demo_convnet(out, epochs=1, quick=True)
    printed = capsys.readouterr().out
    command = re.search(r"python -m tinygrad_ko (export .*)", printed).group(1).split()
    assert cli.main(command[:-1] + ["model.onnx"]) == 0  # the demo's command, writing model.onnx
    assert "wrote model.onnx" in capsys.readouterr().out

    exec(compile(readme_onnx_code(), "README.md", "exec"), {})
    predicted, label = re.fullmatch(r"predicted (\d) label (\d)\n", capsys.readouterr().out).groups()
    trained = models.SimpleConvNet().load(out / "simple_convnet_best.npz")
    x_test, t_test = load_mnist_mini(flatten=False)[1]
    assert int(label) == t_test[0]
    assert int(predicted) == int(np.argmax(trained.predict(x_test[:1]).data))
    assert_runs_the_same(trained, onnx.load("model.onnx"), x_test[:30])


def test_cli_export_of_each_model(tmp_path, capsys):
    for name in ("two-layer", "mlp", "deep-convnet"):
        model = cli.build_model(name)
        model.save(tmp_path / f"{name}.npz")
        output = tmp_path / f"{name}.onnx"
        code = cli.main(["export", "--model", name, "--weights", str(tmp_path / f"{name}.npz"),
                         "-o", str(output), "--opset", "18"])
        assert code == 0 and f"wrote {output}" in capsys.readouterr().out
        proto = onnx.load(output)
        assert proto.opset_import[0].version == 18
        x = np.random.default_rng(0).random((3,) + ((1, 28, 28) if "conv" in name else (784,)),
                                            dtype=np.float32)
        assert_runs_the_same(model, proto, x)
    assert cli.main(["export", "--model", "mlp", "--weights", str(tmp_path / "two-layer.npz")]) == 2
    err = capsys.readouterr().err  # the wrong architecture's weights: one line naming the file
    assert err.startswith("error: ") and "two-layer.npz" in err and "Traceback" not in err
