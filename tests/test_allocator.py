"""The glibc tuning done on import (tinygrad_ko/allocator.py) and its opt-out."""

import subprocess
import sys

from tinygrad_ko import allocator


def test_tuned_on_linux_glibc_and_can_be_turned_off():
    check = "import tinygrad_ko.allocator as a; print(a.TUNED)"
    plain = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    kept = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True,
                          env={"TINYGRAD_KO_KEEP_MALLOC": "1", "PATH": ""})
    assert plain.stdout.strip() == str(sys.platform.startswith("linux"))
    assert kept.stdout.strip() == "False"
    assert allocator.tune() == allocator.TUNED  # applying twice is harmless
