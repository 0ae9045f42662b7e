"""tinygrad_ko.distributed on a local Ray instance: data-parallel steps equal single-process steps.

One Ray instance for the module (127.0.0.1 only, no dashboard, 100 MB object store), shut down at
the end. Every wait inside DataParallel is bounded by its ``timeout``, so a fault test ends either
way; what they check is how: a worker's process killed (SIGKILL) between two steps or inside one, a
worker stuck past the timeout, a replica whose weights were changed behind the driver's back.
"""

import ipaddress
import os
import signal
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ray = pytest.importorskip("ray")  # the "distributed" extra; CI installs it with the "test" extra

from tinygrad_ko.datasets import DataLoader  # noqa: E402
from tinygrad_ko.distributed import DataParallel, WorkerLostError, start_local_ray  # noqa: E402
from tinygrad_ko.nn import functional as F  # noqa: E402
from tinygrad_ko.models import MultiLayerNet, SimpleConvNet  # noqa: E402
from tinygrad_ko.nn.module import load_npz  # noqa: E402
from tinygrad_ko.nn.optim import SGD, Adam  # noqa: E402
from tinygrad_ko.train import Trainer  # noqa: E402

SAMPLES, BATCH, EPOCHS = 43, 10, 2          # batches of 10, 10, 10, 10, 3 → 10 steps in all
STEPS = EPOCHS * 5
TIMEOUT = 30.0


@pytest.fixture(scope="module", autouse=True)
def ray_instance():
    start_local_ray(num_cpus=3, object_store_mb=100)
    # the workers cannot import this test module: send its classes (StallOnce) by value
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield
    ray.shutdown()


def data(kind):
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((SAMPLES, 1, 10, 10)), rng.integers(0, 10, SAMPLES)
    return (x, t) if kind == "conv" else (x.reshape(SAMPLES, -1), t)


def model_and_optimizer(kind):
    """float64 models: a small SimpleConvNet with Adam, a BatchNorm MLP with SGD."""
    if kind == "conv":
        model = SimpleConvNet(input_dim=(1, 10, 10), hidden_size=12, weight_init_std=0.1, seed=0,
                              conv_param={'filter_num': 4, 'filter_size': 3, 'pad': 0, 'stride': 1})
        model.astype(np.float64)
        return model, Adam(model.parameters(), lr=0.01)
    model = MultiLayerNet(100, [16, 16], 10, use_batchnorm=True, seed=0).astype(np.float64)
    return model, SGD(model.parameters(), lr=0.1)


def train(kind, strategy=None, epochs=EPOCHS, loader_wrapper=None, **trainer_options):
    model, optimizer = model_and_optimizer(kind)
    x, t = data(kind)
    loader = DataLoader(x, t, batch_size=BATCH, seed=1)
    if loader_wrapper is not None:
        loader = loader_wrapper(loader)
    trainer = Trainer(model, optimizer, loader, (x, t), epochs=epochs, progress=False, log=None,
                      strategy=strategy, **trainer_options)
    trainer.fit()
    return model, optimizer, trainer.history


def max_difference(model_a, optimizer_a, model_b, optimizer_b):
    """Largest |a - b| over parameters, BatchNorm buffers and optimizer state."""
    pairs = list(zip(model_a.state_dict().values(), model_b.state_dict().values()))
    pairs += list(zip(optimizer_a.state_dict().values(), optimizer_b.state_dict().values()))
    return max(float(np.max(np.abs(a - b))) for a, b in pairs)


class KillAfter:
    """A loader that runs ``action`` once, before yielding batch ``at`` of epoch ``epoch``."""

    def __init__(self, loader, action, epoch=1, at=3):
        self.loader, self.action, self.epoch, self.at, self.epochs = loader, action, epoch, at, 0
        self.x, self.t = loader.x, loader.t  # the Trainer's train accuracy reads these, not iter()

    def __len__(self):
        return len(self.loader)

    def __iter__(self):
        self.epochs += 1
        for i, batch in enumerate(self.loader):
            if self.epochs == self.epoch and i == self.at:
                self.action()
            yield batch


def kill(pid):
    os.kill(pid, signal.SIGKILL)


# --- equality -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["conv", "batchnorm"])
def test_data_parallel_steps_equal_single_process_steps(kind):
    reference, ref_optimizer, ref_history = train(kind)
    initial, _ = model_and_optimizer(kind)
    moved = max(float(np.max(np.abs(a - b))) for a, b in
                zip(initial.state_dict().values(), reference.state_dict().values()))
    assert moved > 1e-2  # the comparison below is not between untrained models
    running = [v - (1.0 if "var" in k else 0.0) for k, v in reference.state_dict().items()
               if "running" in k]  # BatchNorm's running statistics moved from (0, 1) too
    assert kind == "conv" or max(float(np.max(np.abs(v))) for v in running) > 0.05
    for workers in (1, 2, 3):
        with DataParallel(workers, timeout=TIMEOUT, log=None) as dp:
            model, optimizer, history = train(kind, dp)
            assert dp.steps == STEPS and dp.recoveries == 0
            assert dp.last_shard_sizes == [len(s) for s in np.array_split(np.arange(3), workers)]
            replicas = dp.replica_states()
        assert max_difference(reference, ref_optimizer, model, optimizer) <= 1e-10, workers
        np.testing.assert_allclose(history.iteration_loss, ref_history.iteration_loss, atol=1e-10)
        np.testing.assert_allclose(history.test_acc, ref_history.test_acc, atol=1e-12)
        for model_state, optimizer_state in replicas:  # every replica = the driver's copy, bitwise
            for name, array in model.state_dict().items():
                np.testing.assert_array_equal(model_state[name], array)
            for name, array in optimizer.state_dict().items():
                np.testing.assert_array_equal(optimizer_state[name], array)


def test_more_workers_than_images_in_a_batch_and_a_model_reloaded_between_fits():
    """Batches of 10, 10, 10, 10, 3 over 4 workers: in the last one a worker has no image (it
    still applies the step and gets the BatchNorm statistics). Then the driver's model and optimizer
    are set back to their initial state between two fits: the workers must follow."""
    def run(strategy):
        model, optimizer = model_and_optimizer("batchnorm")
        initial = model.state_dict(), optimizer.state_dict()
        x, t = data("batchnorm")
        trainer = Trainer(model, optimizer, DataLoader(x, t, batch_size=BATCH, seed=1), (x, t),
                          epochs=1, progress=False, log=None, strategy=strategy)
        trainer.fit()
        model.load_state_dict(initial[0])
        optimizer.load_state_dict(initial[1])
        trainer.fit()
        return model, optimizer

    reference, ref_optimizer = run(None)
    messages = []
    with DataParallel(4, cpus_per_worker=0.5, timeout=TIMEOUT, log=messages.append) as dp:
        model, optimizer = run(dp)
        assert dp.last_shard_sizes == [1, 1, 1, 0]
        replicas = dp.replica_states()
    assert messages == [] and dp.recoveries == 0  # a reload, not a fault
    assert max_difference(reference, ref_optimizer, model, optimizer) <= 1e-10
    for model_state, _ in replicas:
        for name, array in model.state_dict().items():
            np.testing.assert_array_equal(model_state[name], array)


# --- faults ---------------------------------------------------------------------------------------
def test_killed_worker_is_restarted_and_training_equals_an_uninterrupted_run():
    reference, ref_optimizer, ref_history = train("conv")
    messages = []
    with DataParallel(2, timeout=TIMEOUT, max_restarts=1, log=messages.append) as dp:
        pids = []

        def kill_worker_1():
            pids.append(dp.worker_pids()[1])
            kill(pids[0])

        model, optimizer, history = train("conv", dp, loader_wrapper=lambda loader: KillAfter(
            loader, kill_worker_1, epoch=1, at=3))
        assert dp.worker_pids()[1] != pids[0]  # a fresh process
        assert dp.recoveries >= 1 and dp.steps == STEPS
    assert any("worker 1" in m and "reloading every replica" in m for m in messages), messages
    assert max_difference(reference, ref_optimizer, model, optimizer) <= 1e-10
    np.testing.assert_allclose(history.iteration_loss, ref_history.iteration_loss, atol=1e-10)


def test_worker_lost_for_good_stops_with_a_clear_message_and_a_whole_checkpoint(tmp_path):
    after_epoch_1, *_ = train("conv", epochs=1)
    checkpoint = tmp_path / "best.npz"
    with DataParallel(2, timeout=TIMEOUT, max_restarts=0, log=None) as dp:
        def kill_worker_0():
            kill(dp.worker_pids()[0])

        with pytest.raises(WorkerLostError) as caught:
            train("conv", dp, loader_wrapper=lambda loader: KillAfter(loader, kill_worker_0,
                                                                      epoch=2, at=3),
                  checkpoint=checkpoint)
    message = str(caught.value)
    assert "worker 0" in message and "max_restarts=0" in message and "checkpoint" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["best.npz"]  # no half-written temp file
    saved = load_npz(checkpoint)
    for name, array in after_epoch_1.state_dict().items():  # the checkpoint is epoch 1, whole
        np.testing.assert_allclose(saved[name], array, atol=1e-10, rtol=0)


def test_a_replica_that_differs_is_caught_and_reloaded_before_its_gradient_is_used():
    reference, ref_optimizer, _ = train("batchnorm")
    messages = []
    with DataParallel(2, timeout=TIMEOUT, log=messages.append) as dp:
        def corrupt_worker_1():
            model_state, optimizer_state = dp.replica_states()[1]
            model_state = {k: v + 0.01 for k, v in model_state.items()}
            ray.get(dp.workers[1].load_state.remote((model_state, optimizer_state)), timeout=TIMEOUT)

        model, optimizer, _ = train("batchnorm", dp, loader_wrapper=lambda loader: KillAfter(
            loader, corrupt_worker_1, epoch=2, at=1))
    assert any("worker 1's replica differs from the driver's before the step" in m
               for m in messages), messages
    assert max_difference(reference, ref_optimizer, model, optimizer) <= 1e-10


class StallOnce:
    """Cross entropy; the first worker to find ``flag`` (and take it) sleeps for ``seconds``, or
    kills its own process when ``seconds`` is None."""

    def __init__(self, flag, seconds=120):
        self.flag, self.seconds = flag, seconds

    def __call__(self, logits, t):
        try:
            os.rename(self.flag, f"{self.flag}.taken")  # only one process wins the rename
        except FileNotFoundError:
            return F.cross_entropy(logits, t)
        if self.seconds is None:
            kill(os.getpid())
        time.sleep(self.seconds)
        return F.cross_entropy(logits, t)


def test_worker_killed_inside_a_step_while_the_other_waits_in_a_batchnorm_all_reduce(tmp_path):
    flag = tmp_path / "die"
    reference, ref_optimizer, _ = train("batchnorm", loss_fn=StallOnce(str(flag), None))
    messages = []
    with DataParallel(2, timeout=TIMEOUT, log=messages.append) as dp:
        model, optimizer, _ = train("batchnorm", dp, loss_fn=StallOnce(str(flag), None),
                                    loader_wrapper=lambda loader: KillAfter(
                                        loader, flag.touch, epoch=2, at=2))
        assert dp.steps == STEPS
    assert (tmp_path / "die.taken").exists()
    assert any("died while computing gradients" in m for m in messages), messages
    assert not any("did not answer" in m for m in messages)  # the waiting worker was released
    assert max_difference(reference, ref_optimizer, model, optimizer) <= 1e-10


def test_a_stuck_worker_times_out_is_restarted_and_training_goes_on(tmp_path):
    flag = tmp_path / "stall"
    reference, ref_optimizer, _ = train("conv", loss_fn=StallOnce(str(flag)))
    messages = []
    with DataParallel(2, timeout=6, log=messages.append) as dp:
        model, optimizer, _ = train("conv", dp, loss_fn=StallOnce(str(flag)),
                                    loader_wrapper=lambda loader: KillAfter(
                                        loader, flag.touch, epoch=1, at=2))
    assert (tmp_path / "stall.taken").exists()  # a worker did stall
    assert any("did not answer within 6 s" in m for m in messages), messages
    assert max_difference(reference, ref_optimizer, model, optimizer) <= 1e-10


def listening_addresses_of_this_process_tree():
    """Local addresses of the TCP sockets in LISTEN state held by this process or its
    descendants (Ray's GCS, raylet and workers), read from /proc."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    pids, todo = set(), [os.getpid()]
    while todo:
        pid = todo.pop()
        pids.add(pid)
        todo.extend(children.get(pid, []))
    inodes = set()
    for pid in pids:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        inodes.update(link[8:-1] for link in links if link.startswith("socket:["))
    addresses = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                addresses.append(_ip(fields[1].split(":")[0]))
    return addresses


def _ip(hex_address):
    raw = bytes.fromhex(hex_address)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))  # little-endian words
    address = ipaddress.ip_address(words)
    return str(getattr(address, "ipv4_mapped", None) or address)  # ::ffff:7f00:1 → 127.0.0.1


# The listening sockets are read from Linux's /proc; CI and every machine of this project are Linux,
# so it always runs there (a skip only on another OS, where no /proc exists).
@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_the_local_ray_instance_listens_on_127_0_0_1_only():
    with DataParallel(2, timeout=TIMEOUT, log=None) as dp:
        dp.start(*model_and_optimizer("batchnorm"))  # workers and the reducer are up
        addresses = listening_addresses_of_this_process_tree()
    assert len(addresses) >= 3  # GCS, raylet, workers: the scan does see Ray's servers
    assert all(ipaddress.ip_address(a).is_loopback for a in addresses), addresses


# --- arguments and the missing extra ------------------------------------------------------------
def test_without_ray_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    with pytest.raises(ImportError, match=r'pip install "tinygrad_ko\[distributed\]"'):
        DataParallel(2)


@pytest.mark.parametrize("options, words", [
    ({"num_workers": 0}, "num_workers must be a whole number >= 1, got 0"),
    ({"num_workers": 2.5}, "num_workers must be a whole number >= 1, got 2.5"),
    ({"timeout": -1}, "timeout must be a positive number of seconds, got -1"),
    ({"max_restarts": -1}, "max_restarts must be a whole number >= 0, got -1"),
])
def test_bad_arguments_are_explained(options, words):
    with pytest.raises(ValueError, match=words.replace(".", r"\.")):
        DataParallel(**options)


def test_strategy_must_have_a_train_step_and_the_optimizer_must_belong_to_the_model():
    model, optimizer = model_and_optimizer("conv")
    with pytest.raises(TypeError, match="train_step"):
        Trainer(model, optimizer, [(np.zeros((1, 1, 10, 10)), np.zeros(1, int))], strategy=object())
    other, _ = model_and_optimizer("conv")
    with DataParallel(1, log=None) as dp, pytest.raises(ValueError, match="not parameters of the model"):
        dp.start(model, Adam(other.parameters()))
