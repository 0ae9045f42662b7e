"""tinygrad_ko.testing itself: what gradcheck reports (true derivatives, kinks, modules, float32),
gradgradcheck's checks, check_op and numerical_gradient."""

import numpy as np
import pytest
from hypothesis import strategies as st

from tinygrad_ko import Tensor, nn
from tinygrad_ko.ops import Function, dual
from tinygrad_ko.testing import (GradcheckError, check_op, gradcheck, gradgradcheck,
                                 numerical_gradient)
from tinygrad_ko.testing import strategies as tst

rng = np.random.default_rng(11)


def one_input_op(name, forward, backward):
    """A Function called ``name``: z = forward(x), local gradient backward(x, dy).  The tests below
    write each deliberately wrong (or right) op as these two formulas."""
    def run_forward(self, x):
        self.save(x)
        return forward(x)

    def run_backward(self, dy):
        (x,) = self.saved
        return (backward(x, dy),)
    return type(name, (Function,), {"forward": run_forward, "backward": run_backward})


# softplus with the derivative at 0 (0.5) used everywhere: the broken softplus
SoftplusHalf = one_input_op("SoftplusHalf", lambda x: np.log1p(np.exp(x)), lambda x, dy: dy * 0.5)
# relu whose backward passes 2·dy: wrong, and at x = 0 also on a kink
ReluDoubleSlope = one_input_op("ReluDoubleSlope", lambda x: np.maximum(x, 0),
                               lambda x, dy: 2 * dy * (dual.raw(x) >= 0))
# x² whose backward reads x's array even under create_graph: its second derivative is lost (0)
SquareRaw = one_input_op("SquareRaw", lambda x: x * x, lambda x, dy: dy * 2 * dual.raw(x))
# 2x whose backward says -2
Doubled = one_input_op("Doubled", lambda x: 2 * x, lambda x, dy: -2 * dy)


# --- scalar outputs are reported as they are ------------------------------------------------------
def test_scalar_output_report_shows_the_true_derivatives():
    with pytest.raises(GradcheckError) as err:
        gradcheck(lambda t: SoftplusHalf.apply(t).sum(), np.array(0.7))
    report = str(err.value)
    true_derivative = 1 / (1 + np.exp(-0.7))  # sigmoid(0.7) = 0.668
    assert "d out / d x: backward() gives 0.5 but the numerical derivative is 0.66818" in report
    assert abs(float(report.split("numerical derivative is ")[1].split(" ")[0]) -
               true_derivative) < 1e-8
    assert "x = 0.7" in report and "Ops between this input and the output: SoftplusHalf, Sum" in report


def test_non_scalar_output_report_names_one_true_jacobian_entry():
    """A wrong (3,) → (3,) op: the report's numbers are d out[i] / d x[j], not a weighted sum."""
    with pytest.raises(GradcheckError) as err:
        gradcheck(SoftplusHalf, np.array([-1.0, 0.3, 2.0]))
    report = str(err.value)
    j = int(report.split("d x[")[1].split("]")[0])
    assert f"d out[{j}] / d x[{j}]" in report
    expected = 1 / (1 + np.exp(-np.array([-1.0, 0.3, 2.0])[j]))
    assert f"numerical derivative is {expected:.8f}"[:-2] in report
    assert "backward() gives 0.5 " in report and "3 of 3 elements are off" in report


def test_every_element_must_agree_not_just_one():
    """One wrong element of 12 fails (an `any` instead of `all` would pass it)."""
    class LastWrong(Function):
        def forward(self, x):
            return x * 1.0

        def backward(self, dy):
            dx = np.array(dy, copy=True)
            dx.reshape(-1)[-1] += 1e-3
            return (dx,)
    with pytest.raises(GradcheckError, match=r"At index \(2, 3\).*1 of 12 elements are off"):
        gradcheck(LastWrong, rng.standard_normal((3, 4)))


def test_tolerances_are_what_the_report_says():
    Off = one_input_op("Off", lambda x: x * 1.0, lambda x, dy: dy * (1 + 5e-4))
    x = np.array(2.0)
    with pytest.raises(GradcheckError, match="atol 1e-05 \\+ rtol 0.0001"):
        gradcheck(Off, x)
    assert gradcheck(Off, x, rtol=1e-3)
    assert gradcheck(Off, x, atol=1e-3, rtol=0)


# --- kinks ---------------------------------------------------------------------------------------
def test_relu_at_zero_is_reported_as_a_kink_not_a_bug():
    with pytest.raises(GradcheckError) as err:
        gradcheck(lambda t: t.relu().sum(), np.zeros((3, 5)))
    report = str(err.value)
    assert "The input sits on a kink: the left derivative is 0 and the right one 1" in report
    assert "agrees with the left derivative, so this is most likely not a bug" in report
    assert "avoid=(0.0,)" in report


def test_kink_of_a_non_scalar_output_uses_the_entry_not_the_weights():
    with pytest.raises(GradcheckError) as err:
        gradcheck(lambda t: t.relu(), np.zeros(4))
    assert "left derivative is 0 and the right one 1 " in str(err.value)


def test_a_wrong_gradient_on_a_kink_is_not_excused():
    with pytest.raises(GradcheckError) as err:
        gradcheck(ReluDoubleSlope, np.zeros(3))
    report = str(err.value)
    assert "kink" in report and "agrees with neither, so something else is wrong too" in report


def test_no_kink_sentence_for_a_smooth_function():
    with pytest.raises(GradcheckError) as err:
        gradcheck(SoftplusHalf, np.array([0.0, 1.0]))
    assert "kink" not in str(err.value)


# --- modules -------------------------------------------------------------------------------------
def test_module_parameters_are_checked_in_float64_and_the_model_is_untouched():
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    x = rng.standard_normal((5, 3)).astype(np.float32)
    before = {name: p.data.copy() for name, p in model.named_parameters()}
    ids = [id(p) for p in model.parameters()]
    assert gradcheck(model, x)
    assert [id(p) for p in model.parameters()] == ids
    for name, p in model.named_parameters():
        assert p.dtype == np.float32 and p.grad is None
        np.testing.assert_array_equal(p.data, before[name])


class ScaledLinear(nn.Module):
    """x @ W with a wrong weight gradient (a custom op whose dW is doubled)."""

    def __init__(self):
        super().__init__()
        self.W = nn.Parameter(rng.standard_normal((3, 2)))

    def forward(self, x):
        return DoubledWeightGrad.apply(x, self.W)


class DoubledWeightGrad(Function):
    def forward(self, x, w):
        self.save(x, w)
        return x @ w

    def backward(self, dy):
        x, w = self.saved
        return dy @ w.T, 2 * (x.T @ dy)


def test_module_with_a_wrong_parameter_gradient_names_the_parameter():
    with pytest.raises(GradcheckError) as err:
        gradcheck(ScaledLinear(), rng.standard_normal((4, 3)))
    assert "parameter W of shape (3, 2)" in str(err.value)
    assert "DoubledWeightGrad" in str(err.value)


def test_random_output_is_refused_with_a_hint():
    with pytest.raises(GradcheckError, match="model.eval"):
        gradcheck(nn.Dropout(0.5), rng.standard_normal((4, 5)))
    assert gradcheck(nn.Dropout(0.5).eval(), rng.standard_normal((4, 5)))


# --- float32 -------------------------------------------------------------------------------------
def test_float32_inputs_are_also_checked_in_float32():
    Float32Off = one_input_op("Float32Off", lambda x: x * 2,
                              lambda x, dy: dy * (2.002 if dy.dtype == np.float32 else 2.0))
    x = rng.standard_normal((3, 2))
    assert gradcheck(Float32Off, x)
    with pytest.raises(GradcheckError, match="in float32 for input 0"):
        gradcheck(Float32Off, x.astype(np.float32))
    assert gradcheck(lambda t: (t * t).sum(axis=1).log_softmax(axis=0), x.astype(np.float32))


# --- refusals ------------------------------------------------------------------------------------
def test_gradcheck_refusals_say_what_was_given():
    with pytest.raises(ValueError, match="no floating-point input"):
        gradcheck(lambda t: t * 2, np.arange(3))
    with pytest.raises(TypeError, match="must return a Tensor, got ndarray"):
        gradcheck(lambda t: t.data * 2, np.ones(3))
    with pytest.raises(GradcheckError, match="float32 output"):
        gradcheck(lambda t: t.astype(np.float32) * 2, np.ones(3))
    with pytest.raises(GradcheckError, match="does not depend on any input"):
        gradcheck(lambda t: t.detach() * 2, np.ones(3))


def test_labels_and_python_values_pass_through_unchanged():
    seen = []

    def fn(t, labels, scale):
        seen.append((labels.dtype, scale))
        return (t[np.arange(3), labels] * scale).sum()
    assert gradcheck(fn, rng.standard_normal((3, 4)), np.array([0, 3, 1]), 2.5)
    assert seen[0] == (np.dtype(np.int64), 2.5)


def test_wrong_gradient_shape_is_a_gradcheck_error():
    Broken = one_input_op("Broken", lambda x: x.sum(), lambda x, dy: np.ones(3) * dy)
    with pytest.raises((GradcheckError, ValueError), match="shape"):
        gradcheck(Broken, np.ones((2, 3)))


# --- gradgradcheck -------------------------------------------------------------------------------
def test_gradgradcheck_accepts_the_engine_ops():
    x = rng.uniform(0.5, 2.0, (2, 3))
    y = rng.standard_normal((3, 2))
    assert gradgradcheck(lambda a, b: ((a @ b).tanh() * a.sum()).sum(), x, y)
    assert gradgradcheck(lambda a: a.log().exp().sigmoid(), x)
    assert gradgradcheck(lambda a: a.softmax(axis=1), x)


def test_gradgradcheck_of_linear_ops_has_zero_second_derivatives():
    assert gradgradcheck(lambda a, b: a * 2 + b, rng.standard_normal(3), rng.standard_normal(3))


def test_gradgradcheck_catches_a_graph_backward_that_differs_from_the_array_one():
    TwoFaced = one_input_op("TwoFaced", lambda x: x * x,
                            lambda x, dy: 2 * x * dy if dual.is_array(dy) else 3 * x * dy)
    x = rng.standard_normal(4)
    assert gradcheck(TwoFaced, x)
    with pytest.raises(GradcheckError, match="create_graph=True. differs from backward"):
        gradgradcheck(TwoFaced, x)


def test_gradgradcheck_second_derivative_report_is_exact():
    with pytest.raises(GradcheckError) as err:
        gradgradcheck(lambda t: SquareRaw.apply(t).sum(), np.array(1.5))
    report = str(err.value)
    assert ("the second backward gives 0.0 but central differences of the first gradient (the "
            "recorded first gradient) give") in report
    assert abs(float(report.split("first gradient) give ")[1].split(" ")[0]) - 2.0) < 1e-6


# --- check_op ------------------------------------------------------------------------------------
def test_check_op_accepts_a_right_op_and_runs_the_examples():
    drawn = []

    def reference(x):
        drawn.append(x.shape)
        return np.tanh(x)
    edge = np.zeros((0, 3))
    assert check_op(lambda t: t.tanh(), reference, tst.arrays(), examples=[edge, np.array(1.0)])
    assert (0, 3) in drawn and () in drawn and len(drawn) > 2


def test_check_op_names_the_worst_element():
    with pytest.raises(AssertionError, match=r"differs from the NumPy reference at index \(1,\)"):
        check_op(lambda t: t.relu(), lambda x: np.abs(x), st.just(np.array([1.0, -2.0, 3.0])))


def test_check_op_compares_shapes_and_optionally_dtypes():
    with pytest.raises(AssertionError, match=r"gives shape \(\), the NumPy reference \(1,\)"):
        check_op(lambda t: t.sum(), lambda x: np.sum(x, keepdims=True), st.just(np.ones(3)))
    with pytest.raises(AssertionError, match="dtype float32"):
        check_op(lambda t: t.astype(np.float32), lambda x: x, st.just(np.ones(2)),
                 check_dtype=True)
    assert check_op(lambda a, b: a + b, np.add, st.tuples(st.just(np.ones(2)), st.just(2.0)))


def test_check_op_nan_must_match_nan():
    assert check_op(lambda t: t.mean(), lambda x: np.nan, st.just(np.zeros(0)))
    with pytest.raises(AssertionError):
        check_op(lambda t: t.sum(), lambda x: np.float64(np.nan), st.just(np.ones(2)))


# --- numerical_gradient ----------------------------------------------------------------------------
def test_numerical_gradient_restores_the_array_exactly():
    x = rng.standard_normal((2, 3))
    copy = x.copy()
    g = numerical_gradient(lambda a: np.sum(a ** 3), x)
    np.testing.assert_allclose(g, 3 * x ** 2, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(x, copy)


def test_numerical_gradient_refusals():
    with pytest.raises(TypeError, match="dtype int64"):
        numerical_gradient(lambda a: a.sum(), np.arange(3))
    with pytest.raises(ValueError, match="C-contiguous"):
        numerical_gradient(lambda a: a.sum(), np.ones((3, 4))[:, ::2])
    with pytest.raises(TypeError, match="got list"):
        numerical_gradient(lambda a: 0.0, [1.0])


def test_numerical_gradient_of_a_tensor_and_a_0d_array():
    t = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    np.testing.assert_allclose(numerical_gradient(lambda v: (v * v).sum().item(), t), [2, 4],
                               rtol=1e-6)
    np.testing.assert_allclose(numerical_gradient(lambda a: float(a) ** 2, np.array(3.0)), 6.0)


# --- what the mutation run found untested (docs/testing.md) -------------------------------------------
def test_reports_are_reproducible():
    x = rng.standard_normal(3)
    with pytest.raises(GradcheckError) as first:
        gradcheck(Doubled, x)
    with pytest.raises(GradcheckError) as second:
        gradcheck(Doubled, x)
    assert str(first.value) == str(second.value)
    reports = []
    for _ in range(2):
        with pytest.raises(GradcheckError) as err:
            gradgradcheck(SquareRaw, rng.standard_normal(3) * 0 + np.array([0.5, -1.0, 2.0]))
        reports.append(str(err.value))
    assert reports[0] == reports[1]


def test_the_worst_jacobian_entry_is_where_backward_and_differences_disagree_most():
    """Backward gives -2 where the derivative is 2: the entry reported is on the diagonal."""
    with pytest.raises(GradcheckError) as err:
        gradcheck(Doubled, np.array([0.3, -0.7, 1.1]))
    report = str(err.value)
    j = report.split("d x[")[1].split("]")[0]
    assert f"d out[{j}] / d x[{j}]: backward() gives -2.0" in report


def test_very_large_outputs_report_the_weighted_projection():
    assert gradcheck(lambda t: t * 1.0, np.ones(4097))
    with pytest.raises(GradcheckError, match=r"d Σ w·out / d x \(w: random weights\)"):
        gradcheck(Doubled, np.ones(4097))
    with pytest.raises(GradcheckError, match=r"d out\[\d+\] / d x\[\d+\]"):
        gradcheck(Doubled, np.ones(4096))


def test_nan_outputs_fail_as_gradients_not_as_randomness():
    with pytest.raises(GradcheckError) as err:
        gradcheck(lambda t: (t - 5.0).log(), np.ones(2))
    assert "different outputs" not in str(err.value) and "elements are off" in str(err.value)


def test_a_named_input_is_named_in_the_report():
    with pytest.raises(GradcheckError, match=r"input 0 \(weights\) of shape \(3,\)"):
        gradcheck(Doubled, Tensor(rng.standard_normal(3), name="weights"))


def test_backward_agreeing_with_the_right_derivative_at_a_kink():
    ReluRight = one_input_op("ReluRight", lambda x: np.maximum(x, 0), lambda x, dy: dy * (dual.raw(x) >= 0))
    with pytest.raises(GradcheckError) as err:
        gradcheck(ReluRight, np.array(0.0))
    assert "agrees with the right derivative" in str(err.value)
    with pytest.raises(GradcheckError) as err:
        gradcheck(SoftplusHalf, np.array(1.0))
    assert str(err.value).endswith("elements are off.")


def test_eps_is_the_step_of_the_central_differences():
    x = np.array([1.0, -2.0])
    assert gradcheck(lambda t: (t ** 3).sum(), x)
    with pytest.raises(GradcheckError):
        gradcheck(lambda t: (t ** 3).sum(), x, eps=0.3)  # error eps² = 0.09
    with pytest.raises(GradcheckError):
        gradgradcheck(lambda t: (t ** 3).sum(), x, eps=0.3)
    with pytest.raises(GradcheckError):
        gradgradcheck(lambda t: (t ** 4).sum(), x, eps=0.3, atol=0.2)  # second stage: 4·eps²·x


def test_unused_inputs_get_zero_gradients():
    x, y = rng.standard_normal(3), rng.standard_normal(2)
    assert gradcheck(lambda a, b: a * 2, x, y)
    assert gradgradcheck(lambda a, b: (a * a).sum(), x, y)
    assert gradgradcheck(lambda a, b: a * b.sum(), x, y)


def test_float32_pass_tolerance_scales_with_the_gradient():
    TinyOff = one_input_op("TinyOff", lambda x: x * 0.002,
                           lambda x, dy: dy * (0.002002 if dy.dtype == np.float32 else 0.002))
    with pytest.raises(GradcheckError, match="in float32"):
        gradcheck(TinyOff, rng.standard_normal((4, 3)).astype(np.float32))
    assert gradcheck(lambda t: t * 2, np.zeros((0, 3), dtype=np.float32))


def test_float32_parameters_of_a_module_are_checked_in_float32():
    class Float32Op(Function):
        def forward(self, x, w):
            self.save(x, w)
            return x * w

        def backward(self, dy):
            x, w = self.saved
            bump = 1.01 if w.dtype == np.float32 else 1.0
            return dy * w, dy * x * bump

    class Scale(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(np.ones(3, dtype=np.float32))

        def forward(self, x):
            return Float32Op.apply(x, self.w)
    with pytest.raises(GradcheckError, match="in float32 for parameter w"):
        gradcheck(Scale(), rng.standard_normal(3))


def test_check_op_messages_name_the_function_and_shapes():
    def my_double(t):
        return t * 2

    with pytest.raises(AssertionError) as err:
        check_op(my_double, lambda x: x * 3, st.just(np.ones(3)))
    assert "check_op: test_check_op_messages_name_the_function_and_shapes.<locals>.my_double" in \
        str(err.value)
    assert "(arguments of shapes (3,))" in str(err.value)


def test_check_op_defaults():
    assert check_op(lambda t: t.astype(np.float32), lambda x: x, st.just(np.ones(2)))
    with pytest.raises(AssertionError):
        check_op(lambda t: t + 1e-3, lambda x: x, st.just(np.zeros(2)))
    with pytest.raises(AssertionError):
        check_op(lambda t: t * 1.001, lambda x: x, st.just(np.full(2, 1e4)))
    assert check_op(lambda t: t + 1e-4, lambda x: x, st.just(np.zeros(2)), atol=1e-3)
    assert check_op(lambda t: t.data * 2, lambda x: x * 2, st.just(np.ones(2)))


def test_gradgradcheck_passes_its_tolerances_and_step_on():
    SlightlyOff = one_input_op("SlightlyOff", lambda x: x * x, lambda x, dy: dy * 2 * x * (1 + 5e-4))
    x = np.array([1.0, -0.5, 2.0])
    with pytest.raises(GradcheckError):
        gradgradcheck(SlightlyOff, x)
    assert gradgradcheck(SlightlyOff, x, rtol=1e-3)

    Shifted = one_input_op("Shifted", lambda x: x * x, lambda x, dy: dy * 2 * x + dy * 5e-4)
    with pytest.raises(GradcheckError):
        gradgradcheck(Shifted, x, rtol=0)
    assert gradgradcheck(Shifted, x, atol=1e-3, rtol=0)
    # x⁴/12 at x = 0.1 with a step of 0.3: first differences are off by 0.003, second by 0.03
    def fourth(t):
        return (t ** 4).sum() / 12

    assert gradgradcheck(fourth, np.array([0.1]), eps=1e-4, atol=1e-2, rtol=0)
    with pytest.raises(GradcheckError, match="gradgradcheck failed"):
        gradgradcheck(fourth, np.array([0.1]), eps=0.3, atol=1e-2, rtol=0)


def test_gradgradcheck_reports_of_first_order_failures_are_reproducible():
    reports = []
    for _ in range(2):
        with pytest.raises(GradcheckError) as err:
            gradgradcheck(Doubled, np.array([0.5, 1.0, -2.0]))
        reports.append(str(err.value))
    assert reports[0] == reports[1]


def test_check_op_rtol_is_its_own():
    big = st.just(np.full(2, 1e3))
    with pytest.raises(AssertionError):
        check_op(lambda t: t * (1 + 5e-6), lambda x: x, big, atol=0)   # default rtol 1e-6
    assert check_op(lambda t: t * (1 + 5e-6), lambda x: x, big, atol=0, rtol=1e-5)
