"""The ``solve`` and ``sweep`` commands: Eq. (3.11) from the command line.

::

    symcheck solve tc --e-lambda EV --e-fermi EV --delta EV [--dos EXPR] [--digits N] [--json]
    symcheck solve c  --e1 EV --tc K [--dos EXPR] [--digits N] [--json]
    symcheck sweep c  --e1 A:B:N --tc A:B:N [--log] [--dos EXPR] [--digits N] [--workers N] --out FILE.csv
    symcheck sweep tc --e-lambda EV --e-fermi A:B:N --delta EV|A:B:N [--dos EXPR] [--digits N] [--workers N] --out FILE.csv

JSON numbers are decimal strings carrying only verified digits (``digits`` says how many). CSV files
are written to a temporary file next to the target and renamed into place when complete, so a failed
or interrupted sweep leaves no file. Every bad input is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any

import mpmath

from symcheck import InputError

from . import gap

__all__ = ["COMMANDS", "SolveCommand", "SweepCommand", "grid", "parse_range"]

DEFAULT_DIGITS = 15
DEFAULT_SWEEP_DIGITS = 12
MAX_POINTS = 1_000_000
MAX_WORKERS = 64


def _digits(text: str) -> int:
    lo, hi = gap.DIGITS_RANGE
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise InputError(f"--digits must be an integer from {lo} to {hi}, got {text!r}") from None
    if not lo <= value <= hi:
        raise InputError(f"--digits must be an integer from {lo} to {hi}, got {text!r}")
    return value


def _workers(text: str) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise InputError(f"--workers must be an integer from 1 to {MAX_WORKERS}, got {text!r}") from None
    if not 1 <= value <= MAX_WORKERS:
        raise InputError(f"--workers must be an integer from 1 to {MAX_WORKERS}, got {text!r}")
    return value


@lru_cache(maxsize=8)
def _dos(text: str | None) -> gap.DensityOfStates:
    return gap.FERMI_LIQUID if text is None else gap.DensityOfStates.parse(text, "--dos")


def parse_range(text: str, name: str, unit: str) -> tuple[Decimal, Decimal, int]:
    """``A:B:N`` -> (A, B, N): positive A ≤ B, N points (N = 1 needs A = B).

    >>> parse_range("0.25:3:12", "--e1", "eV")
    (Decimal('0.25'), Decimal('3'), 12)
    """
    parts = str(text).split(":")
    if len(parts) != 3:
        raise InputError(f"{name} must be a range A:B:N (from A to B {unit} in N points), got {text!r}")
    ends = []
    for part in parts[:2]:
        try:
            value = Decimal(part.strip())
        except InvalidOperation:
            raise InputError(f"{name} must be a range A:B:N with numbers A, B in {unit}, got {text!r}") from None
        if not value.is_finite() or value <= 0 or value > Decimal("1e6"):
            raise InputError(f"{name}: A and B must be positive finite numbers in {unit} (at most 1e6), got {text!r}")
        ends.append(value)
    try:
        count = int(parts[2])
    except ValueError:
        raise InputError(f"{name}: N in A:B:N must be a whole number of points, got {text!r}") from None
    if count < 1 or count > 100_000:
        raise InputError(f"{name}: N in A:B:N must be from 1 to 100000, got {text!r}")
    if ends[0] > ends[1]:
        raise InputError(f"{name}: A must not exceed B in A:B:N, got {text!r}")
    if count == 1 and ends[0] != ends[1]:
        raise InputError(f"{name}: one point (N = 1) needs A = B, got {text!r}")
    if count > 1 and ends[0] == ends[1]:
        raise InputError(f"{name}: A = B needs N = 1, got {text!r}")
    return ends[0], ends[1], count


def grid(lo: Decimal, hi: Decimal, count: int, log: bool = False) -> list[str]:
    """``count`` points from ``lo`` to ``hi`` as decimal strings, both ends exactly as given.

    >>> grid(Decimal("1"), Decimal("2"), 3)
    ['1', '1.5', '2']
    >>> grid(Decimal("0.1"), Decimal("10"), 3, log=True)
    ['0.1', '1.00000000000000', '10']
    """
    if count == 1:
        return [str(lo)]
    out = []
    if log:
        with mpmath.workdps(40):
            a, b = mpmath.log(mpmath.mpf(str(lo))), mpmath.log(mpmath.mpf(str(hi)))
            for k in range(count):
                out.append(mpmath.nstr(mpmath.exp(a + (b - a) * k / (count - 1)), 15, strip_zeros=False))
    else:
        with localcontext() as ctx:
            ctx.prec = 15  # interior points to 15 significant digits; the ends stay exact
            for k in range(count):
                out.append(str((lo + (hi - lo) * k / (count - 1)).normalize()))
    out[0], out[-1] = str(lo), str(hi)
    return out


def _check_output(path: str) -> str:
    if not path:
        raise InputError("--out must name a CSV file to write")
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise InputError(f"--out {path!r} is a directory; give a file name such as sweep.csv")
    if not os.path.isdir(folder):
        raise InputError(f"--out {path!r}: folder {folder!r} does not exist")
    if os.path.lexists(target) and (os.path.islink(target) or not os.path.isfile(target)):
        raise InputError(f"--out {path!r} exists and is not a regular file; give a new or regular CSV file name")
    if not os.access(folder, os.W_OK) or (os.path.exists(target) and not os.access(target, os.W_OK)):
        raise InputError(f"--out {path!r} is not writable; choose a file in a folder you can write to")
    try:  # a probe, so that no work is done for a file that cannot be written
        fd, probe = tempfile.mkstemp(prefix=".symcheck-", suffix=".probe", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(f"--out {path!r} is not writable ({exc.strerror}); choose a file in a folder you can write to") from None
    return target


def _write_csv(target: str, header: list[str], rows: Iterable[list[str]]) -> int:
    """Write rows to a temporary file beside ``target``, then rename it into place."""
    folder = os.path.dirname(target)
    try:
        fd, temp = tempfile.mkstemp(prefix=".symcheck-", suffix=".csv.part", dir=folder)
    except OSError as exc:
        raise InputError(f"--out {target!r} is not writable ({exc.strerror})") from None
    count = 0
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(f"--out {target!r} could not be written ({exc.strerror}); nothing was left behind") from None
        raise
    return count


class _Progress:
    """A one-line progress bar on stderr, shown only once a run has taken more than two seconds."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label = total, label
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.start < 2.0 or (now - self.last < 0.25 and done < self.total):
            return
        self.last, self.shown = now, True
        width = 30
        filled = int(width * done / self.total)
        sys.stderr.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} points, {now - self.start:.1f} s"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _solve_c_row(job: tuple[str, str, str | None, int]) -> list[str]:
    e1, tc, dos_text, digits = job
    r = gap.solve_c(e1, tc, _dos(dos_text), digits)
    return [e1, tc, r.C, r.E_lambda_eV, str(r.digits)]


def _solve_tc_row(job: tuple[str, str, str, str | None, int]) -> list[str]:
    e_lambda, e_fermi, delta, dos_text, digits = job
    r = gap.solve_tc(e_lambda, e_fermi, delta, _dos(dos_text), digits)
    return [e_fermi, delta, r.Tc_K, r.E1_eV or "", r.C or "", r.regime, str(r.digits)]


def _run_jobs(fn: Callable[[Any], list[str]], jobs: list[Any], workers: int, label: str) -> Iterator[list[str]]:
    progress = _Progress(len(jobs), label)
    try:
        if workers == 1 or len(jobs) < 4:
            for k, job in enumerate(jobs, 1):
                yield fn(job)
                progress.update(k)
        else:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(workers) as pool:
                chunk = max(1, len(jobs) // (workers * 16))
                for k, row in enumerate(pool.imap(fn, jobs, chunksize=chunk), 1):
                    yield row
                    progress.update(k)
    finally:
        progress.close()


def _emit(data: dict[str, Any], as_json: bool, lines: list[str]) -> None:
    if as_json:
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(lines) + "\n")


class SolveCommand:
    """``symcheck solve tc|c``: one verified solution of Eq. (3.11)."""

    name = "solve"
    help = "solve Eq. (3.11): T_c from E_λ=2R, E_F, |Δ| (tc) or C from E_1, T_c (c)"

    def configure(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="problem", metavar="PROBLEM")
        sub.required = True
        p_tc = sub.add_parser("tc", help="forward: E_λ=2R, E_F, |Δ| -> E_1 (3.7/3.8), T_c (3.11), C")
        p_tc.add_argument("--e-lambda", required=True, metavar="EV", help="E_λ=2R in eV")
        p_tc.add_argument("--e-fermi", required=True, metavar="EV", help="E_F in eV")
        p_tc.add_argument("--delta", required=True, metavar="EV", help="|Δ|, the pairing energy per electron, in eV")
        p_c = sub.add_parser("c", help="inverse (claim A): E_1, T_c -> E_λ=2R and C")
        p_c.add_argument("--e1", required=True, metavar="EV", help="gap bottom E_1 in eV")
        p_c.add_argument("--tc", required=True, metavar="K", help="T_c in kelvin")
        for p in (p_tc, p_c):
            p.add_argument("--dos", metavar="EXPR", default=None,
                           help="density of states S(E), E in eV, e.g. 'E**1.5' (default sqrt(E))")
            p.add_argument("--digits", metavar="N", default=str(DEFAULT_DIGITS),
                           help=f"significant digits to verify, 6-100 (default {DEFAULT_DIGITS})")
            p.add_argument("--json", action="store_true", help="machine-readable output")

    def run(self, args: argparse.Namespace) -> int:
        digits = _digits(args.digits)
        dos = _dos(args.dos)
        if args.problem == "tc":
            r = gap.solve_tc(args.e_lambda, args.e_fermi, args.delta, dos, digits)
            data = r.to_json()
            lines = [
                f"T_c = {r.Tc_K} K   ({r.digits} digits verified; {r.path})",
                f"E_1 = {r.E1_eV} eV   (Eq. {r.regime})" if r.E1_eV is not None else f"regime: Eq. ({r.regime})",
                f"C   = {r.C}" if r.C is not None else "C undefined at T_c = 0",
                r.detail,
            ]
        else:
            r = gap.solve_c(args.e1, args.tc, dos, digits)
            data = r.to_json()
            lines = [
                f"C = {r.C}   ({r.digits} digits verified; {r.path})",
                f"E_λ=2R = {r.E_lambda_eV} eV",
                r.detail,
            ]
        _emit(data, args.json, lines)
        return 0


class SweepCommand:
    """``symcheck sweep c|tc``: Eq. (3.11) over a grid, to CSV."""

    name = "sweep"
    help = "solve Eq. (3.11) over a grid and write CSV: C over (E_1, T_c) (c) or the T_c dome over E_F (tc)"

    def configure(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="problem", metavar="PROBLEM")
        sub.required = True
        p_c = sub.add_parser("c", help="C over E_1 x T_c; columns E1_eV, Tc_K, C, E_lambda_eV, digits")
        p_c.add_argument("--e1", required=True, metavar="A:B:N", help="E_1 from A to B eV in N points")
        p_c.add_argument("--tc", required=True, metavar="A:B:N", help="T_c from A to B K in N points")
        p_c.add_argument("--log", action="store_true", help="space the T_c axis logarithmically")
        p_tc = sub.add_parser("tc", help="T_c over E_F (and |Δ|) at fixed E_λ=2R; columns E_F_eV, Delta_eV, Tc_K, E1_eV, C, regime, digits")
        p_tc.add_argument("--e-lambda", required=True, metavar="EV", help="E_λ=2R in eV")
        p_tc.add_argument("--e-fermi", required=True, metavar="A:B:N", help="E_F from A to B eV in N points")
        p_tc.add_argument("--delta", required=True, metavar="EV|A:B:N", help="|Δ| in eV, one value or a range")
        for p in (p_c, p_tc):
            p.add_argument("--dos", metavar="EXPR", default=None, help="density of states S(E) (default sqrt(E))")
            p.add_argument("--digits", metavar="N", default=str(DEFAULT_SWEEP_DIGITS),
                           help=f"significant digits to verify per point, 6-100 (default {DEFAULT_SWEEP_DIGITS})")
            p.add_argument("--workers", metavar="N", default="1", help="worker processes (default 1)")
            p.add_argument("--out", required=True, metavar="FILE.csv", help="CSV file to write")

    def run(self, args: argparse.Namespace) -> int:
        digits = _digits(args.digits)
        workers = _workers(args.workers)
        _dos(args.dos)  # refuse a bad --dos before any work
        target = _check_output(args.out)
        if args.problem == "c":
            e1_axis = grid(*parse_range(args.e1, "--e1", "eV"))
            tc_axis = grid(*parse_range(args.tc, "--tc", "K"), log=args.log)
            jobs: list[Any] = [(e1, tc, args.dos, digits) for e1 in e1_axis for tc in tc_axis]
            header = ["E1_eV", "Tc_K", "C", "E_lambda_eV", "digits"]
            fn: Callable[[Any], list[str]] = _solve_c_row
            _dos(args.dos).validate(mpmath.mpf(e1_axis[-1]) * 3, "--dos")  # before any worker starts
        else:
            gap._decimal(args.e_lambda, "--e-lambda")
            ef_axis = grid(*parse_range(args.e_fermi, "--e-fermi", "eV"))
            if ":" in str(args.delta):
                delta_axis = grid(*parse_range(args.delta, "--delta", "eV"))
            else:
                delta_axis = [str(gap._decimal(args.delta, "--delta"))]
            jobs = [(args.e_lambda, ef, dl, args.dos, digits) for dl in delta_axis for ef in ef_axis]
            header = ["E_F_eV", "Delta_eV", "Tc_K", "E1_eV", "C", "regime", "digits"]
            fn = _solve_tc_row
        if len(jobs) > MAX_POINTS:
            raise InputError(f"the sweep has {len(jobs)} points; at most {MAX_POINTS} are accepted")
        count = _write_csv(target, header, _run_jobs(fn, jobs, workers, f"sweep {args.problem}"))
        sys.stderr.write(f"wrote {count} rows to {args.out}\n")
        return 0


COMMANDS = [SolveCommand(), SweepCommand()]
