"""example_cases (``python -m tinygrad_ko gradcheck``): the default seed is 0, and the relu case
really tests relu: inputs on both sides of its kink, none of them near it."""

import numpy as np

from tinygrad_ko.testing import example_cases


def test_the_default_seed_is_0():
    default, zero = example_cases(), example_cases(seed=0)
    assert default.keys() == zero.keys()
    for name in default:
        for a, b in zip(default[name][1], zero[name][1]):
            np.testing.assert_array_equal(a, b)


def test_relu_inputs_lie_on_both_sides_of_the_kink_and_away_from_it():
    for seed in (0, 1, 2):
        (x,) = example_cases(seed=seed)["relu"][1]
        assert (x < 0).any() and (x > 0).any()
        assert np.abs(x).min() >= 0.05 - 1e-12


DOMAIN_BOUNDS = {"log": (0.1, 3.0), "sqrt": (0.1, 3.0)}
DISTINCT = ("relu", "max (axis)", "max_pool2d (overlapping)")


def test_inputs_are_drawn_from_the_documented_ranges():
    """example_cases' docstring: uniform in [-2, 2) unless the op's domain asks for other bounds."""
    for seed in (0, 1):
        for name, (_, inputs) in example_cases(seed=seed).items():
            if name in DISTINCT:
                continue
            low, high = DOMAIN_BOUNDS.get(name, (-2.0, 2.0))
            for x in inputs if name != "div (broadcast)" else inputs[:1]:
                assert low <= x.min() and x.max() < high, name
        (_, divisor) = example_cases(seed=seed)["div (broadcast)"][1]
        assert divisor.min() >= 0.5 and divisor.max() < 2.0


def test_ops_with_kinks_or_ties_get_distinct_values_a_tenth_apart_from_minus_one():
    for name in DISTINCT:
        (x,) = example_cases()[name][1]
        values = np.sort(x.ravel()) - (0.05 if name == "relu" else 0.0)
        np.testing.assert_allclose(values, -1.0 + 0.1 * np.arange(x.size), atol=1e-12)
        assert not np.array_equal(x.ravel(), np.sort(x.ravel()))  # shuffled


def test_the_cross_entropy_labels_are_the_documented_ones():
    fn, (logits,) = example_cases()["cross_entropy"]
    from tinygrad_ko import Tensor

    x = Tensor(logits)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    expected = -log_softmax[np.arange(3), [0, 2, 1]].mean()
    assert abs(fn(x).item() - expected) < 1e-12
