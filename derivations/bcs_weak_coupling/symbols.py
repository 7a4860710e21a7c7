"""The symbols of the weak-coupling BCS results, each defined once with its assumptions.

Energies are measured from the Fermi level; ``hbar_omega_D`` is the cutoff ħω_D of the attraction,
``lam`` the coupling λ = N(0)V (N(0) the density of states of one spin at the Fermi level).
Temperatures appear as k_B T. :data:`NOTATION` maps the textbooks' spellings to these objects for
the transcription checks.
"""

from __future__ import annotations

import sympy as sp

__all__ = [
    "lam", "hbar_omega_D", "xi", "x", "a", "E", "Delta", "Delta_0", "k_B", "T", "T_c", "t", "N_0",
    "Delta_C", "gamma_S", "NOTATION",
]

lam = sp.Symbol(r"\lambda", positive=True)  #: coupling N(0)V
hbar_omega_D = sp.Symbol(r"\hbar\omega_D", positive=True)  #: cutoff of the attraction
xi = sp.Symbol(r"\xi", positive=True)  #: one-electron energy from the Fermi level
x = sp.Symbol("x", positive=True)  #: ξ/(2 k_B T), the integration variable of the T_c integral
a = sp.Symbol("a", positive=True)  #: ħω_D/(2 k_B T_c), the upper end of the T_c integral in x
E = sp.Symbol("E", negative=True)  #: energy of Cooper's pair relative to 2E_F (bound: negative)
Delta = sp.Symbol(r"\Delta", positive=True)  #: the gap Δ(T)
Delta_0 = sp.Symbol(r"\Delta_0", positive=True)  #: the gap at T = 0, Δ(0)
k_B = sp.Symbol("k_B", positive=True)
T = sp.Symbol("T", positive=True)
T_c = sp.Symbol("T_c", positive=True)
t = sp.Symbol("t", positive=True)  #: T/T_c
N_0 = sp.Symbol("N_0", positive=True)  #: density of states of one spin at the Fermi level, N(0)
Delta_C = sp.Symbol(r"\Delta C", positive=True)  #: specific-heat jump at T_c
gamma_S = sp.Symbol(r"\gamma_S", positive=True)  #: Sommerfeld coefficient of the normal metal, C_n = γT

#: The textbooks' spellings -> SymPy objects (γ is Euler's constant unless an equation says otherwise).
NOTATION: dict[str, object] = {
    r"\lambda": lam,
    r"\hbar\omega_D": hbar_omega_D,
    r"\xi": xi,
    "E": E,
    r"\Delta": Delta,
    r"\Delta(0)": Delta_0,
    "k_B": k_B,
    "T": T,
    "T_c": T_c,
    "e": sp.E,
    r"\gamma": sp.EulerGamma,
    r"\zeta": sp.zeta,
}
