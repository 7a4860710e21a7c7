"""Eq. (3.11) as solvers: what ``symcheck solve`` and ``symcheck sweep`` take and give for this paper.

::

    symcheck solve tc --e-lambda EV --e-fermi EV --delta EV [--dos EXPR] [--digits N] [--json]
    symcheck solve c  --e1 EV --tc K [--dos EXPR] [--digits N] [--json]
    symcheck sweep c  --e1 A:B:N --tc A:B:N [--log] [--dos EXPR] [--digits N] [--workers N] --out FILE.csv
    symcheck sweep tc --e-lambda EV --e-fermi A:B:N --delta EV|A:B:N [--dos EXPR] [--digits N] [--workers N] --out FILE.csv

The engine (:mod:`symcheck.solver_commands`) makes the options, JSON, CSV, progress and workers
from these declarations. ``solve`` and ``sweep`` default to 12 digits, the most the verified
double-precision path of :mod:`.gap` proves (a few milliseconds); more digits are verified on a
slower path (Arb ball arithmetic or mpmath). A sweep solves its points in chunks with the vectorised
solvers of :mod:`.gap_batch` (S ∝ E^p, up to 13 digits); each point they cannot verify is solved
alone by :mod:`.gap`, so every row carries only verified digits either way. What is this paper's own: the inputs' units and working range
(:data:`VALUE_RANGE`), the density of states ``--dos`` (a formula in E, read without eval), and
the time limits on handling it. Each phase of handling a ``--dos`` formula (parse, classify,
validate, solve) has a time limit (:data:`DOS_PHASE_SECONDS`); a phase that runs out, or a formula
that cannot be evaluated, is a one-line error naming the phase.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from symcheck import InputError
from symcheck.safe_expr import parse_expression
from symcheck.solvers import Output, Quantity, Solution, Solver, time_limited

from . import gap, gap_batch

__all__ = ["DOS_PHASE_SECONDS", "SOLVERS", "VALUE_RANGE"]

T = TypeVar("T")

#: ``solve``'s default: the digits the double-precision path verifies, in milliseconds.
DEFAULT_DIGITS = 12
DEFAULT_SWEEP_DIGITS = 12
_DIGITS_NOTE = "the most the double-precision path verifies, in milliseconds; more digits take a slower path"
#: Digits the --dos solve-phase limit is stated for (more digits scale it).
_DOS_SOLVE_DIGITS = 15
#: Energies (eV) and temperatures (K) on the command line: the solvers' working range.
VALUE_RANGE = ("1e-100", "1e6")
#: Seconds each phase of handling a --dos formula may take; "solve" is one solve at 15 digits
#: (more digits scale it).
DOS_PHASE_SECONDS = {"parse": 5.0, "classify": 10.0, "validate": 15.0, "solve": 30.0}

#: What evaluating a user's formula can raise besides a clean InputError: a value too large for
#: memory (exp(cosh(1e15))), an overflow, a division by zero where no sample foresaw it.
_EVALUATION_FAILURES = (ArithmeticError, ValueError, TypeError, MemoryError, RecursionError)


def _evaluation_failure(text: str, phase: str, exc: BaseException) -> InputError:
    lines = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {lines[0][:80]}" if lines else type(exc).__name__
    return InputError(f"--dos {text!r}: the {phase} phase failed evaluating it ({reason}); give a simpler formula")


def _phase(name: str, text: str, fn: Callable[[], T], seconds: float) -> T:
    """Run one phase of handling ``--dos text`` within ``seconds``; running out is a one-line error."""
    try:
        return time_limited(fn, seconds, lambda: (
            f"--dos {text!r}: gave up in the {name} phase after {seconds:g} s; "
            "give a simpler formula (e.g. a power of E times a smooth factor)"
        ))
    except InputError:
        raise
    except _EVALUATION_FAILURES as exc:
        raise _evaluation_failure(text, name, exc) from None


@lru_cache(maxsize=8)
def _dos(text: str) -> gap.DensityOfStates:
    """A user's density of states, parsed and classified (once per process: every sweep point uses it)."""
    expr = _phase("parse", text, lambda: parse_expression(text, {"E": gap.E}, what="--dos"), DOS_PHASE_SECONDS["parse"])
    return _phase("classify", text, lambda: gap.DensityOfStates.from_expr(expr, text, "--dos"),
                  DOS_PHASE_SECONDS["classify"])


def _validate(dos: gap.DensityOfStates | None, e_max: Any) -> None:
    """A user's density of states, checked on (0, e_max] (the solver checks again; quick the second time)."""
    if dos is not None:
        _phase("validate", dos.text, lambda: dos.validate(e_max, "--dos"), DOS_PHASE_SECONDS["validate"])


def _solved(dos: gap.DensityOfStates | None, digits: int, fn: Callable[[], T]) -> T:
    """One solve; with a user's --dos, within the solve phase's limit and failures as one line."""
    if dos is None:
        return fn()
    seconds = DOS_PHASE_SECONDS["solve"] * max(1.0, digits / _DOS_SOLVE_DIGITS)
    return _phase("solve", dos.text, fn, seconds)


def _energy(name: str, help_text: str, label: str, **sweep: Any) -> Quantity:
    return Quantity(name, "eV", help_text, low=VALUE_RANGE[0], high=VALUE_RANGE[1], metavar="EV", label=label, **sweep)


_DOS = Quantity("dos", kind="text", parse=_dos, metavar="EXPR",
                help="density of states S(E), E in eV, e.g. 'E**1.5' (default sqrt(E))")


# -- inverse problem (claim A): E_1, T_c -> C, E_λ=2R ----------------------------------------------
def _check_c(inputs: Mapping[str, Any], digits: int) -> None:
    _validate(inputs["dos"], gap._mp(inputs["e1"]) * 3)


def _solve_c(inputs: Mapping[str, Any], digits: int) -> Solution:
    dos = inputs["dos"]
    r = _solved(dos, digits, lambda: gap.solve_c(inputs["e1"], inputs["tc"], dos or gap.FERMI_LIQUID, digits))
    return Solution({"C": r.C, "E_lambda_eV": r.E_lambda_eV}, r.digits, r.path, r.detail)


def _power_law(points: Sequence[Mapping[str, Any]]) -> Any:
    """p of S ∝ E^p shared by every point of a chunk, or None (then each point is solved alone)."""
    dos = points[0]["dos"] if points else None
    if any(point["dos"] is not dos for point in points):
        return None
    return (dos or gap.FERMI_LIQUID).exponent


def _solve_c_batch(points: Sequence[Mapping[str, Any]], digits: int) -> list[Solution | None]:
    p = _power_law(points)
    if p is None:
        return [None] * len(points)
    dos = points[0]["dos"] or gap.FERMI_LIQUID
    solved = gap_batch.solve_c_batch([(point["e1"], point["tc"]) for point in points], p, digits)
    return [None if r is None else Solution({"C": r[0], "E_lambda_eV": r[1]}, digits, gap_batch.PATH,
                                            f"S = {dos.text}, k_B T_c/E_1 = {r[2]}") for r in solved]


def _describe_c(s: Solution) -> list[str]:
    return [
        f"C = {s.values['C']}   ({s.digits} digits verified; {s.path})",
        f"E_λ=2R = {s.values['E_lambda_eV']} eV",
        s.detail,
    ]


SOLVE_C = Solver(
    "c", "inverse (claim A): E_1, T_c -> E_λ=2R and C",
    inputs=(
        _energy("e1", "gap bottom E_1 in eV", "E_1", sweep="range", column="E1_eV"),
        Quantity("tc", "K", "T_c in kelvin", low=VALUE_RANGE[0], high=VALUE_RANGE[1], metavar="K", label="T_c",
                 sweep="range", column="Tc_K", log_flag="--log", log_help="space the T_c axis logarithmically"),
        _DOS,
    ),
    outputs=(Output("C", "", "C of k_B T_c C = E_λ=2R - E_1"), Output("E_lambda_eV", "eV", "E_λ=2R")),
    solve=_solve_c, precheck=_check_c, digits=gap.DIGITS_RANGE,
    default_digits=DEFAULT_DIGITS, sweep_digits=DEFAULT_SWEEP_DIGITS, digits_note=_DIGITS_NOTE,
    sweep_help="C over E_1 x T_c", describe=_describe_c, solve_batch=_solve_c_batch,
)


# -- forward problem: E_λ=2R, E_F, |Δ| -> E_1, T_c, C ---------------------------------------------
def _check_tc(inputs: Mapping[str, Any], digits: int) -> None:
    _validate(inputs["dos"], gap._mp(inputs["e_lambda"]) * 2)


def _solve_tc(inputs: Mapping[str, Any], digits: int) -> Solution:
    dos = inputs["dos"]
    r = _solved(dos, digits, lambda: gap.solve_tc(inputs["e_lambda"], inputs["e_fermi"], inputs["delta"],
                                                  dos or gap.FERMI_LIQUID, digits))
    values = {"Tc_K": r.Tc_K, "E1_eV": r.E1_eV, "C": r.C, "regime": r.regime}
    return Solution(values, r.digits, r.path, r.detail)


def _solve_tc_batch(points: Sequence[Mapping[str, Any]], digits: int) -> list[Solution | None]:
    p = _power_law(points)
    if p is None:
        return [None] * len(points)
    dos = points[0]["dos"] or gap.FERMI_LIQUID
    triples = [(point["e_lambda"], point["e_fermi"], point["delta"]) for point in points]
    out: list[Solution | None] = []
    for r in gap_batch.solve_tc_batch(triples, p, digits):
        if r is None:
            out.append(None)
            continue
        tc, e1, c, regime, window, eps = r
        out.append(Solution({"Tc_K": tc, "E1_eV": e1, "C": c, "regime": regime}, digits, gap_batch.PATH,
                            f"S = {dos.text}, E_λ=2R - E_1 = {window} eV, k_B T_c/E_1 = {eps}"))
    return out


def _describe_tc(s: Solution) -> list[str]:
    v = s.values
    return [
        f"T_c = {v['Tc_K']} K   ({s.digits} digits verified; {s.path})",
        f"E_1 = {v['E1_eV']} eV   (Eq. {v['regime']})" if v["E1_eV"] is not None else f"regime: Eq. ({v['regime']})",
        f"C   = {v['C']}" if v["C"] is not None else "C undefined at T_c = 0",
        s.detail,
    ]


SOLVE_TC = Solver(
    "tc", "forward: E_λ=2R, E_F, |Δ| -> E_1 (3.7/3.8), T_c (3.11), C",
    inputs=(
        _energy("e_lambda", "E_λ=2R in eV", "E_λ=2R"),
        _energy("e_fermi", "E_F in eV", "E_F", sweep="range", column="E_F_eV"),
        _energy("delta", "|Δ|, the pairing energy per electron, in eV", "|Δ|", sweep="either", column="Delta_eV"),
        _DOS,
    ),
    outputs=(Output("Tc_K", "K", "T_c"), Output("E1_eV", "eV", "E_1 (3.7/3.8)"),
             Output("C", "", "C of k_B T_c C = E_λ=2R - E_1"), Output("regime", "", "the equation of E_1")),
    solve=_solve_tc, precheck=_check_tc, digits=gap.DIGITS_RANGE,
    default_digits=DEFAULT_DIGITS, sweep_digits=DEFAULT_SWEEP_DIGITS, digits_note=_DIGITS_NOTE,
    solve_batch=_solve_tc_batch,
    sweep_help="T_c over E_F (and |Δ|) at fixed E_λ=2R", nesting=("delta", "e_fermi"),
    json_keys=("Tc_K", "E1_eV", "C", "digits", "regime", "path", "detail"), describe=_describe_tc,
)

#: The solvers of Eq. (3.11), in the order ``symcheck solve`` lists them.
SOLVERS = (SOLVE_TC, SOLVE_C)
