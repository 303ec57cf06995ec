"""Every ```python block of README.md (and of journey-py/README.md, the package's) runs as written. The blocks of a README run in order in one fresh
interpreter, as a reader would type them, whose working folder is a scratch folder holding the repository's `examples` (so the snippets' example paths resolve and what they
write stays out of the repository). A block that cannot run here is marked in the README by an HTML comment
on the line before it, ``<!-- readme-test: REASON -->``; such blocks are counted and reported, and a marked
Python block fails this test (there is none: the browser-only JS block is run by tests/browser instead)."""

import os
import re
import subprocess
import sys

from conftest import ROOT

READMES = [ROOT / "README.md", ROOT / "journey-py" / "README.md"]
BLOCK = re.compile(r"(?:^<!-- readme-test: (?P<mark>[^>]*?) -->\n)?^```(?P<lang>[\w,]*)\n(?P<code>.*?)^```$", re.M | re.S)


def blocks(*langs):
    """(place, marked reason or None, code) of each block in one of `langs`."""
    found = []
    for readme in READMES:
        text = readme.read_text(encoding="utf-8")
        name = readme.relative_to(ROOT)
        found += [
            (f"{name} line {text.count(chr(10), 0, m.start('code')) + 1}", m["mark"], m["code"])
            for m in BLOCK.finditer(text)
            if m["lang"] in langs
        ]
    return found


def test_the_readme_has_python_blocks_and_none_is_marked():
    found = blocks("python")
    assert len(found) >= 2, "the READMEs have their ```python blocks"
    marked = [(place, mark) for place, mark, _ in found if mark is not None]
    assert marked == [], f"Python blocks marked as not run: {marked}"


def test_every_python_block_runs(tmp_path):
    os.symlink(ROOT / "examples", tmp_path / "examples")
    found = blocks("python")
    for readme in READMES:
        mine = [(place, code) for place, _mark, code in found if place.startswith(f"{readme.relative_to(ROOT)} ")]
        # Each block reports where it starts, so a failure names the README's line.
        program = "".join(f"print({place!r}, file=__import__('sys').stderr)\n{code}" for place, code in mine)
        done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{readme}:\n{done.stderr}"
    print(f"READMEs: {len(found)} Python blocks run")
