"""Physical constants: exact SI 2019 values and CODATA 2022 m_e."""

from __future__ import annotations

import sympy as sp

from symcheck.constants import CONSTANTS, h, hbar, m_e


def test_exact_si_values():
    assert h.value == sp.Rational(662607015, 10**42)
    assert CONSTANTS["e"].value == sp.Rational(1602176634, 10**28)
    assert CONSTANTS["k_B"].value == sp.Rational(1380649, 10**29)
    assert hbar.value == h.value / (2 * sp.pi)
    assert all(c.source for c in CONSTANTS.values())


def test_electron_mass_codata_2022():
    assert m_e.value == sp.Rational("9.1093837139e-31")
    assert not m_e.exact and "CODATA 2022" in m_e.source
