"""Checks run on worker processes give the results of a run in one process, in the same order."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, replace

import pytest
import sympy as sp

from symcheck import Claim, Derivation, Identity, Inequality
from symcheck.checks import Check
from symcheck.cli import main
from symcheck.errors import SymcheckError
from symcheck.results import Result, Status
from symcheck.runner import RunnerError, default_workers, parse_workers, run_in_order

x = sp.Symbol("x", positive=True)


@dataclass(frozen=True)
class _Raises(Check):
    kind = "check"

    def _run(self) -> Result:
        raise ZeroDivisionError("a bug in the check")


@dataclass(frozen=True)
class _Sleeps(Check):
    kind = "check"

    def _run(self) -> Result:
        time.sleep(5)
        return self._result(Status.HOLDS, "slept")


@dataclass(frozen=True)
class _Exits(Check):
    kind = "check"

    def _run(self) -> Result:
        os._exit(3)  # the process ends as if killed: no exception, no result


@dataclass(frozen=True)
class _Pid(Check):
    kind = "check"

    def _run(self) -> Result:
        return self._result(Status.HOLDS, "ran", str(os.getpid()))


def _checks() -> list[Check]:
    return [
        Identity("root", sp.sqrt(x**2), x),
        Identity("wrong", sp.sqrt(x**2), -x),
        _Raises("raises"),
        Claim("pi", "3.14", sp.pi),
        _Sleeps("slow", run_time_limit=0.2),
        Inequality("negative", -sp.E, "<", "0"),
        Claim("pi-wrong", "3.15", sp.pi),
    ]


def _timeless(results: list[Result]) -> list[Result]:
    return [replace(r, seconds=None) for r in results]


@pytest.mark.parametrize("workers", [2, 3, 20])
def test_workers_give_the_single_process_results_in_order(workers):
    checks = _checks()
    alone = list(run_in_order(checks, 1))
    forked = list(run_in_order(checks, workers))
    assert [r.id for r in forked] == [c.id for c in checks]
    assert _timeless(forked) == _timeless(alone)
    by_id = {r.id: r for r in forked}
    assert by_id["raises"].status is Status.ERROR and "ZeroDivisionError" in by_id["raises"].detail
    assert by_id["slow"].status is Status.ERROR and by_id["slow"].method == "time limit"
    assert by_id["wrong"].status is Status.FAILS and by_id["pi"].status is Status.HOLDS


def test_workers_are_other_processes_and_one_worker_is_this_one():
    checks = [_Pid(f"pid-{i}") for i in range(6)]
    assert {r.detail for r in run_in_order(checks, 1)} == {str(os.getpid())}
    forked = {r.detail for r in run_in_order(checks, 2)}
    assert str(os.getpid()) not in forked and 1 <= len(forked) <= 2


def test_a_worker_that_dies_is_an_error_naming_the_run_not_a_hang():
    with pytest.raises(RunnerError, match="worker process died"):
        list(run_in_order([Claim("pi", "3.14", sp.pi), _Exits("exits"), Claim("e", "2.72", sp.E)], 2))


def test_derivation_run_takes_workers():
    d = Derivation("demo", "A demo")
    d.add_checks(_checks())
    assert _timeless(d.run(workers=2)) == _timeless(d.run())


def test_parse_workers():
    assert parse_workers("1") == 1 and parse_workers(" AUTO ") == default_workers() >= 1
    for bad in ("0", "-2", "two", ""):
        with pytest.raises(SymcheckError, match="--workers must be a positive integer or 'auto'"):
            parse_workers(bad)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# one of each kind, an erratum and a deviation among them, and the slowest check of the paper
_IDS = ("2.1", "2.9", "3.12", "3-scaling-EF-R2", "table1-Cs-E_lambda_R111", "claim-A-C-range")


@pytest.mark.parametrize("derivation", ["exchange-pairing", "bcs-weak-coupling"])
def test_cli_json_and_text_are_the_same_on_one_and_two_workers(capsys, derivation):
    ids = _IDS if derivation == "exchange-pairing" else ("1", "5", "9")
    code_1, json_1, _ = _cli(capsys, "check", "--json", "--workers", "1", "--derivation", derivation, *ids)
    code_2, json_2, _ = _cli(capsys, "check", "--json", "-j", "2", "--derivation", derivation, *ids)
    assert code_1 == code_2
    one, two = json.loads(json_1), json.loads(json_2)
    for data in (one, two):
        for result in data["results"]:
            assert result.pop("seconds") is not None
    assert one == two and len(one["results"]) > len(ids)
    text_1 = _cli(capsys, "check", "-j", "1", "--derivation", derivation, *ids)[1]
    text_2 = _cli(capsys, "check", "-j", "2", "--derivation", derivation, *ids)[1]
    assert text_1 == text_2 and "checks:" in text_1


@pytest.mark.parametrize("value", ["0", "many"])
def test_cli_bad_workers_is_one_line(capsys, value):
    with pytest.raises(SystemExit) as exited:  # argparse exits by itself
        main(["check", "2.1", "--workers", value])
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == ""
    assert err.count("\n") == 1 and "--workers" in err and "positive integer or 'auto'" in err


def test_cli_hands_the_worker_count_to_the_runner(capsys, monkeypatch):
    import symcheck.runner

    asked: list[int] = []
    real = symcheck.runner.run_in_order

    def recording(checks, workers=1):
        asked.append(workers)
        return real(checks, 1)

    monkeypatch.setattr(symcheck.runner, "run_in_order", recording)
    for args in (["-j", "3"], ["--workers", "1"], [], ["--workers", "auto"]):
        assert main(["check", "3.12", *args]) == 0
    assert asked == [3, 1, default_workers(), default_workers()]
    capsys.readouterr()
