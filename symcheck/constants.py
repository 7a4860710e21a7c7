"""Physical constants as exact SymPy numbers, each with its standard uncertainty and source.

The values are the CODATA 2022 recommended values (P. J. Mohr, D. B. Newell,
B. N. Taylor, E. Tiesinga, "CODATA recommended values of the fundamental
physical constants: 2022", *Rev. Mod. Phys.* 97, 025002 (2025); NIST SP 961
(2024)), read from the data file ``symcheck/data/codata2022.json``. The SI
defining constants (c, h, e, k_B, N_A) are exact since the 2019 redefinition of
the SI (BIPM, *The International System of Units*, 9th edition, 2019, Table 1);
ħ = h/2π and σ = 2π⁵k_B⁴/(15h³c²) are exact too and are computed from them,
not taken from the table's truncated decimals.

Values are :class:`sympy.Rational` (or exact expressions in π), so expressions
built from them can be evaluated to any number of digits without a float ever
entering; ``standard_uncertainty`` is kept beside each value.

>>> from symcheck.constants import CONSTANTS, hbar
>>> CONSTANTS["h"]
6.62607015e-34 J s (exact, SI 2019)
>>> float(hbar.value)  # doctest: +ELLIPSIS
1.0545718176461...e-34
>>> CONSTANTS["alpha"]
0.0072973525643 1 (u = 1.1e-12)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import sympy

__all__ = [
    "Constant",
    "CONSTANTS",
    "CODATA_2022",
    "c",
    "h",
    "hbar",
    "e",
    "k_B",
    "N_A",
    "sigma",
    "epsilon_0",
    "mu_0",
    "alpha",
    "m_e",
    "m_p",
    "m_n",
    "m_u",
    "a_0",
    "E_h",
    "R_inf",
    "mu_B",
    "G",
    "eV",
    "angstrom",
]


@dataclass(frozen=True)
class Constant:
    """A physical constant: exact value in SI units, standard uncertainty and source."""

    name: str
    symbol: str
    value: sympy.Expr
    unit: str
    source: str
    standard_uncertainty: sympy.Expr = sympy.Integer(0)

    @property
    def exact(self) -> bool:
        return self.standard_uncertainty == 0

    @property
    def relative_uncertainty(self) -> sympy.Expr:
        """``standard_uncertainty / |value|`` (0 for an exact constant)."""
        return self.standard_uncertainty / abs(self.value)

    def __repr__(self) -> str:  # used by the doctest above and by reports
        kind = "exact, SI 2019" if self.exact else f"u = {_decimal(self.standard_uncertainty, 2)}"
        return f"{_decimal(self.value)} {self.unit} ({kind})"


def _decimal(value: sympy.Expr, digits: int = 20) -> str:
    """Shortest decimal text of a terminating rational (at most ``digits`` digits)."""
    text = str(sympy.Float(value, digits))
    mantissa, _, exponent = text.partition("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa}e{exponent}" if exponent else mantissa


_SI2019 = "SI 2019 defining constant (BIPM SI Brochure, 9th ed., 2019), exact"


def _read_table() -> dict[str, Any]:
    text = files("symcheck").joinpath("data", "codata2022.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def _build(table: dict[str, Any]) -> dict[str, Constant]:
    """Constants from the table; ħ and σ computed exactly from the defining constants."""
    codata = f"CODATA 2022 recommended value ({table['source']})"
    rows = {row["symbol"]: row for row in table["constants"]}
    value = {symbol: sympy.Rational(row["value"]) for symbol, row in rows.items()}
    value["hbar"] = value["h"] / (2 * sympy.pi)
    value["sigma"] = 2 * sympy.pi**5 * value["k_B"] ** 4 / (15 * value["h"] ** 3 * value["c"] ** 2)
    defined = table["defined"]
    built: dict[str, Constant] = {}
    for symbol, row in rows.items():
        if row.get("si_defining"):
            source = f"{_SI2019}; {codata}"
        elif symbol in defined:
            source = f"{defined[symbol]}; {codata}"
        else:
            source = codata
        built[symbol] = Constant(
            row["name"], symbol, value[symbol], row["unit"], source, sympy.Rational(row["standard_uncertainty"])
        )
    return built


CODATA_2022: dict[str, Constant] = _build(_read_table())
"""The CODATA 2022 constants shipped with symcheck, by symbol."""

c = CODATA_2022["c"]
h = CODATA_2022["h"]
hbar = CODATA_2022["hbar"]
e = CODATA_2022["e"]
k_B = CODATA_2022["k_B"]
N_A = CODATA_2022["N_A"]
sigma = CODATA_2022["sigma"]
epsilon_0 = CODATA_2022["epsilon_0"]
mu_0 = CODATA_2022["mu_0"]
alpha = CODATA_2022["alpha"]
m_e = CODATA_2022["m_e"]
m_p = CODATA_2022["m_p"]
m_n = CODATA_2022["m_n"]
m_u = CODATA_2022["m_u"]
a_0 = CODATA_2022["a_0"]
E_h = CODATA_2022["E_h"]
R_inf = CODATA_2022["R_inf"]
mu_B = CODATA_2022["mu_B"]
G = CODATA_2022["G"]
eV = Constant("electronvolt", "eV", e.value, "J", "1 eV = e x 1 V, " + _SI2019)
angstrom = Constant("angstrom", "angstrom", sympy.Rational(1, 10**10), "m", "definition, exact")

CONSTANTS: dict[str, Constant] = {**CODATA_2022, "eV": eV, "angstrom": angstrom}
"""Every constant symcheck ships, by symbol: the CODATA 2022 selection plus eV and the ångström."""
