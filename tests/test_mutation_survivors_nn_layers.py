"""tinygrad_ko.nn.layers and tinygrad_ko.nn.init: promises the mutation run (tools/mutation.py,
docs/testing.md) found no test for.

- the initialisers of the book's 6장 6.2절: normal's default std 0.01, He's sqrt(2/fan_in) and
  Xavier's sqrt(1/fan_in) with fan_in = C·FH·FW for a conv filter bank, reproducible from a seed
  and in the dtype asked for; a std must be a finite number >= 0 (0 gives zero weights), anything
  else is refused with an error naming what was given;
- a weight_init callable gets (shape, Generator from rng) and its array is cast to the dtype;
- the layers keep PyTorch's defaults (ConvTranspose2d stride 1, ELU alpha 1, LeakyReLU slope 0.01
  or negative_slope=, Softplus beta 1), build every array in the dtype asked for, honour bias=False,
  pass stride / padding / end_dim / eps through to the function, and refuse bad sizes naming the
  argument;
- Linear is the book's Affine (5장 5.6.1): x @ W + b on (N, in) or (in,) inputs with no extra node,
  and (N, ...) inputs flattened to (N, in);
- Sequential.append names layers "0", "1" ... (or the name given) and iterating yields the layers;
- arrays given to a model become constant Tensors, their dtype kept.
"""

import math
import re

import numpy as np
import pytest

import tinygrad_ko.nn.functional as F
from tinygrad_ko import Tensor, nn
from tinygrad_ko.nn import init
from tinygrad_ko.nn.layers import as_tensor

# --- nn.init (the book's 6.2) -------------------------------------------------------------------


def test_the_fan_in_of_a_conv_filter_bank_is_channels_times_kernel_height_times_width():
    assert init.fan_in((5, 2, 3, 4)) == 2 * 3 * 4
    assert init.fan_in((7, 3)) == 7


def test_normal_is_the_books_weight_init_std_001_times_randn_by_default():
    expected = (np.random.default_rng(0).standard_normal((3, 4)) * 0.01).astype(np.float32)
    w = init.normal((3, 4), rng=0)
    assert w.dtype == np.float32
    np.testing.assert_array_equal(w, expected)


@pytest.mark.parametrize("kind, factor", [(init.he, 2.0), (init.xavier, 1.0)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, None])
def test_he_and_xavier_draw_from_the_seed_in_the_dtype_asked_for(kind, factor, dtype):
    shape = (4, 2, 3, 5)
    std = math.sqrt(factor / (2 * 3 * 5))
    expected = np.random.default_rng(5).standard_normal(shape) * std
    w = kind(shape, rng=5) if dtype is None else kind(shape, rng=5, dtype=dtype)
    assert w.dtype == (dtype or np.float32)  # float32 by default, as the layers
    np.testing.assert_array_equal(w, expected.astype(dtype or np.float32))


@pytest.mark.parametrize("std", [-0.5, math.inf, math.nan, "0.1"])
def test_normal_refuses_a_std_that_is_not_a_finite_number_at_least_zero(std):
    with pytest.raises(ValueError, match=r"^std must be a finite number >= 0, got "):
        init.normal((2, 2), std=std)


def test_a_zero_std_gives_zero_weights():
    np.testing.assert_array_equal(init.normal((2, 3), std=0.0, rng=1), np.zeros((2, 3), np.float32))
    assert init.init_std(0, 8) == 0.0
    np.testing.assert_array_equal(init.initial_weight((2, 3), 0.0, rng=1),
                                  np.zeros((2, 3), np.float32))


@pytest.mark.parametrize("std", [-0.5, math.inf, -math.inf, math.nan])
def test_init_std_refuses_a_negative_or_non_finite_std_naming_it(std):
    with pytest.raises(ValueError, match=r"^weight init std must be a finite number >= 0, got "):
        init.init_std(std, 8)


@pytest.mark.parametrize("spec, given", [(True, "bool"), (None, "NoneType"), ([0.1], "list")])
def test_init_std_refuses_what_is_neither_a_number_nor_a_name_listing_the_choices(spec, given):
    with pytest.raises(TypeError, match=rf"^weight init must be a number \(the std\) or one of "
                                        rf"'relu', 'he', 'sigmoid', 'xavier', got {given}$"):
        init.init_std(spec, 8)


def draw_from_the_generator(shape, rng):
    return rng.standard_normal(shape)  # float64


@pytest.mark.parametrize("dtype", [np.float32, np.float64, None])
def test_a_weight_init_callable_gets_the_shape_and_the_seeded_generator(dtype):
    expected = np.random.default_rng(9).standard_normal((3, 4)).astype(dtype or np.float32)
    kwargs = {} if dtype is None else {"dtype": dtype}
    w = init.initial_weight((3, 4), draw_from_the_generator, rng=9, **kwargs)
    assert w.dtype == (dtype or np.float32)
    np.testing.assert_array_equal(w, expected)


def test_a_weight_init_callable_returning_the_wrong_shape_is_refused_naming_both_shapes():
    with pytest.raises(ValueError, match=r"^the weight_init callable returned shape \(4, 3\), "
                                         r"expected \(3, 4\)$"):
        init.initial_weight((3, 4), lambda shape, rng: np.zeros((4, 3)))


def test_initial_weight_from_a_name_keeps_the_dtype_asked_for():
    w = init.initial_weight((3, 4), "he", rng=2, dtype=np.float64)
    assert w.dtype == np.float64
    np.testing.assert_array_equal(w, np.random.default_rng(2).standard_normal((3, 4)) * math.sqrt(2 / 3))


# --- layers: dtypes, bias, defaults -----------------------------------------------------------


@pytest.mark.parametrize("build, shape, fan_in", [
    (lambda **kw: nn.Linear(8, 3, **kw), (8, 3), 8),
    (lambda **kw: nn.Conv2d(2, 4, 3, **kw), (4, 2, 3, 3), 18),
    (lambda **kw: nn.ConvTranspose2d(2, 4, 3, **kw), (2, 4, 3, 3), 36),
])
def test_layers_build_weights_and_biases_in_the_dtype_asked_for(build, shape, fan_in):
    layer = build(rng=7, dtype=np.float64)
    assert layer.W.dtype == layer.b.dtype == np.float64
    np.testing.assert_array_equal(layer.W.data, np.random.default_rng(7).standard_normal(shape)
                                  * math.sqrt(2.0 / fan_in))
    np.testing.assert_array_equal(layer.b.data, np.zeros(layer.b.shape))


@pytest.mark.parametrize("build", [lambda: nn.Conv2d(1, 2, 3, bias=False),
                                   lambda: nn.ConvTranspose2d(1, 2, 3, bias=False),
                                   lambda: nn.Linear(9, 2, bias=False)])
def test_bias_false_gives_a_layer_without_a_bias(build):
    layer = build()
    assert layer.b is None
    assert [name for name, _ in layer.named_parameters()] == ["W"]
    assert "b" not in layer.state_dict()


def test_batch_norm_keeps_its_parameters_and_running_statistics_in_the_dtype_asked_for():
    bn = nn.BatchNorm1d(3, dtype=np.float64)
    for array, value in [(bn.gamma, 1.0), (bn.beta, 0.0), (bn.running_mean, 0.0),
                         (bn.running_var, 1.0)]:
        assert array.dtype == np.float64
        np.testing.assert_array_equal(array.data, np.full(3, value))


def test_batch_norm_in_eval_mode_divides_by_sqrt_of_running_var_plus_the_eps_given():
    bn = nn.BatchNorm1d(2, eps=3.0).eval()  # running mean 0, var 1: (x - 0) / sqrt(1 + 3) = x / 2
    x = np.array([[2.0, -6.0], [1.0, 0.5]], np.float32)
    np.testing.assert_array_equal(bn(Tensor(x)).data, x / 2)


@pytest.mark.parametrize("layer, shape, layout", [
    (nn.BatchNorm1d(3), (2, 3, 4), "(N, C)"),
    (nn.BatchNorm2d(3), (2, 3), "(N, C, H, W)"),
])
def test_batch_norm_names_the_layout_it_expects_for_an_input_of_the_wrong_rank(layer, shape, layout):
    expected = (f"{type(layer).__name__}(3) expects input of shape {layout} with C = 3, got "
                f"{shape}")
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        layer(Tensor(np.zeros(shape, np.float32)))


def test_conv_transpose_strides_by_one_by_default_as_pytorch():
    y = nn.ConvTranspose2d(1, 1, 3)(Tensor(np.ones((1, 1, 4, 4), np.float32)))
    assert y.shape == (1, 1, 6, 6)  # (H - 1)·1 - 0 + 3


def test_conv_transpose_refuses_a_stride_of_none_naming_the_stride():
    with pytest.raises(TypeError, match=r"^stride must be an int or a pair of ints"):
        nn.ConvTranspose2d(1, 1, 3, stride=None)


@pytest.mark.parametrize("layer", [nn.MaxPool2d, nn.AvgPool2d])
def test_pooling_refuses_a_padding_that_is_not_an_int_naming_the_padding(layer):
    with pytest.raises(TypeError, match=r"^padding must be an int or a pair of ints"):
        layer(2, padding=1.5)


@pytest.mark.parametrize("value", [2.5, True])
def test_a_size_that_is_not_an_integer_is_refused_naming_it(value):
    with pytest.raises(ValueError, match=r"^Linear: in_features must be a positive integer, got "):
        nn.Linear(value, 3)


@pytest.mark.parametrize("make, function, options, text", [  # layers made in the test, not at import
    (lambda: nn.ELU(), F.elu, {"alpha": 1.0}, "ELU(alpha=1.0)"),
    (lambda: nn.LeakyReLU(), F.leaky_relu, {"slope": 0.01}, "LeakyReLU(slope=0.01)"),
    (lambda: nn.LeakyReLU(negative_slope=0.2), F.leaky_relu, {"slope": 0.2},
     "LeakyReLU(slope=0.2)"),
    (lambda: nn.Softplus(), F.softplus, {"beta": 1.0}, "Softplus(beta=1.0)"),
])
def test_activation_layers_keep_pytorchs_defaults_and_names(make, function, options, text):
    layer = make()
    x = Tensor(np.array([-3.0, -0.5, 0.0, 2.0]))
    np.testing.assert_array_equal(layer(x).data, function(x, **options).data)
    assert repr(layer) == text


def test_leaky_relu_multiplies_negative_inputs_by_the_slope():
    y = nn.LeakyReLU()(Tensor(np.array([-2.0, 3.0])))
    np.testing.assert_array_equal(y.data, [-2.0 * 0.01, 3.0])


def test_the_softmax_layer_says_which_axis_it_normalises():
    assert nn.Softmax().axis == -1
    assert nn.Softmax(dim=0).axis == 0 and nn.Softmax(1).axis == 1


def test_the_softmax_layer_refusing_axis_and_dim_starts_its_message_with_its_name():
    with pytest.raises(TypeError, match=r"^Softmax: got both axis=1 and dim=1"):
        nn.Softmax(axis=1, dim=1)


# --- forward passes its settings through --------------------------------------------------------


def test_max_pooling_uses_the_stride_and_padding_given():
    x = Tensor(np.arange(9.0).reshape(1, 1, 3, 3))
    np.testing.assert_array_equal(nn.MaxPool2d(2, stride=1)(x).data, [[[[4.0, 5.0], [7.0, 8.0]]]])
    # padded 5×5, windows start at -1 and 1: {0}, {1, 2}; {3, 6}, {4, 5, 7, 8}
    np.testing.assert_array_equal(nn.MaxPool2d(2, stride=2, padding=1)(x).data,
                                  [[[[0.0, 2.0], [6.0, 8.0]]]])


def test_average_pooling_uses_the_stride_and_padding_given_counting_the_zeros_as_pytorch():
    x = Tensor(np.arange(9.0).reshape(1, 1, 3, 3))
    np.testing.assert_array_equal(nn.AvgPool2d(2, stride=1)(x).data,
                                  [[[[2.0, 3.0], [5.0, 6.0]]]])
    corners = Tensor(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]))
    np.testing.assert_array_equal(nn.AvgPool2d(2, stride=2, padding=1)(corners).data,
                                  [[[[0.25, 0.5], [0.75, 1.0]]]])


def test_flatten_merges_the_axes_from_start_dim_to_end_dim_only():
    x = Tensor(np.arange(24.0).reshape(2, 3, 4))
    assert nn.Flatten(0, 1)(x).shape == (6, 4)
    assert nn.Flatten()(x).shape == (2, 12)


def test_linear_is_the_books_affine_x_at_w_plus_b_on_a_batch_with_no_extra_node():
    layer = nn.Linear(3, 2, rng=0)
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    y = layer(x)
    product = y.creator.inputs[0]  # y = (x @ W) + b: the affine's matmul takes x itself
    assert product.creator.inputs[0] is x and product.creator.inputs[1] is layer.W
    np.testing.assert_array_equal(y.data, x.data @ layer.W.data + layer.b.data)


def test_linear_takes_a_single_sample_of_in_features_values_as_pytorch():
    layer = nn.Linear(3, 2, rng=0)
    x = np.array([1.0, -2.0, 0.5])
    y = layer(Tensor(x))
    assert y.shape == (2,)
    np.testing.assert_array_equal(y.data, x @ layer.W.data + layer.b.data)


def test_linear_flattens_every_input_with_more_than_two_axes_to_n_by_in_features():
    layer = nn.Linear(6, 2, rng=0)
    x = np.arange(12.0).reshape(2, 2, 3)
    np.testing.assert_array_equal(layer(Tensor(x)).data,
                                  x.reshape(2, 6) @ layer.W.data + layer.b.data)


# --- Sequential and arrays given to models ---------------------------------------------------------


def test_sequential_append_names_layers_by_position_or_the_name_given_and_returns_itself():
    first, second, third = nn.ReLU(), nn.Tanh(), nn.Sigmoid()
    model = nn.Sequential(first)
    assert model.append(second) is model
    model.append(third, name="Sigmoid1")
    assert [name for name, _ in model.named_children()] == ["0", "1", "Sigmoid1"]
    assert list(model) == [first, second, third]
    assert model["1"] is second and model["Sigmoid1"] is third and len(model) == 3
    x = np.array([-1.0, 2.0])
    np.testing.assert_array_equal(model(Tensor(x)).data, 1 / (1 + np.exp(-np.tanh([0.0, 2.0]))))


@pytest.mark.parametrize("dtype", [np.float16, np.float64])
def test_an_array_given_to_a_model_becomes_a_constant_tensor_of_its_dtype(dtype):
    x = np.array([[-1.0, 2.0]], dtype)
    t = as_tensor(x)
    assert isinstance(t, Tensor) and t.dtype == dtype and not t.requires_grad
    np.testing.assert_array_equal(t.data, x)
    assert as_tensor(t) is t
    y = nn.Sequential(nn.ReLU())(x)
    assert y.dtype == dtype
    np.testing.assert_array_equal(y.data, np.maximum(x, 0))


def test_as_tensor_with_like_gives_the_values_in_likes_dtype():
    t = as_tensor([[1.5, -2.0]], like=Tensor(np.zeros(1, np.float16)))
    assert t.dtype == np.float16
    np.testing.assert_array_equal(t.data, np.array([[1.5, -2.0]], np.float16))
