"""conv2d over blocks of images (ops/conv.py: column_blocks): the blocked path that large batches
take with a one-thread BLAS gives the numbers of the whole-batch path and of a window-by-window
reference; so do the columns built by shifting flattened rows (stride 1, OW = W: shifted_columns).

The tests shrink the block sizes so that a batch of a few images is cut into several blocks, the
last one shorter, in every geometry (stride, padding, bias, one input without a gradient).
"""

import numpy as np
import pytest

from tinygrad_ko import Tensor
from tinygrad_ko.ops import conv

GEOMETRIES = [  # (x shape, W shape, stride, padding)
    ((5, 2, 6, 7), (3, 2, 3, 3), (1, 1), (1, 1)),
    ((5, 3, 7, 6), (2, 3, 3, 2), (2, 1), (0, 2)),
    ((4, 1, 5, 5), (4, 1, 5, 5), (1, 1), (2, 2)),
    ((3, 2, 4, 6), (2, 2, 2, 3), (3, 2), (1, 0)),
    ((5, 2, 3, 3), (2, 2, 3, 3), (1, 1), (3, 3)),  # some offsets see only padding
    # stride 1 and OW = W: columns by shifting flattened rows (ops/conv.py: shifted_columns)
    ((5, 2, 6, 7), (3, 2, 1, 3), (1, 1), (2, 1)),  # OH = 10 > H
    ((4, 2, 5, 3), (2, 2, 3, 5), (1, 1), (1, 2)),  # shifts of two columns in rows of three
    ((3, 1, 2, 1), (2, 1, 5, 1), (1, 1), (3, 0)),  # one column; offsets wholly in the padding
]


def reference(x, w, b, g, stride, padding):
    """y, dx, dW, db of sum(conv2d(x, w, b) * g), output pixel by output pixel."""
    (sh, sw), (ph, pw) = stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    fh, fw = w.shape[2:]
    y, dxp, dw = np.zeros(g.shape), np.zeros(xp.shape), np.zeros(w.shape)
    for i, j in np.ndindex(*g.shape[2:]):
        rows, cols = slice(i * sh, i * sh + fh), slice(j * sw, j * sw + fw)
        window = xp[:, :, rows, cols]
        y[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
        dw += np.tensordot(g[:, :, i, j], window, axes=([0], [0]))
        dxp[:, :, rows, cols] += np.tensordot(g[:, :, i, j], w, axes=([1], [0]))
    return y, dxp[:, :, ph:ph + x.shape[2], pw:pw + x.shape[3]], dw, g.sum(axis=(0, 2, 3))


def run(x, w, b, g, stride, padding, needs=(True, True, True), retain=False):
    xt, wt = Tensor(x, requires_grad=needs[0]), Tensor(w, requires_grad=needs[1])
    bt = None if b is None else Tensor(b, requires_grad=needs[2])
    y = xt.conv2d(wt, bt, stride=stride, padding=padding)
    y.backward(g, retain_graph=retain)
    if retain:  # a second backward through the same graph adds the same gradients again
        y.backward(g)
    grads = [None if t is None or t.grad is None else t.grad.data for t in (xt, wt, bt)]
    return y.data, grads


def case(x_shape, w_shape, stride, padding, seed=0):
    rng = np.random.default_rng(seed)
    x, w, b = (rng.standard_normal(s) for s in (x_shape, w_shape, (w_shape[0],)))
    oh, ow = conv.output_size(x_shape, w_shape[2:], stride, padding, "test")
    return x, w, b, rng.standard_normal((x_shape[0], w_shape[0], oh, ow))


@pytest.fixture(params=["blocks", "whole"])
def path(request, monkeypatch):
    """"blocks": blocks of two images' columns, rebuilt in backward; "whole": kept columns."""
    if request.param == "blocks":
        monkeypatch.setattr(conv, "ONE_BLAS_THREAD", True)
        monkeypatch.setattr(conv, "STORED_COLUMNS_BYTES", 0)
        monkeypatch.setattr(conv, "COLUMN_BLOCK_BYTES", 1)  # then per image; set below
    return request.param


def per_two_images(monkeypatch, x_shape, w_shape, stride, padding, bias):
    oh, ow = conv.output_size(x_shape, w_shape[2:], stride, padding, "test")
    rows = w_shape[1] * w_shape[2] * w_shape[3] + bias
    monkeypatch.setattr(conv, "COLUMN_BLOCK_BYTES", 2 * rows * oh * ow * 8)


def test_column_blocks_cover_the_batch_in_whole_images(monkeypatch):
    monkeypatch.setattr(conv, "ONE_BLAS_THREAD", True)
    monkeypatch.setattr(conv, "STORED_COLUMNS_BYTES", 0)
    monkeypatch.setattr(conv, "COLUMN_BLOCK_BYTES", 2 * 3 * 4 * 8)
    blocks = list(conv.column_blocks(rows=3, n=5, per_image=4, dtype=np.float64))
    assert [(i.start, i.stop) for i, _, _ in blocks] == [(0, 2), (2, 4), (4, 5)]
    assert [(p.start, p.stop) for _, p, _ in blocks] == [(0, 8), (8, 16), (16, 20)]
    assert [blk.shape for _, _, blk in blocks] == [(3, 8), (3, 8), (3, 4)]
    monkeypatch.setattr(conv, "STORED_COLUMNS_BYTES", 5 * 3 * 4 * 8)  # all of it: one block
    assert [(i.start, i.stop) for i, _, _ in conv.column_blocks(3, 5, 4, np.float64)] == [(0, 5)]
    monkeypatch.setattr(conv, "STORED_COLUMNS_BYTES", 0)
    monkeypatch.setattr(conv, "ONE_BLAS_THREAD", False)  # a threaded BLAS: one block, always
    assert [(i.start, i.stop) for i, _, _ in conv.column_blocks(3, 5, 4, np.float64)] == [(0, 5)]


@pytest.mark.parametrize("environ, one", [
    ({"OPENBLAS_NUM_THREADS": "1"}, True),
    ({"OPENBLAS_NUM_THREADS": " 1 ", "OMP_NUM_THREADS": "4"}, True),
    ({"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "1"}, False),  # OpenBLAS's own comes first
    ({"OPENBLAS_NUM_THREADS": "", "GOTO_NUM_THREADS": "1"}, True),
    ({"OMP_NUM_THREADS": "1"}, True),
    ({"OMP_NUM_THREADS": "8"}, False),
])
def test_blas_thread_count_is_read_as_openblas_reads_it(environ, one):
    assert conv.blas_runs_one_thread(environ) is one


def test_blas_thread_count_unset_means_several_threads_unless_one_cpu(monkeypatch):
    monkeypatch.setattr(conv.os, "cpu_count", lambda: 4)
    assert conv.blas_runs_one_thread({}) is False
    monkeypatch.setattr(conv.os, "cpu_count", lambda: 1)
    assert conv.blas_runs_one_thread({}) is True


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("geometry", GEOMETRIES)
def test_blocked_conv2d_matches_the_window_by_window_reference(path, monkeypatch, geometry, bias):
    x_shape, w_shape, stride, padding = geometry
    if path == "blocks":
        per_two_images(monkeypatch, x_shape, w_shape, stride, padding, bias)
    x, w, b, g = case(x_shape, w_shape, stride, padding)
    y, (dx, dw, db) = run(x, w, b if bias else None, g, stride, padding)
    y_ref, dx_ref, dw_ref, db_ref = reference(x, w, b if bias else 0, g, stride, padding)
    np.testing.assert_allclose(y, y_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dx, dx_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dw, dw_ref, rtol=1e-10, atol=1e-12)
    if bias:
        np.testing.assert_allclose(db, db_ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("needs", [(True, False, False), (False, True, True), (False, False, True)])
def test_blocked_conv2d_computes_only_the_gradients_asked_for(path, monkeypatch, needs):
    x_shape, w_shape, stride, padding = GEOMETRIES[0]
    if path == "blocks":
        per_two_images(monkeypatch, x_shape, w_shape, stride, padding, True)
    x, w, b, g = case(x_shape, w_shape, stride, padding, seed=1)
    _, grads = run(x, w, b, g, stride, padding, needs=needs)
    expected = reference(x, w, b, g, stride, padding)[1:]
    for need, grad, want in zip(needs, grads, expected):
        assert (grad is None) == (not need)
        if need:
            np.testing.assert_allclose(grad, want, rtol=1e-10, atol=1e-12)


def test_retain_graph_keeps_the_columns_for_a_second_backward(path, monkeypatch):
    """Backward writes dcol into the columns' memory only when nobody needs them again."""
    x_shape, w_shape, stride, padding = GEOMETRIES[1]
    if path == "blocks":
        per_two_images(monkeypatch, x_shape, w_shape, stride, padding, True)
    x, w, b, g = case(x_shape, w_shape, stride, padding, seed=2)
    _, grads = run(x, w, b, g, stride, padding, retain=True)
    for grad, want in zip(grads, reference(x, w, b, g, stride, padding)[1:]):
        np.testing.assert_allclose(grad, 2 * want, rtol=1e-10, atol=1e-12)


def test_float32_blocks_sum_dw_like_the_whole_batch(monkeypatch):
    """The blocked dW is a sum of per-block products: float32 rounding differs only slightly."""
    x_shape, w_shape, stride, padding = (9, 4, 8, 8), (5, 4, 3, 3), (1, 1), (1, 1)
    x, w, b, g = (a.astype(np.float32) for a in case(x_shape, w_shape, stride, padding, seed=3))
    _, whole = run(x, w, b, g, stride, padding)
    monkeypatch.setattr(conv, "ONE_BLAS_THREAD", True)
    monkeypatch.setattr(conv, "STORED_COLUMNS_BYTES", 0)
    monkeypatch.setattr(conv, "COLUMN_BLOCK_BYTES", 2 * 37 * 64 * 4)
    _, blocked = run(x, w, b, g, stride, padding)
    for a, c in zip(whole, blocked):
        assert a.dtype == c.dtype == np.float32
        np.testing.assert_allclose(c, a, rtol=1e-5, atol=1e-5)
