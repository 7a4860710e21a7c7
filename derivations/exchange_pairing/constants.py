"""Physical constants used by the paper's numbers, taken from :mod:`symcheck.constants`."""

from __future__ import annotations

import sympy as sp

from symcheck.constants import CONSTANTS

__all__ = ["value_of"]


def value_of(symbol: str) -> sp.Expr:
    """Exact SI value of a constant by symbol (``"h"``, ``"hbar"``, ``"m_e"``, ``"eV"``, ...)."""
    return CONSTANTS[symbol].value
