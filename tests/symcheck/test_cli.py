"""The CLI contract: list/check output, JSON keys, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from symcheck.cli import main

JSON_KEYS = {"id", "equation", "kind", "status", "method", "where", "paper_value", "computed_value", "detail"}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_labels_and_checks(capsys):
    code, out, _ = run_cli(capsys, "list", "--json")
    assert code == 0
    data = json.loads(out)
    labels = {eq["label"] for eq in data["equations"]}
    assert {"3.1", "3.2", "3.12", "3.13"} <= labels
    ids = {c["id"] for c in data["checks"]}
    assert "table1-Na-E_F" in ids and "3.12-standard-form" in ids


def test_check_json_contract(capsys):
    code, out, _ = run_cli(capsys, "check", "3.12", "table1-Cs-E_lambda_R111", "--json")
    assert code == 0
    results = json.loads(out)["results"]
    assert [r["id"] for r in results][-1] == "table1-Cs-E_lambda_R111"
    for r in results:
        assert JSON_KEYS <= set(r)
    cs = results[-1]
    assert cs["where"] == "Table 1, Cs, E_λ=2R for R_111"
    assert cs["paper_value"] == "1.33" and cs["computed_value"].startswith("1.329")
    assert cs["kind"] == "claim" and cs["equation"] == "3.2"


def test_check_human_table(capsys):
    code, out, _ = run_cli(capsys, "check", "3-scaling-EF-R2")
    assert code == 0
    assert "known erratum" in out and "1 checks" in out


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["frobnicate"], "invalid choice"),
        (["check", "no-such-check"], "unknown check ID"),
        (["check", "--bogus"], "unrecognized arguments"),
        (["list", "--derivation", "nope"], "unknown derivation"),
        ([], "required"),
    ],
)
def test_usage_errors_are_one_line_exit_2(capsys, args, fragment):
    try:
        code = main(args)
    except SystemExit as exc:  # argparse exits by itself
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_console_script_and_module_entry_points():
    # the console script is declared to run the same main; the module entry runs through this
    # interpreter, so the test does not depend on the environment's bin directory being on PATH
    from importlib.metadata import entry_points

    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "symcheck"]
    assert script.value == "symcheck.cli:main"
    done = subprocess.run([sys.executable, "-m", "symcheck", "check", "nope"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("symcheck: error: unknown check ID") and done.stderr.count("\n") == 1


def test_exit_1_when_a_check_is_not_as_expected(monkeypatch, capsys):
    import sympy as sp

    from symcheck import Claim, Derivation
    from symcheck import cli

    d = Derivation("demo", "demo")
    d.add_check(Claim("wrong", "3.15", sp.pi))
    monkeypatch.setattr(cli, "load", lambda name=None: d)
    assert main(["check"]) == 1
    assert "not as expected: wrong" in capsys.readouterr().out
