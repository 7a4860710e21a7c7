"""Weak-coupling BCS theory: Cooper's bound pair, the gap, T_c and the jump at T_c.

The results as stated in L. N. Cooper, Phys. Rev. 104, 1189 (1956); J. Bardeen, L. N. Cooper and
J. R. Schrieffer, Phys. Rev. 108, 1175 (1957); and M. Tinkham, *Introduction to Superconductivity*,
2nd ed., ch. 3. Coupling λ = N(0)V, cutoff ħω_D. Every check here is expected to hold: the
derivation is a control for the engine. :data:`derivation` is registered with symcheck as
``bcs-weak-coupling``; its equations and checks are built the first time they are asked for.
"""

from __future__ import annotations

from symcheck import Derivation

from .solvers import SOLVERS
from .sources import BCS, COOPER, TINKHAM

__all__ = ["derivation", "build"]


def _register(d: Derivation) -> None:
    """Equations, checks and the figure (imported here: ``symcheck solve`` needs none of them)."""
    from . import critical_temperature, ground_state, near_tc
    from .figures import gap_against_temperature

    for section in (ground_state, critical_temperature, near_tc):
        section.register(d)
    d.figures.append(gap_against_temperature)


def build(lazy: bool = False) -> Derivation:
    """A new derivation object; with ``lazy=True`` the equations and checks register on first use."""
    d = Derivation(
        name="bcs-weak-coupling",
        title="Weak-coupling BCS theory: Cooper pair, gap and critical temperature",
        source=f"{COOPER}; {BCS}; {TINKHAM}",
        description="Cooper's bound pair (Eqs. 1-2), the zero-temperature gap (3-4), T_c and the gap ratio "
        "(5-7), the gap at finite temperature, near T_c, and the specific-heat jump (8-10).",
        solvers=SOLVERS,
        builders=[_register],
    )
    if not lazy:
        d.checks  # noqa: B018 -- building is what this line is for
    return d


#: The registered derivation: built the first time its equations or checks are asked for, so
#: ``symcheck solve`` starts without building them.
derivation = build(lazy=True)
