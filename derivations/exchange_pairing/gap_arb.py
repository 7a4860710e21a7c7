"""Eq. (3.11) for S ∝ E^p in Arb ball arithmetic: the balance B(C; ε) enclosed, roots proved.

The cancellation-free balance of :mod:`.gap` (see its docstring),

    B(C; ε) = ∫_0^C [s(εu) - s(-εu)] φ(u) du - ∫_C^{1/ε} s(-εu) φ(u) du,   s(y) = (1 + y)^p, φ(u) = 1/(e^u + 1),

is evaluated here as a ball that contains its exact value: both integrals by Arb's rigorous
Gauss-Legendre integration (``acb.integral``), with ε = k_B T_c / E_1 and p entered as balls around
the exact rationals, the odd part in the form 2 (1 - y²)^{p/2} sinh(p artanh y) (free of the
cancellation between s(y) and s(-y)), and the part of the tail beyond where it is integrated bounded
in closed form,

    0 ≤ ∫_T^{1/ε} (1 - εu)^p φ(u) du ≤ e^-T (p ≥ 0),
                                      ≤ h^p e^-T + e^-(T + 1/ε)/2 h^{p+1} / (ε (p + 1))   (-1 < p < 0, h = (1 - εT)/2),
    0 ≤ ∫_{1/ε - δ}^{1/ε} (1 - εu)^p φ(u) du ≤ (εδ)^{p+1} / (ε (p + 1))   (when the tail reaches E = 0),

and added to the ball. A root C* is then *proved* to lie in C(1 ± 10^-d) when the balls of
B(C(1 - 10^-d)) and B(C(1 + 10^-d)) lie on opposite sides of zero (B is continuous in C): no
comparison of two precisions is needed. The forward problem (unknown ε at fixed δ = C ε) is proved
the same way across ε(1 ± 10^-d). Newton's method finds the roots (B'(C) = s(εC) φ(C) exactly;
dF/d ln ε of the forward problem from a second integral), at the precision each step needs.

Only power laws with a rational exponent and a root C below 1/ε - 1 are handled here; everything else
(and anything this module cannot prove) is left to the mpmath path of :mod:`.gap`.

>>> from fractions import Fraction
>>> eps = Fraction(1380649, 16021766340)  # k_B T_c / E_1 at T_c = 1 K, E_1 = 1 eV (k_B exact, in eV/K)
>>> r = solve_inverse(eps, Fraction(1, 2), 30, 9.555015818)
>>> round_to_digits(r.value, r.digits), r.digits
('9.55501581828877948911450770043', 30)
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import mpmath

from symcheck import balls
from symcheck.balls import acb, arb
from symcheck.numerics import NumericalError, round_to_digits  # noqa: F401 -- the doctest

__all__ = ["ProvedRoot", "balance_ball", "forward_slope", "solve_forward", "solve_inverse"]

#: Digits the working precision carries beyond those proved (ball radii grow with each operation).
GUARD_DIGITS = 8

#: How often a proof that stayed undecided (a ball containing zero) is retried at higher precision.
ESCALATIONS = 2

#: Arb's working precision is one setting per process: solves in threads of one process (a Dask
#: worker's) take turns, so none runs at the precision another set.
_PRECISION_LOCK = threading.Lock()


@dataclass(frozen=True)
class ProvedRoot:
    """A root (C, or ε for the forward problem) whose ``digits`` digits are proved, and the
    precision in bits at which the proof was made."""

    value: mpmath.mpf
    digits: int
    bits: int


def _integrands(eps: arb, p: arb) -> tuple[Callable, Callable]:
    """[s(εu) - s(-εu)] φ(u) and s(-εu) φ(u) as Arb integrands (analytic where Re(1 ± εu) > 0)."""
    if p == arb(1) / 2:
        def odd_half(u: acb, analytic: bool) -> acb:
            y = eps * u
            return 2 * y / ((1 + y).sqrt(analytic=analytic) + (1 - y).sqrt(analytic=analytic)) * balls.fermi(u)

        def tail_half(u: acb, analytic: bool) -> acb:
            return (1 - eps * u).sqrt(analytic=analytic) * balls.fermi(u)

        return odd_half, tail_half

    def odd(u: acb, analytic: bool) -> acb:
        y = eps * u
        up, down = balls.log1p(y, analytic), balls.log1p(-y, analytic)
        # (1+y)^p - (1-y)^p = 2 exp(p (L+ + L-)/2) sinh(p (L+ - L-)/2), L± = log(1 ± y): no cancellation
        return 2 * (p * (up + down) / 2).exp() * (p * (up - down) / 2).sinh() * balls.fermi(u)

    def tail(u: acb, analytic: bool) -> acb:
        return (p * balls.log1p(-eps * u, analytic)).exp() * balls.fermi(u)

    return odd, tail


def _slope_c(c: arb, eps: arb, p: arb) -> arb:
    """∂B/∂C = s(εC) φ(C), exact in closed form."""
    return (p * (eps * c).log1p()).exp() * balls.fermi(acb(c)).real


def _cut(digits: float) -> float:
    """Tail length after which e^-u has used up ``digits`` digits (the rest is bounded, not dropped)."""
    return (digits + 4) * math.log(10) + 3


def balance_ball(c: arb, eps: arb, p: arb, digits: float, abs_tol: arb) -> arb:
    """A ball that contains B(C; ε) for S ∝ E^p, C exact (radius 0), 0 < C < 1/ε - 1.

    ``digits`` sets where the tail integral stops (the rest is bounded in closed form); ``abs_tol``
    what the integration aims at. The result is rigorous whatever they are; they decide only how
    narrow it is.
    """
    a = 1 / eps
    if not c + 1 < a:
        raise NumericalError("the ball balance needs C < 1/ε - 1")
    odd, tail = _integrands(eps, p)
    total = balls.integral(odd, arb(0), c, abs_tol)
    end = _point(c + arb(_cut(digits)))
    if end < a - 1:
        tail_end = end
        # ∫_T^{1/ε} (1 - εu)^p φ du with φ(u) ≤ e^-u: at most e^-T for p ≥ 0; for p < 0 split at the
        # midpoint M = (T + 1/ε)/2, (1-εu)^p ≤ ((1-εT)/2)^p before it and e^-u ≤ e^-M after it
        rest = (-end).exp()
        if p < 0:
            half = (1 - eps * end) / 2
            rest = half**p * rest + (-(end + a) / 2).exp() * half ** (p + 1) / (eps * (p + 1))
    else:
        # stop δ before u = 1/ε, where (1 - εu)^p is singular; ∫ over the last δ ≤ (εδ)^{p+1}/(ε (p+1))
        scale = abs_tol * eps * (p + 1) / 4
        eps_delta = (scale.log() / (p + 1)).exp()
        tail_end = (a - eps_delta / eps).lower()
        rest = (1 - eps * tail_end) ** (p + 1) / (eps * (p + 1))
        if not tail_end > c:
            raise NumericalError("the ball balance's tail is empty")
    total -= balls.integral(tail, c, tail_end, abs_tol)
    return total - arb(0).union(rest.upper())


def _point(x: arb) -> arb:
    """The exact midpoint of a ball (radius 0)."""
    return x.mid()


def _b_at(c: arb, eps: arb, p: arb, digits: float) -> arb:
    """B(C; ε) for a C that may be a ball: B(mid C) plus (C - mid C) times the range of ∂B/∂C on C."""
    mid = _point(c)
    tol = _slope_c(mid, eps, p) * mid * arb(10) ** (-(digits + 2))
    value = balance_ball(mid, eps, p, digits, abs(tol))
    if c.rad() == 0:
        return value
    return value + (c - mid) * _slope_c(c, eps, p)


def _inward(x: arb, upward: bool) -> arb:
    """An exact point inside the interval side of the ball ``x``: its upper end if ``upward``."""
    return x.upper() if upward else x.lower()


def _newton_digits(step: mpmath.mpf, value: mpmath.mpf) -> float:
    """Digits a Newton iterate has after a step of this size (quadratic convergence)."""
    if step == 0:
        return 10**6
    return 2 * float(-mpmath.log10(abs(step / value))) - 1


def solve_inverse(eps: Fraction, p: Fraction, digits: int, start: float | mpmath.mpf) -> ProvedRoot | None:
    """C with B(C; ε) = 0 and ``digits`` digits proved, for S ∝ E^p (p > -1 rational), or None.

    None means this path could not prove the digits (no convergence from ``start``, a root too close
    to 1/ε, a ball that stayed too wide): the caller's general path takes over.
    """
    try:
        with _PRECISION_LOCK:
            return _solve_inverse(eps, p, digits, start)
    except (NumericalError, ValueError, ZeroDivisionError):
        return None


def _solve_inverse(eps_q: Fraction, p_q: Fraction, digits: int, start: float | mpmath.mpf) -> ProvedRoot | None:
    c = mpmath.mpf(start)
    have = 0.0  # digits of the iterate, as far as the steps tell; the first step is at 16 + guard
    for _ in range(20):  # Newton, each step at the precision its result can use
        target = min(digits + 4.0, max(16.0, 2 * have + 2))
        bits = balls.bits_for_digits(target + GUARD_DIGITS)
        with balls.precision(bits), mpmath.workdps(int(target) + GUARD_DIGITS):
            e, p = balls.from_rational(eps_q), balls.from_rational(p_q)
            x = _point(balls.from_mpf(c))
            if not (x > 0 and x + 1 < 1 / e):
                return None
            slope = _slope_c(x, e, p)
            value = balance_ball(x, e, p, target, abs(slope * x) * arb(10) ** (-(target + 2)))
            step = balls.to_mpf(value.mid() / slope.mid())
            c = c - step
            have = min(_newton_digits(step, c), target)
        if have >= digits + 3:
            break
    else:
        return None
    return _prove(lambda pt: _inverse_ball(pt, eps_q, p_q, digits), c, digits, rising=True)


def _inverse_ball(c: arb, eps_q: Fraction, p_q: Fraction, digits: int) -> arb:
    return _b_at(c, balls.from_rational(eps_q), balls.from_rational(p_q), digits + 2)


def _prove(
    ball_of: Callable[[arb], arb], root: mpmath.mpf, digits: int, *, rising: bool
) -> ProvedRoot | None:
    """Prove a sign change of a continuous function across root(1 ± 10^-digits), inward points.

    ``ball_of(point)`` encloses the function at an exact point, at Arb's current precision;
    ``rising`` says which sign is expected below the root (negative if rising). Undecided balls
    (containing zero) are retried at a higher precision; a decided wrong sign returns None.
    """
    bits = balls.bits_for_digits(digits + GUARD_DIGITS + 4)
    for _ in range(ESCALATIONS + 1):
        with balls.precision(bits), mpmath.workdps(digits + GUARD_DIGITS + 4):
            r = balls.from_mpf(root)
            width = r * arb(10) ** (-digits)
            lo = _inward(r - width, upward=True)
            hi = _inward(r + width, upward=False)
            s_lo, s_hi = balls.sign(ball_of(lo)), balls.sign(ball_of(hi))
        expected = (-1, 1) if rising else (1, -1)
        if (s_lo, s_hi) == expected:
            return ProvedRoot(root, digits, bits)
        if 0 not in (s_lo, s_hi):
            return None  # decided, and not a sign change across the interval: the root is elsewhere
        bits += 64
    return None


# -- forward problem: δ = (E_λ=2R - E_1)/E_1 fixed, ε = k_B T_c/E_1 unknown, C = δ/ε -----------------
def forward_slope(delta: arb, eps: arb, p: arb, digits: float) -> tuple[arb, float]:
    """dF/d ln ε for F(ln ε) = B(δ/ε; ε): ε ∂B/∂ε - C ∂B/∂C, and the digits it has (for Newton; the
    proof does not use it). ε ∂B/∂ε = ∫_0^C εu p[(1+εu)^{p-1} + (1-εu)^{p-1}] φ + ∫_C εu p (1-εu)^{p-1} φ,
    the last integral stopped at 1/ε - 1 at the latest (where (1-εu)^{p-1} may be singular): what is
    left out is of relative size e^-(T - C), and the digits say so."""
    c = delta / eps
    pm = p - 1

    def odd(u: acb, analytic: bool) -> acb:
        y = eps * u
        return y * p * ((pm * balls.log1p(y, analytic)).exp() + (pm * balls.log1p(-y, analytic)).exp()) * balls.fermi(u)

    def tail(u: acb, analytic: bool) -> acb:
        y = eps * u
        return y * p * (pm * balls.log1p(-y, analytic)).exp() * balls.fermi(u)

    tol = arb(10) ** (-(digits + 2)) * eps
    cm = _point(c)
    end = min(cm + arb(_cut(digits)), (1 / eps - 1).lower())
    part = balls.integral(odd, arb(0), cm, tol) + balls.integral(tail, cm, end, tol)
    left_out = float((end - cm).mid()) / math.log(10) - 1
    return part - c * _slope_c(c, eps, p), min(digits, left_out)


def solve_forward(delta: Fraction, p: Fraction, digits: int, start: float | mpmath.mpf) -> ProvedRoot | None:
    """ε with B(δ/ε; ε) = 0 and ``digits`` digits proved (S ∝ E^p, p > -1 rational), or None."""
    try:
        with _PRECISION_LOCK:
            return _solve_forward(delta, p, digits, start)
    except (NumericalError, ValueError, ZeroDivisionError):
        return None


def _forward_ball(eps_pt: arb, delta_q: Fraction, p_q: Fraction, digits: int) -> arb:
    delta, p = balls.from_rational(delta_q), balls.from_rational(p_q)
    c = delta / eps_pt
    if not c + 1 < 1 / eps_pt:
        raise NumericalError("the ball balance needs C < 1/ε - 1")
    return _b_at(c, eps_pt, p, digits)


def _solve_forward(delta_q: Fraction, p_q: Fraction, digits: int, start: float | mpmath.mpf) -> ProvedRoot | None:
    x = mpmath.log(mpmath.mpf(start))
    have = 0.0
    for _ in range(20):
        target = min(digits + 4.0, max(16.0, 2 * have + 2))
        bits = balls.bits_for_digits(target + GUARD_DIGITS)
        with balls.precision(bits), mpmath.workdps(int(target) + GUARD_DIGITS):
            e = balls.from_mpf(mpmath.exp(x)).mid()
            value = _forward_ball(e, delta_q, p_q, target + 2)
            with balls.precision(balls.bits_for_digits(max(16.0, target / 2 + 4) + GUARD_DIGITS)):
                slope, known = forward_slope(balls.from_rational(delta_q), e, balls.from_rational(p_q), max(16.0, target / 2 + 4))
            if not slope < 0:
                return None
            step = balls.to_mpf(value.mid() / slope.mid())
            x = x - step
            # x = ln ε: an absolute step in x is a relative step in ε. With a slope good to `known`
            # digits the error after the step is about |step| 10^-known, if not the quadratic |step|²
            moved = -float(mpmath.log10(abs(step))) if step != 0 else 10.0**6
            have = min(_newton_digits(step, mpmath.mpf(1)), moved + known, target)
        if have >= digits + 3:
            break
    else:
        return None
    with mpmath.workdps(digits + GUARD_DIGITS + 4):
        eps = mpmath.exp(x)
    return _prove(lambda pt: _forward_ball(pt, delta_q, p_q, digits + 2), eps, digits, rising=False)
