"""The solver facility: declarations, input checking, and solve/sweep for a derivation the engine has
never seen (a toy with one verified root), through the real command line."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
from decimal import Decimal

import mpmath
import pytest

from symcheck import cli
from symcheck.derivation import Derivation
from symcheck.errors import InputError, SymcheckError
from symcheck.numerics import agreement_digits, round_to_digits
from symcheck.solvers import (
    Output,
    Quantity,
    Solution,
    Solver,
    parse_digits,
    time_limited,
)

# -- a toy derivation: x = a^(1/n), verified at two precisions ----------------------------------------
prechecked: list[dict] = []


def _root(inputs, digits):
    a, n = inputs["a"], int(inputs["n"])
    sign = 1
    if inputs["negate"]:  # the real root of -a
        if n % 2 == 0:
            raise InputError(f"--negate: a root of order {n} of a negative number is not real")
        sign = -1
    values = []
    for extra in (5, 15):
        with mpmath.workdps(digits + extra):
            values.append(sign * mpmath.root(mpmath.mpf(str(a)), n))
    got = agreement_digits(values[0], values[1], cap=digits)
    with mpmath.workdps(digits + 15):
        square = round_to_digits(values[1] ** 2, got)
    return Solution({"x": round_to_digits(values[1], got), "x2": square, "none": None}, got,
                    "mpmath at two precisions", detail=f"label {inputs['label']}")


def _precheck(inputs, digits):
    prechecked.append(dict(inputs))
    if inputs["label"] == "refused":
        raise InputError("--label 'refused' is refused by the precheck")


ROOT = Solver(
    "root", "x = a^(1/n)",
    inputs=(
        Quantity("n", "", "the order of the root", low="1", high="9", metavar="N", sweep="either", column="n"),
        Quantity("a", "m", "the radicand", low="1e-9", high="1e9", label="a", sweep="range", column="a_m",
                 log_flag="--log"),
        Quantity("label", kind="text", parse=str.strip, help="a label", metavar="WORD"),
        Quantity("negate", kind="flag", help="take the root of -a"),
    ),
    outputs=(Output("x", "m^(1/n)", "the root", label="x"), Output("x2", "", "its square"), Output("none")),
    solve=_root, precheck=_precheck, default_digits=20, sweep_digits=10,
)
BROKEN = Solver("broken", "answers the wrong outputs", inputs=(Quantity("v", low="0", high="1"),),
                outputs=(Output("y"),), solve=lambda inputs, digits: Solution({"z": "1"}, digits, "none"))
chunks: list[int] = []
alone: list[dict] = []


def _root_batch(points, digits):
    """Solves the points of odd order at once (as ``_root`` would) and leaves the even ones alone."""
    chunks.append(len(points))
    return [_root(p, digits) if int(p["n"]) % 2 else None for p in points]


def _root_alone(inputs, digits):
    alone.append(dict(inputs))
    return _root(inputs, digits)


BATCHED = dataclasses.replace(ROOT, name="rootb", solve=_root_alone, solve_batch=_root_batch)
SHORT = dataclasses.replace(ROOT, name="short", solve_batch=lambda points, digits: [None])
built: list[str] = []
TOY = Derivation("toy", "A toy", solvers=[ROOT, BROKEN, BATCHED, SHORT], builders=[lambda d: built.append("built")])


@pytest.fixture(autouse=True)
def _toy(monkeypatch):
    monkeypatch.setattr(cli, "load", lambda name: TOY)
    prechecked.clear()


def run(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


# -- declarations ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, message", [
    ("abc", "--x must be a number in eV, got 'abc'"),
    ("nan", "--x must be a finite number in eV, got 'nan'"),
    ("0", "--x must be a positive number in eV, got '0'"),
    ("-2", "--x must be a positive number in eV, got '-2'"),
    ("2e6", "--x must be at most 1e6 eV, got '2e6'"),
    ("1e-200", "--x must be from 1e-100 to 1e6 eV, got '1e-200'"),
])
def test_a_positive_number_is_refused_in_one_line_naming_what_is_accepted(text, message):
    q = Quantity("x", "eV", low="1e-100", high="1e6")
    with pytest.raises(InputError) as info:
        q.value(text)
    assert str(info.value) == message


def test_a_range_including_zero_accepts_its_ends_and_says_its_bounds():
    t = Quantity("t", "", low="0", high="1")
    assert t.value("0") == 0 and t.value(" 1 ") == 1
    with pytest.raises(InputError, match=r"^--t must be from 0 to 1, got '-0.5'$"):
        t.value("-0.5")
    with pytest.raises(InputError, match=r"^--t must be at most 1, got '1.5'$"):
        t.value("1.5")
    assert t.range("0:1:3") == (Decimal(0), Decimal(1), 3)
    with pytest.raises(InputError, match="A and B must be finite numbers \\(at most 1\\)"):
        t.range("0:2:3")
    with pytest.raises(InputError, match="A and B must be from 0 to 1"):
        t.range("-1:1:3")


@pytest.mark.parametrize("text, fragment", [
    ("1:2", "must be a range A:B:N (from A to B m in N points)"),
    ("1:x:3", "with numbers A, B in m"),
    ("0:2:3", "A and B must be positive finite numbers in m (at most 1e9)"),
    ("1:2:0", "N in A:B:N must be from 1 to 100000"),
    ("1:2:1.5", "whole number"),
    ("2:1:3", "A must not exceed B"),
    ("1:2:1", "one point (N = 1) needs A = B"),
    ("1:1:2", "A = B needs N = 1"),
])
def test_range_errors(text, fragment):
    with pytest.raises(InputError) as info:
        ROOT.input("a").range(text)
    assert fragment in str(info.value) and str(info.value).startswith("--a")


@pytest.mark.parametrize("make, fragment", [
    (lambda: Quantity("not a name"), "Python identifier"),
    (lambda: Quantity("f", kind="text"), "needs a parse function"),
    (lambda: Quantity("f", kind="flag", sweep="range", column="f"), "only numbers can be swept"),
    (lambda: Quantity("v", sweep="range"), "needs a CSV column"),
    (lambda: Quantity("v", low="2", high="1"), "exceeds high"),
    (lambda: Quantity("v", low="x"), "not a finite decimal"),
    (lambda: Solver("s", "", (Quantity("v"), Quantity("v")), (Output("y"),), _root), "declared twice"),
    (lambda: Solver("s", "", (Quantity("v", sweep="range", column="y"),), (Output("y"),), _root), "columns must differ"),
    (lambda: Solver("s", "", (Quantity("v", sweep="range", column="v"),), (Output("y"),), _root, nesting=("w",)),
     "nesting must order"),
    (lambda: Solver("s", "", (Quantity("v"),), (Output("y"),), _root, json_keys=("y",)), "json_keys"),
    (lambda: Solver("s", "", (Quantity("v"),), (Output("y"),), _root, default_digits=3), "default digits"),
    (lambda: Derivation("d", "D", solvers=[ROOT, ROOT]), "solver name is declared twice"),
])
def test_a_declaration_that_cannot_work_is_refused(make, fragment):
    with pytest.raises(SymcheckError, match=fragment.replace("(", r"\(")):
        make()


def test_digits_are_checked_against_the_solver_bounds():
    assert parse_digits("7", (6, 100)) == 7
    with pytest.raises(InputError, match=r"^--digits must be an integer from 6 to 100, got '5'$"):
        parse_digits("5", (6, 100))


def test_time_limited_names_its_own_limit():
    import time

    with pytest.raises(InputError, match="^slow step$"):
        time_limited(lambda: time.sleep(2), 0.05, lambda: "slow step")
    assert time_limited(lambda: 3, 1.0, lambda: "unused") == 3


# -- solve ----------------------------------------------------------------------------------------------
def test_solve_json_carries_only_verified_digits(capsys):
    code, out, err = run(capsys, "solve", "root", "--a", "2", "--n", "2", "--digits", "12", "--json", "--label", " w ")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert list(data) == ["x", "x2", "none", "digits", "path", "detail"]
    assert data == {"x": "1.41421356237", "x2": "2.00000000000", "none": None, "digits": 12,
                    "path": "mpmath at two precisions", "detail": "label w"}


def test_solve_text_output_and_precheck(capsys):
    code, out, _ = run(capsys, "solve", "root", "--a", "27", "--n", "3", "--label", "cube")
    assert code == 0
    assert out.splitlines() == [
        "x = 3.0000000000000000000 m^(1/n)   (20 digits verified; mpmath at two precisions)",
        "x2 = 9.0000000000000000000", "none = undefined", "label cube",
    ]
    assert prechecked == [{"n": Decimal(3), "a": Decimal(27), "label": "cube", "negate": False}]


@pytest.mark.parametrize("args, message", [
    (["--a", "2", "--n", "0"], "--n must be a positive number, got '0'"),
    (["--a", "x", "--n", "2"], "--a must be a number in m, got 'x'"),
    (["--a", "2", "--n", "2", "--digits", "101"], "--digits must be an integer from 6 to 100, got '101'"),
    (["--a", "2", "--n", "2", "--label", "refused"], "--label 'refused' is refused by the precheck"),
])
def test_solve_errors_are_one_line_exit_2(capsys, args, message):
    code, out, err = run(capsys, "solve", "root", *args)
    assert (code, out, err) == (2, "", f"symcheck: error: {message}\n")


def test_a_missing_input_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["solve", "root", "--a", "2"])
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == "" and "required: --n" in err and err.count("\n") == 1


def test_a_solution_without_its_declared_outputs_is_a_bug_not_an_answer(capsys):
    with pytest.raises(TypeError, match="not a Solution of \\['y'\\]"):
        cli.main(["solve", "broken", "--v", "0.5"])


def test_solvers_need_no_build():
    built.clear()
    parser = cli.build_parser(TOY)
    assert parser.parse_args(["solve", "root", "--a", "1", "--n", "1"]).problem == "root"
    assert [c.name for c in TOY.commands] == ["solve", "sweep"] and built == []
    assert Derivation("plain", "No solvers").commands == []


# -- sweep ----------------------------------------------------------------------------------------------
def test_sweep_writes_declared_columns_in_nesting_order(capsys, tmp_path):
    target = tmp_path / "r.csv"
    code, out, err = run(capsys, "sweep", "root", "--n", "2:3:2", "--a", "1:4:3", "--label", "L", "--out", str(target))
    assert code == 0 and out == "" and err == "wrote 6 rows to " + str(target) + "\n"
    rows = _rows(target)
    assert rows[0] == ["n", "a_m", "x", "x2", "none", "digits"]
    assert [(r[0], r[1]) for r in rows[1:]] == [("2", "1"), ("2", "2.5"), ("2", "4"), ("3", "1"), ("3", "2.5"), ("3", "4")]
    assert rows[3][2:] == ["2.000000000", "4.000000000", "", "10"]
    # the precheck saw the top of every range (and the fixed inputs) before any point
    assert prechecked == [{"n": Decimal(3), "a": Decimal(4), "label": "L", "negate": False}]
    assert os.listdir(tmp_path) == ["r.csv"]


def test_sweep_log_axis_and_a_single_value_for_either(capsys, tmp_path):
    target = tmp_path / "r.csv"
    assert run(capsys, "sweep", "root", "--n", "2", "--a", "1:100:3", "--log", "--out", str(target))[0] == 0
    rows = _rows(target)
    assert [r[:2] for r in rows[1:]] == [["2", "1"], ["2", "10.0000000000000"], ["2", "100"]]
    assert rows[2][2] == "3.162277660"


def test_sweep_with_workers_gives_the_same_bytes(capsys, tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    grid = ["--n", "1:4:4", "--a", "1:3:5", "--digits", "15"]
    assert run(capsys, "sweep", "root", *grid, "--out", str(one))[0] == 0
    assert run(capsys, "sweep", "root", *grid, "--workers", "2", "--out", str(two))[0] == 0
    assert one.read_bytes() == two.read_bytes() and len(_rows(one)) == 21


def test_sweep_size_is_refused_from_the_ranges(capsys, tmp_path, monkeypatch):
    from symcheck import solver_commands

    monkeypatch.setattr(solver_commands, "MAX_POINTS", 10)
    code, _, err = run(capsys, "sweep", "root", "--n", "1:3:3", "--a", "1:2:4", "--out", str(tmp_path / "x.csv"))
    assert code == 2 and "the sweep has 3 x 4 = 12 points; at most 10 are accepted" in err
    assert os.listdir(tmp_path) == [] and prechecked == []


def test_a_point_failing_midway_leaves_no_file(capsys, tmp_path):
    target = tmp_path / "x.csv"
    # the temporary file is open when the last point (solved second) is refused
    code, out, err = run(capsys, "sweep", "root", "--n", "1:2:2", "--a", "1:2:2", "--negate", "--out", str(target))
    assert (code, out, err) == (2, "", "symcheck: error: --negate: a root of order 2 of a negative number is not real\n")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("args, fragment", [
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "--workers and --scheduler exclude each other"),
    (["--workers", "65"], "--workers must be an integer from 1 to 64"),
    (["--a", "1"], "--a must be a range A:B:N"),
])
def test_sweep_option_errors(capsys, tmp_path, args, fragment):
    base = {"--n": "2", "--a": "1:2:2"}
    for k in range(0, len(args), 2):
        base[args[k]] = args[k + 1]
    flat = [item for pair in base.items() for item in pair]
    code, out, err = run(capsys, "sweep", "root", *flat, "--out", str(tmp_path / "x.csv"))
    assert code == 2 and out == "" and err.count("\n") == 1 and fragment in err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_batch_hook_gets_whole_chunks_and_gives_the_rows_solving_alone_writes(capsys, tmp_path, workers):
    grid = ["--n", "1:4:4", "--a", "1:3:300", "--label", "L", "--digits", "12", "--workers", workers]
    plain, batched = tmp_path / "plain.csv", tmp_path / "batched.csv"
    assert run(capsys, "sweep", "root", *grid, "--out", str(plain))[0] == 0
    chunks.clear()
    alone.clear()
    assert run(capsys, "sweep", "rootb", *grid, "--out", str(batched))[0] == 0
    assert batched.read_bytes() == plain.read_bytes() and len(_rows(batched)) == 1201
    if workers == "1":  # (the workers' calls happen in other processes)
        assert max(chunks) == 1198 and sum(chunks) == 1200  # the ends one by one, the middle at once
        assert len(alone) == 600 and {int(p["n"]) for p in alone} == {2, 4}  # only what the batch left
        assert all(p["label"] == "L" and isinstance(p["a"], Decimal) for p in alone)


def test_a_batch_hook_answering_for_the_wrong_number_of_points_is_a_bug(capsys, tmp_path):
    with pytest.raises(TypeError, match="solve_batch gave 1 solutions for 3 points"):
        cli.main(["sweep", "short", "--n", "2", "--a", "1:2:5", "--out", str(tmp_path / "x.csv")])
    assert os.listdir(tmp_path) == []


def _double(jobs: list[int]) -> list[list[str]]:
    return [[str(2 * job)] for job in jobs]


@pytest.mark.parametrize("workers, largest", [(2, 64), (1, 64), (1, 500), (2, 2048)])
def test_sweep_jobs_are_made_as_needed_and_come_back_in_order(workers, largest):
    from symcheck import sweeping

    made: list[int] = []
    taken = 0
    lead = 0

    def job_at(k: int) -> int:
        made.append(k)
        return k

    rows = sweeping.run_points(_double, job_at, 3000, "test", sweeping.LocalProcesses(workers), largest)
    for taken, row in enumerate(rows, 1):
        lead = max(lead, len(made) - taken)
        assert row == [str(2 * (taken - 1))] if taken < 3000 else row == ["5998"]
    assert taken == 3000 and sorted(made) == list(range(3000))
    # chunks in flight, one being made, the ends: memory grows with the workers and the chunk, not the points
    size = sweeping.chunk_size(2998, workers, largest) if workers > 1 else largest
    bound = ((2 * sweeping.BATCH_PER_WORKER + 1) if workers > 1 else 1) * size + 2
    assert lead <= bound, f"{lead} jobs made ahead of the rows written (bound {bound})"


def test_eta_from_the_points_done():
    from symcheck.sweeping import eta

    assert eta(10.0, 1, 4) == "ETA 30 s"
    assert eta(10.0, 2, 4) == "ETA 10 s"
    assert eta(30.0, 1, 6) == "ETA 2:30"
    assert eta(5.0, 0, 4) == "ETA unknown"


class _Stderr:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
def test_progress_only_on_a_terminal_with_an_eta(monkeypatch, tty):
    from symcheck import sweeping

    stream = _Stderr(tty)
    monkeypatch.setattr(sweeping.sys, "stderr", stream)
    clock = iter([100.0, 110.0, 120.0])
    monkeypatch.setattr(sweeping.time, "monotonic", lambda: next(clock))
    progress = sweeping.Progress(4, "sweep toy")
    progress.update(1)  # 10 s in, 1 of 4 done
    progress.update(2)  # 20 s in, 2 of 4 done
    progress.close()
    if tty:
        assert stream.text.startswith("\rsweep toy [") and "1/4 points, 10.0 s, ETA 30 s" in stream.text
        assert "2/4 points, 20.0 s, ETA 20 s" in stream.text and stream.text.endswith("\n")
    else:
        assert stream.text == ""


from symcheck import sweeping  # noqa: E402


def _chunk_at_once(seconds: float):
    """A solver that, like a batch hook, costs the same for one point as for a whole chunk."""
    import time as _time

    def fn(chunk):
        _time.sleep(seconds)
        return [[str(job)] for job in chunk]
    return fn


@pytest.mark.parametrize("batched, estimate", [(False, True), (True, False)])
def test_a_batched_sweep_is_estimated_from_a_chunk_not_from_one_point(capsys, batched, estimate):
    # 0.05 s per call: one point at a time that is 50 s for 1,000 points (an estimate is printed);
    # a chunk of 250 at a time it is 0.2 s (none is)
    rows = list(sweeping.run_points(_chunk_at_once(0.05), lambda k: k, 1000, "sweep t",
                                    sweeping.LocalProcesses(1), 250, batched=batched))
    assert [int(r[0]) for r in rows] == list(range(1000))
    err = capsys.readouterr().err
    assert ("sweep t: 1000 points, about" in err) is estimate, err


def test_a_batched_sweep_that_is_long_says_so_after_its_first_chunk(capsys, monkeypatch):
    monkeypatch.setattr(sweeping, "ESTIMATE_SECONDS", 0.5)
    rows = list(sweeping.run_points(_chunk_at_once(0.05), lambda k: k, 6000, "sweep t",
                                    sweeping.LocalProcesses(1), 250, batched=True))
    assert len(rows) == 6000
    err = capsys.readouterr().err
    # 24 chunks of 250 at 0.05 s: about 1 s, measured on the first 250 points
    assert "sweep t: 6000 points, about 1 s (" in err and "per point on the first 250 points" in err, err
