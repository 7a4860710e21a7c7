"""The paper "Formation of Cooper Pairs as a Consequence of Exchange Interaction".

The full text is ``shared/paper/exchange-pairing.md``. Each section module
states the paper's equations once, as SymPy objects, and registers the checks
on them; :data:`derivation` collects them in the paper's order and is
registered with symcheck as ``exchange-pairing``.
"""

from __future__ import annotations

from symcheck import Derivation
from symcheck.mathtext import Math, text

from . import gap, section2, section3, symbols, table1
from .solvers import SOLVERS

__all__ = ["derivation", "build"]


def build(lazy: bool = False) -> Derivation:
    """A new derivation object; with ``lazy=True`` the sections register on first use."""
    d = Derivation(
        name="exchange-pairing",
        title="Formation of Cooper Pairs as a Consequence of Exchange Interaction",
        source="shared/paper/exchange-pairing.md",
        description=text("The paper's derivation: two-electron exchange (Section 2), pairing of standing "
                         "waves and ", Math(symbols.T_c), " (Section 3), Table 1."),
        solvers=SOLVERS,
        builders=[section2.register, section3.register, gap.register, table1.register],
    )
    if not lazy:
        d.checks  # noqa: B018 -- building is what this line is for
    return d


#: The registered derivation: built the first time its equations or checks are asked for, so
#: ``symcheck solve`` starts without building Sections 2 and 3.
derivation = build(lazy=True)
