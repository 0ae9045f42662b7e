"""The glibc tuning done on import (tinygrad_ko/allocator.py) and its opt-out."""

import subprocess
import sys

import numpy as np
import pytest

from tinygrad_ko import Tensor, allocator, nn
from tinygrad_ko.nn import optim


def test_tuned_on_linux_glibc_and_can_be_turned_off():
    check = "import tinygrad_ko.allocator as a; print(a.TUNED)"
    plain = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    kept = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True,
                          env={"TINYGRAD_KO_KEEP_MALLOC": "1", "PATH": ""})
    assert plain.stdout.strip() == str(sys.platform.startswith("linux"))
    assert kept.stdout.strip() == "False"
    assert allocator.tune() == allocator.TUNED  # applying twice is harmless


# --- cache-line alignment of the arrays written in place every step --------------------------------
def misaligned(array, offset=16):
    """A C-ordered copy of ``array`` starting ``offset`` bytes past a cache line."""
    memory = np.empty(array.nbytes + 128, dtype=np.uint8)
    start = -memory.ctypes.data % 64 + offset
    copy = memory[start:start + array.nbytes].view(array.dtype).reshape(array.shape)
    copy[...] = array
    return copy


def starts_a_cache_line(array):
    return array.ctypes.data % allocator.CACHE_LINE == 0 and array.flags.c_contiguous


@pytest.mark.parametrize("shape, dtype", [((784, 50), np.float32), ((3,), np.float64), ((), np.float32),
                                          ((2, 3, 5), np.float16)])
def test_cache_aligned_keeps_the_numbers_and_only_copies_when_it_must(shape, dtype):
    values = np.random.default_rng(0).standard_normal(shape).astype(dtype)
    moved = misaligned(values)
    assert moved.ctypes.data % 64 == 16
    aligned = allocator.cache_aligned(moved)
    assert starts_a_cache_line(aligned) and aligned.shape == shape and aligned.dtype == dtype
    assert np.array_equal(aligned, values)
    assert allocator.cache_aligned(aligned) is aligned  # already aligned: the same array
    transposed = allocator.cache_aligned(np.asfortranarray(np.ones((3, 4))))
    assert transposed.flags.c_contiguous and starts_a_cache_line(transposed)
    zeros = allocator.aligned_zeros_like(moved)
    assert starts_a_cache_line(zeros) and not zeros.any() and zeros.shape == shape
    assert allocator.cache_aligned(np.empty((0, 4), dtype)).shape == (0, 4)  # nothing to align


def test_weights_and_optimizer_moments_start_on_a_cache_line():
    model = nn.Sequential(nn.Linear(7, 5), nn.ReLU(), nn.Linear(5, 3))
    leaf = Tensor(misaligned(np.ones((9, 9), np.float32)), requires_grad=True)
    constant = Tensor(np.ones(3, np.float32))
    assert all(starts_a_cache_line(p._data) for p in [*model.parameters(), leaf])
    adam = optim.Adam(model.parameters())
    assert all(starts_a_cache_line(m) for name in ("m", "v") for m in adam.state[name])
    adam.load_state_dict({k: misaligned(np.asarray(v)) if np.ndim(v) else v
                          for k, v in adam.state_dict().items()})
    assert all(starts_a_cache_line(m) for name in ("m", "v") for m in adam.state[name])
    model[0].W.data = misaligned(np.full((7, 5), 2.0, np.float32))  # a new array: aligned too
    assert starts_a_cache_line(model[0].W._data) and (model[0].W.data == 2).all()
    assert constant.requires_grad is False  # (constants are left as NumPy made them)


def test_an_aligned_weight_still_records_in_place_edits():
    W = nn.Parameter(np.ones((4, 4), np.float32))
    x = Tensor(np.ones((2, 4), np.float32))
    loss = (x @ W).sum()
    W.data += 1  # through the view: recorded on the aligned array's memory
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()
    loss = (x @ W).sum()
    optimizer = optim.SGD([W], lr=0.1)
    W.grad = Tensor(np.ones((4, 4), np.float32))
    optimizer.step()  # an optimizer step is an in-place edit as well
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()
