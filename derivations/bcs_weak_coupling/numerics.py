"""The BCS gap equation at finite temperature, solved with verified digits.

Energies are in units of the cutoff ħω_D and temperatures as k_B T / ħω_D; the coupling is
λ = N(0)V. Two equations are solved (Bardeen, Cooper & Schrieffer, Phys. Rev. 108, 1175 (1957);
Tinkham, *Introduction to Superconductivity*, 2nd ed., Sec. 3.6):

- the critical temperature, 1 = λ ∫_0^1 tanh(ξ/2T_c)/ξ dξ. With a = 1/(2T_c) the integral is
  G(a) = ∫_0^a tanh(x)/x dx = tanh(a) ln a - J(a), J(a) = ∫_0^a ln(x) sech²(x) dx (integration by
  parts). J converges fast (sech² x < 4e^{-2x}), so G is summed without the logarithmic growth of
  the integrand's tail and without cancellation, at any λ; :func:`t_c`;
- the gap at T = t·T_c, 1 = λ ∫_0^1 tanh(E/2T)/E dξ with E = √(ξ² + Δ²). The integrand is a
  function of E² with poles at ξ = ±i√(Δ² + (2n+1)²π²T²), so it is analytic in a strip of
  half-width d = √(Δ² + π²T²); Gauss-Legendre panels that double in width from d to the cutoff
  integrate it to any precision; :func:`delta`. At t = 0 the gap is the closed form
  Δ(0) = 1/sinh(1/λ) (:func:`delta0`), at t = 1 it is 0.

Each solver works at two precisions that must agree to the digits asked for, and checks at the
higher one that the equation changes sign across the root ±10^-digits (relative); only verified
digits are returned.

>>> t_c("0.25", 12).value  # k_B T_c / ħω_D at λ = 0.25
'0.0207674786897'
>>> delta0("0.25", 10).value
'0.03664357033'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import mpmath

from symcheck.errors import SymcheckError
from symcheck.numerics import (
    NumericalError,
    agreement_digits,
    bracketed_root,
    nodes_for_digits,
    panel_integral,
    round_to_digits,
)

__all__ = [
    "COUPLING_RANGE",
    "DIGITS_RANGE",
    "Verified",
    "t_c",
    "delta",
    "delta0",
    "tc_integral",
    "gap_integral",
]

#: Admissible couplings λ = N(0)V (ends included): weak coupling and well beyond it.
COUPLING_RANGE = (Decimal("0.01"), Decimal("100"))
#: Verified significant digits a solver can be asked for.
DIGITS_RANGE = (6, 100)
#: Extra working digits above the digits asked for; the second solve adds as many again.
_GUARD = 10


@dataclass(frozen=True)
class Verified:
    """A solved number: decimal text with only its verified digits, how many, and how verified."""

    value: str
    digits: int
    method: str


# -- inputs ---------------------------------------------------------------------------------------

def _decimal(value: object, name: str, accepted: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise SymcheckError(f"{name} must be {accepted}, got {value!r}")
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except InvalidOperation:
        raise SymcheckError(f"{name} must be {accepted}, got {value!r}") from None
    if not number.is_finite():
        raise SymcheckError(f"{name} must be {accepted}, got {value!r}")
    return number


def _coupling(value: object) -> Decimal:
    lo, hi = COUPLING_RANGE
    accepted = f"a coupling λ = N(0)V between {lo} and {hi}"
    number = _decimal(value, "coupling", accepted)
    if not lo <= number <= hi:
        raise SymcheckError(f"coupling must be {accepted}, got {value}")
    return number


def _fraction(value: object) -> Decimal:
    accepted = "T/T_c, a number from 0 to 1"
    number = _decimal(value, "t", accepted)
    if not 0 <= number <= 1:
        raise SymcheckError(f"t must be {accepted}, got {value}")
    return number


def _digits(digits: object) -> int:
    lo, hi = DIGITS_RANGE
    if isinstance(digits, bool) or not isinstance(digits, int) or not lo <= digits <= hi:
        raise SymcheckError(f"digits must be an integer from {lo} to {hi}, got {digits!r}")
    return digits


def _mp(number: Decimal) -> mpmath.mpf:
    """The exact decimal at the caller's working precision (read from text, not from a coarser mpf)."""
    return mpmath.mpf(str(number))


# -- the integrals ----------------------------------------------------------------------------------

def _sech2(x: mpmath.mpf) -> mpmath.mpf:
    """sech² x = 4e^{-2x}/(1 + e^{-2x})², without overflow for x ≥ 0."""
    q = mpmath.exp(-2 * x)
    return 4 * q / (1 + q) ** 2


@lru_cache(maxsize=32)
def _sech_moment(dps: int) -> mpmath.mpf:
    """J(∞) = ∫_0^∞ ln(x) sech²(x) dx at ``dps`` digits, with x = -ln(u)/2: ∫_0^1 2 ln(-ln(u)/2)/(1 + u)² du."""
    with mpmath.workdps(dps + 5):
        return mpmath.quad(lambda u: 2 * mpmath.log(-mpmath.log(u) / 2) / (1 + u) ** 2, [0, mpmath.mpf(1) / 2, 1])


def tc_integral(a: mpmath.mpf) -> mpmath.mpf:
    """G(a) = ∫_0^a tanh(x)/x dx at the caller's precision, as tanh(a) ln a - ∫_0^a ln(x) sech²(x) dx.

    >>> with mpmath.workdps(30):  # against tanh(x)/x integrated directly
    ...     direct = mpmath.quad(lambda x: mpmath.tanh(x) / x, [0, 1, 3])
    ...     print(mpmath.nstr(tc_integral(mpmath.mpf(3)), 25), mpmath.nstr(direct, 25))
    1.918111645132292867274376 1.918111645132292867274376
    """
    dps = mpmath.mp.dps
    # sech² x < 4e^{-2x}: beyond `top` the rest of J is below 10^-(dps + 5)
    top = mpmath.mpf((dps + 5) * math.log(10) / 2 + 5)
    if a >= top:
        j = _sech_moment(dps)
    else:
        edges = [mpmath.mpf(0)] + [mpmath.mpf(2) ** k for k in range(-4, 8) if mpmath.mpf(2) ** k < a] + [a]
        j = mpmath.quad(lambda x: mpmath.log(x) * _sech2(x), edges)
    return mpmath.tanh(a) * mpmath.log(a) - j


def _geometric_edges(start: mpmath.mpf, end: mpmath.mpf) -> list[mpmath.mpf]:
    """0, start, 2 start, 4 start, ... up to end (included): panels as wide as their distance from 0."""
    edges = [mpmath.mpf(0)]
    x = start
    while x < end:
        edges.append(x)
        x *= 2
    edges.append(end)
    return edges


def gap_integral(gap: mpmath.mpf, temperature: mpmath.mpf) -> mpmath.mpf:
    """∫_0^1 tanh(E/2T)/E dξ, E = √(ξ² + Δ²), at the caller's precision (T > 0, Δ ≥ 0, not both 0).

    >>> with mpmath.workdps(20):  # T → 0: tanh → 1 and the integral is asinh(1/Δ)
    ...     print(mpmath.nstr(gap_integral(mpmath.mpf("0.1"), mpmath.mpf("1e-4")) - mpmath.asinh(10), 5))
    0.0
    """
    dps = mpmath.mp.dps
    strip = mpmath.sqrt(gap**2 + (mpmath.pi * temperature) ** 2)  # distance of the nearest pole from ℝ
    n = nodes_for_digits(dps + 5, half_width=1.0, pole_distance=2.0)

    def integrand(xi: mpmath.mpf) -> mpmath.mpf:
        e = mpmath.sqrt(xi * xi + gap * gap)
        return mpmath.tanh(e / (2 * temperature)) / e

    return panel_integral(integrand, _geometric_edges(min(strip, mpmath.mpf(1)) / 2, mpmath.mpf(1)), n)


# -- solving at one precision -----------------------------------------------------------------------

def _tc_root(coupling: mpmath.mpf, digits: int) -> tuple[mpmath.mpf, Callable[[mpmath.mpf], mpmath.mpf]]:
    """a = 1/(2 T_c) solving λ G(a) = 1, at the caller's precision; and the function whose root it is."""

    def f(u: mpmath.mpf) -> mpmath.mpf:  # in u = ln a: G grows like u, so steps are even
        return coupling * tc_integral(mpmath.exp(u)) - 1

    def fprime(u: mpmath.mpf) -> mpmath.mpf:
        return coupling * mpmath.tanh(mpmath.exp(u))  # dG/du = a G'(a) = tanh(a)

    # weak coupling G(a) ≈ ln a + ln(4e^γ/π); strong coupling G(a) ≈ a
    guess = max(1 / coupling + mpmath.log(mpmath.pi / (4 * mpmath.euler)), mpmath.log(1 / coupling))
    lo, hi = guess - 1, guess + 1
    f_lo, f_hi = f(lo), f(hi)
    while f_lo > 0:
        lo -= 2
        f_lo = f(lo)
    while f_hi < 0:
        hi += 2
        f_hi = f(hi)
    root = bracketed_root(f, lo, hi, rel_tol=mpmath.mpf(10) ** (-digits - 2), fprime=fprime,
                          f_lo=f_lo, f_hi=f_hi, guess=guess)
    return mpmath.exp(root.root), lambda a: f(mpmath.log(a))


def _tc_at(coupling: Decimal, digits: int) -> tuple[mpmath.mpf, Callable[[mpmath.mpf], mpmath.mpf]]:
    a, f = _tc_root(_mp(coupling), digits)
    return 1 / (2 * a), lambda t: f(1 / (2 * t))


def _gap_root(coupling: Decimal, t: Decimal, digits: int) -> tuple[mpmath.mpf, Callable[[mpmath.mpf], mpmath.mpf]]:
    """Δ(T = t T_c) at the caller's precision (0 < t < 1), and the function whose root it is."""
    lam = _mp(coupling)
    temperature = _mp(t) * _tc_at(coupling, digits)[0]
    full = 1 / mpmath.sinh(1 / lam)  # Δ(0): tanh < 1, so Δ(T) < Δ(0)

    def f(gap: mpmath.mpf) -> mpmath.mpf:  # decreasing in Δ
        return lam * gap_integral(gap, temperature) - 1

    # start from the Ginzburg-Landau law Δ ≈ (8π²/7ζ(3))^{1/2} k_B T_c (1 - t)^{1/2}, below Δ(0)
    law = mpmath.sqrt(8 * mpmath.pi**2 / (7 * mpmath.zeta(3))) * temperature / _mp(t) * mpmath.sqrt(1 - _mp(t))
    guess = min(full * mpmath.mpf("0.99"), law)
    hi, f_hi = full, f(full)
    if f_hi >= 0:  # tanh(E/2T) is 1 to the working precision: the T = 0 gap
        return full, f
    lo = guess / 2
    f_lo = f(lo)
    while f_lo < 0:
        hi, f_hi = lo, f_lo
        lo /= 16
        f_lo = f(lo)
    root = bracketed_root(f, lo, hi, rel_tol=mpmath.mpf(10) ** (-digits - 2), f_lo=f_lo, f_hi=f_hi,
                          guess=guess if lo < guess < hi else None)
    return root.root, f


# -- verified solvers --------------------------------------------------------------------------------

def _verified(solve: Callable[[int], tuple[mpmath.mpf, Callable[[mpmath.mpf], mpmath.mpf]]], digits: int,
              what: str) -> Verified:
    """Solve at two precisions until they agree to ``digits``; then check the sign change around the root."""
    w = digits + _GUARD
    agreed = 0
    for _ in range(4):
        with mpmath.workdps(w):
            first, _f = solve(w - 5)
        w2 = w + _GUARD
        with mpmath.workdps(w2):
            second, f = solve(w2 - 5)
            agreed = agreement_digits(first, second, cap=digits)
            step = abs(second) * mpmath.mpf(10) ** (-digits)
            below, above = f(second - step), f(second + step)
            if agreed >= digits and below != 0 and above != 0 and (below > 0) != (above > 0):
                return Verified(
                    round_to_digits(second, digits), digits,
                    f"solved at {w} and {w2} digits (agreeing to {digits}); sign change across ±1e-{digits} relative",
                )
        w = w2 + _GUARD
    raise NumericalError(f"{what} could not be verified to {digits} digits (the last two solves agreed to {agreed})")


def t_c(coupling: object, digits: int = 15) -> Verified:
    """k_B T_c / ħω_D at coupling λ = N(0)V, to ``digits`` verified significant digits."""
    lam, digits = _coupling(coupling), _digits(digits)
    return _verified(lambda d: _tc_at(lam, d), digits, f"k_B T_c/ħω_D at λ = {lam}")


def delta0(coupling: object, digits: int = 15) -> Verified:
    """Δ(0)/ħω_D = 1/sinh(1/λ), the closed form of the zero-temperature gap equation."""
    lam, digits = _coupling(coupling), _digits(digits)
    with mpmath.workdps(digits + _GUARD):
        value = 1 / mpmath.sinh(1 / _mp(lam))
    return Verified(round_to_digits(value, digits), digits, f"closed form 1/sinh(1/λ) at {digits + _GUARD} digits")


def delta(coupling: object, t: object, digits: int = 15) -> Verified:
    """Δ(T)/ħω_D at T = t·T_c (0 ≤ t ≤ 1), to ``digits`` verified significant digits.

    t = 0 is the closed form :func:`delta0`; t = 1 gives exactly 0.
    """
    lam, frac, digits = _coupling(coupling), _fraction(t), _digits(digits)
    if frac == 0:
        return delta0(lam, digits)
    if frac == 1:
        return Verified("0", digits, "exact: the gap closes at T = T_c")
    return _verified(lambda d: _gap_root(lam, frac, d), digits, f"Δ(T)/ħω_D at λ = {lam}, T/T_c = {frac}")
