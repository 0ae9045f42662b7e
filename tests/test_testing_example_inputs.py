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
