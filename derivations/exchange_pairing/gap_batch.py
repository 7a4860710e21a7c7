"""Eq. (3.11) for a whole chunk of a sweep at once: vectorised double precision with a verified bound per point.

The balance of the cancellation-free (3.11) (see :mod:`.gap`) for S ∝ E^p, p > 0, is

    B(C; ε) = ∫_0^C s(εu) φ(u) du - ∫_0^{1/ε} s(-εu) φ(u) du,   s(y) = (1 + y)^p,  φ(u) = 1/(e^u + 1),

increasing in C with B'(C) = s(εC) φ(C). Here it is written as B = D(ε) - K(C; ε), both of size ε:

- D(ε) = ∫_0^∞ s(εu) φ du - ∫_0^{1/ε} s(-εu) φ du = 2 Σ_{m odd} binom(p, m) μ_m ε^m, with the moments
  μ_m = ∫_0^∞ u^m φ du = m! η(m + 1) (η the Dirichlet eta function);
- K(C; ε) = ∫_C^∞ s(εu) φ du = s(εC) Σ_j (-1)^{j+1} e^{-jC} Σ_m binom(p, m) m! ε'^m / j^{m+1},
  ε' = ε/(1 + εC), from φ(u) = Σ_j (-1)^{j+1} e^{-ju} and Watson's lemma.

Both series are cut off with rigorous remainder bounds: the Lagrange remainder of (1 + y)^p for
y ≥ 0, a geometric bound on the odd Taylor tail of (1 - y)^p for 0 ≤ y ≤ εU < 1 (|binom(p, m)|
does not increase once m ≥ p), upper incomplete gamma functions for the polynomial part beyond U,
and the alternating-series bound in j. Every balance carries an error bound: those remainders, a
rounding bound (a multiple of the unit roundoff times the sum of the terms' magnitudes) and the
effect of reading ε and p as doubles (bounds on |∂B/∂ε| and |∂B/∂p|).

Newton steps run for all points of a chunk together. A root c is *verified* to ``digits`` digits
when the bound puts the root within c·10^-digits (B is increasing, so |B(c)| plus its error bound
over 0.99 B'(c) bounds the distance to the root); the forward problem (T_c from E_λ=2R, E_F, |Δ|)
checks the sign change of B(δ/ε; ε) across ε(1 ± 10^-digits) as :mod:`.gap` does. A point the
batch cannot verify (ε = k_B T_c/E_1 outside the range of :data:`EPS_RANGE`, p ≤ 0, more than
:data:`MAX_DIGITS` digits, a value too close to a rounding boundary to be printed to the same
digits as the per-point solver) comes back as ``None``, to be solved by :mod:`.gap` point by point.

>>> from decimal import Decimal
>>> [r] = solve_c_batch([(Decimal("1"), Decimal("1"))], 0.5, 12)
>>> r[:2]  # compare gap.solve_c("1", "1", digits=12): C = 9.55501581829
('9.55501581829', '1.00082338756')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Context, Decimal
from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np

from .gap_equations import K_B_EV

__all__ = [
    "EPS_RANGE",
    "MAX_DIGITS",
    "PATH",
    "balance_bounded",
    "format_digits",
    "forward_roots",
    "inverse_roots",
    "short_text",
    "solve_c_batch",
    "solve_tc_batch",
    "verify_forward",
    "verify_inverse",
]

#: ε = k_B T_c / E_1 the batch solves for (the range of the per-point double path).
EPS_RANGE = (1e-250, 0.02)
#: Digits the batch verifies at most: double precision leaves no room above.
MAX_DIGITS = 13
_U = 2.0**-53  # unit roundoff
_ORDERS = 64  # Taylor orders tabulated
_MU1 = math.pi**2 / 12  # μ_1 = ∫_0^∞ u φ du
_KB = float(K_B_EV)
_RELATIVE_CUT = 1e-19  # series are cut where their remainder drops below this relative size
#: How far (relative) the per-point solver's double root of the inverse problem may lie from the
#: batch root, beyond its Newton stop: rounding noise, measured at most 6e-16 over 3,000 points. Its
#: Newton stop (a step below 1e-8 C, |B''/2B'| ≤ 0.51) adds up to 0.51e-16 C relative. A value
#: closer than this to a rounding boundary is left to the per-point solver, so that the batch
#: prints exactly what it would.
PER_POINT_SLOP = 1e-15
_NEWTON_STOP = 0.51e-16
#: The same for the forward problem, per unit of |ln ε|: the per-point solver stops once its
#: bracket on ln ε is narrower than 1e-15 |ln ε| (measured differences up to 1.8e-14 at ln ε ≈ -19).
FORWARD_SLOP = 1.2e-15
_WIDTH = 0.999999  # the enclosure is checked a hair inside c(1 ± 10^-digits)
#: How a batch result was verified (the ``path`` of its solution).
PATH = "double, batch (enclosure verified with series remainder and rounding bounds)"


@lru_cache(maxsize=16)
def _series(p_text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """binom(p, m), binom(p, m) m! and μ_m = m! η(m+1) for m = 0.._ORDERS, to double precision."""
    exact = Fraction(p_text)
    with mpmath.workdps(40):
        p = mpmath.mpf(exact.numerator) / exact.denominator
        b = [mpmath.binomial(p, m) for m in range(_ORDERS + 1)]
        f = [b[m] * mpmath.factorial(m) for m in range(_ORDERS + 1)]
        mu = [mpmath.factorial(m) * mpmath.altzeta(m + 1) for m in range(_ORDERS + 1)]
        return tuple(np.array([float(x) for x in v]) for v in (b, f, mu))  # type: ignore[return-value]


def _d_order(p: float, b: np.ndarray, mu: np.ndarray, eps_max: float) -> int:
    """Smallest odd M ≥ p - 1 whose remainder is below the cut relative to D ≈ 2 p μ_1 ε."""
    lo = max(1, math.ceil(p - 1))
    lo += 1 - lo % 2
    candidates = range(lo, _ORDERS - 1, 2)
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        ok = [abs(b[m + 1]) * mu[m + 1] * 11 * math.exp(m * math.log(eps_max)) <= _RELATIVE_CUT * 2 * p * _MU1
              if b[m + 1] != 0 else True for m in candidates]
    return next((m for m, good in zip(candidates, ok) if good), _ORDERS - 3)


def _d_series(eps: np.ndarray, p: float, p_text: str) -> tuple[np.ndarray, np.ndarray]:
    """D(ε) and a bound on its error (remainders and rounding)."""
    b, _, mu = _series(p_text)
    order = _d_order(p, b, mu, float(eps.max()))
    odd = np.arange(1, order + 1, 2)
    d = 2 * b[odd] * mu[odd]
    y = eps * eps
    value = np.full_like(eps, d[-1])
    size = np.full_like(eps, abs(d[-1]))
    for c in d[-2::-1]:
        value *= y
        value += c
        size *= y
        size += abs(c)
    value *= eps
    size *= eps
    with np.errstate(under="ignore", over="ignore"):
        upper = np.minimum(np.log(1 / eps) + 42, 0.9 / eps)
        decay = np.exp(-upper)
        reach = eps * upper
        # remainders of the Taylor series on both sides
        error = abs(b[order + 1]) * np.exp((order + 1) * np.log(eps)) * mu[order + 1] * (1 + 1 / (1 - reach))
        # the polynomial beyond U: ε^m Γ(m+1, U) by g_m = ε m g_{m-1} + (εU)^m e^-U
        g = decay.copy()
        power = decay.copy()
        tail = abs(b[0]) * g
        for m in range(1, order + 1):
            power *= reach
            g = eps * m * g + power
            tail += abs(b[m]) * g
        error += tail + decay
    error += 4 * (2 * order + 10) * _U * size
    return value, error


def _k_orders(p: float, f: np.ndarray, c_min: float, eps1_max: float) -> tuple[int, int]:
    terms = max(1, min(40, math.ceil(43.0 / max(c_min, 1e-3))))
    lo = max(0, math.ceil(p - 1))
    order = _ORDERS - 1
    for m in range(lo, _ORDERS - 1):
        if f[m + 1] == 0 or abs(f[m + 1]) * math.exp((m + 1) * math.log(max(eps1_max, 1e-300))) <= _RELATIVE_CUT:
            order = m
            break
    return terms, order


def _k_series(c: np.ndarray, eps: np.ndarray, p: float, p_text: str, bound: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """K(C; ε), B'(C) = s(εC) φ(C), and (with ``bound``) a bound on the error of K."""
    _, f, _ = _series(p_text)
    ec = eps * c
    pre = np.exp(p * np.log1p(ec))
    q = np.exp(-c)
    eps1 = eps / (1 + ec)
    terms, order = _k_orders(p, f, float(c.min()), float(eps1.max()))
    coeffs = f[: order + 1]
    total = np.zeros_like(c)
    size = np.zeros_like(c)
    qj = np.ones_like(c)
    for j in range(1, terms + 1):
        qj = qj * q
        x = eps1 / j
        inner = np.full_like(c, coeffs[-1])
        for a in coeffs[-2::-1]:
            inner *= x
            inner += a
        term = qj * inner / j
        total += term if j % 2 else -term
        if bound:
            inner_abs = np.full_like(c, abs(coeffs[-1]))
            for a in coeffs[-2::-1]:
                inner_abs *= x
                inner_abs += abs(a)
            size += qj * inner_abs / j
    slope = pre * q / (1 + q)
    if not bound:
        return pre * total, slope, np.zeros_like(c)
    with np.errstate(under="ignore"):
        remainder = qj * q / (terms + 1 - p * eps1)
        remainder += abs(f[order + 1]) * np.exp((order + 1) * np.log(eps1)) * q / (1 - q)
    error = pre * (remainder + 4 * (2 * order + 2 * terms + 20) * _U * size)
    return pre * total, slope, error


def _input_error(c: np.ndarray, eps: np.ndarray, p: float) -> np.ndarray:
    """|∂B/∂ε| 6u ε + |∂B/∂p| u p: reading ε (from two decimal inputs and k_B) and p as doubles."""
    a = 1 / eps
    with np.errstate(under="ignore"):
        far = np.exp(2 * np.log(a) - a / 2)
    d_eps = p * _MU1 * (np.maximum(1.0, np.exp((p - 1) * np.log1p(eps * c))) + max(1.0, 2.0 ** (1 - p))) + far
    d_p = eps * _MU1 * (np.exp(p * np.log1p(eps * c)) + 1.39) + far
    return 6 * _U * eps * d_eps + _U * p * d_p


def balance_bounded(c: np.ndarray, eps: np.ndarray, p: float, p_text: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """B(C; ε) for S ∝ E^p at each (C, ε) and a bound on its error (valid for p > 0, C + 45 < 1/ε)."""
    p_text = p_text or repr(p)
    d, d_err = _d_series(eps, p, p_text)
    k, _, k_err = _k_series(c, eps, p, p_text, True)
    return d - k, d_err + k_err + _U * (np.abs(d) + np.abs(k)) + _input_error(c, eps, p)


def _leading(eps: np.ndarray, p: float) -> np.ndarray:
    """The first Sommerfeld orders of C, as gap._leading_C, for every ε at once (a start only)."""
    c0 = np.log(6.0 / (math.pi**2 * p * eps))
    c0 = np.where(eps < 0.05, c0 + p * eps * (c0 + 1 - math.pi**2 / 12), c0)
    return np.maximum(0.05, c0)


def _inverse_newton(eps: np.ndarray, p: float, p_text: str) -> np.ndarray:
    """Newton steps on B(C; ε) = D(ε) - K(C; ε) from the Sommerfeld start, all points together
    (B' = s(εC) φ(C) exactly); not verified."""
    c = _leading(eps, p)
    d, _ = _d_series(eps, p, p_text)
    for _ in range(20):
        k, slope, _ = _k_series(c, eps, p, p_text, False)
        step = (d - k) / slope
        c = np.clip(c - step, 0.01, None)
        if (np.abs(step) <= 1e-9 * c).all():
            break  # quadratic convergence: the error is now about step², far below a unit roundoff
    return c


def verify_inverse(c: np.ndarray, eps: np.ndarray, p: float, digits: int, p_text: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(verified, radius): ``radius`` bounds |C - root| at each (C, ε), ``verified`` where it is
    within C·10^-digits. B is increasing with B' = s(εC) φ(C), which varies by far less than 1 %
    within 10^-3 of C, so |B(C)| plus its error bound over 0.99 B'(C) bounds the distance."""
    p_text = p_text or repr(p)
    b, error = balance_bounded(c, eps, p, p_text)
    _, slope, _ = _k_series(c, eps, p, p_text, False)
    radius = (np.abs(b) + error) / (0.99 * slope)
    verified = (p > 0) & (c + 45 < 1 / eps) & (radius <= _WIDTH * c * 10.0**-digits) & (radius < 1e-3)
    return verified, radius


def inverse_roots(eps: np.ndarray, p: float, digits: int, p_text: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """C at each ε: (C, verified, radius), as :func:`verify_inverse`; ε outside :data:`EPS_RANGE`
    is not verified."""
    p_text = p_text or repr(p)
    inside = (eps > EPS_RANGE[0]) & (eps < EPS_RANGE[1]) & (p > 0)
    e = np.where(inside, eps, 1e-3)
    c = _inverse_newton(e, p, p_text)
    verified, radius = verify_inverse(c, e, p, digits, p_text)
    return c, inside & verified, radius


def _forward_secant(delta_rel: np.ndarray, guess: np.ndarray, p: float, p_text: str) -> np.ndarray:
    """Secant steps on F(ln ε) = B(δ/ε; ε) from ``guess``, all points together; not verified."""

    def balance(log_eps: np.ndarray) -> np.ndarray:
        eps = np.exp(log_eps)
        d, _ = _d_series(eps, p, p_text)
        k, _, _ = _k_series(delta_rel / eps, eps, p, p_text, False)
        return d - k

    x0 = np.log(guess)
    x1 = x0 * (1 + 1e-8)
    f0, f1 = balance(x0), balance(x1)
    for _ in range(40):
        moving = f1 != f0
        step = np.where(moving, f1 * (x1 - x0) / np.where(moving, f1 - f0, 1.0), 0.0)
        x0, f0 = x1, f1
        x1 = np.clip(x1 - step, math.log(EPS_RANGE[0]), math.log(0.019))
        if (np.abs(step) <= 1e-10 * np.abs(x1)).all():
            break  # superlinear convergence (order 1.6): the error is now far below a unit roundoff
        f1 = balance(x1)
    return np.exp(x1)


def verify_forward(eps: np.ndarray, delta_rel: np.ndarray, p: float, digits: int, p_text: str | None = None) -> np.ndarray:
    """Where B(δ/ε; ε) changes sign across ε(1 ± 10^-digits) beyond its error bounds (including
    δ read as a double), as gap's double path checks it."""
    p_text = p_text or repr(p)
    width = eps * _WIDTH * 10.0**-digits
    ends = np.concatenate([eps - width, eps + width])
    c = np.concatenate([delta_rel, delta_rel]) / ends
    b, err = balance_bounded(c, ends, p, p_text)
    _, slope, _ = _k_series(c, ends, p, p_text, False)
    err = err + 8 * _U * c * slope  # C = δ/ε with δ read as a double: |ΔC| ≤ 2u C, B' ≤ 2 slope nearby
    n = eps.size
    return (p > 0) & (b[:n] > err[:n]) & (b[n:] < -err[n:]) & (delta_rel / eps + 45 < 1 / eps) & (eps < 0.02)


def forward_roots(delta_rel: np.ndarray, p: float, digits: int, p_text: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """ε = k_B T_c/E_1 with B(δ/ε; ε) = 0 at each δ = (E_λ=2R - E_1)/E_1: (ε, verified), as
    :func:`verify_forward`; a start (as gap._forward_guess) outside the double path's range is not."""
    p_text = p_text or repr(p)
    e = np.maximum(delta_rel / 10, 1e-300)
    for _ in range(50):  # as gap._forward_guess
        e = delta_rel / _leading(e, p)
    inside = (e > EPS_RANGE[0]) & (e < 0.015) & (p > 0)
    e = np.where(inside, e, 1e-3)
    dr = np.where(inside, delta_rel, 1e-3 * _leading(np.array([1e-3]), p)[0])
    eps = _forward_secant(dr, e, p, p_text)
    return eps, inside & verify_forward(eps, dr, p, digits, p_text)


# -- printing verified digits as symcheck.numerics.round_to_digits does ---------------------------
def _layout(exponent: int, digits: int) -> Callable[[str], str]:
    """mpmath.nstr's layout of ``digits`` digits with this decimal exponent, as ``round_to_digits``
    asks for it (strip_zeros=False, min_fixed=-12, max_fixed=40)."""
    if -12 < exponent < 40:
        if exponent < 0:
            lead = "0." + "0" * (-exponent - 1)
            return lambda d: lead + d
        if exponent + 1 >= digits:
            pad = "0" * (exponent + 1 - digits) + "."
            return lambda d: d + pad
        split = exponent + 1
        return lambda d: d[:split] + "." + d[split:]
    suffix = ("e+" if exponent > 0 else "e") + str(exponent)
    return lambda d: d[:1] + "." + d[1:] + suffix


def short_text(values: np.ndarray) -> list[str]:
    """Each value as ``mpmath.nstr(x, 6)`` prints it (the ε of a solution's detail line).

    >>> short_text(np.array([8.6173303e-5, 0.0153467, 1e-5, 2.5e6]))
    ['8.61733e-5', '0.0153467', '1.0e-5', '2.5e+6']
    """
    out = []
    for text in map("{:.6g}".format, values.tolist()):
        if "e" in text:
            mantissa, exponent = text.split("e")
            text = f"{mantissa if '.' in mantissa else mantissa + '.0'}e{int(exponent):+d}"
        elif "." not in text:
            text += ".0"
        out.append(text)
    return out


def format_digits(values: np.ndarray, radius: np.ndarray, digits: int) -> list[str | None]:
    """Each positive value to ``digits`` significant digits as ``round_to_digits`` prints it, or None
    where a value within ``radius`` of it could round to different digits.

    >>> format_digits(np.array([9.55501581829, 9.9999999999995, 1.5e-13]), np.zeros(3), 3)
    ['9.56', '10.0', '1.50e-13']
    """
    x = np.asarray(values, dtype=float)
    r = np.asarray(radius, dtype=float)
    with np.errstate(invalid="ignore"):
        ok = (x > 1e-280) & (x < 1e280) & (r < 1e-3 * x)
    x = np.where(ok, x, 1.0)
    exponent = np.floor(np.log10(x)).astype(np.int64)
    factor = np.power(10.0, (digits - 1 - exponent).astype(float))
    scaled = x * factor
    whole = np.floor(scaled)
    fraction = scaled - whole
    # too close to a rounding boundary to be sure of the last digit (10.0**k is itself rounded)
    ok &= np.abs(fraction - 0.5) > np.where(ok, r, 0.0) * factor + 4 * _U * scaled
    n = whole + (fraction > 0.5)
    top = 10.0**digits
    carry = n == top  # 9.99..95 -> 10.0..0
    n = np.where(carry, top / 10, n)
    exponent += carry
    ok &= (n >= top / 10) & (n < top)
    out = np.full(x.size, None, dtype=object)
    whole_digits = n.astype(np.int64)
    for e in np.unique(exponent[ok]).tolist():  # one layout per decimal exponent
        where = np.flatnonzero(ok & (exponent == e))
        place = _layout(e, digits)
        out[where] = [place(text) for text in map(str, whole_digits[where].tolist())]
    return out.tolist()


# -- the two problems for sweep chunks ---------------------------------------------------------------
_EXACT = Context(prec=250)


def _p_text(p: object) -> str:
    """p as exact text when it is a rational number (1/2, 1.5), else the double it is read as (the
    bound on |∂B/∂p| accounts for that)."""
    text = str(p)
    try:
        Fraction(text)
    except ValueError:
        return repr(float(p))  # type: ignore[arg-type]
    return text


def solve_c_batch(points: Sequence[tuple[Decimal, Decimal]], exponent: object, digits: int) -> list[tuple[str, str, str] | None]:
    """(C, E_λ=2R, ε to 6 digits) for each (E_1 eV, T_c K) the batch verifies to ``digits`` digits, else None.

    ``exponent`` is p of S ∝ E^p (a number or a SymPy rational).
    """
    p = float(exponent)  # type: ignore[arg-type]
    if not points or digits > MAX_DIGITS or not p > 0:  # S not growing: no root, said by the per-point solver
        return [None] * len(points)
    e1 = np.array([float(a) for a, _ in points])
    tc = np.array([float(b) for _, b in points])
    eps = tc * _KB / e1
    c, verified, _ = inverse_roots(eps, p, digits, _p_text(exponent))
    slop = (PER_POINT_SLOP + _NEWTON_STOP * c) * c
    c_text = format_digits(np.where(verified, c, np.nan), slop, digits)
    e_lambda = e1 * (1 + c * eps)
    e_text = format_digits(np.where(verified, e_lambda, np.nan), e1 * eps * slop + 4 * _U * e_lambda, digits)
    eps_text = short_text(eps)
    return [None if a is None or b is None else (a, b, t) for a, b, t in zip(c_text, e_text, eps_text)]


def solve_tc_batch(
    points: Sequence[tuple[Decimal, Decimal, Decimal]], exponent: object, digits: int
) -> list[tuple[str, str, str, str, str, str] | None]:
    """(T_c, E_1, C, regime, E_λ=2R - E_1, ε to 6 digits) for each (E_λ=2R, E_F, |Δ|) in eV the batch
    verifies to ``digits`` digits, else None (including T_c = 0 under Eq. (3.4), which is exact)."""
    out: list[tuple[str, str, str, str, str, str] | None] = [None] * len(points)
    p = float(exponent)  # type: ignore[arg-type]
    if not points or digits > MAX_DIGITS or not p > 0:
        return out
    index, windows, bottoms, regimes, rel = [], [], [], [], []
    for k, (el, ef, dl) in enumerate(points):
        distance = abs(_EXACT.subtract(ef, el))
        if dl <= distance:
            continue
        e1 = _EXACT.subtract(el, dl) if el >= ef else _EXACT.subtract(ef, dl)
        if e1 <= 0:
            continue
        window = _EXACT.subtract(el, e1)
        index.append(k)
        windows.append(window)
        bottoms.append(e1)
        regimes.append("3.5/3.7" if el >= ef else "3.6/3.8")
        rel.append(float(_EXACT.divide(window, e1)))
    if not index:
        return out
    delta_rel = np.array(rel)
    eps, verified = forward_roots(delta_rel, p, digits, _p_text(exponent))
    e1f = np.array([float(x) for x in bottoms])
    # the per-point solver stops when its bracket in ln ε is within 1e-15 |ln ε|
    slop = FORWARD_SLOP * np.abs(np.log(eps)) + PER_POINT_SLOP
    tc = eps * e1f / _KB
    tc_text = format_digits(np.where(verified, tc, np.nan), tc * slop, digits)
    c = delta_rel / eps
    c_text = format_digits(np.where(verified, c, np.nan), c * slop, digits)
    eps_text = short_text(eps)
    for k, t, cc, e, e1, regime, window in zip(index, tc_text, c_text, eps_text, bottoms, regimes, windows):
        if t is not None and cc is not None:
            out[k] = (t, str(e1), cc, regime, str(window), e)
    return out
