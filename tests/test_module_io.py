"""state_dict / load_state_dict / save / load: round trips, and refusals that change nothing."""

import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tinygrad_ko import nn
from tinygrad_ko.nn import module as module_io


def make_model(seed=0):
    return nn.Sequential(Conv1=nn.Conv2d(1, 2, 3, rng=seed), Norm1=nn.BatchNorm2d(2),
                         Relu1=nn.ReLU(), Affine1=nn.Linear(2 * 2 * 2, 3, rng=seed + 1))


def snapshot(model):
    return {k: v.copy() for k, v in model.state_dict().items()}


def assert_unchanged(model, before):
    after = model.state_dict()
    assert list(after) == list(before)
    for key in before:
        np.testing.assert_array_equal(after[key], before[key])


def refusal(model, before, load, source, error=ValueError, match=None) -> str:
    """``load(source)`` raises ``error`` (matching ``match``) and leaves the model as ``before``;
    returns the message."""
    with pytest.raises(error, match=match) as info:
        load(source)
    assert_unchanged(model, before)
    return str(info.value)


X = np.random.default_rng(1).standard_normal((2, 1, 4, 4)).astype(np.float32)


def test_state_dict_holds_copies_of_parameters_and_buffers():
    model = make_model()
    model(X)  # moves the running statistics
    state = model.state_dict()
    assert list(state) == ["Conv1.W", "Conv1.b", "Norm1.gamma", "Norm1.beta", "Affine1.W",
                           "Affine1.b", "Norm1.running_mean", "Norm1.running_var"]
    assert not np.all(state["Norm1.running_mean"] == 0)
    state["Conv1.W"][...] = 99
    state["Norm1.running_mean"][...] = 99
    assert not np.any(model.Conv1.W.data == 99) and not np.any(model.Norm1.running_mean == 99)


def test_load_state_dict_round_trip_gives_the_same_outputs():
    source, target = make_model(0), make_model(5)
    source(X)
    source.eval()
    target.load_state_dict(source.state_dict())
    target.eval()
    np.testing.assert_array_equal(target(X).data, source(X).data)
    assert target.Affine1.W.dtype == np.float32


def test_save_and_load_round_trip(tmp_path):
    source = make_model(0)
    source(X)
    path = source.save(tmp_path / "model.npz")
    assert os.listdir(tmp_path) == ["model.npz"]  # no temporary file left behind
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == sorted(source.state_dict())
    target = make_model(7).load(path)
    for key, value in source.state_dict().items():
        np.testing.assert_array_equal(target.state_dict()[key], value)


def test_missing_and_unexpected_keys_are_all_listed_and_nothing_changes():
    model = make_model()
    before = snapshot(model)
    state = dict(before)
    del state["Conv1.b"], state["Norm1.running_var"]
    state["Conv2.W"] = np.zeros((2, 2, 3, 3), np.float32)
    state["extra"] = np.zeros(1, np.float32)
    state["Affine1.W"] = np.full((8, 3), 42.0, np.float32)  # valid, but must not be applied
    message = refusal(model, before, model.load_state_dict, state)
    assert "missing keys (in the model, not in the state): ['Conv1.b', 'Norm1.running_var']" in message
    assert "unexpected keys (in the state, not in the model): ['Conv2.W', 'extra']" in message
    assert "nothing was changed" in message
    model.load_state_dict(state, strict=False)  # skips them, loads the rest
    assert np.all(model.Affine1.W.data == 42)


def test_every_shape_mismatch_is_reported_with_both_shapes_and_nothing_changes():
    model = make_model()
    before = snapshot(model)
    state = dict(before)
    state["Conv1.W"] = np.zeros((4, 1, 3, 3), np.float32)
    state["Norm1.running_mean"] = np.zeros(3, np.float32)
    state["Affine1.b"] = np.full(3, 7.0, np.float32)
    message = refusal(model, before, model.load_state_dict, state)
    assert "Conv1.W: shape mismatch, the state has (4, 1, 3, 3) but the model has (2, 1, 3, 3)" in message
    assert "Norm1.running_mean: shape mismatch, the state has (3,) but the model has (2,)" in message


def test_file_with_a_shape_mismatch_leaves_the_model_unchanged(tmp_path):
    other = nn.Sequential(Conv1=nn.Conv2d(1, 5, 3), Norm1=nn.BatchNorm2d(5), Relu1=nn.ReLU(),
                          Affine1=nn.Linear(20, 3))
    path = other.save(tmp_path / "other.npz")
    model = make_model()
    refusal(model, snapshot(model), model.load, path, match="shape mismatch")


def test_pickle_carrying_file_is_refused_and_nothing_changes(tmp_path):
    model = make_model()
    before = snapshot(model)
    path = tmp_path / "evil.npz"
    state = dict(before)
    state["Conv1.W"] = np.array([{"payload": 1}], dtype=object)
    np.savez(path, **state)
    refusal(model, before, model.load, path, match="object arrays")


def test_truncated_corrupt_and_missing_files_are_refused_and_nothing_changes(tmp_path):
    model = make_model()
    before = snapshot(model)
    good = model.save(tmp_path / "good.npz")
    data = Path(good).read_bytes()
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(data[:len(data) // 2])
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"this is not a zip archive" * 10)
    pickled = tmp_path / "pickled.npz"
    pickled.write_bytes(pickle.dumps(before))
    for path in (truncated, garbage, pickled):
        refusal(model, before, model.load, path, match="truncated or corrupt")
    refusal(model, before, model.load, tmp_path / "missing.npz", FileNotFoundError, "no such file")
    single = tmp_path / "single.npy"
    np.save(single, np.zeros(3))
    refusal(model, before, model.load, single, TypeError, "not an .npz archive")


def test_a_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    model = make_model()
    path = model.save(tmp_path / "model.npz")
    old = Path(path).read_bytes()

    def broken_savez(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(module_io.np, "savez", broken_savez)
    model.Conv1.W.data[...] = 0
    with pytest.raises(OSError, match="disk full"):
        model.save(path)
    assert Path(path).read_bytes() == old
    assert os.listdir(tmp_path) == ["model.npz"]
    assert zipfile.is_zipfile(path)


def test_save_into_a_missing_directory_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        make_model().save(tmp_path / "nope" / "model.npz")


# --- non-finite and overflowing values ----------------------------------------------------------
def test_nan_and_overflowing_weights_are_refused_unless_asked_for(tmp_path, recwarn):
    model = make_model()
    before = snapshot(model)
    nan_state = dict(before)
    nan_state["Conv1.W"] = before["Conv1.W"].copy()
    nan_state["Conv1.W"][0, 0, 0, 0] = np.nan
    huge_state = dict(before)
    huge_state["Affine1.b"] = np.array([1e300, 0.0, -1e300])  # float64, far beyond float32
    for state, fragment in ((nan_state, "Conv1.W: 1 of 18 values are NaN or infinite"),
                            (huge_state, "Affine1.b: 2 values overflow float32 (largest magnitude 1e+300")):
        path = module_io.save_npz(tmp_path / "bad.npz", state)
        for load, source in ((model.load, path), (model.load_state_dict, state)):
            message = refusal(model, before, load, source)
            assert fragment in message and "allow_nonfinite=True" in message
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]  # no NumPy warning
    model.load(path, allow_nonfinite=True)  # asked for: the overflow becomes ±inf
    assert list(model.Affine1.b.data) == [np.inf, 0.0, -np.inf]
    model.load_state_dict(nan_state, allow_nonfinite=True)
    assert np.isnan(model.Conv1.W.data[0, 0, 0, 0])


# --- interrupted saves ------------------------------------------------------------------------------
STUCK_SAVE = """
import os, sys, time
from tinygrad_ko import nn
os.replace = lambda *args: (print("ready", flush=True), time.sleep(600))  # stuck before the rename
nn.Linear(64, 64).save(sys.argv[1])
"""


def start_stuck_save(path):
    """A process stuck in model.save(path) after writing its temp file (as if killed there)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen([sys.executable, "-c", STUCK_SAVE, str(path)], cwd=root, text=True,
                             stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(root)})
    assert child.stdout.readline().strip() == "ready"
    return child


def temps(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-"))


def test_a_killed_save_leaves_nothing_after_the_next_save(tmp_path):
    import signal

    child = start_stuck_save(tmp_path / "a.npz")
    try:
        (stale,) = temps(tmp_path)
        make_model().save(tmp_path / "b.npz")  # the writer is alive: its temp file is kept
        assert temps(tmp_path) == [stale]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert temps(tmp_path) == [stale]  # kill -9: the file stays until the next save ...
    finally:
        if child.poll() is None:
            child.kill()
    make_model().save(tmp_path / "b.npz")  # ... which removes it
    assert temps(tmp_path) == [] and sorted(os.listdir(tmp_path)) == ["b.npz"]


def test_leftovers_of_this_process_and_old_foreign_temps_are_removed(tmp_path):
    own = tmp_path / f".tmp-{os.getpid()}-abc_1234.npz"  # ours, but no save of ours is writing it
    old_naming = tmp_path / ".tmp-k2j3h4l5.npz"  # an older version's name: only its age tells
    young_old_naming = tmp_path / ".tmp-x9y8z7w6.npz"
    yours = [tmp_path / ".tmp-my-notes.npz", tmp_path / ".tmp-abcdefgh.txt",
             tmp_path / ".tmp-999999999-abcdefgh.npz.bak"]  # not names a save makes: never touched
    for path in (own, old_naming, young_old_naming, *yours):
        path.write_bytes(b"partial")
    an_hour_ago = os.path.getmtime(own) - 3600
    for path in (old_naming, *yours):
        os.utime(path, (an_hour_ago, an_hour_ago))
    make_model().save(tmp_path / "m.npz")
    assert sorted(os.listdir(tmp_path)) == sorted([young_old_naming.name, *(p.name for p in yours),
                                                   "m.npz"])


def test_a_save_fsyncs_the_file_then_renames_then_fsyncs_the_folder(tmp_path, monkeypatch):
    import stat

    events, real_replace, real_fsync = [], os.replace, os.fsync

    def replace(source, target):
        events.append("replace")
        return real_replace(source, target)

    def fsync(fd):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        return real_fsync(fd)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    make_model().save(tmp_path / "m.npz")
    assert events == ["fsync file", "replace", "fsync folder"]
