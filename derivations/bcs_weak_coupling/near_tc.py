"""The gap at finite temperature, its Ginzburg-Landau form near T_c, and the specific-heat jump: Eqs. (8)-(10).

Eq. (8) is solved numerically in :mod:`.numerics`; here it is checked against Eqs. (3) and (5) (its
T → 0 and Δ → 0 ends) and expanded near T_c. The Δ² coefficient of its integral (cutoff removed,
weak coupling) is computed by SymPy from the Matsubara form tanh(E/2k_BT)/E = 2k_BT Σ_n 1/(E² + ω_n²),
ω_n = (2n+1)πk_BT, term by term: -7ζ(3)/(8π²(k_BT)²). With λ∫ tanh(ξ/2k_BT)/ξ dξ - 1 → ln(T_c/T)
(weak coupling) the gap equation near T_c reads 0 = ln(T_c/T) - (7ζ(3)/8π²) Δ²/(k_BT)², which gives
Eq. (9) as T → T_c. The same expansion is the stationarity condition of the condensation free
energy, ∂(Ω_s - Ω_n)/∂(Δ²) = N(0)[1/λ - ∫ tanh(E/2k_BT)/E dξ] (BCS), whose second temperature
derivative at T_c gives the jump of Eq. (10) against the normal metal's C_n = γT,
γ = (2π²/3) N(0) k_B² (N(0) per spin).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import mpmath
import sympy as sp

from symcheck import Claim, Derivation, Equation, Identity, Inequality, Limit, deferred
from symcheck.equation import relation

from . import numerics
from .critical_temperature import EQ_5, NUMERIC_COUPLING
from .ground_state import EQ_3
from .sources import BCS, ROUNDED, TINKHAM
from .symbols import N_0, Delta, Delta_0, Delta_C, T, T_c, a, gamma_S, hbar_omega_D, k_B, lam, t, xi

__all__ = ["register", "EQ_8", "EQ_9", "EQ_10", "gl_coefficient", "NEAR_TC", "gl_gap_squared", "sommerfeld"]

_energy = sp.sqrt(xi**2 + Delta**2)

EQ_8 = Equation(
    "8", "gap equation at finite temperature",
    relation(1, lam * sp.Integral(sp.tanh(_energy / (2 * k_B * T)) / _energy, (xi, 0, hbar_omega_D))),
    source=f"{BCS}; {TINKHAM}, finite temperatures",
    note="E = √(ξ² + Δ(T)²), the quasiparticle energy",
    printed=r"1 = \lambda \int_0^{\hbar\omega_D} \frac{\tanh(E / 2k_B T)}{E} d\xi",
    notation={"E": _energy},
)
EQ_9 = Equation(
    "9", "gap near the critical temperature",
    relation(Delta, sp.sqrt(8 * sp.pi**2 / (7 * sp.zeta(3))) * k_B * T_c * sp.sqrt(1 - T / T_c)),
    source=f"{BCS}; {TINKHAM}, finite temperatures",
    note="the leading form of Eq. (8) as T → T_c- at weak coupling",
    printed=r"\Delta(T) \approx \sqrt{\frac{8\pi^2}{7\zeta(3)}} k_B T_c \cdot \left(1 - \frac{T}{T_c}\right)^{1/2} "
    r"\approx 3.06 k_B T_c \cdot \left(1 - \frac{T}{T_c}\right)^{1/2}",
    notation={r"\Delta(T)": Delta},
    not_compared={r"3.06 k_B T_c \cdot \left(1 - \frac{T}{T_c}\right)^{1/2}": ROUNDED.format("9-prefactor")},
)
EQ_10 = Equation(
    "10", "specific-heat jump at T_c",
    relation(Delta_C / (gamma_S * T_c), 12 / (7 * sp.zeta(3))),
    source=f"{BCS}; {TINKHAM}, thermodynamic quantities",
    note="γ is the normal metal's Sommerfeld coefficient, C_n = γT",
    printed=r"\frac{\Delta C}{\gamma T_c} = \frac{12}{7\zeta(3)} \approx 1.43",
    notation={r"\gamma": gamma_S, r"\Delta C": Delta_C},
    not_compared={"1.43": ROUNDED.format("10-jump-value")},
)

_n = sp.Symbol("n", integer=True)
_m = sp.Symbol("m", integer=True, nonnegative=True)
#: T/T_c at which the printed 3.06 is recomputed from the solved Eq. (8).
NEAR_TC = "0.999999"


def _matsubara(energy: sp.Expr, n: sp.Symbol) -> sp.Expr:
    """One term of 2k_BT Σ_n 1/(E² + ω_n²), ω_n = (2n+1)πk_BT."""
    return 2 * k_B * T / (energy**2 + ((2 * n + 1) * sp.pi * k_B * T) ** 2)


@lru_cache(maxsize=1)
def gl_coefficient() -> sp.Expr:
    """The Δ² coefficient of the gap equation's integral near T_c (weak coupling):
    d/d(Δ²) at Δ = 0 of ∫_0^∞ tanh(E/2k_BT)/E dξ, term by term of the Matsubara sum (n and -n-1 alike)."""
    y = sp.Symbol("y", positive=True)  # Δ²
    term = _matsubara(sp.sqrt(xi**2 + y), _m)
    per_term = sp.integrate(sp.diff(term, y).subs(y, 0), (xi, 0, sp.oo))
    total = 2 * sp.summation(per_term, (_m, 0, sp.oo))
    return sp.simplify(total.rewrite(sp.zeta))


def gl_gap_squared() -> sp.Expr:
    """Δ² from 0 = ln(T_c/T) + c Δ², c = :func:`gl_coefficient`."""
    return -sp.log(T_c / T) / gl_coefficient()


def sommerfeld() -> sp.Expr:
    """γ = (2π²/3) N(0) k_B² (N(0) per spin): the normal metal's C_n = γT."""
    return 2 * sp.pi**2 * N_0 * k_B**2 / 3


@lru_cache(maxsize=1)
def _free_energy() -> tuple[sp.Expr, sp.Expr, sp.Symbol]:
    """Ω_s - Ω_n at the gap of Eq. (9): N(0) ∫_0^{Δ²} [1/λ - I] d(Δ²) with 1/λ - I ≈ -ln(T_c/T) - c Δ²."""
    y = sp.Symbol("y", positive=True)
    density = -N_0 * (sp.log(T_c / T) + gl_coefficient() * y)
    return sp.factor(sp.integrate(density, (y, 0, gl_gap_squared()))), density, y


def _gap_law_solved(dps: int) -> mpmath.mpf:
    gap = mpmath.mpf(numerics.delta(NUMERIC_COUPLING, NEAR_TC, dps).value)
    tc = mpmath.mpf(numerics.t_c(NUMERIC_COUPLING, dps).value)
    return gap / (tc * mpmath.sqrt(1 - mpmath.mpf(NEAR_TC)))


#: ξ and k_B T (k_B = 1) at which the Matsubara form is summed.
_MATSUBARA_POINT = ("0.7", "0.3")


def _matsubara_difference() -> Callable[[int], mpmath.mpf]:
    """|tanh(ξ/2k_BT)/ξ - Σ_n (one Matsubara term)| at one point, the sum over all integers by mpmath."""
    term = sp.lambdify([xi, T, _n], _matsubara(xi, _n).subs(k_B, 1), modules="mpmath")
    closed = sp.lambdify([xi, T], (sp.tanh(xi / (2 * k_B * T)) / xi).subs(k_B, 1), modules="mpmath")

    def difference(dps: int) -> mpmath.mpf:
        with mpmath.workdps(dps):
            energy, temperature = (mpmath.mpf(v) for v in _MATSUBARA_POINT)
            total = mpmath.nsum(lambda n: term(energy, temperature, n), [-mpmath.inf, mpmath.inf])
            return abs(closed(energy, temperature) - total)

    return difference


def register(d: Derivation) -> None:
    for eq in (EQ_8, EQ_9, EQ_10):
        d.add_equation(eq)
    (integral_8,) = EQ_8.rhs.atoms(sp.Integral)
    (integral_3,) = EQ_3.rhs.atoms(sp.Integral)

    # the printed coefficient, the Matsubara sum and what follows from it are computed when their checks run
    @lru_cache(maxsize=1)
    def coefficient() -> sp.Expr:
        return sp.simplify(EQ_9.rhs / (k_B * T_c * sp.sqrt(1 - T / T_c)))

    def near() -> sp.Expr:
        return gl_gap_squared().subs(T, t * T_c) / ((k_B * T_c) ** 2 * (1 - t))

    def stationary() -> sp.Expr:
        _, density, y = _free_energy()
        return density.subs(y, gl_gap_squared())

    def jump() -> sp.Expr:
        omega = _free_energy()[0]
        return (sp.simplify(-T * sp.diff(omega, T, 2)) / (sommerfeld() * T_c)).subs(T, t * T_c)

    d.add_checks([
        Limit(
            "8-at-zero-temperature", integral_8.function, T, sp.Integer(0),
            integral_3.function.subs(Delta_0, Delta), equation="8", where="Eq. (8), T → 0+",
            detail="the integrand of Eq. (8) tends to that of Eq. (3): Δ(T) → Δ(0)",
        ),
        Identity(
            "8-at-tc", EQ_8.rhs.subs({Delta: 0, T: T_c}), EQ_5.rhs, equation="8", where="Eq. (8) at Δ = 0, T = T_c",
            detail="the gap closes at T_c: Eq. (8) with Δ = 0 is Eq. (5)",
        ),
        Inequality(
            "8-matsubara", _matsubara_difference(), "<", "1e-25", equation="8",
            where="tanh(ξ/2k_BT)/ξ = 2k_BT Σ_n 1/(ξ² + ω_n²)",
            detail=f"the Matsubara form behind the Δ² coefficient of Eq. (9), summed by mpmath (nsum over all n) "
            f"at ξ = {_MATSUBARA_POINT[0]}, k_BT = {_MATSUBARA_POINT[1]}: |lhs - rhs|",
        ),
        Limit(
            "9-log-shift", (1 - sp.tanh(a)) * sp.log(1 / t), a, sp.oo, sp.Integer(0), equation="9",
            where="λ∫_0^{ħω_D} tanh(ξ/2k_BT)/ξ dξ - 1 → ln(T_c/T)",
            detail="with a = ħω_D/2k_BT_c, G(a/t) - G(a) - ln(1/t) = ∫_a^{a/t} (tanh x - 1)/x dx lies between "
            "-(1 - tanh a) ln(1/t) and 0, which tends to 0 at weak coupling (a → ∞)",
        ),
        Limit(
            "9-near-tc", deferred(near), t, sp.Integer(1), deferred(lambda: coefficient() ** 2), direction="-",
            equation="9",
            where="Eq. (9), T → T_c-",
            detail=deferred(lambda: f"the Δ² coefficient from the Matsubara sum is {sp.sstr(gl_coefficient())}; "
                            f"Δ² = {sp.sstr(gl_gap_squared())}, over (k_B T_c)²(1 - T/T_c), "
                            "tends to 8π²/(7ζ(3))"),
        ),
        Claim("9-prefactor", "3.06", deferred(coefficient), equation="9", where="Δ(T) ≈ 3.06 k_B T_c (1 - T/T_c)^{1/2}",
              detail="√(8π²/(7ζ(3)))"),
        Claim(
            "9-prefactor-solved", "3.06", _gap_law_solved, equation="9",
            where=f"Δ(T) ≈ 3.06 k_B T_c (1 - T/T_c)^{{1/2}}, Eq. (8) solved at λ = {NUMERIC_COUPLING}, T/T_c = {NEAR_TC}",
            detail=f"Δ(T)/(k_B T_c (1 - T/T_c)^{{1/2}}) from the solved Eqs. (5) and (8) (symcheck solve gap)",
        ),
        Identity(
            "10-gap-minimises", deferred(stationary), sp.Integer(0), equation="10",
            where="∂(Ω_s - Ω_n)/∂(Δ²) = 0 at Δ² of Eq. (9)",
            detail="the Δ² of the expanded gap equation is where the condensation free energy is stationary",
        ),
        Limit(
            "10-jump", deferred(jump), t, sp.Integer(1), EQ_10.rhs, direction="-", equation="10",
            where="Eq. (10), T → T_c-",
            detail=deferred(lambda: "C_s - C_n = -T ∂²(Ω_s - Ω_n)/∂T² with "
                            f"Ω_s - Ω_n = {sp.sstr(_free_energy()[0])}, over γT_c with "
                            f"γ = {sp.sstr(sommerfeld())}, at T = tT_c as t → 1-"),
        ),
        Claim("10-jump-value", "1.43", EQ_10.rhs, equation="10", where="ΔC/γT_c ≈ 1.43", detail="12/(7ζ(3))"),
    ])
