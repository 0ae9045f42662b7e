"""The ops that backward passes are made of (index-add, the pools' scatters and gather, cast) are
ops of their own: under ``create_graph=True`` they run forward on float32 gradients, and they
are public classes.  Each keeps the dtype of what it is given (cast: the dtype asked for) and
computes what a NumPy loop computes."""

import numpy as np
import pytest

from tinygrad_ko import Tensor, grad, ops

F32 = np.float32


def test_index_add_keeps_float32_and_adds_repeated_indices():
    out = ops.IndexAdd.apply(Tensor(np.array([1.0, 2.0, 4.0], dtype=F32)),
                             index=np.array([0, 2, 0]), shape=(3,))
    assert out.dtype == F32
    np.testing.assert_array_equal(out.data, [5.0, 0.0, 2.0])


def test_index_add_with_a_basic_index_writes_the_slice():
    out = ops.IndexAdd.apply(Tensor(np.ones((2, 2), dtype=F32)), index=(slice(1, 3),), shape=(3, 2))
    assert out.dtype == F32
    np.testing.assert_array_equal(out.data, [[0, 0], [1, 1], [1, 1]])


def test_cast_converts_and_sends_the_gradient_back_in_the_input_dtype():
    x = Tensor(np.array([0.1, 1 / 3]), requires_grad=True)
    y = ops.Cast.apply(x, dtype=np.float32)
    assert y.dtype == F32
    np.testing.assert_array_equal(y.data, np.array([0.1, 1 / 3]).astype(F32))
    (y * y).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad.data, 2 * np.array([0.1, 1 / 3]).astype(F32), rtol=1e-7)


@pytest.mark.parametrize("pool", ["max_pool2d", "avg_pool2d"])
def test_pool_gradients_recorded_in_float32_stay_float32(pool):
    """g = d Σ v·pool(x) / dx is built by the scatter op; d Σ g² / dv by its adjoint."""
    x = Tensor(np.random.default_rng(0).permutation(36).reshape(1, 1, 6, 6).astype(F32),
               requires_grad=True)
    y = getattr(x, pool)(3, stride=2, padding=1)
    v = Tensor(np.arange(1, 10, dtype=F32).reshape(y.shape), requires_grad=True)
    (g,) = grad(y, [x], grad_outputs=v, create_graph=True)
    assert g.dtype == F32
    (gv,) = grad((g * g).sum(), [v])
    assert gv.dtype == F32
    # the scatter is linear in v, g = S v, so d Σ g² / dv = 2 Sᵀ S v; S column by column from
    # first-order float64 backward passes (checked against NumPy in test_gradcheck_edge_cases)
    xd = Tensor(x.data.astype(np.float64), requires_grad=True)
    S = np.stack([grad(getattr(xd, pool)(3, stride=2, padding=1), [xd],
                       grad_outputs=np.eye(9)[k].reshape(y.shape))[0].data.ravel()
                  for k in range(9)], axis=1)
    np.testing.assert_allclose(gv.data.ravel(), 2 * S.T @ S @ v.data.ravel(), rtol=1e-5)


GEOMETRY = dict(kernel=(3, 3), stride=(1, 1), padding=(1, 1), out_hw=(4, 4), padded_shape=(1, 1, 6, 6))


def scatter_reference(values, kernel_first_pixels):
    """A float32 NumPy loop: each output position adds its value to every pixel of its window
    (3×3, stride 1, padding 1 on a 4×4 image); ``kernel_first_pixels`` limits it to one pixel."""
    dxp = np.zeros((6, 6), F32)
    for i, j in np.ndindex(4, 4):
        for r, s in kernel_first_pixels(i, j):
            dxp[r, s] = F32(dxp[r, s] + values[i, j])
    return dxp[1:5, 1:5]


def test_avg_pool_scatter_called_on_float32_adds_float32_shares():
    # dY = 7 everywhere: each pixel adds 4, 6 or 9 equal shares 7/9, rounded to float32 first
    # (as float32 does); adding the float64 share 7/9 instead gives another last bit at 4 shares
    dy = np.full((1, 1, 4, 4), 7.0, F32)
    out = ops.AvgPoolScatter.apply(Tensor(dy), **GEOMETRY)
    assert out.dtype == F32
    share = np.full((4, 4), F32(7.0) / F32(9.0), F32)
    window = lambda i, j: [(i + a, j + b) for a, b in np.ndindex(3, 3)]  # noqa: E731
    np.testing.assert_array_equal(out.data[0, 0], scatter_reference(share, window))


def test_max_pool_scatter_and_gather_called_on_float32_stay_float32():
    arg = np.arange(16).reshape(1, 1, 4, 4) % 9  # the arg-max's offset inside each window
    dy = np.random.default_rng(2).standard_normal((1, 1, 4, 4)).astype(F32)
    scattered = ops.MaxPoolScatter.apply(Tensor(dy), arg=arg, **GEOMETRY)
    assert scattered.dtype == F32
    at_arg = lambda i, j: [(i + arg[0, 0, i, j] // 3, j + arg[0, 0, i, j] % 3)]  # noqa: E731
    np.testing.assert_array_equal(scattered.data[0, 0], scatter_reference(dy[0, 0], at_arg))
    image = np.random.default_rng(3).standard_normal((1, 1, 4, 4)).astype(F32)
    gathered = ops.MaxPoolGather.apply(Tensor(image), arg=arg, **GEOMETRY)
    assert gathered.dtype == F32
    padded = np.pad(image[0, 0], 1)
    expected = [[padded[i + arg[0, 0, i, j] // 3, j + arg[0, 0, i, j] % 3] for j in range(4)]
                for i in range(4)]
    np.testing.assert_array_equal(gathered.data[0, 0], expected)


def test_a_recorded_cast_sends_the_gradient_back_in_the_input_dtype():
    x = Tensor(np.array([0.5, -1.5], dtype=F32), requires_grad=True)
    y = ops.Cast.apply(x, dtype=np.float64)
    (g,) = grad((y * y).sum(), [x], create_graph=True)
    assert g.dtype == F32
    np.testing.assert_array_equal(g.data, [1.0, -3.0])
    (gg,) = grad(g.sum(), [x])
    assert gg.dtype == F32
    np.testing.assert_array_equal(gg.data, [2.0, 2.0])
