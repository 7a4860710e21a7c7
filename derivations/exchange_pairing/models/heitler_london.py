"""H2 in the Heitler-London valence-bond treatment (the paper's reference [6]).

Two hydrogen 1s orbitals a, b (exponent 1) on protons A, B at distance R,
atomic units (bohr, hartree). The overlap, nuclear-attraction, Coulomb and
exchange integrals are the closed forms of Heitler and London with Sugiura's
exchange integral (Z. Phys. 45, 484 (1927)), written once here as SymPy
expressions in R:

* S = <a|b> = e^{-R}(1 + R + R²/3)
* j = <a|1/r_B|a> = 1/R - e^{-2R}(1 + 1/R)
* k = <a|1/r_A|b> = e^{-R}(1 + R)
* C = (aa|bb) = 1/R - e^{-2R}(1/R + 11/8 + 3R/4 + R²/6)
* K = (ab|ab) = (1/5)[-e^{-2R}(-25/8 + 23R/4 + 3R² + R³/3)
  + (6/R)(S²(γ + ln R) + S'² Ei(-4R) - 2 S S' Ei(-2R))], S' = e^{R}(1 - R + R²/3)

With h = -∇²/2 - 1/r_A - 1/r_B, h_aa = -1/2 - j and h_ab = -S/2 - k. The
energies come from the *symbolic* D, J and normalised singlet/triplet
energies of :mod:`symcheck_derivations.exchange_pairing.section2` with Ô = h(1) + h(2)
+ 1/r12 + 1/R, so the model evaluates the same algebra the paper's Eqs.
(2.2)-(2.4) state. ``tests/derivations/test_models.py`` checks every closed
form against direct quadrature in prolate spheroidal coordinates.

>>> import mpmath
>>> with mpmath.workdps(20):
...     print(mpmath.nstr(integral("S")(mpmath.mpf(0)), 10))
1.0
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
    "R",
    "INTEGRALS",
    "integral",
    "energies",
    "energy",
    "equilibrium",
    "heitler_london_figure",
]

R = sp.Symbol("R", positive=True)  #: proton-proton distance in bohr

_S = sp.exp(-R) * (1 + R + R**2 / 3)
_S_PRIME = sp.exp(R) * (1 - R + R**2 / 3)

#: The closed-form integrals (atomic units).
INTEGRALS: dict[str, sp.Expr] = {
    "S": _S,
    "j": 1 / R - sp.exp(-2 * R) * (1 + 1 / R),
    "k": sp.exp(-R) * (1 + R),
    "C": 1 / R - sp.exp(-2 * R) * (1 / R + sp.Rational(11, 8) + 3 * R / 4 + R**2 / 6),
    "K": sp.Rational(1, 5) * (
        -sp.exp(-2 * R) * (-sp.Rational(25, 8) + sp.Rational(23, 4) * R + 3 * R**2 + R**3 / 3)
        + 6 / R * (_S**2 * (sp.EulerGamma + sp.log(R)) + _S_PRIME**2 * sp.Ei(-4 * R)
                   - 2 * _S * _S_PRIME * sp.Ei(-2 * R))
    ),
}


def integral(name: str) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """An mpmath function of R for one closed-form integral (``"S"``, ``"j"``, ``"k"``, ``"C"``, ``"K"``).

    At R = 0 the value is the R -> 0 limit where the formula has a removable singularity.
    """
    f = sp.lambdify(R, INTEGRALS[name], modules="mpmath")
    at_zero = {"S": 1, "k": 1}

    def value(r: mpmath.mpf) -> mpmath.mpf:
        if r == 0 and name in at_zero:
            return mpmath.mpf(at_zero[name])
        return f(r)

    return value


@lru_cache(maxsize=None)
def energies() -> dict[str, sp.Expr]:
    """D, J, E_singlet, E_triplet and the pairing energy E_s - D as SymPy expressions in R (hartree)."""
    basis = section2.PAIR
    a, b = basis.orbital("a"), basis.orbital("b")
    element = section2.physical_element(basis, 1 / R)  # + 1/R: proton-proton repulsion
    h_aa = -sp.Rational(1, 2) - INTEGRALS["j"]
    values = {
        section2.S: INTEGRALS["S"],
        basis.h("a", "a"): h_aa,
        basis.h("b", "b"): h_aa,
        basis.h("a", "b"): -INTEGRALS["S"] / 2 - INTEGRALS["k"],
        basis.v("a", "a", "b", "b"): INTEGRALS["C"],
        basis.v("a", "b", "a", "b"): INTEGRALS["K"],
    }
    return {k: v.subs(values) for k, v in section2.pair_quantities(basis, a, b, element).items()}


@lru_cache(maxsize=None)
def _integral_functions() -> dict[str, Callable[[mpmath.mpf], mpmath.mpf]]:
    return {name: sp.lambdify(R, expr, modules="mpmath") for name, expr in INTEGRALS.items()}


def energy(name: str, r_bohr: mpmath.mpf) -> mpmath.mpf:
    """One of :func:`energies` at R (bohr), in hartree, at the caller's mpmath precision.

    Evaluated as the section-2 formula of the integrals (the same expression :func:`energies` builds).
    """
    r = mpmath.mpf(r_bohr)
    f = _integral_functions()
    S_, j, k, C, K = (f[n](r) for n in ("S", "j", "k", "C", "K"))
    h_aa = -mpmath.mpf(1) / 2 - j
    return pair_formulas()[name](S_, h_aa, h_aa, -S_ / 2 - k, C, K, 1 / r)


def equilibrium(dps: int = 30) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(R_e in bohr, D_e in hartree) of the singlet curve: dE_s/dR = 0, D_e = -1 - E_s(R_e)."""
    with mpmath.workdps(dps + 10):
        r_e = mpmath.findroot(lambda r: mpmath.diff(lambda x: energy("E_singlet", x), r), mpmath.mpf("1.64"))
        d_e = -1 - energy("E_singlet", r_e)
    return +r_e, +d_e


def heitler_london_figure() -> Figure:
    """Singlet and triplet energies, and the unpaired (direct) energy D, against R, relative to 2 H atoms."""
    grid = [0.6 + 0.05 * i for i in range(109)]  # 0.6 ... 6.0 bohr
    series = []
    D, J, S = section2.D_sym, section2.J_sym, sp.Symbol("S")
    E_s, E_t, E_H, R = section2.E_s_sym, section2.E_t_sym, sp.Symbol("E_H"), sp.Symbol("R")
    labels = {"E_singlet": ("singlet", sp.Eq(E_s, (D + J) / (1 + S**2))),
              "E_triplet": ("triplet", sp.Eq(E_t, (D - J) / (1 - S**2))), "D": ("unpaired (Eq. 2.3)", D)}
    with mpmath.workdps(20):
        for name, (words, formula) in labels.items():
            ys = [float((energy(name, mpmath.mpf(x)) + 1) * HARTREE_EV) for x in grid]
            series.append(Series(str(text(words, " ", Math(formula))), grid, ys,
                                 label_latex=rf"\text{{{words} }} {sp.latex(formula)}"))
    return Figure(
        name="heitler-london-h2",
        title="Heitler-London H2: singlet, triplet and unpaired energies",
        caption=text("Energies of two hydrogen 1s electrons relative to two separate H atoms (",
                     Math(sp.Eq(2 * E_H, -1)), " hartree), from the closed-form integrals of Heitler, London and "
                     "Sugiura inserted in the symbolic D, J of Eqs. (2.3)-(2.4) with the normalisations ",
                     Math(1 / (1 + S**2)), " and ", Math(1 / (1 - S**2)), ". The singlet lies below the unpaired curve D only by ",
                     Math((J - S**2 * D) / (1 + S**2)), "."),
        xlabel="R (bohr)",
        ylabel="E - 2E_H (eV)",
        xlabel_latex=axis_label(R, "bohr"),
        ylabel_latex=axis_label(sp.Symbol("E") - 2 * E_H, "eV"),
        series=series,
        source=f"mpmath at 20 digits; hartree -> eV with CODATA 2022 ({sp.N(HARTREE_EV, 14)} eV)",
    )
