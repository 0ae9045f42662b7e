"""ops/cores.py: big passes and products cut into slabs of rows, one per thread.  The promise is
"the same bits": every split pass (ReLU, max pooling and its backward, Adam's update, conv2d's
columns and products, matmul) is compared exactly with the work in one piece.  The suite runs one
BLAS thread (conftest), so these tests switch the splitting on themselves, with more threads than
the machine may have."""

import select
import signal
import threading

import numpy as np
import pytest

import tinygrad_ko.nn as nn
import tinygrad_ko.nn.functional as F
from tinygrad_ko import Tensor
from tinygrad_ko.nn.optim import Adam
from tinygrad_ko.ops import cores


def split_on(monkeypatch, threads=3, products=True):
    """Every pass of more than 8 numbers cut into slabs on ``threads`` threads, and every matrix
    product of more than 8 multiply-adds unless ``products`` is False; the pool made for the test
    is forgotten after it."""
    monkeypatch.setattr(cores, "THREADS", threads)
    monkeypatch.setattr(cores, "SPLIT_FROM", 8)
    if products:
        monkeypatch.setattr(cores, "MATMUL_SPLIT_FROM", 8)
    monkeypatch.setattr(cores, "_pool", None)


@pytest.fixture
def split(monkeypatch):
    split_on(monkeypatch)
    yield
    if cores._pool is not None:
        cores._pool.shutdown()


@pytest.mark.parametrize("environ, blas_threads, expected", [
    ({"TINYGRAD_KO_NUM_THREADS": "3", "OPENBLAS_NUM_THREADS": "1"}, 1, 3),
    ({"TINYGRAD_KO_NUM_THREADS": " 2 "}, 4, 2),
    ({"TINYGRAD_KO_NUM_THREADS": "0"}, 4, 1),
    ({"TINYGRAD_KO_NUM_THREADS": "1"}, 2, 1),  # how to switch the threads off
    ({}, 4, 4),  # not set: as many as the BLAS runs (its own variables, else the cores)
    ({}, 1, 1),
])
def test_the_thread_count_is_the_variable_else_the_blas_count(environ, blas_threads, expected):
    assert cores.thread_count(environ, blas_threads) == expected


def test_without_threadpoolctl_the_default_is_one_thread():
    assert cores.thread_count({}) == 1


def test_a_thread_count_that_is_not_a_number_is_refused_naming_the_variable():
    with pytest.raises(ValueError, match=r"TINYGRAD_KO_NUM_THREADS must be a whole number of "
                                         r"threads, got 'many'"):
        cores.thread_count({"TINYGRAD_KO_NUM_THREADS": "many"})


@pytest.mark.parametrize("environ, controlled, warned", [
    ({}, False, True),
    ({}, True, False),  # threadpoolctl sets the BLAS to one thread while slabs of products run
    ({"OPENBLAS_THREAD_TIMEOUT": "21"}, False, False),
    ({"OPENBLAS_NUM_THREADS": "1"}, False, False),
    ({"OMP_NUM_THREADS": "1"}, False, False),
    ({"OPENBLAS_NUM_THREADS": "2"}, False, True),
])
def test_asking_for_threads_while_openblas_may_spin_says_what_to_install_or_set(
        environ, controlled, warned):
    message = cores.spinning_blas_warning(2, controlled, environ)
    assert (message is not None) == warned
    if warned:
        assert "pip install threadpoolctl" in message and "OPENBLAS_THREAD_TIMEOUT=21" in message
    assert cores.spinning_blas_warning(1, controlled, environ) is None


def test_the_slabs_cover_every_row_once_on_several_threads(split):
    seen, threads = [], set()

    def work(rows):
        seen.append((rows.start, rows.stop))
        threads.add(threading.get_ident())
    cores.over_rows(10, work, 100)
    assert sorted(seen) == [(0, 3), (3, 6), (6, 10)] and len(threads) >= 2
    seen.clear()
    cores.over_rows(2, work, 100)  # fewer rows than threads: one row each
    assert sorted(seen) == [(0, 1), (1, 2)]
    seen.clear()
    cores.over_rows(10, work, 7)  # a small pass: one piece
    assert seen == [(0, 10)]


def test_an_error_in_a_slab_is_raised_after_every_slab_ended(split):
    finished = []

    def work(rows):
        if rows.start == 3:
            raise ValueError("slab 3")
        finished.append(rows.start)
    with pytest.raises(ValueError, match="slab 3"):
        cores.over_rows(9, work, 100)
    assert sorted(finished) == [0, 6]


def test_the_slabs_run_under_the_callers_numpy_error_settings(split):
    big = np.full(30, 3e38, np.float32)
    big[:10] = 1.0  # the first slab (the calling thread's) does not overflow: the others must raise
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        cores.over_rows(30, lambda rows: big[rows] * np.float32(10), 100)


def _relu_and_pool_step(x):
    x = Tensor(x, requires_grad=True)
    out = F.max_pool2d(x.relu(), 3, stride=2, padding=1).relu()
    out.backward(np.arange(out.size, dtype=x.dtype).reshape(out.shape) % 7 - 3)
    return out.data.copy(), x.grad.data.copy()


@pytest.mark.parametrize("layout", ["NCHW", "CNHW"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_split_relu_and_max_pooling_give_the_same_bits(monkeypatch, layout, dtype):
    rng = np.random.default_rng(0)
    x = rng.integers(-3, 4, (5, 4, 9, 9)).astype(dtype)  # many ties
    x[1, 2, 3, 3] = np.nan
    if layout == "CNHW":  # channels outer in memory (conv2d's output layout)
        x = np.ascontiguousarray(x.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)
    whole = _relu_and_pool_step(x)
    split_on(monkeypatch)
    parts = _relu_and_pool_step(x)
    for a, b in zip(whole, parts):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == b.dtype == dtype


@pytest.mark.parametrize("channels_outer", [False, True], ids=["NCHW", "CNHW"])
def test_split_tiling_max_pooling_gives_the_same_bits(monkeypatch, channels_outer):
    x = np.random.default_rng(1).standard_normal((6, 3, 8, 8)).astype(np.float32)
    if channels_outer:  # no padding: the pooling keeps this layout, and cuts along the channels
        x = np.ascontiguousarray(x.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)

    def step():
        t = Tensor(x, requires_grad=True)
        out = t.max_pool2d(2)
        out.backward(np.ones(out.shape, np.float32))
        return out.data.copy(), t.grad.data.copy()
    whole = step()
    split_on(monkeypatch, threads=2)
    for a, b in zip(whole, step()):
        np.testing.assert_array_equal(a, b)


def _adam_steps(seed):
    model = nn.Sequential(nn.Linear(6, 40, rng=seed), nn.ReLU(), nn.Linear(40, 3, rng=seed))
    optimizer = Adam(model.parameters(), lr=0.01)
    x = np.random.default_rng(seed).standard_normal((8, 6)).astype(np.float32)
    for _ in range(3):
        optimizer.zero_grad()
        F.cross_entropy(model(Tensor(x)), np.arange(8) % 3).backward()
        optimizer.step()
    return [p.data.copy() for p in model.parameters()]


def test_a_split_adam_update_gives_the_same_bits(monkeypatch):
    whole = _adam_steps(0)
    split_on(monkeypatch, products=False)  # the same gradients, so the updates can be compared
    for a, b in zip(whole, _adam_steps(0)):
        np.testing.assert_array_equal(a, b)


def test_a_forked_child_makes_its_own_pool_instead_of_waiting_on_threads_it_does_not_have(split):
    """fork copies only the calling thread: the child must not use the parent's pool."""
    import os

    cores.over_rows(6, lambda rows: None, 100)  # the parent's pool now exists
    parents = cores._pool
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: split a pass, then report whether it used a new pool
        try:
            seen = []
            cores.over_rows(6, lambda rows: seen.append(rows.start), 100)
            ok = sorted(seen) == [0, 2, 4] and cores._pool is not parents
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], 30)  # a child waiting on missing threads: no answer
    answer = os.read(read, 1) if ready else b""
    if not ready:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert answer == b"1"


class FakeBlas:
    """Stands for threadpoolctl's controller of one BLAS library: records what it is told."""

    def __init__(self, threads):
        self.threads, self.calls = threads, []

    def get_num_threads(self):
        return self.threads

    def set_num_threads(self, threads):
        self.calls.append(threads)
        self.threads = threads


def test_the_blas_runs_one_thread_while_slabs_of_products_run_and_gets_its_count_back(split,
                                                                                      monkeypatch):
    blas = FakeBlas(4)
    monkeypatch.setattr(cores, "BLAS", (blas,))
    seen = []
    cores.over_rows(6, lambda rows: seen.append(blas.threads), 100, products=True)
    assert seen == [1, 1, 1] and blas.threads == 4 and blas.calls == [1, 4]
    seen.clear()
    cores.over_rows(6, lambda rows: seen.append(blas.threads), 100)  # element-wise: left alone
    assert seen == [4, 4, 4] and blas.calls == [1, 4]
    with pytest.raises(ZeroDivisionError):  # an error in a slab: the count still comes back
        cores.over_rows(6, lambda rows: 1 / 0, 100, products=True)
    assert blas.threads == 4


def test_a_product_in_one_piece_keeps_the_blas_threads(split, monkeypatch):
    blas = FakeBlas(2)
    monkeypatch.setattr(cores, "BLAS", (blas,))
    monkeypatch.setattr(cores, "MATMUL_SPLIT_FROM", 10**9)
    a = np.ones((40, 30))
    np.testing.assert_array_equal(cores.matmul(a, a.T), np.full((40, 40), 30.0))
    assert blas.calls == []


@pytest.mark.parametrize("dtype, rtol", [(np.float32, 1e-6), (np.float64, 1e-14)])
@pytest.mark.parametrize("m, k, n", [(37, 19, 5), (5, 19, 37), (1, 9, 1)])
def test_a_split_matmul_computes_every_entry_once(split, dtype, rtol, m, k, n):
    """Rows of a (m ≥ n) or columns of b (m < n) per thread.  Each entry is the same dot product,
    but OpenBLAS may pick another kernel for a slab's shape, so the last bits may differ (as they
    do between OpenBLAS's own thread counts)."""
    rng = np.random.default_rng(m)
    a, b = rng.standard_normal((m, k)).astype(dtype), rng.standard_normal((k, n)).astype(dtype)
    threads = set()
    original = cores.over_rows

    def watching(rows, work, numbers, products=False):
        def work_and_note(part):
            threads.add(threading.get_ident())
            work(part)
        original(rows, work_and_note, numbers, products)
    cores.over_rows = watching
    try:
        got = cores.matmul(a, b)
        transposed = cores.matmul(b.T, a.T)  # operands that are views, not C-ordered arrays
    finally:
        cores.over_rows = original
    assert got.dtype == dtype and got.shape == (m, n)
    np.testing.assert_allclose(got, a @ b, rtol=rtol, atol=rtol)
    np.testing.assert_allclose(transposed, (a @ b).T, rtol=rtol, atol=rtol)
    assert len(threads) >= (2 if max(m, n) > 1 else 1)


def _conv_step(x, w, b, stride, padding, image_grad, retain):
    x = Tensor(x, requires_grad=image_grad)
    w, b = Tensor(w, requires_grad=True), Tensor(b, requires_grad=True)
    out = F.conv2d(x, w, b, stride=stride, padding=padding)
    dy = np.random.default_rng(5).standard_normal(out.shape).astype(out.dtype)
    out.backward(dy, retain_graph=retain)
    grads = [w.grad.data.copy(), b.grad.data.copy()] + ([x.grad.data.copy()] if image_grad else [])
    if retain:  # again, from the columns forward kept (retain_graph: kept for the second one)
        out.backward(dy)
        grads.append(w.grad.data.copy())
    return [out.data.copy()] + grads


@pytest.mark.parametrize("dtype, rtol", [(np.float32, 1e-5), (np.float64, 1e-13)])
@pytest.mark.parametrize("filters, channels, kernel, stride, padding, image_grad, retain", [
    (6, 2, 3, 1, 0, True, False),    # a small filter (FN × C·FH·FW ≤ 1024): dW per image
    (40, 4, 5, 1, 2, True, False),   # a large one: dW as one product cut along the filter's rows
    (6, 2, 3, 2, 1, True, True),     # stride 2, and a second backward from the kept columns
    (40, 4, 5, 2, 0, False, False),  # input images: no dx
    (40, 4, 3, 1, 1, True, True),
])
def test_a_split_conv2d_gives_the_numbers_of_one_piece(monkeypatch, dtype, rtol, filters, channels,
                                                       kernel, stride, padding, image_grad, retain):
    rng = np.random.default_rng(filters + kernel)
    x = rng.standard_normal((7, channels, 11, 10)).astype(dtype)
    w = rng.standard_normal((filters, channels, kernel, kernel)).astype(dtype)
    b = rng.standard_normal(filters).astype(dtype)
    whole = _conv_step(x, w, b, stride, padding, image_grad, retain)
    split_on(monkeypatch)
    parts = _conv_step(x, w, b, stride, padding, image_grad, retain)
    for a, p in zip(whole, parts):  # sums of ~500 products: rounding relative to the largest
        assert a.dtype == p.dtype == dtype
        np.testing.assert_allclose(p, a, rtol=0, atol=rtol * np.abs(a).max())


def test_a_split_conv2d_in_blocks_of_images_gives_the_numbers_of_one_piece(monkeypatch):
    """One BLAS thread and columns too large to keep: blocks of images, each cut into slabs."""
    from tinygrad_ko.ops import conv

    rng = np.random.default_rng(3)
    x = rng.standard_normal((9, 3, 8, 8))
    w, b = rng.standard_normal((5, 3, 3, 3)), rng.standard_normal(5)
    whole = _conv_step(x, w, b, 1, 1, True, False)
    monkeypatch.setattr(conv, "ONE_BLAS_THREAD", True)
    monkeypatch.setattr(conv, "STORED_COLUMNS_BYTES", 1000)
    monkeypatch.setattr(conv, "COLUMN_BLOCK_BYTES", 2 * 28 * 64 * 8)  # two images a block
    split_on(monkeypatch)
    for a, p in zip(whole, _conv_step(x, w, b, 1, 1, True, False)):
        np.testing.assert_allclose(p, a, rtol=1e-13, atol=1e-13)


def test_float16_products_are_split_too_and_keep_their_numbers(monkeypatch):
    """float16 is multiplied in float32: that product is cut into slabs as well (a product left to
    OpenBLAS's own threads would leave them spinning on the cores the next slabs need)."""
    rng = np.random.default_rng(4)
    x = Tensor(rng.standard_normal((12, 9)).astype(np.float16), requires_grad=True)
    w = Tensor(rng.standard_normal((9, 7)).astype(np.float16), requires_grad=True)

    def step():
        x.grad = w.grad = None
        y = x @ w
        y.backward(np.ones(y.shape, np.float16))
        return y.data.copy(), x.grad.data.copy(), w.grad.data.copy()
    whole = step()
    split_on(monkeypatch)
    calls = []
    original = cores.over_rows
    monkeypatch.setattr(cores, "over_rows", lambda *a, **k: calls.append(k) or original(*a, **k))
    for a, p in zip(whole, step()):
        assert p.dtype == np.float16
        np.testing.assert_allclose(p.astype(np.float32), a.astype(np.float32), rtol=1e-3)
    assert {"products": True} in calls  # the forward's product went through the slabs


def test_the_blas_count_comes_back_only_when_the_last_caller_is_done(monkeypatch):
    """Two threads of the user's may run split products at once: the first to finish must not
    give the BLAS its threads back while the other's slabs still run."""
    blas = FakeBlas(4)
    monkeypatch.setattr(cores, "BLAS", (blas,))
    cores._blas_to_one_thread()
    cores._blas_to_one_thread()
    cores._blas_back()
    assert blas.threads == 1
    cores._blas_back()
    assert blas.threads == 4 and blas.calls == [1, 4]


def test_the_blas_controllers_are_threadpoolctls_blas_ones(monkeypatch):
    import threadpoolctl

    asked = []

    class Controller:
        def select(self, **what):
            asked.append(what)
            return type("Selection", (), {"lib_controllers": [blas]})()
    blas = FakeBlas(2)
    monkeypatch.setattr(threadpoolctl, "ThreadpoolController", Controller)
    assert cores.blas_controllers() == (blas,) and asked == [{"user_api": "blas"}]


def _splits(monkeypatch, a, b, **matmul):
    """The over_rows calls cores.matmul(a, b) makes: (rows, numbers, products) each."""
    calls = []
    original = cores.over_rows

    def watching(rows, work, numbers, products=False):
        calls.append((rows, numbers, products))
        original(rows, work, numbers, products)
    monkeypatch.setattr(cores, "over_rows", watching)
    result = cores.matmul(a, b, **matmul)
    np.testing.assert_allclose(result, a @ b, rtol=1e-6)
    assert result.dtype == np.result_type(a, b)
    return calls


def test_a_product_is_split_from_exactly_matmul_split_from_multiply_adds(split, monkeypatch):
    a, b = np.ones((3, 4)), np.ones((4, 5))  # 60 multiply-adds; more columns than rows
    monkeypatch.setattr(cores, "MATMUL_SPLIT_FROM", 60)
    assert _splits(monkeypatch, a, b) == [(5, 60, True)]
    assert _splits(monkeypatch, b.T, a.T) == [(5, 60, True)]  # more rows: the rows are cut
    monkeypatch.setattr(cores, "MATMUL_SPLIT_FROM", 61)
    assert _splits(monkeypatch, a, b) == []


def test_two_threads_are_enough_to_split_a_product(split, monkeypatch):
    monkeypatch.setattr(cores, "THREADS", 2)
    assert _splits(monkeypatch, np.ones((6, 4)), np.ones((4, 2))) == [(6, 48, True)]


def test_a_product_in_one_piece_still_writes_into_out(split, monkeypatch):
    monkeypatch.setattr(cores, "MATMUL_SPLIT_FROM", 10**9)
    a, b = np.ones((3, 4)), np.ones((4, 5))
    out = np.zeros((3, 5))
    assert cores.matmul(a, b, out=out) is out and (out == 4).all()


def test_mixed_and_integer_products_keep_numpys_dtype_and_are_not_split(split, monkeypatch):
    low, high = np.full((4, 6), 0.1, np.float32), np.full((6, 5), 0.1)
    assert _splits(monkeypatch, low, high) == []  # float32 @ float64 is float64, as NumPy gives
    ints = np.arange(24).reshape(4, 6)
    assert _splits(monkeypatch, ints, ints.T) == []


def test_a_pass_of_exactly_split_from_numbers_is_split(split):
    seen = []
    cores.over_rows(4, lambda rows: seen.append(rows.start), cores.SPLIT_FROM)
    assert sorted(seen) == [0, 1, 2]
