"""The ``solve`` and ``sweep`` commands: Eq. (3.11) from the command line.

::

    symcheck solve tc --e-lambda EV --e-fermi EV --delta EV [--dos EXPR] [--digits N] [--json]
    symcheck solve c  --e1 EV --tc K [--dos EXPR] [--digits N] [--json]
    symcheck sweep c  --e1 A:B:N --tc A:B:N [--log] [--dos EXPR] [--digits N] [--workers N] --out FILE.csv
    symcheck sweep tc --e-lambda EV --e-fermi A:B:N --delta EV|A:B:N [--dos EXPR] [--digits N] [--workers N] --out FILE.csv

JSON numbers are decimal strings carrying only verified digits (``digits`` says how many). CSV files
are written to a temporary file next to the target and renamed into place when complete (with the
permissions the umask gives a new file), so a failed or interrupted sweep (Ctrl-C, SIGTERM) leaves no
file. Every bad input is one line on stderr and exit status 2.

A sweep's size is checked from its ``A:B:N`` ranges before any point is made; points are made and
handed to the workers in bounded batches, so memory grows with the workers, not the points. The first
and last points are solved first, in this process: they bound the first solve of a ``--dos`` formula in
time and give the time estimate printed on stderr for a sweep expected to take more than
:data:`ESTIMATE_SECONDS`. Each phase of handling a ``--dos`` formula (parse, classify, validate, first
solve) has a time limit (:data:`DOS_PHASE_SECONDS`); a phase that runs out is a one-line error naming it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import stat
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any

import mpmath

from symcheck import InputError
from symcheck._timeout import TimeLimitExceeded, call_with_time_limit
from symcheck.safe_expr import parse_expression

from . import gap

__all__ = ["COMMANDS", "SolveCommand", "SweepCommand", "grid", "parse_range"]

DEFAULT_DIGITS = 15
DEFAULT_SWEEP_DIGITS = 12
MAX_POINTS = 1_000_000
MAX_WORKERS = 64
#: Energies (eV) and temperatures (K) on the command line: the solvers' working range.
VALUE_RANGE = (Decimal("1e-100"), Decimal("1e6"))
_RANGE_TEXT = "1e-100 to 1e6"
#: Seconds each phase of handling a --dos formula may take; "solve" is the first solve, at 15 digits
#: (more digits scale it).
DOS_PHASE_SECONDS = {"parse": 5.0, "classify": 10.0, "validate": 15.0, "solve": 30.0}
#: A sweep expected to take longer than this says so on stderr before it starts.
ESTIMATE_SECONDS = 10.0
_BATCH_PER_WORKER = 4  # chunks in flight per worker
_MAX_CHUNK = 64


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


def _phase(name: str, text: str, fn: Callable[[], Any], seconds: float) -> Any:
    """Run one phase of handling ``--dos text`` within ``seconds``; running out is a one-line error."""
    try:
        return call_with_time_limit(fn, seconds)[0]
    except TimeLimitExceeded:
        raise InputError(
            f"--dos {text!r}: gave up in the {name} phase after {seconds:g} s; "
            "give a simpler formula (e.g. a power of E times a smooth factor)"
        ) from None
    except InputError:
        raise
    except _EVALUATION_FAILURES as exc:
        raise _evaluation_failure(text, name, exc) from None


#: What evaluating a user's formula can raise besides a clean InputError: a value too large for
#: memory (exp(cosh(1e15))), an overflow, a division by zero where no sample foresaw it.
_EVALUATION_FAILURES = (ArithmeticError, ValueError, TypeError, MemoryError, RecursionError)


def _evaluation_failure(text: str, phase: str, exc: BaseException) -> InputError:
    lines = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {lines[0][:80]}" if lines else type(exc).__name__
    return InputError(f"--dos {text!r}: the {phase} phase failed evaluating it ({reason}); give a simpler formula")


@lru_cache(maxsize=8)
def _dos(text: str | None) -> gap.DensityOfStates:
    if text is None:
        return gap.FERMI_LIQUID
    expr = _phase("parse", text, lambda: parse_expression(text, {"E": gap.E}, what="--dos"), DOS_PHASE_SECONDS["parse"])
    return _phase("classify", text, lambda: gap.DensityOfStates.from_expr(expr, text, "--dos"), DOS_PHASE_SECONDS["classify"])


def _validated(text: str | None, e_max: mpmath.mpf) -> gap.DensityOfStates:
    """The density of states, checked on (0, e_max] (the solver checks again; it is quick the second time)."""
    dos = _dos(text)
    if text is not None:
        _phase("validate", text, lambda: dos.validate(e_max, "--dos"), DOS_PHASE_SECONDS["validate"])
    return dos


def _solve_seconds(text: str | None, digits: int) -> float:
    """The first solve's time limit: none for the built-in density of states."""
    return 0.0 if text is None else DOS_PHASE_SECONDS["solve"] * max(1.0, digits / DEFAULT_DIGITS)


def _first_solve(text: str | None, digits: int, fn: Callable[[], Any]) -> Any:
    if text is None:
        return fn()
    return _phase("solve", text, fn, _solve_seconds(text, digits))


def _value(text: str, name: str, unit: str = "eV") -> Decimal:
    """A command-line energy or temperature in :data:`VALUE_RANGE`."""
    value = gap._decimal(text, name, unit=unit)
    lo, hi = VALUE_RANGE
    if value < lo:
        raise InputError(f"{name} must be from {_RANGE_TEXT} {unit}, got {text!r}")
    return value


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
        if not value.is_finite() or value <= 0 or value > VALUE_RANGE[1]:
            raise InputError(f"{name}: A and B must be positive finite numbers in {unit} (at most 1e6), got {text!r}")
        if value < VALUE_RANGE[0]:
            raise InputError(f"{name}: A and B must be from {_RANGE_TEXT} {unit}, got {text!r}")
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
    axis = _Axis(lo, hi, count, log)
    return [axis[k] for k in range(count)]


class _Axis:
    """The points of :func:`grid`, each made when asked for, so a long axis takes no memory."""

    def __init__(self, lo: Decimal, hi: Decimal, count: int, log: bool = False) -> None:
        self.lo, self.hi, self.count, self.log = lo, hi, count, log
        if log and count > 1:
            with mpmath.workdps(40):
                self.ends = (mpmath.log(mpmath.mpf(str(lo))), mpmath.log(mpmath.mpf(str(hi))))

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, k: int) -> str:
        if k == 0 or k == self.count - 1:  # the ends exactly as given
            return str(self.lo) if k == 0 else str(self.hi)
        if self.log:
            a, b = self.ends
            with mpmath.workdps(40):
                return mpmath.nstr(mpmath.exp(a + (b - a) * k / (self.count - 1)), 15, strip_zeros=False)
        with localcontext() as ctx:
            ctx.prec = 15  # interior points to 15 significant digits
            return str((self.lo + (self.hi - self.lo) * k / (self.count - 1)).normalize())


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


def _new_file_mode(target: str) -> int:
    """The mode ``target`` would get from ``open``: its present mode if it exists, else 0o666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(mask)
        return 0o666 & ~mask


def _write_csv(target: str, header: list[str], rows: Iterable[list[str]]) -> int:
    """Write rows to a temporary file beside ``target``, then rename it into place.

    ``mkstemp`` makes the file 0600; it gets the mode a plain ``open`` would have given before the rename.
    """
    folder = os.path.dirname(target)
    try:
        fd, temp = tempfile.mkstemp(prefix=".symcheck-", suffix=".csv.part", dir=folder)
    except OSError as exc:
        raise InputError(f"--out {target!r} is not writable ({exc.strerror})") from None
    count = 0
    try:
        os.fchmod(fd, _new_file_mode(target))
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


def _solved(dos_text: str | None, solve: Callable[[], Any]) -> Any:
    """A sweep point; with a user's --dos, a failure to evaluate it is a one-line error, not a traceback."""
    if dos_text is None:
        return solve()
    try:
        return solve()
    except InputError:
        raise
    except _EVALUATION_FAILURES as exc:
        raise _evaluation_failure(dos_text, "solve", exc) from None


def _solve_c_row(job: tuple[str, str, str | None, int]) -> list[str]:
    e1, tc, dos_text, digits = job
    r = _solved(dos_text, lambda: gap.solve_c(e1, tc, _dos(dos_text), digits))
    return [e1, tc, r.C, r.E_lambda_eV, str(r.digits)]


def _solve_tc_row(job: tuple[str, str, str, str | None, int]) -> list[str]:
    e_lambda, e_fermi, delta, dos_text, digits = job
    r = _solved(dos_text, lambda: gap.solve_tc(e_lambda, e_fermi, delta, _dos(dos_text), digits))
    return [e_fermi, delta, r.Tc_K, r.E1_eV or "", r.C or "", r.regime, str(r.digits)]


def _init_worker() -> None:
    """Ctrl-C reaches every process in the terminal's group: workers ignore it and the parent ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _run_chunk(fn: Callable[[Any], list[str]], chunk: list[Any]) -> list[list[str]]:
    return [fn(job) for job in chunk]


def _pooled(fn: Callable[[Any], list[str]], jobs: Iterator[Any], count: int, workers: int) -> Iterator[list[str]]:
    """``fn`` over ``jobs`` in worker processes, in order, with at most a few chunks per worker in flight."""
    import multiprocessing

    size = max(1, min(_MAX_CHUNK, count // (workers * 16)))
    chunks = iter(lambda: list(islice(jobs, size)), [])
    # the workers start with SIGINT and SIGTERM blocked, so none can die with a traceback before
    # _init_worker has set its handlers; the parent takes the blocked signals once the pool stands
    signals = {signal.SIGINT, signal.SIGTERM}
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    with pool:  # leaving it (done, error, Ctrl-C, SIGTERM) terminates the workers
        pending = deque(pool.apply_async(_run_chunk, (fn, c)) for c in islice(chunks, workers * _BATCH_PER_WORKER))
        while pending:
            rows = pending.popleft().get()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.apply_async(_run_chunk, (fn, following)))
            yield from rows


def _say_estimate(label: str, count: int, per_point: float, workers: int) -> None:
    rest = count - 2
    seconds = rest * per_point / max(1, min(workers, rest))
    if seconds < ESTIMATE_SECONDS:
        return
    shown = f"{seconds / 3600:.1f} h" if seconds >= 5400 else f"{seconds / 60:.1f} min" if seconds >= 90 else f"{seconds:.0f} s"
    sys.stderr.write(
        f"{label}: {count} points, about {shown} ({per_point:.2g} s per point on the first and last points, "
        f"{workers} worker{'s' if workers > 1 else ''}); Ctrl-C stops it and leaves no file\n"
    )
    sys.stderr.flush()


def _run_jobs(
    fn: Callable[[Any], list[str]], job_at: Callable[[int], Any], count: int, workers: int, label: str,
    dos_text: str | None, digits: int,
) -> Iterator[list[str]]:
    """Rows for jobs ``job_at(0)`` .. ``job_at(count - 1)`` in order.

    The first and last points are solved here first (the first within the --dos solve limit): they
    time the estimate. The rest are made one by one as they are needed.
    """
    progress = _Progress(count, label)
    try:
        started = time.monotonic()
        first = _first_solve(dos_text, digits, lambda: fn(job_at(0)))
        last = fn(job_at(count - 1)) if count > 1 else None
        pooled = workers > 1 and count - 2 >= 4
        if count > 2:
            _say_estimate(label, count, (time.monotonic() - started) / 2, workers if pooled else 1)
        yield first
        progress.update(1)
        middle = (job_at(k) for k in range(1, count - 1))
        rows = _pooled(fn, middle, count - 2, workers) if pooled else map(fn, middle)
        for done, row in enumerate(rows, 2):
            yield row
            progress.update(done)
        if last is not None:
            yield last
            progress.update(count)
    finally:
        progress.close()


def _emit(data: dict[str, Any], as_json: bool, lines: list[str]) -> None:
    if as_json:
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(lines) + "\n")


def _checked_size(outer: int, inner: int) -> int:
    """The number of points of a sweep, refused above :data:`MAX_POINTS` before any is made."""
    count = outer * inner
    if count > MAX_POINTS:
        raise InputError(
            f"the sweep has {outer} x {inner} = {count} points; at most {MAX_POINTS} are accepted "
            "(split it into several sweeps)"
        )
    return count


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
        if args.problem == "tc":
            e_lambda = _value(args.e_lambda, "--e-lambda")
            _value(args.e_fermi, "--e-fermi")
            _value(args.delta, "--delta")
            dos = _validated(args.dos, gap._mp(e_lambda) * 2)
            r = _first_solve(args.dos, digits, lambda: gap.solve_tc(args.e_lambda, args.e_fermi, args.delta, dos, digits))
            data = r.to_json()
            lines = [
                f"T_c = {r.Tc_K} K   ({r.digits} digits verified; {r.path})",
                f"E_1 = {r.E1_eV} eV   (Eq. {r.regime})" if r.E1_eV is not None else f"regime: Eq. ({r.regime})",
                f"C   = {r.C}" if r.C is not None else "C undefined at T_c = 0",
                r.detail,
            ]
        else:
            e1 = _value(args.e1, "--e1")
            _value(args.tc, "--tc", "K")
            dos = _validated(args.dos, gap._mp(e1) * 3)
            r = _first_solve(args.dos, digits, lambda: gap.solve_c(args.e1, args.tc, dos, digits))
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
        job_at: Callable[[int], Any]
        if args.problem == "c":
            e1_range = parse_range(args.e1, "--e1", "eV")
            tc_range = parse_range(args.tc, "--tc", "K")
            count = _checked_size(e1_range[2], tc_range[2])
            e1_axis, tc_axis = _Axis(*e1_range), _Axis(*tc_range, log=args.log)

            def job_at(k: int) -> tuple[str, str, str | None, int]:
                i, j = divmod(k, len(tc_axis))
                return (e1_axis[i], tc_axis[j], args.dos, digits)

            header = ["E1_eV", "Tc_K", "C", "E_lambda_eV", "digits"]
            fn: Callable[[Any], list[str]] = _solve_c_row
            _validated(args.dos, gap._mp(e1_range[1]) * 3)  # before any worker starts
        else:
            e_lambda = _value(args.e_lambda, "--e-lambda")
            ef_range = parse_range(args.e_fermi, "--e-fermi", "eV")
            if ":" in str(args.delta):
                delta_range = parse_range(args.delta, "--delta", "eV")
            else:
                one = _value(args.delta, "--delta")
                delta_range = (one, one, 1)
            count = _checked_size(delta_range[2], ef_range[2])
            ef_axis, delta_axis = _Axis(*ef_range), _Axis(*delta_range)

            def job_at(k: int) -> tuple[str, str, str, str | None, int]:
                i, j = divmod(k, len(ef_axis))
                return (args.e_lambda, ef_axis[j], delta_axis[i], args.dos, digits)

            header = ["E_F_eV", "Delta_eV", "Tc_K", "E1_eV", "C", "regime", "digits"]
            fn = _solve_tc_row
            _validated(args.dos, gap._mp(e_lambda) * 2)
        rows = _run_jobs(fn, job_at, count, workers, f"sweep {args.problem}", args.dos, digits)
        count = _write_csv(target, header, rows)
        sys.stderr.write(f"wrote {count} rows to {args.out}\n")
        return 0


COMMANDS = [SolveCommand(), SweepCommand()]
