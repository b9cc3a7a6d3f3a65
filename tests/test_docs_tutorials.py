"""The tutorials of the documentation run and print what their text says.

The first ``python`` block of each tutorial page is the whole script; the first ``text`` block
after it is its output, compared line by line.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide"
TUTORIALS = ("tutorial-rate.md", "tutorial-spiking.md")


def script_and_output(page: Path) -> tuple[str, list[str]]:
    """The first ``python`` block of a page and the lines of the first ``text`` block after it."""
    text = page.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    output = re.search(r"```text\n(.*?)```", text[code.end() :], re.S)
    return code.group(1), output.group(1).strip().splitlines()


@pytest.mark.parametrize("name", TUTORIALS)
def test_tutorial_prints_what_the_page_says(name):
    code, expected = script_and_output(GUIDE / name)
    assert expected  # the page states an output
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = [line for line in done.stdout.splitlines() if not line.startswith("Network ")]
    assert printed == expected
