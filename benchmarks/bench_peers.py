"""Peers and references for benchmarks/bench_performance.py: Eq. (3.11) solved as others would solve it.

Eq. (3.11) of the exchange-pairing paper, inverse problem C(E_1, T_c) and forward problem T_c(E_1,
E_λ=2R), S ∝ √E, energies in eV and temperatures in K:

- :func:`vectorised_peer_C`: a minimal vectorised NumPy solve of a whole grid at once on the
  cancellation-free form (the limit of what double precision costs per point);
- :func:`scipy_peer_C`: scipy ``quad`` + ``brentq`` of the printed (3.11), as a physicist writes it;
- :func:`mpmath_peer_C`: plain mpmath ``quad`` + ``findroot`` of the printed (3.11) at a chosen
  working precision;
- :func:`reference_C`, :func:`reference_Tc`: brute-force solves of the printed (3.11) at generous
  precision (breakpoints across the Fermi edge, at digits + 2 log10(1/ε) + 15 working digits and again
  15 higher; the digits the two agree to are the reference's own), against which every digits-correct
  figure is counted. None of this imports symcheck: a reference never comes from the code under test.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from functools import lru_cache

import mpmath
import numpy as np

__all__ = [
    "INSTALL_SCIPY",
    "KB_EV_FLOAT",
    "MAX_DIGITS",
    "Reference",
    "digits_correct",
    "has_scipy",
    "mpmath_peer_C",
    "reference_C",
    "reference_Tc",
    "scipy_peer_C",
    "vectorised_peer_C",
]

#: k_B in eV/K, exact by the SI: 1.380649e-23 J/K over e = 1.602176634e-19 C.
K_B, E_CHARGE = "1.380649e-23", "1.602176634e-19"
KB_EV_FLOAT = float(K_B) / float(E_CHARGE)
INSTALL_SCIPY = 'pip install -e ".[bench]"   (or: pip install "scipy>=1.10")'
MAX_DIGITS = 120


def _kb_ev() -> mpmath.mpf:
    """k_B in eV/K at the caller's precision."""
    return mpmath.mpf(K_B) / mpmath.mpf(E_CHARGE)


def digits_correct(value: object, reference: object) -> int:
    """Significant digits of ``value`` that are correct: the largest d with ``value`` within half a unit
    of the d-th significant digit of ``reference`` (a correctly rounded d-digit value has d).

    Both may be decimal strings, floats or mpf; strings are read at 150 digits.

    >>> digits_correct("9.5550158", "9.55501581828878"), digits_correct("193.25", "193.2549"), digits_correct(2.5, "2.5")
    (8, 5, 120)
    """
    with mpmath.workdps(150):
        x, r = mpmath.mpf(value), mpmath.mpf(reference)
        if x == r:
            return MAX_DIGITS
        exponent = mpmath.floor(mpmath.log10(abs(r)))
        return max(0, min(MAX_DIGITS, int(mpmath.floor(exponent + 1 - mpmath.log10(2 * abs(x - r))))))


# -- the reference: brute force of the printed (3.11) ---------------------------------------------
@dataclass(frozen=True)
class Reference:
    """C at (E_1, T_c) from the printed (3.11) at two precisions; ``digits`` is what the two agree to."""

    value: mpmath.mpf
    digits: int
    dps: tuple[int, int]


def _sommerfeld_C(eps: float) -> float:
    """A start for the root: the Sommerfeld expansion of the balance to first order in ε = k_B T_c/E_1,
    for S ∝ √E (s_1 = S'E/S = 1/2): C ≈ c_0 + s_1 ε (c_0 + 1 - π²/12), c_0 = ln(6/(π² s_1 ε))."""
    c0 = math.log(6 / (math.pi**2 * 0.5 * eps))
    return c0 + 0.5 * eps * (c0 + 1 - math.pi**2 / 12)


def _brute_force_C(e1: str, tc: str, digits: int, dps: int) -> mpmath.mpf:
    """Root C of N(0) - N(T_c) of the printed (3.11), S = √E, at ``dps`` working digits."""
    with mpmath.workdps(dps):
        E1, kT = mpmath.mpf(e1), _kb_ev() * mpmath.mpf(tc)

        def occupied(E: mpmath.mpf) -> mpmath.mpf:
            return mpmath.sqrt(E) / (mpmath.exp((E - E1) / kT) + 1)

        steps = (1, 2, 4, 8, 16, 32, 64, 128, 256)  # breakpoints across the Fermi edge, in k_B T_c
        below = [mpmath.mpf(0), *sorted(E1 - k * kT for k in steps if E1 - k * kT > 0), E1]
        n0 = mpmath.quad(mpmath.sqrt, [0, E1])
        n_below = mpmath.quad(occupied, below)
        c = mpmath.mpf(_sommerfeld_C(float(kT / E1)))
        for _ in range(60):
            e_lambda = E1 + c * kT
            above = [E1, *(E1 + k * kT for k in steps if k < c), e_lambda]
            residual = n0 - n_below - mpmath.quad(occupied, above)
            step = residual / (kT * occupied(e_lambda))  # d N(T_c)/dC = k_B T_c S(E_λ) f(E_λ)
            c += step
            if abs(step) < mpmath.mpf(10) ** (-digits - 5) * c:
                return c
    raise RuntimeError(f"brute force of (3.11) did not converge at E_1 = {e1}, T_c = {tc}")


@lru_cache(maxsize=64)
def reference_C(e1: str, tc: str, digits: int, margin: int = 15) -> Reference:
    """C at (E_1 eV, T_c K) to at least ``digits`` digits from the printed (3.11), checked at two precisions.

    The working precisions are digits + 2 log10(1/ε) + ``margin`` and 15 more; an error if the two
    agree to fewer than ``digits`` digits.
    """
    eps = KB_EV_FLOAT * float(tc) / float(e1)
    low = int(digits + 2 * math.log10(1 / eps) + margin)
    a, b = _brute_force_C(e1, tc, digits, low), _brute_force_C(e1, tc, digits, low + 15)
    agree = min(digits_correct(a, b), digits + 5)
    if agree < digits:
        raise RuntimeError(f"reference at E_1 = {e1}, T_c = {tc} agrees to only {agree} of {digits} digits")
    return Reference(b, agree, (low, low + 15))


def _brute_force_Tc(e1: str, window: str, digits: int, dps: int) -> mpmath.mpf:
    """T_c (K) at which the printed (3.11), S = √E, balances with E_λ=2R = E_1 + ``window`` (eV)."""
    with mpmath.workdps(dps):
        E1, kb = mpmath.mpf(e1), _kb_ev()
        e_lambda = E1 + mpmath.mpf(window)
        n0 = mpmath.quad(mpmath.sqrt, [0, E1])
        steps = (1, 2, 4, 8, 16, 32, 64, 128, 256)

        def balance(tc: mpmath.mpf) -> mpmath.mpf:
            kT = kb * tc

            def occupied(E: mpmath.mpf) -> mpmath.mpf:
                return mpmath.sqrt(E) / (mpmath.exp((E - E1) / kT) + 1)

            below = [mpmath.mpf(0), *sorted(E1 - k * kT for k in steps if E1 - k * kT > 0), E1]
            above = [E1, *(E1 + k * kT for k in steps if E1 + k * kT < e_lambda), e_lambda]
            return n0 - mpmath.quad(occupied, below) - mpmath.quad(occupied, above)

        tc = 1.0  # C k_B T_c = window with C from the Sommerfeld expansion, iterated in floats
        for _ in range(50):
            tc = float(window) / (KB_EV_FLOAT * _sommerfeld_C(KB_EV_FLOAT * tc / float(e1)))
        root = mpmath.findroot(balance, (mpmath.mpf(tc), mpmath.mpf(tc) * (1 + mpmath.mpf(10) ** -5)),
                               tol=mpmath.mpf(10) ** (-digits - 5))
        return +root


@lru_cache(maxsize=16)
def reference_Tc(e1: str, window: str, digits: int) -> Reference:
    """T_c (K) for E_1 and E_λ=2R - E_1 (eV) from the printed (3.11), checked at two precisions."""
    tc = float(window) / (KB_EV_FLOAT * 10)
    low = int(digits + 2 * math.log10(float(e1) / (KB_EV_FLOAT * tc)) + 15)
    a, b = _brute_force_Tc(e1, window, digits, low), _brute_force_Tc(e1, window, digits, low + 15)
    agree = min(digits_correct(a, b), digits + 5)
    if agree < digits:
        raise RuntimeError(f"reference T_c at E_1 = {e1}, window {window} agrees to only {agree} of {digits} digits")
    return Reference(b, agree, (low, low + 15))


# -- peers ----------------------------------------------------------------------------------------
_GL_X, _GL_W = np.polynomial.legendre.leggauss(20)
_LAG_T, _LAG_W = np.polynomial.laguerre.laggauss(14)


def vectorised_peer_C(e1_eV: np.ndarray, tc_K: np.ndarray, newton_steps: int = 4) -> np.ndarray:
    """C at every (E_1, T_c) at once: the cancellation-free (3.11), S ∝ √E, in double precision.

    B(C) = ∫_0^C [s(εu) - s(-εu)] φ(u) du - ∫_C^∞ s(-εu) φ(u) du with s(y) = √(1+y), φ(u) = 1/(e^u+1),
    ε = k_B T_c/E_1: 20 Gauss-Legendre nodes on [0, C], 14 Gauss-Laguerre nodes in u - C on the tail,
    Newton with B'(C) = s(εC) φ(C) from C_0 = ln(6/(π² ε/2)). Valid for ε < 0.01 (the tail's nodes
    stay above E = 0). No error bound.
    """
    eps = KB_EV_FLOAT * np.asarray(tc_K, dtype=float) / np.asarray(e1_eV, dtype=float)
    c = np.log(6 / (math.pi**2 * 0.5 * eps))
    for _ in range(newton_steps):
        u = (c / 2)[:, None] * (1 + _GL_X)
        y = eps[:, None] * u
        odd = 2 * y / (np.sqrt(1 + y) + np.sqrt(1 - y))  # √(1+y) - √(1-y) without cancellation
        head = (c / 2) * ((odd / (np.exp(u) + 1)) @ _GL_W)
        t = c[:, None] + _LAG_T
        tail = np.exp(-c) * ((np.sqrt(1 - eps[:, None] * t) / (1 + np.exp(-t))) @ _LAG_W)
        c = c - (head - tail) / (np.sqrt(1 + eps * c) / (np.exp(c) + 1))
    return c


def scipy_peer_C(e1_eV: float, tc_K: float) -> float:
    """C from the printed (3.11) with scipy, as a physicist writes it (S = √E, both sides split at E_1).

    ``quad`` with epsabs=0, epsrel=1e-13 and a breakpoint at E_1 - 40 k_B T_c (without it the first
    nodes miss the Fermi edge and the balance has no sign change); ``brentq`` on C in [0.5, 60].
    """
    from scipy import integrate, optimize

    kT = KB_EV_FLOAT * tc_K
    opts = {"epsabs": 0.0, "epsrel": 1e-13, "limit": 200}

    def occupied(E: float) -> float:
        return math.sqrt(E) / (math.exp((E - e1_eV) / kT) + 1)

    edge = e1_eV - 40 * kT
    n0 = integrate.quad(math.sqrt, 0, edge, **opts)[0] + integrate.quad(math.sqrt, edge, e1_eV, **opts)[0]
    n_below = integrate.quad(occupied, 0, edge, **opts)[0] + integrate.quad(occupied, edge, e1_eV, **opts)[0]

    def balance(c: float) -> float:
        return n0 - n_below - integrate.quad(occupied, e1_eV, e1_eV + c * kT, **opts)[0]

    return float(optimize.brentq(balance, 0.5, 60.0, xtol=1e-14))


def mpmath_peer_C(e1: str, tc: str, dps: int, start: float) -> mpmath.mpf:
    """C from the printed (3.11) with plain mpmath at ``dps`` digits: ``quad`` split at E_1, ``findroot``."""
    with mpmath.workdps(dps):
        E1, kT = mpmath.mpf(e1), _kb_ev() * mpmath.mpf(tc)

        def occupied(E: mpmath.mpf) -> mpmath.mpf:
            return mpmath.sqrt(E) / (mpmath.exp((E - E1) / kT) + 1)

        n0 = mpmath.quad(mpmath.sqrt, [0, E1])
        n_below = mpmath.quad(occupied, [0, E1])
        root = mpmath.findroot(lambda c: n0 - n_below - mpmath.quad(occupied, [E1, E1 + c * kT]), mpmath.mpf(start))
        return +root


def has_scipy() -> bool:
    """Whether scipy (for :func:`scipy_peer_C`) is installed."""
    return importlib.util.find_spec("scipy") is not None
