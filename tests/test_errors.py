"""Errors that teach: each mistake gets a documented exception type and a message that names what
was given, what was expected and the fix (docs/reliability.md quotes these messages)."""

import re

import numpy as np
import pytest

from tinygrad_ko import Tensor, models, nn
from tinygrad_ko.models import TwoLayerNet
from tinygrad_ko.nn import functional as F
from tinygrad_ko.nn import optim

LOGITS = Tensor(np.zeros((2, 10)))


@pytest.mark.parametrize("make, error, pattern", [
    (lambda: Tensor(np.ones((2, 3))) @ Tensor(np.ones((4, 5))), ValueError,
     r"matmul shape mismatch: \(2, 3\) @ \(4, 5\).*Fix: transpose"),
    (lambda: Tensor(np.ones(3)) @ Tensor(np.ones((2, 4))), ValueError, r"\(3,\) @ \(2, 4\)"),
    (lambda: Tensor(np.ones((2, 3))) + Tensor(np.ones(4)), ValueError,
     r"Add \(\+\): shapes \(2, 3\) and \(4,\) do not broadcast.*Fix: reshape"),
    (lambda: Tensor(np.ones((2, 3))) * Tensor(np.ones((3, 2))), ValueError, "Mul.*do not broadcast"),
], ids=["matmul", "matmul-1d", "broadcast-add", "broadcast-mul"])
def test_shape_mismatches(make, error, pattern):
    with pytest.raises(error, match=pattern):
        make()


@pytest.mark.parametrize("labels, pattern", [
    ([0, 10], r"must lie in \[0, 9\] for 10 classes, got \[10\]"),
    ([0, -1], r"must lie in \[0, 9\]"),
    ([0, 1, 2], "got 3 labels for a batch of 2"),
    (np.eye(9)[:2], r"one-hot labels of shape \(2, 9\) do not fit logits of shape \(2, 10\)"),
    (np.array([0.0, np.nan]), "NaN or inf"),
    (np.array([0.0, np.inf]), "NaN or inf"),
    (np.array([0.5, 1.0]), "whole numbers"),
    (np.zeros((2, 10, 1)), r"N class indices"),
])
def test_cross_entropy_labels(labels, pattern):
    with pytest.raises(ValueError, match=pattern):
        F.cross_entropy(LOGITS, labels)


def test_cross_entropy_needs_2d_logits():
    with pytest.raises(ValueError, match=r"logits of shape \(N, K\).*got shape \(10,\)"):
        F.cross_entropy(Tensor(np.zeros(10)), [1])


@pytest.mark.parametrize("make, pattern", [
    (lambda x: x.conv2d(Tensor(np.ones((4, 2, 3, 3)))), "channel mismatch.*C=3.*C=2.*Fix"),
    (lambda x: x.conv2d(Tensor(np.ones((4, 3, 7, 7)))), r"7×7 kernel does not fit an input of 5×5"),
    (lambda x: x.conv2d(Tensor(np.ones((4, 3, 3, 3))), stride=0), "stride must be a positive"),
    (lambda x: x.conv2d(Tensor(np.ones((4, 3, 3, 3))), padding=-1), "padding must be >= 0"),
    (lambda x: x.conv2d(Tensor(np.ones((4, 3, 3, 3))), Tensor(np.ones(3))), r"bias must have shape"),
    (lambda x: x.max_pool2d(6), r"OH = \(H \+ 2P - FH\) // S \+ 1"),
    (lambda x: x.avg_pool2d(2, stride=-1), "stride must be a positive"),
    (lambda x: x.max_pool2d(0), "kernel size must be positive"),
    (lambda x: x.reshape(5, 5, 3, 1).max_pool2d(2), r"\(N, C, H, W\)|does not fit"),
    (lambda x: Tensor(np.ones((5, 5))).max_pool2d(2), r"expects images of shape \(N, C, H, W\)"),
])
def test_conv_and_pool_mistakes(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make(Tensor(np.ones((1, 3, 5, 5))))


W3 = Tensor(np.ones((4, 3, 3, 3)))


@pytest.mark.parametrize("make, given", [
    (lambda x: F.avg_pool2d(x, 2, padding=1.5), r"padding .* got 1\.5 \(float\)"),
    (lambda x: F.max_pool2d(x, 2.0), r"kernel_size .* got 2\.0 \(float\)"),
    (lambda x: F.max_pool2d(x, 2, stride=True), r"stride .* got True \(bool\)"),
    (lambda x: F.conv2d(x, W3, stride=1.5), r"stride .* got 1\.5"),
    (lambda x: F.conv2d(x, W3, padding="same"), r"padding .* got 'same' \(str\)"),
    (lambda x: F.conv2d(x, W3, padding=(1, 1, 1)), r"padding .* got \(1, 1, 1\)"),
    (lambda x: F.conv_transpose2d(x, W3.transpose(1, 0, 2, 3), stride=0.5), r"stride .* got 0\.5"),
    (lambda x: F.conv_transpose2d(x, W3.transpose(1, 0, 2, 3), stride=2, output_padding=1.5),
     r"output_padding .* got 1\.5"),
    (lambda x: F.im2col(x, 2.5), r"kernel_size .* got 2\.5"),
    (lambda x: nn.Conv2d(3, 4, 2.5), r"kernel_size .* got 2\.5"),
    (lambda x: nn.MaxPool2d(1.5)(x), r"kernel_size .* got 1\.5"),
], ids=["avg-pool-float-padding", "max-pool-float-kernel", "bool-stride", "conv-float-stride",
        "conv-string-padding", "conv-three-paddings", "transposed-float-stride",
        "transposed-float-output-padding", "im2col-float-kernel", "layer-float-kernel",
        "pool-layer-float-kernel"])
def test_conv_and_pool_arguments_of_the_wrong_type_say_what_to_write(make, given):
    """Not Python's bare "'float' object is not iterable": the message names the argument, what
    was given, what is expected and an example."""
    with pytest.raises(TypeError, match=given + r".*e\.g\.") as error:
        make(Tensor(np.ones((1, 3, 5, 5))))
    assert "must be an int or a pair of ints" in str(error.value)


@pytest.mark.parametrize("make, pattern", [
    (lambda x: F.max_pool2d(x, -2), r"kernel size must be positive, got \(-2, -2\); use kernel_size >= 1"),
    (lambda x: F.max_pool2d(x, 2, padding=-1), r"padding must be >= 0, got \(-1, -1\); use padding=0"),
    (lambda x: F.conv_transpose2d(x, W3.transpose(1, 0, 2, 3), padding=-1),
     r"padding >= 0, got stride \(1, 1\), padding \(-1, -1\); e\.g\."),
    (lambda x: nn.ConvTranspose2d(3, 4, -1), r"ConvTranspose2d: kernel_size must be positive, got -1"),
    (lambda x: nn.Conv2d(3, 4, (3, 0)), r"Conv2d: kernel_size must be positive, got \(3, 0\)"),
], ids=["negative-kernel", "negative-padding", "transposed-negative-padding",
        "transposed-layer-negative-kernel", "layer-zero-kernel"])
def test_negative_conv_and_pool_sizes_say_what_to_write(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make(Tensor(np.ones((1, 3, 5, 5))))


def test_numpy_integers_are_fine_as_sizes():
    x = Tensor(np.ones((1, 3, 6, 6)))
    assert F.max_pool2d(x, np.int64(2), stride=(np.int32(2), 2)).shape == (1, 3, 3, 3)


def test_backward_mistakes():
    with pytest.raises(RuntimeError, match="does not require grad.*requires_grad=True"):
        Tensor([1.0]).sum().backward()
    with pytest.raises(RuntimeError, match=r"needs a scalar output, got shape \(2,\)"):
        (Tensor([1.0, 2.0], requires_grad=True) * 2).backward()
    with pytest.raises(ValueError, match=r"gradient has shape \(3,\) but the tensor has shape \(2,\)"):
        (Tensor([1.0, 2.0], requires_grad=True) * 2).backward(np.ones(3))
    x = Tensor(2.0, requires_grad=True)
    y = x * x
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


@pytest.mark.parametrize("data, error, pattern", [
    ([[1, 2], [3]], ValueError, "rectangular"),
    ("12", TypeError, "the string '12'"),
    (np.array(["a", "b"]), TypeError, "numeric data"),
    (np.array([object()]), TypeError, "dtype object"),
    ({"a": 1}, TypeError, "numeric data"),
    (None, TypeError, "numeric data"),
    ([1.0, 1e300], ValueError, "too large for float32.*dtype=np.float64"),
])
def test_tensor_construction(data, error, pattern):
    with pytest.raises(error, match=pattern):
        Tensor(data)


def test_integer_tensors_cannot_require_grad():
    with pytest.raises(TypeError, match="only floating-point tensors can require gradients"):
        Tensor(np.arange(3), requires_grad=True)


def test_pow_needs_a_constant():
    with pytest.raises(TypeError, match="constant number"):
        Tensor([1.0]) ** Tensor([2.0])


@pytest.mark.parametrize("convert, of_3_5", [(lambda t: t.item(), 3.5), (float, 3.5), (int, 3), (bool, True)],
                         ids=["item", "float", "int", "bool"])
def test_reading_one_number_needs_one_element(convert, of_3_5):
    with pytest.raises(ValueError, match=r"needs exactly one element, got shape \(2,\); reduce it first"):
        convert(Tensor([1.0, 2.0]))
    assert convert(Tensor([[3.5]])) == of_3_5  # shape (1, 1) is fine, as in NumPy


def test_single_numbers_convert_like_python_numbers():
    loss = Tensor(0.25)
    assert float(loss) == 0.25 and int(Tensor(2.7)) == 2
    assert bool(Tensor(0.0)) is False and bool(loss) is True  # not always True, as objects are
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor.*use .item\\(\\)"):
        len(loss)


def test_numpy_functions_refuse_tensors_that_require_grad():
    w = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"would cut it from the graph.*Fix: use the tensor's own ops"):
        np.exp(w)


def test_numpy_sees_other_tensors_as_read_only_arrays():
    t = Tensor([1.0, 2.0])
    view = np.asarray(t)
    assert np.shares_memory(view, t.data) and view.dtype == np.float32
    with pytest.raises(ValueError, match="read-only"):
        view[0] = 5.0  # a plain view would bypass the in-place check: edit through t.data
    copied = np.array(t, dtype=np.float64)
    copied[0] = 5.0
    np.testing.assert_array_equal(t.data, [1.0, 2.0])
    np.testing.assert_allclose(np.exp(t), np.exp([1.0, 2.0]), rtol=1e-6)


@pytest.mark.parametrize("make, error, pattern", [
    (lambda: Tensor(np.ones(6)).reshape(4, 2), ValueError, r"cannot reshape .* \(6,\) .* into \(4, 2\)"),
    (lambda: Tensor(np.ones((2, 3, 4))).transpose(0, 0, 1), ValueError, "not a permutation"),
    (lambda: Tensor(np.ones((2, 3))).sum(axis=2), ValueError, "axis 2 is out of range"),
    (lambda: Tensor(np.ones((2, 3))).broadcast_to((3, 3)), ValueError, "cannot broadcast"),
    (lambda: Tensor(np.ones((2, 3)))[5], IndexError, r"out of range for a tensor of shape \(2, 3\)"),
    (lambda: Tensor(np.ones(3))[1.5], IndexError, r"index 1.5 cannot index .* \(3,\).*integers"),
    (lambda: Tensor(np.ones(3)).softmax(axis=3), ValueError, r"axis 3 is out of range .* 1 dimensions"),
    (lambda: Tensor(np.ones(3)).log_softmax(axis=-2), ValueError, r"axis -2 is out of range"),
    (lambda: Tensor(np.ones(3)) ** "2", TypeError, r"x \*\* c needs a constant number c, got str"),
    (lambda: Tensor(np.ones(2), requires_grad=True).exp().backward("x"), TypeError,
     r"backward\(grad\): the upstream gradient must be numbers of shape \(2,\).*got str"),
], ids=["reshape", "transpose", "sum-axis", "broadcast_to", "index-range", "index-float",
        "softmax-axis", "log_softmax-axis", "pow-string", "backward-string"])
def test_shape_op_mistakes(make, error, pattern):
    with pytest.raises(error, match=pattern):
        make()


def test_optimizer_mistakes():
    with pytest.raises(ValueError, match="no parameters"):
        optim.SGD([])
    with pytest.raises(TypeError, match="parameter 0 is a ndarray"):
        optim.Adam([np.zeros(3)])
    with pytest.raises(TypeError, match="requires_grad=True"):
        optim.Momentum([Tensor(np.zeros(3))])
    with pytest.raises(ValueError, match="lr"):
        optim.SGD(nn.Linear(2, 2).parameters(), lr=0)


def test_load_state_dict_lists_every_problem_and_changes_nothing():
    model = TwoLayerNet(4, 3, 2)
    before = {k: v.copy() for k, v in model.state_dict().items()}
    state = {k: v + 1 for k, v in before.items()}
    state.pop("Affine1.W")
    state["extra"] = np.zeros(1)
    state["unknown"] = np.zeros(1)
    state["Affine2.W"] = np.zeros((5, 5))
    with pytest.raises(ValueError) as info:
        model.load_state_dict(state)
    message = str(info.value)
    for expected in ("'Affine1.W'", "'extra'", "'unknown'", "Affine2.W", "(5, 5)", "(3, 2)",
                     "nothing was changed"):
        assert expected in message
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[key])


# --- public entry points outside the engine: the Trainer, models, datasets, plots ----------------
def _trainer(**changes):
    from tinygrad_ko.datasets import DataLoader
    from tinygrad_ko.train import Trainer

    model = TwoLayerNet(4, 3, 2, seed=0)
    x, t = np.zeros((6, 4), np.float32), np.array([0, 1, 0, 1, 0, 1])
    arguments = {"model": model, "optimizer": optim.SGD(model.parameters(), lr=0.1),
                 "train_loader": DataLoader(x, t, batch_size=3), "progress": False, "log": None}
    arguments.update(changes)
    return Trainer(**arguments)


@pytest.mark.parametrize("change, error, pattern", [
    ({"optimizer": None}, TypeError,
     r"optimizer must have step\(\) and zero_grad\(\).*got NoneType.*optim\.SGD\(model\.parameters\(\)"),
    ({"optimizer": "sgd"}, TypeError, r"optimizer must have step\(\) and zero_grad\(\).*got str"),
    ({"train_loader": 5}, TypeError,
     r"train_loader must be an iterable of \(x_batch, t_batch\) pairs.*got int.*DataLoader\(x, t"),
    ({"train_loader": [np.zeros((3, 4))]}, TypeError,
     r"train_loader must yield \(x_batch, t_batch\) pairs, it yielded a ndarray of shape \(3, 4\)"),
], ids=["optimizer-None", "optimizer-str", "loader-int", "loader-of-arrays"])
def test_trainer_refuses_what_cannot_train(change, error, pattern):
    # once: AttributeError 'NoneType' object has no attribute 'zero_grad' / 'int' object is not
    # iterable / too many values to unpack, from inside fit()
    with pytest.raises(error, match=pattern):
        _trainer(**change).fit(1)


@pytest.mark.parametrize("make, error, pattern", [
    (lambda: models.MultiLayerNet(4, 5, 3), TypeError,
     r"MultiLayerNet: hidden_size_list must be a list of layer sizes such as \[100, 100\], got int 5"),
    (lambda: models.SimpleConvNet(input_dim=(28, 28)), ValueError,
     r"SimpleConvNet: input_dim must be \(channels, height, width\), e.g. \(1, 28, 28\) for MNIST, "
     r"got \(28, 28\)"),
    (lambda: models.DeepConvNet(input_dim=784), ValueError,
     r"DeepConvNet: input_dim must be \(channels, height, width\), e.g. \(1, 28, 28\) for MNIST, got 784"),
], ids=["mlp-int-hidden", "convnet-2d-input-dim", "deep-convnet-int-input-dim"])
def test_model_constructors_explain_their_arguments(make, error, pattern):
    # once: 'int' object is not iterable / not enough values to unpack (expected 3, got 2)
    with pytest.raises(error, match=pattern):
        make()


@pytest.mark.parametrize("arguments, pattern", [
    ((0,), r"load_spiral: points_per_class must be a positive whole number, got 0"),
    ((-5,), r"points_per_class must be a positive whole number, got -5"),
    ((10.5,), r"points_per_class must be a positive whole number, got 10\.5"),
    ((10, 0), r"load_spiral: classes must be a positive whole number, got 0"),
], ids=["zero", "negative", "float", "no-classes"])
def test_load_spiral_refuses_sizes_that_make_no_data_set(arguments, pattern):
    # once: an empty data set without a word, or NumPy's "Number of samples, -5, must be non-negative"
    from tinygrad_ko.datasets import load_spiral

    with pytest.raises(ValueError, match=pattern):
        load_spiral(*arguments)


def test_to_book_format_names_labels_outside_the_ten_classes():
    # once: NumPy's IndexError "index 12 is out of bounds for axis 0 with size 10"
    from tinygrad_ko.datasets import to_book_format

    with pytest.raises(ValueError, match=r"to_book_format: labels must be class indices 0\.\.9, got "
                                         r"values from -1 to 12"):
        to_book_format(np.zeros((3, 2, 2), np.uint8), np.array([3, 12, -1]), one_hot_label=True)


@pytest.mark.parametrize("history, error, pattern", [
    (None, TypeError,
     r"plot_learning_curves needs a History \(trainer\.fit\(\)\) or its to_dict\(\), got NoneType"),
    ([0.5, 0.4], TypeError, r"needs a History .* got list"),
    ({"iteration_loss": ["a"]}, ValueError, r"history\['iteration_loss'\] must be numbers, got \['a'\]"),
], ids=["None", "list", "strings"])
def test_plot_learning_curves_refuses_what_is_no_history(history, error, pattern):
    pytest.importorskip("matplotlib")  # the plot extra; CI installs it through the test extra
    from tinygrad_ko.plots import plot_learning_curves

    with pytest.raises(error, match=pattern):
        plot_learning_curves(history)


def test_plots_refuse_a_bad_dpi_a_folder_an_unwritable_path_and_no_filters(tmp_path):
    pytest.importorskip("matplotlib")  # the plot extra; CI installs it through the test extra
    from tinygrad_ko.plots import plot_filters, plot_learning_curves

    history = {"iteration_loss": [1.0, 0.5], "train_acc": [0.5]}
    with pytest.raises(ValueError, match=r"dpi must be a positive number, got 0"):
        plot_learning_curves(history, dpi=0)  # once: ZeroDivisionError
    with pytest.raises(IsADirectoryError, match=r"is a folder; give a file name inside it, e.g. "):
        plot_learning_curves(history, tmp_path)  # once: wrote tmp_path + ".png" beside the folder
    assert not tmp_path.with_suffix(".png").exists()
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(OSError, match=r"cannot write the picture .*file/curves\.png "
                                      r"\(.*file is a file, not a folder\)"):
        plot_learning_curves(history, blocked / "curves.png")  # once: a raw FileExistsError
    with pytest.raises(ValueError, match=r"plot_filters got 0 filters \(weights of shape \(0, 1, 5, 5\)\)"):
        plot_filters(np.zeros((0, 1, 5, 5)))  # once: an empty picture


def test_saving_onto_a_folder_or_into_an_unwritable_one_names_the_path(tmp_path, monkeypatch):
    # once: "[Errno 21] Is a directory: '<parent>/.tmp-123-abcdefgh.npz' -> '<folder>'", naming a
    # temporary file the user never asked for; the same helper writes .onnx files and checkpoints
    import tempfile

    model = TwoLayerNet(4, 3, 2)
    with pytest.raises(IsADirectoryError, match=r"cannot write .*: it is a folder; give a file name "
                                                r"inside it, e.g. .*model\.npz") as info:
        model.save(tmp_path)
    assert ".tmp-" not in str(info.value)
    assert not [p for p in tmp_path.parent.iterdir() if p.name.startswith(".tmp-")]
    (tmp_path / "notes").write_text("")
    with pytest.raises(NotADirectoryError, match=r"cannot write .*notes/m\.npz'?: .*notes'? is a "
                                                 r"file, not a folder"):
        model.save(tmp_path / "notes" / "m.npz")  # once: "the directory ... does not exist"

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)  # a read-only folder (root may write anyway)
    with pytest.raises(PermissionError, match=r"cannot write .*m\.npz'?: the folder .* cannot be "
                                              r"written to \(Permission denied\)"):
        model.save(tmp_path / "m.npz")


def test_trainer_needs_a_model_and_accuracy_a_positive_batch_size():
    with pytest.raises(TypeError, match=r"model must be a Module \(an nn\.Module such as "
                                        r"models\.TwoLayerNet\(\.\.\.\)\), got function"):
        _trainer(model=lambda x: x)  # once: AttributeError 'function' object has no attribute 'train'
    with pytest.raises(ValueError, match=r"accuracy: batch_size must be a positive whole number, got 0"):
        TwoLayerNet(4, 3, 2).accuracy(np.zeros((2, 4)), np.array([0, 1]), batch_size=0)  # once: range()


def test_data_loader_names_a_seed_it_cannot_use():
    from tinygrad_ko.datasets import DataLoader

    with pytest.raises(ValueError, match=r"DataLoader: seed must be a non-negative integer or None, "
                                         r"got 'a'"):  # once: NumPy's SeedSequence TypeError
        DataLoader(np.zeros((4, 2)), np.zeros(4), seed="a")


@pytest.mark.parametrize("w_shape", [(0, 1, 3, 3), (2, 1, 0, 3)])
def test_conv2d_refuses_filters_with_an_empty_axis(w_shape):
    # once: NumPy's "cannot reshape array of size 0 into shape (0,newaxis)" from deep inside
    with pytest.raises(ValueError, match=r"conv2d needs at least one filter of at least one pixel, "
                                         r"got filters of shape \(" + ", ".join(map(str, w_shape))):
        F.conv2d(Tensor(np.ones((1, 1, 6, 6))), Tensor(np.ones(w_shape)))


def test_book_col2im_checks_the_columns_against_the_geometry():
    from tinygrad_ko.book import col2im

    # once: NumPy's "cannot reshape array of size 36 into shape (3,3,3,1,3,3)" from deep inside
    with pytest.raises(ValueError, match=r"col2im: columns of shape \(4, 9\) do not fit input_shape "
                                         r"\(1, 3, 3, 3\).*expected \(N·OH·OW, C·FH·FW\) = \(9, 27\)"):
        col2im(np.zeros((4, 9)), (1, 3, 3, 3), 3, 3, pad=1)
    with pytest.raises(ValueError, match=r"col2im: input_shape must be \(N, C, H, W\), got \(1, 3, 3\)"):
        col2im(np.zeros((9, 9)), (1, 3, 3), 3, 3, pad=1)  # once: "not enough values to unpack"
    np.testing.assert_array_equal(col2im(np.ones((9, 27)), (1, 3, 3, 3), 3, 3, pad=1)[0, 0],
                                  [[4, 6, 4], [6, 9, 6], [4, 6, 4]])  # the right shape still works


@pytest.mark.parametrize("call", ["im2col", "col2im"])
def test_book_im2col_and_col2im_name_a_filter_size_that_is_not_a_whole_number(call):
    from tinygrad_ko import book

    run = {"im2col": lambda fh, fw: book.im2col(np.zeros((1, 1, 4, 4)), fh, fw),
           "col2im": lambda fh, fw: book.col2im(np.ones((9, 4)), (1, 1, 4, 4), fh, fw)}[call]
    # once: Python's bare "'float' object cannot be interpreted as an integer" from inside NumPy
    with pytest.raises(TypeError, match=call + r": filter_h must be an int, got 2\.5 \(float\); "
                                               r"write e\.g\. filter_h=5"):
        run(2.5, 2)
    with pytest.raises(TypeError, match=call + r": filter_w must be an int, got '2' \(str\)"):
        run(2, "2")
    assert run(np.int64(2), 2).shape == ((9, 4) if call == "im2col" else (1, 1, 4, 4))


@pytest.mark.parametrize("make, error, pattern", [
    (lambda: nn.MaxPool2d(0), ValueError, r"MaxPool2d: kernel size must be positive, got \(0, 0\)"),
    (lambda: nn.AvgPool2d(-1), ValueError, r"AvgPool2d: kernel size must be positive, got \(-1, -1\)"),
    (lambda: nn.MaxPool2d(2, stride=0), ValueError,
     r"MaxPool2d: stride must be a positive integer, got \(0, 0\); use stride >= 1"),
    (lambda: nn.AvgPool2d(2, padding=-1), ValueError, r"AvgPool2d: padding must be >= 0, got \(-1, -1\)"),
    (lambda: nn.MaxPool2d(2.5), TypeError, r"kernel_size must be an int or a pair of ints.*got 2\.5"),
    (lambda: nn.Conv2d(3, 4, 3, stride=0), ValueError,
     r"Conv2d: stride must be a positive integer, got \(0, 0\)"),
    (lambda: nn.Conv2d(3, 4, 3, padding=-1), ValueError, r"Conv2d: padding must be >= 0, got \(-1, -1\)"),
    (lambda: nn.Conv2d(3, 4, 3, stride="1"), TypeError, r"stride must be an int or a pair of ints"),
    (lambda: nn.ConvTranspose2d(3, 4, 3, stride=(1, 0)), ValueError,
     r"ConvTranspose2d: stride must be a positive integer, got \(1, 0\)"),
    (lambda: nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=2), ValueError,
     r"ConvTranspose2d: output_padding \(2, 2\) must be smaller than the stride \(2, 2\)"),
    (lambda: nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=1.0), TypeError,
     r"output_padding must be an int or a pair of ints"),
], ids=["maxpool-0", "avgpool-neg", "pool-stride-0", "pool-neg-padding", "pool-float-kernel",
        "conv-stride-0", "conv-neg-padding", "conv-str-stride", "transposed-stride-0",
        "transposed-output-padding-too-large", "transposed-float-output-padding"])
def test_conv_and_pool_layers_refuse_bad_sizes_when_built(make, error, pattern):
    """Once accepted when built, failing only at the first forward (far from the mistake)."""
    with pytest.raises(error, match=pattern):
        make()


def test_conv_and_pool_layers_keep_working_with_good_sizes():
    x = Tensor(np.ones((1, 3, 6, 6)))
    assert nn.MaxPool2d(2)(x).shape == (1, 3, 3, 3)
    assert nn.AvgPool2d((2, 3), stride=(2, 3), padding=(0, 0))(x).shape == (1, 3, 3, 2)
    assert nn.Conv2d(3, 4, 3, stride=np.int64(2), padding=1)(x).shape == (1, 4, 3, 3)
    assert nn.ConvTranspose2d(3, 2, 2, stride=2)(x).shape == (1, 2, 12, 12)
    assert nn.ConvTranspose2d(3, 2, 3, stride=2, output_padding=1)(x).shape == (1, 2, 14, 14)


@pytest.mark.parametrize("make, pattern", [
    (lambda o: o.SGD(lr=-1), r"SGD: lr must be > 0, got -1\.0 \(e\.g\. lr=0\.01"),
    (lambda o: o.Adam(lr="x"), r"Adam: lr must be a finite number, got 'x'"),
    (lambda o: o.AdaGrad(lr=float("nan")), r"AdaGrad: lr must be a finite number, got nan"),
    (lambda o: o.Momentum(momentum=1.5), r"Momentum: momentum must lie in \[0, 1\), got 1\.5"),
    (lambda o: o.Nesterov(lr=0), r"Nesterov: lr must be > 0, got 0\.0"),
    (lambda o: o.RMSprop(decay_rate=-0.1), r"RMSprop: decay_rate must lie in \[0, 1\)"),
    (lambda o: o.Adam(beta2=True), r"Adam: beta2 must be a finite number, got True"),
], ids=["sgd-negative-lr", "adam-string-lr", "adagrad-nan-lr", "momentum", "nesterov-zero-lr",
        "rmsprop-decay", "adam-bool-beta2"])
def test_book_optimizers_refuse_bad_hyperparameters_when_built(make, pattern):
    """Once accepted when built and refused only at the first update(), far from the mistake."""
    from tinygrad_ko.book import optimizer

    with pytest.raises(ValueError, match=pattern):
        make(optimizer)


def test_book_optimizers_built_with_good_hyperparameters_still_update():
    from tinygrad_ko.book import optimizer

    params = {"W": np.array([1.0, 2.0])}
    optimizer.Momentum(lr=np.float32(0.5), momentum=0).update(params, {"W": np.array([2.0, 2.0])})
    np.testing.assert_allclose(params["W"], [0.0, 1.0])
    assert repr(optimizer.Adam(lr=1)) == "Adam(lr=1, beta1=0.9, beta2=0.999)"


def _flag_cases():
    from tinygrad_ko import datasets, train

    data = (np.zeros((4, 2)), np.zeros(4))
    model = TwoLayerNet(2, 3, 2)
    return [
        ("shuffle", "no", lambda v: datasets.DataLoader(*data, shuffle=v)),
        ("drop_last", "yes", lambda v: datasets.DataLoader(*data, batch_size=3, drop_last=v)),
        ("shuffle", None, lambda v: datasets.DataLoader(*data, shuffle=v)),
        ("normalize", "False", lambda v: datasets.to_book_format(
            np.zeros((2, 3, 3), np.uint8), np.zeros(2, np.int64), normalize=v)),
        ("one_hot_label", 1, lambda v: datasets.load_mnist_mini(one_hot_label=v)),
        ("flatten", "no", lambda v: datasets.load_mnist(flatten=v, root="/nonexistent", download=False)),
        ("download", "no", lambda v: datasets.load_mnist(root="/nonexistent", download=v)),
        ("progress", "off", lambda v: train.Trainer(model, optim.SGD(model.parameters()),
                                                     datasets.DataLoader(*data), progress=v)),
        ("eval_train", "no", lambda v: train.Trainer(model, optim.SGD(model.parameters()),
                                                      datasets.DataLoader(*data), eval_train=v)),
    ]


@pytest.mark.parametrize("case", range(9), ids=["shuffle", "drop_last", "shuffle-None", "normalize",
                                                 "one_hot_label-1", "flatten", "download", "progress",
                                                 "eval_train"])
def test_yes_no_arguments_must_be_true_or_false(case):
    """DataLoader(shuffle="no") once shuffled: a non-empty string counts as true in Python."""
    name, given, make = _flag_cases()[case]
    with pytest.raises(TypeError, match=rf"{name} must be True or False, got {re.escape(repr(given))} "
                                        rf"\(\w+\).*write {name}=True or {name}=False"):
        make(given)


def test_numpy_booleans_are_fine_as_yes_no_arguments():
    from tinygrad_ko.datasets import DataLoader

    x = np.arange(5.0)[:, None]
    loader = DataLoader(x, np.arange(5), batch_size=2, shuffle=np.bool_(False), drop_last=np.True_)
    assert [b.ravel().tolist() for b, _ in loader] == [[0.0, 1.0], [2.0, 3.0]]


def test_plot_filters_refuses_weights_it_cannot_draw(tmp_path):
    """NaN/inf weights once drew a blank picture without a word (a diverged run looked drawn)."""
    from tinygrad_ko.plots import plot_filters

    weights = np.ones((4, 1, 3, 3))
    weights[1, 0, 0, 0], weights[3, 0, 1, 1] = np.nan, np.inf
    with pytest.raises(ValueError, match=r"plot_filters: the weights hold 1 NaN and 1 inf in channel 0 "
                                         r"of filters \[1, 3\] \(weights of shape \(4, 1, 3, 3\)\).*"
                                         r"np\.nan_to_num"):
        plot_filters(weights, tmp_path / "f.png")
    with pytest.raises(ValueError, match=r"the 'after' weights hold 36 NaN and 0 inf"):
        plot_filters([("before", np.ones((4, 1, 3, 3))), ("after", np.full((4, 1, 3, 3), np.nan))],
                     tmp_path / "f.png")
    with pytest.raises(TypeError, match=r"plot_filters needs numbers, got weights of dtype <U1"):
        plot_filters(np.full((1, 1, 2, 2), "a"), tmp_path / "f.png")
    assert not (tmp_path / "f.png").exists()
    weights[1, 0, 0, 0] = weights[3, 0, 1, 1] = 0.0  # finite weights are drawn
    assert plot_filters(weights, tmp_path / "f.png").stat().st_size > 0


def test_a_reshape_of_a_non_empty_tensor_with_minus_1_names_its_element_count():
    # the "-1 could be any size" advice is only for 0 elements; 6 elements into (-1, 4) is a count
    with pytest.raises(ValueError, match=r"\(6 elements\) into \(-1, 4\); the new shape must hold"):
        Tensor(np.ones((2, 3))).reshape(-1, 4)
