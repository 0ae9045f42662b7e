"""Data-parallel throughput on Ray: images/s of SimpleConvNet training steps.

    python bench/distributed.py            # 40 timed steps per cell (about 3 minutes)
    python bench/distributed.py --quick    # 8 timed steps per cell

Cells, all float32, the book's SimpleConvNet (1×28×28, 30 filters 5×5, hidden 100), Adam:
    one process, 1 BLAS thread      — the Trainer's own step (the per-core baseline)
    one process, 2 BLAS threads     — the same, NumPy's matmuls on both cores
    DataParallel, 1 worker          — Ray, one BLAS thread per worker
    DataParallel, 2 workers         — Ray, one BLAS thread per worker
for a global batch of 100 (the two workers get 50 each) and of 200 (100 each), and the fixed cost
of a data-parallel step measured with one image per worker (almost no arithmetic left: what
remains is Ray's round trips and the gradient traffic, 2·N·P floats through the driver).
Each single-process cell runs in a fresh process (the BLAS thread count is fixed when NumPy loads).
Reported: the median step time and batch / median. A benchmark, not a test: it asserts nothing.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __name__ == "__main__" and "--single" not in sys.argv:
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # the driver only adds gradients and steps Adam

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tinygrad_ko.datasets import load_mnist_mini  # noqa: E402
from tinygrad_ko.models import SimpleConvNet  # noqa: E402
from tinygrad_ko.nn.optim import Adam  # noqa: E402
from tinygrad_ko.train import Trainer  # noqa: E402


def make_trainer(strategy=None):
    (x, t), _ = load_mnist_mini(flatten=False)
    model = SimpleConvNet(seed=0)
    trainer = Trainer(model, Adam(model.parameters(), lr=0.001), [(x[:1], t[:1])], progress=False,
                      log=None, strategy=strategy)
    return trainer, x, t


def time_steps(trainer, x, t, batch, steps, warmup=3):
    """Median seconds of one ``trainer._train_step`` on consecutive batches of ``batch`` images."""
    times = []
    for i in range(warmup + steps):
        start = (i * batch) % (len(x) - batch)
        began = time.perf_counter()
        trainer._train_step(x[start:start + batch], t[start:start + batch])
        if i >= warmup:
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def single_process(threads, batch, steps):
    """One fresh process with ``threads`` BLAS threads: its median step time."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": str(threads), "OMP_NUM_THREADS": str(threads)}
    command = [sys.executable, __file__, "--single", "--batch", str(batch), "--steps", str(steps)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])["seconds"]


def data_parallel(workers, batches, steps):
    from tinygrad_ko.distributed import DataParallel

    with DataParallel(workers, blas_threads=1, log=None) as dp:
        trainer, x, t = make_trainer(dp)
        dp.start(trainer.model, trainer.optimizer)
        seconds = {batch: time_steps(trainer, x, t, batch, steps) for batch in batches}
        overhead = time_steps(trainer, x, t, workers, steps)  # one image per worker
        params = trainer.model.num_parameters()
    return seconds, overhead, params


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=100, help=argparse.SUPPRESS)
    parser.add_argument("--steps", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--json", help="also write the numbers to this file")
    args = parser.parse_args(argv)
    steps = args.steps or (8 if args.quick else 40)
    if args.single:
        trainer, x, t = make_trainer()
        print(json.dumps({"seconds": time_steps(trainer, x, t, args.batch, steps)}))
        return None

    from tinygrad_ko.distributed import start_local_ray

    batches = (100, 200)
    rows = {}
    for threads in (1, 2):
        rows[f"one process, {threads} BLAS thread{'s' * (threads > 1)}"] = {
            batch: single_process(threads, batch, steps) for batch in batches}
    start_local_ray(num_cpus=2)
    try:
        overheads = {}
        for workers in (1, 2):
            seconds, overheads[workers], params = data_parallel(workers, batches, steps)
            rows[f"DataParallel, {workers} worker{'s' * (workers > 1)} (1 BLAS thread each)"] = seconds
    finally:
        import ray

        ray.shutdown()

    print(f"SimpleConvNet, {params:,} parameters, float32; medians of {steps} steps; "
          f"{os.cpu_count()} CPUs (shared with other jobs: noisy)\n")
    print("| setup | batch 100: ms/step | images/s | batch 200: ms/step | images/s |")
    print("|---|---|---|---|---|")
    for name, seconds in rows.items():
        cells = [f"{seconds[b] * 1e3:.1f} | {b / seconds[b]:,.0f}" for b in batches]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    for workers, seconds in overheads.items():
        moved = 2 * workers * params * 4 / 1e6
        print(f"fixed cost of a data-parallel step, {workers} worker(s), 1 image each: "
              f"{seconds * 1e3:.1f} ms ({moved:.1f} MB of gradients up to and back from the driver)")
    result = {"steps": steps, "parameters": params,
              "ms_per_step": {name: {b: s * 1e3 for b, s in v.items()} for name, v in rows.items()},
              "fixed_ms": {w: s * 1e3 for w, s in overheads.items()}}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
