"""Mutation testing of the engine with mutmut 3 (``pip install -e ".[mutation]"``).

    python tools/mutation.py                       # every group, at HEAD
    python tools/mutation.py ops testing           # some groups
    python tools/mutation.py ops --only tinygrad_ko/ops/reduce.py --jobs 2

Each group mutates some files and runs only the tests that exercise them: mutmut 3 first runs the
group's test selection once, records which tests call which function, and then runs, for each
mutant, only the tests that reach the mutated function (in a forked process, without re-importing).

The work happens in a fresh export of one commit (``git archive``) under ``--workdir``, never in the
working tree: nobody's edits can leak into a run and the run leaves nothing behind in the repository.
The result of each group (score, every surviving mutant with its diff) is written to
``<workdir>/<group>/report.md`` and a summary is printed.

Verdicts on survivors live in tools/mutation_reviewed.py: ``REVIEWED`` (equivalent, or open with the
reason) and ``KILLED_LATER`` (killed by a test the run did not have or select, checked by switching the
mutant on in the run's folder; listed, not counted).  ``--report-only`` rewrites a run's reports after
verdicts are added.

Lines that only hold the wording of an error message are not mutated (``MESSAGE_LINES`` below):
mutmut would wrap them in "XX" or change their case, which no test of behaviour should pin down.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# group -> (files to mutate (globs), tests that exercise them)
GROUPS = {
    "ops": (["tinygrad_ko/ops/*"],
            ["tests/test_gradients.py", "tests/test_forward_reference.py",
             "tests/test_gradcheck_edge_cases.py", "tests/test_gradcheck_soft_targets.py",
             "tests/test_tensor_api.py", "tests/test_tensor.py", "tests/test_errors.py",
             "tests/test_new_ops.py", "tests/test_activations.py", "tests/test_einsum.py",
             "tests/test_conv_transpose.py", "tests/test_creation.py", "tests/test_higher_order.py",
             "tests/test_higher_order_engine.py", "tests/test_book_worked_examples.py",
             "tests/test_book_layers.py", "tests/test_op_class_defaults.py",
             "tests/test_derivative_at_kinks.py", "tests/test_pool_layouts_and_dtypes.py",
             "tests/test_conv_errors_name_the_op.py", "tests/test_maximum_where_operands.py",
             "tests/test_matmul_partial_grads.py", "tests/test_axis_ranges.py",
             "tests/test_adjoint_ops_keep_dtype.py", "tests/test_argmax_edge_cases.py",
             "tests/test_einsum_subscripts.py", "tests/test_dual_helpers.py",
             "tests/test_float16.py", "tests/test_fused_inference.py",
             "tests/test_mask_operators.py", "tests/test_tensor_function.py",
             "tests/test_dual_graph_pass.py", "tests/test_einsum_operands.py",
             "tests/test_cross_entropy_passes.py", "tests/test_lift_constants.py",
             "tests/test_softmax_float16_rule.py", "tests/test_mutation_survivors_ops.py",
             "tests/test_conv_layouts.py", "tests/test_cores.py"]),
    "testing": (["tinygrad_ko/testing.py"],
                ["tests/test_gradcheck_gallery.py", "tests/test_testing.py",
                 "tests/test_testing_strategies.py", "tests/test_gradcheck_edge_cases.py",
                 "tests/test_forward_reference.py", "tests/test_testing_edge_inputs.py",
                 "tests/test_testing_example_inputs.py", "tests/test_testing_survivors.py"]),
    # the backward walk: it moved from tensor.py to autograd/engine.py (and graph.py, the order)
    "engine": (["tinygrad_ko/autograd/engine.py", "tinygrad_ko/autograd/graph.py"],
               ["tests/test_tensor.py", "tests/test_gradients.py", "tests/test_inplace.py",
                "tests/test_grad_memory.py", "tests/test_anomaly.py", "tests/test_threads.py",
                "tests/test_tensor_api.py", "tests/test_higher_order.py",
                "tests/test_gradcheck_edge_cases.py", "tests/test_mutation_survivors_engine.py",
                "tests/test_module_hooks.py", "tests/test_viz.py", "tests/test_onnx.py"]),
    "nn": (["tinygrad_ko/nn/*"],
           ["tests/test_nn_layers.py", "tests/test_optim.py", "tests/test_module_io.py",
            "tests/test_api.py", "tests/test_module_hooks.py", "tests/test_conv_transpose.py",
            "tests/test_activations.py", "tests/test_gradients.py", "tests/test_forward_reference.py",
            "tests/test_gradcheck_soft_targets.py", "tests/test_errors.py",
            "tests/test_fused_inference.py", "tests/test_hostile_files.py", "tests/test_models.py",
            "tests/test_float16.py", "tests/test_book_layers.py",
            "tests/test_mutation_survivors_nn.py", "tests/test_mutation_survivors_nn_module.py",
            "tests/test_mutation_survivors_nn_layers.py",
            "tests/test_mutation_survivors_nn_functional.py",
            "tests/test_mutation_survivors_nn_npz.py", "tests/test_cores.py"]),
}

# A line whose code is only (part of) a message: a string literal continuing a call, or a raise
# of an exception whose whole argument is text.
MESSAGE_LINES = [r'^\s*f?"', r"^\s*f?'", r'raise \w+\(f?"']


def export_commit(commit: str, target: Path) -> str:
    """The tree of ``commit`` written to ``target``; returns the full commit id.  ``commit`` may be
    "worktree": the working tree's files as they are now (for trying the script out only)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if commit == "worktree":
        files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout.split()
        for name in files:
            if (ROOT / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, target / name)
        return "worktree (uncommitted)"
    full = subprocess.run(["git", "rev-parse", commit], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()
    archive = subprocess.run(["git", "archive", full], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return full


# Tests that fail only under mutmut itself, never in plain pytest, so its clean run would stop:
# the memory test sees mutmut's own bookkeeping (its first pass records which test calls which
# function) as ~2 MB of growth; the tensor_function test inspects the installed method, which is
# mutmut's trampoline there.
DESELECT = ["tests/test_tensor.py::test_training_loop_memory_stays_flat_and_graphs_are_freed",
            "tests/test_tensor_function.py::test_tensors_pass_through_and_arrays_and_numbers_become_constants"]


def configure(target: Path, mutate: list[str], tests: list[str]) -> list[str]:
    """Append a [tool.mutmut] section to the export's pyproject.toml; returns the tests used."""
    tests = [t for t in tests if (target / t).exists()]
    section = {
        "source_paths": ["tinygrad_ko"],
        "only_mutate": mutate,
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
        + [arg for test in DESELECT for arg in ("--deselect", test)],
        "do_not_mutate_patterns": MESSAGE_LINES,
        "use_git_change_detection": False,
        # tests run examples, read docs and check that the files the docs name exist
        "also_copy": ["examples/", "docs/", "README.md", "bench/", "tools/"],
    }
    lines = ["", "[tool.mutmut]"] + [f"{key} = {json.dumps(value)}" for key, value in section.items()]
    with open(target / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return tests


def run_group(name: str, commit: str, workdir: Path, jobs: int, only: list[str] | None) -> dict:
    mutate, tests = GROUPS[name]
    target = workdir / name
    full = export_commit(commit, target)
    tests = configure(target, only or mutate, tests)
    env = dict(os.environ, TINYGRAD_KO_HYPOTHESIS="ci", OPENBLAS_NUM_THREADS="1",
               PYTHONDONTWRITEBYTECODE="1")
    started = time.time()
    with open(target / "mutmut-run.log", "w", encoding="utf-8") as log:
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs)],
                             cwd=target, env=env, stdout=log, stderr=subprocess.STDOUT)
    if run.returncode:
        raise SystemExit(f"mutmut run failed for group {name} (exit {run.returncode}); see "
                         f"{target / 'mutmut-run.log'}")
    seconds = time.time() - started
    statuses = results(target, env)
    report = write_report(name, target, full, tests, statuses, seconds, env)
    return {"group": name, "commit": full, "seconds": round(seconds), **report}


def results(target: Path, env) -> dict:
    """mutant name -> status, from ``mutmut results --all true``."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=target,
                         env=env, capture_output=True, text=True).stdout
    statuses = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+):\s*(.+?)\s*$", line)
        if match and "__mutmut_" in match.group(1):
            statuses[match.group(1)] = match.group(2)
    return statuses


_DIFFS = """
import json, sys
from mutmut.__main__ import find_mutant, get_diff_for_mutant
names = json.load(sys.stdin)
print(json.dumps({n: get_diff_for_mutant(n, path=find_mutant(n).path) for n in names}))
"""


def mutant_diffs(target: Path, env, names: list[str]) -> dict:
    """Each mutant's diff (what ``mutmut show`` prints), in one process for all of them."""
    out = subprocess.run([sys.executable, "-c", _DIFFS], cwd=target, env=env, check=True,
                         input=json.dumps(names), capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# How a survivor is explained: first the hand-reviewed verdicts of tools/mutation_reviewed.py
# (guarded by a piece of the mutated line), then these patterns over the changed lines.  Only an
# "equivalent: ..." verdict (no input can tell the mutant from the original) is left out of the
# score's denominator; every "rounding: ..." and "open: ..." survivor counts against the score.
_REVIEW = runpy.run_path(str(Path(__file__).with_name("mutation_reviewed.py")))
REVIEWED, BY_PREFIX = _REVIEW["REVIEWED"], _REVIEW["BY_PREFIX"]
KILLED_LATER = _REVIEW.get("KILLED_LATER", {})
EXPLANATIONS = [
    (r"\bcopy=|\.copy\(order=", "equivalent: memory layout or copying only, same numbers"),
    (r"needs_input_grad\[\d\]\) or True", "equivalent: computes a gradient for an input that needs "
                                        "none, which the engine drops (autograd/engine.py)"),
    (r"reshape\(-2\)|reshape\(\(self\.w_shape\[0\], -2\)\)", "equivalent: NumPy infers the size for any "
                                                           "negative value"),
    (r"optimize=", "rounding: only np.einsum's contraction order changes (the last bits may "
                   "differ)"),
    (r"seed: int = 1|default_rng\(seed \+ 2\)", "open: another fixed seed (results stay "
                                                "reproducible, but the numbers differ)"),
]
# Helpers whose string argument only names the op or argument in an error message.
NAMING_CALLS = r"\b(pair|check_image|output_size|_pair|axis_keyword|check_axis|check_size)\("


def _without_words(line: str) -> str:
    return re.sub(r'"[^"]*"|\'[^\']*\'|\bNone\b', "S", line[1:]).replace(" ", "")


def explain(mutant: str, changed: list[str], status: str = "survived") -> str:
    """The verdict on a surviving mutant from its changed lines, or "open"."""
    text = "\n".join(changed)
    short = mutant.split(".", 1)[1] if mutant.startswith("tinygrad_ko.") else mutant
    added = "\n".join(c for c in changed if c.startswith("+"))
    if short in REVIEWED:
        piece, verdict = REVIEWED[short]
        if piece in added:
            return verdict
    if short in KILLED_LATER and KILLED_LATER[short][0] in added:
        return (f"killed later: by {KILLED_LATER[short][1]}, a test the run did not select "
                f"(checked with the mutant switched on; not counted in the score)")
    for prefix, verdict in BY_PREFIX.items():
        if short.startswith(prefix):
            return verdict
    if status != "survived":
        return f"open: {status}, no selected test reaches it"
    if "example_cases" in mutant:
        return "open: other example data for the CLI's gradcheck (valid, but not the same)"
    for pattern, why in EXPLANATIONS:
        if re.search(pattern, text):
            return why
    old = [c for c in changed if c.startswith("-")]
    new = [c for c in changed if c.startswith("+")]
    if old and re.search(NAMING_CALLS, old[0]) and len(old) == len(new) and \
            [_without_words(c) for c in old] == [_without_words(c) for c in new]:
        return "open: garbles the name an error message gives"
    return "open: no test fails"


def changed_lines(diff: str) -> list[str]:
    return [line for line in diff.splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def write_report(name, target, commit, tests, statuses, seconds, env) -> dict:
    counts: dict = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    scored = sum(n for s, n in counts.items() if s not in ("skipped", "not checked"))
    survivors = sorted(m for m, s in statuses.items()
                       if s not in ("killed", "timeout", "skipped", "not checked"))
    per_file: dict = {}
    for mutant, status in statuses.items():
        module = mutant.split(".x_")[0].split(".xǁ")[0]
        entry = per_file.setdefault(module, [0, 0])
        entry[1] += status not in ("skipped", "not checked")
        entry[0] += status in ("killed", "timeout")
    diffs = mutant_diffs(target, env, survivors)
    table = ["| mutant | change | verdict |", "|---|---|---|"]
    explained: dict = {}
    entries = []
    for mutant in survivors:
        changed = changed_lines(diffs[mutant])
        why = explain(mutant, changed, statuses[mutant])
        explained[why.split(":")[0]] = explained.get(why.split(":")[0], 0) + 1
        entries += [f"### {mutant} ({statuses[mutant]}) — {why}", "", "```diff",
                    diffs[mutant].strip(), "```", ""]
        change = " → ".join(c[1:].strip() for c in changed[:2]).replace("|", "\\|")
        table.append(f"| `{mutant.split('.', 1)[1]}` | `{change[:150]}` | "
                     f"{why.replace('|', chr(92) + '|')} |")
    equivalent = explained.get("equivalent", 0)
    score = score_text(killed, scored, equivalent)
    if explained.get("killed later"):
        score += (f"; {explained['killed later']} more survivors are killed by tests added after "
                  f"the run (checked by hand, not counted)")
    lines = [f"# mutation group {name}", "", f"commit {commit}, {seconds:.0f} s, tests: "
             f"{' '.join(tests)}", "", score, f"statuses {counts}", ""]
    lines += [f"- {module}: {k}/{n}" for module, (k, n) in sorted(per_file.items())]
    lines += ["", "## survivors", ""] + entries
    (target / "report.md").write_text("\n".join(lines), encoding="utf-8")
    (target / "survivors.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    return {"killed": killed, "scored": scored, "equivalent": equivalent, "score": score,
            "counts": counts, "per_file": per_file, "survivors": survivors,
            "explained": explained, "report": str(target / "report.md")}


def previous_run(target: Path):
    """Commit, seconds and tests from the report a run wrote (kept when only the report is redone)."""
    report = target / "report.md"
    header = report.read_text(encoding="utf-8").splitlines()[2] if report.exists() else ""
    match = re.match(r"commit (.+?), (\d+) s, tests: ?(.*)$", header)
    if not match:
        return "(see the run's log)", 0, []
    return match.group(1), int(match.group(2)), match.group(3).split()


def score_text(killed: int, scored: int, equivalent: int) -> str:
    """Both scores: killed / all mutants, and the mutation score killed / (all - equivalent)."""
    return (f"killed {killed} of {scored} ({100 * killed / max(scored, 1):.1f} %); "
            f"{equivalent} survivors are equivalent; mutation score killed / (all - equivalent) "
            f"= {killed}/{scored - equivalent} ({100 * killed / max(scored - equivalent, 1):.1f} %)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", default=list(GROUPS), choices=list(GROUPS),
                        help="groups to run (default: all)")
    parser.add_argument("--commit", default="HEAD",
                        help="commit to test (default HEAD; 'worktree' copies the working tree)")
    parser.add_argument("--workdir", default="/tmp/tinygrad_ko_mutation", type=Path)
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--only", nargs="+", help="mutate only these files (globs) of the group")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite the reports of a finished run in --workdir, run nothing")
    args = parser.parse_args(argv)
    if args.report_only:
        for group in args.groups or list(GROUPS):
            target = args.workdir / group
            env = dict(os.environ)
            commit, seconds, tests = previous_run(target)
            result = write_report(group, target, commit, tests, results(target, env), seconds, env)
            print(f"{group}: {result['score']}; verdicts {result['explained']}")
        return 0
    if shutil.which("git") is None:
        raise SystemExit("tools/mutation.py needs git (it exports one commit to a scratch folder)")
    try:
        import mutmut  # noqa: F401
    except ImportError:
        raise SystemExit('mutmut is not installed: pip install -e ".[mutation]"') from None
    summary = []
    for group in args.groups or list(GROUPS):
        result = run_group(group, args.commit, args.workdir, args.jobs, args.only)
        summary.append(result)
        print(f"{group}: {result['score']}; {result['seconds']} s at {result['commit'][:10]}; "
              f"report {result['report']}", flush=True)
    (args.workdir / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
