"""Compare tinygrad_ko at two commits side by side, in one run, on the same machine.

    python bench/compare_commits.py BASE [HEAD] --only W1 W2 W3 W4 W6 --repeat 3

Each commit is checked out into a temporary git worktree; the workload processes of the two
alternate (base, head, base, head ...) so that a busy spell of the machine hits both alike.
Prints a Markdown table of medians and head/base ratios.  A benchmark: it asserts nothing.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
METRIC = {"W1": "us_per_node", "W1big": "us_per_node", "W2": "seconds", "W3": "ms_per_step",
          "W4": "ms_per_step", "W4infer": "infer_ms", "W4infer16": "infer_ms", "W5": "ms",
          "W6": "peak_mb"}


def worktree(commit: str, folder: Path) -> Path:
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder), commit],
                   check=True, capture_output=True)
    return folder


def measure(tree: Path, workload: str, quick: bool) -> dict:
    name = "W4" if workload == "W4infer" else workload
    command = [sys.executable, str(tree / "bench" / "workloads.py"), name, "tinygrad_ko"]
    result = subprocess.run(command + (["--quick"] if quick else []), cwd=tree, capture_output=True,
                            text=True, timeout=1800, env={**os.environ, "PYTHONPATH": str(tree)})
    if result.returncode != 0:
        raise RuntimeError(f"{workload} at {tree}: {result.stderr.strip()[-400:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("head", nargs="?", default="HEAD")
    parser.add_argument("--only", nargs="*", default=["W1", "W2", "W3", "W4", "W4infer", "W6"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        trees = {label: worktree(commit, Path(tmp) / label)
                 for label, commit in (("base", args.base), ("head", args.head))}
        try:
            rows = ["| workload | base | head | head/base |", "|---|---|---|---|"]
            for workload in args.only:
                values = {"base": [], "head": []}
                for _ in range(args.repeat):
                    for label, tree in trees.items():
                        values[label].append(measure(tree, workload, args.quick)[METRIC[workload]])
                base, head = (statistics.median(values[k]) for k in ("base", "head"))
                rows.append(f"| {workload} {METRIC[workload]} | {base:.4g} | {head:.4g} | "
                            f"{head / base:.3f} |")
                print(rows[-1], flush=True)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                               capture_output=True)
    print(f"\nbase {args.base}, head {args.head}; medians of {args.repeat} fresh processes each, "
          f"alternating")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
