"""Activations (issue 11 item 3): leaky_relu, elu, gelu, silu, softplus, log_sigmoid in F, as Tensor
methods and as nn layers — values against their definitions, stability at ±1000, gradients of
first and second order."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinygrad_ko.nn as nn
from tinygrad_ko import Tensor
from tinygrad_ko.nn import functional as F
from tinygrad_ko.testing import check_op, gradcheck, gradgradcheck
from tinygrad_ko.testing import strategies as tst

small = tst.shapes(max_dims=2, max_side=3)
erf = np.vectorize(math.erf)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


DEFINITIONS = {  # name -> (F function, NumPy definition)
    "leaky_relu": (lambda t: F.leaky_relu(t, 0.2), lambda a: np.where(a > 0, a, 0.2 * a)),
    "elu": (lambda t: F.elu(t, 0.7), lambda a: np.where(a > 0, a, 0.7 * (np.exp(a) - 1))),
    "gelu": (F.gelu, lambda a: 0.5 * a * (1 + erf(a / np.sqrt(2)))),
    "gelu tanh": (lambda t: F.gelu(t, approximate="tanh"), lambda a: 0.5 * a * (1 + np.tanh(
        np.sqrt(2 / np.pi) * (a + 0.044715 * a ** 3)))),
    "silu": (F.silu, lambda a: a * sigmoid(a)),
    "softplus": (lambda t: F.softplus(t, beta=2.0), lambda a: np.log1p(np.exp(2 * a)) / 2),
    "log_sigmoid": (F.log_sigmoid, lambda a: np.log(sigmoid(a))),
}


@pytest.mark.parametrize("name", DEFINITIONS)
def test_activation_values_match_their_definition(name):
    fn, definition = DEFINITIONS[name]
    check_op(fn, definition, tst.arrays(min_value=-6, max_value=6), rtol=1e-9, atol=1e-12,
             examples=[np.zeros(3), np.array([-1e-3, 1e-3])])


@given(tst.arrays(small, min_value=-3, max_value=3, avoid=(0.0,)), st.sampled_from(list(DEFINITIONS)))
def test_activation_gradients_of_both_orders(x, name):
    fn = DEFINITIONS[name][0]
    assert gradcheck(fn, x)
    assert gradgradcheck(fn, x)


@pytest.mark.parametrize("name", DEFINITIONS)
def test_activations_are_stable_at_large_inputs(name):
    fn = DEFINITIONS[name][0]
    x = Tensor(np.array([-1000.0, -50.0, 50.0, 1000.0]), requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = fn(x)
        y.sum().backward()
    assert np.all(np.isfinite(y.data)) and np.all(np.isfinite(x.grad.data))


def test_log_sigmoid_and_softplus_far_out():
    x = Tensor(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(F.log_sigmoid(x).data, [-1000.0, 0.0])
    np.testing.assert_allclose(F.softplus(x).data, [0.0, 1000.0])


def test_elu_is_smooth_at_zero_and_leaky_relu_has_two_slopes():
    x = Tensor(np.array([-1e-8, 1e-8]), requires_grad=True)
    F.elu(x).sum().backward()
    np.testing.assert_allclose(x.grad.data, [1.0, 1.0], atol=1e-7)
    y = Tensor(np.array([-2.0, 3.0]), requires_grad=True)
    F.leaky_relu(y).sum().backward()  # the default slope is 0.01, as PyTorch's
    np.testing.assert_allclose(y.grad.data, [0.01, 1.0])
    assert F.leaky_relu(y, negative_slope=0.5).tolist() == [-1.0, 3.0]


def test_methods_layers_and_functions_agree():
    x = Tensor(np.linspace(-3, 3, 7))
    layers = {"leaky_relu": nn.LeakyReLU(0.2), "elu": nn.ELU(0.7), "gelu": nn.GELU(),
              "gelu tanh": nn.GELU("tanh"), "silu": nn.SiLU(), "softplus": nn.Softplus(beta=2.0),
              "log_sigmoid": nn.LogSigmoid()}
    for name, layer in layers.items():
        np.testing.assert_array_equal(layer(x).data, DEFINITIONS[name][0](x).data)
    np.testing.assert_array_equal(x.gelu().data, F.gelu(x).data)
    np.testing.assert_array_equal(x.softplus().data, F.softplus(x).data)
    assert repr(nn.LeakyReLU(0.2)) == "LeakyReLU(slope=0.2)"


def test_bad_activation_arguments_are_refused_when_the_layer_is_made():
    with pytest.raises(ValueError, match="approximate"):
        nn.GELU("fast")
    with pytest.raises(ValueError, match="beta must be positive"):
        nn.Softplus(beta=0)
    with pytest.raises(TypeError, match="slope must be a number"):
        nn.LeakyReLU("0.1")


@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
def test_a_non_finite_slope_alpha_or_beta_is_refused_by_the_function_layer_and_op(value):
    """An infinite slope or α would make 0·∞ = NaN at x = 0 only: refused, naming the parameter,
    wherever the op is made (F.*, nn.*, or ops.*.apply directly)."""
    from tinygrad_ko.ops import activations as acts

    x = Tensor(np.array([-1.0, 0.0, 1.0]))
    for make in (lambda: F.leaky_relu(x, value), lambda: nn.LeakyReLU(value),
                 lambda: acts.LeakyReLU.apply(x, slope=value)):
        with pytest.raises(ValueError, match=r"leaky_relu: slope must be a finite number"):
            make()
    for make in (lambda: F.elu(x, value), lambda: nn.ELU(value),
                 lambda: acts.ELU.apply(x, alpha=value)):
        with pytest.raises(ValueError, match=r"elu: alpha must be a finite number"):
            make()
    with pytest.raises(ValueError, match=r"softplus: beta must be a finite number"):
        acts.Softplus.apply(x, beta=value)


def test_at_zero_the_negative_branch_is_used_as_in_pytorch_so_a_negative_slope_gives_minus_zero():
    """PyTorch computes leaky_relu and elu at x = 0 with the negative branch (x·slope,
    α(eˣ − 1)): with a negative slope or α, +0.0 becomes −0.0 — the sign of zero is kept too."""
    x = Tensor(np.array([0.0, -0.0]))
    signs = {(F.leaky_relu, -0.5): [True, False],  # ±0·(−0.5)
             (F.leaky_relu, 0.5): [False, True],
             (F.elu, -2.0): [True, True],  # −2·(e^±0 − 1) = −2·(+0)
             (F.elu, 2.0): [False, False]}
    for (function, parameter), negative in signs.items():
        assert np.signbit(function(x, parameter).data).tolist() == negative


def test_integer_inputs_give_float32():
    x = Tensor(np.array([1, 5], np.uint8))
    for name in ("leaky_relu", "elu", "softplus"):
        assert getattr(F, name)(x).dtype == np.float32
