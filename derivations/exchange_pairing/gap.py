"""Section 3, Eqs. (3.3)-(3.11): the gap bottom E_1, the balance that fixes T_c, and the constant C.

The paper defines C by C k_B T_c = E_{λ=2R} - E_1, states the T_c conditions (3.4)-(3.6) and the gap
bottom (3.7)-(3.8), and fixes T_c by Eq. (3.11): the number of single electrons below E_1 at T = 0
equals the Fermi-Dirac-weighted number up to E_{λ=2R} at T_c. This module states (3.3)-(3.11) once,
for a density of states S(E) given as a SymPy expression in ``E`` (default √E, the Fermi liquid), and
builds on them:

- a form of (3.11) without the catastrophic cancellation. Pairing the holes below E_1 with the
  electrons above it, 1 - f(E_1 - x) = f(E_1 + x) = φ(x/k_B T) with φ(u) = 1/(e^u + 1), turns
  LHS - RHS of (3.11) into

      B(C) = ∫_0^{min(C, a)} [s(εu) - s(-εu)] φ(u) du - ∫_C^{a} s(-εu) φ(u) du   (+ ∫_a^C s(εu) φ du if C > a)

  with ε = k_B T_c / E_1, a = 1/ε, s(y) = S(E_1(1 + y))/S(E_1) and C = (E_{λ=2R} - E_1)/(k_B T_c):
  two terms of size ε instead of two of size 1 that differ by ε. The integrand identities behind it
  are proved by the engine, and the equality of the integrals is verified numerically;
- verified solvers: :func:`solve_c` (inverse: E_1, T_c -> E_{λ=2R}, C) and :func:`solve_tc`
  (forward: E_{λ=2R}, E_F, |Δ| -> E_1, T_c, C), each returning only digits it has verified, by
  the first of three paths that can: double precision with rounding and quadrature bounds (S ∝ E^p,
  ≤ 13 digits); Arb ball arithmetic (:mod:`.gap_arb`, S ∝ E^p with p rational), where a sign
  change of B across the root's last digit is *proved* with rigorous error bounds; mpmath (any S),
  where two solutions at different precisions must agree and B must change sign.

The equations themselves are in :mod:`.gap_equations`, the density of states in :mod:`.gap_dos`, the
Sommerfeld expansion of C in :mod:`.gap_sommerfeld`, the checks (with the paper's claims A and B) in
:mod:`.gap_checks` and the figures and report tables in :mod:`.gap_figures`; the names other code
uses are importable from here as well.

Energies are in eV and temperatures in K at the boundaries; k_B = 1.380649e-23 J/K / e exactly.

>>> r = solve_c("1", "1", digits=10)  # E_1 = 1 eV, T_c = 1 K, S ∝ √E
>>> r.C, r.digits, r.path.split()[0]
('9.555015818', 10, 'double')
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from symcheck import Derivation, InputError
from symcheck.numerics import (
    NumericalError,
    agreement_digits,
    bracketed_root,
    fermi,
    gauss_legendre_double,
    nodes_for_digits,
    panel_integral,
    panels,
    round_to_digits,
)

from .gap_dos import FERMI_LIQUID, DensityOfStates
from .gap_equations import (
    DIGITS_RANGE,
    ENERGY_WINDOW,
    EQ_3_3,
    EQ_3_4,
    EQ_3_5,
    EQ_3_6,
    EQ_3_7,
    EQ_3_8,
    EQ_3_9,
    EQ_3_10,
    EQ_3_11,
    GAP_BOTTOM,
    K_B_EV,
    E,
    S,
)
from .gap_sommerfeld import sommerfeld_C, sommerfeld_value
from .symbols import E_F, Delta_abs, E_lambda  # noqa: F401 -- as before the split, for callers

__all__ = [
    "DIGITS_RANGE",
    "ENERGY_WINDOW",
    "EQ_3_3",
    "EQ_3_4",
    "EQ_3_5",
    "EQ_3_6",
    "EQ_3_7",
    "EQ_3_8",
    "EQ_3_9",
    "EQ_3_10",
    "EQ_3_11",
    "FERMI_LIQUID",
    "GAP_BOTTOM",
    "K_B_EV",
    "DensityOfStates",
    "E",
    "ForwardSolution",
    "InverseSolution",
    "S",
    "balance",
    "register",
    "solve_c",
    "solve_tc",
    "sommerfeld_C",
    "sommerfeld_value",
    "log_grid",
]


# -- the balance B(C; ε) --------------------------------------------------------------------------
def _truncation(digits: int) -> float:
    """Where φ(u) = 1/(e^u + 1) and u φ(u) drop below 10^-digits relative to what is kept."""
    base = digits * math.log(10)
    return base + math.log(base + 10) + 6


def balance(c: mpmath.mpf, eps_: mpmath.mpf, s: Callable[[mpmath.mpf], mpmath.mpf], digits: int) -> mpmath.mpf:
    """B(C; ε) of the cancellation-free (3.11) at the caller's precision, to about ``digits`` digits.

    Negative for C below the root, positive above (S > 0). Composite Gauss-Legendre on panels of
    width ≤ 2 (the poles of φ are at distance π from the real axis), with fewer nodes where e^-u has
    already used up part of the digits, and tanh-sinh on a panel that ends at E = 0, where S may
    have an algebraic singularity.
    """
    a = 1 / eps_
    cut = _truncation(digits)

    def s_minus(v: mpmath.mpf) -> mpmath.mpf:
        # E = E_1(1 + y) stays above 0: tanh-sinh nodes next to E = 0 round onto it, where an
        # S that is integrable but singular there (S ∝ E^p, -1 < p < 0) cannot be evaluated
        return s(max(-eps_ * v, mpmath.mpf(-1) + mpmath.eps))

    closed_odd = getattr(s, "odd", None)

    def odd(v: mpmath.mpf) -> mpmath.mpf:
        y = eps_ * v
        if closed_odd is not None and y < 1:
            return closed_odd(y) * fermi(v)
        return (s(y) - s_minus(v)) * fermi(v)

    top = min(c, a, mpmath.mpf(cut))
    total = _decaying_integral(odd, mpmath.mpf(0), top, digits, singular_right=(top == a))
    if c < a:
        end = min(a, c + cut)
        total -= _decaying_integral(lambda v: s_minus(v) * fermi(v), c, end, digits, singular_right=(end == a))
    elif c > a:
        end = min(c, a + cut)
        total += _decaying_integral(lambda v: s(eps_ * v) * fermi(v), a, end, digits)
    return total


def _decaying_integral(
    f: Callable[[mpmath.mpf], mpmath.mpf], lo: mpmath.mpf, hi: mpmath.mpf, digits: int, *, singular_right: bool = False
) -> mpmath.mpf:
    """∫_lo^hi f for f ≈ e^-u × (smooth): panel k needs only the digits e^-(u_k - lo) has left."""
    edges = panels(lo, hi, 2.0)
    total = mpmath.mpf(0)
    for i in range(len(edges) - 1):
        used = float(edges[i] - lo) / math.log(10)
        n = nodes_for_digits(max(4.0, digits + 3 - used))
        last = singular_right and i == len(edges) - 2
        total += panel_integral(f, edges[i:i + 2], n, singular_right=last)
    return total


def _balance_double(c: float, eps_: float, p: float, bound: bool = True) -> tuple[float, float]:
    """B(C; ε) for S ∝ E^p in double precision, with a bound on its error (``bound=True``).

    The odd part uses (1+y)^p - (1-y)^p = 2 (1-y²)^{p/2} sinh(p artanh y), free of cancellation.
    The error bound is a rounding bound (64 ulps of ∑|w f|) plus the difference between 12- and
    24-point Gauss-Legendre panels. Valid while the tail never reaches E = 0 (C + 45 < 1/ε); the
    caller checks.
    """
    return _balances_double([(c, eps_)], p, bound)[0]


def _balances_double(points: list[tuple[float, float]], p: float, bound: bool) -> list[tuple[float, float]]:
    """:func:`_balance_double` at several (C, ε) in one vectorised pass (all nodes of all integrals)."""
    rules = (12, 24) if bound else (16,)
    sums: list[np.ndarray] = []
    magnitude = np.zeros(len(points))
    for m in rules:
        xs, ws = gauss_legendre_double(m)
        vs, wts, es, signs, owners = [], [], [], [], []
        for k, (c, e) in enumerate(points):
            top = min(c, 45.0)
            v_odd, w_odd = _nodes(np.linspace(0.0, top, max(1, math.ceil(top / 2.5)) + 1), xs, ws)
            v_tail, w_tail = _nodes(c + _TAIL_EDGES, xs, ws)
            vs += [v_odd, v_tail]
            wts += [w_odd, w_tail]
            es += [np.full(v_odd.size + v_tail.size, e)]
            signs += [np.ones(v_odd.size, dtype=bool), np.zeros(v_tail.size, dtype=bool)]
            owners += [np.full(v_odd.size + v_tail.size, k)]
        v, w, e, is_odd, owner = (np.concatenate(a) for a in (vs, wts, es, signs, owners))
        y = e * v
        ex = np.exp(-v)
        phi = ex / (1 + ex)
        yo = np.where(is_odd, y, 0.0)
        f = np.where(
            is_odd,
            2 * np.exp(0.5 * p * np.log1p(-yo * yo)) * np.sinh(p * np.arctanh(yo)),
            -np.exp(p * np.log1p(-np.where(is_odd, 0.0, y))),
        ) * phi
        terms = w * f
        sums.append(np.bincount(owner, weights=terms, minlength=len(points)))
        magnitude = np.bincount(owner, weights=np.abs(terms), minlength=len(points))
    out = []
    for k in range(len(points)):
        value = float(sums[-1][k])
        error = abs(float(sums[1][k] - sums[0][k])) + 64 * 2.0**-52 * float(magnitude[k]) if bound else 0.0
        out.append((value, error))
    return out


def _nodes(edges: np.ndarray, xs: np.ndarray, ws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, b = edges[:-1, None], edges[1:, None]
    half, mid = (b - a) / 2, (b + a) / 2
    return (mid + half * xs[None, :]).ravel(), (half * ws[None, :]).ravel()


#: Panels of the tail ∫_C^(C+40): narrow where e^-u is still large, wider once it has used up digits.
_TAIL_EDGES = np.array([0.0, 2.5, 5.0, 8.0, 12.0, 17.0, 24.0, 32.0, 40.0])


def _phi(v: np.ndarray) -> np.ndarray:
    e = np.exp(-v)
    return e / (1 + e)


# -- inputs ---------------------------------------------------------------------------------------
def _decimal(value: str | float | Decimal, name: str, *, allow_zero: bool = False, unit: str = "eV") -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InputError(f"{name} must be a number in {unit}, got {value!r}") from None
    if not d.is_finite():
        raise InputError(f"{name} must be a finite number in {unit}, got {value!r}")
    if d < 0 or (d == 0 and not allow_zero):
        raise InputError(f"{name} must be a positive number in {unit}, got {value!r}")
    if d > Decimal("1e6"):
        raise InputError(f"{name} must be at most 1e6 {unit}, got {value!r}")
    return d


def _digits(digits: int) -> int:
    lo, hi = DIGITS_RANGE
    if isinstance(digits, bool) or not isinstance(digits, int) or not lo <= digits <= hi:
        raise InputError(f"--digits must be an integer from {lo} to {hi}, got {digits!r}")
    return digits


def _mp(d: Decimal) -> mpmath.mpf:
    return mpmath.mpf(str(d))


# -- inverse problem: (E_1, T_c) -> C, E_λ=2R ------------------------------------------------------
@dataclass(frozen=True)
class InverseSolution:
    """Solution of (3.11) for E_λ=2R at given E_1, T_c; numbers as decimal strings of verified digits."""

    C: str
    E_lambda_eV: str
    digits: int
    path: str
    detail: str
    value: mpmath.mpf = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    def to_json(self) -> dict[str, object]:
        return {"C": self.C, "E_lambda_eV": self.E_lambda_eV, "digits": self.digits, "path": self.path, "detail": self.detail}


def _leading_C(eps_: float, s1: float) -> float:
    """First Sommerfeld orders, C ≈ c_0 + s_1 ε (c_0 + 1 - π²/12) with c_0 = ln(6 / (π² s_1 ε))
    (see :func:`sommerfeld_C`), used only as a starting point."""
    if s1 <= 0:
        return 1.0 / eps_
    c0 = math.log(6.0 / (math.pi**2 * s1 * eps_))
    if eps_ < 0.05:
        c0 += s1 * eps_ * (c0 + 1 - math.pi**2 / 12)
    return max(0.05, c0)


def _log_slope(dos: DensityOfStates, e1: mpmath.mpf) -> float:
    if dos.exponent is not None:
        return float(dos.exponent)
    with mpmath.workdps(20):
        s = dos.ratio(e1)
        return float(mpmath.diff(s, 0))


def _root_C(eps_: mpmath.mpf, s: Callable, digits: int, guess: float | mpmath.mpf) -> mpmath.mpf:
    """Root of B(C; ε) at the caller's precision to ``digits`` digits: Newton from ``guess``
    (B' = s(εC) φ(C) is exact and cheap), falling back to a bracketed search if Newton strays."""
    a = 1 / eps_

    def f(c: mpmath.mpf) -> mpmath.mpf:
        return balance(c, eps_, s, digits)

    def fprime(c: mpmath.mpf) -> mpmath.mpf:
        return s(eps_ * c) * fermi(c)

    tol = mpmath.mpf(10) ** (-digits - 1)
    cmax = a + mpmath.mpf(_truncation(digits)) + 10
    c = mpmath.mpf(guess)
    for _ in range(12):
        if not 0 < c < cmax:
            break
        step = f(c) / fprime(c)
        c -= step
        # Newton converges quadratically (|B''/B'| is of order 1 here): after a step δ the error is
        # about δ², so a step below √tol/100 leaves a root good to tol. The caller verifies anyway.
        if abs(step) <= mpmath.sqrt(tol) * abs(c) / 100:
            return c
    g = mpmath.mpf(guess)
    lo, hi = g * mpmath.mpf("0.9"), g * mpmath.mpf("1.1") + mpmath.mpf("0.01")
    f_lo, f_hi = f(lo), f(hi)
    while f_lo > 0:
        hi, f_hi = lo, f_lo
        lo = lo / 2
        if lo < mpmath.mpf(10) ** (-digits - 5):
            raise NumericalError("Eq. (3.11) has no root C > 0 for this density of states")
        f_lo = f(lo)
    while f_hi < 0:
        lo, f_lo = hi, f_hi
        hi = hi * 2
        if hi > 2 * cmax:
            raise NumericalError(
                "Eq. (3.11) has no root: with this density of states N(T) stays below N(0) for every E_λ=2R "
                "(S must grow with E above E_1)"
            )
        f_hi = f(hi)
    root = bracketed_root(f, lo, hi, rel_tol=tol, fprime=fprime, f_lo=f_lo, f_hi=f_hi)
    return root.root


def _verify_enclosure(f: Callable[[mpmath.mpf], mpmath.mpf], r: mpmath.mpf, digits: int) -> bool:
    step = abs(r) * mpmath.mpf(10) ** (-digits)
    lo, hi = f(r - step), f(r + step)
    return lo != 0 and hi != 0 and (lo > 0) != (hi > 0)


def _inverse_mp(eps_text: Callable[[], mpmath.mpf], dos: DensityOfStates, e1: str | None, digits: int, guess: float, guard: int) -> tuple[mpmath.mpf, int, int]:
    """C to ``digits`` digits: solve at w, re-solve at w2 > w, compare; escalate until they agree.

    ``e1`` is E_1 as decimal text, read at each working precision (an mpf made beforehand would
    carry only the bits of the precision it was made at)."""
    w = digits + 8 + guard
    previous = None
    for _ in range(5):
        with mpmath.workdps(w):
            e = eps_text()
            s = dos.ratio(mpmath.mpf(e1) if e1 is not None else mpmath.mpf(1))
            c1 = _root_C(e, s, w - guard, guess if previous is None else float(previous))
        w2 = w + 10
        with mpmath.workdps(w2):
            e = eps_text()
            s = dos.ratio(mpmath.mpf(e1) if e1 is not None else mpmath.mpf(1))
            c2 = _root_C(e, s, w2 - guard, float(c1))
            agreed = agreement_digits(c1, c2, cap=digits)
            if agreed >= digits and _verify_enclosure(lambda c: balance(c, e, s, w2 - guard), c2, digits):
                return c2, agreed, w2
        previous = c2
        w = w2 + 10
    raise NumericalError(f"C could not be verified to {digits} digits (last agreement {agreed} digits)")


def _inverse_double(eps_: float, p: float, digits: int, guess: float) -> tuple[float, int] | None:
    """C for S ∝ E^p in double precision with a verified enclosure, or None if not provable here."""
    if not (1e-250 < eps_ < 0.02):
        return None
    a = 1.0 / eps_

    def f(c: float) -> float:
        return _balance_double(c, eps_, p, bound=False)[0]

    c = guess
    for _ in range(30):
        if not (0 < c and c + 45 < a):
            return None
        value = f(c)
        slope = math.exp(p * math.log1p(eps_ * c)) * float(_phi(np.array(c)))
        step = value / slope
        c -= step
        if abs(step) < 1e-8 * abs(c):
            break  # quadratic convergence: the error is now about step², below 1e-16; verified below
    else:
        return None
    if not (0 < c and c + 45 < a):
        return None
    if digits > 13:
        return c, 0  # double precision cannot verify more: a start for mpmath
    width = abs(c) * 10.0 ** (-digits)
    (lo, lo_err), (hi, hi_err) = _balances_double([(c - width, eps_), (c + width, eps_)], p, True)
    if lo < -lo_err and hi > hi_err:
        return c, digits
    return c, 0  # a good start for mpmath, not verified here


_DOUBLE_PATH = "double (enclosure verified with rounding and quadrature bounds)"


#: mpmath's and Arb's working precisions are one setting per process: solves in threads of one
#: process (a Dask worker's) take turns, so none runs at, or leaves behind, a precision another set.
#: They hold the GIL throughout anyway, so nothing runs in parallel that could.
_PRECISION_LOCK = threading.RLock()


def _one_at_a_time(solver: Callable) -> Callable:
    @functools.wraps(solver)
    def serialised(*args: Any, **kwargs: Any) -> Any:
        with _PRECISION_LOCK:
            return solver(*args, **kwargs)

    return serialised


def _ball_exponent(dos: DensityOfStates) -> Fraction | None:
    """p for S = A E^p when Arb can take it exactly (p rational, p > -1), else None."""
    p = dos.exponent
    if p is None or not p.is_Rational or not p > -1:
        return None
    return Fraction(int(p.p), int(p.q))


def _ball_path(what: str, digits: int, bits: int) -> str:
    return (f"Arb ball arithmetic (B changes sign across {what}(1 ± 10^-{digits}): proved with rigorous "
            f"rounding, quadrature and truncation bounds at {bits} bits)")


def _try_double(
    solver: Callable[[float, float, int, float], tuple[float, int] | None],
    x: float,
    dos: DensityOfStates,
    digits: int,
    allow_double: bool,
    guess: float,
) -> tuple[float, tuple[float, int] | None]:
    """The double-precision path, for power-law S only.

    Returns a start for mpmath (the double root where there is one, at worst a good guess) and the
    double result itself when it verified at least ``digits`` digits.
    """
    if dos.exponent is None:
        return guess, None
    candidate = solver(x, float(dos.exponent), digits if allow_double else 99, guess)
    if candidate is None:
        return guess, None
    return candidate[0], candidate if candidate[1] >= digits else None


@_one_at_a_time
def solve_c(
    e1_eV: str | float | Decimal,
    tc_K: str | float | Decimal,
    dos: DensityOfStates = FERMI_LIQUID,
    digits: int = 15,
    *,
    allow_double: bool = True,
    allow_arb: bool = True,
) -> InverseSolution:
    """Inverse problem behind claim A: E_1 and T_c -> C and E_λ=2R = E_1 + C k_B T_c.

    Double precision (S ∝ E^p, ≤ 13 digits, k_B T_c/E_1 < 0.02) when an enclosure of the root can
    be verified there, with the error of each balance bounded by a rounding bound plus the
    difference between 12- and 24-point Gauss-Legendre panels. Otherwise, for S ∝ E^p with p
    rational, Arb ball arithmetic (:mod:`.gap_arb`): the balance is enclosed in balls with rigorous
    bounds on every rounding, quadrature and truncation error, and a sign change across
    C(1 ± 10^-digits) is a proof of the digits. Otherwise (any other S, or when the balls cannot
    decide) mpmath at increasing precision until two solutions at different precisions agree to
    ``digits`` digits and the balance changes sign across C(1 ± 10^-digits).
    ``allow_double=False`` and ``allow_arb=False`` skip those paths.
    """
    digits = _digits(digits)
    e1 = _decimal(e1_eV, "--e1")
    tc = _decimal(tc_K, "--tc", unit="K")
    dos.validate(_mp(e1) * 3, "--dos")
    kb = K_B_EV

    def eps_value() -> mpmath.mpf:
        return mpmath.mpf(kb.p) / kb.q * _mp(tc) / _mp(e1)

    eps_f = float(sp.Rational(str(tc)) * kb / sp.Rational(str(e1)))
    s1 = _log_slope(dos, _mp(e1))
    guess, result = _try_double(_inverse_double, eps_f, dos, digits, allow_double, _leading_C(eps_f, s1))
    proved = None
    if result is None and allow_arb and _ball_exponent(dos) is not None:
        from . import gap_arb

        eps_q = Fraction(kb.p, kb.q) * Fraction(tc) / Fraction(e1)
        proved = gap_arb.solve_inverse(eps_q, _ball_exponent(dos), digits, guess)
    try:
        if result is not None:
            c_value = mpmath.mpf(result[0])
            got, path = result[1], _DOUBLE_PATH
            w = 16
        elif proved is not None:
            c_value, got, w = proved.value, proved.digits, proved.digits + 10
            path = _ball_path("C", got, proved.bits)
        else:
            # a generic odd part s(y) - s(-y) loses log10(1/ε) digits; power laws use a closed form
            guard = 2 if dos.exponent is not None else int(max(0, -math.log10(eps_f))) + 2
            c_value, got, w = _inverse_mp(eps_value, dos, None if dos.exponent is not None else str(e1), digits, guess, guard)
            path = f"mpmath (solved at two precisions up to {w} digits, agreeing to {got}; enclosure verified)"
    except NumericalError as exc:
        raise InputError(f"E_1 = {e1} eV, T_c = {tc} K, S = {dos.text}: {exc}") from None
    with mpmath.workdps(max(w, digits + 10)):
        e_lambda = _mp(e1) + c_value * eps_value() * _mp(e1)
        return InverseSolution(
            C=round_to_digits(c_value, got),
            E_lambda_eV=round_to_digits(e_lambda, got),
            digits=got,
            path=path,
            detail=f"S = {dos.text}, k_B T_c/E_1 = {mpmath.nstr(eps_value(), 6)}",
            value=c_value,
        )


# -- forward problem: (E_λ=2R, E_F, |Δ|) -> E_1, T_c, C --------------------------------------------
@dataclass(frozen=True)
class ForwardSolution:
    """T_c (K), E_1 (eV) and C as decimal strings of verified digits; regime names the equation used."""

    Tc_K: str
    E1_eV: str | None
    C: str | None
    digits: int
    regime: str
    path: str
    detail: str
    value: mpmath.mpf = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    def to_json(self) -> dict[str, object]:
        return {
            "Tc_K": self.Tc_K, "E1_eV": self.E1_eV, "C": self.C, "digits": self.digits,
            "regime": self.regime, "path": self.path, "detail": self.detail,
        }


def gap_bottom(e_lambda: Decimal, e_fermi: Decimal, delta: Decimal) -> tuple[str, Decimal | None, Decimal]:
    """(regime, E_1, E_λ=2R - E_1) from (3.4)-(3.8), in exact decimal arithmetic.

    >>> gap_bottom(Decimal("3"), Decimal("2.999"), Decimal("0.002"))
    ('3.5/3.7', Decimal('2.998'), Decimal('0.002'))
    >>> gap_bottom(Decimal("3"), Decimal("3.5"), Decimal("0.002"))[0]
    '3.4'
    """
    with localcontext() as ctx:
        ctx.prec = 200
        distance = abs(e_fermi - e_lambda)
        if delta < distance:
            return "3.4", None, Decimal(0)
        if delta == distance:
            return "3.4-boundary", None, Decimal(0)
        if e_lambda >= e_fermi:
            e1 = e_lambda - delta
            return "3.5/3.7", e1, e_lambda - e1
        e1 = e_fermi - delta
        return "3.6/3.8", e1, e_lambda - e1


def _forward_f(delta_rel: mpmath.mpf, s: Callable, digits: int) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """F(ln ε) = B(δ/ε; ε): positive at small ε, negative at large ε below the root's upper limit."""

    def f(log_eps: mpmath.mpf) -> mpmath.mpf:
        e = mpmath.exp(log_eps)
        return balance(delta_rel / e, e, s, digits)

    return f


def _forward_guess(delta_rel: float, s1: float) -> float:
    e = max(delta_rel / 10, 1e-300)
    for _ in range(50):
        e = delta_rel / _leading_C(e, s1)
    return e


def _root_forward(delta_rel: mpmath.mpf, s: Callable, digits: int, guess: float | mpmath.mpf) -> mpmath.mpf:
    """ln ε at the root of F(ln ε) = B(δ/ε; ε): secant steps from ``guess`` (converging
    superlinearly from a good start), else a bracketed search from scratch."""
    f = _forward_f(delta_rel, s, digits)
    tol = mpmath.mpf(10) ** (-digits - 1)
    x0 = mpmath.log(mpmath.mpf(guess))
    x1 = x0 * (1 + mpmath.mpf(10) ** -8) if x0 != 0 else mpmath.mpf(10) ** -8
    f0, f1 = f(x0), f(x1)
    for _ in range(12):
        if f1 == f0:
            break
        step = f1 * (x1 - x0) / (f1 - f0)
        x0, f0 = x1, f1
        x1 = x1 - step
        if abs(step) <= mpmath.power(tol, mpmath.mpf("0.6")) * abs(x1) / 100:
            return x1  # superlinear: the next error is far below tol; the caller verifies
        f1 = f(x1)
    g = mpmath.log(mpmath.mpf(guess))
    lo, hi = g - mpmath.mpf("0.05"), g + mpmath.mpf("0.05")
    f_lo, f_hi = f(lo), f(hi)
    tries = 0
    while f_lo < 0:
        lo -= 1
        f_lo = f(lo)
        tries += 1
        if tries > 700:
            raise NumericalError("no T_c found: the balance never turns positive at low temperature")
    tries = 0
    while f_hi > 0:
        hi += 1
        tries += 1
        if tries > 60 or hi > 40:
            raise NumericalError(
                "Eq. (3.11) has no root T_c > 0: the gap E_λ=2R - E_1 is wider than this density of states "
                "allows at any temperature (for S ∝ √E, E_λ=2R must stay below 2^{2/3} E_1)"
            )
        f_hi = f(hi)
    return bracketed_root(f, lo, hi, rel_tol=tol, f_lo=f_lo, f_hi=f_hi).root


def _forward_double(delta_rel: float, p: float, digits: int, guess: float) -> tuple[float, int] | None:
    """ε = k_B T_c/E_1 for S ∝ E^p in double precision: (ε, digits verified), (ε, 0) when only a
    start for mpmath, None when double precision does not apply."""
    if not (1e-250 < guess < 0.015):
        return None

    def f(log_eps: float) -> float:
        e = math.exp(log_eps)
        return _balance_double(delta_rel / e, e, p, bound=False)[0]

    g = math.log(guess)
    lo, hi = g - 0.05, g + 0.05
    if not (f(lo) > 0 > f(hi)):
        return None
    root = bracketed_root(f, lo, hi, rel_tol=1e-15)
    e = math.exp(root.root)
    c = delta_rel / e
    if not (c + 45 < 1 / e and e < 0.02):
        return None
    if digits > 13:
        return e, 0
    width = 10.0 ** (-digits) * e
    (b_lo, err_lo), (b_hi, err_hi) = _balances_double(
        [(delta_rel / (e - width), e - width), (delta_rel / (e + width), e + width)], p, True
    )
    if b_lo > err_lo and b_hi < -err_hi:
        return e, digits
    return e, 0


@_one_at_a_time
def solve_tc(
    e_lambda_eV: str | float | Decimal,
    e_fermi_eV: str | float | Decimal,
    delta_eV: str | float | Decimal,
    dos: DensityOfStates = FERMI_LIQUID,
    digits: int = 15,
    *,
    allow_double: bool = True,
    allow_arb: bool = True,
) -> ForwardSolution:
    """Forward problem: E_λ=2R, E_F and |Δ| -> E_1 (Eqs. 3.7-3.8), T_c (Eq. 3.11) and C.

    T_c = 0 under (3.4). At |Δ| = |E_F - E_λ=2R| exactly, where the paper's strict inequalities
    leave the case open, T_c = 0 too: N_s of (3.3) vanishes (E_λ=2R ≥ E_F) or the window
    E_λ=2R - E_1 closes (E_λ=2R < E_F). The paths are those of :func:`solve_c`, with the sign
    change of the balance across T_c(1 ± 10^-digits).
    """
    digits = _digits(digits)
    el = _decimal(e_lambda_eV, "--e-lambda")
    ef = _decimal(e_fermi_eV, "--e-fermi")
    dl = _decimal(delta_eV, "--delta")
    regime, e1, window = gap_bottom(el, ef, dl)
    if e1 is None:
        why = ("|Δ| < |E_F - E_λ=2R|: Eq. (3.4)" if regime == "3.4"
               else "|Δ| = |E_F - E_λ=2R|: the window E_λ=2R - E_1 or N_s of Eq. (3.3) is zero")
        return ForwardSolution("0", None, None, digits, regime, "exact", f"T_c = 0 because {why}", mpmath.mpf(0))
    if e1 <= 0:
        eq = "3.7" if regime.endswith("3.7") else "3.8"
        raise InputError(
            f"E_1 = {e1} eV from Eq. ({eq}) is not above zero; --delta must be smaller than "
            f"{el if eq == '3.7' else ef} eV"
        )
    dos.validate(_mp(el) * 2, "--dos")
    with localcontext() as ctx:
        ctx.prec = 200
        delta_rel_dec = window / e1
    delta_rel_f = float(delta_rel_dec)
    s1 = _log_slope(dos, _mp(e1))
    guess, result = _try_double(_forward_double, delta_rel_f, dos, digits, allow_double,
                                _forward_guess(delta_rel_f, s1))
    proved = None
    if result is None and allow_arb and _ball_exponent(dos) is not None:
        from . import gap_arb

        proved = gap_arb.solve_forward(Fraction(window) / Fraction(e1), _ball_exponent(dos), digits, guess)
    try:
        if result is not None:
            e_val, got, w = mpmath.mpf(result[0]), result[1], 16
            path = _DOUBLE_PATH
        elif proved is not None:
            e_val, got, w = proved.value, proved.digits, proved.digits + 10
            path = _ball_path("T_c", got, proved.bits)
        else:
            guard = 2 if dos.exponent is not None else int(max(0, -math.log10(max(guess, 1e-300)))) + 2
            w = digits + 8 + guard
            for _ in range(5):
                with mpmath.workdps(w):
                    s = dos.ratio(_mp(e1))
                    r1 = _root_forward(mpmath.mpf(str(delta_rel_dec)), s, w - guard, guess)
                w2 = w + 10
                with mpmath.workdps(w2):
                    s = dos.ratio(_mp(e1))
                    dr = mpmath.mpf(str(delta_rel_dec))
                    r2 = _root_forward(dr, s, w2 - guard, mpmath.exp(r1))
                    e1v, e2v = mpmath.exp(r1), mpmath.exp(r2)
                    got = agreement_digits(e1v, e2v, cap=digits)
                    f = _forward_f(dr, s, w2 - guard)
                    if got >= digits and _verify_enclosure(lambda e: f(mpmath.log(e)), e2v, digits):
                        e_val = e2v
                        break
                w = w2 + 10
            else:
                raise NumericalError(f"T_c could not be verified to {digits} digits")
            path = f"mpmath (solved at two precisions up to {w2} digits, agreeing to {got}; enclosure verified)"
    except NumericalError as exc:
        raise InputError(f"E_λ=2R = {el} eV, E_F = {ef} eV, |Δ| = {dl} eV, S = {dos.text}: {exc}") from None
    with mpmath.workdps(max(w, digits) + 10):
        kb = mpmath.mpf(K_B_EV.p) / K_B_EV.q
        tc = e_val * _mp(e1) / kb
        c_value = mpmath.mpf(str(delta_rel_dec)) / e_val
        return ForwardSolution(
            Tc_K=round_to_digits(tc, got), E1_eV=str(e1), C=round_to_digits(c_value, got), digits=got,
            regime=regime, path=path,
            detail=f"S = {dos.text}, E_λ=2R - E_1 = {window} eV, k_B T_c/E_1 = {mpmath.nstr(e_val, 6)}",
            value=tc,
        )



def log_grid(ends: tuple[str, str], count: int) -> list[mpmath.mpf]:
    """``count`` points from ``ends[0]`` to ``ends[1]``, equally spaced in the logarithm (30 digits)."""
    with mpmath.workdps(30):
        lo, hi = mpmath.log(mpmath.mpf(ends[0])), mpmath.log(mpmath.mpf(ends[1]))
        return [mpmath.exp(lo + (hi - lo) * k / (count - 1)) for k in range(count)]



def register(d: Derivation) -> None:
    """Add Eqs. (3.3)-(3.11), their checks, claims A and B, the figures and the solver tables
    (see :mod:`.gap_checks`)."""
    from .gap_checks import register as register_section

    register_section(d)


def __getattr__(name: str) -> Any:
    """The figures and report tables, importable from here without importing them with the solvers."""
    if name in ("solver_tables", "tc_dome", "c_map"):
        from . import gap_figures

        return getattr(gap_figures, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
