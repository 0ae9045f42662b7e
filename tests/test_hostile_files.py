"""Hostile files cost bounded memory: each is refused with a ValueError (never MemoryError) while
the process's peak RSS grows by less than 100 MB.

Every refusal runs in a fresh Python process that first does the same kind of legitimate load
(so the baseline includes what a normal load costs) and then reads its peak resident set size
(``resource.getrusage(...).ru_maxrss``) before and after the hostile load.  RSS, not tracemalloc:
NumPy buffers and zlib's output are what grew before, and RSS sees all of them.  The bombs
decompress to 400 MB, so the old readers (which read everything, then checked) fail these tests.
"""

import gzip
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tinygrad_ko import nn

resource = pytest.importorskip("resource", reason="ru_maxrss needs a POSIX system (CI is Linux)")

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB = 100
BOMB_MB = 400
ZEROS = bytes(1 << 20)

PROBE = r"""
import json, resource, sys
import numpy as np
from tinygrad_ko import nn
from tinygrad_ko.datasets import read_idx
from tinygrad_ko.nn.npz import load_npz

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux

kind, good, hostile = sys.argv[1:4]
model = nn.Linear(4, 3)
load = {"model": model.load, "npz": load_npz, "idx": read_idx}[kind]
load(good)  # the same kind of load, done right: its cost is part of the baseline
before = peak_mb()
try:
    load(hostile)
    outcome = ["loaded", ""]
except Exception as err:
    outcome = [type(err).__name__, str(err)]
print(json.dumps({"grew_mb": peak_mb() - before, "error": outcome[0], "message": outcome[1]}))
"""


def refuse_in_a_fresh_process(kind: str, good: Path, hostile: Path) -> dict:
    run = subprocess.run([sys.executable, "-c", PROBE, kind, str(good), str(hostile)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def assert_refused_cheaply(result: dict, *fragments):
    assert result["error"] == "ValueError", result
    assert result["grew_mb"] < LIMIT_MB, result
    for fragment in fragments:
        assert fragment in result["message"], result


# --- .npz ------------------------------------------------------------------------------------------
def npy_header(shape, dtype="<f4") -> bytes:
    """The bytes of a version-1.0 .npy header declaring ``shape`` (no data)."""
    from numpy.lib import format as npy_format
    import io

    buffer = io.BytesIO()
    npy_format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False,
                                               "shape": tuple(shape)})
    return buffer.getvalue()


def write_npz(path: Path, arrays: dict, raw: dict = (), bomb: str | None = None) -> Path:
    """An .npz of ``arrays``, plus entries ``raw`` (name -> bytes written as they are) and a
    ``bomb`` entry: a float32 .npy header followed by 400 MB of zeros, deflated to about 2 MB."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w") as member:
                np.lib.format.write_array(member, np.asarray(array))
        for name, data in dict(raw).items():
            archive.writestr(f"{name}.npy", data)
        if bomb:
            with archive.open(f"{bomb}.npy", "w", force_zip64=True) as member:
                member.write(npy_header((BOMB_MB << 18,)))  # 2**18 float32 = 1 MB
                for _ in range(BOMB_MB):
                    member.write(ZEROS)
    return path


@pytest.fixture(scope="module")
def npz_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("npz")
    state = nn.Linear(4, 3).state_dict()
    files = {"good": Path(nn.Linear(4, 3).save(folder / "good.npz"))}
    files["extra_key"] = write_npz(folder / "extra_key.npz", state, bomb="junk")
    files["bomb_in_a_wanted_key"] = write_npz(folder / "bomb_in_W.npz", {"b": state["b"]}, bomb="W")
    files["absurd_shape"] = write_npz(folder / "absurd.npz", {"b": state["b"]},
                                      raw={"W": npy_header((10 ** 12,))})
    return files


def test_an_unused_extra_key_is_refused_before_anything_is_decompressed(npz_files):
    result = refuse_in_a_fresh_process("model", npz_files["good"], npz_files["extra_key"])
    assert_refused_cheaply(result, "unexpected arrays", "'junk'", "Nothing was read")


def test_a_bomb_under_a_wanted_name_is_refused_from_its_header(npz_files):
    result = refuse_in_a_fresh_process("model", npz_files["good"], npz_files["bomb_in_a_wanted_key"])
    assert_refused_cheaply(result, "W: shape mismatch", f"({BOMB_MB << 18},)", "(4, 3)")


def test_an_absurd_declared_shape_is_one_sentence_not_memory_error(npz_files):
    result = refuse_in_a_fresh_process("model", npz_files["good"], npz_files["absurd_shape"])
    assert_refused_cheaply(result, "(1000000000000,)")
    result = refuse_in_a_fresh_process("npz", npz_files["good"], npz_files["absurd_shape"])
    assert_refused_cheaply(result, "4,000,000,000,128 bytes")
    assert "\n" not in result["message"]


def test_declared_sizes_beyond_max_bytes_are_refused_before_reading(tmp_path):
    from tinygrad_ko.nn.npz import load_npz

    path = tmp_path / "big.npz"
    np.savez(path, a=np.zeros(1000, np.float32), b=np.zeros(1000, np.float32))
    with pytest.raises(ValueError, match="8,000 bytes in all, more than the 5,000 allowed"):
        load_npz(path, max_bytes=5000)
    assert set(load_npz(path, max_bytes=8000)) == {"a", "b"}


def test_entries_that_are_not_arrays_or_repeat_a_name_are_refused(tmp_path):
    from tinygrad_ko.nn.npz import load_npz

    with zipfile.ZipFile(tmp_path / "odd.npz", "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ValueError, match="'notes.txt', which is not an array"):
        load_npz(tmp_path / "odd.npz")
    with zipfile.ZipFile(tmp_path / "twice.npz", "w") as archive, \
            pytest.warns(UserWarning, match="Duplicate name"):  # zipfile writes it all the same
        for _ in range(2):
            with archive.open("a.npy", "w") as member:
                np.lib.format.write_array(member, np.ones(2))
    with pytest.raises(ValueError, match="'a' twice"):
        load_npz(tmp_path / "twice.npz")


def test_strict_false_skips_unknown_arrays_without_reading_them(npz_files):
    model = nn.Linear(4, 3)
    state = nn.Linear(4, 3, rng=5).state_dict()
    path = write_npz(npz_files["good"].parent / "extra_small.npz", state, raw={"junk": b"garbage"})
    model.load(path, strict=False)  # "junk" is not even a valid .npy: it was never opened
    np.testing.assert_array_equal(model.W.data, state["W"])


# --- IDX -------------------------------------------------------------------------------------------
def idx_header(shape, type_code=0x08) -> bytes:
    return bytes([0, 0, type_code, len(shape)]) + b"".join(int(n).to_bytes(4, "big") for n in shape)


@pytest.fixture(scope="module")
def idx_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("idx")
    images = np.zeros((10, 28, 28), np.uint8)
    good = folder / "good.gz"
    good.write_bytes(gzip.compress(idx_header(images.shape) + images.tobytes()))
    zeros_member = gzip.compress(ZEROS, compresslevel=1)
    bomb = folder / "bomb.gz"  # the header of 10 images, then 400 MB: gzip members one after another
    with open(bomb, "wb") as out:
        out.write(gzip.compress(idx_header(images.shape) + images.tobytes()))
        for _ in range(BOMB_MB):
            out.write(zeros_member)
    absurd = folder / "absurd.gz"
    absurd.write_bytes(gzip.compress(idx_header((2 ** 31, 2 ** 31, 10))))
    short = folder / "short.gz"  # declares 1,000,000,000 bytes (under the cap), holds 1 MB
    short.write_bytes(gzip.compress(idx_header((1000, 1000, 1000)) + ZEROS))
    return {"good": good, "bomb": bomb, "absurd": absurd, "short": short}


def test_an_idx_gzip_bomb_stops_one_byte_past_the_declared_size(idx_files):
    result = refuse_in_a_fresh_process("idx", idx_files["good"], idx_files["bomb"])
    assert_refused_cheaply(result, "shape (10, 28, 28)", "goes on past them")


def test_an_absurd_idx_shape_is_refused_from_the_header(idx_files):
    result = refuse_in_a_fresh_process("idx", idx_files["good"], idx_files["absurd"])
    assert_refused_cheaply(result, "(2147483648, 2147483648, 10)", "more than the", "allowed")


def test_a_large_declared_idx_size_with_little_data_costs_only_the_data(idx_files):
    result = refuse_in_a_fresh_process("idx", idx_files["good"], idx_files["short"])
    assert_refused_cheaply(result, "shape (1000, 1000, 1000)", "truncated or corrupt")
