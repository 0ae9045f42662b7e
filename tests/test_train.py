"""Trainer, History, evaluate/predict and the plots: real learning on small problems, no timings."""

import math
import re

import numpy as np
import pytest

from tinygrad_ko import Tensor, is_grad_enabled, nn
from tinygrad_ko.nn import functional as F
from tinygrad_ko.datasets import load_spiral
from tinygrad_ko.nn import optim
from tinygrad_ko.train import History, Trainer, evaluate, predict, predict_logits


# --- small problem: the three-arm spiral, a toy set no straight line separates -------------------
def spiral(points_per_class=100, classes=3, seed=0):
    return load_spiral(points_per_class, classes, seed)


class SpiralNet(nn.Module):
    """Linear-ReLU-Linear that remembers, for every forward call, (training mode, grad enabled)."""

    def __init__(self, hidden=64, seed=0):
        super().__init__()
        rng = np.random.default_rng(seed)
        self.fc1 = nn.Linear(2, hidden, rng=rng)
        self.fc2 = nn.Linear(hidden, 3, rng=rng)
        self.calls = []

    def forward(self, x):
        self.calls.append((self.training, is_grad_enabled()))
        return self.fc2(self.fc1(x).relu())


class FrozenOptimizer:
    """An optimizer that never moves the weights (the running accuracy then has a known value)."""

    def zero_grad(self):
        pass

    def step(self):
        pass


class ArrayLoader:
    """Minimal DataLoader: shuffled true epochs over arrays, exposing them as .x/.t."""

    def __init__(self, x, t, batch_size, seed=0):
        self.x, self.t, self.batch_size = x, t, batch_size
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __iter__(self):
        order = self.rng.permutation(len(self.x))
        for start in range(0, len(order), self.batch_size):
            index = order[start:start + self.batch_size]
            yield self.x[index], self.t[index]


def make_loader(x, t, batch_size, seed=0):
    try:
        from tinygrad_ko.datasets import DataLoader
    except ImportError:
        return ArrayLoader(x, t, batch_size, seed=seed)
    return DataLoader(x, t, batch_size, shuffle=True, seed=seed)


@pytest.fixture
def spiral_data():
    return spiral(seed=0), spiral(seed=1)


def spiral_trainer(spiral_data, epochs=15, **options):
    (x, t), test = spiral_data
    model = SpiralNet()
    options.setdefault("progress", False)
    options.setdefault("log", None)
    return Trainer(model, optim.Adam(model.parameters(), lr=0.02), make_loader(x, t, 30), test,
                   epochs=epochs, **options)


# --- learning -------------------------------------------------------------------------------------
def test_trainer_learns_the_spiral(spiral_data):
    lines = []
    trainer = spiral_trainer(spiral_data, epochs=15, log=lines.append)
    history = trainer.fit()
    assert isinstance(history, History) and history is trainer.history
    for name in ("loss", "train_acc", "test_loss", "test_acc", "seconds"):
        assert len(getattr(history, name)) == 15, name
    assert len(history.iteration_loss) == 15 * 10  # 300 points in batches of 30
    assert history.loss[-1] < 0.4 * history.loss[0]
    assert history.test_acc[-1] >= 0.9 and history.train_acc[-1] >= 0.9
    assert history.test_acc[0] < 0.8  # it was not solved from the start
    assert not history.interrupted
    assert len(lines) == 15
    assert re.fullmatch(r"epoch 1/15  loss \d+\.\d{4}  train [01]\.\d{4}  test [01]\.\d{4}  \d+\.\d s",
                        lines[0])
    assert lines[-1].startswith("epoch 15/15")


def test_book_network_with_its_own_loss_and_weight_decay(spiral_data):
    """BookNet.loss(x, t) is used (weight decay included); the running accuracy still works."""
    from tinygrad_ko.models import MultiLayerNet, TwoLayerNet

    (x, t), test = spiral_data
    model = TwoLayerNet(2, 64, 3, weight_init_std="he", seed=0)
    trainer = Trainer(model, optim.Adam(model.parameters(), lr=0.02), make_loader(x, t, 30), test,
                      epochs=15, eval_train=False, progress=False, log=None)
    history = trainer.fit()
    assert history.test_acc[-1] >= 0.9 and history.train_acc[-1] >= 0.85
    decayed = MultiLayerNet(2, [64], 3, weight_decay_lambda=0.1, seed=0)
    history = Trainer(decayed, optim.Adam(decayed.parameters(), lr=0.02), make_loader(x, t, 30), test,
                      epochs=1, eval_train=False, progress=False, log=None).fit()
    data_loss = evaluate(decayed, x, t)[0]
    assert not math.isnan(history.train_acc[0])
    assert decayed.loss(Tensor(x), t).item() > data_loss  # the penalty is part of the training loss


def test_history_matches_an_independent_evaluation(spiral_data):
    trainer = spiral_trainer(spiral_data, epochs=3)
    history = trainer.fit()
    (x, t), (x_test, t_test) = spiral_data
    test_loss, test_acc = evaluate(trainer.model, x_test, t_test)
    _, train_acc = evaluate(trainer.model, x, t)
    assert history.test_acc[-1] == test_acc and history.train_acc[-1] == train_acc
    assert history.test_loss[-1] == pytest.approx(test_loss)
    assert np.mean(history.iteration_loss[-10:]) == pytest.approx(history.loss[-1], rel=1e-5)


def test_fit_again_continues_the_history(spiral_data):
    lines = []
    trainer = spiral_trainer(spiral_data, epochs=2, log=lines.append)
    trainer.fit()
    history = trainer.fit(3)
    assert history.epochs == 5 and len(history.test_acc) == 5
    assert lines[2].startswith("epoch 3/5")


def test_running_train_accuracy_when_eval_train_is_off(spiral_data):
    history = spiral_trainer(spiral_data, epochs=2, eval_train=False).fit()
    assert all(0.0 < a <= 1.0 for a in history.train_acc)
    # the running accuracy counts each sample's mini-batch prediction once per epoch: with weights
    # that never move it equals the accuracy of the starting weights
    (x, t), test = spiral_data
    model = SpiralNet()
    before = evaluate(model, x, t)[1]
    model.calls.clear()
    trainer = Trainer(model, FrozenOptimizer(), make_loader(x, t, 30), test, eval_train=False, progress=False,
                      log=None)
    assert trainer.fit(1).train_acc[0] == before
    assert model.calls.count((True, True)) == 10 and model.calls.count((False, False)) == 1


def test_model_loss_method_is_preferred(spiral_data):
    class WithLoss(SpiralNet):
        calls = 0

        def loss(self, x, t):
            WithLoss.calls += 1
            return F.cross_entropy(self(x), t)

    (x, t), test = spiral_data
    model = WithLoss()
    trainer = Trainer(model, optim.Adam(model.parameters(), lr=0.02), make_loader(x, t, 30), test,
                      epochs=2, progress=False, log=None)
    history = trainer.fit()
    assert WithLoss.calls == 20
    assert len(history.train_acc) == 2 and not math.isnan(history.train_acc[-1])


def test_running_accuracy_uses_the_logits_of_the_models_own_forward(spiral_data):
    """With the model's own loss(x, t) the running accuracy reads the logits its forward returned
    (one forward per step), whatever loss it builds from them — here no cross-entropy node at all."""
    class SquaredError(SpiralNet):
        def loss(self, x, t):
            probs = self(x).softmax()
            return ((probs - Tensor(np.eye(3, dtype=np.float32)[t])) ** 2).sum(axis=1).mean()

    (x, t), test = spiral_data
    model = SquaredError()
    before = evaluate(model, x, t)[1]
    model.calls.clear()
    history = Trainer(model, FrozenOptimizer(), make_loader(x, t, 30), test, eval_train=False, progress=False,
                      log=None).fit(1)
    assert history.train_acc[0] == before
    assert model.calls.count((True, True)) == 10  # 10 batches, one forward each
    assert not model._forward_hooks  # the trainer's listener is gone after each step


def test_custom_loss_fn_and_one_hot_labels(spiral_data):
    (x, t), (x_test, t_test) = spiral_data
    one_hot = np.eye(3, dtype=np.float32)
    seen = []

    def loss_fn(logits, labels):
        seen.append(np.asarray(labels).shape)
        return F.cross_entropy(logits, labels)

    model = SpiralNet()
    trainer = Trainer(model, optim.Adam(model.parameters(), lr=0.02),
                      make_loader(x, one_hot[t], 30), (x_test, one_hot[t_test]), loss_fn=loss_fn,
                      epochs=8, progress=False, log=None)
    history = trainer.fit()
    assert seen[0] == (30, 3)
    assert history.test_acc[-1] >= 0.8


def test_test_data_may_be_a_loader(spiral_data):
    _, (x_test, t_test) = spiral_data
    trainer = spiral_trainer(spiral_data, epochs=2)
    trainer.test_data = make_loader(x_test, t_test, 64)
    history = trainer.fit()
    assert history.test_acc[-1] == evaluate(trainer.model, x_test, t_test)[1]


def test_without_test_data(spiral_data):
    (x, t), _ = spiral_data
    model = SpiralNet()
    history = Trainer(model, optim.Adam(model.parameters(), lr=0.02), make_loader(x, t, 30),
                      epochs=2, progress=False, log=None).fit()
    assert all(math.isnan(a) for a in history.test_acc)
    assert history.best_epoch == int(np.argmax(history.train_acc)) + 1


def test_progress_bar_runs(spiral_data, capsys):
    history = spiral_trainer(spiral_data, epochs=1, progress=True, log=print).fit()
    assert history.epochs == 1
    assert "epoch 1/1" in capsys.readouterr().out


# --- modes, interruption, divergence --------------------------------------------------------------
@pytest.mark.parametrize("start_in_train_mode", [True, False])
def test_mode_is_train_for_steps_eval_for_evaluation_and_restored(spiral_data, start_in_train_mode):
    trainer = spiral_trainer(spiral_data, epochs=2)
    model = trainer.model
    model.train(start_in_train_mode)
    trainer.fit()
    assert model.training is start_in_train_mode
    # per epoch: 10 training batches (train mode, recording the graph), then 1 batch over the
    # train set and 1 over the test set (eval_batch_size 500 > 300 samples): eval mode, no_grad
    assert model.calls == ([(True, True)] * 10 + [(False, False)] * 2) * 2
    model.train()
    model.calls.clear()
    x, t = spiral_data[1]
    evaluate(model, x, t, batch_size=200)
    predict(model, x, batch_size=200)
    predict_logits(model, x)
    assert model.calls == [(False, False)] * 5
    assert model.training is True


def test_keyboard_interrupt_keeps_the_history(spiral_data):
    (x, t), test = spiral_data

    class InterruptingLoader(ArrayLoader):
        epoch = 0

        def __iter__(self):
            self.epoch += 1
            for index, batch in enumerate(super().__iter__()):
                if self.epoch == 3 and index == 2:
                    raise KeyboardInterrupt
                yield batch

    lines = []
    model = SpiralNet().eval()
    trainer = Trainer(model, optim.Adam(model.parameters(), lr=0.02), InterruptingLoader(x, t, 30),
                      test, epochs=5, progress=False, log=lines.append)
    history = trainer.fit()
    assert history.interrupted
    assert history.epochs == 2 and len(history.test_acc) == 2
    assert len(history.iteration_loss) == 2 * 10 + 2
    assert model.training is False
    assert "interrupted during epoch 3" in lines[-1]


def test_diverging_loss_raises_with_advice(spiral_data):
    (x, t), test = spiral_data
    x = x.copy()
    x[5] = np.nan
    model = SpiralNet()
    trainer = Trainer(model, optim.SGD(model.parameters(), lr=0.1), ArrayLoader(x, t, 300), test,
                      progress=False, log=None)
    with pytest.raises(FloatingPointError, match="lower the learning rate"):
        trainer.fit(1)


def test_bad_arguments_are_explained(spiral_data):
    (x, t), test = spiral_data
    model = SpiralNet()
    opt = optim.SGD(model.parameters())
    with pytest.raises(ValueError, match="epochs must be a positive whole number, got 0"):
        Trainer(model, opt, ArrayLoader(x, t, 30), test, epochs=0)
    with pytest.raises(ValueError, match="300 samples but t has 299"):
        Trainer(model, opt, ArrayLoader(x, t, 30), (x, t[:-1]))
    with pytest.raises(ValueError, match="batch_size must be a positive whole number"):
        evaluate(model, x, t, batch_size=0)
    with pytest.raises(ValueError, match="no batches"):
        Trainer(model, opt, [], test, progress=False, log=None).fit(1)


# --- evaluate / predict ---------------------------------------------------------------------------
def test_evaluate_and_predict_do_not_depend_on_the_batch_size(spiral_data):
    (x, t), _ = spiral_data
    model = SpiralNet(seed=3)
    full_loss, full_acc = evaluate(model, x, t, batch_size=len(x))
    with_one_hot = evaluate(model, x, np.eye(3)[t], batch_size=len(x))
    logits = model(Tensor(x)).data
    assert full_loss == pytest.approx(F.cross_entropy(Tensor(logits), t).item(), rel=1e-6)
    assert full_acc == np.mean(np.argmax(logits, axis=1) == t)
    assert with_one_hot == pytest.approx((full_loss, full_acc), rel=1e-6)
    for batch_size in (1, 7, 64, 299):
        loss, acc = evaluate(model, x, t, batch_size=batch_size)
        assert loss == pytest.approx(full_loss, rel=1e-5) and acc == full_acc
        assert np.array_equal(predict(model, x, batch_size), np.argmax(logits, axis=1))
        np.testing.assert_allclose(predict_logits(model, x, batch_size), logits, rtol=1e-5, atol=1e-6)


def test_predict_keeps_float32_and_rejects_empty_input(spiral_data):
    (x, _), _ = spiral_data
    model = SpiralNet()
    assert predict_logits(model, x[:4]).dtype == np.float32
    assert predict(model, x[:4]).shape == (4,)
    with pytest.raises(ValueError, match="0 samples"):
        predict(model, x[:0])


# --- checkpoints ----------------------------------------------------------------------------------
class Sabotage(optim.Adam):
    """Adam that wrecks the weights after ``good_steps`` steps, so the last epoch is not the best."""

    def __init__(self, params, good_steps, **options):
        super().__init__(params, **options)
        self.good_steps = good_steps
        self.rng = np.random.default_rng(0)

    def step(self):
        super().step()
        if self.step_count > self.good_steps:
            for p in self.params:
                p.data[...] = self.rng.standard_normal(p.shape).astype(p.dtype)


def test_checkpoint_holds_the_best_epoch(spiral_data, tmp_path):
    (x, t), (x_test, t_test) = spiral_data
    model = SpiralNet()
    path = tmp_path / "deep" / "dir" / "best.npz"
    trainer = Trainer(model, Sabotage(model.parameters(), good_steps=80, lr=0.02),
                      make_loader(x, t, 30), (x_test, t_test), epochs=10, checkpoint=path,
                      progress=False, log=None)
    history = trainer.fit()
    best = history.best_epoch
    assert best == int(np.argmax(history.test_acc)) + 1 and 1 <= best <= 8
    assert history.test_acc[-1] < max(history.test_acc) - 0.1
    assert path.is_file()
    restored = SpiralNet(seed=99).load(path)
    assert evaluate(restored, x_test, t_test)[1] == max(history.test_acc)
    assert history.to_dict()["best_epoch"] == best


def test_no_checkpoint_file_unless_asked(spiral_data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spiral_trainer(spiral_data, epochs=1).fit()
    assert list(tmp_path.iterdir()) == []


# --- history --------------------------------------------------------------------------------------
def test_history_to_dict_and_best_epoch():
    history = History()
    assert history.best_epoch is None and history.epochs == 0
    for acc in (0.5, 0.9, 0.9, 0.7):
        history._record_epoch(1.0 - acc, acc, 0.3, acc, 1.5)
    history.iteration_loss.extend([1.0, 0.5])
    data = history.to_dict()
    assert data["best_epoch"] == 2  # ties go to the earliest epoch
    assert data["epochs"] == 4 and data["test_acc"] == [0.5, 0.9, 0.9, 0.7]
    assert data["iteration_loss"] == [1.0, 0.5] and data["interrupted"] is False


# --- plots ----------------------------------------------------------------------------------------
def read_png(path):
    image = pytest.importorskip("matplotlib.image")
    assert path.suffix == ".png" and path.stat().st_size > 0
    return image.imread(path)


def varied(png) -> bool:
    return float(png[..., :3].std()) > 0.01


def test_learning_curves_png(tmp_path):
    pytest.importorskip("matplotlib")
    history = History()
    for epoch in range(5):
        history._record_epoch(1 / (epoch + 1), 0.6 + epoch / 20, 0.5, 0.55 + epoch / 20, 2.0)
    history.iteration_loss.extend(np.linspace(2.0, 0.2, 200).tolist())
    path = history.plot(tmp_path / "new" / "curves.png")
    png = read_png(path)
    assert png.shape[:2] == (450, 1100) and varied(png)
    from tinygrad_ko.plots import plot_learning_curves

    assert read_png(plot_learning_curves(history.to_dict(), tmp_path / "c2")).shape[:2] == (450, 1100)
    with pytest.raises(ValueError, match="history is empty"):
        plot_learning_curves(History(), tmp_path / "empty.png")


def test_filters_png_single_and_before_after(tmp_path):
    pytest.importorskip("matplotlib")
    from tinygrad_ko.plots import plot_filters

    weights = np.random.default_rng(0).standard_normal((30, 1, 5, 5)).astype(np.float32)
    png = read_png(plot_filters(weights, tmp_path / "one.png"))
    assert png.shape[:2] == (3 * 80 + 40, 10 * 80) and varied(png)
    path = plot_filters([("before", weights), ("after", Tensor(weights * 2))], tmp_path / "two.png",
                        title="Conv1", ncols=8)
    assert read_png(path).shape[:2] == (50 + 2 * (40 + 4 * 80), 8 * 80)
    with pytest.raises(ValueError, match=r"\(FN, C, FH, FW\)"):
        plot_filters(weights[:, 0], tmp_path / "bad.png")


def test_misclassified_png(tmp_path):
    pytest.importorskip("matplotlib")
    from tinygrad_ko.plots import plot_images, plot_misclassified

    rng = np.random.default_rng(0)
    images = rng.random((40, 1, 28, 28)).astype(np.float32)
    labels = rng.integers(0, 10, 40)
    predictions = labels.copy()
    predictions[:12] = (labels[:12] + 1) % 10  # 12 mistakes -> a 4 x 4 grid
    png = read_png(plot_misclassified(images, labels, predictions, tmp_path / "m.png"))
    assert png.shape[:2] == (50 + 3 * 110, 4 * 110) and varied(png)
    flat = read_png(plot_misclassified(images.reshape(40, 784), np.eye(10)[labels], predictions,
                                       tmp_path / "flat.png", max_images=4))
    assert flat.shape[:2] == (50 + 2 * 110, 2 * 110)
    none_wrong = read_png(plot_misclassified(images, labels, labels, tmp_path / "none.png"))
    assert none_wrong.shape[:2] == (50 + 110, 110)
    grid = read_png(plot_images(images[:6], tmp_path / "imgs.png", titles=list("abcdef"), ncols=3))
    assert grid.shape[:2] == (2 * 110, 3 * 110)
    with pytest.raises(ValueError, match="one entry per image"):
        plot_misclassified(images, labels[:3], predictions, tmp_path / "bad.png")


def test_plots_leave_no_open_figures(tmp_path):
    pyplot = pytest.importorskip("matplotlib.pyplot")
    from tinygrad_ko.plots import plot_filters

    before = pyplot.get_fignums()
    plot_filters(np.ones((4, 1, 3, 3)), tmp_path / "f.png")
    assert pyplot.get_fignums() == before


def test_missing_matplotlib_gives_install_hint(tmp_path, monkeypatch):
    import sys

    from tinygrad_ko.plots import plot_filters

    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes "import matplotlib" fail
    with pytest.raises(ImportError, match=r'pip install "tinygrad_ko\[plot\]"'):
        plot_filters(np.ones((4, 1, 3, 3)), tmp_path / "f.png")


# --- the real thing: the book's SimpleConvNet on the embedded MNIST subset ---------------------------
def test_simple_convnet_learns_mnist_mini_in_three_epochs(tmp_path):
    """Book defaults (weight_init_std=0.01), Adam lr 1e-3, batch 100, 3 epochs, 4,000 training
    images: >= 0.85 on the 1,000 test images (PyTorch with the same setup: about 0.89)."""
    from tinygrad_ko.datasets import DataLoader, load_mnist_mini
    from tinygrad_ko.models import SimpleConvNet

    (x_train, t_train), (x_test, t_test) = load_mnist_mini(flatten=False)
    assert x_train.shape == (4000, 1, 28, 28) and x_test.shape == (1000, 1, 28, 28)
    assert x_train.dtype == np.float32
    model = SimpleConvNet(seed=0)
    lines = []
    trainer = Trainer(model, optim.Adam(model.parameters(), lr=1e-3),
                      DataLoader(x_train, t_train, batch_size=100, shuffle=True, seed=0),
                      (x_test, t_test), checkpoint=tmp_path / "best.npz", progress=False,
                      log=lines.append)
    history = trainer.fit(3)
    print("\n".join(lines))
    assert len(history.iteration_loss) == 3 * 40
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.test_acc[-1] >= 0.85, history.test_acc
    restored = SimpleConvNet(seed=1).load(tmp_path / "best.npz")
    assert evaluate(restored, x_test, t_test)[1] == max(history.test_acc)
