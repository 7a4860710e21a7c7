"""The Sommerfeld expansion of C in ε = k_B T_c / E_1, derived from the cancellation-free Eq. (3.11).

The leading order C ≈ ln(6 / (π² s_1 ε)) is what claims A and B rest on (see :mod:`.gap_checks`);
the higher orders are solved for symbolically, term by term, and compared with the verified solver
in the tests.
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp

from symcheck import InputError

from .gap_dos import DensityOfStates
from .gap_equations import eps

__all__ = ["sommerfeld_C", "sommerfeld_value"]


def _truncate(expr: sp.Expr, var: sp.Symbol, order: int) -> sp.Expr:
    expr = sp.expand(expr)
    return sp.Add(*[expr.coeff(var, k) * var**k for k in range(order + 1)])


@lru_cache(maxsize=4)
def sommerfeld_C(order: int = 3) -> tuple[sp.Expr, sp.Symbol, sp.Symbol, tuple[sp.Symbol, ...]]:
    """C = c_0 + Σ_k ε^k P_k(c_0) to O(ε^order), derived from the cancellation-free (3.11).

    With s(y) = 1 + s_1 y + s_2 y² + ... (s_k = E_1^k S^(k)(E_1) / (k! S(E_1))), the Sommerfeld
    moments ∫_0^∞ u^k φ du = (1 - 2^-k) k! ζ(k+1) and the tails ∫_C^∞ u^k φ du = Σ_n (-1)^(n+1)
    Γ(k+1, nC)/n^(k+1), the balance becomes a series in ε whose leading order fixes
    e^(-c_0) = π² s_1 ε / 6; the higher orders are solved for term by term here. Terms e^(-1/ε)
    (from E = 0) are dropped. Returns (C, ε, c_0, (s_1, s_2, ...)).

    >>> C1, e, c0, s = sommerfeld_C(1)
    >>> sp.simplify(C1 - (c0 + s[0] * e * (c0 + 1 - sp.pi**2 / 12)))
    0
    """
    c0 = sp.Symbol("c_0", positive=True)
    s = (sp.Integer(1),) + sp.symbols(f"s1:{order + 2}", real=True)
    p = sp.symbols(f"P1:{order + 1}")
    kappa = s[1] * sp.pi**2 / 6
    shift = sp.Add(*[eps**k * p[k - 1] for k in range(1, order + 1)])
    c_full = c0 + shift
    lhs = sp.Integer(0)
    for n in range(1, order + 2):
        expo = _truncate(sp.Add(*[(-n * shift) ** m / sp.factorial(m) for m in range(order + 1)]), eps, order + 1 - n)
        for k in range(order + 2 - n):
            inner = sp.Add(*[(n * c_full) ** j / sp.factorial(j) for j in range(k + 1)])
            weight = (-1) ** (n + 1) * s[k] * sp.factorial(k) * kappa**n / sp.Integer(n) ** (k + 1)
            lhs += weight * eps ** (k + n - 1) * _truncate(expo * inner, eps, order + 1 - n - k)
    moments = sp.Add(*[
        2 * s[k] * eps ** (k - 1) * (1 - sp.Rational(1, 2**k)) * sp.zeta(k + 1) * sp.factorial(k)
        for k in range(1, order + 2, 2)
    ])
    series = _truncate(lhs - moments, eps, order)
    solved: dict[sp.Symbol, sp.Expr] = {}
    for k in range(1, order + 1):
        (pk,) = sp.solve(sp.expand(series.coeff(eps, k).subs(solved)), p[k - 1])
        solved[p[k - 1]] = sp.expand(pk)
    return sp.expand(c_full.subs(solved)), eps, c0, s[1:]


def sommerfeld_value(dos: DensityOfStates, e1: mpmath.mpf, eps_value: mpmath.mpf, order: int = 3) -> mpmath.mpf:
    """The Sommerfeld expansion of C evaluated for ``dos`` at E_1 and ε (caller's precision)."""
    expr, e, c0, s = sommerfeld_C(order)
    coeffs = _taylor_ratio(dos, order + 1)
    subs = {s[k]: coeffs[k + 1] for k in range(order + 1)}
    fn = sp.lambdify([e, c0], expr.subs(subs), modules="mpmath")
    s1 = mpmath.mpf(str(sp.N(coeffs[1], mpmath.mp.dps + 5)))
    c_lead = mpmath.log(6 / (mpmath.pi**2 * s1 * eps_value))
    return fn(eps_value, c_lead)


def _taylor_ratio(dos: DensityOfStates, count: int) -> list[sp.Expr]:
    """Taylor coefficients s_k of s(y) = S(E_1(1+y))/S(E_1) = (1+y)^p: binomial(p, k), for a power law."""
    if dos.exponent is None:
        raise InputError("the Sommerfeld expansion is implemented here for S ∝ E^p")
    return [sp.binomial(dos.exponent, k) for k in range(count + 1)]

