"""Full citations of the sources the derivation states, typed once."""

from __future__ import annotations

__all__ = ["COOPER", "BCS", "TINKHAM", "ROUNDED"]

COOPER = "L. N. Cooper, 'Bound electron pairs in a degenerate Fermi gas', Phys. Rev. 104, 1189 (1956)"
BCS = "J. Bardeen, L. N. Cooper and J. R. Schrieffer, 'Theory of superconductivity', Phys. Rev. 108, 1175 (1957)"
TINKHAM = "M. Tinkham, Introduction to Superconductivity, 2nd ed. (McGraw-Hill, New York, 1996), ch. 3"

#: Why a printed rounded number on an equation's line is not compared there: ``ROUNDED.format(claim_id)``.
ROUNDED = "the printed rounding, checked by claim {}"
