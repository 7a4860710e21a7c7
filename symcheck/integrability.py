"""Is a positive function integrable at 0⁺? Two asymptotic tests, each cross-checked numerically.

For f > 0 near 0 the *local exponent* p(x) = x f'(x) / f(x) is the slope of log f against log x.

1. **Power-law test.** If p(x) → p₀ as x → 0⁺, then f(x) = x^(p₀ + o(1)), so ∫₀ f converges when
   p₀ > -1 and diverges when p₀ < -1 (compare with x^(p₀ ∓ δ)). It cannot decide p₀ = -1:
   1/(x log² x) is integrable at 0 and 1/(x |log x|) is not.
2. **Logarithmic test** (the same test after x = e^-t, which maps 0⁺ to t → ∞ and ∫ f dx to
   ∫ g dt with g(t) = f(e^-t) e^-t). The local exponent of g in t is
   q(x) = log(x) (1 + p(x)); if q(x) → q₀, then ∫ converges when q₀ < -1 and diverges when
   q₀ > -1. For 1/(x log² x), q₀ = -2: integrable.

Each limit is taken symbolically by SymPy, then compared with the local exponent evaluated at
x = 10^-10, 10^-100 and 10^-1000 with mpmath (a numeric tail test): a limit on one side of -1 is
accepted only if the deepest sample is on the same side and nearer to the limit than -1 is. When a limit
cannot be found, the numbers contradict it, or it is exactly -1, the verdict is "cannot decide",
with the reason: the caller refuses the function rather than guess.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> integrability_at_zero(sp.sqrt(x), x).integrable
True
>>> v = integrability_at_zero(1 / (x * sp.log(x / 10) ** 2), x)
>>> v.integrable, v.test
(True, 'logarithmic test')
>>> v = integrability_at_zero(1 / x, x)  # p0 = -1 (borderline), q0 = 0
>>> v.integrable, v.test
(False, 'logarithmic test')
>>> integrability_at_zero(1 / (x * sp.Abs(sp.log(x))), x).integrable is None  # p0 = q0 = -1: borderline twice
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp

__all__ = ["Integrability", "integrability_at_zero"]

#: Where the numeric tail test evaluates the local exponents (as powers of ten).
_DEPTHS = (10, 100, 1000)
_NUMERIC_ERRORS = (ArithmeticError, ValueError, TypeError, NameError, AttributeError, NotImplementedError)


@dataclass(frozen=True)
class Integrability:
    """A verdict on ∫₀ f: ``integrable`` is True, False or None (cannot decide), ``test`` the test that
    decided (or the last one tried), ``reason`` a short phrase saying why."""

    integrable: bool | None
    test: str
    reason: str


def _limit(expr: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    try:
        value = sp.limit(expr, x, 0, "+")
    except (NotImplementedError, ValueError, TypeError, AttributeError, RecursionError, ArithmeticError):
        return None
    if value in (sp.oo, -sp.oo) or (value.is_number and value.is_extended_real):
        return value
    return None  # AccumBounds, a complex value or an unevaluated Limit: no single limit


def _samples(expr: sp.Expr, x: sp.Symbol) -> list[mpmath.mpf] | None:
    """``expr`` at x = 10^-10, 10^-100, 10^-1000 (50 digits), or None if it cannot be evaluated there."""
    try:
        fn = sp.lambdify([x], expr, modules="mpmath")
        values = []
        with mpmath.workdps(50):
            for depth in _DEPTHS:
                v = fn(mpmath.mpf(10) ** -depth)
                if isinstance(v, mpmath.mpc):
                    if v.imag != 0:
                        return None
                    v = v.real
                v = mpmath.mpf(v)
                if not mpmath.isfinite(v) and not mpmath.isinf(v):
                    return None
                values.append(v)
        return values
    except _NUMERIC_ERRORS:
        return None


def _side(limit: sp.Expr, samples: list[mpmath.mpf] | None, below_converges: bool) -> bool | None:
    """Convergence from a limit compared with -1, if the numeric samples agree with the limit."""
    if limit == -1:
        return None
    converges = bool(limit < -1) if below_converges else bool(limit > -1)
    if samples is None:
        return converges  # the symbolic limit stands alone
    deepest = samples[-1]
    if (deepest < -1) != bool(limit < -1) or deepest == -1:
        return None
    if limit.is_finite:
        target = mpmath.mpf(str(sp.N(limit, 30)))
        if not abs(deepest - target) < abs(target + 1):
            return None  # the deepest sample is nearer to -1 than to the limit
    return converges


@lru_cache(maxsize=64)
def integrability_at_zero(f: sp.Expr, x: sp.Symbol) -> Integrability:
    """Whether ∫₀^a f(x) dx is finite for a positive ``f``, by the tests in the module docstring.

    May take long for complicated ``f`` (SymPy's limits): callers put a time limit around it.
    """
    local = x * sp.diff(f, x) / f
    v = str(x)
    p0 = _limit(local, x)
    if p0 is not None and p0 != -1:
        verdict = _side(p0, _samples(local, x), below_converges=False)
        if verdict is not None:
            relation = ">" if verdict else "<"
            return Integrability(verdict, "power-law test", f"behaves like {v}^p with p = {p0} {relation} -1 at {v} -> 0")
        power_reason = f"the power-law test's limit p = {p0} is not borne out numerically near {v} = 0"
    elif p0 == -1:
        power_reason = "the power-law test finds p = -1, the borderline case"
    else:
        power_reason = f"the power-law test finds no limit of {v} f'({v})/f({v}) at {v} -> 0"
    log_local = sp.log(x) * (1 + local)
    q0 = _limit(log_local, x)
    if q0 is None:
        return Integrability(None, "logarithmic test", f"{power_reason}, and the logarithmic test finds no limit")
    verdict = _side(q0, _samples(log_local, x), below_converges=True)
    if verdict is None:
        why = "is the borderline case" if q0 == -1 else "is not borne out numerically"
        return Integrability(None, "logarithmic test", f"{power_reason}, and its logarithmic exponent q = {q0} {why}")
    relation = "<" if verdict else ">"
    return Integrability(
        verdict, "logarithmic test",
        f"{power_reason}; the logarithmic exponent ln({v}) (1 + {v} f'/f) tends to q = {q0} {relation} -1",
    )
