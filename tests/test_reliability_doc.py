"""docs/reliability.md's table of guarantees points only at tests that exist."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def table_rows() -> list:
    text = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    table = text.split("## 8.", 1)[1]
    return [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_every_test_the_guarantee_table_names_exists():
    named = 0
    for row in table_rows():
        file = None
        for path, name in re.findall(r"`(tests/\w+\.py)?::(\w+)`", row):
            file = path or file  # "::name" continues the file named before it in the row
            assert file, row
            source = (ROOT / file).read_text(encoding="utf-8")
            assert re.search(rf"^def {name}\(", source, re.M), f"{file}::{name} does not exist"
            named += 1
    assert named >= 25
