"""Creation functions at the top level (issue 11 item 3): shapes as PyTorch takes them, dtype=,
requires_grad=, rng= for the random ones, and clear errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tinygrad_ko as tk
from tinygrad_ko import Tensor

shapes = st.lists(st.integers(0, 4), max_size=3).map(tuple)


@given(shapes)
def test_shapes_as_arguments_or_one_tuple(shape):
    for make, value in ((tk.zeros, 0.0), (tk.ones, 1.0)):
        a, b = make(*shape), make(shape)
        assert a.shape == b.shape == shape and a.dtype == np.float32
        assert np.all(a.data == value) and not a.requires_grad
    f = tk.full(shape, 2.5, dtype=np.float64)
    assert f.shape == shape and f.dtype == np.float64 and np.all(f.data == 2.5)
    for make in (tk.rand, tk.randn):
        r = make(*shape, rng=0)
        assert r.shape == shape and r.dtype == np.float32
        np.testing.assert_array_equal(r.data, make(shape, rng=0).data)


def test_like_functions_copy_shape_and_dtype():
    base = Tensor(np.zeros((2, 3), np.float64))
    for make, value in ((tk.zeros_like, 0), (tk.ones_like, 1)):
        t = make(base)
        assert t.shape == (2, 3) and t.dtype == np.float64 and np.all(t.data == value)
    t = tk.full_like(base, 7, dtype=np.int32)
    assert t.dtype == np.int32 and t.tolist() == [[7] * 3] * 2
    assert tk.zeros_like(np.ones(4, np.float16)).dtype == np.float16
    with pytest.raises(TypeError, match="Tensor or an array"):
        tk.zeros_like([1, 2])


def test_requires_grad_makes_trainable_leaves_and_only_for_floats():
    w = tk.randn(3, 2, requires_grad=True, rng=1)
    assert w.requires_grad and w.is_leaf
    (w * 2).sum().backward()
    np.testing.assert_array_equal(w.grad.data, np.full((3, 2), 2.0))
    with pytest.raises(TypeError, match="floating-point"):
        tk.zeros(2, dtype=np.int64, requires_grad=True)


def test_arange_and_linspace_follow_pytorch():
    assert tk.arange(5).tolist() == [0, 1, 2, 3, 4] and tk.arange(5).dtype == np.int64
    assert tk.arange(2, 8, 3).tolist() == [2, 5]
    a = tk.arange(0, 1, 0.25)
    assert a.dtype == np.float32 and a.tolist() == [0.0, 0.25, 0.5, 0.75]
    assert tk.arange(3, dtype=np.float64).dtype == np.float64
    assert tk.arange(5, 0, -2).tolist() == [5, 3, 1]
    np.testing.assert_allclose(tk.linspace(0, 1, 5).data, np.linspace(0, 1, 5))
    assert tk.linspace(0, 1, 0).shape == (0,)
    with pytest.raises(ValueError, match="step must not be 0"):
        tk.arange(0, 5, 0)
    with pytest.raises(ValueError, match="steps"):
        tk.linspace(0, 1, -1)


def test_eye():
    np.testing.assert_array_equal(tk.eye(3).data, np.eye(3))
    assert tk.eye(2, 4).shape == (2, 4) and tk.eye(2, dtype=np.float64).dtype == np.float64


def test_random_numbers_rng_seed_generator_and_statistics():
    g1, g2 = np.random.default_rng(5), np.random.default_rng(5)
    np.testing.assert_array_equal(tk.rand(4, rng=g1).data, tk.rand(4, rng=g2).data)
    u = tk.rand(20000, rng=0, dtype=np.float64).data
    assert u.min() >= 0 and u.max() < 1 and abs(u.mean() - 0.5) < 0.01
    n = tk.randn(20000, rng=0).data
    assert abs(n.mean()) < 0.03 and abs(n.std() - 1) < 0.03
    assert tk.randn(3, dtype=np.float16, rng=0).dtype == np.float16
    assert not np.array_equal(tk.randn(8).data, tk.randn(8).data)  # no seed: fresh numbers
    with pytest.raises(TypeError, match="rng must be"):
        tk.rand(2, rng="seed")
    with pytest.raises(ValueError, match=r"randn: a seed must be a non-negative int, got rng=-1"):
        tk.randn(2, rng=-1)
    with pytest.raises(TypeError, match="not a float"):
        tk.randn(2, dtype=np.int32)


def test_bad_shapes_and_dtypes_are_explained():
    with pytest.raises(ValueError, match="non-negative integers"):
        tk.zeros(2, -1)
    with pytest.raises(ValueError, match="non-negative integers"):
        tk.ones((2.5, 1))
    with pytest.raises(TypeError, match="not a NumPy dtype"):
        tk.zeros(2, dtype="float99")
    with pytest.raises(TypeError, match="fill_value"):
        tk.full((2,), "x")
