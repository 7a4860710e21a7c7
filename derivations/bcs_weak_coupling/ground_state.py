"""Cooper's bound pair and the zero-temperature gap: Eqs. (1)-(4).

Cooper's two electrons above a filled Fermi sea, attracted by -V within ħω_D of the Fermi level,
form a bound state for any V > 0 (Eqs. 1-2); the BCS ground state has the gap Δ(0) of Eqs. (3)-(4).
Each closed form is proved from its integral equation: SymPy evaluates the integral, the closed
form is substituted, and what is left must be 1. The weak-coupling forms are limits λ → 0+.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from symcheck import Derivation, Equation, Identity, Limit, deferred
from symcheck.equation import relation
from symcheck.errors import SymcheckError

from .sources import BCS, COOPER, TINKHAM
from .symbols import NOTATION, Delta_0, E, hbar_omega_D, lam, xi

__all__ = ["register", "EQ_1", "EQ_2", "EQ_3", "EQ_4"]

_WEAK = "the weak-coupling form (λ → 0+), checked as a limit"

EQ_1 = Equation(
    "1", "Cooper's eigenvalue condition",
    relation(1, lam * sp.Integral(1 / (2 * xi - E), (xi, 0, hbar_omega_D))),
    condition=sp.Lt(E, 0, evaluate=False),
    source=f"{COOPER}; {TINKHAM}, Cooper pairs",
    note="E is the pair's energy measured from 2E_F; a bound pair has E < 0",
    printed=r"1 = \lambda \int_0^{\hbar\omega_D} \frac{d\xi}{2\xi - E} \quad \text{if } E < 0",
)
EQ_2 = Equation(
    "2", "binding energy of Cooper's pair",
    relation(E, -2 * hbar_omega_D / (sp.exp(2 / lam) - 1)),
    source=f"{COOPER}; {TINKHAM}, Cooper pairs",
    note="bound for every λ > 0; weak coupling E → -2ħω_D e^{-2/λ}",
    printed=r"E = -\frac{2\hbar\omega_D}{e^{2/\lambda} - 1} \approx -2\hbar\omega_D e^{-2/\lambda}",
    not_compared={r"-2\hbar\omega_D e^{-2/\lambda}": _WEAK + " (2-weak-coupling)"},
)
EQ_3 = Equation(
    "3", "zero-temperature gap equation",
    relation(1, lam * sp.Integral(1 / sp.sqrt(xi**2 + Delta_0**2), (xi, 0, hbar_omega_D))),
    source=f"{BCS}; {TINKHAM}, the BCS ground state",
    printed=r"1 = \lambda \int_0^{\hbar\omega_D} \frac{d\xi}{\sqrt{\xi^2 + \Delta(0)^2}}",
)
EQ_4 = Equation(
    "4", "zero-temperature gap",
    relation(Delta_0, hbar_omega_D / sp.sinh(1 / lam)),
    source=f"{BCS}; {TINKHAM}, the BCS ground state",
    printed=r"\Delta(0) = \frac{\hbar\omega_D}{\sinh(1/\lambda)} \approx 2\hbar\omega_D e^{-1/\lambda}",
    not_compared={r"2\hbar\omega_D e^{-1/\lambda}": _WEAK + " (4-weak-coupling)"},
)


def _integrated(equation: Equation) -> sp.Expr:
    """The right-hand side of an integral equation with SymPy's value of the integral."""
    value = equation.rhs.doit()
    if value.has(sp.Integral):
        raise SymcheckError(f"SymPy could not evaluate the integral of Eq. ({equation.label})")
    return value


@lru_cache(maxsize=1)
def _cooper() -> sp.Expr:
    """Eq. (1)'s right-hand side with SymPy's integral."""
    return _integrated(EQ_1)


@lru_cache(maxsize=1)
def _gap() -> sp.Expr:
    """Eq. (3)'s right-hand side with SymPy's integral."""
    return _integrated(EQ_3)


def register(d: Derivation) -> None:
    d.add_notation(NOTATION)
    # SymPy's integrals of Eqs. (1) and (3) are evaluated when the checks using them run
    for eq in (EQ_1, EQ_2, EQ_3, EQ_4):
        d.add_equation(eq)
    d.add_checks([
        Identity(
            "2-closed-form", deferred(lambda: _cooper().subs(E, EQ_2.rhs)), sp.Integer(1), equation="2",
            where="Eq. (2) in Eq. (1)",
            detail=deferred(lambda: f"SymPy's integral: λ∫ dξ/(2ξ - E) = {sp.sstr(_cooper())}; "
                            "with E of Eq. (2) it is 1"),
        ),
        Limit(
            "2-weak-coupling", EQ_2.rhs / (-2 * hbar_omega_D * sp.exp(-2 / lam)), lam, sp.Integer(0),
            sp.Integer(1), equation="2", where="Eq. (2), λ → 0+",
            detail="E/(-2ħω_D e^{-2/λ}) → 1",
        ),
        Identity(
            "4-closed-form", deferred(lambda: sp.sinh(_gap() / lam).subs(Delta_0, EQ_4.rhs)),
            sp.sinh(1 / lam), equation="4", where="Eq. (4) in Eq. (3)",
            detail=deferred(lambda: f"SymPy's integral: λ∫ dξ/√(ξ² + Δ²) = {sp.sstr(_gap())}; Eq. (3) "
                            "says it is 1, that is (sinh being one-to-one) sinh(asinh(ħω_D/Δ(0))) = sinh(1/λ), "
                            "which Δ(0) of Eq. (4) satisfies"),
        ),
        Limit(
            "4-weak-coupling", EQ_4.rhs / (2 * hbar_omega_D * sp.exp(-1 / lam)), lam, sp.Integer(0),
            sp.Integer(1), equation="4", where="Eq. (4), λ → 0+",
            detail="Δ(0)/(2ħω_D e^{-1/λ}) → 1",
        ),
    ])
