"""The hand-written stubs (`_journey.pyi`, `_records.pyi`) agree with the installed module: mypy's stubtest
compares every name, signature and default, so a stub cannot drift from the native code."""

import subprocess
import sys
from pathlib import Path

ALLOWLIST = Path(__file__).with_name("stubtest-allowlist.txt")


def test_stubs_match_the_module():
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "journey._journey", "journey._records", "--allowlist", str(ALLOWLIST)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
