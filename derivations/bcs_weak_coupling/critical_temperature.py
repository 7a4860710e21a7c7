"""The critical temperature and the gap ratio: Eqs. (5)-(7).

Eq. (5) fixes T_c; it has no closed form. With x = ξ/(2k_B T_c) and a = ħω_D/(2k_B T_c) its
integral is G(a) = ∫_0^a tanh(x)/x dx = tanh(a) ln a - ∫_0^a ln(x) sech²(x) dx (integration by
parts, proved by differentiating), so G(a) - ln a → -∫_0^∞ ln(x) sech²(x) dx = ln(4e^γ/π) as
a → ∞ (the boundary term's tail is a limit). Weak coupling (a → ∞ as λ → 0+) then gives Eq. (6),
and with Eq. (4) the ratio of Eq. (7). The printed numbers are compared with the exact constants
and with the solved Eq. (5) at λ = 0.1 (:mod:`.numerics`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import mpmath
import sympy as sp

from symcheck import Claim, Derivation, Equation, Identity, Inequality, Limit, deferred
from symcheck.equation import relation

from . import numerics
from .ground_state import EQ_4
from .sources import BCS, ROUNDED, TINKHAM
from .symbols import Delta_0, T_c, a, hbar_omega_D, k_B, lam, x, xi

__all__ = ["register", "EQ_5", "EQ_6", "EQ_7", "SECH_MOMENT", "NUMERIC_COUPLING", "weak_coupling_prefactor"]


EQ_5 = Equation(
    "5", "critical-temperature equation",
    relation(1, lam * sp.Integral(sp.tanh(xi / (2 * k_B * T_c)) / xi, (xi, 0, hbar_omega_D))),
    source=f"{BCS}; {TINKHAM}, finite temperatures",
    note="the gap equation (8) at Δ = 0, T = T_c",
    printed=r"1 = \lambda \int_0^{\hbar\omega_D} \frac{\tanh(\xi / 2k_B T_c)}{\xi} d\xi",
)
EQ_6 = Equation(
    "6", "critical temperature at weak coupling",
    relation(k_B * T_c, 2 * sp.exp(sp.EulerGamma) / sp.pi * hbar_omega_D * sp.exp(-1 / lam)),
    source=f"{BCS}; {TINKHAM}, finite temperatures",
    note="the leading form of Eq. (5) as λ → 0+ (the corrections fall off like e^{-ħω_D/k_B T_c})",
    printed=r"k_B T_c \approx \frac{2e^{\gamma}}{\pi} \hbar\omega_D e^{-1/\lambda} \approx 1.134 \hbar\omega_D e^{-1/\lambda}",
    not_compared={r"1.134 \hbar\omega_D e^{-1/\lambda}": ROUNDED.format("6-prefactor")},
)
EQ_7 = Equation(
    "7", "gap over critical temperature",
    relation(2 * Delta_0 / (k_B * T_c), 2 * sp.pi / sp.exp(sp.EulerGamma)),
    source=f"{BCS}; {TINKHAM}, finite temperatures",
    note="weak coupling: Eq. (4) over Eq. (6) as λ → 0+; Δ(0)/k_B T_c = π/e^γ ≈ 1.764",
    printed=r"\frac{2\Delta(0)}{k_B T_c} = \frac{2\pi}{e^{\gamma}} \approx 3.528",
    not_compared={"3.528": ROUNDED.format("7-ratio")},
)

#: ∫_0^∞ ln(x) sech²(x) dx, the constant of the weak-coupling limit of Eq. (5).
SECH_MOMENT = sp.Integral(sp.log(x) / sp.cosh(x) ** 2, (x, 0, sp.oo))
_u = sp.Symbol("u", positive=True)  # e^{-2x}, the variable of the moment's quadrature

#: The coupling at which the printed numbers are recomputed from the solved equations.
NUMERIC_COUPLING = "0.1"


def weak_coupling_prefactor(sech_moment: sp.Expr) -> sp.Expr:
    """k_B T_c/(ħω_D e^{-1/λ}) from 1/λ = ln a - ∫_0^∞ ln(x) sech²(x) dx, a = ħω_D/(2 k_B T_c)."""
    a_weak = sp.exp(1 / lam + sech_moment)
    return sp.simplify(hbar_omega_D / (2 * a_weak) / (hbar_omega_D * sp.exp(-1 / lam)))


def _solved(fn: Callable[[int], mpmath.mpf]) -> Callable[[int], mpmath.mpf]:
    """A computed value from the verified solvers, at the working precision asked for (≤ 100 digits)."""

    def at(dps: int) -> mpmath.mpf:
        return fn(min(dps, numerics.DIGITS_RANGE[1]))

    return at


def _tc_over_weak(dps: int) -> mpmath.mpf:
    lam_value = mpmath.mpf(NUMERIC_COUPLING)
    return mpmath.mpf(numerics.t_c(NUMERIC_COUPLING, dps).value) * mpmath.exp(1 / lam_value)


def _gap_over_tc(dps: int) -> mpmath.mpf:
    return mpmath.mpf(numerics.delta0(NUMERIC_COUPLING, dps).value) / mpmath.mpf(numerics.t_c(NUMERIC_COUPLING, dps).value)


def _moment_difference(moment: sp.Expr) -> Callable[[int], mpmath.mpf]:
    """|∫_0^∞ ln(x) sech²(x) dx - moment| by mpmath quadrature of SymPy's transform to u = e^{-2x}.

    The transform is made when the difference is first evaluated (when its check runs), not when it is built.
    """

    @lru_cache(maxsize=1)
    def functions() -> tuple[Callable[[], mpmath.mpf], Callable[[], mpmath.mpf]]:
        on_unit = SECH_MOMENT.transform(x, (-sp.log(_u) / 2, _u))
        on_unit = sp.Integral(sp.simplify(on_unit.function.rewrite(sp.exp)), *on_unit.limits)
        return sp.lambdify([], on_unit, modules="mpmath"), sp.lambdify([], moment, modules="mpmath")

    def difference(dps: int) -> mpmath.mpf:
        quadrature, exact = functions()
        with mpmath.workdps(dps):
            return abs(quadrature() - exact())

    return difference


def register(d: Derivation) -> None:
    for eq in (EQ_5, EQ_6, EQ_7):
        d.add_equation(eq)

    def in_x() -> sp.Expr:  # SymPy's change of variable, made when the check runs
        return EQ_5.rhs.replace(lambda e: isinstance(e, sp.Integral), lambda e: e.transform(xi, (2 * k_B * T_c * x, x)))

    parts = sp.tanh(a) * sp.log(a) - sp.Integral(sp.log(x) / sp.cosh(x) ** 2, (x, 0, a))
    moment = sp.log(sp.pi / 4) - sp.EulerGamma

    @lru_cache(maxsize=1)
    def prefactor() -> sp.Expr:  # simplified when the checks using it run
        return weak_coupling_prefactor(moment)

    d.add_checks([
        Identity(
            "5-in-x", deferred(in_x), lam * sp.Integral(sp.tanh(x) / x, (x, 0, hbar_omega_D / (2 * k_B * T_c))),
            equation="5", where="Eq. (5), x = ξ/(2k_B T_c)",
            detail="SymPy's change of variable: the integral of Eq. (5) is G(a), a = ħω_D/(2k_B T_c)",
        ),
        Identity(
            "5-by-parts", sp.diff(parts, a), sp.tanh(a) / a, equation="5",
            where="G(a) = tanh(a) ln a - ∫_0^a ln(x) sech²(x) dx",
            detail="the derivative route: both sides have derivative tanh(a)/a, and both vanish at a = 0 "
            "(5-by-parts-at-zero)",
        ),
        Limit(
            "5-by-parts-at-zero", sp.tanh(a) * sp.log(a), a, sp.Integer(0), sp.Integer(0), equation="5",
            where="G(a) at a → 0+", detail="the boundary term tanh(a) ln a vanishes at a = 0",
        ),
        Limit(
            "5-boundary-tail", (sp.tanh(a) - 1) * sp.log(a), a, sp.oo, sp.Integer(0), equation="5",
            where="G(a) - ln a as a → ∞", detail="tanh(a) ln a - ln a → 0: G(a) - ln a → -∫_0^∞ ln(x) sech²(x) dx",
        ),
        Inequality(
            "5-sech-moment", _moment_difference(moment), "<", "1e-25", equation="5",
            where="∫_0^∞ ln(x) sech²(x) dx = ln(π/4) - γ",
            detail="the constant of the weak-coupling limit, by quadrature (tanh-sinh, after SymPy's change of "
            "variable x = -ln(u)/2 to a finite interval): |∫_0^∞ ln(x) sech²(x) dx - (ln(π/4) - γ)|",
        ),
        Identity(
            "6-weak-coupling", deferred(lambda: prefactor() * hbar_omega_D * sp.exp(-1 / lam)), EQ_6.rhs, equation="6",
            where="Eq. (6) from Eq. (5)",
            detail="1/λ = G(a) → ln a + ln(4e^γ/π) (5-boundary-tail, 5-sech-moment) gives "
            "k_B T_c = ħω_D/(2a) = (2e^γ/π) ħω_D e^{-1/λ}",
        ),
        Claim(
            "6-prefactor", "1.134", deferred(prefactor), equation="6", where="k_B T_c ≈ 1.134 ħω_D e^{-1/λ}",
            detail="2e^γ/π",
        ),
        Claim(
            "6-prefactor-solved", "1.134", _solved(_tc_over_weak), equation="6",
            where=f"k_B T_c ≈ 1.134 ħω_D e^{{-1/λ}}, Eq. (5) solved at λ = {NUMERIC_COUPLING}",
            detail=f"k_B T_c/(ħω_D e^{{-1/λ}}) from the solved Eq. (5) at λ = {NUMERIC_COUPLING} (symcheck solve tc)",
        ),
        Limit(
            "7-weak-coupling", 2 * EQ_4.rhs / EQ_6.rhs, lam, sp.Integer(0), EQ_7.rhs, equation="7",
            where="Eq. (4) over Eq. (6), λ → 0+", detail="2Δ(0)/k_B T_c → 2π/e^γ",
        ),
        Claim("7-ratio", "3.528", EQ_7.rhs, equation="7", where="2Δ(0)/k_B T_c ≈ 3.528", detail="2π/e^γ"),
        Claim("7-half-ratio", "1.764", EQ_7.rhs / 2, equation="7", where="Δ(0)/k_B T_c ≈ 1.764", detail="π/e^γ"),
        Claim(
            "7-half-ratio-solved", "1.764", _solved(_gap_over_tc), equation="7",
            where=f"Δ(0)/k_B T_c ≈ 1.764, Eqs. (4) and (5) at λ = {NUMERIC_COUPLING}",
            detail=f"Δ(0) = ħω_D/sinh(1/λ) over k_B T_c from the solved Eq. (5) at λ = {NUMERIC_COUPLING}",
        ),
    ])
