"""``symcheck solve`` and ``symcheck sweep``, made from a derivation's declared solvers.

::

    symcheck solve NAME [--INPUT VALUE ...] [--digits N] [--json] [--derivation D]
    symcheck sweep NAME [--INPUT VALUE|A:B:N ...] [--digits N] [--workers N | --scheduler ADDRESS] --out FILE.csv

Every option comes from a :class:`~symcheck.solvers.Quantity`: its name, unit, admissible range
and, in a sweep, whether it takes one value, a range ``A:B:N`` or either. JSON numbers are decimal
strings carrying only verified digits (``digits`` says how many). A sweep's CSV has one column per
swept input, one per output and ``digits``; its size is checked from the ranges before any point
is made, and it appears only when every row is in (see :mod:`symcheck.sweeping`). Points are
solved in chunks: a solver with a batch hook gets each chunk at once and solves alone only the
points it could not verify there. With ``--scheduler`` the points are solved on a Dask cluster
(:mod:`symcheck.dask_backend`) and the file is the same, byte for byte. Every bad input is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import product
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .solvers import Quantity, Solver, parse_digits
from .sweeping import (
    BATCH_CHUNK,
    MAX_CHUNK,
    MAX_WORKERS,
    Axis,
    Backend,
    LocalProcesses,
    check_output,
    run_points,
    write_csv,
)

if TYPE_CHECKING:
    from .derivation import Derivation

__all__ = ["MAX_POINTS", "SolveCommand", "SweepCommand", "solve_point", "solver_commands"]

#: Points one sweep may have, checked from its ranges before any is made.
MAX_POINTS = 1_000_000

_Text = str | bool | None


def _dest(q: Quantity) -> str:
    return f"input_{q.name}"


def _metavar(q: Quantity) -> str:
    if q.metavar:
        return q.metavar
    if q.kind == "text":
        return "TEXT"
    return q.unit.upper() if q.unit.isalpha() else "X"


def _value(q: Quantity, text: _Text) -> Any:
    """The value ``solve`` gets for an input given (or defaulted) as ``text``."""
    if q.kind == "flag":
        return bool(text)
    if text is None:
        return None
    if q.kind == "text":
        return q.value(str(text))  # for every point: a costly parse caches itself
    return q.value(str(text))


def _values(solver: Solver, texts: Mapping[str, _Text]) -> dict[str, Any]:
    return {q.name: _value(q, texts.get(q.name)) for q in solver.inputs}


def solve_point(solver: Solver, texts: Mapping[str, _Text], digits: int) -> Any:
    """Solve at inputs given as command-line text; the checked :class:`~symcheck.solvers.Solution`."""
    return solver.checked(solver.solve(_values(solver, texts), digits))


#: Whether the batch hook answered any point of the latest chunk solved in this process (the sweep's
#: first and last points are solved here: when the hook answered them, a chunk costs about what one
#: point does and the time estimate waits for a whole chunk).
_BATCH_ANSWERED = [False]


@dataclass(frozen=True)
class _Chunk:
    """The CSV rows of a chunk of a sweep's points; pickled to worker processes or a Dask cluster.

    The fixed inputs are read once per chunk. A solver that declares ``solve_batch`` gets the
    chunk at once and only the points it returns ``None`` for are
    solved one by one; otherwise every point is solved alone.
    """

    solver: Solver
    fixed: tuple[tuple[str, _Text], ...]
    axes: tuple[str, ...]
    digits: int

    def __call__(self, jobs: list[tuple[str, ...]]) -> list[list[str]]:
        solver = self.solver
        fixed = dict(self.fixed)
        if solver.solve_batch is None:
            return [solver.row(texts, solve_point(solver, texts, self.digits))
                    for texts in ({**fixed, **dict(zip(self.axes, job))} for job in jobs)]
        fixed_values = {q.name: _value(q, fixed.get(q.name)) for q in solver.inputs if q.name not in self.axes}
        swept = [solver.input(name) for name in self.axes]
        texts, values = [], []
        read: list[dict[str, Any]] = [{} for _ in swept]  # an axis value recurs on every row: read it once
        for job in jobs:
            point = dict(fixed_values)
            text = dict(fixed)
            for q, seen, value in zip(swept, read, job):
                number = seen.get(value)
                if number is None:
                    number = seen[value] = q.value(value)
                point[q.name] = number
                text[q.name] = value
            values.append(point)
            texts.append(text)
        solutions = solver.solve_batch(values, self.digits)
        if len(solutions) != len(jobs):
            raise TypeError(f"solver {solver.name!r}: solve_batch gave {len(solutions)} solutions for {len(jobs)} points")
        _BATCH_ANSWERED[0] = any(solution is not None for solution in solutions)
        return [
            solver.row(text, solver.checked(solution if solution is not None else solver.solve(value, self.digits)))
            for text, value, solution in zip(texts, values, solutions)
        ]


def _solver(derivation: Derivation, name: str) -> Solver:
    for solver in derivation.solvers:
        if solver.name == name:
            return solver
    raise InputError(f"unknown problem {name!r}; known: {', '.join(s.name for s in derivation.solvers)}")


def _add_input(parser: argparse.ArgumentParser, q: Quantity, *, sweep: bool) -> None:
    if q.kind == "flag":
        parser.add_argument(q.flag, dest=_dest(q), action="store_true", help=q.help)
        return
    metavar, help_text = _metavar(q), q.help
    if sweep and q.kind == "number":
        label = q.label or q.name
        unit = f" {q.unit}" if q.unit else ""
        if q.sweep == "range":
            metavar, help_text = "A:B:N", f"{label} from A to B{unit} in N points"
        elif q.sweep == "either":
            metavar, help_text = f"{metavar}|A:B:N", f"{label}{' in' + unit if unit else ''}, one value or a range"
    parser.add_argument(q.flag, dest=_dest(q), required=q.is_required, metavar=metavar, default=q.default,
                        help=help_text)
    if sweep and q.log_flag:
        parser.add_argument(q.log_flag, dest=f"log_{q.name}", action="store_true",
                            help=q.log_help or f"space the {q.label or q.name} axis logarithmically")


def _problems(parser: argparse.ArgumentParser) -> Any:
    sub = parser.add_subparsers(dest="problem", metavar="PROBLEM")
    sub.required = True
    return sub


def _derivation_option(parser: argparse.ArgumentParser) -> None:
    """``--derivation`` after the problem too (it was read before parsing; SUPPRESS keeps one given earlier)."""
    parser.add_argument("--derivation", metavar="NAME", default=argparse.SUPPRESS,
                        help="registered derivation to use (default: the built-in paper, exchange-pairing)")


class SolveCommand:
    """``symcheck solve NAME``: one verified solution of a declared solver."""

    name = "solve"

    def __init__(self, derivation: Derivation) -> None:
        self.derivation = derivation
        names = "; ".join(f"{s.name}: {s.help}" for s in derivation.solvers)
        self.help = f"solve to verified digits ({names})"

    def configure(self, parser: argparse.ArgumentParser) -> None:
        sub = _problems(parser)
        for solver in self.derivation.solvers:
            p = sub.add_parser(solver.name, help=solver.help)
            _derivation_option(p)
            for q in solver.inputs:
                _add_input(p, q, sweep=False)
            lo, hi = solver.digits
            note = f"; {solver.digits_note}" if solver.digits_note else ""
            p.add_argument("--digits", metavar="N", default=str(solver.default_digits),
                           help=f"significant digits to verify, {lo}-{hi} (default {solver.default_digits}{note})")
            p.add_argument("--json", action="store_true", help="machine-readable output")

    def run(self, args: argparse.Namespace) -> int:
        solver = _solver(self.derivation, args.problem)
        digits = parse_digits(args.digits, solver.digits)
        values = _values(solver, {q.name: getattr(args, _dest(q)) for q in solver.inputs})
        if solver.precheck is not None:
            solver.precheck(values, digits)
        solution = solver.checked(solver.solve(values, digits))
        if args.json:
            json.dump(solver.to_json(solution), sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write("\n".join(solver.lines(solution)) + "\n")
        return 0


def _workers(text: str | None) -> int:
    if text is None:
        return 1
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise InputError(f"--workers must be an integer from 1 to {MAX_WORKERS}, got {text!r}") from None
    if not 1 <= value <= MAX_WORKERS:
        raise InputError(f"--workers must be an integer from 1 to {MAX_WORKERS}, got {text!r}")
    return value


def _checked_size(axes: Sequence[tuple[Quantity, int]]) -> int:
    """The number of points of a sweep, refused above :data:`MAX_POINTS` before any is made."""
    count = math.prod(n for _, n in axes)
    if count > MAX_POINTS:
        shape = " x ".join(str(n) for _, n in axes)
        raise InputError(
            f"the sweep has {shape} = {count} points; at most {MAX_POINTS} are accepted (split it into several sweeps)"
        )
    return count


def _job_at(axes: Sequence[Axis]) -> Callable[[int], tuple[str, ...]]:
    """Point ``k`` of the grid, the last axis varying fastest."""

    def job_at(k: int) -> tuple[str, ...]:
        index = []
        for axis in reversed(axes):
            k, i = divmod(k, len(axis))
            index.append(i)
        return tuple(axis[i] for axis, i in zip(axes, reversed(index)))

    return job_at


class SweepCommand:
    """``symcheck sweep NAME``: a declared solver over a grid, to CSV."""

    name = "sweep"

    def __init__(self, derivation: Derivation) -> None:
        self.derivation = derivation
        self.help = f"solve over a grid and write CSV ({', '.join(s.name for s in derivation.solvers)})"

    def configure(self, parser: argparse.ArgumentParser) -> None:
        sub = _problems(parser)
        for solver in self.derivation.solvers:
            columns = ", ".join(solver.header)
            p = sub.add_parser(solver.name, help=f"{solver.sweep_help or solver.help}; columns {columns}")
            _derivation_option(p)
            for q in solver.inputs:
                _add_input(p, q, sweep=True)
            lo, hi = solver.digits
            p.add_argument("--digits", metavar="N", default=str(solver.sweep_digits),
                           help=f"significant digits to verify per point, {lo}-{hi} (default {solver.sweep_digits})")
            p.add_argument("--workers", metavar="N", default=None, help="worker processes on this machine (default 1)")
            p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                           help="solve on the Dask cluster of this scheduler (e.g. tcp://host:8786) instead")
            p.add_argument("--out", required=True, metavar="FILE.csv", help="CSV file to write (- for stdout, written once the sweep is complete)")

    def run(self, args: argparse.Namespace) -> int:
        solver = _solver(self.derivation, args.problem)
        digits = parse_digits(args.digits, solver.digits)
        workers = _workers(args.workers)
        if args.scheduler is not None and args.workers is not None:
            raise InputError("--workers and --scheduler exclude each other: the cluster's workers do the work")
        fixed: dict[str, Any] = {}
        ranges: dict[str, tuple[Decimal, Decimal, int]] = {}
        for q in solver.inputs:
            text = getattr(args, _dest(q))
            if q.kind != "number" or text is None:
                if q.kind == "text" and text is not None:
                    q.value(text)  # refuse bad text before any work
                fixed[q.name] = text
            elif q.sweep == "range" or (q.sweep == "either" and ":" in str(text)):
                ranges[q.name] = q.range(text)
            else:
                value = q.value(text)
                if q.sweep == "either":
                    ranges[q.name] = (value, value, 1)
                else:
                    fixed[q.name] = str(value)
        count = _checked_size([(q, ranges[q.name][2]) for q in solver.axes])
        target = check_output(args.out)
        axes = [Axis(*ranges[q.name], log=bool(getattr(args, f"log_{q.name}", False))) for q in solver.axes]
        chunk = _Chunk(solver, tuple(fixed.items()), tuple(q.name for q in solver.axes), digits)
        if solver.precheck is not None:  # at the top of every range, before any point
            solver.precheck(_values(solver, {**fixed, **{k: str(r[1]) for k, r in ranges.items()}}), digits)
        backend: Backend
        if args.scheduler is not None:
            # imported only for a cluster: distributed takes seconds to import
            from .dask_backend import DaskCluster

            backend = DaskCluster(args.scheduler)
        else:
            backend = LocalProcesses(workers)
        try:
            largest = BATCH_CHUNK if solver.solve_batch is not None else MAX_CHUNK
            rows = run_points(chunk, _job_at(axes), count, f"sweep {solver.name}", backend, largest, product(*axes),
                              batched=lambda: _BATCH_ANSWERED[0])
            written = write_csv(target, solver.header, rows)
        finally:
            close = getattr(backend, "close", None)
            if close is not None:
                close()
        sys.stderr.write(f"wrote {written} rows to {'stdout' if target == '-' else args.out}\n")
        return 0


def solver_commands(derivation: Derivation) -> list[SolveCommand | SweepCommand]:
    """The engine's ``solve`` and ``sweep`` commands for a derivation that declares solvers."""
    if not derivation.solvers:
        return []
    return [SolveCommand(derivation), SweepCommand(derivation)]
