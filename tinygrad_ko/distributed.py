"""Data-parallel training on Ray: the lecture notes' 분산 학습 (8장 8.3.3절 / chapter 8, section 8.3.3).

    with DataParallel(num_workers=2) as dp:
        Trainer(model, optimizer, loader, test_data, strategy=dp).fit()

Every global batch is cut into ``num_workers`` shards (``np.array_split``: sizes differ by at most
one).  Each Ray worker holds a replica of the model and its optimizer and computes the gradient of
its shard's share of the batch loss, ``(n_shard / n_batch) · loss(shard)``, so the shard
gradients *add up* to the gradient of the whole batch's loss.  The Trainer stays what it was
(history, checkpoints, progress bar); only its step is done by the workers.

**Gradient reduction: through the driver.**  The workers send their gradients to the driver (the
process running the Trainer), which adds them in rank order, applies the optimizer step to its
own copy of the model, and puts the sum into Ray's object store once; every worker reads it and
applies the *same* optimizer step to its replica.  Same inputs, same float operations, same order
→ bitwise the same parameters.  Cost per step: each worker sends P numbers up and receives P
back (P = parameter count; SimpleConvNet has 433,890, i.e. 3.5 MB in float64 / 1.7 MB in
float32 each way per worker), so the driver moves 2·N·P numbers per step — linear in the number
of workers, which is fine on one machine and for a few nodes; a ring all-reduce (NCCL, Gloo) would
move 2·P·(N-1)/N per worker instead.  In exchange the driver always holds the current model, so
the Trainer evaluates and checkpoints it without asking the workers.

**Replicas provably identical.**  After every update (and every reload) each worker computes a
SHA-256 digest of its parameters, buffers and optimizer state and reports it; it sends the same
digest along with its next gradients, naming the state they were computed at.  Both must equal
the driver's digest, every step, or the step is not taken: a replica that differs is never used.

**BatchNorm: statistics synced.**  In training, each BatchNorm layer of a replica uses the mean
and variance of the *global* batch: the per-shard sums are added across workers through a small
reduction actor (an all-reduce in the forward pass, and its transpose — another all-reduce — in
the backward pass).  So data-parallel training equals single-process training on the
concatenated batch, BatchNorm included, and the running statistics stay identical on every
replica.  (PyTorch's DDP normalises each shard by its own statistics instead; that is cheaper but
is not the same computation, so it is not offered here.)  Cost: 2 vectors of C numbers per
BatchNorm layer forward and backward, i.e. tiny next to the gradients.

**Dropout**: worker 0 keeps the model's own random stream; the other workers derive theirs from it
and their rank, so shards do not share masks.

**Faults.**  Workers are Ray actors with ``max_restarts`` (Ray restarts a killed worker process).
When a worker dies, times out (``timeout`` seconds per round: nothing waits forever) or reports a
digest that differs from the driver's, the step is abandoned *before* the driver applies it; the
driver's copy is then the last consistent state (an in-memory checkpoint taken every step), so
every replica — the restarted one included — is reloaded from it and the step is done again.  The
result equals an uninterrupted run.  When Ray's restart budget is used up, or a replica still
differs after being reloaded, training stops with :class:`WorkerLostError` /
:class:`ReplicasDivergedError`; the Trainer's checkpoint file is only ever written by the driver
with an atomic replace, so it is never half written.  Ray's task retries are *not* used: a retried
task would run on a fresh replica with the initial weights.

Needs Ray: ``pip install "tinygrad_ko[distributed]"``.  ``DataParallel()`` starts a local Ray
instance (127.0.0.1, no dashboard, a small object store) and shuts it down in ``close()``;
``DataParallel(address="ray://..." or "auto")`` joins an existing cluster (every node must be
able to import tinygrad_ko).  If Ray is already initialised in this process, that instance is used.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import math
import os
import time

import numpy as np

from .nn.layers import BatchNorm1d, BatchNorm2d, Dropout
from .tensor import Tensor
from .train import _as_array, _check_pair, _count_correct, forward_loss

__all__ = ["DataParallel", "ReplicasDivergedError", "WorkerLostError", "start_local_ray"]

INSTALL_HINT = 'pip install "tinygrad_ko[distributed]"  (or: pip install "ray>=2.9")'


class WorkerLostError(RuntimeError):
    """A worker died or stopped answering and could not be replaced (Ray's restarts used up)."""


class ReplicasDivergedError(RuntimeError):
    """A replica's parameters differ from the driver's even after it was reloaded."""


class _Fault(Exception):
    """Internal: this attempt of a step failed; the replicas are reloaded and it is retried."""


def import_ray():
    """``import ray``, or an ImportError that says which package to install."""
    try:
        import ray
    except ImportError:
        raise ImportError(f"tinygrad_ko.distributed needs Ray, which is not installed. Fix: "
                          f"{INSTALL_HINT}") from None
    return ray


# --- what is compared: one digest of everything a replica holds ----------------------------------
def state_digest(model, optimizer) -> str:
    """SHA-256 of every parameter, buffer and optimizer-state array (values, dtypes, shapes) and
    the optimizer's step count: equal digests mean bitwise-identical replicas.  (About 3 ms for
    SimpleConvNet with Adam: 5 MB of float32.)"""
    h = hashlib.sha256()
    arrays = [p.data for p in model.parameters()] + [b for _, b in model.named_buffers()]
    for name in sorted(optimizer.state):
        arrays += optimizer.state[name]
    for a in arrays:
        a = np.ascontiguousarray(np.asarray(a))
        h.update(f"{a.dtype}{a.shape}".encode())
        h.update(a.view(np.uint8).reshape(-1))
    h.update(str(optimizer.step_count).encode())
    return h.hexdigest()


# --- synced BatchNorm: an all-reduce inside the graph ---------------------------------------------
def all_reduce_sum(x: Tensor, collective) -> Tensor:
    """y = Σ over the workers of each worker's ``x``, the same bits on every worker.

    Forward: ``x - x + Σ`` (exactly Σ) keeps y in ``x``'s graph.  Backward: the loss is the sum of
    every worker's loss and each of them used y, so the gradient of x on one worker is the sum of
    the upstream gradients of y on all workers — again an all-reduce, done by a hook on y that
    replaces y's gradient (Tensor.register_hook)."""
    total = collective(np.ascontiguousarray(x.data))
    y = x - Tensor(x.data) + Tensor(total)
    if y.requires_grad:
        y.register_hook(lambda grad: collective(np.ascontiguousarray(np.asarray(grad.data))))
    return y


def synced_batch_norm(layer, x, collective, batch_size):
    """The layer's training-mode BatchNorm with the global batch's mean and variance.

    Same formulas as ``F.batch_norm`` (μ, σ² over every axis but the channels, the book's running
    update); only the sums run over all workers' shards.  Eval mode is the layer's own forward."""
    if not layer.training:
        return type(layer).forward(layer, x)
    if x.ndim != layer.expected_ndim or x.shape[1] != layer.num_features:
        return type(layer).forward(layer, x)  # its own shape error
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, layer.num_features) + (1,) * (x.ndim - 2)
    count = batch_size * math.prod(x.shape[2:])
    mu = all_reduce_sum(x.sum(axis=axes, keepdims=True), collective) / count
    xc = x - mu
    var = all_reduce_sum((xc * xc).sum(axis=axes, keepdims=True), collective) / count
    xn = xc / (var + layer.eps).sqrt()
    for running, batch in ((layer.running_mean, mu), (layer.running_var, var)):
        running *= layer.momentum
        running += (1.0 - layer.momentum) * batch.data.reshape(layer.num_features)
    return xn * layer.gamma.reshape(shape) + layer.beta.reshape(shape)


def batch_norm_layers(model) -> list:
    return [m for m in model.modules() if isinstance(m, (BatchNorm1d, BatchNorm2d))]


# --- the Ray actors (plain classes; wrapped with ray.remote when a DataParallel starts) ------------
class ReplicaWorker:
    """One replica: the model, its optimizer and loss, on one shard of every batch."""

    def __init__(self, rank, payload, reducer, timeout):
        self.rank, self.reducer, self.timeout = rank, reducer, timeout
        # a deep copy: arrays read from Ray's object store are read-only views
        self.model, self.optimizer, self.loss_fn = copy.deepcopy(payload)
        self.params = self.model.parameters()
        self.digest = state_digest(self.model, self.optimizer)
        self.key, self.batch_size, self.world, self.calls = None, 0, 0, 0
        for layer in batch_norm_layers(self.model):
            layer.forward = (lambda x, _layer=layer:
                             synced_batch_norm(_layer, x, self.allreduce, self.batch_size))
        if rank > 0:  # own dropout masks; worker 0 keeps the model's stream
            for m in self.model.modules():
                if isinstance(m, Dropout):
                    m.rng = np.random.default_rng([rank, int(m.rng.integers(2 ** 62))])

    def pid(self) -> int:
        return os.getpid()

    def allreduce(self, array):
        import ray

        self.calls += 1
        ref = self.reducer.allreduce.remote(self.key + (self.calls,), self.rank, array, self.world,
                                            self.timeout)
        return ray.get(ref, timeout=self.timeout + 5)

    def compute(self, generation, step, x, t, batch_size, world):
        """Gradients of (len(x)/batch_size)·loss on this shard, with the digest of the state they
        were made at (computed when that state was made: by the last apply or load_state)."""
        digest = self.digest
        self.key, self.batch_size, self.world, self.calls = (generation, step), batch_size, world, 0
        self.model.train()
        self.model.zero_grad()
        logits, loss = forward_loss(self.model, self.loss_fn, Tensor(x), t)
        share = loss * (len(x) / batch_size)
        share.backward()
        return {"pid": os.getpid(), "digest": digest, "loss": float(share.item()),
                "correct": None if logits is None else _count_correct(logits.data, t),
                "grads": [None if p.grad is None else np.asarray(p.grad.data) for p in self.params],
                "buffers": {name: np.asarray(b) for name, b in self.model.named_buffers()}}

    def apply(self, update):
        """The driver's summed gradients and the step's BatchNorm buffers → the optimizer step."""
        grads, buffers = update
        set_grads(self.params, grads)
        self.optimizer.step()
        self.model.load_state_dict(buffers, strict=False)
        self.digest = state_digest(self.model, self.optimizer)
        return {"pid": os.getpid(), "digest": self.digest}

    def load_state(self, state):
        model_state, optimizer_state = state
        self.model.load_state_dict(model_state)
        self.optimizer.load_state_dict(optimizer_state)
        self.model.zero_grad()
        self.digest = state_digest(self.model, self.optimizer)
        return {"pid": os.getpid(), "digest": self.digest}

    def state(self):
        return self.model.state_dict(), self.optimizer.state_dict()


class Reducer:
    """All-reduce for synced BatchNorm: each worker sends its partial sum under a key and gets the
    total back (added in rank order, so every worker gets the same bits).  An async Ray actor."""

    def __init__(self):
        self.rounds, self.aborted = {}, -1

    async def ping(self) -> int:
        return os.getpid()

    async def allreduce(self, key, rank, array, world, timeout):
        import asyncio

        if key[0] <= self.aborted:
            raise RuntimeError(f"all-reduce {key} belongs to an abandoned step")
        entry = self.rounds.setdefault(key, {"parts": {}, "done": asyncio.Event(), "left": world})
        entry["parts"][rank] = array
        if len(entry["parts"]) == world:
            parts = [entry["parts"][r] for r in sorted(entry["parts"])]
            entry["sum"] = sum(parts[1:], parts[0].copy())
            entry["done"].set()
        else:
            await asyncio.wait_for(entry["done"].wait(), timeout)
        if "sum" not in entry:
            raise RuntimeError(f"all-reduce {key} was abandoned (a worker failed)")
        entry["left"] -= 1
        if entry["left"] == 0:
            self.rounds.pop(key, None)
        return entry["sum"]

    async def abort(self, generation):
        """Release every worker waiting in a round of ``generation`` or older."""
        self.aborted = max(self.aborted, generation)
        for key in [k for k in self.rounds if k[0] <= generation]:
            self.rounds.pop(key)["done"].set()


def set_grads(params, grads) -> None:
    for p, g in zip(params, grads):
        p.grad = None if g is None else Tensor(g)


# --- a local Ray instance -------------------------------------------------------------------------
def start_local_ray(num_cpus=2, object_store_mb=128):
    """``ray.init`` of a local instance that listens on 127.0.0.1 only: no dashboard, no usage
    statistics, ``object_store_mb`` of shared memory, ``num_cpus`` logical CPUs.

    Recent Ray (2.60 was checked) turns ``_node_ip_address="127.0.0.1"`` into the machine's
    address and then listens on every interface; its "no cluster" switch
    (``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``, read by the driver, the GCS and the raylet) keeps
    every server on the loopback address.  The switch is on while ``ray.init`` starts them and
    restored afterwards (a later ``ray.init(address=...)`` in this process is not affected)."""
    ray = import_ray()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    constants = getattr(getattr(ray, "_private", None), "ray_constants", None)
    saved_env = os.environ.get("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER")
    saved_flag = getattr(constants, "ENABLE_RAY_CLUSTER", None)
    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    if saved_flag is not None:
        constants.ENABLE_RAY_CLUSTER = False  # ray is already imported: set the flag it read
    try:
        return ray.init(num_cpus=num_cpus, include_dashboard=False, _node_ip_address="127.0.0.1",
                        object_store_memory=int(object_store_mb) * 2 ** 20, log_to_driver=False)
    finally:
        if saved_env is None:
            os.environ.pop("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", None)
        else:
            os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = saved_env
        if saved_flag is not None:
            constants.ENABLE_RAY_CLUSTER = saved_flag


# --- the strategy --------------------------------------------------------------------------------
class DataParallel:
    """Run a Trainer's steps on ``num_workers`` Ray workers (see the module docstring).

    ``address``: ``None`` starts a local Ray instance (127.0.0.1, ``num_cpus=max(2, workers)``,
    no dashboard, ``object_store_mb`` of shared memory); ``"auto"`` or ``"ray://host:10001"`` joins
    a cluster.  ``blas_threads``: BLAS threads per worker (1: one core each).  ``timeout``: seconds
    any round of a step may take before it counts as failed.  ``max_restarts``: how often Ray may
    restart each worker process.  ``log``: where recovery messages go (``None`` for silence).
    """

    def __init__(self, num_workers=2, *, address=None, blas_threads=1, timeout=120.0,
                 max_restarts=1, cpus_per_worker=1, object_store_mb=128, runtime_env=None,
                 log=print):
        _check_whole("num_workers", num_workers, 1)
        _check_whole("blas_threads", blas_threads, 1)
        _check_whole("max_restarts", max_restarts, 0)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
            raise ValueError(f"DataParallel: timeout must be a positive number of seconds, got "
                             f"{timeout!r}")
        if not isinstance(cpus_per_worker, (int, float)) or cpus_per_worker < 0:
            raise ValueError(f"DataParallel: cpus_per_worker must be >= 0, got {cpus_per_worker!r}")
        if log is not None and not callable(log):
            raise TypeError(f"DataParallel: log must be a callable such as print, or None, got "
                            f"{type(log).__name__}")
        self.ray = import_ray()
        self.num_workers, self.address, self.blas_threads = int(num_workers), address, blas_threads
        self.timeout, self.max_restarts = float(timeout), int(max_restarts)
        self.cpus_per_worker, self.object_store_mb = cpus_per_worker, object_store_mb
        self.runtime_env = dict(runtime_env or {})
        self.log = log or (lambda message: None)
        self.workers, self.reducer, self.model, self.optimizer = [], None, None, None
        self.steps, self.recoveries, self.last_shard_sizes = 0, 0, []
        self._generation, self._replica_digest, self._started_ray = 0, None, False
        self._payload = None

    # -- lifecycle ----------------------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self, model, optimizer, loss_fn=None) -> DataParallel:
        """Create the workers, each with a copy of ``model``, ``optimizer`` and ``loss_fn``.

        Called by the first ``train_step``; call it yourself to pay the start-up time up front."""
        if self.workers:
            if model is self.model and optimizer is self.optimizer:
                return self
            raise RuntimeError("this DataParallel already runs another model; use one "
                               "DataParallel per Trainer (or close() it first)")
        missing = {id(p) for p in optimizer.params} - {id(p) for p in model.parameters()}
        if missing:
            raise ValueError(f"DataParallel: {len(missing)} of the optimizer's parameters are not "
                             f"parameters of the model; build the optimizer over "
                             f"model.parameters()")
        ray = self.ray
        if not ray.is_initialized():
            self._init_ray()
        self.model, self.optimizer = model, optimizer
        if batch_norm_layers(model):
            self.reducer = (ray.remote(Reducer)
                            .options(num_cpus=0, max_restarts=-1, max_concurrency=1000,
                                     runtime_env=self._worker_env())
                            .remote())
        self._payload = ray.put((model, optimizer, loss_fn))  # kept: a restarted worker reads it
        actor = ray.remote(ReplicaWorker).options(
            num_cpus=self.cpus_per_worker, max_restarts=self.max_restarts, max_task_retries=0,
            runtime_env=self._worker_env())
        self.workers = [actor.remote(rank, self._payload, self.reducer, self.timeout)
                        for rank in range(self.num_workers)]
        try:
            self._pids = self._gather([w.pid.remote() for w in self.workers], "starting")
            if self.reducer is not None:
                self._gather([self.reducer.ping.remote()], "starting the BatchNorm reducer")
        except _Fault as fault:
            free = ray.available_resources().get("CPU", 0)
            self.close()
            hint = (f"the Ray cluster has {free:g} free CPUs and each worker asks for "
                    f"cpus_per_worker={self.cpus_per_worker}; lower num_workers or "
                    f"cpus_per_worker, or add nodes" if "did not answer" in str(fault) else
                    "every worker must be able to import tinygrad_ko and whatever the model and "
                    "loss_fn are defined in (install them on every node, or pass runtime_env=)")
            raise WorkerLostError(f"DataParallel: the {self.num_workers} workers did not start: "
                                  f"{fault}. Fix: {hint}") from None
        self._replica_digest = state_digest(model, optimizer)
        return self

    def close(self) -> None:
        """Stop the workers, and the Ray instance if this object started it."""
        ray = self.ray
        if ray.is_initialized():
            for actor in self.workers + ([self.reducer] if self.reducer is not None else []):
                with contextlib.suppress(Exception):  # already gone
                    ray.kill(actor, no_restart=True)
        self.workers, self.reducer, self._payload = [], None, None
        if self._started_ray and ray.is_initialized():
            ray.shutdown()
        self._started_ray = False

    def _init_ray(self) -> None:
        if self.address is not None:
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no telemetry
            self.ray.init(address=self.address, log_to_driver=False)
        else:
            start_local_ray(max(2, math.ceil(self.num_workers * self.cpus_per_worker)),
                            self.object_store_mb)
        self._started_ray = True

    def _worker_env(self) -> dict:
        """One BLAS thread each (set before NumPy loads) and this copy of tinygrad_ko importable."""
        env = self.runtime_env
        package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
        threads = str(self.blas_threads)
        env_vars = {"OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads,
                    "MKL_NUM_THREADS": threads, "PYTHONPATH": path}
        env_vars.update(env.get("env_vars", {}))
        return {**env, "env_vars": env_vars}

    # -- what the Trainer calls ---------------------------------------------------------------
    def train_step(self, trainer, x, t):
        """One data-parallel step of ``trainer``'s model; returns (loss, correct count or None)
        like ``Trainer._train_step``."""
        self.start(trainer.model, trainer.optimizer, trainer.loss_fn)
        x, t = _as_array(x, "x batch"), np.asarray(t.data if isinstance(t, Tensor) else t)
        _check_pair(x, t)
        if len(x) == 0:
            raise ValueError("DataParallel got an empty batch; give the loader at least one sample")
        try:
            loss, correct, grads, buffers = self._retrying(lambda: self._compute(x, t))
            first = [True]

            def publish():  # first the update itself; after a fault, a reload from the driver
                if first.pop() if first else False:
                    self._apply_everywhere(grads, buffers)
                else:
                    self._sync_replicas()

            self._retrying(publish)
        except BaseException:  # Ctrl-C, WorkerLostError ...: the replicas may be mid-step
            self._replica_digest = None  # (BatchNorm's running statistics move in the forward
            if self.reducer is not None:  # pass), so the next step reloads every one of them
                self.reducer.abort.remote(self._generation)
            self._generation += 1
            raise
        self.steps += 1
        return loss, correct

    def _retrying(self, action, attempts=3):
        """Run ``action``; after a fault, reload the replicas and run it again (at most
        ``attempts`` times in all, then WorkerLostError)."""
        for attempt in range(1, attempts + 1):
            try:
                return action()
            except _Fault as fault:
                self._recover(fault, attempt, attempts)
        raise AssertionError("unreachable")  # pragma: no cover

    # -- one step -----------------------------------------------------------------------------
    def shard_sizes(self, batch_size: int) -> list:
        """How many samples of a batch each worker gets (``np.array_split``)."""
        return [len(part) for part in np.array_split(np.arange(batch_size), self.num_workers)]

    def _compute(self, x, t):
        """Send the shards out; while the workers compute, make sure the driver's state is what
        the replicas hold (else reload them and start again); then add up the gradients."""
        while True:
            parts = np.array_split(np.arange(len(x)), self.num_workers)
            self.last_shard_sizes = [len(p) for p in parts]
            active = [r for r, p in enumerate(parts) if len(p)]
            refs = [self.workers[r].compute.remote(self._generation, self.steps, x[parts[r]],
                                                   t[parts[r]], len(x), len(active))
                    for r in active]
            digest = state_digest(self.model, self.optimizer)  # meanwhile, on the driver
            if digest == self._replica_digest:
                break
            self._abandon(refs)  # the model was changed (model.load, a fault): reload, redo
            self._sync_replicas(digest)
        results = self._gather(refs, "computing gradients", active)
        for r, result in zip(active, results):
            self._check_result(r, result, digest, "before the step")
        grads = [_sum_in_order([res["grads"][i] for res in results])
                 for i in range(len(results[0]["grads"]))]
        loss = sum(res["loss"] for res in results)
        corrects = [res["correct"] for res in results]
        correct = None if None in corrects else sum(corrects)
        return loss, correct, grads, results[0]["buffers"]

    def _apply_everywhere(self, grads, buffers) -> None:
        """Every worker applies the update while the driver applies it to its own copy (what
        the Trainer evaluates and saves); the workers' digests must equal the driver's."""
        self._replica_digest = None
        update = self.ray.put((grads, buffers))
        refs = [w.apply.remote(update) for w in self.workers]
        set_grads(self.model.parameters(), grads)
        self.optimizer.step()
        self.model.load_state_dict(buffers, strict=False)
        digest = state_digest(self.model, self.optimizer)
        results = self._gather(refs, "applying the step")
        for rank, result in enumerate(results):
            self._check_result(rank, result, digest, "after the step")
        self._replica_digest = digest

    def _abandon(self, refs) -> None:
        """Let started work finish (bounded), drop its results, start a new generation of
        all-reduce keys."""
        self.ray.wait(refs, num_returns=len(refs), timeout=self.timeout)
        if self.reducer is not None:
            self.reducer.abort.remote(self._generation)
        self._generation += 1

    def _sync_replicas(self, digest=None) -> None:
        """Reload every replica from the driver if the driver's state is not what they hold
        (after a fault, or when the model was changed between fits, e.g. ``model.load``)."""
        digest = digest or state_digest(self.model, self.optimizer)
        if digest == self._replica_digest:
            return
        self._replica_digest = None
        state = self.ray.put((self.model.state_dict(), self.optimizer.state_dict()))
        results = self._gather([w.load_state.remote(state) for w in self.workers], "reloading")
        for rank, result in enumerate(results):
            self._pids[rank] = result["pid"]  # a restarted worker is welcome once reloaded
            if result["digest"] != digest:
                raise ReplicasDivergedError(
                    f"DataParallel: worker {rank} still differs from the driver after being "
                    f"reloaded with its state (digest {result['digest']} vs {digest}); the "
                    f"workers do not compute what the driver computes (different NumPy or "
                    f"tinygrad_ko versions on the nodes?). Training stopped; the Trainer's model "
                    f"holds the parameters after step {self.steps}")
        self._replica_digest = digest

    def _check_result(self, rank, result, digest, when) -> None:
        if result["pid"] != self._pids[rank]:
            old, self._pids[rank] = self._pids[rank], result["pid"]
            raise _Fault(f"worker {rank} was restarted by Ray (pid {old} → {result['pid']})")
        if result["digest"] != digest:
            raise _Fault(f"worker {rank}'s replica differs from the driver's {when} "
                         f"(digest {result['digest']} vs {digest})")

    def _recover(self, fault, attempt, attempts) -> None:
        """Abandon the step: release waiting workers, then (if allowed) reload the replicas."""
        self.recoveries += 1
        self._replica_digest = None  # forces _sync_replicas to reload every worker
        if self.reducer is not None:
            self.reducer.abort.remote(self._generation)
        self._generation += 1
        where = f"step {self.steps + 1} (counted over all epochs)"
        if attempt >= attempts:
            raise WorkerLostError(
                f"DataParallel: {fault} during {where}; Ray could not replace the worker "
                f"(max_restarts={self.max_restarts} per worker) or the step failed {attempt} "
                f"times. Training stopped: the Trainer's model holds the consistent parameters "
                f"after step {self.steps}, its checkpoint file (if any) is complete. Fix: restart "
                f"training from the checkpoint, or allow more restarts "
                f"(DataParallel(max_restarts=...))") from None
        self.log(f"DataParallel: {fault} during {where}; reloading every replica from the "
                 f"driver's copy (the state after step {self.steps}) and doing the step again")

    def _gather(self, refs, what, ranks=None):
        """ray.get with one deadline for all; the first failure aborts the round."""
        ray = self.ray
        ranks = list(range(len(refs))) if ranks is None else ranks
        rank_of = {ref: rank for ref, rank in zip(refs, ranks)}
        deadline, results, pending = time.monotonic() + self.timeout, {}, list(refs)
        while pending:
            ready, pending = ray.wait(pending, num_returns=1,
                                      timeout=max(0.0, deadline - time.monotonic()))
            if not ready:
                late = [rank_of[r] for r in pending]
                self._restart_hung(late)
                raise _Fault(f"worker(s) {late} did not answer within {self.timeout:g} s while "
                             f"{what}")
            ref = ready[0]
            try:
                results[ref] = ray.get(ref)
            except ray.exceptions.RayActorError as err:
                raise _Fault(f"worker {rank_of[ref]} died while {what} "
                             f"({_first_line(err)})") from None
            except ray.exceptions.RayTaskError as err:
                raise _Fault(f"worker {rank_of[ref]} failed while {what}: "
                             f"{_first_line(err)}") from None
        return [results[ref] for ref in refs]

    def _restart_hung(self, ranks) -> None:
        """Kill stuck workers so Ray restarts them (within max_restarts)."""
        for rank in ranks:
            with contextlib.suppress(Exception):  # already gone
                self.ray.kill(self.workers[rank], no_restart=False)

    # -- looking inside ---------------------------------------------------------------------------
    def worker_pids(self) -> list:
        """The process id of every worker (they change when Ray restarts one)."""
        self._pids = self._gather([w.pid.remote() for w in self.workers], "asking for pids")
        return list(self._pids)

    def replica_states(self) -> list:
        """(model state_dict, optimizer state_dict) of every worker's replica."""
        return self._gather([w.state.remote() for w in self.workers], "reading states")


def _sum_in_order(arrays):
    arrays = [a for a in arrays if a is not None]
    if not arrays:
        return None
    return sum(arrays[1:], arrays[0].copy())


def _first_line(err) -> str:
    """The informative line of a Ray error: the exception's own line for a failed task."""
    cause = getattr(err, "cause", None)
    if isinstance(cause, BaseException) and not isinstance(err, type(cause)):
        return f"{type(cause).__name__}: {cause}"[:400]
    lines = [line for line in str(err).splitlines() if line.strip()]
    return lines[-1][:400] if lines else type(err).__name__


def _check_whole(name, value, minimum) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"DataParallel: {name} must be a whole number >= {minimum}, got {value!r}")
