"""Verified numerics: bracketed roots, Fermi-Dirac quadrature, digits checked by recomputation.

Paper-agnostic tools the derivations build their solvers on:

- :func:`gauss_legendre` nodes at any precision (cached), :func:`panel_integral` (composite
  Gauss-Legendre on explicit breakpoints, tanh-sinh on a panel with an endpoint singularity) and
  :func:`panel_integral_double` (the same in double precision with NumPy, with a rounding bound and
  a truncation estimate from a rule of twice the degree);
- :func:`fermi` (the Fermi-Dirac occupation, overflow-free) and :func:`fermi_dirac_integral`
  (the complete Fermi-Dirac integral F_j(η) in GSL's normalisation, by quadrature with a breakpoint
  at the Fermi edge), validated in the tests against GSL's own test values;
- :func:`bracketed_root`: a safeguarded Newton / Illinois iteration that never leaves a sign-change
  bracket, so whatever it returns is enclosed by two points where the function has opposite signs;
- :func:`agreement_digits`: how many significant digits two evaluations share, the measure used to
  verify a result by recomputing it at higher precision.

Nothing here changes ``mpmath.mp.dps`` globally: work happens inside ``mpmath.workdps``.

>>> import mpmath
>>> with mpmath.workdps(30):
...     root = bracketed_root(lambda x: x**2 - 2, mpmath.mpf(1), mpmath.mpf(2), rel_tol=mpmath.mpf(10)**-28)
...     print(mpmath.nstr(root.root, 25))
1.414213562373095048801689
>>> agreement_digits(mpmath.mpf("3.14159"), mpmath.mpf("3.14160"))
5
>>> mpmath.nstr(fermi_dirac_integral(0.5, 0, dps=20), 15)  # F_{1/2}(0) = (1 - 2^{-1/2}) zeta(3/2)
'0.765147024625408'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import numpy as np

from .errors import SymcheckError

__all__ = [
    "NumericalError",
    "RootEnclosure",
    "agreement_digits",
    "bracketed_root",
    "fermi",
    "fermi_dirac_integral",
    "gauss_legendre",
    "gauss_legendre_double",
    "nodes_for_digits",
    "panel_integral",
    "panel_integral_double",
    "panels",
    "round_to_digits",
]


class NumericalError(SymcheckError):
    """A numerical method could not produce a verified result (no bracket, no convergence)."""


# -- precision bookkeeping ------------------------------------------------------------------------

def agreement_digits(a: mpmath.mpf, b: mpmath.mpf, cap: int = 10**6) -> int:
    """Significant digits on which ``a`` and ``b`` agree: ``floor(-log10(|a-b|/|b|))``, at most ``cap``.

    >>> agreement_digits(mpmath.mpf(2), mpmath.mpf(2), cap=50)
    50
    >>> agreement_digits(1.0, 2.0)
    0
    """
    with mpmath.workdps(max(mpmath.mp.dps, 30)):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        if a == b:
            return cap
        if b == 0:
            return 0
        rel = abs(a - b) / abs(b)
        return int(min(cap, max(0, mpmath.floor(-mpmath.log10(rel)))))


def round_to_digits(x: mpmath.mpf, digits: int) -> str:
    """``x`` as a decimal string with ``digits`` significant digits (no more than were verified).

    >>> round_to_digits(mpmath.pi, 6)
    '3.14159'
    >>> round_to_digits(mpmath.mpf("0.000123456"), 3)
    '0.000123'
    """
    return mpmath.nstr(x, max(1, digits), strip_zeros=False, min_fixed=-12, max_fixed=40)


# -- Fermi-Dirac ------------------------------------------------------------------------------------

def fermi(u: mpmath.mpf) -> mpmath.mpf:
    """The Fermi-Dirac occupation ``1/(exp(u) + 1)`` without overflow for large ``|u|``.

    >>> fermi(mpmath.mpf(0))
    mpf('0.5')
    >>> fermi(mpmath.mpf(10**6)) > 0
    True
    """
    if u >= 0:
        e = mpmath.exp(-u)
        return e / (1 + e)
    return 1 / (mpmath.exp(u) + 1)


def fermi_dirac_integral(j: float | mpmath.mpf, eta: float | mpmath.mpf, dps: int = 30) -> mpmath.mpf:
    """Complete Fermi-Dirac integral F_j(η) = 1/Γ(j+1) ∫_0^∞ t^j / (exp(t - η) + 1) dt (j > -1).

    The normalisation of GSL's ``gsl_sf_fermi_dirac_*`` functions. Computed by quadrature with
    breakpoints at the Fermi edge t = η and every few k_B T around it, the way the solvers in the
    derivations integrate Fermi windows; validated against GSL's test values in the tests and
    against ``-Li_{j+1}(-e^η)`` here:

    >>> with mpmath.workdps(30):
    ...     a = fermi_dirac_integral(1.5, 3, dps=30); b = -mpmath.polylog(2.5, -mpmath.e**3).real
    >>> agreement_digits(a, b) >= 25
    True
    """
    with mpmath.workdps(dps + 10):
        j, eta = mpmath.mpf(j), mpmath.mpf(eta)
        if j <= -1:
            raise SymcheckError(f"F_j(eta) needs j > -1, got j = {j}")
        tail = (dps + 10) * math.log(10) + 10
        top = max(eta, 0) + tail
        points = [mpmath.mpf(0)] + [mpmath.mpf(2) ** k for k in range(-3, 12) if 2**k < top]
        if eta > 0:
            points += [p for p in (eta - 8, eta - 2, eta, eta + 2, eta + 8) if 0 < p < top]
        points.append(top)

        def integrand(r: mpmath.mpf) -> mpmath.mpf:
            # t = r², dt = 2r dr: t^j dt = 2 r^(2j+1) dr, smooth at 0 for half-integer j
            return 2 * r ** (2 * j + 1) * fermi(r * r - eta)

        value = mpmath.quad(integrand, [mpmath.sqrt(p) for p in sorted(set(points))])
        return +(value / mpmath.gamma(j + 1))


# -- Gauss-Legendre ---------------------------------------------------------------------------------

@lru_cache(maxsize=256)
def gauss_legendre(n: int, dps: int) -> tuple[tuple[mpmath.mpf, ...], tuple[mpmath.mpf, ...]]:
    """Nodes and weights of the ``n``-point Gauss-Legendre rule on [-1, 1] to ``dps`` digits (cached).

    >>> x, w = gauss_legendre(3, 20)
    >>> mpmath.nstr(x[2]**2, 15), mpmath.nstr(sum(w), 15)
    ('0.6', '2.0')
    """
    guess, _ = np.polynomial.legendre.leggauss(n)
    nodes, weights = [], []
    with mpmath.workdps(dps + 10):
        eps = mpmath.mpf(10) ** (-(dps + 5))
        for x0 in guess:
            x = mpmath.mpf(float(x0))
            for _ in range(100):
                p0, p1 = mpmath.mpf(1), x
                for k in range(2, n + 1):
                    p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
                dp = n * (x * p1 - p0) / (x * x - 1)
                step = p1 / dp
                x -= step
                if abs(step) < eps:
                    break
            p0, p1 = mpmath.mpf(1), x
            for k in range(2, n + 1):
                p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
            dp = n * (x * p1 - p0) / (x * x - 1)
            nodes.append(x)
            weights.append(2 / ((1 - x * x) * dp * dp))
    return tuple(nodes), tuple(weights)


@lru_cache(maxsize=16)
def gauss_legendre_double(n: int) -> tuple[np.ndarray, np.ndarray]:
    """NumPy's ``n``-point Gauss-Legendre rule on [-1, 1] (cached)."""
    x, w = np.polynomial.legendre.leggauss(n)
    return x, w


def nodes_for_digits(digits: int, half_width: float = 1.0, pole_distance: float = math.pi) -> int:
    """Gauss-Legendre points per panel for ``digits`` digits on an integrand analytic within
    ``pole_distance`` of the real axis (Bernstein-ellipse bound ρ^(-2n)).

    >>> nodes_for_digits(30)
    22
    """
    r = pole_distance / half_width
    rho = r + math.sqrt(r * r + 1)
    return int(math.ceil(digits * math.log(10) / (2 * math.log(rho)))) + 3


def panels(a: float | mpmath.mpf, b: float | mpmath.mpf, width: float) -> list:
    """Breakpoints from ``a`` to ``b`` (both included exactly) at most ``width`` apart.

    >>> panels(0, 5, 2)
    [0, 1.66666666666667, 3.33333333333333, 5]
    """
    count = max(1, int(math.ceil(float(b - a) / width)))
    step = (b - a) / count
    points = [a] + [a + k * step for k in range(1, count)] + [b]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return [points[0]] + [round(p, 14) for p in points[1:-1]] + [points[-1]]
    return points


_NODE_COUNTS = (4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160, 192, 256)


def _quantised_nodes(n: int) -> int:
    """The smallest cached rule size ≥ n, so a few node sets serve every panel."""
    for m in _NODE_COUNTS:
        if m >= n:
            return m
    return n


def panel_integral(
    f: Callable[[mpmath.mpf], mpmath.mpf],
    breakpoints: Sequence[mpmath.mpf],
    n: int,
    *,
    singular_right: bool = False,
) -> mpmath.mpf:
    """∑ over panels of the ``n``-point Gauss-Legendre rule, at the caller's mpmath precision.

    With ``singular_right`` the last panel is integrated by tanh-sinh (``mpmath.quad``), which
    handles an algebraic endpoint singularity (such as √E at E = 0) that Gauss-Legendre does not.
    """
    xs, ws = gauss_legendre(_quantised_nodes(n), 10 * ((mpmath.mp.dps + 9) // 10))
    total = mpmath.mpf(0)
    last = len(breakpoints) - 2
    for i in range(len(breakpoints) - 1):
        lo, hi = breakpoints[i], breakpoints[i + 1]
        if hi <= lo:
            continue
        if singular_right and i == last:
            total += mpmath.quad(f, [lo, hi])
            continue
        half, mid = (hi - lo) / 2, (hi + lo) / 2
        total += half * mpmath.fsum(w * f(mid + half * x) for x, w in zip(xs, ws))
    return total


def panel_integral_double(
    f: Callable[[np.ndarray], np.ndarray], breakpoints: Sequence[float], n: int
) -> tuple[float, float, float]:
    """Composite Gauss-Legendre in double precision, vectorised.

    Returns ``(value, truncation, magnitude)``: the ``2n``-point value, the difference from the
    ``n``-point value (an estimate, usually a large over-estimate, of the ``n``-point truncation
    error, so a bound for the ``2n``-point one on analytic integrands) and ∑|w f| (what rounding
    errors scale with).
    """
    edges = np.asarray(breakpoints, dtype=float)
    lo, hi = edges[:-1, None], edges[1:, None]
    half, mid = (hi - lo) / 2, (hi + lo) / 2
    values = []
    magnitude = 0.0
    for m in (n, 2 * n):
        x, w = gauss_legendre_double(m)
        terms = half * w[None, :] * f(mid + half * x[None, :])
        values.append(float(np.sum(terms)))
        magnitude = float(np.sum(np.abs(terms)))
    return values[1], abs(values[1] - values[0]), magnitude


# -- roots ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RootEnclosure:
    """A root and the bracket [lo, hi] in which the function changes sign."""

    root: mpmath.mpf
    lo: mpmath.mpf
    hi: mpmath.mpf
    evaluations: int


def bracketed_root(
    f: Callable[[mpmath.mpf], mpmath.mpf],
    lo: mpmath.mpf,
    hi: mpmath.mpf,
    *,
    rel_tol: mpmath.mpf | float,
    fprime: Callable[[mpmath.mpf], mpmath.mpf] | None = None,
    guess: mpmath.mpf | None = None,
    max_iterations: int = 200,
    f_lo: mpmath.mpf | None = None,
    f_hi: mpmath.mpf | None = None,
) -> RootEnclosure:
    """A root of ``f`` in [lo, hi], where ``f(lo)`` and ``f(hi)`` must have opposite signs.

    Newton steps (when ``fprime`` is given) or Illinois regula-falsi steps, each replaced by a
    bisection when it would leave the bracket or stall. The bracket always keeps a sign change, so
    the returned root is enclosed; iteration stops when the bracket is narrower than
    ``rel_tol * |root|``. Works with mpmath numbers (at the caller's precision) and with floats.

    >>> r = bracketed_root(lambda x: x**3 - 8.0, 0.0, 5.0, rel_tol=1e-14)
    >>> round(r.root, 12), r.lo <= 2.0 <= r.hi
    (2.0, True)
    """
    fa = f(lo) if f_lo is None else f_lo
    fb = f(hi) if f_hi is None else f_hi
    count = (f_lo is None) + (f_hi is None)
    if fa == 0:
        return RootEnclosure(lo, lo, lo, count)
    if fb == 0:
        return RootEnclosure(hi, hi, hi, count)
    if (fa > 0) == (fb > 0):
        raise NumericalError(
            f"no sign change of the function on [{_fmt(lo)}, {_fmt(hi)}] (values {_fmt(fa)}, {_fmt(fb)})"
        )
    a, b = lo, hi
    x = guess if guess is not None and a < guess < b else None
    side = 0
    for _ in range(max_iterations):
        if x is None:
            # Illinois step from the bracket
            x = (a * fb - b * fa) / (fb - fa)
            if not (a < x < b):
                x = (a + b) / 2
        fx = f(x)
        count += 1
        if fx == 0:
            return RootEnclosure(x, x, x, count)
        if (fx > 0) == (fa > 0):
            a, fa = x, fx
            if side == -1:
                fb = fb / 2
            side = -1
        else:
            b, fb = x, fx
            if side == 1:
                fa = fa / 2
            side = 1
        if b - a <= rel_tol * max(abs(a), abs(b)):
            return RootEnclosure(x, a, b, count)
        nxt = None
        if fprime is not None:
            d = fprime(x)
            count += 1
            if d != 0:
                nxt = x - fx / d
                if not (a < nxt < b):
                    nxt = None
                elif abs(nxt - x) <= rel_tol * abs(x) / 4:
                    # Newton has converged: confirm with a tiny bracket around the step
                    step = rel_tol * abs(nxt) / 4
                    p, q = nxt - step, nxt + step
                    fp, fq = f(p), f(q)
                    count += 2
                    if (fp > 0) != (fq > 0) and fp != 0 and fq != 0:
                        return RootEnclosure(nxt, p, q, count)
        if nxt is None and fprime is not None:
            nxt = (a + b) / 2  # Newton left the bracket: bisect
        x = nxt
    raise NumericalError(f"root not converged in {max_iterations} iterations on [{_fmt(a)}, {_fmt(b)}]")


def _fmt(x: object) -> str:
    try:
        return mpmath.nstr(mpmath.mpf(x), 8)
    except (TypeError, ValueError):
        return str(x)
