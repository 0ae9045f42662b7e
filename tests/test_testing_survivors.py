"""tinygrad_ko.testing: promises that mutation testing found unguarded (docs/testing.md, section 7).

- The kink sentence of a gradcheck report: one-sided derivatives within the kink tolerance
  max(10·atol, 1000·eps) + rtol·|larger one| are one derivative (the boundary included, as
  "within tolerance" is everywhere in gradcheck); beyond it, the report names the kink.
- gradgradcheck differentiates the *recorded* first gradient and compares that with central
  differences of the same recorded gradient (its docstring): a recorded gradient whose graph
  leaves out part of how its own numbers change is refused, even when those numbers agree with
  backward()'s within tolerance.
- strategies.arrays(avoid=...) never draws the avoided value itself, even with margin=0.
- The cross-entropy example of ``python -m tinygrad_ko gradcheck`` gives every row its own label,
  so a backward that pairs a row with another row's label fails the check.
"""

import itertools
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample

from tinygrad_ko import Tensor
from tinygrad_ko.ops import Function
from tinygrad_ko.ops.dual import raw
from tinygrad_ko.testing import GradcheckError, example_cases, gradcheck, gradgradcheck
from tinygrad_ko.testing import strategies as tst

KINK = "The input sits on a kink"


def report_of(check, *args, **kwargs):
    with pytest.raises(GradcheckError) as err:
        check(*args, **kwargs)
    return str(err.value)


# --- the kink sentence: its tolerance and its boundary ----------------------------------------------
def scaled_relu(slope):
    """relu(x)·slope: at x = 0 the left derivative is 0 and the right one ``slope``; backward()
    gives 0 there, the central difference slope/2, so gradcheck fails and writes a report."""
    return lambda t: t.relu() * slope


def test_a_slope_change_of_exactly_ten_atol_is_within_the_kink_tolerance():
    """eps a power of two: the one-sided differences at 0 are exactly 0 and 1.  10·0.1 is 1.0
    exactly: on the boundary, so no kink; a slightly smaller atol puts the change beyond it."""
    x, eps = np.array(0.0), 2.0 ** -20
    on_boundary = report_of(gradcheck, scaled_relu(1.0), x, eps=eps, atol=0.1, rtol=0.0)
    assert "backward() gives 0.0 but the numerical derivative is 0.5" in on_boundary
    assert KINK not in on_boundary
    beyond = report_of(gradcheck, scaled_relu(1.0), x, eps=eps, atol=0.09375, rtol=0.0)
    assert f"{KINK}: the left derivative is 0 and the right one 1 " in beyond


def test_a_slope_change_of_exactly_a_thousand_eps_is_within_the_kink_tolerance():
    """With atol = rtol = 0 the kink tolerance is 1000·eps (eps = 2⁻¹⁰: 0.9765625, exact): a
    jump of exactly that is no kink, a jump of 0.977 is one."""
    x, eps = np.array(0.0), 2.0 ** -10
    on_boundary = report_of(gradcheck, scaled_relu(1000 * eps), x, eps=eps, atol=0.0, rtol=0.0)
    assert "backward() gives 0.0" in on_boundary and KINK not in on_boundary
    beyond = report_of(gradcheck, scaled_relu(0.977), x, eps=eps, atol=0.0, rtol=0.0)
    assert f"{KINK}: the left derivative is 0 and the right one 0.977 " in beyond


# --- gradgradcheck measures the slope of the recorded gradient ----------------------------------
class CubeWithConstantTerm(Function):
    """x³ whose recorded backward adds 0.05·x² as a constant (dual.raw): at x = 0.01 that is
    5e-6, within atol of backward()'s 3x², but the recorded graph misses its slope 0.1·x."""

    def forward(self, x):
        self.save(x)
        return x ** 3

    def backward(self, dz):
        (x,) = self.saved
        g = dz * 3 * x * x
        if isinstance(x, Tensor):  # the recorded pass (create_graph=True)
            g = g + raw(dz) * 0.05 * raw(x) ** 2
        return g


class CubeWithAnotherRecordedSlope(Function):
    """x³ whose recorded backward is 3.05·x² (recorded, so the graph has its slope 6.1·x): at
    x = 0.01 within atol of backward()'s 3x², but the slope of the true gradient is 6x."""

    def forward(self, x):
        self.save(x)
        return x ** 3

    def backward(self, dz):
        (x,) = self.saved
        return dz * (3.05 if isinstance(x, Tensor) else 3.0) * x * x


def test_gradgradcheck_compares_the_graph_with_the_recorded_gradients_own_slope():
    x = np.array(0.01)
    assert gradcheck(CubeWithConstantTerm, x)  # first derivatives are right
    report = report_of(gradgradcheck, CubeWithConstantTerm, x)
    assert "the second backward gives 0.06 but central differences of the first gradient " \
           "(the recorded first gradient) give 0.0609" in report


def test_gradgradcheck_compares_the_graph_with_the_slope_of_backwards_gradient_too():
    x = np.array(0.01)
    assert gradcheck(CubeWithAnotherRecordedSlope, x)
    report = report_of(gradgradcheck, CubeWithAnotherRecordedSlope, x)
    assert "the second backward gives 0.061 but central differences of the first gradient " \
           "(backward()'s first gradient) give 0.059" in report


# --- strategies.arrays(avoid=...) ---------------------------------------------------------------
def test_avoid_with_margin_0_still_never_draws_the_avoided_value():
    with pytest.raises(NoSuchExample):  # 0.0 (and -0.0) are among hypothesis's first draws
        find(tst.arrays((3,), avoid=(0.0, 1.0), margin=0.0),
             lambda a: bool(np.any((a == 0.0) | (a == 1.0))),
             settings=settings(database=None, derandomize=True, max_examples=300,
                               suppress_health_check=list(HealthCheck)))


# --- the CLI's cross-entropy example --------------------------------------------------------------
class CrossEntropyRowsMixed(Function):
    """Mean cross-entropy of logits against ``labels`` whose backward reads the labels in the
    row order ``rows`` (a bug when ``rows`` is not the identity)."""

    def __init__(self, labels, rows):
        super().__init__()
        self.labels, self.rows = labels, rows

    def forward(self, logits):
        shifted = logits - logits.max(axis=1, keepdims=True)
        self.probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        n = logits.shape[0]
        return np.array(-np.log(self.probs[np.arange(n), self.labels]).mean())

    def backward(self, dz):
        n = self.probs.shape[0]
        one_hot = np.zeros_like(self.probs)
        one_hot[np.arange(n), self.labels[self.rows]] = 1.0
        return dz * (self.probs - one_hot) / n


def cross_entropy_reading_labels_in(labels, rows):
    return lambda t: CrossEntropyRowsMixed.apply(t, labels=labels, rows=np.array(rows))


def test_the_cross_entropy_example_catches_a_backward_that_mixes_up_rows_labels():
    fn, (logits,) = example_cases()["cross_entropy"]
    x = Tensor(logits, requires_grad=True)
    fn(x).backward()
    labels = np.argmin(x.grad.data, axis=1)  # (p - one_hot) / n is negative at the label only
    assert np.all(x.grad.data[np.arange(len(labels)), labels] < 0)
    in_order = tuple(range(len(labels)))
    assert gradcheck(cross_entropy_reading_labels_in(labels, in_order), logits)
    for rows in itertools.permutations(in_order):
        if rows != in_order:
            with pytest.raises(GradcheckError, match="backward\\(\\) gives"):
                gradcheck(cross_entropy_reading_labels_in(labels, rows), logits)


# --- gradgradcheck's weights can be drawn again by hand ----------------------------------------
class SquareWithConstantGradient(Function):
    """x² whose recorded gradient 2·raw(x) is a constant: the second backward gives 0."""

    def forward(self, x):
        self.save(x)
        return x * x

    def backward(self, dz):
        (x,) = self.saved
        return dz * 2 * raw(x)


@pytest.mark.parametrize("seed", [0, 7])
def test_gradgradchecks_weights_are_default_rng_of_seed_plus_one(seed):
    """The docstring's recipe: u = np.random.default_rng(seed + 1).standard_normal(shape), so a
    report's numbers can be redone by hand: here d/dx Σ u·2x = 2u at the worst index."""
    x = np.array([0.5, -1.0, 2.0])
    report = report_of(gradgradcheck, lambda t: SquareWithConstantGradient.apply(t).sum(), x,
                       seed=seed)
    index = int(re.search(r"At index \((\d+),\)", report).group(1))
    u = np.random.default_rng(seed + 1).standard_normal(3)
    numeric = float(re.search(r"\(the recorded first gradient\) give (\S+) ", report).group(1))
    assert abs(numeric - 2 * u[index]) < 1e-6
    assert index == int(np.argmax(np.abs(2 * u)))
