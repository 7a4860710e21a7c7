"""Benchmark: symcheck's performance figures side by side with peers on this machine, as ratios, in one run.

What it measures (Eq. (3.11) of the exchange-pairing paper, inverse problem C(E_1, T_c), S ∝ √E):

1. Sweep at the sweep's default digits: ``symcheck sweep c`` over E_1 0.5-2 eV x T_c 0.5-20 K in process
   (``symcheck.cli.main``) and as a whole command, against two peers: a scipy solver of the printed
   (3.11) as a physicist writes it (``integrate.quad`` of both sides split at E_1, tight tolerances, a
   breakpoint at E_1 - 40 k_B T_c where the Fermi edge starts, ``optimize.brentq``), and a minimal
   vectorised NumPy solve of the whole grid at once on the cancellation-free form of (3.11) (20
   Gauss-Legendre nodes on [0, C], 14 Gauss-Laguerre nodes on the tail, 4 Newton steps from the
   leading Sommerfeld order, no verification).
2. The default ``solve`` (inverse at E_1 = T_c = 1; forward at Table 1's Li row, E_λ=2R = 3.09 eV,
   E_F = 3.2 eV, with |Δ| = 0.2 eV) in process and as a whole command, with the import cost apart.
3. 30 digits against a plain mpmath peer (``mpmath.quad`` of the printed (3.11) split at E_1,
   ``mpmath.findroot`` from the vectorised peer's double root) at the working precision it needs
   for 30 correct digits, found by checking its digits; 100 digits (the peer at 100 only if it
   finishes within a minute, in a child process).
4. ``symcheck check``, ``symcheck list`` and ``symcheck check --derivation bcs-weak-coupling``.
5. Peak memory (RSS) of a large sweep against a small one.

Correct digits are counted against brute-force solves of the printed (3.11) at generous precision,
which do not come from the code under test; they and the peers are in ``benchmarks/bench_peers.py``.
Timings are the minimum of N runs after one untimed warm-up; N is printed beside each. Absolute
times depend on the machine and its load; the ratios less so.

Run:  python benchmarks/bench_performance.py            (a few minutes)
      python benchmarks/bench_performance.py --quick    (smaller grids, one run each; under a minute)
The scipy peer needs scipy:  pip install -e ".[bench]"   (without it that peer is skipped, with a note).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.metadata
import io
import math
import multiprocessing
import os
import platform
import queue
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import mpmath
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_peers beside this script

from bench_peers import (
    INSTALL_SCIPY,
    Reference,
    digits_correct,
    has_scipy,
    mpmath_peer_C,
    reference_C,
    reference_Tc,
    scipy_peer_C,
    vectorised_peer_C,
)

__all__ = [
    "Row",
    "agrees_to",
    "autorange",
    "bench_commands",
    "bench_default_solve",
    "bench_high_digits",
    "bench_memory",
    "bench_sweep",
    "best_time",
    "main",
    "peer_dps_for",
    "sweep_peak_rss_kib",
]

ROOT = Path(__file__).resolve().parent.parent
#: Figures measured so far, by name (for callers and tests).
MEASURED: dict[str, float] = {}


# -- timing and the summary -----------------------------------------------------------------------
def best_time(fn: Callable[[], object], repeat: int, number: int = 1) -> float:
    """Seconds per call: the minimum over ``repeat`` runs of ``number`` calls each (after one warm-up call)."""
    fn()
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def autorange(fn: Callable[[], object], repeat: int, budget: float = 0.2) -> tuple[float, int]:
    """(seconds per call, calls per run): as ``timeit``, enough calls that one run takes ``budget`` s."""
    fn()
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - start >= budget or number >= 10**6:
            break
        number *= 10 if time.perf_counter() - start < budget / 10 else 2
    return best_time(fn, repeat, number), number


@dataclass
class Row:
    """One line of the summary: a figure, symcheck's value, the peer's, their ratio and the goal."""

    figure: str
    symcheck: str
    peer: str = ""
    ratio: str = ""
    goal: str = ""
    met: bool | None = None


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g} ms" if seconds < 1 else f"{seconds:.3g} s"


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.3g} us" if seconds < 1e-3 else _ms(seconds)


def _symcheck_command() -> list[str]:
    script = Path(sys.executable).with_name("symcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "symcheck"]


def _run(argv: Sequence[str], cwd: str | None = None, timeout: float = 600) -> tuple[float, int, str]:
    """(wall seconds, exit status, stdout) of a subprocess."""
    env = {**os.environ, "NO_COLOR": "1"}
    start = time.perf_counter()
    done = subprocess.run(list(argv), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    return time.perf_counter() - start, done.returncode, done.stdout


def _best_run(argv: Sequence[str], repeat: int, cwd: str | None = None) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(repeat):
        seconds, status, _ = _run(argv, cwd)
        times.append(seconds)
    return min(times), status


def _in_process(argv: list[str]) -> tuple[int, str]:
    """``symcheck ARGV`` in this process: (exit status, stdout); stderr is swallowed."""
    from symcheck.cli import main as symcheck_main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = symcheck_main(argv)
    return status, out.getvalue()


def agrees_to(value: float, verified: str, digits: int) -> int:
    """Leading digits (at most ``digits``) to which ``value`` agrees with ``verified``, a value rounded to
    ``digits`` digits: within half a unit of the d-th digit plus ``verified``'s own rounding."""
    with mpmath.workdps(60):
        x, v = mpmath.mpf(value), mpmath.mpf(verified)
        exponent = mpmath.floor(mpmath.log10(abs(v)))
        slack = 2 * abs(x - v) - mpmath.mpf(10) ** (exponent + 1 - digits)
        if slack <= 0:
            return digits
        return max(0, min(digits, int(mpmath.floor(exponent + 1 - mpmath.log10(slack)))))


# -- 1. sweep -------------------------------------------------------------------------------------
def _sweep_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def bench_sweep(n: int, repeat: int, scipy_points: int, ref_points: int, whole_command: bool = True) -> list[Row]:
    """Section 1: symcheck's sweep per point against the scipy and vectorised peers, with digits."""
    e1_spec, tc_spec = f"0.5:2:{n}", f"0.5:20:{n}"
    count = n * n
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sweep.csv"
        argv = ["sweep", "c", "--e1", e1_spec, "--tc", tc_spec, "--out", str(out)]
        _in_process(["sweep", "c", "--e1", "0.5:2:2", "--tc", "0.5:20:2", "--out", str(out)])  # load the derivation
        per_point = best_time(lambda: _in_process(argv), repeat) / count
        MEASURED["sweep_seconds_per_point"] = per_point
        rows = _sweep_rows(out)
        command = _run([*_symcheck_command(), *argv], cwd=tmp)[0] if whole_command else None
    e1s = np.array([float(r["E1_eV"]) for r in rows])
    tcs = np.array([float(r["Tc_K"]) for r in rows])
    sym_digits = min(int(r["digits"]) for r in rows)
    print(f"\n[1] sweep c, {n} x {n} = {count} points (E_1 {e1_spec} eV, T_c {tc_spec} K), "
          f"{sym_digits} verified digits at every point")
    print(f"  symcheck in process: {_us(per_point)} per point (min of {repeat} sweeps)"
          + (f"; whole command once: {command:.2f} s" if command is not None else ""))

    vec_time, vec_number = autorange(lambda: vectorised_peer_C(e1s, tcs), repeat=max(3, repeat))
    vec = vectorised_peer_C(e1s, tcs)
    vec_vs_sym = min(agrees_to(v, r["C"], int(r["digits"])) for v, r in zip(vec, rows))
    vec_per_point = vec_time / count
    print(f"  vectorised peer: {_us(vec_per_point)} per point ({_ms(vec_time)} for the grid, min of "
          f"{max(3, repeat)} x {vec_number}); agrees with symcheck's {sym_digits} digits to >= {vec_vs_sym} at every point")

    corners = [0, n - 1, count - n, count - 1, (n // 2) * n + n // 2][:ref_points]
    refs = {k: reference_C(rows[k]["E1_eV"], rows[k]["Tc_K"], 20) for k in corners}
    sym_ref = min(digits_correct(rows[k]["C"], refs[k].value) for k in corners)
    vec_ref = min(digits_correct(vec[k], refs[k].value) for k in corners)
    where = ", ".join(f"({rows[k]['E1_eV']}, {rows[k]['Tc_K']})" for k in corners)
    print(f"  brute-force references of the printed (3.11) at {len(corners)} points (E_1, T_c) = {where}: "
          f"{min(r.digits for r in refs.values())}+ digits each (two precisions agree)")
    print(f"  digits correct vs references (min): symcheck {sym_ref}, vectorised peer {vec_ref}")
    summary = [
        Row("sweep 12 digits: symcheck vs minimal vectorised (per point)", f"{_us(per_point)} ({sym_ref} digits)",
            f"{_us(vec_per_point)} ({vec_ref} digits)",
            f"symcheck/vectorised = {per_point / vec_per_point:,.0f}x", "<= 10x", per_point / vec_per_point <= 10),
    ]
    whole = [] if command is None else [
        Row(f"`symcheck sweep c` {n}x{n} whole command", f"{command:.2f} s", f"in process {per_point * count:.2f} s",
            f"whole/in process = {command / (per_point * count):.1f}x")]
    if not has_scipy():
        print(f"  scipy peer skipped: scipy is not installed; install it with  {INSTALL_SCIPY}")
        summary.append(Row("sweep 12 digits: symcheck vs scipy quad+brentq (per point)",
                           f"{_us(per_point)} ({sym_ref} digits)", "not run (no scipy)", "", ">= 100x"))
        return summary + whole
    stride = max(1, count // scipy_points)
    sample = list(range(0, count, stride))[:scipy_points]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sp_time = best_time(lambda: [scipy_peer_C(e1s[k], tcs[k]) for k in sample], repeat) / len(sample)
        sp = {k: scipy_peer_C(e1s[k], tcs[k]) for k in sample + corners}
    sp_vs_sym = [agrees_to(sp[k], rows[k]["C"], int(rows[k]["digits"])) for k in sample]
    sp_ref = [digits_correct(sp[k], refs[k].value) for k in corners]
    print(f"  scipy peer: {_ms(sp_time)} per point (min of {repeat} over {len(sample)} grid points); agrees with "
          f"symcheck to {min(sp_vs_sym)}-{max(sp_vs_sym)} digits; digits correct vs references "
          f"{min(sp_ref)}-{max(sp_ref)}; {len(caught)} warnings")
    summary.append(Row("sweep 12 digits: symcheck vs scipy quad+brentq (per point)", f"{_us(per_point)} ({sym_ref} digits)",
                       f"{_ms(sp_time)} ({min(sp_ref)}-{max(sp_ref)} digits)",
                       f"scipy/symcheck = {sp_time / per_point:,.1f}x", ">= 100x", sp_time / per_point >= 100))
    return summary + whole


# -- 2. default solve -----------------------------------------------------------------------------
#: Table 1's Li row (E_λ=2R for R_100, E_F) with |Δ| = 0.2 eV: E_1 = E_F - |Δ| = 3.0 eV by Eq. (3.8).
FORWARD = ("3.09", "3.2", "0.2")
FORWARD_E1, FORWARD_WINDOW = "3.0", "0.09"


def _default_digits() -> tuple[int, int]:
    """The default digits of ``symcheck solve c`` and ``symcheck solve tc``, as the solvers declare them."""
    from symcheck_derivations.exchange_pairing.solvers import SOLVERS

    by_name = {s.name: s.default_digits for s in SOLVERS}
    return by_name["c"], by_name["tc"]


def _forward_digits(tc_K: str) -> int:
    """Correct digits of a forward solve's T_c at :data:`FORWARD`, against the brute force."""
    return digits_correct(tc_K, reference_Tc(FORWARD_E1, FORWARD_WINDOW, 40).value)


#: ``symcheck solve c --e1 1 --tc 1`` in a fresh process, timed in its parts: importing ``symcheck.cli``,
#: the first ``main`` (loading the derivation, then parsing, solving and printing) and a second one.
_PARTS = ("import contextlib, io, sys, time\nt0 = time.perf_counter()\nfrom symcheck.cli import main\n"
          "t1 = time.perf_counter()\nargv = ['solve', 'c', '--e1', '1', '--tc', '1']\n"
          "with contextlib.redirect_stdout(io.StringIO()):\n    main(argv)\n    t2 = time.perf_counter()\n"
          "    main(argv)\n    t3 = time.perf_counter()\nprint('PARTS', t1 - t0, t2 - t1, t3 - t2)")


def _command_parts(repeat: int) -> tuple[float, float, float]:
    """(import symcheck.cli, first main, second main) in seconds, each the minimum over ``repeat`` processes."""
    parts = []
    for _ in range(repeat):
        _, status, out = _run([sys.executable, "-c", _PARTS])
        line = [x for x in out.splitlines() if x.startswith("PARTS ")]
        if status != 0 or not line:
            raise RuntimeError(f"timing the parts of `symcheck solve` failed (exit status {status})")
        parts.append([float(x) for x in line[-1].split()[1:]])
    imports, first, second = (min(column) for column in zip(*parts))
    return imports, first, second


def bench_default_solve(repeat: int, commands: bool = True) -> list[Row]:
    """Section 2: the default solve in process and as a whole command, with the import cost apart."""
    from symcheck_derivations.exchange_pairing import gap

    dc, dtc = _default_digits()
    inverse = gap.solve_c("1", "1", digits=dc)
    t_c, n_c = autorange(lambda: gap.solve_c("1", "1", digits=dc), repeat)
    t_12, _ = autorange(lambda: gap.solve_c("1", "1", digits=12), repeat)
    t_15, _ = autorange(lambda: gap.solve_c("1", "1", digits=15), repeat)
    forward = gap.solve_tc(*FORWARD, digits=dtc)
    t_tc, n_tc = autorange(lambda: gap.solve_tc(*FORWARD, digits=dtc), repeat)
    t_main = best_time(lambda: _in_process(["solve", "c", "--e1", "1", "--tc", "1"]), repeat)
    ref = reference_C("1", "1", 40)
    print(f"\n[2] default solve ({dc} digits for c, {dtc} for tc; min of {repeat} runs of N calls)")
    print(f"  solve_c(1 eV, 1 K): {_ms(t_c)} (N = {n_c}); C = {inverse.C}, {inverse.digits} digits verified, "
          f"{digits_correct(inverse.C, ref.value)} correct vs reference; path: {inverse.path.split()[0]}")
    print(f"  solve_c at 12 digits: {_ms(t_12)}, at 15 digits: {_ms(t_15)}; 15-digit/12-digit = {t_15 / t_12:,.1f}x")
    print(f"  solve_tc(Li row, |Δ| 0.2 eV): {_ms(t_tc)} (N = {n_tc}); T_c = {forward.Tc_K} K, {forward.digits} digits "
          f"verified, {_forward_digits(forward.Tc_K)} correct vs reference; path: {forward.path.split()[0]}")
    print(f"  main(['solve', 'c', ...]) in process: {_ms(t_main)}")
    rows = [
        Row(f"default solve c in process ({dc} digits)", _ms(t_c), f"15 digits {_ms(t_15)}",
            f"15-digit/12-digit = {t_15 / t_12:,.1f}x",
            "a few ms (<= 5 ms)", t_c <= 5e-3),
        Row(f"default solve tc in process ({dtc} digits)", _ms(t_tc), "", "", "a few ms (<= 5 ms)", t_tc <= 5e-3),
    ]
    if commands:
        n = max(1, repeat)
        whole, _ = _best_run([*_symcheck_command(), "solve", "c", "--e1", "1", "--tc", "1"], n)
        bare, _ = _best_run([sys.executable, "-c", "pass"], n)
        imports, first, second = _command_parts(n)
        print(f"  whole command `symcheck solve c --e1 1 --tc 1`: {whole:.2f} s (min of {n}); in its parts (min of {n} "
              f"processes): python start {bare:.2f} s, import symcheck.cli {imports:.2f} s, first main() {first:.2f} s "
              f"(loading the derivation, then the solve), a second main() {_ms(second)}")
        rows.append(Row("`symcheck solve c --e1 1 --tc 1` whole command", f"{whole:.2f} s",
                        f"start {bare:.2f} s, import {imports:.2f} s, load+solve {first:.2f} s",
                        f"solve/whole = {second / whole:.1%}"))
    return rows


# -- 3. 30 and 100 digits -------------------------------------------------------------------------
def peer_dps_for(digits: int, ref: Reference, start: float, tries: Sequence[int],
                 point: tuple[str, str] = ("1", "1")) -> tuple[int, int] | None:
    """The first working precision in ``tries`` at which the mpmath peer gets ``digits`` correct at
    ``point`` (E_1 eV, T_c K), whose C is ``ref``: (dps, digits it got), or None."""
    for dps in tries:
        got = digits_correct(mpmath_peer_C(*point, dps, start), ref.value)
        if got >= digits:
            return dps, got
    return None


def _peer_in_child(dps: int, start: float, results: multiprocessing.Queue) -> None:
    with mpmath.workdps(dps + 10):
        results.put(str(mpmath_peer_C("1", "1", dps, start)))


def bench_high_digits(repeat: int, peer_100: bool = True) -> list[Row]:
    """Section 3: 30-digit solves against the plain mpmath peer; 100 digits."""
    from symcheck_derivations.exchange_pairing import gap

    ref = reference_C("1", "1", 40)
    start = float(vectorised_peer_C(np.array([1.0]), np.array([1.0]))[0])
    r30 = gap.solve_c("1", "1", digits=30)
    t30 = best_time(lambda: gap.solve_c("1", "1", digits=30), repeat)
    f30 = gap.solve_tc(*FORWARD, digits=30)
    tf30 = best_time(lambda: gap.solve_tc(*FORWARD, digits=30), repeat)
    print(f"\n[3] 30 and 100 digits at E_1 = 1 eV, T_c = 1 K (min of {repeat}); reference {ref.digits} digits")
    d30 = digits_correct(r30.C, ref.value)
    print(f"  symcheck solve_c 30 digits: {_ms(t30)}; {r30.digits} verified, {d30} correct vs reference")
    print(f"  symcheck solve_tc 30 digits (Li row): {_ms(tf30)}; {f30.digits} verified, "
          f"{_forward_digits(f30.Tc_K)} correct vs reference")
    found = peer_dps_for(30, ref, start, range(30, 91, 5))
    rows = []
    if found is None:
        print("  mpmath peer: no working precision up to 90 digits gave 30 correct digits")
        rows.append(Row("30-digit solve c: symcheck vs plain mpmath", _ms(t30), "never 30 digits (<= 90 dps)"))
    else:
        dps, got = found
        t_peer = best_time(lambda: mpmath_peer_C("1", "1", dps, start), repeat)
        print(f"  mpmath peer (quad + findroot of the printed (3.11)): needs {dps} working digits for 30 correct "
              f"(got {got}); {_ms(t_peer)}; peer/symcheck = {t_peer / t30:,.1f}x")
        rows.append(Row("30-digit solve c: symcheck vs plain mpmath", f"{_ms(t30)} ({d30} digits)",
                        f"{_ms(t_peer)} at {dps} dps ({got} digits)",
                        f"mpmath/symcheck = {t_peer / t30:,.1f}x", ">= 8x", t_peer / t30 >= 8))
    runs = []
    for _ in range(max(1, repeat - 1)):
        begin = time.perf_counter()
        r100 = gap.solve_c("1", "1", digits=100)
        runs.append(time.perf_counter() - begin)
    t100 = min(runs)
    print(f"  symcheck solve_c 100 digits: {_ms(t100)} (min of {len(runs)}, after the 30-digit runs); "
          f"{r100.digits} verified")
    peer_text, ratio = "not run (--quick)", ""
    if peer_100 and found is not None:
        dps100 = 100 + found[0] - 30
        ctx = multiprocessing.get_context("fork")
        results: multiprocessing.Queue = ctx.Queue()
        child = ctx.Process(target=_peer_in_child, args=(dps100, start, results))
        begin = time.perf_counter()
        child.start()
        try:
            value = results.get(timeout=60)
        except queue.Empty:
            peer_text = "did not finish within 60 s (stopped)"
            print(f"  mpmath peer at {dps100} digits: {peer_text}")
        else:
            seconds = time.perf_counter() - begin
            agree = digits_correct(value, r100.C)
            peer_text, ratio = f"{seconds:.2f} s at {dps100} dps", f"mpmath/symcheck = {seconds / t100:,.1f}x"
            print(f"  mpmath peer at {dps100} digits: {seconds:.2f} s once (incl. a fork); agrees with symcheck's "
                  f"100 digits to {agree} digits")
        finally:
            if child.is_alive():
                child.terminate()
            child.join()
    else:
        print(f"  mpmath peer at 100 digits: {peer_text}")
    rows.append(Row("100-digit solve c", _ms(t100), peer_text, ratio, "seconds (<= 10 s)", t100 <= 10))
    return rows


# -- 4. check and list ----------------------------------------------------------------------------
def bench_commands(repeat: int, second_derivation: bool = True) -> list[Row]:
    """Section 4: whole commands ``check``, ``list`` and (``second_derivation``) bcs-weak-coupling's ``check``."""
    base = _symcheck_command()
    rows = []
    print(f"\n[4] whole commands (subprocess, min of {repeat})")
    with tempfile.TemporaryDirectory() as tmp:
        # The floor of any command that states mathematics in SymPy: a new interpreter importing SymPy.
        # Whole-command times scale with the machine; their ratio to this one moves much less.
        floor, _ = _best_run([sys.executable, "-c", "import sympy"], repeat, cwd=tmp)
        MEASURED["import_sympy_s"] = floor
        print(f"  python -c 'import sympy': {floor:.2f} s (the floor of a command that uses SymPy)")
        rows.append(Row("`python -c 'import sympy'` (the floor)", f"{floor:.2f} s", "", "", "", None))
        for label, args, goal in (("symcheck check", ["check"], 2.5), ("symcheck list", ["list"], 1.0),
                                  ("symcheck check --derivation bcs-weak-coupling",
                                   ["check", "--derivation", "bcs-weak-coupling"], None))[:3 if second_derivation else 2]:
            seconds, status = _best_run([*base, *args], repeat, cwd=tmp)
            print(f"  {label}: {seconds:.2f} s (exit status {status}), {seconds / floor:.1f}x importing SymPy")
            rows.append(Row(label, f"{seconds:.2f} s", f"import sympy {floor:.2f} s",
                            f"{label.split()[1]}/import = {seconds / floor:.1f}x", f"<= {goal} s" if goal else "",
                            seconds <= goal if goal else None))
    if not second_derivation:
        print("  symcheck check --derivation bcs-weak-coupling: not run in --quick")
    return rows


# -- 5. memory ------------------------------------------------------------------------------------
_RSS = ("import resource, sys, time\nfrom symcheck.cli import main\nfrom symcheck.registry import load\nload(None)\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\nstart = time.perf_counter()\n"
        "status = main(sys.argv[1:])\nseconds = time.perf_counter() - start\n"
        "print('RSS', before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, seconds, status)")


def sweep_peak_rss_kib(n: int) -> tuple[int, int, float]:
    """``symcheck sweep c`` over n x n points to a file, in a fresh process: (peak RSS in KiB with the
    derivation loaded before the sweep, peak RSS after it, seconds of the sweep itself)."""
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["sweep", "c", "--e1", f"0.5:2:{n}", "--tc", f"0.5:20:{n}", "--out", str(Path(tmp) / "m.csv")]
        _, status, out = _run([sys.executable, "-c", _RSS, *argv], cwd=tmp, timeout=1800)
    line = [x for x in out.splitlines() if x.startswith("RSS ")]
    if status != 0 or not line:
        raise RuntimeError(f"sweep of {n} x {n} failed (exit status {status})")
    _, before, own, children, seconds, _ = line[-1].split()
    return int(before), max(int(own), int(children)), float(seconds)


def bench_memory(budget: float, probe_n: int = 100) -> list[Row]:
    """Section 5: peak RSS of a large sweep (as large as ``budget`` seconds of sweeping allow, sized by a
    ``probe_n`` x ``probe_n`` probe) against a 10 x 10 one, and what each sweep added to the peak."""
    small_before, small, small_seconds = sweep_peak_rss_kib(10)
    _, probe_rss, probe = sweep_peak_rss_kib(probe_n)
    per_point = probe / (probe_n * probe_n)
    large = next((n for n in (1000, 700, 500, 300, 200) if n > probe_n and n * n * per_point <= budget), None)
    large_before, large_rss, seconds = sweep_peak_rss_kib(large) if large else sweep_peak_rss_kib(probe_n)
    large = large or probe_n
    growth = (large_rss - small) / 1024
    print("\n[5] memory: peak RSS of sweep c streamed to a file (fresh process each; derivation loaded first; "
          "seconds of the sweep alone)")
    print(f"  10 x 10: {small / 1024:.1f} MiB, the sweep adding {(small - small_before) / 1024:+.1f} MiB to the peak "
          f"({small_seconds:.2f} s); {probe_n} x {probe_n}: {probe_rss / 1024:.1f} MiB ({probe:.2f} s)")
    print(f"  {large} x {large} = {large * large} points: {large_rss / 1024:.1f} MiB, the sweep adding "
          f"{(large_rss - large_before) / 1024:+.1f} MiB ({seconds:.1f} s); {growth:+.1f} MiB over 10 x 10")
    return [Row(f"peak RSS, {large}x{large} sweep vs 10x10", f"{large_rss / 1024:.0f} MiB", f"{small / 1024:.0f} MiB",
                f"large/small = {large_rss / small:.2f}x", "no growth with the grid (<= 10 MiB)", growth <= 10)]


# -- machine and main -----------------------------------------------------------------------------
def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> list[str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return [
        f"machine: {cpu}, {os.cpu_count()} cores, load average {load}; {platform.system()} {platform.release()}",
        (f"python {platform.python_version()}; numpy {np.__version__}, mpmath {mpmath.__version__} (backend "
         f"{mpmath.libmp.BACKEND}), sympy {_version('sympy')}, scipy {_version('scipy')}; gmpy2 {_version('gmpy2')}, "
         f"python-flint {_version('python-flint')}"),
        f"symcheck {_version('symcheck')}, commit {commit.stdout.strip() or 'unknown'}",
    ]


def _section(rows: list[Row], name: str, fn: Callable[[], list[Row]]) -> None:
    try:
        rows.extend(fn())
    except Exception as exc:  # noqa: BLE001 -- a section failing (the code changes under it) must not end the run
        print(f"\n[{name}] FAILED: {type(exc).__name__}: {exc}")
        rows.append(Row(name, f"failed: {type(exc).__name__}"))


def print_summary(rows: Sequence[Row]) -> None:
    """The table of figures, ratios and goals."""
    head = ("figure", "symcheck", "peer / other", "ratio", "goal", "met")
    table = [head] + [(r.figure, r.symcheck, r.peer, r.ratio, r.goal,
                       "" if r.met is None else ("yes" if r.met else "NO")) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    print("\nsummary")
    for k, line in enumerate(table):
        print("  " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
        if k == 0:
            print("  " + "-+-".join("-" * w for w in widths))


def main(argv: Sequence[str] | None = None) -> int:
    """Run every section, print each one's details and then the summary; 0 unless the options are bad."""
    with contextlib.suppress(AttributeError, ValueError):  # a stream that cannot encode "Δ" escapes it
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small grids, one run each (under a minute)")
    args = parser.parse_args(argv)
    quick = args.quick
    begin = time.perf_counter()
    for line in machine():
        print(line)
    if not has_scipy():
        print(f"note: scipy is not installed, so the scipy peer is skipped; install it with  {INSTALL_SCIPY}")
    repeat = 1 if quick else 3
    rows: list[Row] = []
    n = 12 if quick else 100
    _section(rows, "1 sweep", lambda: bench_sweep(n, 2 if quick else 3, 16 if quick else 100, 2 if quick else 5))
    _section(rows, "2 default solve", lambda: bench_default_solve(repeat if quick else 5))
    _section(rows, "3 30 and 100 digits", lambda: bench_high_digits(2 if quick else 3, peer_100=not quick))
    _section(rows, "4 commands", lambda: bench_commands(repeat, second_derivation=not quick))
    _section(rows, "5 memory", lambda: bench_memory(4.0 if quick else 45.0, 30 if quick else 100))
    print_summary(rows)
    print(f"\n(whole benchmark {time.perf_counter() - begin:.0f} s{'; --quick' if quick else ''})")
    if quick:
        print("(--quick is a smoke run: on its small grids a command's fixed costs dominate the per-point figures, "
              "and single runs are noisy; quote the figures of a full run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
