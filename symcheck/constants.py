"""Physical constants as exact SymPy numbers, each with its source.

The SI defining constants are exact since the 2019 redefinition of the SI
(BIPM, *The International System of Units*, 9th edition, 2019, Table 1).
The electron mass is the CODATA 2022 recommended value (Mohr, Newell, Taylor,
Tiesinga, *Rev. Mod. Phys.* 97, 025002 (2025); NIST SP 961 (2024)); its
standard uncertainty is kept beside it.

Values are :class:`sympy.Rational`, so expressions built from them can be
evaluated to any number of digits without a float ever entering.

>>> from symcheck.constants import CONSTANTS, hbar
>>> CONSTANTS["h"]
6.62607015e-34 J s (exact, SI 2019)
>>> float(hbar.value)  # doctest: +ELLIPSIS
1.0545718176461...e-34
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

__all__ = ["Constant", "CONSTANTS", "h", "hbar", "e", "k_B", "m_e", "eV", "angstrom"]


@dataclass(frozen=True)
class Constant:
    """A physical constant: exact value in SI units, uncertainty and source."""

    name: str
    symbol: str
    value: sympy.Expr
    unit: str
    source: str
    standard_uncertainty: sympy.Expr = sympy.Integer(0)

    @property
    def exact(self) -> bool:
        return self.standard_uncertainty == 0

    def __repr__(self) -> str:  # used by the doctest above and by reports
        kind = "exact, SI 2019" if self.exact else f"u = {sympy.Float(self.standard_uncertainty, 2)}"
        return f"{_decimal(self.value)} {self.unit} ({kind})"


def _decimal(value: sympy.Expr) -> str:
    """Shortest decimal text of a terminating rational, else 15 digits."""
    text = str(sympy.Float(value, 20))
    mantissa, _, exponent = text.partition("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa}e{exponent}" if exponent else mantissa


_SI2019 = "SI 2019 defining constant (BIPM SI Brochure, 9th ed., 2019), exact"
_CODATA2022 = "CODATA 2022 recommended value (Rev. Mod. Phys. 97, 025002 (2025))"

h = Constant("Planck constant", "h", sympy.Rational("6.62607015e-34"), "J s", _SI2019)
hbar = Constant(
    "reduced Planck constant", "hbar", h.value / (2 * sympy.pi), "J s", "h / (2 pi), " + _SI2019
)
e = Constant("elementary charge", "e", sympy.Rational("1.602176634e-19"), "C", _SI2019)
k_B = Constant("Boltzmann constant", "k_B", sympy.Rational("1.380649e-23"), "J/K", _SI2019)
m_e = Constant(
    "electron mass",
    "m_e",
    sympy.Rational("9.1093837139e-31"),
    "kg",
    _CODATA2022,
    standard_uncertainty=sympy.Rational("0.0000000028e-31"),
)
eV = Constant("electronvolt", "eV", e.value, "J", "1 eV = e x 1 V, " + _SI2019)
angstrom = Constant("angstrom", "angstrom", sympy.Rational(1, 10**10), "m", "definition, exact")

CONSTANTS: dict[str, Constant] = {c.symbol: c for c in (h, hbar, e, k_B, m_e, eV, angstrom)}
