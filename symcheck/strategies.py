"""How symcheck decides that two expressions are equal.

:func:`prove_equal` climbs a ladder of SymPy rewrites (structural comparison;
cancel, expand, together, radsimp, powsimp and friends; finally simplify) and
stops at the first that reduces ``lhs - rhs`` to zero. A rewrite that reduces
it to something provably non-zero disproves the identity. Only when the ladder
ends without a verdict does :func:`numeric_test` evaluate both sides with
mpmath at random points that respect the symbols' assumptions. A numeric pass
is reported as "verified numerically", never as a proof.

Which rewrites are tried is decided by an operation budget, not by a clock:
each rung has a largest ``count_ops(lhs - rhs)`` it is given (:data:`BUDGET`),
so the verdict and the method that found it depend only on the expressions,
never on the speed or load of the machine. A wall-clock limit remains as a
safety net against a rewrite that never returns; when it fires,
:class:`ProofTimeLimit` is raised, which a check reports as an ``error`` with
"time limit" in its detail: it never turns "proved" into "verified
numerically" in silence. :func:`symbolic_limit` applies the same policy to
SymPy's ``limit``.

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
from .errors import SymcheckError

__all__ = [
    "BUDGET",
    "LADDER",
    "LIMIT_BUDGET",
    "SAFETY_NET_S",
    "Proof",
    "ProofTimeLimit",
    "NumericTest",
    "prove_equal",
    "numeric_test",
    "sample_point",
    "symbolic_limit",
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


#: Operation budget of each rung: the largest ``count_ops(lhs - rhs)`` it is
#: tried on. The polynomial and power rewrites are cheap at any size met in a
#: derivation; ``simplify`` tries everything and can run for minutes on a few
#: dozen operations with integrals or exponentials, so it gets small inputs only.
BUDGET: dict[str, int] = {
    "structural": 10**6,
    "cancel": 5000,
    "expand": 5000,
    "together": 5000,
    "radsimp": 2000,
    "powsimp": 2000,
    "powdenest": 2000,
    "expand_complex": 1000,
    "trigsimp": 400,
    "logcombine": 1000,
    "factor": 400,
    "simplify": 40,
}

#: Largest ``count_ops`` of an expression whose limit SymPy is asked for.
LIMIT_BUDGET = 100

#: The wall-clock safety net, in seconds, below which no caller's limit goes:
#: a net that a loaded machine can reach would let the load decide the verdict.
SAFETY_NET_S = 60.0


class ProofTimeLimit(SymcheckError):
    """A rewrite or a symbolic limit ran past the wall-clock safety net: no verdict."""


@dataclass(frozen=True)
class Proof:
    """Outcome of the rewrite ladder.

    ``verdict`` is ``True`` (proved equal), ``False`` (proved different) or
    ``None`` (undecided). ``residual`` is the simplest form of ``lhs - rhs``
    that was reached; ``over_budget`` lists the rungs not tried because
    ``lhs - rhs`` has more operations than their budget. ``timed_out`` is
    always empty: a rewrite that reaches the safety net raises
    :class:`ProofTimeLimit` instead (kept so that callers reading it still work).
    """

    verdict: bool | None
    strategy: str | None
    residual: sympy.Expr
    timed_out: tuple[str, ...] = ()
    limit_enforced: bool = True
    over_budget: tuple[str, ...] = ()


def _is_simpler(a: sympy.Expr, b: sympy.Expr) -> bool:
    return sympy.count_ops(a) < sympy.count_ops(b)


def _safety_net(time_limit: float) -> float:
    return max(float(time_limit), SAFETY_NET_S)


def prove_equal(lhs: sympy.Expr, rhs: sympy.Expr, time_limit: float = SAFETY_NET_S) -> Proof:
    """Try to prove ``lhs == rhs`` for all values allowed by the symbols' assumptions.

    The rungs tried are those whose :data:`BUDGET` admits ``count_ops(lhs - rhs)``.
    ``time_limit`` is the safety net for the whole ladder (never less than
    :data:`SAFETY_NET_S`); past it :class:`ProofTimeLimit` is raised.
    """
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    if lhs == rhs:
        return Proof(True, "structural", sympy.Integer(0))
    diff = lhs - rhs
    size = sympy.count_ops(diff)
    residual = diff
    skipped: list[str] = []
    enforced = True
    net = _safety_net(time_limit)
    deadline = time.monotonic() + net
    for name, rewrite in LADDER:
        if size > BUDGET.get(name, 0):
            skipped.append(name)
            continue
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeLimitExceeded
            reduced, was_enforced = call_with_time_limit(lambda r=rewrite: r(diff), remaining)
        except TimeLimitExceeded:
            raise ProofTimeLimit(
                f"the rewrite '{name}' of lhs - rhs ({size} operations) ran past the {net:g} s time limit "
                "(a safety net, not a verdict): no verdict; raise the time limit or split the identity"
            ) from None
        except (TypeError, ValueError, NotImplementedError, AttributeError):
            continue  # rewrite not applicable to this expression
        enforced = enforced and was_enforced
        if reduced == 0 or reduced.is_zero is True:
            return Proof(True, name, sympy.Integer(0), (), enforced, tuple(skipped))
        if _is_simpler(reduced, residual):
            residual = reduced
        if reduced.is_zero is False:
            return Proof(False, name, reduced, (), enforced, tuple(skipped))
    return Proof(None, None, residual, (), enforced, tuple(skipped))


def symbolic_limit(
    expr: sympy.Expr, var: sympy.Symbol, point: sympy.Expr, direction: str = "+", time_limit: float = SAFETY_NET_S
) -> tuple[sympy.Expr | None, str]:
    """SymPy's limit of ``expr`` as ``var`` -> ``point``, or ``None``, with a note saying why not.

    Asked only when ``count_ops(expr)`` is within :data:`LIMIT_BUDGET`, so that
    whether SymPy answers depends on the expression and not on the machine;
    ``time_limit`` is a safety net (never less than :data:`SAFETY_NET_S`) past
    which :class:`ProofTimeLimit` is raised.
    """
    expr = sympy.sympify(expr)
    size = sympy.count_ops(expr)
    if size > LIMIT_BUDGET:
        return None, f"SymPy limit not attempted: the expression has {size} operations, over the budget of {LIMIT_BUDGET}"
    net = _safety_net(time_limit)
    try:
        value, _ = call_with_time_limit(lambda: sympy.limit(expr, var, point, direction), net)
    except TimeLimitExceeded:
        raise ProofTimeLimit(
            f"SymPy's limit ({size} operations) ran past the {net:g} s time limit (a safety net, not a verdict)"
        ) from None
    except NotImplementedError:
        return None, "SymPy cannot compute this limit"
    if isinstance(value, sympy.Limit):
        return None, "SymPy returned the limit unevaluated"
    return value, "SymPy limit"


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
