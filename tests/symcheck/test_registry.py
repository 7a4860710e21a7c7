"""A derivation of one's own without packaging: ``symcheck check paper.py`` and ``module:attr``, with
``--derivation`` before or after the command, and one-line errors for what is not a derivation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symcheck import Derivation
from symcheck.cli import main
from symcheck.registry import PluginError, is_spec, load

TOY = '''
import sympy as sp
from symcheck import Derivation, Equation, Identity, Limit, Claim

x = sp.Symbol("x", positive=True)
derivation = Derivation("{name}", "A toy of my own")
derivation.add_equation(Equation("1", "root", sp.Eq(sp.sqrt(x**2), x)))
derivation.add_check(Identity("root", sp.sqrt(x**2), x, equation="1"))
derivation.add_check(Limit("decay", sp.exp(-x), x, sp.oo, 0))
derivation.add_check(Claim("pi", "{pi}", sp.pi))
'''


def _toy(folder: Path, filename: str = "paper.py", *, name: str = "toy", pi: str = "3.14") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_text(TOY.format(name=name, pi=pi))
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("text, expected", [
    ("paper.py", True), ("sub/paper", True), ("pkg.mod:derivation", True), ("pkg.mod:", True), ("pkg:a.b", True),
    ("exchange-pairing", False), ("3.12-standard-form", False), ("table1-Na-E_F", False), ("a b:c", False),
])
def test_what_counts_as_a_file_or_module(text, expected):
    assert is_spec(text) is expected


def test_a_file_is_loaded_as_a_derivation(tmp_path):
    derivation = load(str(_toy(tmp_path)))
    assert isinstance(derivation, Derivation) and derivation.name == "toy"
    assert [r.status.value for r in derivation.run()] == ["holds", "holds", "holds"]


def test_two_files_of_the_same_name_do_not_collide(tmp_path):
    first = load(str(_toy(tmp_path / "a", name="first")))
    second = load(str(_toy(tmp_path / "b", name="second")))
    assert (first.name, second.name) == ("first", "second")


def test_a_function_returning_a_derivation_is_called(tmp_path):
    path = tmp_path / "built.py"
    path.write_text("from symcheck import Derivation\ndef derivation():\n    return Derivation('built', 'Built')\n")
    assert load(str(path)).name == "built"


@pytest.mark.parametrize("code, fragment", [
    ("x = 1\n", "defines no 'derivation'; define `derivation = Derivation(...)`"),
    ("derivation = 42\n", "gave int, expected a symcheck Derivation"),
    ("derivation = (\n", "failed on import: SyntaxError"),
    ("import no_such_module_here\n", "cannot be imported: module 'no_such_module_here' is not installed"),
    ("def derivation():\n    raise RuntimeError('no')\n", "failed when called to build the derivation: RuntimeError: no"),
])
def test_a_file_that_is_not_a_derivation_is_one_line(tmp_path, capsys, code, fragment):
    path = tmp_path / "bad.py"
    path.write_text(code)
    exit_code, out, err = run_cli(capsys, "list", str(path))
    assert exit_code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"derivation file {str(path)!r}" in err and fragment in err


@pytest.mark.parametrize("name, fragment", [
    ("missing.py", "does not exist; give a Python file that defines 'derivation'"),
    (".", "is a directory"),
])
def test_a_missing_file_is_one_line(tmp_path, capsys, name, fragment):
    target = str(tmp_path / name) if name != "." else str(tmp_path) + os.sep
    code, out, err = run_cli(capsys, "check", target)
    assert code == 2 and out == "" and err.count("\n") == 1 and fragment in err


def test_check_a_file_after_the_command_and_ids_after_it(tmp_path, capsys):
    path = str(_toy(tmp_path))
    code, out, _ = run_cli(capsys, "check", path, "root", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["derivation"] == "toy" and [r["id"] for r in data["results"]] == ["root"]


def test_a_wrong_claim_in_ones_own_file_fails_the_run(tmp_path, capsys):
    path = str(_toy(tmp_path, pi="3.15"))
    code, out, _ = run_cli(capsys, "check", path)
    assert code == 1 and "not as expected: pi" in out


@pytest.mark.parametrize("args", [
    ["--derivation", "{path}", "list"],
    ["--derivation={path}", "list"],
    ["list", "--derivation", "{path}"],
    ["list", "{path}"],
    ["list", "--json", "--derivation={path}"],
])
def test_derivation_before_or_after_the_command(tmp_path, capsys, args):
    path = str(_toy(tmp_path))
    code, out, err = run_cli(capsys, *[a.format(path=path) for a in args])
    assert code == 0, err
    assert "toy" in out and "A toy of my own" in out


def test_a_registered_name_before_the_command(capsys):
    code, out, err = run_cli(capsys, "--derivation", "exchange-pairing", "list", "--json")
    assert code == 0, err
    assert json.loads(out)["derivation"] == "exchange-pairing"


def test_report_for_a_file(tmp_path, capsys):
    path = str(_toy(tmp_path))
    code, _, err = run_cli(capsys, "report", path, "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert "root" in (tmp_path / "out" / "toy.tex").read_text()


def test_a_file_without_solvers_has_no_solve_command(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["solve", str(_toy(tmp_path)), "x"])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and out == "" and "invalid choice: 'solve'" in err and err.count("\n") == 1


def _symcheck(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "symcheck", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120, check=False)


def test_module_and_attribute_from_the_current_directory(tmp_path):
    package = tmp_path / "mypapers"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "bohr.py").write_text(TOY.format(name="bohr", pi="3.14") + "other = derivation\nnot_one = 'text'\n")
    ok = _symcheck(tmp_path, "check", "mypapers.bohr:other", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["derivation"] == "bohr"
    default = _symcheck(tmp_path, "list", "--derivation", "mypapers.bohr:")
    assert default.returncode == 0 and default.stdout.startswith("A toy of my own [bohr]"), default.stderr
    wrong = _symcheck(tmp_path, "list", "mypapers.bohr:not_one")
    assert wrong.returncode == 2 and wrong.stderr == (
        "symcheck: error: derivation module 'mypapers.bohr:not_one' gave str, expected a symcheck Derivation\n")
    absent = _symcheck(tmp_path, "list", "mypapers:derivation")
    assert absent.returncode == 2 and "derivation module 'mypapers:derivation' defines no 'derivation'" in absent.stderr
    missing = _symcheck(tmp_path, "list", "yourpapers.bohr:derivation")
    assert missing.returncode == 2 and "module 'yourpapers' is not installed" in missing.stderr


def test_load_raises_the_plugin_error_for_a_missing_file(tmp_path):
    with pytest.raises(PluginError, match="does not exist"):
        load(str(tmp_path / "nope.py"))


DOUBLER = '''
from symcheck import Derivation
from symcheck.solvers import Output, Quantity, Solution, Solver

def _double(inputs, digits):
    return Solution({"y": str(2 * inputs["x"])}, digits, "exact")

derivation = Derivation("doubler", "Doubling", solvers=[Solver(
    "double", "y = 2x", inputs=(Quantity("x", "m", "a length", low="0", high="10", sweep="either", column="x_m"),),
    outputs=(Output("y", "m", "twice x"),), solve=_double)])
'''


def test_solve_and_sweep_for_a_file_that_declares_a_solver(tmp_path, capsys):
    path = tmp_path / "doubler.py"
    path.write_text(DOUBLER)
    code, out, err = run_cli(capsys, "solve", str(path), "double", "--x", "1.5", "--json")
    assert code == 0, err
    assert json.loads(out)["y"] == "3.0"
    code, out, err = run_cli(capsys, "--derivation", str(path), "sweep", "double", "--x", "1:2:3",
                             "--out", str(tmp_path / "out.csv"))
    assert code == 0, err
    assert (tmp_path / "out.csv").read_text().splitlines() == ["x_m,y,digits", "1,2,12", "1.5,3.0,12", "2,4,12"]


def test_a_derivations_folder_in_the_working_directory_does_not_shadow_the_content(tmp_path):
    # A physicist's own project has a derivations/ package of its own (the layout this repository uses).
    mine = tmp_path / "derivations"
    mine.mkdir()
    (mine / "__init__.py").write_text("raise ImportError('the user package was imported instead of the content')\n")
    (mine / "bohr.py").write_text(TOY.format(name="bohr", pi="3.14"))
    listed = _symcheck(tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    assert "3.12-" in listed.stdout
    bcs = _symcheck(tmp_path, "list", "--derivation", "bcs-weak-coupling")
    assert bcs.returncode == 0, bcs.stderr
    # ... and the user's own folder is still reachable as a file
    own = _symcheck(tmp_path, "list", "derivations/bohr.py")
    assert own.returncode == 0 and own.stdout.startswith("A toy of my own [bohr]"), own.stderr
