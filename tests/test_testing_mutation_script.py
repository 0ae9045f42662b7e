"""tools/mutation.py (docs/testing.md, section 7): its groups point at real files, message-only
lines are recognised, and it refuses what it cannot do.  The mutation run itself is too slow for the
suite; its score and survivors are recorded in docs/testing.md."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("mutation", ROOT / "tools" / "mutation.py")
mutation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mutation)


@pytest.mark.parametrize("group", sorted(mutation.GROUPS))
def test_each_group_mutates_real_files_and_runs_real_tests(group):
    globs, tests = mutation.GROUPS[group]
    assert all(list(ROOT.glob(g)) for g in globs), globs
    assert all((ROOT / t).is_file() for t in tests), [t for t in tests if not (ROOT / t).is_file()]


def test_the_required_areas_are_covered():
    mutated = {g for globs, _ in mutation.GROUPS.values() for g in globs}
    assert {"tinygrad_ko/ops/*", "tinygrad_ko/testing.py", "tinygrad_ko/autograd/engine.py",
            "tinygrad_ko/nn/*"} <= mutated


def test_message_lines_are_recognised_and_code_lines_are_not():
    def is_message(line):
        return any(re.search(p, line) for p in mutation.MESSAGE_LINES)
    assert is_message('            f"the new shape must hold the same number of elements "')
    assert is_message('        raise ValueError(f"axis {a} is out of range")')
    assert is_message("    'a single-quoted continuation'")
    assert not is_message("        return (dz * z * (1 - z),)")
    assert not is_message('        if x.dtype.kind == "f":')


def test_unknown_group_is_refused():
    with pytest.raises(SystemExit):
        mutation.main(["kernels"])
