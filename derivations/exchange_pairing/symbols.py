"""The paper's symbols, each defined once with its assumptions.

Names follow the paper's notation (``E_F``, ``E_lambda`` for
:math:`E_{\\lambda=2R}`, ``Delta_abs`` for :math:`|\\Delta|`). Every equation
module imports its symbols from here so that the same symbol is the same
SymPy object across sections.
"""

from __future__ import annotations

import sympy as sp

__all__ = [
    "h", "hbar", "m", "m_star", "k_B", "R", "n", "lam", "lam_1", "p", "E_lambda", "E_F", "E_1", "E_2",
    "N", "N_s", "Delta_abs", "T_star", "T_BEC", "T_c", "C", "S_F",
]

h, hbar = sp.symbols("h hbar", positive=True)
m = sp.Symbol("m", positive=True)  #: inertial mass of the free electron
m_star = sp.Symbol("m^*", positive=True)  #: effective mass, Eq. (3.12)
k_B = sp.Symbol("k_B", positive=True)
R = sp.Symbol("R", positive=True)  #: a lattice parameter, Eq. (3.1)
n = sp.Symbol("n", integer=True, positive=True)  #: Bragg order, Eq. (3.1)
lam = sp.Symbol(r"\lambda", positive=True)  #: Bloch wavelength
lam_1 = sp.Symbol(r"\lambda_1", positive=True)  #: first-order Bragg wavelength, 2R
p = sp.Symbol("p", positive=True)  #: momentum of a pair
E_lambda = sp.Symbol(r"E_{\lambda=2R}", positive=True)
E_F = sp.Symbol("E_F", positive=True)
E_1, E_2 = sp.symbols("E_1 E_2", real=True)
N = sp.Symbol("N", positive=True)  #: electron density
N_s = sp.Symbol("N_s", positive=True)  #: density of singlet electrons, Eq. (3.3)
Delta_abs = sp.Symbol(r"|\Delta|", positive=True)  #: pairing energy per electron, Eq. (2.14)
T_star = sp.Symbol("T^*", positive=True)  #: pairing temperature
T_BEC = sp.Symbol("T_BEC", positive=True)
T_c = sp.Symbol("T_c", nonnegative=True)
C = sp.Symbol("C", positive=True)
S_F = sp.Symbol("S_F", positive=True)  #: density of states at the Fermi level
