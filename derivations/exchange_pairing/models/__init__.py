"""Two-electron model systems for Section 2, with the same D, J and S evaluated on real integrals.

* :mod:`.helium`: helium-like 1s², one exponent in closed form and the two-exponent 1s1s' family;
* :mod:`.heitler_london`: H2 with the Heitler-London/Sugiura integrals;
* :mod:`.lattice1d`: standing waves at the Bragg condition in a 1-D chain with a softened Coulomb interaction.

:func:`register` adds their checks (comparisons with published reference values, each with its citation,
and the paper's statements tested on the models) and their figures to a derivation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symcheck import Derivation

__all__ = ["register"]


def register(d: Derivation) -> None:
    from . import checks

    checks.register(d)
