"""The command line, run as a user would: `python -m tinygrad_ko demo|graph|train|gradcheck`."""

import os
import subprocess
import sys

import matplotlib.image as mpimg
import pytest

from tinygrad_ko import cli


def run(*args, cwd=None):
    result = subprocess.run([sys.executable, "-m", "tinygrad_ko", *args], capture_output=True,
                            text=True, cwd=cwd, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_demo_quick_does_every_stage_and_writes_its_pictures(tmp_path):
    out = run("demo", "--quick", "--out", str(tmp_path))
    for number in ("price: 715", "dApple: 2.2", "dOrange: 3.3", "dTax: 650", "price: 220"):
        assert number in out
    assert "spiral" in out and "epoch 1/1" in out and "final test accuracy" in out
    final_spiral = [line for line in out.splitlines() if line.strip().startswith("step")][-1]
    assert float(final_spiral.split()[-1]) > 0.6  # well above the 1/3 of chance
    for name in ("curves.png", "filters.png", "misclassified.png"):
        image = mpimg.imread(tmp_path / name)
        assert image.shape[0] > 100 and image.shape[1] > 100
    for name in ("apple-orange.svg", "simple_convnet_layers.svg", "simple_convnet_ops.svg"):
        assert "<svg" in (tmp_path / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name, expected", [("apple", "price: 220"), ("apple-orange", "price: 715"),
                                            ("simple-convnet", "loss")])
def test_graph_command_writes_the_file(tmp_path, name, expected):
    out = run("graph", name, "-o", str(tmp_path / "g.svg"))
    assert expected in out
    assert "<svg" in (tmp_path / "g.svg").read_text(encoding="utf-8")


def test_gradcheck_command_checks_every_op():
    out = run("gradcheck")
    assert "conv2d" in out and "max_pool2d" in out and "FAILED" not in out
    assert out.strip().splitlines()[-1].endswith("passed, 0 failed")


def test_train_command_on_the_embedded_data(tmp_path):
    out = run("train", "--model", "two-layer", "--epochs", "2", "--out", str(tmp_path))
    accuracy = float(out.split("final test accuracy ")[1].split(";")[0])
    assert accuracy > 0.7
    assert (tmp_path / "two-layer_best.npz").stat().st_size > 0
    assert (tmp_path / "curves.png").stat().st_size > 0


def run_main(argv, capsys):
    """(exit status, stdout, stderr) of cli.main(argv), whether it returns or exits."""
    try:
        status = cli.main(argv)
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line_error(status, err, *fragments):
    assert status == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in err, err


@pytest.mark.parametrize("argv, fragment", [
    (["demo", "--epochs", "-3"], "--epochs: must be 1 or more, got -3"),
    (["demo", "--epochs", "two"], "--epochs: expected a whole number, got 'two'"),
    (["train", "--seed", "-1"], "--seed: must be 0 or more, got -1"),
    (["train", "--epochs", "0"], "--epochs: must be 1 or more, got 0"),
    (["train", "--lr", "0"], "--lr: must be a positive finite number"),
    (["train", "--lr", "inf"], "--lr: must be a positive finite number"),
    (["train", "--batch-size", "0"], "--batch-size: must be 1 or more"),
    (["gradcheck", "--seed", "-2"], "--seed: must be 0 or more"),
    (["graph", "tanh-derivatives", "--order", "two"], "--order: invalid int value: 'two'"),
    (["graph", "banana"], "invalid choice: 'banana'"),
    (["explore", "apple", "--batch-size", "0"], "--batch-size: must be 1 or more"),
    (["graph", "apple", "-o", "apple.jpeg"], "cannot tell the format from the suffix .jpeg"),
    (["export", "--weights", "no/such/weights.npz"], "--weights no/such/weights.npz: no such file"),
])
def test_every_argument_is_checked_before_any_stage_runs(argv, fragment, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = run_main(argv, capsys)
    assert_one_line_error(status, err, fragment)
    assert out == "" and list(tmp_path.iterdir()) == []  # no stage ran, nothing was written


def test_an_output_folder_that_cannot_be_written_is_refused_first(capsys, tmp_path):
    a_file = tmp_path / "hostname"
    a_file.write_text("not a folder")
    for argv in (["demo", "--out", str(a_file / "x")], ["train", "--out", str(a_file / "x")],
                 ["graph", "apple", "-o", str(a_file / "g.svg")]):
        status, out, err = run_main(argv, capsys)
        assert_one_line_error(status, err, str(a_file), "cannot write there")
        assert out == ""
    # /proc refuses new files even to root, whatever the permission bits say
    status, out, err = run_main(["demo", "--quick", "--out", "/proc/self/demo"], capsys)
    assert_one_line_error(status, err, "--out /proc/self/demo: cannot write there")
    assert out == ""


def test_a_read_only_file_system_is_one_line(capsys, tmp_path, monkeypatch):
    import errno
    import tempfile

    from tinygrad_ko import viz

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    with monkeypatch.context() as patch:  # the check itself meets the read-only folder
        patch.setattr(tempfile, "TemporaryFile", read_only)
        status, out, err = run_main(["train", "--out", str(tmp_path / "ro")], capsys)
    assert_one_line_error(status, err, f"--out {tmp_path / 'ro'}: cannot write there (Read-only file system)")

    def read_only_save(graph, path):  # the folder became read-only after the check: mid-stage
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(viz, "save_graph", read_only_save)
    status, out, err = run_main(["graph", "apple", "-o", str(tmp_path / "g.svg")], capsys)
    assert_one_line_error(status, err, f"{tmp_path / 'g.svg'}: Read-only file system")


def test_divergence_is_one_line_that_suggests_a_smaller_lr(tmp_path):
    result = subprocess.run([sys.executable, "-m", "tinygrad_ko", "train", "--model", "two-layer",
                             "--lr", "1e30", "--epochs", "1", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=600)
    assert_one_line_error(result.returncode, result.stderr, "training diverged",
                          "pass a smaller --lr than 1e+30")
    assert "RuntimeWarning" not in result.stderr


def test_library_errors_are_one_line_with_status_1(capsys, tmp_path):
    weights = tmp_path / "w.npz"
    weights.write_bytes(b"not an npz")
    status, _, err = run_main(["export", "--weights", str(weights)], capsys)
    assert status == 2 and err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
