"""The command line, run as a user would: `python -m tinygrad_ko demo|graph|train|gradcheck`."""

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


def test_cli_errors_are_one_line_not_tracebacks(capsys, tmp_path):
    assert cli.main(["train", "--model", "mlp", "--epochs", "0", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: epochs must be a positive") and "Traceback" not in err
    with pytest.raises(SystemExit):
        cli.main(["graph", "banana"])
