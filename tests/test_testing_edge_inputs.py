"""tinygrad_ko.testing on inputs its own tests rarely give: zero tolerances (an exact match
passes, only the elements beyond tolerance are counted), backward forgetting an input, kinks
among other elements, steep smooth functions, NumPy subclasses, callables without a name,
references that write into their inputs, outputs that require grad or are plain numbers, and the
seed of gradgradcheck's first-order check."""

import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from tinygrad_ko import Tensor
from tinygrad_ko.ops import Function
from tinygrad_ko.testing import (GradcheckError, check_op, gradcheck, gradgradcheck,
                                 numerical_gradient)
from tinygrad_ko.testing import strategies as tst


def report_of(check, *args, **kwargs):
    with pytest.raises(GradcheckError) as err:
        check(*args, **kwargs)
    return str(err.value)


# --- tolerances --------------------------------------------------------------------------------
def test_zero_tolerance_accepts_an_exact_match():
    # steps of 1/2 on integers: the central differences of a sum are exactly 1
    assert gradcheck(lambda t: t.sum(), np.array([1.0, 2.0, 3.0]), eps=0.5, atol=0, rtol=0)


def test_zero_tolerance_counts_only_the_elements_that_are_off():
    report = report_of(gradcheck, lambda t: t.relu().sum(), np.array([0.0, 1.0, 2.0]),
                       eps=2.0 ** -4, atol=0, rtol=0)
    assert "backward() gives 0.0 but the numerical derivative is 0.5 " in report
    assert "1 of 3 elements are off" in report  # x = 1 and 2: both exactly 1


# --- what the report says ------------------------------------------------------------------------
class Forgets(Function):
    """2x whose backward returns no gradient at all (None)."""

    def forward(self, x):
        return 2 * x

    def backward(self, dy):
        return (None,)


class FiveAndOne(Function):
    """x ↦ (5x, x) whose backward forgets the second output."""

    def forward(self, x):
        return np.concatenate([5 * x, x])

    def backward(self, dy):
        return (5 * dy[:1],)


def test_a_backward_that_returns_nothing_is_reported_as_zero():
    report = report_of(gradcheck, Forgets, np.array([0.5, -1.0]))
    assert "backward() gives 0.0 but the numerical derivative is 1.99999" in report
    assert "2 of 2 elements are off" in report


def test_the_entry_reported_is_the_one_most_wrong_not_the_largest():
    # d out[0]/dx is right (5 = 5) and large; d out[1]/dx is wrong (0 instead of 1)
    report = report_of(gradcheck, FiveAndOne, np.array([0.5]))
    assert "d out[1] / d x[0]: backward() gives 0.0 but the numerical derivative is 1.0000" in report


def test_a_kink_among_other_elements_measures_only_that_element():
    report = report_of(gradcheck, lambda t: t.relu().sum(), np.array([0.0, 1.0, 2.0]))
    assert "the left derivative is 0 and the right one 1 (backward() agrees with the left" in report


class SteepHalf(Function):
    """10⁶·x³ with half its derivative: wrong, and steep, but smooth (no kink)."""

    def forward(self, x):
        self.save(x)
        return 1e6 * x * x * x

    def backward(self, dy):
        return (dy * 1.5e6 * self.saved[0] ** 2,)


def test_a_steep_smooth_function_is_not_called_a_kink():
    # the one-sided differences differ by f''·eps = 6 here: small against the slope 3·10⁶
    report = report_of(gradcheck, SteepHalf, np.array(1.0))
    assert "backward() gives 1500000.0" in report and "kink" not in report


def test_with_zero_tolerance_backward_still_agrees_with_an_exact_one_sided_derivative():
    report = report_of(gradcheck, lambda t: t.relu().sum(), np.array([0.0, 1.0]), atol=0, rtol=0)
    assert "(backward() agrees with the left derivative" in report


# --- inputs and callables ------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix, still NumPy's
def test_numerical_gradient_of_a_numpy_subclass():
    m = np.matrix([[1.0, 2.0], [3.0, 4.0]])
    grad = numerical_gradient(lambda a: float((np.asarray(a) ** 3).sum()), m, eps=1e-5)
    assert type(grad) is np.ndarray and grad.shape == (2, 2)
    np.testing.assert_allclose(grad, 3 * np.asarray(m) ** 2, rtol=1e-8)
    np.testing.assert_array_equal(m, [[1.0, 2.0], [3.0, 4.0]])


def test_check_op_names_a_callable_without_a_name_by_its_type():
    with pytest.raises(AssertionError, match=r"^check_op: partial differs"):
        check_op(functools.partial(lambda s, t: t * s, 2.0), lambda x: x, st.just(np.ones(2)))


def test_check_op_lists_every_argument_shape_and_type():
    with pytest.raises(AssertionError, match=r"\(arguments of shapes \(3,\), float\)"):
        check_op(lambda t, s: t * 2, lambda x, s: x, st.tuples(st.just(np.ones(3)), st.just(1.5)))


def test_check_op_accepts_outputs_that_require_grad_and_plain_numbers():
    weight = Tensor(np.array([2.0, -1.0]), requires_grad=True)  # a layer's parameter
    assert check_op(lambda t: t * weight, lambda x: x * np.array([2.0, -1.0]), st.just(np.ones(2)))
    assert check_op(lambda t: t.sum().item(), np.sum, st.just(np.arange(3.0)))


def test_check_op_never_changes_the_callers_examples():
    example = np.array([-3.0, 0.25, 3.0])
    assert check_op(lambda t: t.clip(-1.0, 1.0), lambda x: np.clip(x, -1.0, 1.0, out=x),
                    st.just(np.zeros(3)), examples=[example])
    np.testing.assert_array_equal(example, [-3.0, 0.25, 3.0])


# --- gradgradcheck -----------------------------------------------------------------------------
class Doubled(Function):
    def forward(self, x):
        self.save(x)
        return x * x

    def backward(self, dy):
        return (dy * 4 * self.saved[0],)


def test_gradgradcheck_checks_first_derivatives_with_its_seed():
    x = np.array([[0.5, 1.0, -2.0], [1.5, -0.25, 0.75]])
    reports = {seed: report_of(gradcheck, lambda t: Doubled.apply(t) @ Tensor(np.ones((3, 2))),
                               x, seed=seed) for seed in (0, 3)}
    assert reports[0] != reports[3]  # the seed changes the projection, hence the report
    assert report_of(gradgradcheck, lambda t: Doubled.apply(t) @ Tensor(np.ones((3, 2))), x,
                     seed=3) == reports[3]


def test_the_projection_report_names_the_weighted_sum():
    # outputs above 4096 elements are reported through the weighted sum, in the report's sentence
    class DoubledBig(Function):
        def forward(self, x):
            return 2 * x

        def backward(self, dy):
            return (dy,)

    report = report_of(gradcheck, DoubledBig, np.ones(4097))
    assert "(x = 1), d Σ w·out / d x (w: random weights): backward() gives" in report


class SquareRolledSlope(Function):
    """x², whose recorded first gradient has the right values but a slope with an extra (P - I)
    (P a cyclic shift): Σ u·(P - I)x vanishes for equal weights u, so only random u see it."""

    def forward(self, x):
        self.save(x)
        return x * x

    def backward(self, dy):
        (x,) = self.saved
        g = dy * 2 * x
        if isinstance(x, Tensor):  # the recorded pass: add (Px - x) minus its own value
            shift = x[np.roll(np.arange(x.shape[0]), 1)] - x
            g = g + (shift - Tensor(shift.data.copy()))
        return (g,)


def test_gradgradcheck_sees_a_second_derivative_bug_that_equal_weights_hide():
    x = np.array([0.5, -1.0, 2.0])
    assert gradcheck(SquareRolledSlope, x)
    report = report_of(gradgradcheck, SquareRolledSlope, x)
    assert report.startswith("gradgradcheck failed for input 0 of shape (3,). Op checked: "
                             "SquareRolledSlope.")


def test_unbounded_arrays_are_still_finite():
    with pytest.raises(NoSuchExample):  # hypothesis draws NaN and ±inf early when they are allowed
        find(tst.arrays((3,), min_value=None, max_value=None), lambda a: not np.all(np.isfinite(a)),
             settings=settings(database=None, derandomize=True, max_examples=60,
                               suppress_health_check=list(HealthCheck)))


def test_broadcastable_shapes_honour_min_side():
    with pytest.raises(NoSuchExample):
        find(tst.broadcastable_shapes(min_side=2), lambda s: any(n < 2 for t in s for n in t),
             settings=settings(database=None, derandomize=True, max_examples=100,
                               suppress_health_check=list(HealthCheck)))


def test_the_default_seed_is_0():
    """The signature's seed=0: a report from a default run is reproduced by seed=0."""
    x = np.array([[0.5, 1.0, -2.0], [1.5, -0.25, 0.75]])

    def fn(t):
        return Doubled.apply(t) @ Tensor(np.ones((3, 2)))

    assert report_of(gradcheck, fn, x) == report_of(gradcheck, fn, x, seed=0)
    assert report_of(gradcheck, fn, x) != report_of(gradcheck, fn, x, seed=1)
    assert report_of(gradgradcheck, SquareRolledSlope, np.array([0.5, -1.0, 2.0])) == \
        report_of(gradgradcheck, SquareRolledSlope, np.array([0.5, -1.0, 2.0]), seed=0)
    assert report_of(gradgradcheck, SquareRolledSlope, np.array([0.5, -1.0, 2.0])) != \
        report_of(gradgradcheck, SquareRolledSlope, np.array([0.5, -1.0, 2.0]), seed=1)


def test_numerical_gradient_takes_any_one_element_result_and_refuses_more():
    x = np.array([1.0, 2.0])
    for f in (lambda a: (Tensor(a) * Tensor(a)).sum().reshape(1),  # shape (1,): NumPy 2 refuses
              lambda a: (Tensor(a, requires_grad=True) ** 2).sum(),  # a graph output
              lambda a: np.sum(a * a).reshape(1, 1),                # float() of these
              lambda a: float(np.sum(a * a))):
        np.testing.assert_allclose(numerical_gradient(f, x), 2 * x, rtol=1e-6)
    with pytest.raises(ValueError, match=r"f must return one number, got shape \(2,\)"):
        numerical_gradient(lambda a: Tensor(a * a), x)
