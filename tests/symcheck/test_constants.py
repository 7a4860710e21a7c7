"""Physical constants: the CODATA 2022 table as shipped, exact SI values, and the relations that tie the values together.

The relations (α = e²/4πε₀ħc, a₀ = ħ/m_e c α, R_∞ = α² m_e c/2h, ...) define the
derived constants in the CODATA adjustment, so the printed values satisfy them
to within the rounding of their last printed digits, which is far tighter than
their standard uncertainties: a changed digit in the data file shows up here.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.resources import files

import pytest
import sympy as sp

from symcheck.checks import decimal_tolerance
from symcheck.constants import CODATA_2022, CONSTANTS, Constant, h, hbar, m_e

_TABLE = json.loads(files("symcheck").joinpath("data", "codata2022.json").read_text(encoding="utf-8"))
_ROWS = {row["symbol"]: row for row in _TABLE["constants"]}
_REQUIRED = ["c", "epsilon_0", "mu_0", "e", "h", "hbar", "k_B", "N_A", "m_e", "m_p", "m_n", "alpha", "a_0", "E_h",
             "R_inf", "G", "sigma"]


def test_exact_si_values():
    assert h.value == sp.Rational(662607015, 10**42)
    assert CONSTANTS["c"].value == 299792458
    assert CONSTANTS["e"].value == sp.Rational(1602176634, 10**28)
    assert CONSTANTS["k_B"].value == sp.Rational(1380649, 10**29)
    assert CONSTANTS["N_A"].value == 602214076 * 10**15
    for symbol in ("c", "h", "e", "k_B", "N_A", "hbar", "sigma"):
        assert CONSTANTS[symbol].exact, symbol
    assert all(c.source for c in CONSTANTS.values())


def test_hbar_and_sigma_are_exact_expressions_of_the_defining_constants():
    assert hbar.value == h.value / (2 * sp.pi)
    k, c = CONSTANTS["k_B"].value, CONSTANTS["c"].value
    assert CONSTANTS["sigma"].value == 2 * sp.pi**5 * k**4 / (15 * h.value**3 * c**2)


@pytest.mark.parametrize("symbol", ["hbar", "sigma"])
def test_exact_values_agree_with_the_tables_truncated_decimals(symbol):
    printed = sp.Rational(_ROWS[symbol]["value"])  # printed as "1.054571817..." (truncated, not rounded)
    ulp = sp.Rational(str(decimal_tolerance(_ROWS[symbol]["value"]) * 2))
    assert printed <= CONSTANTS[symbol].value < printed + ulp


def test_electron_mass_codata_2022():
    assert m_e.value == sp.Rational("9.1093837139e-31")
    assert m_e.standard_uncertainty == sp.Rational("0.0000000028e-31")
    assert not m_e.exact and "CODATA 2022" in m_e.source and "Rev. Mod. Phys. 97, 025002 (2025)" in m_e.source


def test_every_required_constant_has_value_uncertainty_unit_and_source():
    for symbol in _REQUIRED:
        constant = CODATA_2022[symbol]
        assert isinstance(constant, Constant) and constant.value > 0 and constant.unit, symbol
        assert "CODATA 2022" in constant.source and "Mohr" in constant.source, symbol
        assert constant.standard_uncertainty >= 0


@pytest.mark.parametrize("symbol, relative", [
    ("alpha", "1.6e-10"), ("m_e", "3.1e-10"), ("a_0", "1.6e-10"), ("R_inf", "1.1e-12"), ("G", "2.2e-5"),
    ("epsilon_0", "1.6e-10"), ("mu_0", "1.6e-10"), ("m_p", "3.1e-10"), ("m_n", "5.1e-10"), ("E_h", "1.1e-12"),
])
def test_relative_standard_uncertainties_as_published(symbol, relative):
    """The relative standard uncertainties CODATA 2022 prints (two digits, from the unrounded uncertainty)."""
    assert abs(CODATA_2022[symbol].relative_uncertainty / sp.Rational(relative) - 1) < sp.Rational(8, 100)


def _rounding(*factors: tuple[str, int]) -> sp.Rational:
    """Relative error bound of a product of printed values from their rounding: sum of |power| x half-ulp/value."""
    bound = Decimal(0)
    for symbol, power in factors:
        row = _ROWS[symbol]
        if Decimal(row["standard_uncertainty"]) != 0 and symbol not in ("hbar", "sigma"):
            bound += abs(power) * decimal_tolerance(row["value"]) / Decimal(row["value"])
    return sp.Rational(str(bound))


_V = {symbol: constant.value for symbol, constant in CODATA_2022.items()}
_RELATIONS = {
    # name: (lhs symbol, rhs expression, factors entering: (symbol, power))
    "alpha = e^2/(4 pi eps0 hbar c)": ("alpha", _V["e"] ** 2 / (4 * sp.pi * _V["epsilon_0"] * _V["hbar"] * _V["c"]),
                                       [("alpha", 1), ("epsilon_0", 1)]),
    "mu0 = 2 alpha h/(e^2 c)": ("mu_0", 2 * _V["alpha"] * _V["h"] / (_V["e"] ** 2 * _V["c"]), [("mu_0", 1), ("alpha", 1)]),
    "eps0 = 1/(mu0 c^2)": ("epsilon_0", 1 / (_V["mu_0"] * _V["c"] ** 2), [("epsilon_0", 1), ("mu_0", 1)]),
    "a0 = hbar/(m_e c alpha)": ("a_0", _V["hbar"] / (_V["m_e"] * _V["c"] * _V["alpha"]),
                                [("a_0", 1), ("m_e", 1), ("alpha", 1)]),
    "R_inf = alpha^2 m_e c/(2h)": ("R_inf", _V["alpha"] ** 2 * _V["m_e"] * _V["c"] / (2 * _V["h"]),
                                   [("R_inf", 1), ("alpha", 2), ("m_e", 1)]),
    "E_h = 2 h c R_inf": ("E_h", 2 * _V["h"] * _V["c"] * _V["R_inf"], [("E_h", 1), ("R_inf", 1)]),
    "E_h = alpha^2 m_e c^2": ("E_h", _V["alpha"] ** 2 * _V["m_e"] * _V["c"] ** 2, [("E_h", 1), ("alpha", 2), ("m_e", 1)]),
    "a0 = alpha/(4 pi R_inf)": ("a_0", _V["alpha"] / (4 * sp.pi * _V["R_inf"]), [("a_0", 1), ("alpha", 1), ("R_inf", 1)]),
    "mu_B = e hbar/(2 m_e)": ("mu_B", _V["e"] * _V["hbar"] / (2 * _V["m_e"]), [("mu_B", 1), ("m_e", 1)]),
}


@pytest.mark.parametrize("name", sorted(_RELATIONS))
def test_printed_values_satisfy_the_defining_relations_to_their_rounding(name):
    symbol, rhs, factors = _RELATIONS[name]
    deviation = abs(sp.N(rhs / _V[symbol] - 1, 40))
    bound = _rounding(*factors)
    assert deviation <= bound, f"{name}: relative deviation {sp.N(deviation, 3)} > rounding bound {sp.N(bound, 3)}"
    # and within the standard uncertainties of the factors, however correlated
    assert deviation <= sum(abs(power) * CODATA_2022[s].relative_uncertainty for s, power in factors)


def test_masses_are_ordered_and_near_the_atomic_mass_constant():
    assert _V["m_e"] < _V["m_u"] < _V["m_p"] < _V["m_n"]
    assert 1836.15 < _V["m_p"] / _V["m_e"] < 1836.16  # proton-electron mass ratio 1836.152673426(32)


#: Masses in u as CODATA 2022 prints them (same table, NIST SP 961; also scipy.constants, CODATA 2022):
#: m_X = A_r(X) m_u holds exactly in the adjustment, so m_X / m_u meets these to the rounding of the printed digits.
_MASS_IN_U = {"m_e": "5.485799090441e-4", "m_p": "1.0072764665789", "m_n": "1.00866491606"}


@pytest.mark.parametrize("symbol", sorted(_MASS_IN_U))
def test_masses_over_the_atomic_mass_constant_are_the_printed_masses_in_u(symbol):
    printed = _MASS_IN_U[symbol]
    ratio = _V[symbol] / _V["m_u"]
    bound = _rounding((symbol, 1), ("m_u", 1)) + sp.Rational(str(decimal_tolerance(printed) / Decimal(printed)))
    assert abs(ratio / sp.Rational(printed) - 1) <= bound
