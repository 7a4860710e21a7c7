"""The README's own-derivation example stays true: the block marked ``<!-- symcheck-readme-example -->`` is
saved as ``myfile.py`` and checked with ``symcheck check myfile.py``; its verdicts and summary are those the
block marked ``<!-- symcheck-readme-example-output -->`` shows; a wrong printed value makes the run fail; and
the table marked ``<!-- symcheck-readme-check-kinds -->`` gives each check kind's positional arguments."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

import symcheck
from symcheck.reference import ReferenceClaim

README = Path(__file__).resolve().parents[2] / "README.md"
_STATUS_WORDS = ("holds", "FAILS", "inconclusive", "ERROR", "not run")


def _marked(marker: str) -> str:
    """The text after ``<!-- marker -->`` up to the end of the block that follows it."""
    text = README.read_text(encoding="utf-8")
    tag = f"<!-- {marker} -->"
    assert tag in text, f"README.md has no block marked {tag}"
    after = text.split(tag, 1)[1].lstrip("\n")
    if after.startswith("```"):
        return after.split("\n", 1)[1].split("\n```", 1)[0] + "\n"
    return after.split("\n\n", 1)[0]  # a markdown table ends at the first blank line


def _check(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "symcheck", "check", *args], capture_output=True, text=True,
                          cwd=folder, timeout=300, check=False)


def _verdicts(output: str) -> list[str]:
    """The lines a reader compares: a verdict and a check ID, and the summary."""
    return [line.rstrip() for line in output.splitlines()
            if line.startswith(_STATUS_WORDS) or re.match(r"\d+ checks: ", line)]


def test_the_readme_example_runs_as_shown(tmp_path):
    (tmp_path / "myfile.py").write_text(_marked("symcheck-readme-example"))
    result = _check(tmp_path, "myfile.py")
    assert result.returncode == 0, result.stdout + result.stderr
    shown = _verdicts(_marked("symcheck-readme-example-output"))
    assert len(shown) >= 2 and _verdicts(result.stdout) == shown


def test_the_readme_example_fails_when_its_printed_value_is_wrong(tmp_path):
    code = _marked("symcheck-readme-example")
    assert code.count('"-13.6"') == 1
    (tmp_path / "myfile.py").write_text(code.replace('"-13.6"', '"-13.5"'))
    result = _check(tmp_path, "myfile.py")
    assert result.returncode == 1 and "not as expected: E1-eV" in result.stdout


_KINDS = {cls.__name__: cls for cls in (symcheck.Identity, symcheck.Limit, symcheck.Claim, symcheck.RangeClaim,
                                         symcheck.Inequality, ReferenceClaim, symcheck.KnownErratum,
                                         symcheck.KnownDeviation)}


def test_the_readme_gives_each_check_kinds_positional_arguments():
    rows = [line for line in _marked("symcheck-readme-check-kinds").splitlines() if line.startswith("| `")]
    documented = {}
    for row in rows:
        cells = [cell.strip().strip("`") for cell in row.strip("|").split("|")]
        documented[cells[0]] = [name.strip() for name in cells[1].split(",")]
    assert set(documented) == set(_KINDS)
    for name, cls in _KINDS.items():
        positional = [f.name for f in dataclasses.fields(cls) if not f.kw_only]
        assert documented[name] == positional, name


@pytest.mark.parametrize("marker", ["symcheck-readme-example", "symcheck-readme-example-output",
                                    "symcheck-readme-check-kinds"])
def test_each_marker_is_in_the_readme_once(marker):
    assert README.read_text(encoding="utf-8").count(f"<!-- {marker} -->") == 1
