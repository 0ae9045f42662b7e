"""Plain words: the project names the lecture notes on the book (강의 노트) as such and cites the book
by chapter and section, never by an insider name or a file readers do not have.

The Korean lecture notes were once called by an insider name inside the project, and tests cited
them by file and line (file 004, line 981).  No reader has those files, so the package, the tests, the
examples, the docs and the README must not use that name or cite them so.  A random-number seed
(``seed=0``, ``default_rng(seed)``, ``--seed``, "seeds 0 and 1") is ordinary English and allowed.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ["tinygrad_ko", "tests", "examples", "docs", "README.md"]
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".hypothesis"}
THIS_FILE = Path(__file__).resolve()
# The old insider name, spelled in pieces so that this file, which must name it to catch it, does
# not itself read as a citation of files readers do not have.
OLD = "see" + "ds"
ONE = OLD[:-1]

# Each pattern names the insider use it catches; none matches a random-number seed.
INSIDER = {
    "the old name for the notes": re.compile(rf"(?<![a-z])the[ _]{OLD}(?![a-z])", re.IGNORECASE),
    "the old name, possessive or prefix": re.compile(rf"\b{OLD}(?:'|’|_)", re.IGNORECASE),
    "the old name of one lecture-note file": re.compile(rf"\b{ONE}'s\b|\b{ONE}’s\b", re.IGNORECASE),
    "the old name + prints/shows/gives/has": re.compile(
        rf"\bthe {ONE} (?:prints?|shows?|gives?|has|writes|draws?)\b", re.IGNORECASE),
    "an old-name file, chapter, slide or note": re.compile(
        rf"\b{ONE} (?:files?|chapters?|slides?|notes?|numbers?|examples?)\b", re.IGNORECASE),
    "a path into the lecture-note folder": re.compile(rf"\b{OLD}?/|shared/{OLD}", re.IGNORECASE),
    "a numbered lecture-note file": re.compile(rf"\b{ONE} 00[0-9]\b", re.IGNORECASE),
    "a file:line citation like 004:981": re.compile(r"(?<![\w.:])00[0-4]:\d{2,4}\b"),
    "constants named after it": re.compile(rf"\b{ONE.upper()}_[A-Z0-9]"),
    "Korean 시드 for the notes": re.compile(r"시드\s*(?:노트|파일|의|에서|가 |는 )"),
}


def scanned_files():
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            yield path
            continue
        for file in sorted(path.rglob("*")):
            if file.is_file() and not SKIPPED_DIRS & set(file.relative_to(ROOT).parts) \
                    and file.resolve() != THIS_FILE:
                yield file


def insider_mentions(text):
    """(line number, what, line) for every insider mention in ``text``."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for what, pattern in INSIDER.items():
            if pattern.search(line):
                found.append((number, what, line.strip()))
    return found


def read_text(file):
    try:
        return file.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None  # binary (pictures, .npz, .gz): no prose in it


def test_no_insider_name_for_the_lecture_notes():
    problems = []
    for file in scanned_files():
        text = read_text(file)
        if text is not None:
            problems += [f"{file.relative_to(ROOT)}:{n}: {what}: {line}"
                         for n, what, line in insider_mentions(text)]
    assert not problems, (
        "call them 'the lecture notes (강의 노트)' and cite the book by chapter and section "
        "(e.g. '5장 5.4.1절' / 'chapter 5, section 5.4.1'):\n" + "\n".join(problems))


@pytest.mark.parametrize("line", [
    f"# 004:1490  the {ONE}'s Affine",
    f"Examples: the {OLD}, chapter by chapter",
    f"def test_apple_graph_carries_the_{OLD}_numbers():",
    f"as the {OLD}' slides show them",
    f"result['{OLD}_softmax']",
    f"The {ONE} prints price 220",
    f"see {OLD}/004_ca944f364a134483.txt",
    f"cf. /work/shared/{OLD}",
    f"({ONE} 004:981)",
    f"{ONE.upper()}_DX = [[0, 1, 3, 2]]",
    f"a {ONE} chapter on training",
    "시드의 `1e-7` 델타",
])
def test_the_check_catches_an_insider_mention(line):
    assert insider_mentions(f"x = 1\n{line}\n"), line


@pytest.mark.parametrize("line", [
    "def make_model(seed=0):",
    "rng = np.random.default_rng(seed)",
    "train.add_argument('--seed', type=int, default=0)",
    "# seed 2: no ReLU input lies near 0 (seeds 0 and 1 have such units)",
    "def test_simple_convnet_other_conv_params_and_seeds():",
    "numbers above are from one run (seed 0).",
    "equivalent: another fixed seed",
    "the same seed replays the same sequence",
    "Dropout(p, seed=0) is reproducible; the seed is drawn from NumPy",
    "(1, 3, 7, 7) at 10:00:05, ratio 1:004",
])
def test_the_check_allows_random_number_seeds(line):
    assert not insider_mentions(line), line
