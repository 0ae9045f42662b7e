""".npz files of named arrays: atomic saves, and loads whose memory is bounded for hostile files.

``save_npz`` writes a temporary file beside the target, fsyncs it, renames it over the target and
fsyncs the folder; leftovers of saves that were killed (``.tmp-*.npz``) are removed by the next
save into that folder (see ``tinygrad_ko.atomic_files``).

``load_npz`` reads the zip directory and every array's .npy header (name, dtype, shape) first and
refuses — before any array data is decompressed — names that are not expected, dtypes that are not
plain numbers (pickles), shapes that do not match, and declared sizes beyond ``max_bytes``.  Only
then are the arrays read, each into a buffer of the size its header declared.
"""

from __future__ import annotations

import math
import os
import zipfile
import zlib

import numpy as np
from numpy.lib import format as npy_format

from ..atomic_files import write_atomically

#: largest total of array bytes ``load_npz`` reads when no expected shapes bound it (2 GiB)
MAX_NPZ_BYTES = 1 << 31
TEMP_PREFIX, TEMP_SUFFIX = ".tmp-", ".npz"


# --- saving --------------------------------------------------------------------------------------
def save_npz(path, arrays: dict) -> str:
    """np.savez to a temporary file in the same directory, flush + fsync, os.replace, fsync of the
    directory (``atomic_files.write_atomically``): a crash never leaves a half-written file under
    ``path``, and the leftovers of earlier killed saves in that directory are removed."""
    arrays = {k: np.asarray(v) for k, v in arrays.items()}
    return write_atomically(path, lambda f: np.savez(f, **arrays), TEMP_PREFIX, TEMP_SUFFIX)


# --- loading -------------------------------------------------------------------------------------
def load_npz(path, expected: dict | None = None, *, strict: bool = True,
             max_bytes: int = MAX_NPZ_BYTES) -> dict:
    """name -> array from an .npz file, pickles refused, memory bounded.

    ``expected`` (name -> array or anything with ``.shape``): names not in it are refused when
    ``strict`` (else skipped, never decompressed), missing names are refused when ``strict``, and
    each array's shape must match — all decided from the headers.  Without ``expected`` the arrays
    may declare at most ``max_bytes`` in total.  Every refusal is a ValueError naming the file.
    """
    path = os.fspath(path)
    _check_is_zip(path)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = _entries(path, archive)
            wanted = _select(path, entries, expected, strict)
            headers = {key: _read_header(path, archive, entries[key]) for key in wanted}
            _check_headers(path, headers, expected, max_bytes)
            return {key: _read_array(path, archive, entries[key], headers[key]) for key in wanted}
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, zlib.error, RuntimeError,
            NotImplementedError) as err:
        raise ValueError(f"{path!r} is not a readable .npz file ({type(err).__name__}: {err}); it "
                         f"may be truncated or corrupt — save it again") from None


def _check_is_zip(path: str) -> None:
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {path!r}; check the path (it is saved by "
                                f"model.save(path))")
    with open(path, "rb") as f:
        magic = f.read(6)
    if magic == b"\x93NUMPY":
        raise TypeError(f"{path!r} is a single .npy array, not an .npz archive of named arrays; "
                        f"save with model.save(path)")
    if not magic.startswith(b"PK"):
        raise ValueError(f"{path!r} is not an .npz (zip) archive: it may be truncated or corrupt, "
                         f"or another format such as a pickle (never loaded) — save it again with "
                         f"model.save(path)")


def _entries(path: str, archive: zipfile.ZipFile) -> dict:
    """array name -> ZipInfo, from the zip's central directory (nothing decompressed)."""
    entries = {}
    for info in archive.infolist():
        if not info.filename.endswith(".npy") or info.is_dir():
            raise ValueError(f"{path!r} holds {info.filename!r}, which is not an array (.npy) of an "
                             f".npz archive; save the file again with model.save(path)")
        key = info.filename[:-len(".npy")]
        if key in entries:
            raise ValueError(f"{path!r} holds the array {key!r} twice; save the file again")
        entries[key] = info
    return entries


def _select(path: str, entries: dict, expected, strict: bool) -> list:
    """The names to read: all, or those ``expected`` (refusing unknown and missing ones if strict)."""
    if expected is None:
        return list(entries)
    unknown = [k for k in entries if k not in expected]
    missing = [k for k in expected if k not in entries]
    problems = []
    if strict and unknown:
        problems.append(f"unexpected arrays (in the file, not in the model): {_short(unknown)}")
    if strict and missing:
        problems.append(f"missing arrays (in the model, not in the file): {_short(missing)}")
    if problems:
        raise ValueError(f"{path!r} does not fit: " + "; ".join(problems) + ". Nothing was read. "
                         "Fix: load a file saved from the same architecture, or pass strict=False")
    return [k for k in entries if k in expected]


def _short(names: list, limit: int = 10) -> str:
    shown = ", ".join(repr(n[:80]) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _read_header(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """(shape, fortran_order, dtype, data offset, size in the zip directory) of one .npy member,
    from its first bytes (the .npy header) and the zip directory."""
    key = info.filename[:-len(".npy")]
    with archive.open(info) as member:
        try:
            version = npy_format.read_magic(member)
            reader = {(1, 0): npy_format.read_array_header_1_0,
                      (2, 0): npy_format.read_array_header_2_0}.get(version)
            if reader is None:
                raise ValueError(f"unsupported .npy version {version}")
            shape, fortran, dtype = reader(member)
        except ValueError as err:
            raise ValueError(f"{path!r}: the header of array {key!r} is not a valid .npy header "
                             f"({err}); the file is corrupt or not written by model.save") from None
        return shape, fortran, dtype, member.tell(), info.file_size


def _check_headers(path: str, headers: dict, expected, max_bytes: int) -> None:
    """Refuse non-numeric dtypes, shapes that differ from ``expected``, sizes that do not add up
    or exceed ``max_bytes``: all before any array data is decompressed."""
    problems, total = [], 0
    for key, (shape, _, dtype, offset, stored) in headers.items():
        nbytes = math.prod(shape) * dtype.itemsize
        total += nbytes
        if dtype.hasobject or dtype.kind not in "biuf" or dtype.fields is not None:
            problems.append(f"{key}: dtype {dtype}, expected plain numbers (object arrays, which "
                            f"could run code when unpickled, are never loaded)")
        elif any(n < 0 for n in shape) or offset + nbytes != stored:
            problems.append(f"{key}: shape {tuple(shape)}, {offset + nbytes:,} bytes by its .npy "
                            f"header but {stored:,} by the zip directory (the file is corrupt)")
        elif expected is not None and tuple(shape) != tuple(np.shape(expected[key])):
            problems.append(f"{key}: shape mismatch, the file has {tuple(shape)} but the model "
                            f"has {tuple(np.shape(expected[key]))}")
    if problems:
        raise ValueError(f"refusing to load {path!r}, nothing was read: " + "; ".join(problems))
    if total > max_bytes:
        raise ValueError(f"refusing to load {path!r}: its arrays declare {total:,} bytes in all, more "
                         f"than the {max_bytes:,} allowed; it is corrupt or not a model file (pass "
                         f"max_bytes= to allow more)")


def _read_array(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, header) -> np.ndarray:
    """One array, read into a buffer of the declared size; data beyond it is refused."""
    shape, fortran, dtype, offset, _ = header
    key = info.filename[:-len(".npy")]
    with archive.open(info) as member:
        member.seek(offset)
        array = np.empty(math.prod(shape), dtype=dtype)
        view = memoryview(array).cast("B")
        filled = 0
        while filled < len(view):
            count = member.readinto(view[filled:filled + (1 << 20)])
            if not count:
                raise ValueError(f"{path!r}: array {key!r} ends after {filled:,} of {len(view):,} "
                                 f"bytes; the file is truncated or corrupt — save it again")
            filled += count
        if member.read(1):
            raise ValueError(f"{path!r}: array {key!r} has more data than its header declares; the "
                             f"file is truncated or corrupt — save it again")
    return array.reshape(shape, order="F" if fortran else "C")
