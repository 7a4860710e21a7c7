"""Helium-like 1s² with Slater 1s orbitals: one exponent, and the two-exponent 1s1s' family.

Orbitals a = (α³/π)^{1/2} e^{-αr}, b = (β³/π)^{1/2} e^{-βr} around a nucleus of
charge Z, atomic units. Closed forms (each checked against radial quadrature
in ``tests/derivations/test_models.py``):

* S = <a|b> = 8(αβ)^{3/2}/(α + β)³
* <a|-∇²/2|b> = αβS/2, <a|1/r|b> = 4(αβ)^{3/2}/(α + β)²
* C = (aa|bb) = αβ(α² + 3αβ + β²)/(α + β)³
* K = (ab|ab) = 5S²(α + β)/16 (the density a·b is S times a normalised 1s
  density of exponent (α + β)/2, whose self-repulsion is 5(α + β)/16)

D, J and the normalised singlet and triplet energies are the symbolic ones of
:mod:`symcheck_derivations.exchange_pairing.section2` with these integrals. The
singlet with b = a is the textbook single-exponent function,
E(ζ) = ζ² - 2Zζ + 5ζ/8, minimal at ζ = Z - 5/16; with b ≠ a it is Eckart's
"split-shell" function, i.e. exactly the paper's Φ of Eq. (2.1) for helium.
Along the family β = ρα (ρ in (0, 1]) the overlap S runs from 0 to 1; at each
ρ the scale α is optimised in closed form (E = λ²T + λV, so E = -V²/(4T)).

>>> E_single_zeta().subs(zeta, zeta_optimum())
-729/256
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import mpmath
import sympy as sp

from symcheck.figures import Figure, Series, axis_label
from symcheck.mathtext import Math, text

from .. import section2
from ._pair import pair_formulas
from ._reference import HARTREE_EV

__all__ = [
    "Z",
    "zeta",
    "alpha",
    "beta",
    "rho",
    "INTEGRALS",
    "pair_energies",
    "E_single_zeta",
    "zeta_optimum",
    "family_at_ratio",
    "family_optimum",
    "helium_family_figure",
]

Z = sp.Integer(2)
zeta, alpha, beta, rho, lam = sp.symbols("zeta alpha beta rho lambda", positive=True)

_AB = (alpha * beta) ** sp.Rational(3, 2)
#: Closed-form integrals for exponents α, β (atomic units).
INTEGRALS: dict[str, sp.Expr] = {
    "S": 8 * _AB / (alpha + beta) ** 3,
    "T_ab": alpha * beta / 2 * 8 * _AB / (alpha + beta) ** 3,
    "T_aa": alpha**2 / 2,
    "T_bb": beta**2 / 2,
    "inv_r_ab": 4 * _AB / (alpha + beta) ** 2,
    "inv_r_aa": alpha,
    "inv_r_bb": beta,
    "C": alpha * beta * (alpha**2 + 3 * alpha * beta + beta**2) / (alpha + beta) ** 3,
    "K": sp.Rational(5, 16) * (8 * _AB / (alpha + beta) ** 3) ** 2 * (alpha + beta),
}


@lru_cache(maxsize=None)
def pair_energies() -> dict[str, sp.Expr]:
    """D, J, S, E_singlet, E_triplet and the pairing energy for exponents α, β (hartree)."""
    basis = section2.PAIR
    a, b = basis.orbital("a"), basis.orbital("b")
    element = section2.physical_element(basis)
    I = INTEGRALS
    values = {
        section2.S: I["S"],
        basis.h("a", "a"): I["T_aa"] - Z * I["inv_r_aa"],
        basis.h("b", "b"): I["T_bb"] - Z * I["inv_r_bb"],
        basis.h("a", "b"): I["T_ab"] - Z * I["inv_r_ab"],
        basis.v("a", "a", "b", "b"): I["C"],
        basis.v("a", "b", "a", "b"): I["K"],
    }
    return {
        "S": I["S"],
        **{k: v.subs(values) for k, v in section2.pair_quantities(basis, a, b, element).items()},
    }


@lru_cache(maxsize=None)
def E_single_zeta() -> sp.Expr:
    """E(ζ): the normalised singlet energy with both exponents ζ (then S = 1 and E_s = D = J)."""
    return sp.expand(sp.cancel(pair_energies()["E_singlet"].subs({alpha: zeta, beta: zeta})))


@lru_cache(maxsize=None)
def zeta_optimum() -> sp.Expr:
    """The exponent minimising E(ζ), by SymPy: dE/dζ = 0."""
    (root,) = sp.solve(sp.diff(E_single_zeta(), zeta), zeta)
    return root


@lru_cache(maxsize=None)
def _scaled(name: str) -> tuple[sp.Expr, sp.Expr]:
    """(T(ρ), V(ρ)) with quantity(α = λ, β = λρ) = λ² T + λ V (Coulomb homogeneity)."""
    expr = pair_energies()[name].subs({alpha: lam, beta: lam * rho})
    e1, e2 = expr.subs(lam, 1), expr.subs(lam, 2)
    T = (e2 - 2 * e1) / 2
    return T, e1 - T


@lru_cache(maxsize=None)
def _integral_functions() -> dict[str, Callable[..., mpmath.mpf]]:
    return {name: sp.lambdify((alpha, beta), expr, modules="mpmath") for name, expr in INTEGRALS.items()}


@lru_cache(maxsize=None)
def _scale_functions() -> tuple[Callable[..., mpmath.mpf], Callable[..., mpmath.mpf]]:
    T, V = _scaled("E_singlet")
    return sp.lambdify(rho, T, modules="mpmath"), sp.lambdify(rho, V, modules="mpmath")


def energies_at(a: mpmath.mpf, b: mpmath.mpf) -> dict[str, mpmath.mpf]:
    """S, D, J, E_s, E_t and pairing energy for exponents a, b: the section-2 formulas of the integrals."""
    f = {name: fn(a, b) for name, fn in _integral_functions().items()}
    args = (f["S"], f["T_aa"] - Z * f["inv_r_aa"], f["T_bb"] - Z * f["inv_r_bb"], f["T_ab"] - Z * f["inv_r_ab"],
            f["C"], f["K"], 0)
    out = {"S": f["S"]}
    for name, formula in pair_formulas().items():
        out[name] = formula(*args) if (name != "E_triplet" or a != b) else mpmath.nan
    return out


def family_at_ratio(ratio: mpmath.mpf) -> dict[str, mpmath.mpf]:
    """At β/α = ratio, with the scale α optimal for the singlet: α, β, S, D, J, E_s, E_t, pairing."""
    T, V = _scale_functions()
    ratio = mpmath.mpf(ratio)
    scale = -V(ratio) / (2 * T(ratio))
    out = {"alpha": scale, "beta": scale * ratio}
    out.update(energies_at(scale, scale * ratio))
    return out


def family_optimum(dps: int = 30) -> dict[str, mpmath.mpf]:
    """The lowest singlet of the family (Eckart's split-shell optimum): minimise -V²/(4T) over ρ."""
    T, V = _scale_functions()
    with mpmath.workdps(dps + 10):
        best = mpmath.findroot(lambda r: mpmath.diff(lambda x: -V(x) ** 2 / (4 * T(x)), r), mpmath.mpf("0.55"))
        out = family_at_ratio(best)
        out["ratio"] = best
    return out


def helium_family_figure() -> Figure:
    """D, J, E_s, E_t along the 1s1s' family against the overlap S (scale optimal for the singlet)."""
    ratios = [0.04 + 0.02 * i for i in range(48)] + [0.99]
    rows = []
    with mpmath.workdps(20):
        for r in ratios:
            q = family_at_ratio(mpmath.mpf(r))
            rows.append({k: float(v) for k, v in q.items()})
    xs = [row["S"] for row in rows]
    names = {"E_singlet": ("singlet", section2.E_s_sym), "E_triplet": ("triplet", section2.E_t_sym),
             "D": ("unpaired (Eq. 2.3)", section2.D_sym), "J": ("exchange (Eq. 2.4)", section2.J_sym)}
    series = [Series(f"{words} {symbol}", xs, [row[name] for row in rows],
                     label_latex=rf"\text{{{words} }} {sp.latex(symbol)}") for name, (words, symbol) in names.items()]
    alpha, beta, rho, S = sp.symbols("alpha beta rho S")
    E_s, D, J = section2.E_s_sym, section2.D_sym, section2.J_sym
    overlap = section2._overlap(sp.Symbol("Psi_1"), sp.Symbol("Psi_2"))
    return Figure(
        name="helium-1s1s-family",
        title="Helium 1s1s': energies against the overlap S",
        caption=text("Two Slater 1s orbitals with exponents ", Math(alpha), " and ", Math(sp.Eq(beta, rho * alpha)),
                     " around Z = 2; at each ", Math(rho), " the scale is optimal for the singlet. S → 1 is the "
                     "single-exponent function (", Math(sp.Eq(E_s, D)), ", ", Math(sp.Eq(D, J)), "); the singlet is "
                     "lowest at S < 1 (Eckart's split shell), not at full overlap."),
        xlabel="overlap S = <Ψ1|Ψ2>",
        ylabel="energy (hartree)",
        xlabel_latex=r"\text{overlap } " + axis_label(sp.Eq(S, overlap)),
        ylabel_latex=axis_label(sp.Symbol("E"), "hartree"),
        series=series,
        source=f"closed-form integrals, mpmath at 20 digits (1 hartree = {float(HARTREE_EV)} eV)",
    )
