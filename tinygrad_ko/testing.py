"""Gradient testing for everyone: numerical gradients, gradcheck, gradgradcheck, check_op and
hypothesis strategies.

    from hypothesis import given
    from tinygrad_ko.testing import gradcheck, strategies as tst

    @given(tst.tensors(shape=(3, 4)))
    def test_my_op(x):
        assert gradcheck(lambda t: my_op(t), x)

``numerical_gradient`` is the book's (4장 4.4절 / chapter 4, section 4.4: 4.3's central difference per
element);
``gradcheck`` compares it with backward() in float64 and, on failure, names the ops, the input and
the worst element (docs/testing.md shows how to read its reports); ``gradgradcheck`` does the same
for second derivatives and ``check_op`` compares forward values with a NumPy reference.
``strategies`` and ``check_op`` need the ``hypothesis`` package (``pip install tinygrad_ko[test]``);
the rest needs only NumPy.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .tensor import Tensor, enable_grad


def _measuring():
    """The context of gradcheck's own evaluations of fn: recording stays on, because fn may itself
    differentiate (a gradient penalty, a Hessian-vector product calls grad(create_graph=True));
    the graphs it records are simply dropped."""
    return enable_grad()


class GradcheckError(AssertionError):
    """backward() and the numerical derivatives disagree (the message says where and by how much)."""


def numerical_gradient(f, x, eps: float = 1e-4) -> np.ndarray:
    """Central difference (f(x + h) - f(x - h)) / 2h for every element of ``x`` (4장 4.3–4.4절).

    ``f`` takes the array (or Tensor) ``x`` and returns a number; ``x`` is changed in place while
    measuring and restored exactly afterwards (so these writes are not recorded as in-place edits,
    for a Tensor or its ``.data`` alike: a graph built before stays usable).
    """
    flat = _measurable(x)
    grad = np.zeros(flat.size)
    for i in range(flat.size):  # one element at a time: this is a test tool, not a hot path
        f_plus, f_minus = _nudged(f, x, flat, i, eps), _nudged(f, x, flat, i, -eps)
        grad[i] = (_as_number(f_plus) - _as_number(f_minus)) / (2 * eps)
    return grad.reshape(np.shape(_array_of(x)))


def _array_of(x):
    array = x._data if isinstance(x, Tensor) else x
    return array.view(np.ndarray) if isinstance(array, np.ndarray) else array


def _measurable(x) -> np.ndarray:
    """The flat, writeable float array behind ``x`` (a view: writes reach ``x``)."""
    array = _array_of(x)
    if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
        raise TypeError(f"numerical_gradient needs a floating-point NumPy array or Tensor, got "
                        f"{type(x).__name__}" + (f" of dtype {array.dtype}"
                                                 if isinstance(array, np.ndarray) else ""))
    if not array.flags.c_contiguous:
        raise ValueError("numerical_gradient needs a C-contiguous array; pass np.ascontiguousarray(x)")
    return array.reshape(-1)


def _nudged(f, x, flat, i, step):
    """f(x) with element i moved by ``step``, then put back exactly."""
    original = flat[i]
    flat[i] = original + step
    try:
        return f(x)
    finally:
        flat[i] = original


# --- gradcheck ---------------------------------------------------------------------------------
# The low-precision pass compares float32's (float16's) backward with float64's: dtype ->
# (rtol, atol as a fraction of the largest gradient element, atol floor).
_LOW_PRECISION = {np.dtype(np.float32): (1e-4, 1e-5, 1e-6), np.dtype(np.float16): (1e-2, 1e-3, 1e-3)}

def gradcheck(fn, *inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-4,
              seed: int = 0) -> bool:
    """Check backward() of ``fn(*inputs)`` against central differences, in float64.

    ``fn`` is a function of Tensors, a ``Function`` subclass (its ``apply`` is called) or a
    ``Module``: then its parameters are checked too, on a float64 deep copy (the model you pass is
    never touched).  Floating-point inputs become float64 leaves; anything else (integer labels,
    Python values) is passed unchanged.  A scalar output is differentiated as it is; a larger one
    is projected on fixed random weights, so no output element can hide, and a failure is then
    reported as the one Jacobian entry d out[i] / d x[j] that is most wrong.  Inputs given in
    float32 (or float16) are also run in that dtype, and its backward compared with float64's.

    Raises :class:`GradcheckError` naming the ops, the input, the worst element and, when the
    input sits on a kink (the left and right derivatives differ), saying so; returns True.
    """
    case = _Case(fn, inputs, seed)
    out, analytic = case.backward()
    for position in case.checked:
        numeric = numerical_gradient(case.projected, case.leaves[position], eps)
        worst = _worst(analytic[position], numeric, atol, rtol)
        if worst is not None:
            raise GradcheckError(case.explain(position, worst, analytic[position], numeric, eps,
                                              atol, rtol, out))
    for dtype in case.low_precision_dtypes():
        _, low = case.backward(low_precision=True)
        rtol_low, share, floor = _LOW_PRECISION[dtype]
        for position in case.checked:
            reference = analytic[position]
            tolerance = floor + share * float(np.max(np.abs(reference), initial=0))
            worst = _worst(low[position], reference, tolerance, rtol_low)
            if worst is not None:
                raise GradcheckError(
                    f"gradcheck failed in {dtype} for {case.describe(position)}: at index "
                    f"{worst} backward() gives {float(low[position][worst])!r} in {dtype} but "
                    f"{float(reference[worst])!r} in float64 (allowed: {tolerance:.3g} + "
                    f"{rtol_low}·|float64|); the float64 check passed, so the op computes its "
                    f"gradient differently (or too coarsely) in {dtype}. "
                    f"{case.ops_text(position)}")
    return True


class _Case:
    """One gradcheck problem: the function, its float64 leaves, the output weights."""

    def __init__(self, fn, inputs, seed):
        from .autograd.function import Function
        from .nn.module import Module

        self.module, self.op_name = None, None
        if isinstance(fn, type) and issubclass(fn, Function):
            self.op_name, fn = fn.__name__, fn.apply
        elif isinstance(fn, Module):
            self.module = fn
        self.fn, self.inputs, self.seed = fn, inputs, seed
        self.leaves, self.call = self.prepare(np.float64)
        self.checked = [i for i, t in enumerate(self.leaves)
                        if isinstance(t, Tensor) and t.requires_grad]
        if not self.checked:
            raise ValueError("gradcheck found no floating-point input to check; pass arrays or "
                             "Tensors of floats (or a Module with parameters)")
        with _measuring():
            first, second = self.evaluate(), self.evaluate()
        if not np.array_equal(first.data, second.data, equal_nan=True):
            raise GradcheckError(
                "gradcheck: fn gives different outputs for the same inputs, so no derivative can be "
                "measured; put random layers in eval mode (model.eval() for Dropout) or fix the "
                "seed inside fn")
        self.weights = (np.ones(first.shape) if first.size == 1 else
                        np.random.default_rng(seed).standard_normal(first.shape))

    def prepare(self, dtype):
        """Fresh leaves in ``dtype`` (inputs, then a module's parameters) and the call."""
        leaves = [_leaf(v, dtype) for v in self.inputs]
        if self.module is None:
            return leaves, self.fn
        model = copy.deepcopy(self.module)
        if dtype is not None:
            model.astype(dtype)
        self.parameter_names = [name for name, _ in model.named_parameters()]
        parameters = model.parameters()
        for p in parameters:
            p.grad = None
        return leaves + parameters, lambda *xs: model(*xs[:len(leaves)])

    def evaluate(self, leaves=None):
        out = self.call(*(self.leaves if leaves is None else leaves))
        if not isinstance(out, Tensor):
            raise TypeError(f"gradcheck: fn must return a Tensor, got {type(out).__name__}")
        return out

    def backward(self, low_precision=False):
        """The output and the backward() gradient of every checked leaf: float64 leaves, or
        fresh ones in the inputs' own dtypes (``low_precision``)."""
        leaves, call = self.prepare(None) if low_precision else (self.leaves, self.call)
        out = call(*leaves)
        if not isinstance(out, Tensor):
            raise TypeError(f"gradcheck: fn must return a Tensor, got {type(out).__name__}")
        if not low_precision and out.dtype != np.float64:
            raise GradcheckError(f"gradcheck: fn turned float64 inputs into a {out.dtype} output; "
                                 f"ops must keep the inputs' dtype")
        if not out.requires_grad:
            raise GradcheckError("gradcheck: the output does not depend on any input through "
                                 "recorded ops (was it computed under no_grad, or from .data?)")
        out.backward(self.weights.astype(out.dtype))
        return out, {i: (np.zeros(leaves[i].shape) if leaves[i].grad is None
                         else leaves[i].grad.data) for i in self.checked}

    def low_precision_dtypes(self) -> list:
        """The float dtypes below float64 that the inputs (or the module's parameters) came in."""
        values = list(self.inputs) + (self.module.parameters() if self.module else [])
        found = {np.asarray(_array_of(v)).dtype for v in values
                 if isinstance(v, (Tensor, np.ndarray))}
        return [d for d in _LOW_PRECISION if d in found]

    def projected(self, _=None) -> float:
        """Σ weights · fn(leaves): the scalar whose gradient backward() computed."""
        with _measuring():
            return float(np.sum(self.evaluate().data * self.weights))

    def outputs(self, _=None) -> np.ndarray:
        with _measuring():
            return np.array(self.evaluate().data)

    # --- the report ------------------------------------------------------------------------
    def describe(self, position) -> str:
        t = self.leaves[position]
        if position >= len(self.inputs):
            return f"parameter {self.parameter_names[position - len(self.inputs)]} of shape {t.shape}"
        name = f" ({t.name})" if t.name else ""
        return f"input {position}{name} of shape {t.shape}"

    def ops_text(self, position) -> str:
        names = self.op_names(position)
        return f"Op checked: {names[0]}." if len(names) == 1 else \
            f"Ops between this input and the output: {', '.join(names)}."

    def op_names(self, position) -> list:
        """Names of the ops on a path from leaf ``position`` to the output, inputs first."""
        if self.op_name:
            return [self.op_name]
        from .autograd.graph import computed_from, topological_order

        order = topological_order([self.evaluate()])
        reached = computed_from(order, {id(self.leaves[position])})
        names = [t._ctx.name for t in order if t._ctx is not None and id(t) in reached]
        return list(dict.fromkeys(names))  # each op name once, inputs first

    def explain(self, position, worst, analytic, numeric, eps, atol, rtol, out) -> str:
        leaf = self.leaves[position]
        index = worst
        value = float(_array_of(leaf)[index])
        off = _count_off(analytic, numeric, atol, rtol)
        head = f"gradcheck failed for {self.describe(position)}. {self.ops_text(position)}"
        entry = self.jacobian_entry(position, index, eps, out)
        if entry is None:
            what = "d out / d x" if out.size == 1 else "d Σ w·out / d x (w: random weights)"
            a, n = float(analytic[index]), float(numeric[index])
            where, scalar = f"At index {index} (x = {value:.6g}), {what}", self.projected
        else:
            out_index, a, n = entry
            where = f"At index {index} (x = {value:.6g}), d out{list(out_index)} / d x{list(index)}"

            def scalar(_=None):
                return float(self.outputs()[out_index])
        text = (f"{head} {where}: backward() gives {a!r} but the numerical derivative is {n!r} "
                f"(|difference| {abs(a - n):.3g} > atol {atol} + rtol {rtol}·|numerical|); "
                f"{off} of {analytic.size} elements are off.")
        return text + self.kink_text(scalar, position, index, a, eps, atol, rtol)

    def jacobian_entry(self, position, index, eps, out):
        """(output index, backward's d out[i]/d x[j], central difference) for the output element
        most wrong at input element ``index``; None for a scalar output or a very large one."""
        if out.size == 1 or out.size > 4096:
            return None
        from .tensor import grad

        flat = _measurable(self.leaves[position])
        j = int(np.ravel_multi_index(index, self.leaves[position].shape))
        numeric = (_nudged(self.outputs, None, flat, j, eps) -
                   _nudged(self.outputs, None, flat, j, -eps)) / (2 * eps)
        y = self.evaluate()
        analytic = np.zeros(out.shape)
        for i in np.ndindex(*out.shape):  # one backward per output element: only when reporting
            one_hot = np.zeros(out.shape)
            one_hot[i] = 1
            (g,) = grad(y, [self.leaves[position]], grad_outputs=one_hot, retain_graph=True,
                        allow_unused=True)
            analytic[i] = 0.0 if g is None else g.data.reshape(-1)[j]
        worst = np.unravel_index(np.argmax(np.abs(analytic - numeric)), out.shape)
        return tuple(int(k) for k in worst), float(analytic[worst]), float(numeric[worst])

    def kink_text(self, f, position, index, analytic, eps, atol, rtol) -> str:
        """A sentence when the two one-sided derivatives of ``f`` differ at this element."""
        flat = _measurable(self.leaves[position])
        j = int(np.ravel_multi_index(index, self.leaves[position].shape))
        at = f()
        left = (at - _nudged(f, None, flat, j, -eps)) / eps
        right = (_nudged(f, None, flat, j, eps) - at) / eps
        scale = max(abs(left), abs(right))
        if abs(left - right) <= max(10 * atol, 1e3 * eps) + rtol * scale:
            return ""
        agrees = [side for side, d in (("left", left), ("right", right))
                  if abs(d - analytic) <= atol + rtol * abs(d)]
        verdict = (f"backward() agrees with the {agrees[0]} derivative, so this is most likely not "
                   f"a bug: no single derivative exists there" if agrees else
                   "backward() agrees with neither, so something else is wrong too")
        return (f" The input sits on a kink: the left derivative is {left:.6g} and the right one "
                f"{right:.6g} ({verdict}). Keep test inputs away from kinks, e.g. "
                f"strategies.arrays(avoid=(0.0,)) for relu.")


def _worst(analytic, numeric, atol, rtol):
    """The index of the element most beyond tolerance, or None when all are within it."""
    if analytic.shape != numeric.shape:
        raise GradcheckError(f"gradcheck: a gradient of shape {analytic.shape} for an input of "
                             f"shape {numeric.shape}")
    excess = np.abs(analytic - numeric) - (atol + rtol * np.abs(numeric))
    excess = np.where(np.isfinite(excess), excess, np.inf)
    if excess.size == 0 or np.max(excess) <= 0:
        return None
    return tuple(int(k) for k in np.unravel_index(np.argmax(excess), excess.shape))


def _count_off(analytic, numeric, atol, rtol) -> int:
    excess = np.abs(analytic - numeric) - (atol + rtol * np.abs(numeric))
    return int(np.sum(~(excess <= 0)))


def _leaf(value, dtype):
    """A fresh leaf that requires grad (in ``dtype``, or its own dtype for None) for a float
    array or Tensor; anything else unchanged."""
    array = value._data if isinstance(value, Tensor) else value
    if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
        return value
    name = value.name if isinstance(value, Tensor) else None
    return Tensor(np.array(array, dtype=dtype or array.dtype), requires_grad=True, name=name)


def _as_number(value) -> float:
    """The one number ``f`` returned: a number, or a one-element array or Tensor of any shape."""
    array = np.asarray(value.data if isinstance(value, Tensor) else value)
    if array.size != 1:
        raise ValueError(f"numerical_gradient: f must return one number, got shape {array.shape}; "
                         f"reduce it first, e.g. f(x).sum()")
    return float(array.reshape(()))


# --- second derivatives -------------------------------------------------------------------------
def gradgradcheck(fn, *inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-4,
                  seed: int = 0) -> bool:
    """Check second derivatives: ``backward(create_graph=True)`` differentiated again, against
    central differences of the first gradient; first derivatives are checked before (gradcheck).

    The first gradient g = ∂(Σ v·out)/∂inputs is taken with ``tinygrad_ko.grad(...,
    create_graph=True)`` (v: gradcheck's weights, or 1 for a scalar output); it must equal plain
    backward()'s.  Then the scalar Σ u·g (u: ``np.random.default_rng(seed + 1).standard_normal``
    per input in order, or 1 when the inputs hold one number) is differentiated with grad() and
    compared with central differences of both first gradients (the recorded one and backward()'s).
    Raises :class:`GradcheckError` like gradcheck.
    """
    gradcheck(fn, *inputs, eps=eps, atol=atol, rtol=rtol, seed=seed)
    case = _Case(fn, inputs, seed)
    leaves = [case.leaves[i] for i in case.checked]
    rng = np.random.default_rng(seed + 1)
    first = _first_gradient(case, leaves, create_graph=True)
    plain = _first_gradient(case, leaves, create_graph=False)
    for k, (g, p) in enumerate(zip(first, plain)):
        graph, array = _data_or_zeros(g, leaves[k]), _data_or_zeros(p, leaves[k])
        worst = _worst(graph, array, atol, rtol)
        if worst is not None:
            raise GradcheckError(
                f"gradgradcheck failed for {case.describe(case.checked[k])}: the first gradient "
                f"from backward(create_graph=True) differs from backward()'s at index {worst} "
                f"({float(graph[worst])!r} against {float(array[worst])!r}); the op's backward "
                f"must give the same numbers on Tensors as on arrays. "
                f"{case.ops_text(case.checked[k])}")
    sizes = [leaf.size for leaf in leaves]
    u = [np.ones(leaf.shape) if sum(sizes) == 1 else rng.standard_normal(leaf.shape)
         for leaf in leaves]

    def first_projected(create_graph: bool):
        def projected(_=None) -> float:
            gs = _first_gradient(case, leaves, create_graph=create_graph)
            return float(sum(np.sum(_data_or_zeros(g, leaf) * w)
                             for g, leaf, w in zip(gs, leaves, u)))
        return projected

    analytic = _second_gradient(first, leaves, u)
    # both slopes: the recorded gradient's own (what the second backward differentiates) and
    # backward()'s (the checked first derivative): a recorded gradient equal within tolerance
    # but with another slope (3.05·x² for 3·x² near 0) fails the second
    references = (("the recorded first gradient", first_projected(True)),
                  ("backward()'s first gradient", first_projected(False)))
    for k, leaf in enumerate(leaves):
        for which, projected in references:
            numeric = numerical_gradient(projected, leaf, eps)
            worst = _worst(analytic[k], numeric, atol, rtol)
            if worst is None:
                continue
            position = case.checked[k]
            value = float(_array_of(leaf)[worst])
            raise GradcheckError(
                f"gradgradcheck failed for {case.describe(position)}. {case.ops_text(position)} "
                f"At index {worst} (x = {value:.6g}), d/dx of Σ u·(first gradient) (u: random "
                f"weights): the second backward gives {float(analytic[k][worst])!r} but central "
                f"differences of the first gradient ({which}) give {float(numeric[worst])!r} "
                f"(|difference| {abs(analytic[k][worst] - numeric[worst]):.3g} > atol {atol} + "
                f"rtol {rtol}·|numerical|); {_count_off(analytic[k], numeric, atol, rtol)} of "
                f"{numeric.size} elements are off. A backward that takes a saved value as a "
                f"constant (dual.raw) where it has a derivative gives right first and wrong "
                f"second derivatives.")
    return True


def _first_gradient(case, leaves, create_graph: bool) -> list:
    """grad(Σ v·out, leaves), v the case's weights; None for a leaf the output does not use."""
    from .tensor import grad

    out = case.evaluate()
    return list(grad(out, leaves, grad_outputs=case.weights,
                     create_graph=create_graph, allow_unused=True))


def _second_gradient(first, leaves, u) -> list:
    """d(Σ u·g)/d leaves through the recorded first gradient (zeros where g is constant)."""
    from .tensor import grad

    terms = [(g * w).sum() for g, w in zip(first, u) if g is not None and g.requires_grad]
    if not terms:
        return [np.zeros(leaf.shape) for leaf in leaves]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    seconds = grad(total, leaves, allow_unused=True)
    return [_data_or_zeros(s, leaf) for s, leaf in zip(seconds, leaves)]


def _data_or_zeros(g, leaf) -> np.ndarray:
    return np.zeros(leaf.shape) if g is None else g.data


# --- forward values ------------------------------------------------------------------------------
def check_op(fn, numpy_ref, strategy, *, atol: float = 1e-6, rtol: float = 1e-6,
             examples=(), check_dtype: bool = False):
    """Check ``fn``'s forward values against ``numpy_ref`` over a hypothesis ``strategy``.

    Each drawn case (one value, or a tuple of arguments) is given to ``fn`` with its arrays as
    Tensors and to ``numpy_ref`` as NumPy arrays; shapes must be equal and values close (NaN
    where the reference has NaN).  ``examples`` are cases that always run (hypothesis
    ``@example``), for edge cases that must not be left to chance.  Returns True.
    """
    from hypothesis import example, given

    def run(case):
        args = case if isinstance(case, tuple) else (case,)
        got = fn(*[Tensor(a) if isinstance(a, np.ndarray) else a for a in args])
        expected = np.asarray(numpy_ref(*[np.array(a) if isinstance(a, np.ndarray) else a
                                          for a in args]))
        _compare_values(got, expected, args, atol, rtol, check_dtype, fn)

    for case in reversed(list(examples)):
        run = example(case)(run)
    given(strategy)(run)()
    return True


def _compare_values(got, expected, args, atol, rtol, check_dtype, fn) -> None:
    got = np.asarray(got.data if isinstance(got, Tensor) else got)
    name = getattr(fn, "__qualname__", type(fn).__name__)
    shapes = ", ".join(str(a.shape) if isinstance(a, np.ndarray) else type(a).__name__
                       for a in args)
    if got.shape != expected.shape:
        raise AssertionError(f"check_op: {name} gives shape {got.shape}, the NumPy reference "
                             f"{expected.shape} (arguments of shapes {shapes})")
    if check_dtype and got.dtype != expected.dtype:
        raise AssertionError(f"check_op: {name} gives dtype {got.dtype}, the NumPy reference "
                             f"{expected.dtype} (arguments of shapes {shapes})")
    if got.size == 0:
        return
    close = np.isclose(got, expected, atol=atol, rtol=rtol, equal_nan=True)
    if not np.all(close):
        worst = tuple(int(k) for k in np.unravel_index(np.argmax(~close), got.shape))
        raise AssertionError(
            f"check_op: {name} differs from the NumPy reference at index {worst}: "
            f"{got[worst]!r} against {expected[worst]!r}; {int(np.sum(~close))} of {got.size} "
            f"elements differ (arguments of shapes {shapes})")


# --- hypothesis strategies ------------------------------------------------------------------
@dataclass
class Conv2dCase:
    """A valid conv2d problem: x (N, C, H, W), W (FN, C, FH, FW), b (FN,), stride, padding."""

    x: np.ndarray
    W: np.ndarray
    b: np.ndarray
    stride: tuple
    padding: tuple


@dataclass
class Pool2dCase:
    """A valid pooling problem; x's values are distinct and spaced so max has no near-ties."""

    x: np.ndarray
    kernel_size: tuple
    stride: tuple
    padding: tuple


class _Strategies:
    """Hypothesis strategies that produce valid random cases (import hypothesis lazily)."""

    @staticmethod
    def shapes(min_dims=0, max_dims=3, min_side=1, max_side=4):
        from hypothesis.extra import numpy as hnp

        return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                                max_side=max_side)

    @staticmethod
    def broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=4):
        """Tuples of ``num_shapes`` shapes that broadcast together (e.g. (3, 1) and (4,))."""
        from hypothesis.extra import numpy as hnp

        return hnp.mutually_broadcastable_shapes(
            num_shapes=num_shapes, min_dims=min_dims, max_dims=max_dims, min_side=min_side,
            max_side=max_side).map(lambda result: result.input_shapes)

    @classmethod
    def arrays(cls, shape=None, *, dtype=np.float64, min_value=-2.0, max_value=2.0, avoid=(),
               margin=1e-2, distinct=False, ties=False):
        """Float arrays.  ``avoid`` keeps values ``margin`` away from kinks (0 for relu);
        ``distinct`` spaces all values at least ``margin`` apart (for max and max-pool);
        ``ties`` draws from five values only, so equal elements are the rule (for tie rules)."""
        from hypothesis import strategies as st
        from hypothesis.extra import numpy as hnp

        shape = cls.shapes() if shape is None else shape
        shape = shape if isinstance(shape, st.SearchStrategy) else st.just(tuple(shape))
        if distinct:
            return shape.flatmap(lambda s: _spaced_values(s, dtype, min_value, margin))
        if ties:
            elements = st.sampled_from(np.linspace(min_value, max_value, 5).tolist())
        else:
            elements = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False,
                                 width=64)
        if avoid:
            elements = elements.filter(lambda v: all(abs(v - a) > margin for a in avoid))
        return shape.flatmap(lambda s: hnp.arrays(dtype, s, elements=elements))

    @staticmethod
    def indices(shape):
        """Indices for an array of ``shape`` (at least 1-D) of every kind NumPy takes: integers
        (negative too), slices (negative steps), Python lists and NumPy arrays with repeated and
        negative entries, boolean masks (arrays and lists), tuples mixing them."""
        from hypothesis import strategies as st

        n = shape[0]
        ints = st.integers(-n, n - 1)
        repeated = st.lists(ints, min_size=1, max_size=2 * n + 1)
        mask = st.lists(st.booleans(), min_size=n, max_size=n)
        first = st.one_of(
            ints, st.builds(slice, st.none() | ints, st.none() | ints,
                            st.sampled_from([None, 1, 2, -1, -2])),
            repeated, repeated.map(np.array), mask, mask.map(np.array))
        if len(shape) == 1:
            return first
        m = shape[1]
        pairs = st.tuples(ints, st.integers(-m, m - 1)) | st.lists(
            st.tuples(ints, st.integers(-m, m - 1)), min_size=1, max_size=6).map(
            lambda ij: (np.array([i for i, _ in ij]), [j for _, j in ij]))
        return first | pairs | st.tuples(first, st.just(slice(None, None, -1)))

    @classmethod
    def tensors(cls, shape=None, *, requires_grad=True, **array_options):
        """Tensors wrapping :meth:`arrays` (same options)."""
        return cls.arrays(shape, **array_options).map(
            lambda a: Tensor(a, requires_grad=requires_grad))

    @staticmethod
    def conv2d_cases(max_batch=2, max_channels=3, max_filters=3, max_kernel=3, max_stride=2,
                     max_padding=1, max_size=6, dtype=np.float64):
        """Valid conv2d problems with any stride, padding and non-square kernels."""
        from hypothesis import strategies as st

        @st.composite
        def build(draw):
            n, c = draw(st.integers(1, max_batch)), draw(st.integers(1, max_channels))
            fn = draw(st.integers(1, max_filters))
            fh, fw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
            sh, sw = draw(st.integers(1, max_stride)), draw(st.integers(1, max_stride))
            ph, pw = draw(st.integers(0, max_padding)), draw(st.integers(0, max_padding))
            h = draw(st.integers(max(1, fh - 2 * ph), max(max_size, fh)))
            w = draw(st.integers(max(1, fw - 2 * pw), max(max_size, fw)))
            rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
            return Conv2dCase(rng.standard_normal((n, c, h, w)).astype(dtype),
                              rng.standard_normal((fn, c, fh, fw)).astype(dtype),
                              rng.standard_normal(fn).astype(dtype), (sh, sw), (ph, pw))

        return build()

    @staticmethod
    def pool2d_cases(max_batch=2, max_channels=2, max_kernel=3, max_stride=3, max_size=7,
                     dtype=np.float64, padding=True, values="distinct"):
        """Valid pooling problems: overlapping (stride < kernel) and gapped windows, padding up
        to half the kernel.  ``values``: "distinct" (no ties for max), "negative" (distinct and
        all below 0: a window over the padding must still pick a real pixel) or "ties" (a few
        values only: ties in almost every window)."""
        from hypothesis import strategies as st

        if values not in ("distinct", "negative", "ties"):
            raise ValueError(f"pool2d_cases: values must be 'distinct', 'negative' or 'ties', "
                             f"got {values!r}")

        @st.composite
        def build(draw):
            n, c = draw(st.integers(1, max_batch)), draw(st.integers(1, max_channels))
            kh, kw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
            sh, sw = draw(st.integers(1, max_stride)), draw(st.integers(1, max_stride))
            ph = draw(st.integers(0, kh // 2)) if padding else 0
            pw = draw(st.integers(0, kw // 2)) if padding else 0
            h = draw(st.integers(max(1, kh - 2 * ph), max(max_size, kh)))
            w = draw(st.integers(max(1, kw - 2 * pw), max(max_size, kw)))
            shape = (n, c, h, w)
            if values == "ties":
                x = draw(_Strategies.arrays(shape, dtype=dtype, min_value=-1.0, max_value=1.0,
                                            ties=True))
            else:
                low = -2.0 if values == "distinct" else -0.1 - 0.05 * n * c * h * w
                x = draw(_spaced_values(shape, dtype, low, 0.05))
            return Pool2dCase(x, (kh, kw), (sh, sw), (ph, pw))

        return build()


def _spaced_values(shape, dtype, low, spacing):
    """A strategy for arrays whose values are a shuffled grid: all distinct, ``spacing`` apart."""
    from hypothesis import strategies as st

    size = int(np.prod(shape))
    return st.permutations(range(size)).map(
        lambda order: (low + spacing * np.asarray(order, dtype=np.float64)).reshape(shape).astype(dtype))


strategies = _Strategies()


def example_cases(seed: int = 0) -> dict:
    """One small random case per differentiable op: name -> (fn, inputs).  Used by
    ``python -m tinygrad_ko gradcheck`` to check the whole op set in a few seconds.

    Inputs are drawn by ``np.random.default_rng(seed)``, uniform in [-2, 2) except where an op's
    domain asks for others (log and sqrt: [0.1, 3); a divisor: [0.5, 2)).  Ops with kinks or
    ties (relu, max, max-pooling) get distinct values 0.1 apart from -1.0 in shuffled order
    (relu's shifted by 0.05 off its kink); cross-entropy's labels are [0, 2, 1]."""
    from .nn import functional as F
    from .tensor import concatenate, stack

    rng = np.random.default_rng(seed)

    def r(*shape, low=-2.0, high=2.0):
        return rng.uniform(low, high, shape)

    def distinct(*shape):
        return rng.permutation(int(np.prod(shape))).reshape(shape) * 0.1 - 1.0

    labels = np.array([0, 2, 1])
    return {
        "add (broadcast)": (lambda a, b: a + b, (r(3, 4), r(4))),
        "sub (broadcast)": (lambda a, b: a - b, (r(3, 1), r(1, 4))),
        "mul (broadcast)": (lambda a, b: a * b, (r(2, 3, 4), r(3, 1))),
        "div (broadcast)": (lambda a, b: a / b, (r(3, 4), r(4, low=0.5, high=2.0))),
        "pow": (lambda a: a ** 3, (r(3, 4),)),
        "neg": (lambda a: -a, (r(3, 4),)),
        "exp": (lambda a: a.exp(), (r(3, 4),)),
        "log": (lambda a: a.log(), (r(3, 4, low=0.1, high=3.0),)),
        "sqrt": (lambda a: a.sqrt(), (r(3, 4, low=0.1, high=3.0),)),
        "relu": (lambda a: a.relu(), (distinct(3, 4) + 0.05,)),
        "sigmoid": (lambda a: a.sigmoid(), (r(3, 4),)),
        "tanh": (lambda a: a.tanh(), (r(3, 4),)),
        "sum (axis, keepdims)": (lambda a: a.sum(axis=1, keepdims=True), (r(3, 4),)),
        "mean (axis)": (lambda a: a.mean(axis=0), (r(3, 4),)),
        "max (axis)": (lambda a: a.max(axis=1), (distinct(3, 4),)),
        "reshape / transpose / flatten": (lambda a: a.reshape(4, 3).T.flatten(), (r(3, 4),)),
        "broadcast_to": (lambda a: a.broadcast_to((2, 3, 4)), (r(3, 1),)),
        "getitem (repeated indices)": (lambda a: a[np.array([0, 0, 2])], (r(3, 4),)),
        "concatenate / stack": (lambda a, b: stack([concatenate([a, b], 1), concatenate([b, a], 1)]),
                                (r(3, 2), r(3, 2))),
        "matmul (batched, 1-D)": (lambda a, b, c: (a @ b) @ c, (r(2, 3, 4), r(4, 5), r(5))),
        "softmax": (lambda a: a.softmax(axis=1), (r(3, 4),)),
        "log_softmax": (lambda a: a.log_softmax(axis=1), (r(3, 4),)),
        "cross_entropy": (lambda a: F.cross_entropy(a, labels), (r(3, 4),)),
        "mse_loss": (lambda a, b: F.mse_loss(a, b), (r(3, 4), r(3, 4))),
        "conv2d (stride 2, pad 1)": (lambda x, w, b: x.conv2d(w, b, stride=2, padding=1),
                                     (r(2, 3, 5, 5), r(4, 3, 3, 2), r(4))),
        "max_pool2d (overlapping)": (lambda x: x.max_pool2d(3, stride=2, padding=1),
                                     (distinct(2, 2, 5, 5),)),
        "avg_pool2d (overlapping)": (lambda x: x.avg_pool2d(3, stride=1), (r(2, 2, 5, 5),)),
    }
