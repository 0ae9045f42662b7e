"""The tester is tested: a gallery of deliberately wrong ops, each rejected by gradcheck (and
gradgradcheck) with a report naming the op, the input and the worst element; their correct twins pass.

docs/testing.md walks through these reports ("how to read a failure").  Every op is a
``tinygrad_ko.ops.Function`` with forward/backward on arrays, run by ``Op.apply(tensor)``; the
correct twins use only operators (and constant masks from ``dual.raw``) in backward, so they
also run on Tensors and have second derivatives.
"""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tinygrad_ko import Tensor
from tinygrad_ko.ops import Abs, Function, dual
from tinygrad_ko.testing import GradcheckError, gradcheck, gradgradcheck
from tinygrad_ko.testing import strategies as tst

rng = np.random.default_rng(20)


# --- one wrong element: an off-by-one loop bound --------------------------------------------------
class TripleLastForgotten(Function):
    """y = 3x; backward forgets the last element (a loop that stops one early)."""

    def forward(self, x):
        return 3 * x

    def backward(self, dy):
        dx = np.zeros_like(dy)
        dx.reshape(-1)[:-1] = 3 * dy.reshape(-1)[:-1]
        return (dx,)


class Triple(Function):
    def forward(self, x):
        return 3 * x

    def backward(self, dy):
        return (3 * dy,)


# --- invisible to a sum projection: forgot to undo the reversal -------------------------------------
class ReverseForgetsFlip(Function):
    """y = 2·x[::-1]; backward returns 2·dy without flipping it back.  With dy = ones (projecting the
    output with a sum) the flip changes nothing, so only random weights can see it."""

    def forward(self, x):
        return 2 * x[::-1]

    def backward(self, dy):
        return (2 * dy,)


class Reverse(Function):
    def forward(self, x):
        return 2 * x[::-1]

    def backward(self, dy):
        return (2 * dy[::-1],)


# --- an error of 1e-3 relative: a rounded constant ---------------------------------------------------
class Log10Rounded(Function):
    """y = log10(x); backward uses ln 10 ≈ 2.3 (the true 2.302585… is 0.1 % away)."""

    def forward(self, x):
        self.save(x)
        return np.log10(x)

    def backward(self, dy):
        (x,) = self.saved
        return (dy / (x * 2.3),)


class Log10(Function):
    def forward(self, x):
        self.save(x)
        return np.log10(x)

    def backward(self, dy):
        (x,) = self.saved
        return (dy / (x * float(np.log(10))),)


# --- wrong only for negative inputs: abs treated like relu -------------------------------------------
class AbsLikeRelu(Function):
    """y = |x|; backward passes dy where x > 0 and 0 elsewhere (the sign is forgotten)."""

    def forward(self, x):
        self.save(x)
        return np.abs(x)

    def backward(self, dy):
        (x,) = self.saved
        return (dy * (dual.raw(x) > 0),)


# its correct twin is the engine's own op: tinygrad_ko.ops.Abs


# --- wrong only under broadcasting: the bias gradient averaged instead of summed ---------------------
class AddBiasMean(Function):
    """y = x + b with x (N, K) and b (K,); backward gives b the *mean* over the batch.  For N = 1
    the mean is the sum, so the bug shows only when b is really broadcast."""

    def forward(self, x, b):
        return x + b

    def backward(self, dy):
        return dy, dy.mean(axis=0)


class AddBias(Function):
    def forward(self, x, b):
        return x + b

    def backward(self, dy):
        return dy, dy.sum(axis=0)


# --- wrong only in float32: a "fast path" that rounds through float16 ---------------------------------
class SquareHalfPath(Function):
    """y = x²; for float32 the backward saves memory by going through float16 (0.05 % off)."""

    def forward(self, x):
        self.save(x)
        return x * x

    def backward(self, dy):
        (x,) = self.saved
        if x.dtype == np.float32:
            return ((2 * x.astype(np.float16) * dy.astype(np.float16)).astype(np.float32),)
        return (2 * x * dy,)


class Square(Function):
    def forward(self, x):
        self.save(x)
        return x * x

    def backward(self, dy):
        (x,) = self.saved
        return (2 * x * dy,)


# --- second derivatives only: a saved input taken as a constant ----------------------------------------
class CubeConstantSaved(Function):
    """y = x³; backward uses dual.raw(x), so the first derivative is right but the recorded graph
    treats 3x² as a constant: the second derivative comes out 0 instead of 6x."""

    def forward(self, x):
        self.save(x)
        return x ** 3

    def backward(self, dy):
        (x,) = self.saved
        return (dy * (3 * dual.raw(x) ** 2),)


class Cube(Function):
    def forward(self, x):
        self.save(x)
        return x ** 3

    def backward(self, dy):
        (x,) = self.saved
        return (dy * 3 * x * x,)


def positive(*shape):
    return rng.uniform(0.5, 3.0, shape)


def mixed_signs(*shape):
    """Values away from 0 (|x| ≥ 0.25) with both signs."""
    return rng.uniform(0.25, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


# name: (wrong op, correct twin, inputs, the input named, the worst element, words in the report)
GALLERY = {
    "one wrong element": (TripleLastForgotten, Triple, (rng.standard_normal((3, 4)),), 0, (2, 3),
                          ["d out[2, 3] / d x[2, 3]", "gives 0.0", "1 of 12 elements"]),
    "invisible to a sum projection": (ReverseForgetsFlip, Reverse, (rng.standard_normal(5),), 0,
                                      None, ["d out["]),
    "an error of 1e-3 relative": (Log10Rounded, Log10, (positive(2, 3),), 0, None,
                                  ["|difference|"]),
    "wrong only for negative inputs": (AbsLikeRelu, Abs, (mixed_signs(4, 3),), 0, None,
                                       ["gives 0.0"]),
    "wrong only under broadcasting": (AddBiasMean, AddBias,
                                      (rng.standard_normal((3, 4)), rng.standard_normal(4)), 1,
                                      None, ["input 1 of shape (4,)"]),
    "wrong only in float32": (SquareHalfPath, Square,
                              (rng.uniform(0.5, 2.0, (3, 4)).astype(np.float32),), 0, None,
                              ["in float32", "float64 check passed"]),
}


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_wrong_op_is_rejected_with_op_input_and_element(name):
    wrong, _, inputs, position, element, words = GALLERY[name]
    with pytest.raises(GradcheckError) as err:
        gradcheck(wrong, *inputs)
    report = str(err.value)
    assert f"Op checked: {wrong.__name__}" in report
    assert f"input {position} of shape {np.shape(inputs[position])}" in report
    assert "at index (" in report.lower()
    if element is not None:
        assert f"index {element}" in report
    for word in words:
        assert word in report, (word, report)


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_wrong_op_is_rejected_inside_a_larger_graph(name):
    """Called through a lambda, among other ops: the report lists the ops between the input and the
    output, the wrong one among them."""
    wrong, _, inputs, position, _, _ = GALLERY[name]
    with pytest.raises(GradcheckError) as err:
        gradcheck(lambda *ts: (wrong.apply(*ts) * 1.5).tanh(), *inputs)
    report = str(err.value)
    assert "Ops between this input and the output:" in report
    assert f"{wrong.__name__}, Mul, Tanh" in report
    assert f"input {position}" in report


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_gradgradcheck_rejects_the_wrong_op(name):
    wrong, _, inputs, position, _, _ = GALLERY[name]
    with pytest.raises(GradcheckError, match=f"input {position}"):
        gradgradcheck(wrong, *inputs)


@pytest.mark.parametrize("name", sorted(GALLERY))
def test_correct_twin_is_accepted(name):
    _, correct, inputs, _, _, _ = GALLERY[name]
    assert gradcheck(correct, *inputs)
    assert gradcheck(lambda *ts: (correct.apply(*ts) * 1.5).tanh(), *inputs)
    assert gradgradcheck(correct, *inputs)


def test_each_bug_hides_where_the_gallery_says():
    """The blind spots are real: without the input that exposes it, each bug passes."""
    assert gradcheck(AbsLikeRelu, rng.uniform(0.25, 2.0, (4, 3)))          # positive only
    assert gradcheck(AddBiasMean, rng.standard_normal((1, 4)), rng.standard_normal(4))  # N = 1
    assert gradcheck(SquareHalfPath, rng.uniform(0.5, 2.0, (3, 4)))          # float64 given
    x = Tensor(rng.standard_normal(5), requires_grad=True)
    ReverseForgetsFlip.apply(x).sum().backward()                           # a sum projection
    np.testing.assert_allclose(x.grad.data, 2.0)                           # looks right


def test_second_derivative_bug_passes_gradcheck_and_fails_gradgradcheck():
    x = mixed_signs(2, 3)
    assert gradcheck(CubeConstantSaved, x)
    with pytest.raises(GradcheckError) as err:
        gradgradcheck(CubeConstantSaved, x)
    report = str(err.value)
    assert "gradgradcheck failed for input 0 of shape (2, 3)" in report
    assert "Op checked: CubeConstantSaved" in report and "second backward gives" in report
    assert gradgradcheck(Cube, x)


@given(x=tst.arrays(tst.shapes(min_dims=1), avoid=(0.0,), margin=0.1))
@example(x=np.array([-1.0, 0.5]))
def test_a_strategy_with_negative_values_finds_the_sign_bug(x):
    """Drawn inputs with a negative element expose AbsLikeRelu; all-positive ones cannot."""
    if np.any(x < 0):
        with pytest.raises(GradcheckError, match="AbsLikeRelu"):
            gradcheck(AbsLikeRelu, x)
    else:
        assert gradcheck(AbsLikeRelu, x)
    assert gradcheck(Abs, x)


@given(n=st.integers(2, 4), k=st.integers(1, 4), data=st.data())
def test_broadcast_bias_bug_found_for_every_batch_above_one(n, k, data):
    x, b = data.draw(tst.arrays((n, k))), data.draw(tst.arrays((k,)))
    with pytest.raises(GradcheckError, match="input 1"):
        gradcheck(AddBiasMean, x, b)
    assert gradcheck(AddBias, x, b)
