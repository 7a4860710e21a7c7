"""The symbolic two-orbital energies of Section 2 as fast numeric functions of the integrals.

:func:`pair_formulas` lambdifies D, J and the normalised singlet, triplet and pairing energies of
:mod:`symcheck_derivations.exchange_pairing.section2` (for Ψ1 = a, Ψ2 = b with overlap S and Ô = h(1) + h(2)
+ v(1,2) + c) as functions of ``(S, h_aa, h_bb, h_ab, (aa|bb), (ab|ab), c)``. Each model supplies its
integrals; the algebra is the section's, typed once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import sympy as sp

from .. import section2

__all__ = ["pair_formulas", "pair_symbols", "NAMES"]

NAMES = ("D", "J", "E_singlet", "E_triplet", "pairing")


def pair_symbols() -> tuple[sp.Symbol, ...]:
    """(S, h_aa, h_bb, h_ab, (aa|bb), (ab|ab), c): the arguments of :func:`pair_formulas`."""
    b = section2.PAIR
    return (section2.S, b.h("a", "a"), b.h("b", "b"), b.h("a", "b"), b.v("a", "a", "b", "b"),
            b.v("a", "b", "a", "b"), section2.c_zero)


@lru_cache(maxsize=None)
def pair_expressions() -> dict[str, sp.Expr]:
    basis = section2.PAIR
    a, b = basis.orbital("a"), basis.orbital("b")
    el = section2.physical_element(basis, section2.c_zero)
    return {
        "D": section2.direct_D(a, b, el),
        "J": section2.exchange_J(a, b, el),
        "E_singlet": section2.singlet_energy(basis, a, b, el),
        "E_triplet": section2.triplet_energy(basis, a, b, el),
        "pairing": section2.pairing_energy(basis, a, b, el),
    }


@lru_cache(maxsize=None)
def pair_formulas() -> dict[str, Callable[..., object]]:
    """Numeric (mpmath) functions of :func:`pair_symbols` for each of :data:`NAMES`."""
    args = pair_symbols()
    return {name: sp.lambdify(args, expr, modules="mpmath") for name, expr in pair_expressions().items()}
