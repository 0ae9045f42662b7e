"""tinygrad_ko.nn.functional and tinygrad_ko.nn.optim: promises the mutation run (tools/mutation.py,
docs/testing.md §7) found no test for.

functional: each function equals the Tensor method it names for every axis and its PyTorch/book
defaults (pooling 2×2, stride 1 and no padding for conv2d/im2col/col2im, flatten keeping the batch
axis, global pooling to (N, C)); NumPy inputs are taken as tensors; col2im is recorded (its gradient
is im2col); the fused trunk adds its bias with a graph too; mse_loss and batch_norm answer in
the input's dtype; cross_entropy takes soft targets in the logits' dtype, whole float class labels,
a Tensor of labels, and names a bad label as given; dropout keeps a unit exactly when its draw is
≥ p; batch_norm's running statistics follow the book's momentum rule.

optim: a single Tensor or a dict of parameters is accepted; weight decay reaches every optimizer;
an Optimizer subclass has no weight decay by default; Adam's lr_t is the last step's rate; the repr;
a parameter without a gradient is skipped, not the ones after it; errors name the class and the
argument; a saved state keeps the parameters' dtype and a file that does not fit is refused naming
the file.
"""

import math

import numpy as np
import pytest

import tinygrad_ko as tk
import tinygrad_ko.nn.functional as F
from tinygrad_ko import Tensor, nn
from tinygrad_ko.nn import optim


def images(shape=(1, 1, 4, 4), dtype=np.float64):
    return Tensor(np.arange(math.prod(shape), dtype=dtype).reshape(shape))


def windows(x, k):
    """(N, C, OH, OW, k, k): every k×k window of x at stride 1."""
    return np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))


def reference_softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# --- functional: the wrappers pass on what they are given ------------------------------------------
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [0, 1, 2, -1, None])
def test_softmax_and_log_softmax_normalise_the_axis_given_by_position_or_by_dim(name, axis):
    x = Tensor(np.random.default_rng(1).standard_normal((2, 3, 4)))
    expected = reference_softmax(x.data, -1 if axis is None else axis)
    expected = np.log(expected) if name == "log_softmax" else expected
    for got in (getattr(F, name)(x, axis), getattr(F, name)(x, dim=axis)):
        np.testing.assert_array_equal(got.data, getattr(x, name)(axis).data)
        np.testing.assert_allclose(got.data, expected, rtol=1e-12, atol=1e-15)
    with pytest.raises((TypeError, ValueError), match=name):
        getattr(F, name)(x, 1, dim=1)


def test_flatten_keeps_the_batch_axis_by_default_and_merges_the_axes_given():
    x = images((2, 3, 4, 5))
    assert F.flatten(x).shape == (2, 60)
    np.testing.assert_array_equal(F.flatten(x).data, x.data.reshape(2, 60))
    assert F.flatten(x, 0).shape == (120,)
    assert F.flatten(x, 1, 2).shape == (2, 12, 5)
    np.testing.assert_array_equal(F.flatten(x, 1, 2).data, x.data.reshape(2, 12, 5))


def test_broadcast_to_repeats_by_numpys_rules_and_its_gradient_sums_back():
    row = Tensor(np.array([[1.0, 2.0, 3.0]]), requires_grad=True)
    y = F.broadcast_to(row, [2, 3])  # any sequence of sizes
    np.testing.assert_array_equal(y.data, [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    y.sum().backward()
    np.testing.assert_array_equal(row.grad.data, [[2.0, 2.0, 2.0]])


def test_pooling_defaults_are_a_2x2_window_at_stride_2_and_a_given_stride_is_used():
    x = images()  # 0..15 in a 4×4 image
    np.testing.assert_array_equal(F.max_pool2d(x).data, [[[[5.0, 7.0], [13.0, 15.0]]]])
    np.testing.assert_array_equal(F.avg_pool2d(x).data, [[[[2.5, 4.5], [10.5, 12.5]]]])
    np.testing.assert_array_equal(F.avg_pool2d(x, 2, 1).data, windows(x.data, 2).mean(axis=(4, 5)))
    np.testing.assert_array_equal(F.max_pool2d(x, 2, 1).data, windows(x.data, 2).max(axis=(4, 5)))


def test_conv2d_im2col_and_col2im_default_to_stride_1_and_no_padding():
    x = images((1, 2, 4, 4))
    W = Tensor(np.arange(2 * 2 * 3 * 3, dtype=np.float64).reshape(2, 2, 3, 3))
    expected = np.einsum("ncijkl,fckl->nfij", windows(x.data, 3), W.data)
    np.testing.assert_array_equal(F.conv2d(x, W).data, expected)  # integers: exact
    cols = F.im2col(x, 3)  # the book's layout: one row per output pixel, columns (C, FH, FW)
    np.testing.assert_array_equal(cols.data,
                                  windows(x.data, 3).transpose(0, 2, 3, 1, 4, 5).reshape(4, 18))
    counts = F.col2im(np.ones((4, 18)), (1, 2, 4, 4), 3)  # a NumPy matrix is taken as a tensor
    one_channel = [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]
    np.testing.assert_array_equal(counts.data, [[one_channel, one_channel]])


def test_col2im_is_recorded_and_its_gradient_is_im2col():
    col = Tensor(np.ones((4, 18)), requires_grad=True)
    upstream = images((1, 2, 4, 4))
    (F.col2im(col, (1, 2, 4, 4), 3) * upstream).sum().backward()
    np.testing.assert_array_equal(col.grad.data, F.im2col(upstream, 3).data)


@pytest.mark.parametrize("grad", [True, False])
def test_the_fused_trunk_adds_its_linear_bias_with_or_without_a_graph(grad):
    rng = np.random.default_rng(6)
    x = Tensor(rng.standard_normal((2, 1, 6, 6)), requires_grad=grad)
    W, b = Tensor(rng.standard_normal((2, 1, 3, 3))), Tensor(rng.standard_normal(2))
    W2, b2 = Tensor(rng.standard_normal((8, 3))), Tensor(np.array([10.0, -20.0, 30.0]))
    pooled = F.max_pool2d(F.conv2d(x, W, b).relu())
    expected = F.linear(F.flatten(pooled), W2, b2)
    with tk.enable_grad() if grad else tk.no_grad():
        got = F.conv_relu_max_pool2d_linear(x, W, b, 1, 0, 2, None, 0, W2, b2)
    np.testing.assert_allclose(got.data, expected.data, rtol=1e-12)
    if grad:  # the trunk is recorded: the gradient reaches the images
        got.sum().backward()
        assert x.grad is not None and x.grad.shape == x.shape


def test_global_avg_pool2d_gives_n_by_c_unless_asked_to_keep_the_axes():
    x = images((2, 3, 2, 2))
    expected = x.data.mean(axis=(2, 3))
    np.testing.assert_array_equal(F.global_avg_pool2d(x).data, expected)
    np.testing.assert_array_equal(F.global_avg_pool2d(x, keepdims=True).data,
                                  expected.reshape(2, 3, 1, 1))


# --- functional: losses -----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_mse_loss_takes_any_array_like_target_in_the_predictions_dtype(dtype):
    prediction = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]], dtype), requires_grad=True)
    for target in ([[0.0, 2.0], [3.0, 6.0]], np.array([[0.0, 2.0], [3.0, 6.0]])):  # list, float64
        loss = F.mse_loss(prediction, target)
        assert loss.dtype == dtype and loss.item() == 1.25  # (1² + 0 + 0 + 2²) / 4
        prediction.grad = None
        loss.backward()
        assert prediction.grad.dtype == dtype
        np.testing.assert_array_equal(prediction.grad.data, np.array([[0.5, 0.0], [0.0, -1.0]], dtype))


def test_cross_entropy_takes_numpy_logits_as_a_tensor():
    logits = np.random.default_rng(2).standard_normal((3, 4)).astype(np.float32)
    labels = np.array([0, 3, 1])
    got = F.cross_entropy(logits, labels)
    assert isinstance(got, Tensor) and got.dtype == np.float32
    assert got.item() == F.cross_entropy(Tensor(logits), labels).item()


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_soft_targets_are_taken_in_the_logits_dtype(dtype):
    """PyTorch refuses a target of another dtype than the input's; here it is cast to it, so
    float64 targets give exactly the loss and gradient of the same targets in the logits' dtype."""
    rng = np.random.default_rng(3)
    for _ in range(20):
        x = rng.standard_normal((4, 5)).astype(dtype)
        t = rng.random((4, 5))
        t /= t.sum(axis=1, keepdims=True)
        results = []
        for targets in (t, t.astype(dtype)):
            logits = Tensor(x, requires_grad=True)
            loss = F.cross_entropy(logits, targets)
            loss.backward()
            results.append((loss.item(), logits.grad.data))
        assert results[0][0] == results[1][0]
        np.testing.assert_array_equal(results[0][1], results[1][1])


def test_labels_may_be_whole_floats_or_a_tensor_that_requires_grad():
    logits = Tensor(np.random.default_rng(4).standard_normal((3, 4)).astype(np.float32))
    by_index = F.cross_entropy(logits, np.array([2, 0, 3])).item()
    assert F.cross_entropy(logits, np.array([2.0, 0.0, 3.0])).item() == by_index
    assert F.cross_entropy(logits, np.array([2.0, 0.0, 3.0], np.float16)).item() == by_index
    # soft targets made by another network (a teacher's softmax) are constants of this loss
    teacher = Tensor(np.eye(4, dtype=np.float32)[[2, 0, 3]], requires_grad=True)
    assert F.cross_entropy(logits, teacher).item() == by_index
    with pytest.raises(ValueError, match="whole numbers"):
        F.cross_entropy(logits, np.array([2.0, 0.5, 3.0]))


@pytest.mark.filterwarnings("error")  # no NumPy RuntimeWarning from a cast either
def test_a_class_label_out_of_range_is_named_as_given():
    logits = Tensor(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match=r"\[0, 2\] for 3 classes, got \[1e\+20\]"):
        F.cross_entropy(logits, np.array([0.0, 1e20]))
    with pytest.raises(ValueError, match=r"got \[-1\.0\]"):
        F.cross_entropy(logits, np.array([0.0, -1.0]))
    with pytest.raises(ValueError, match=r"got \[3\]"):
        F.cross_entropy(logits, np.array([0, 3]))


def test_dropout_keeps_a_unit_exactly_when_its_draw_is_at_least_p():
    draws = np.random.default_rng(5).random((6, 7), dtype=np.float32)
    p = float(draws[2, 3])  # a draw equal to p is kept: P(keep) = 1 - p on the float32 grid
    y = F.dropout(Tensor(np.ones((6, 7), np.float32)), p, rng=np.random.default_rng(5))
    scale = np.float32(1.0 / (1.0 - p))
    np.testing.assert_array_equal(y.data, np.where(draws >= p, scale, np.float32(0)))
    assert y.data[2, 3] == scale


# --- functional: batch norm -------------------------------------------------------------------------
def test_batch_norm_defaults_are_the_books_momentum_09_and_eps_1e_6():
    x = np.array([[1.0, 2.0], [3.0, 2.0], [5.0, 6.0], [7.0, 6.0]])  # means 4, 4; variances 5, 4
    running_mean, running_var = np.array([1.0, -2.0]), np.array([3.0, 0.5])
    gamma, beta = Tensor(np.ones(2)), Tensor(np.zeros(2))
    y = F.batch_norm(Tensor(x), gamma, beta, running_mean, running_var)
    mean, var = np.array([4.0, 4.0]), np.array([5.0, 4.0])
    np.testing.assert_array_equal(y.data, (x - mean) / np.sqrt(var + 1e-6))
    np.testing.assert_array_equal(running_mean, np.array([1.0, -2.0]) * 0.9 + (1.0 - 0.9) * mean)
    np.testing.assert_array_equal(running_var, np.array([3.0, 0.5]) * 0.9 + (1.0 - 0.9) * var)


def test_batch_norm_outside_training_answers_in_the_inputs_dtype():
    x = np.array([[1.0, 2.0], [3.0, -2.0]], np.float32)
    running_mean, running_var = np.array([0.1, 0.2]), np.array([1.5, 0.3])  # float64 arrays
    gamma, beta = Tensor(np.array([2.0, 0.5], np.float32)), Tensor(np.array([0.1, 0.0], np.float32))
    y = F.batch_norm(Tensor(x), gamma, beta, running_mean, running_var, training=False)
    assert y.dtype == np.float32
    std = np.sqrt(running_var.astype(np.float32) + np.float32(1e-6))
    np.testing.assert_array_equal(y.data, (x - running_mean.astype(np.float32)) / std * gamma.data
                                  + beta.data)


@pytest.mark.parametrize("given", ["running_mean", "running_var"])
def test_batch_norm_outside_training_refuses_a_missing_running_statistic(given):
    x = Tensor(np.ones((2, 2), np.float32))
    stats = {"running_mean": None, "running_var": None, given: np.ones(2, np.float32)}
    with pytest.raises(ValueError, match="needs running_mean and running_var"):
        F.batch_norm(x, Tensor(np.ones(2, np.float32)), Tensor(np.zeros(2, np.float32)),
                     training=False, **stats)


# --- optim --------------------------------------------------------------------------------------------
def parameter(values=(1.0, -2.0), dtype=np.float32):
    return nn.Parameter(np.array(values, dtype))


def with_gradient(p, values=(0.5, 0.25)):
    p.grad = Tensor(np.array(values, p.dtype))
    return p


def test_an_optimizer_takes_one_tensor_or_a_dict_of_parameters():
    w = parameter()
    assert optim.SGD(w, lr=0.5).params == [w]
    a, b = parameter(), parameter()
    assert optim.SGD({"a": a, "b": b}, lr=0.5).params == [a, b]
    model = nn.Linear(2, 3)
    assert optim.SGD(dict(model.named_parameters()), lr=0.5).params == model.parameters()


@pytest.mark.parametrize("build", [
    lambda p: optim.SGD(p, lr=0.5, weight_decay=0.25),
    lambda p: optim.Momentum(p, lr=0.5, momentum=0.5, weight_decay=0.25),
    lambda p: optim.AdaGrad(p, lr=0.5, weight_decay=0.25),
    lambda p: optim.RMSprop(p, lr=0.5, weight_decay=0.25),
    lambda p: optim.Adam(p, lr=0.5, weight_decay=0.25),
], ids=["SGD", "Momentum", "AdaGrad", "RMSprop", "Adam"])
def test_weight_decay_adds_lambda_w_to_the_gradient_of_every_optimizer(build):
    decayed, plain = with_gradient(parameter()), parameter()
    plain.grad = Tensor(decayed.grad.data + np.float32(0.25) * decayed.data)  # g + λ·W
    opt, reference = build([decayed]), build([plain])
    assert opt.weight_decay == 0.25
    reference.weight_decay = 0.0
    opt.step()
    reference.step()
    np.testing.assert_array_equal(decayed.data, plain.data)


def test_an_optimizer_subclass_has_no_weight_decay_by_default():
    class Halving(optim.Optimizer):
        def __init__(self, params):
            super().__init__(params, lr=0.5)

        def update(self, i, w, g):
            w -= self.lr * g

    p = with_gradient(parameter())
    opt = Halving([p])
    assert opt.weight_decay == 0.0
    opt.step()
    np.testing.assert_array_equal(p.data, np.array([0.75, -2.125], np.float32))


def test_the_repr_names_the_class_the_parameter_count_and_the_hyperparameters():
    assert repr(optim.SGD([parameter(), parameter()], lr=0.5)) == \
        "SGD(2 parameters, lr=0.5, weight_decay=0.0)"
    assert repr(optim.Adam([parameter()])) == \
        "Adam(1 parameters, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-07, weight_decay=0.0)"


def test_adams_lr_t_is_the_last_steps_bias_corrected_rate_and_0_before_any_step():
    opt = optim.Adam([with_gradient(parameter())], lr=0.5)
    assert opt.lr_t == 0.0 and isinstance(opt.lr_t, float)  # no step taken, no rate applied
    for t in (1, 2):
        opt.step()
        assert opt.lr_t == 0.5 * math.sqrt(1.0 - 0.999 ** t) / (1.0 - 0.9 ** t)


def test_a_parameter_without_a_gradient_is_skipped_and_the_next_ones_are_updated():
    idle, used = parameter(), with_gradient(parameter())
    optim.SGD([idle, used], lr=0.5).step()
    np.testing.assert_array_equal(idle.data, np.array([1.0, -2.0], np.float32))
    np.testing.assert_array_equal(used.data, np.array([0.75, -2.125], np.float32))


def test_an_lr_made_invalid_after_construction_is_refused_at_step_naming_class_and_lr():
    opt = optim.Momentum([with_gradient(parameter())], lr=0.5)
    opt.lr = 0.0
    with pytest.raises(ValueError, match=r"^Momentum: lr must be > 0, got 0\.0 \(e\.g\. lr=0\.01"):
        opt.step()
    opt.lr = float("nan")
    with pytest.raises(ValueError, match=r"^Momentum: lr must be a finite number, got nan"):
        opt.step()


def test_bad_parameters_and_weight_decay_are_refused_naming_the_class():
    with pytest.raises(ValueError, match=r"^Adam got no parameters"):
        optim.Adam([])
    with pytest.raises(TypeError, match=r"^Adam: parameter 1 is a ndarray"):
        optim.Adam([parameter(), np.ones(2)])
    with pytest.raises(ValueError, match=r"^RMSprop: weight_decay must be a finite number, got inf"):
        optim.RMSprop([parameter()], weight_decay=math.inf)


def test_a_loaded_state_keeps_the_parameters_dtype():
    p = with_gradient(parameter())
    opt = optim.Adam([p])
    opt.step()
    state = {k: v.astype(np.float64) for k, v in opt.state_dict().items()}  # e.g. made elsewhere
    fresh = optim.Adam([parameter()])
    fresh.load_state_dict(state)
    for name in ("m", "v"):
        assert fresh.state[name][0].dtype == np.float32
        np.testing.assert_array_equal(fresh.state[name][0], opt.state[name][0])
    assert fresh.state_dict()["m.0"].dtype == np.float32


def test_a_state_that_is_not_numbers_is_refused_naming_the_key():
    opt = optim.Momentum([parameter()])
    state = opt.state_dict()
    state["v.0"] = np.array(["a", "b"])
    with pytest.raises(ValueError, match=r"Momentum\.load_state_dict failed; nothing was changed:\n"
                                         r"  - v\.0: expected numbers, got dtype <U1"):
        opt.load_state_dict(state)


def test_loading_a_file_that_does_not_fit_is_refused_naming_the_file(tmp_path):
    path = str(tmp_path / "sgd.npz")
    optim.SGD([parameter()], lr=0.5).save(path)
    adam = optim.Adam([parameter()])
    with pytest.raises(ValueError, match=rf"^{path!r} does not fit: .*Nothing was read"):
        adam.load(path)
    assert adam.step_count == 0
