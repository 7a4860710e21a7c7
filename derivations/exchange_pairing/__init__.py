"""The paper "Formation of Cooper Pairs as a Consequence of Exchange Interaction".

The full text is ``shared/paper/exchange-pairing.md``. Each section module
states the paper's equations once, as SymPy objects, and registers the checks
on them; :data:`derivation` collects them in the paper's order and is
registered with symcheck as ``exchange-pairing``.
"""

from __future__ import annotations

from symcheck import Derivation

from . import gap, section2, section3, table1

__all__ = ["derivation", "build"]


def build() -> Derivation:
    d = Derivation(
        name="exchange-pairing",
        title="Formation of Cooper Pairs as a Consequence of Exchange Interaction",
        source="shared/paper/exchange-pairing.md",
        description="The paper's derivation: two-electron exchange (Section 2), pairing of standing "
        "waves and T_c (Section 3), Table 1.",
    )
    section2.register(d)
    section3.register(d)
    gap.register(d)
    table1.register(d)
    return d


derivation = build()
