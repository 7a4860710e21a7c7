"""The solve and sweep commands: the JSON/CSV contract, one-line errors, no file left behind."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest

from symcheck.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_solve_c_json(capsys):
    code, out, _ = run(capsys, "solve", "c", "--e1", "1", "--tc", "1", "--digits", "12", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"C", "E_lambda_eV", "digits"} <= set(data)
    assert data["C"] == "9.55501581829" and data["digits"] == 12 and isinstance(data["C"], str)
    assert data["E_lambda_eV"] == "1.00082338756"


def test_solve_tc_json(capsys):
    code, out, _ = run(capsys, "solve", "tc", "--e-lambda", "3.09", "--e-fermi", "3.2", "--delta", "0.2", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"Tc_K", "E1_eV", "C", "digits"} <= set(data)
    assert data["Tc_K"] == "193.250569364" and data["E1_eV"] == "3.0" and data["digits"] == 12
    assert data["path"].startswith("double")
    code, out, _ = run(capsys, "solve", "tc", "--e-lambda", "3.09", "--e-fermi", "3.2", "--delta", "0.2", "--digits",
                       "15", "--json")
    data = json.loads(out)
    assert data["Tc_K"].startswith("193.25056936404") and data["digits"] == 15 and not data["path"].startswith("double")


@pytest.mark.parametrize("problem, args", [
    ("c", ["--e1", "1", "--tc", "1"]),
    ("tc", ["--e-lambda", "3.09", "--e-fermi", "3.2", "--delta", "0.2"]),
])
def test_solve_defaults_to_the_digits_the_double_path_verifies_and_says_so(capsys, problem, args):
    code, out, _ = run(capsys, "solve", problem, *args)
    assert code == 0 and "(12 digits verified; double (enclosure verified" in out
    with pytest.raises(SystemExit):
        main(["solve", problem, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "(default 12; the most the double-precision path verifies" in text and "more digits take a slower path" in text


def test_solve_tc_zero_under_3_4(capsys):
    code, out, _ = run(capsys, "solve", "tc", "--e-lambda", "3.09", "--e-fermi", "3.5", "--delta", "0.2", "--json")
    data = json.loads(out)
    assert code == 0 and data["Tc_K"] == "0" and data["C"] is None and data["regime"] == "3.4"


def test_solve_human_output(capsys):
    code, out, _ = run(capsys, "solve", "c", "--e1", "3", "--tc", "0.1", "--digits", "8")
    assert code == 0 and out.startswith("C = 12.955813") and "8 digits verified" in out


@pytest.mark.parametrize("args, fragment", [
    (["solve", "c", "--e1", "-1", "--tc", "1"], "--e1 must be a positive number in eV, got '-1'"),
    (["solve", "c", "--e1", "0", "--tc", "1"], "--e1 must be a positive"),
    (["solve", "c", "--e1", "nan", "--tc", "1"], "--e1 must be a finite number"),
    (["solve", "c", "--e1", "1", "--tc", "inf"], "--tc must be a finite number"),
    (["solve", "c", "--e1", "one", "--tc", "1"], "--e1 must be a number in eV"),
    (["solve", "c", "--e1", "1", "--tc", "1", "--digits", "5"], "--digits must be an integer from 6 to 100"),
    (["solve", "c", "--e1", "1", "--tc", "1", "--digits", "x"], "--digits must be an integer"),
    (["solve", "c", "--e1", "1", "--tc", "1", "--dos", "__import__('os')"], "function '__import__' is not accepted"),
    (["solve", "c", "--e1", "1", "--tc", "1", "--dos", "E.real"], "Attribute syntax is not accepted"),
    (["solve", "c", "--e1", "1", "--tc", "1", "--dos=-sqrt(E)"], "must be positive"),
    (["solve", "c", "--e1", "1", "--tc", "1", "--dos", "1/E"], "integrable"),
    (["solve", "tc", "--e-lambda", "3", "--e-fermi", "3.5", "--delta", "3.6"], "from Eq. (3.8) is not above zero"),
    (["solve", "tc", "--e-lambda", "3", "--e-fermi", "3", "--delta", "-0.1"], "--delta must be a positive"),
])
def test_solve_errors_are_one_line_exit_2(capsys, args, fragment):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("symcheck: error: ") and fragment in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_dos_injection_refused_in_a_real_process(tmp_path):
    marker = tmp_path / "pwned"
    proc = subprocess.run(
        [sys.executable, "-m", "symcheck", "solve", "c", "--e1", "1", "--tc", "1",
         "--dos", f"__import__('os').system('touch {marker}')"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2 and not marker.exists()
    assert proc.stderr.count("\n") == 1 and "not accepted" in proc.stderr and proc.stdout == ""


def _read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_sweep_c_csv_endpoints_and_log_axis(capsys, tmp_path):
    out_file = tmp_path / "c.csv"
    code, _, err = run(capsys, "sweep", "c", "--e1", "0.25:3:3", "--tc", "0.1:50:4", "--log", "--out", str(out_file))
    assert code == 0 and "wrote 12 rows" in err
    rows = _read(out_file)
    assert list(rows[0])[:3] == ["E1_eV", "Tc_K", "C"] and len(rows) == 12
    e1s = sorted({r["E1_eV"] for r in rows}, key=float)
    tcs = sorted({r["Tc_K"] for r in rows}, key=float)
    assert e1s == ["0.25", "1.625", "3"] and tcs[0] == "0.1" and tcs[-1] == "50"
    # log spacing: equal ratios
    ratios = [float(b) / float(a) for a, b in zip(tcs, tcs[1:])]
    assert max(ratios) - min(ratios) < 1e-9
    corner = next(r for r in rows if r["E1_eV"] == "0.25" and r["Tc_K"] == "50")
    assert corner["C"] == "4.29287250959" and corner["digits"] == "12"
    assert not [p for p in os.listdir(tmp_path) if p != "c.csv"]


def test_a_batched_sweep_is_not_estimated_from_one_point(capsys, tmp_path):
    # one point through the batch costs about what a chunk does: estimated from the first and
    # last points alone, these 10,000 points (well under a second) were announced as about 40 s
    code, _, err = run(capsys, "sweep", "c", "--e1", "0.5:2:100", "--tc", "0.5:20:100", "--out", str(tmp_path / "c.csv"))
    assert code == 0 and "wrote 10000 rows" in err
    assert "points, about" not in err, err


def test_sweep_workers_give_the_same_csv(capsys, tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    assert run(capsys, "sweep", "c", "--e1", "1:2:3", "--tc", "1:3:3", "--out", str(one))[0] == 0
    assert run(capsys, "sweep", "c", "--e1", "1:2:3", "--tc", "1:3:3", "--workers", "2", "--out", str(two))[0] == 0
    assert one.read_text() == two.read_text()


def test_sweep_tc_dome(capsys, tmp_path):
    out_file = tmp_path / "dome.csv"
    code, _, _ = run(capsys, "sweep", "tc", "--e-lambda", "3.09", "--e-fermi", "3.0:3.2:5", "--delta", "0.1",
                     "--digits", "8", "--out", str(out_file))
    assert code == 0
    rows = _read(out_file)
    assert [r["E_F_eV"] for r in rows] == ["3.0", "3.05", "3.1", "3.15", "3.2"]
    assert [r["regime"] for r in rows] == ["3.5/3.7", "3.5/3.7", "3.6/3.8", "3.6/3.8", "3.4"]
    assert rows[0]["Tc_K"] == rows[1]["Tc_K"]  # the plateau below E_λ=2R
    assert rows[-1]["Tc_K"] == "0"


@pytest.mark.parametrize("args, fragment", [
    (["--e1", "1:2", "--tc", "1:2:2"], "--e1 must be a range A:B:N"),
    (["--e1", "2:1:3", "--tc", "1:2:2"], "A must not exceed B"),
    (["--e1", "1:2:0", "--tc", "1:2:2"], "from 1 to 100000"),
    (["--e1", "1:2:x", "--tc", "1:2:2"], "whole number"),
    (["--e1=-1:2:3", "--tc", "1:2:2"], "positive finite"),
    (["--e1", "1:2:3", "--tc", "1:nan:2"], "positive finite"),
    (["--e1", "1:2:3", "--tc", "1:2:2", "--workers", "0"], "--workers must be an integer from 1"),
    (["--e1", "1:2:3", "--tc", "1:2:2", "--digits", "101"], "--digits must be"),
    (["--e1", "1:2:3", "--tc", "1:2:2", "--dos", "os.system('x')"], "not accepted"),
])
def test_sweep_errors_leave_no_file(capsys, tmp_path, args, fragment):
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "sweep", "c", *args, "--out", str(target))
    assert code == 2 and err.count("\n") == 1 and fragment in err
    assert os.listdir(tmp_path) == []


def test_sweep_unwritable_output(capsys, tmp_path):
    missing = tmp_path / "no-such-folder" / "x.csv"
    code, _, err = run(capsys, "sweep", "c", "--e1", "1:1:1", "--tc", "1:1:1", "--out", str(missing))
    assert code == 2 and "does not exist" in err and err.count("\n") == 1
    code, _, err = run(capsys, "sweep", "c", "--e1", "1:1:1", "--tc", "1:1:1", "--out", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_sweep_refuses_a_non_regular_target(capsys, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "sweep", "c", "--e1", "1:1:1", "--tc", "1:1:1", "--out", str(fifo))
    assert code == 2 and "not a regular file" in err and err.count("\n") == 1
    assert os.listdir(tmp_path) == ["pipe.csv"]


def test_sweep_failing_midway_leaves_no_file(capsys, tmp_path):
    target = tmp_path / "out.csv"
    # a decreasing DOS has no root: the first point fails, the partial file is removed
    code, _, err = run(capsys, "sweep", "c", "--e1", "1:2:2", "--tc", "1:2:2", "--dos", "1/sqrt(E)", "--out", str(target))
    assert code == 2 and "no root" in err and err.count("\n") == 1
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("args, fragment", [
    (["solve", "c", "--e1", "1e-400", "--tc", "1"], "--e1 must be from 1e-100 to 1e6 eV, got '1e-400'"),
    (["solve", "c", "--e1", "1", "--tc", "1e-400"], "--tc must be from 1e-100 to 1e6 K, got '1e-400'"),
    (["solve", "tc", "--e-lambda", "3", "--e-fermi", "3", "--delta", "1e-300"], "--delta must be from 1e-100 to 1e6 eV"),
    (["sweep", "c", "--e1", "1e-400:1:3", "--tc", "1:2:2", "--out", "x.csv"], "--e1: A and B must be from 1e-100 to 1e6 eV"),
])
def test_values_below_the_solvers_range_are_one_line(capsys, tmp_path, monkeypatch, args, fragment):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and fragment in err
    assert os.listdir(tmp_path) == []


def test_the_sweep_size_is_refused_before_any_point_is_made(capsys, tmp_path):
    import tracemalloc

    tracemalloc.start()
    try:
        code, _, err = run(capsys, "sweep", "c", "--e1", "1:2:2000", "--tc", "1:2:1000", "--out", str(tmp_path / "x.csv"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 2 and "the sweep has 2000 x 1000 = 2000000 points; at most 1000000" in err
    assert peak < 5_000_000, f"{peak} bytes used before refusing"  # 2e6 jobs held at once take ~160 MB
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_sweep_csv_mode_follows_the_umask(capsys, tmp_path, umask, mode):
    target = tmp_path / "c.csv"
    old = os.umask(umask)
    try:
        code, _, _ = run(capsys, "sweep", "c", "--e1", "1:1:1", "--tc", "1:1:1", "--out", str(target))
    finally:
        os.umask(old)
    assert code == 0 and (os.stat(target).st_mode & 0o777) == mode


def test_sweep_over_an_existing_file_keeps_its_mode(capsys, tmp_path):
    target = tmp_path / "c.csv"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    assert run(capsys, "sweep", "c", "--e1", "1:1:1", "--tc", "1:1:1", "--out", str(target))[0] == 0
    assert (os.stat(target).st_mode & 0o777) == 0o640 and target.read_text().startswith("E1_eV,")


def test_an_integrable_borderline_dos_is_accepted(capsys):
    # ∫ dE / (E log²(E/10)) = -1/log(E/10) is finite at 0: the power-law test cannot tell, the logarithmic one can
    code, out, err = run(capsys, "solve", "c", "--e1", "2", "--tc", "100", "--digits", "8", "--dos", "1/(E*log(E/10)**2)")
    assert code == 0 and out.startswith("C = 6.3726453 ") and err == ""


@pytest.mark.parametrize("dos, fragment", [
    ("1/E", "is not integrable at E = 0: the power-law test refused it (S = A E^p with p = -1"),
    ("(1+E)/E", "is not integrable at E = 0: the logarithmic test refused it"),
    ("1/(E*abs(log(E/10)))", "cannot decide whether it is integrable at E = 0"),
])
def test_an_integrability_refusal_names_its_test(capsys, dos, fragment):
    code, out, err = run(capsys, "solve", "c", "--e1", "1", "--tc", "1", "--dos", dos)
    assert code == 2 and out == "" and err.count("\n") == 1 and fragment in err


@pytest.mark.parametrize("phase, dos", [
    ("classify", "abs(sin(E)-cos(E))**abs(log(E))"),  # SymPy takes seconds to simplify its log-slope
    ("validate", "sqrt(E)*(2 + sin(E))"),
])
def test_a_dos_phase_that_runs_out_of_time_says_which(capsys, monkeypatch, phase, dos):
    from symcheck_derivations.exchange_pairing import solvers as gap_cli

    monkeypatch.setitem(gap_cli.DOS_PHASE_SECONDS, phase, 0.001)  # less than any run of the phase takes
    gap_cli._dos.cache_clear()
    code, out, err = run(capsys, "solve", "c", "--e1", "1", "--tc", "1", "--dos", dos)
    gap_cli._dos.cache_clear()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"--dos {dos!r}: gave up in the {phase} phase after 0.001 s" in err


def test_sweep_out_dash_writes_the_whole_csv_to_stdout(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    reference = tmp_path / "ref.csv"
    assert run(capsys, "sweep", "c", "--e1", "1:2:3", "--tc", "1:3:3", "--out", str(reference))[0] == 0
    code, out, err = run(capsys, "sweep", "c", "--e1", "1:2:3", "--tc", "1:3:3", "--out", "-")
    assert code == 0 and out == reference.read_bytes().decode() and "wrote 9 rows to stdout" in err
    assert os.listdir(tmp_path) == ["ref.csv"]  # no file named '-'


def test_sweep_out_dash_failing_midway_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "sweep", "c", "--e1", "1:2:2", "--tc", "1:2:2", "--dos", "1/sqrt(E)", "--out", "-")
    assert code == 2 and out == "" and "no root" in err and err.count("\n") == 1
    assert os.listdir(tmp_path) == []
