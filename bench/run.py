"""Run every workload in fresh processes and print a Markdown table with ratios.

    python bench/run.py                # 5 processes per cell, medians
    python bench/run.py --quick        # 1 process, fewer iterations: about two minutes
    python bench/run.py --only W1 W5   # some workloads (W1 per-node overhead, W5 conv GFLOP/s)

Engines: tinygrad_ko; "book", the book's layer-style NumPy (bench/book_baseline.py, float64);
PyTorch when `import torch` works (never a dependency).  A benchmark, not a test: it asserts nothing.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CELLS = {  # workload -> (engines, what is reported, lower is better)
    "W1": (("tinygrad_ko", "torch"), "us_per_node", "µs per node, 1,000-node scalar chain fwd+bwd"),
    "W1big": (("tinygrad_ko", "torch"), "us_per_node", "µs per node, the same chain on (100, 100) tensors"),
    "W2": (("tinygrad_ko", "torch"), "seconds", "s, 100,000-op deep chain fwd+bwd"),
    "W2wide": (("tinygrad_ko",), "seconds", "s, one tensor through 100,000 ops summed in one node"),
    "W3": (("tinygrad_ko", "book", "torch"), "ms_per_step", "ms per step, MLP 784-50-10, batch 100, SGD"),
    "W4": (("tinygrad_ko", "book", "torch"), "ms_per_step", "ms per step, SimpleConvNet, batch 100, Adam"),
    "W4infer": (("tinygrad_ko", "book", "torch"), "infer_ms", "ms per inference batch of 100, SimpleConvNet"),
    "W4infer16": (("tinygrad_ko",), "infer_ms", "ms per float16 inference batch of 100, SimpleConvNet"),
    "W5": (("tinygrad_ko", "book", "torch"), "ms", "ms, conv2d fwd+bwd x (64,16,28,28) W (32,16,3,3) pad 1"),
    "W6": (("tinygrad_ko", "book", "torch"), "peak_mb", "MB peak RSS over 200 SimpleConvNet steps"),
}


def measure(workload, engine, quick, threads=None, our_threads=None):
    """One fresh process; the workload's JSON result (W4infer is measured with W4).  ``threads``
    caps OpenBLAS's and PyTorch's threads alike (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS);
    ``our_threads`` sets tinygrad_ko's TINYGRAD_KO_NUM_THREADS (ops/cores.py; 1 switches its
    threads off), otherwise it runs as many as the BLAS."""
    name = "W4" if workload == "W4infer" else workload
    command = [sys.executable, str(HERE / "workloads.py"), name, engine] + (["--quick"] if quick else [])
    env = dict(os.environ)
    if threads:
        env.update(OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    if our_threads and engine == "tinygrad_ko":
        env.update(TINYGRAD_KO_NUM_THREADS=str(our_threads))
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, env=env)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def torch_available():
    return subprocess.run([sys.executable, "-c", "import torch"], capture_output=True).returncode == 0


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    blas = "unknown BLAS"
    try:
        config = np.show_config(mode="dicts")
        info = config["Build Dependencies"]["blas"]
        blas = f"{info.get('name')} {info.get('version')}"
    except Exception:  # show_config's format varies between NumPy versions
        pass
    try:  # the kernel OpenBLAS picked for this CPU (DYNAMIC_ARCH), e.g. SkylakeX or Haswell
        from threadpoolctl import threadpool_info

        kernels = [i["architecture"] for i in threadpool_info() if i.get("architecture")]
        blas += f", {kernels[0]} kernel" if kernels else ""
    except ImportError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, NumPy "
            f"{np.__version__} ({blas}); {datetime.date.today().isoformat()}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per cell (default 5)")
    parser.add_argument("--quick", action="store_true", help="1 process, fewer iterations")
    parser.add_argument("--only", nargs="*", default=None, help="workloads to run, e.g. W1 W5")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for OpenBLAS and PyTorch alike (default: each library's own; "
                             "1 on a machine shared with other jobs)")
    parser.add_argument("--our-threads", type=int, default=None,
                        help="tinygrad_ko's threads (TINYGRAD_KO_NUM_THREADS; default: as many "
                             "as the BLAS runs, 1 switches them off)")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    engines_present = {"tinygrad_ko", "book"} | ({"torch"} if torch_available() else set())
    rows, extra = [], {}
    for workload, (engines, key, description) in CELLS.items():
        if args.only and workload not in args.only and not (workload == "W4infer" and "W4" in args.only):
            continue
        cell = {}
        for engine in engines:
            if engine not in engines_present:
                continue
            runs = [measure(workload, engine, args.quick, args.threads, args.our_threads)
                    for _ in range(repeat)]
            good = [r for r in runs if key in r]
            if good:
                cell[engine] = statistics.median(r[key] for r in good)
                for other in ("gflops", "matmul_gflops", "growth_mb", "images_per_s",
                              "float16_over_float32"):
                    if other in good[0]:
                        extra[(workload, engine, other)] = statistics.median(r[other] for r in good)
            else:
                cell[engine] = runs[0].get("error", "n/a")
            print(f"  {workload} {engine}: {cell[engine]}", file=sys.stderr)
        rows.append((workload, description, cell))
    print(table(rows, extra, engines_present, repeat, args.threads, args.our_threads))


def fmt(value):
    return value if isinstance(value, str) else (f"{value:.3g}" if value < 100 else f"{value:.0f}")


def table(rows, extra, engines_present, repeat, threads=None, our_threads=None):
    threading = f"{threads} thread(s) for OpenBLAS and PyTorch" if threads else "default threads"
    if our_threads:
        threading += f"; tinygrad_ko with TINYGRAD_KO_NUM_THREADS={our_threads}"
    lines = [f"Machine: {machine()}. Medians of {repeat} fresh process(es) per cell; {threading}.", "",
             "| workload | tinygrad_ko | book-style NumPy | PyTorch | book / ours | ours / PyTorch |",
             "|---|---|---|---|---|---|"]
    for workload, description, cell in rows:
        ours, book, torch = (cell.get(e, "—") for e in ("tinygrad_ko", "book", "torch"))
        if "torch" not in engines_present:
            torch = "not installed"
        notes = []
        for engine in ("tinygrad_ko", "book", "torch"):
            if (workload, engine, "gflops") in extra:
                notes.append(f"{engine} {extra[(workload, engine, 'gflops')]:.1f} GFLOP/s")
            if (workload, engine, "growth_mb") in extra:
                notes.append(f"{engine} growth {extra[(workload, engine, 'growth_mb')]:+.1f} MB")
            if (workload, engine, "float16_over_float32") in extra:
                notes.append(f"{extra[(workload, engine, 'float16_over_float32')]:.2f}× float32's "
                             f"time, measured alternately")
        if (workload, "tinygrad_ko", "matmul_gflops") in extra:
            notes.append(f"plain np.matmul {extra[(workload, 'tinygrad_ko', 'matmul_gflops')]:.1f} GFLOP/s")
        ratio = lambda a, b: f"{a / b:.2f}" if isinstance(a, float) and isinstance(b, float) else "—"  # noqa: E731
        label = f"{workload}: {description}" + (f" ({'; '.join(notes)})" if notes else "")
        lines.append(f"| {label} | {fmt(ours)} | {fmt(book)} | {fmt(torch)} | {ratio(book, ours)} | "
                     f"{ratio(ours, torch)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
