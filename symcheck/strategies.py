"""How symcheck decides that two expressions are equal.

:func:`prove_equal` climbs a ladder of SymPy rewrites (structural comparison;
cancel, expand, together, radsimp, powsimp and friends; finally simplify),
each under a time limit, and stops at the first that reduces ``lhs - rhs`` to
zero. A rewrite that reduces it to something provably non-zero disproves the
identity. Only when the ladder ends without a verdict does
:func:`numeric_test` evaluate both sides with mpmath at random points that
respect the symbols' assumptions. A numeric pass is reported as "verified
numerically", never as a proof.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> prove_equal(sp.sqrt(x**2), x).strategy
'structural'
>>> prove_equal((x**2 - 1) / (x - 1), x + 1).strategy
'cancel'
>>> prove_equal(x + 1, x).verdict
False
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import mpmath
import sympy

from ._timeout import TimeLimitExceeded, call_with_time_limit

__all__ = [
    "LADDER",
    "Proof",
    "NumericTest",
    "prove_equal",
    "numeric_test",
    "sample_point",
    "NumericUnavailable",
]


def _powsimp_expand(d: sympy.Expr) -> sympy.Expr:
    return sympy.cancel(sympy.powsimp(sympy.expand_power_base(sympy.expand(d))))


def _powdenest(d: sympy.Expr) -> sympy.Expr:
    return sympy.cancel(sympy.powdenest(sympy.expand_power_base(d), force=False))


#: The ladder of rewrites, cheapest first. Each maps ``lhs - rhs`` to an equal
#: expression; a rewrite that reaches ``0`` proves the identity.
LADDER: tuple[tuple[str, Callable[[sympy.Expr], sympy.Expr]], ...] = (
    ("structural", lambda d: d),
    ("cancel", sympy.cancel),
    ("expand", sympy.expand),
    ("together", lambda d: sympy.cancel(sympy.together(d))),
    ("radsimp", lambda d: sympy.cancel(sympy.radsimp(d))),
    ("powsimp", _powsimp_expand),
    ("powdenest", _powdenest),
    ("expand_complex", lambda d: sympy.cancel(sympy.expand_complex(d))),
    ("trigsimp", sympy.trigsimp),
    ("logcombine", lambda d: sympy.expand_log(sympy.logcombine(d), force=False)),
    ("factor", sympy.factor),
    ("simplify", sympy.simplify),
)


@dataclass(frozen=True)
class Proof:
    """Outcome of the rewrite ladder.

    ``verdict`` is ``True`` (proved equal), ``False`` (proved different) or
    ``None`` (undecided). ``residual`` is the simplest form of ``lhs - rhs``
    that was reached; ``timed_out`` lists rewrites stopped by the time limit.
    """

    verdict: bool | None
    strategy: str | None
    residual: sympy.Expr
    timed_out: tuple[str, ...] = ()
    limit_enforced: bool = True


def _is_simpler(a: sympy.Expr, b: sympy.Expr) -> bool:
    return sympy.count_ops(a) < sympy.count_ops(b)


def prove_equal(lhs: sympy.Expr, rhs: sympy.Expr, time_limit: float = 10.0) -> Proof:
    """Try to prove ``lhs == rhs`` for all values allowed by the symbols' assumptions."""
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    if lhs == rhs:
        return Proof(True, "structural", sympy.Integer(0))
    diff = lhs - rhs
    residual = diff
    timed_out: list[str] = []
    enforced = True
    deadline = time.monotonic() + time_limit
    for name, rewrite in LADDER:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out.append(name)
            continue
        try:
            reduced, was_enforced = call_with_time_limit(lambda r=rewrite: r(diff), remaining)
        except TimeLimitExceeded:
            timed_out.append(name)
            continue
        except (TypeError, ValueError, NotImplementedError, AttributeError):
            continue  # rewrite not applicable to this expression
        enforced = enforced and was_enforced
        if reduced == 0 or reduced.is_zero is True:
            return Proof(True, name, sympy.Integer(0), tuple(timed_out), enforced)
        if _is_simpler(reduced, residual):
            residual = reduced
        if reduced.is_zero is False:
            return Proof(False, name, reduced, tuple(timed_out), enforced)
    return Proof(None, None, residual, tuple(timed_out), enforced)


class NumericUnavailable(Exception):
    """The expressions cannot be evaluated numerically (e.g. undefined functions)."""


def sample_point(symbol: sympy.Symbol, rng: random.Random) -> mpmath.mpf | mpmath.mpc | int:
    """A random value that satisfies ``symbol``'s assumptions.

    Magnitudes are spread log-uniformly over [0.1, 10] so that wrong powers
    show; integers are drawn from 1..7 (or symmetric ranges).
    """
    if symbol.is_integer:
        if symbol.is_positive:
            return rng.randint(1, 7)
        if symbol.is_negative:
            return -rng.randint(1, 7)
        if symbol.is_nonnegative:
            return rng.randint(0, 7)
        choices = [k for k in range(-7, 8) if not (symbol.is_nonzero and k == 0)]
        return rng.choice(choices)
    magnitude = mpmath.mpf(10) ** mpmath.mpf(rng.uniform(-1, 1))
    if symbol.is_positive or symbol.is_nonnegative:
        return magnitude
    if symbol.is_negative or symbol.is_nonpositive:
        return -magnitude
    if symbol.is_real or symbol.is_extended_real:
        return magnitude if rng.random() < 0.5 else -magnitude
    # no assumption: SymPy treats the symbol as complex
    phase = mpmath.mpf(rng.uniform(0, 2)) * mpmath.pi
    return magnitude * mpmath.expj(phase)


@dataclass(frozen=True)
class NumericTest:
    """Outcome of comparing two expressions at random points.

    ``holds`` is ``True`` when every point agreed to ``digits`` significant
    digits; ``counterexample`` gives the first point that did not.
    """

    holds: bool
    points: int
    digits: int
    counterexample: dict[str, str] = field(default_factory=dict)
    lhs_value: str | None = None
    rhs_value: str | None = None


def _fmt(x: object, n: int = 12) -> str:
    if isinstance(x, (mpmath.mpf, mpmath.mpc)):
        return mpmath.nstr(x, n)
    return str(x)


def numeric_test(
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    *,
    points: int = 5,
    digits: int = 30,
    seed: int = 0,
    symbols: Sequence[sympy.Symbol] | None = None,
) -> NumericTest:
    """Compare ``lhs`` and ``rhs`` at ``points`` random admissible points.

    Both sides are evaluated with mpmath at ``digits + 15`` digits; a point
    agrees when the two values differ by at most ``10**-digits`` relative to
    the larger of them. Raises :class:`NumericUnavailable` when the
    expressions contain objects mpmath cannot evaluate.
    """
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    expr_symbols = (lhs.free_symbols | rhs.free_symbols) if symbols is None else set(symbols)
    if lhs.atoms(sympy.core.function.AppliedUndef) or rhs.atoms(sympy.core.function.AppliedUndef):
        raise NumericUnavailable("the expressions contain undefined functions")
    ordered = sorted(expr_symbols, key=lambda s: s.name)
    try:
        f_lhs = sympy.lambdify(ordered, lhs, modules="mpmath")
        f_rhs = sympy.lambdify(ordered, rhs, modules="mpmath")
    except Exception as exc:  # lambdify raises many types for unsupported objects
        raise NumericUnavailable(f"cannot lambdify: {exc}") from exc
    rng = random.Random(seed)
    tolerance = mpmath.mpf(10) ** (-digits)
    done = 0
    attempts = 0
    with mpmath.workdps(digits + 15):
        while done < points:
            attempts += 1
            if attempts > 20 * points:
                raise NumericUnavailable(
                    f"only {done} of {points} random points could be evaluated"
                )
            values = [sample_point(s, rng) for s in ordered]
            try:
                a = mpmath.mpmathify(f_lhs(*values))
                b = mpmath.mpmathify(f_rhs(*values))
            except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                continue
            if not (mpmath.isfinite(a) and mpmath.isfinite(b)):
                continue
            scale = max(abs(a), abs(b))
            done += 1
            if abs(a - b) > tolerance * scale:
                point = {s.name: _fmt(v) for s, v in zip(ordered, values)}
                return NumericTest(False, done, digits, point, _fmt(a), _fmt(b))
    return NumericTest(True, done, digits)
