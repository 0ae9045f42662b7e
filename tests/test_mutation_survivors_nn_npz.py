"""tinygrad_ko.nn.npz: the promises of ``save_npz`` / ``load_npz`` (model.save / model.load,
optimizer state, the book's parameter files) that the mutation run (tools/mutation.py, docs/testing.md
§7) found no test for:

- every array of plain numbers comes back exactly — its dtype, its shape (empty ones too), its
  values, Fortran-ordered ones (a transposed weight) and ones larger than one read (1 MiB);
- members in .npy format version 2.0 (NumPy's format for long headers) load like version 1.0;
- numbers that are not plain (complex, text, dates, records) are refused from the header;
- every refusal is one ValueError that names the file and says what is wrong: names that do not fit
  (``strict=True`` by default; at most 10 names, each cut to 80 characters), a shape that is not the
  model's, a header whose size disagrees with the zip directory, a broken header, a short member.
"""

import io
import struct
import zipfile

import numpy as np
import pytest
from numpy.lib import format as npy_format

from tinygrad_ko.nn.npz import load_npz, save_npz


def npy_bytes(array, version=(1, 0)) -> bytes:
    buffer = io.BytesIO()
    npy_format.write_array(buffer, np.asarray(array), version=version)
    return buffer.getvalue()


def header_bytes(shape, descr="<f4") -> bytes:
    """A version-1.0 .npy header declaring ``shape`` of ``descr`` (no data)."""
    buffer = io.BytesIO()
    npy_format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False,
                                               "shape": tuple(shape)})
    return buffer.getvalue()


def write_members(path, members: dict, compression=zipfile.ZIP_STORED):
    """A zip of name -> raw bytes, written as they are (no check that they are valid .npy)."""
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def refusal(path, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as err:
        load_npz(path, *args, **kwargs)
    message = str(err.value)
    assert repr(str(path)) in message, message  # every refusal names the file
    return message


# --- what comes back ---------------------------------------------------------------------------------
PLAIN_ARRAYS = {
    "float16": np.array([1.5, -2.25, 65504.0], np.float16),
    "float32": np.arange(12, dtype=np.float32).reshape(3, 4) / 7,
    "float64": np.array([[np.pi, -1e-300]]),
    "int8": np.array([-128, 0, 127], np.int8),
    "int64": np.array([2 ** 62, -(2 ** 62)], np.int64),
    "uint8": np.array([0, 255], np.uint8),
    "bool": np.array([True, False, True]),
    "scalar": np.array(3.25, np.float32),
    "empty": np.zeros(0, np.float32),
    "empty_rows": np.zeros((2, 0), np.float64),
    "transposed": (np.arange(12, dtype=np.float32).reshape(3, 4) * 1.5).T,  # Fortran order on disk
    "big": np.arange((1 << 18) + 3, dtype=np.float32),  # 1 MiB + 12 bytes: more than one read
}


def test_every_plain_array_round_trips_with_its_dtype_shape_and_values(tmp_path):
    assert PLAIN_ARRAYS["transposed"].flags.f_contiguous
    assert not PLAIN_ARRAYS["transposed"].flags.c_contiguous
    loaded = load_npz(save_npz(tmp_path / "all.npz", PLAIN_ARRAYS))
    assert list(loaded) == list(PLAIN_ARRAYS)
    for name, array in PLAIN_ARRAYS.items():
        assert loaded[name].dtype == array.dtype, name
        assert loaded[name].shape == array.shape, name
        np.testing.assert_array_equal(loaded[name], array, err_msg=name)
    # with the expected shapes given (as model.load does), the same arrays
    again = load_npz(tmp_path / "all.npz", PLAIN_ARRAYS)
    np.testing.assert_array_equal(again["transposed"], PLAIN_ARRAYS["transposed"])
    np.testing.assert_array_equal(again["empty_rows"], PLAIN_ARRAYS["empty_rows"])


def test_members_in_npy_format_version_2_load_like_version_1(tmp_path):
    weight = np.arange(6, dtype=np.float32).reshape(2, 3)
    path = write_members(tmp_path / "v2.npz", {"W.npy": npy_bytes(weight, version=(2, 0)),
                                               "b.npy": npy_bytes(np.ones(3, np.float32))})
    loaded = load_npz(path, {"W": weight, "b": np.zeros(3)})
    np.testing.assert_array_equal(loaded["W"], weight)
    np.testing.assert_array_equal(loaded["b"], np.ones(3, np.float32))


# --- refusals ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("array", [
    np.array([1 + 2j], np.complex64),
    np.array(["abc"]),
    np.array([b"ab"]),
    np.array(["2024-01-01"], dtype="datetime64[D]"),
    np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]),
], ids=["complex", "text", "bytes", "dates", "records"])
def test_arrays_that_are_not_plain_numbers_are_refused_from_the_header(tmp_path, array):
    path = write_members(tmp_path / "odd.npz", {"W.npy": npy_bytes(array)})
    message = refusal(path)
    assert f"W: dtype {array.dtype}, expected plain numbers" in message
    assert "nothing was read" in message


def test_a_header_whose_size_disagrees_with_the_zip_directory_is_refused_with_both_sizes(tmp_path):
    header = header_bytes((3,))  # declares 3 float32 (12 bytes) but 4 follow
    path = write_members(tmp_path / "sizes.npz", {"W.npy": header + np.ones(4, np.float32).tobytes()})
    declared, stored = len(header) + 12, len(header) + 16
    message = refusal(path)
    assert (f"W: shape (3,), {declared:,} bytes by its .npy header but {stored:,} by the zip "
            f"directory (the file is corrupt)") in message
    assert message.startswith(f"refusing to load {str(path)!r}, nothing was read")


def test_a_shape_that_is_not_the_models_is_refused_with_both_shapes(tmp_path):
    path = save_npz(tmp_path / "w.npz", {"W": np.zeros((3, 4), np.float32)})
    message = refusal(path, {"W": np.zeros((4, 3), np.float32)})
    assert "W: shape mismatch, the file has (3, 4) but the model has (4, 3)" in message


def test_a_broken_npy_header_names_the_file_and_the_array(tmp_path):
    bad = b"\x93NUMPY\x01\x00" + struct.pack("<H", 8) + b"garbage\n"
    path = write_members(tmp_path / "bad.npz", {"weight.npy": bad})
    message = refusal(path)
    assert "the header of array 'weight' is not a valid .npy header" in message


def declare_longer_in_the_zip_directory(path, name: str, by: int):
    """Make the zip directory declare ``name`` ``by`` bytes longer than its data (its CRC stays
    right), so the member ends early while its .npy header agrees with the directory."""
    raw = bytearray(path.read_bytes())
    entry = raw.index(b"PK\x01\x02")  # a central directory entry: its name at +46, size at +24
    while raw[entry + 46:entry + 46 + len(name)] != name.encode():
        entry = raw.index(b"PK\x01\x02", entry + 4)
    (size,) = struct.unpack_from("<I", raw, entry + 24)
    struct.pack_into("<I", raw, entry + 24, size + by)
    path.write_bytes(bytes(raw))


def test_a_member_that_ends_early_names_the_file_the_array_and_the_bytes(tmp_path):
    header = header_bytes((4,))  # declares 16 bytes, 12 follow
    path = write_members(tmp_path / "short.npz",
                         {"weight.npy": header + np.ones(3, np.float32).tobytes()},
                         compression=zipfile.ZIP_DEFLATED)
    declare_longer_in_the_zip_directory(path, "weight.npy", by=4)
    message = refusal(path)
    assert "array 'weight' ends after 12 of 16 bytes" in message
    assert "truncated or corrupt" in message


def test_an_entry_that_is_not_an_array_names_the_file(tmp_path):
    path = write_members(tmp_path / "notes.npz", {"notes.txt": b"hello"})
    message = refusal(path)
    assert "'notes.txt', which is not an array (.npy)" in message


# --- names that do not fit --------------------------------------------------------------------------
def test_strict_is_the_default_and_lists_unknown_and_missing_names(tmp_path):
    path = save_npz(tmp_path / "names.npz", {"W": np.ones(2), "extra": np.ones(1)})
    expected = {"W": np.zeros(2), "gone": np.zeros(3)}
    message = refusal(path, expected)
    assert message == (f"{str(path)!r} does not fit: unexpected arrays (in the file, not in the "
                       f"model): 'extra'; missing arrays (in the model, not in the file): 'gone'. "
                       f"Nothing was read. Fix: load a file saved from the same architecture, or "
                       f"pass strict=False")
    assert refusal(path, expected, strict=True) == message
    loose = load_npz(path, expected, strict=False)  # the names both have, nothing else
    assert list(loose) == ["W"]
    np.testing.assert_array_equal(loose["W"], np.ones(2))


def test_only_unknown_or_only_missing_names_are_refused_too(tmp_path):
    path = save_npz(tmp_path / "names.npz", {"W": np.ones(2), "b": np.ones(1)})
    only_unknown = refusal(path, {"W": np.zeros(2)})
    assert "unexpected arrays (in the file, not in the model): 'b'. Nothing was read." in only_unknown
    assert "missing" not in only_unknown
    only_missing = refusal(path, {"W": np.zeros(2), "b": np.zeros(1), "c": np.zeros(1)})
    assert "does not fit: missing arrays (in the model, not in the file): 'c'. Nothing" in only_missing
    assert "unexpected" not in only_missing


def test_long_name_lists_show_ten_names_and_long_names_80_characters(tmp_path):
    twelve = save_npz(tmp_path / "twelve.npz", {f"n{i:02d}": np.ones(1) for i in range(12)})
    shown = ", ".join(f"'n{i:02d}'" for i in range(10))
    assert f"(in the file, not in the model): {shown} and 2 more. Nothing" in refusal(twelve, {})
    ten = save_npz(tmp_path / "ten.npz", {f"n{i:02d}": np.ones(1) for i in range(10)})
    assert f"(in the file, not in the model): {shown}. Nothing" in refusal(ten, {})
    long_name = "x" * 79 + "yz" + "w" * 300
    hostile = save_npz(tmp_path / "long.npz", {long_name: np.ones(1)})
    message = refusal(hostile, {})
    assert f"(in the file, not in the model): {long_name[:80]!r}. Nothing" in message
    assert long_name[:81] not in message
