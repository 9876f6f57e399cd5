"""The README is the user's manual: its library example must run and print what it says."""

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def library_example():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Use as a library"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_library_example_runs_and_prints_what_the_comments_say():
    code = library_example()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, cwd=README.parent)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warnings either
    lines = result.stdout.splitlines()
    assert lines[0] == "('a',)"
    assert lines[1] == "('-4*a*x*(-x^2 + y) + 2*x - 2', '2*a*(-x^2 + y)')"
    assert lines[2] == "0.0"
    assert "(201, 3, 2) [4 4 4]" in lines
    assert "(200, 200) -406.0" in lines
    assert lines[-1] == "expected a number, a name or '(' after '+' at column 7"


def test_readme_names_the_screenshot_that_exists():
    for path in re.findall(r"\]\((resources/[^)]+\.png)\)", README.read_text(encoding="utf-8")):
        assert (README.parent / path).is_file(), path
