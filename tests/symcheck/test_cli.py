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


def test_version_short_and_long_flag(capsys):
    from importlib.metadata import version

    for flag in ("-V", "--version"):
        with pytest.raises(SystemExit) as exc:
            main([flag])
        assert exc.value.code == 0
        assert capsys.readouterr().out == f"symcheck {version('symcheck')}\n"


def test_check_quiet_prints_only_the_summary(capsys):
    full = main(["check", "3.12"])
    loud = capsys.readouterr().out
    quiet = main(["check", "-q", "3.12"])
    out = capsys.readouterr().out
    assert quiet == full
    summary = [line for line in loud.splitlines() if " checks: " in line or line.startswith("not as expected")]
    assert out.splitlines() == summary and summary


def _verdict_lines(monkeypatch, capsys, env: dict[str, str]) -> list[str]:
    for key in ("NO_COLOR", "SYMCHECK_FORCE_COLOR"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    main(["check"])
    return [line for line in capsys.readouterr().out.splitlines() if line and not line.startswith(" ")]


def test_verdicts_coloured_only_when_asked(monkeypatch, capsys):
    plain = _verdict_lines(monkeypatch, capsys, {})  # capsys is not a terminal
    assert plain and not any("\033[" in line for line in plain)
    assert not any("\033[" in line for line in _verdict_lines(monkeypatch, capsys, {"NO_COLOR": "", "SYMCHECK_FORCE_COLOR": "1"}))
    coloured = _verdict_lines(monkeypatch, capsys, {"SYMCHECK_FORCE_COLOR": "1"})
    colours = {"holds": "\033[32m", "FAILS": "\033[31m", "ERROR": "\033[33m", "inconclusive": "\033[33m"}
    for line in coloured[: len(plain) - 2]:
        word = line.split("\033[0m")[0].split("m", 1)[-1] if line.startswith("\033[") else line.split()[0]
        muted = "(known erratum)" in line or "(known deviation)" in line
        if muted:
            assert line.startswith(f"\033[2m{word}\033[0m")
        elif word in colours:
            assert line.startswith(f"{colours[word]}{word}\033[0m")
    assert any("\033[2m" in line for line in coloured) and any("\033[32m" in line for line in coloured)
    strip = [line.replace("\033[0m", "").replace("\033[2m", "").replace("\033[31m", "").replace("\033[32m", "").replace("\033[33m", "") for line in coloured]
    assert strip == plain


@pytest.mark.parametrize("status, ok, expected, colour", [
    ("HOLDS", True, "HOLDS", "\033[32m"),
    ("FAILS", False, "HOLDS", "\033[31m"),
    ("ERROR", False, "HOLDS", "\033[33m"),
    ("INCONCLUSIVE", False, "HOLDS", "\033[33m"),
    ("FAILS", True, "FAILS", "\033[2m"),  # a known erratum, as expected
])
def test_each_verdict_has_its_colour(status, ok, expected, colour):
    from types import SimpleNamespace

    from symcheck.cli import _MARK, _verdict
    from symcheck.results import Status

    result = SimpleNamespace(status=Status[status], ok=ok, expected=Status[expected])
    word = _MARK[Status[status]]
    assert _verdict(result, True) == f"{colour}{word}\033[0m" + " " * (12 - len(word))
    assert _verdict(result, False) == f"{word:<12}"
