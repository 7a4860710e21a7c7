"""BCS weak coupling, solvers and figure: ``symcheck solve tc|gap`` and ``sweep gap`` on the engine's
solver facility, and the Δ(T)/Δ(0) figure of the report."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest

from symcheck_derivations.bcs_weak_coupling import numerics
from symcheck_derivations.bcs_weak_coupling.solvers import SOLVE_GAP, SOLVE_TC
from symcheck.cli import main

BCS = ("--derivation", "bcs-weak-coupling")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_solve_tc_json(capsys):
    code, out, err = run(capsys, "solve", "tc", *BCS, "--coupling", "0.25", "--json")
    assert code == 0 and not err
    data = json.loads(out)
    assert data["t_c"] == numerics.t_c("0.25", 15).value and data["digits"] == 15
    assert data["t_c"].startswith("0.02076747868971")  # the weak-coupling 1.134 e^{-4} = 0.02077
    assert "agreeing to 15" in data["path"] and "sign change" in data["path"]


def test_solve_gap_json_and_text(capsys):
    code, out, _ = run(capsys, "solve", "gap", *BCS, "--coupling", "0.25", "--t", "0.5", "--digits", "20", "--json")
    data = json.loads(out)
    assert code == 0 and data["digits"] == 20
    assert data["delta"] == numerics.delta("0.25", "0.5", 20).value
    assert data["delta0"] == numerics.delta0("0.25", 20).value
    assert Decimal(data["delta"]) < Decimal(data["delta0"])
    code, out, _ = run(capsys, "solve", "gap", *BCS, "--coupling", "0.25", "--t", "1")
    assert code == 0 and out.splitlines()[0].startswith("Δ(T)/ħω_D = 0 ")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("solve", "tc", *BCS, "--coupling", "0"), "--coupling must be a positive number"),
        (("solve", "tc", *BCS, "--coupling", "101"), "--coupling must be at most 100"),
        (("solve", "tc", *BCS, "--coupling", "x"), "--coupling must be a number"),
        (("solve", "gap", *BCS, "--coupling", "0.2", "--t", "1.01"), "--t must be at most 1"),
        (("solve", "gap", *BCS, "--coupling", "0.2", "--t", "-0.5"), "--t must be from 0 to 1"),
        (("solve", "tc", *BCS, "--coupling", "0.2", "--digits", "101"), "--digits must be an integer from 6 to 100"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, args, fragment):
    code, out, err = run(capsys, *args)
    assert code == 2 and not out
    assert fragment in err and len(err.strip().splitlines()) == 1


def test_sweep_gap_csv(capsys, tmp_path):
    out_file = tmp_path / "gap.csv"
    code, _, err = run(capsys, "sweep", "gap", *BCS, "--coupling", "0.25", "--t", "0:1:3", "--digits", "8",
                       "--out", str(out_file))
    assert code == 0, err
    with open(out_file, newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["t"] for r in rows] == ["0", "0.5", "1"]
    assert rows[0]["delta"] == rows[0]["delta0"] == numerics.delta0("0.25", 8).value
    assert rows[1]["delta"] == numerics.delta("0.25", "0.5", 8).value and rows[2]["delta"] == "0"


def test_solver_declarations():
    assert SOLVE_TC.header == ["coupling", "t_c", "digits"]
    assert SOLVE_GAP.header == ["coupling", "t", "delta", "delta0", "digits"]
    assert SOLVE_GAP.digits == numerics.DIGITS_RANGE


@pytest.mark.slow
def test_figure_gap_against_temperature():
    from symcheck_derivations.bcs_weak_coupling.figures import gap_against_temperature

    figure = gap_against_temperature()
    solved, law = figure.series
    assert solved.y[0] == 1.0 and solved.y[-1] == 0.0
    assert list(solved.y) == sorted(solved.y, reverse=True)
    # the law of Eq. (9) meets the solved curve as T → T_c: within 0.1% at T/T_c = 0.999
    at = list(law.x).index(0.999)
    assert law.y[at] == pytest.approx(solved.y[list(solved.x).index(0.999)], rel=1e-3)
    assert law.y[0] > solved.y[list(solved.x).index(law.x[0])]  # and lies above it further down
