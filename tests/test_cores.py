"""ops/cores.py: big element-wise passes cut into slabs of rows, one per thread.  The promise is
"the same bits": every split pass (ReLU, max pooling and its backward, Adam's update) is compared
exactly with the pass in one piece.  The suite runs one BLAS thread (conftest), so these tests
switch the splitting on themselves, with more threads than the machine may have."""

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


def split_on(monkeypatch, threads=3):
    """Every pass of more than 8 numbers cut into slabs on ``threads`` threads; the pool made for
    the test is shut down and forgotten after it."""
    monkeypatch.setattr(cores, "THREADS", threads)
    monkeypatch.setattr(cores, "SPLIT_FROM", 8)
    monkeypatch.setattr(cores, "_pool", None)


@pytest.fixture
def split(monkeypatch):
    split_on(monkeypatch)
    yield
    if cores._pool is not None:
        cores._pool.shutdown()


@pytest.mark.parametrize("environ, expected", [
    ({"TINYGRAD_KO_NUM_THREADS": "3", "OPENBLAS_NUM_THREADS": "1"}, 3),
    ({"TINYGRAD_KO_NUM_THREADS": " 2 "}, 2),
    ({"TINYGRAD_KO_NUM_THREADS": "0"}, 1),
    ({"OPENBLAS_NUM_THREADS": "4", "OMP_NUM_THREADS": "4"}, 1),  # opt-in: the BLAS's count is not ours
    ({}, 1),
])
def test_the_thread_count_is_opt_in(environ, expected):
    assert cores.thread_count(environ) == expected


def test_a_thread_count_that_is_not_a_number_is_refused_naming_the_variable():
    with pytest.raises(ValueError, match=r"TINYGRAD_KO_NUM_THREADS must be a whole number of "
                                         r"threads, got 'many'"):
        cores.thread_count({"TINYGRAD_KO_NUM_THREADS": "many"})


@pytest.mark.parametrize("environ, warned", [
    ({}, True),
    ({"OPENBLAS_THREAD_TIMEOUT": "21"}, False),
    ({"OPENBLAS_NUM_THREADS": "1"}, False),
    ({"OMP_NUM_THREADS": "1"}, False),
    ({"OPENBLAS_NUM_THREADS": "2"}, True),
])
def test_asking_for_threads_while_openblas_spins_says_what_else_to_set(environ, warned):
    message = cores.spinning_blas_warning(2, environ)
    assert (message is not None) == warned
    if warned:
        assert "OPENBLAS_THREAD_TIMEOUT=21" in message and "OPENBLAS_NUM_THREADS=1" in message
    assert cores.spinning_blas_warning(1, environ) is None


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
    split_on(monkeypatch)
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
