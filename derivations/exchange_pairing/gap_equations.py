"""Section 3, Eqs. (3.3)-(3.11) as the paper prints them: the gap bottom E_1 and the T_c balance.

The paper defines C by C k_B T_c = E_{λ=2R} - E_1, states the T_c conditions (3.4)-(3.6) and the gap
bottom (3.7)-(3.8), and fixes T_c by Eq. (3.11): the number of single electrons below E_1 at T = 0
equals the Fermi-Dirac-weighted number up to E_{λ=2R} at T_c. Each equation is stated here once, for
a density of states S(E) (see :mod:`.gap_dos`); the solvers are in :mod:`.gap`, the checks in
:mod:`.gap_checks`.
"""

from __future__ import annotations

import sympy as sp

from symcheck import Equation
from symcheck.constants import CONSTANTS
from symcheck.equation import relation
from symcheck.mathtext import Math, text

from .symbols import E_1, E_F, C, Delta_abs, E_lambda, N_s, T_c, k_B

__all__ = [
    "CLAIM_E1_EV",
    "CLAIM_TC_K",
    "DIGITS_RANGE",
    "ENERGY_WINDOW",
    "EQ_3_3",
    "EQ_3_4",
    "EQ_3_5",
    "EQ_3_6",
    "EQ_3_7",
    "EQ_3_8",
    "EQ_3_9",
    "EQ_3_10",
    "EQ_3_11",
    "GAP_BOTTOM",
    "K_B_EV",
    "E",
    "S",
    "fermi_occupation",
]

PAPER = "paper, Section 3"
#: k_B in eV/K, exact (SI 2019: k_B and e are defining constants).
K_B_EV = CONSTANTS["k_B"].value / CONSTANTS["e"].value
DIGITS_RANGE = (6, 100)

# -- symbols and the equations as printed ----------------------------------------------------------
E = sp.Symbol("E", positive=True)  #: energy variable of S (the paper writes E_λ)
x = sp.Symbol("x", positive=True)  #: distance in energy from the gap bottom E_1
u = sp.Symbol("u", positive=True)  #: x / (k_B T_c)
eps = sp.Symbol("epsilon", positive=True)  #: k_B T_c / E_1
S = sp.Function("S")  #: the single-electron density of states
N_0 = sp.Symbol("N(0)", positive=True)
N_Tc = sp.Symbol("N(T_c)", positive=True)
T_pos = sp.Symbol("T_c", positive=True)  # T_c where it divides


def fermi_occupation(energy: sp.Expr, temperature: sp.Expr = T_pos) -> sp.Expr:
    """f(E, T) of Eq. (3.9): the Fermi-Dirac function with its edge at the gap bottom E_1."""
    return 1 / (sp.exp((energy - E_1) / (k_B * temperature)) + 1)


#: Spellings of (3.3)-(3.11) beyond Section 3's defaults: E_λ is the integration variable E, S(E_λ)
#: the density of states, f the Fermi-Dirac function of (3.9); T_c is positive where it divides.
_INTEGRAL_NOTATION = {
    r"E_\lambda": E, "S": S, "N(T_c)": N_Tc, "N(0)": N_0, "T_c": T_pos,
    "f": sp.Lambda((E, T_pos), fermi_occupation(E, T_pos)),
}
#: Why the middle member of (3.7) and (3.8) is not compared: it restates the definition of C.
_DEFINITION_OF_C = text(Math(E_lambda - C * k_B * T_c), " is ", Math(E_1), " by the definition ",
                        Math(relation(C * k_B * T_c, E_lambda - E_1)), " the paper gives above (3.4); checks "
                        "3.7-saturates-3.5 and 3.8-saturates-3.6 use it")
_WINDOW_OPEN = Delta_abs > sp.Abs(E_F - E_lambda)

EQ_3_3 = Equation(
    "3.3", "density of singlet electrons", relation(N_s, sp.Integral(S(E), (E, E_1, E_F))), source=PAPER,
    note=text("the singlet electrons fill the gap from its bottom ", Math(E_1), " up to ", Math(E_F)),
    printed=r"N_s = \int_{E_1}^{E_F} S(E_\lambda) dE_\lambda \quad (3.3)", notation=_INTEGRAL_NOTATION,
)
EQ_3_4 = Equation(
    "3.4", text("no superconductivity when ", Math(Delta_abs < sp.Abs(E_F - E_lambda))), relation(T_c, 0), source=PAPER,
    condition=Delta_abs < sp.Abs(E_F - E_lambda),
    printed=r"T_c = 0 \quad \text{if } |\Delta| < |E_F - E_{\lambda=2R}| \quad (3.4)",
)
EQ_3_5 = Equation(
    "3.5", text("energy window, ", Math(E_lambda >= E_F)), sp.Le(C * k_B * T_c, Delta_abs), source=PAPER,
    condition=sp.And(_WINDOW_OPEN, E_lambda >= E_F),
    printed=r"Ck_B T_c \leq |\Delta| \quad \text{if } |\Delta| > |E_F - E_{\lambda=2R}| \text{ and } "
    r"E_{\lambda=2R} \geq E_F \quad (3.5)",
)
EQ_3_6 = Equation(
    "3.6", text("energy window, ", Math(E_lambda < E_F)), sp.Le(C * k_B * T_c, Delta_abs - sp.Abs(E_F - E_lambda)),
    source=PAPER, condition=sp.And(_WINDOW_OPEN, E_lambda < E_F),
    printed=r"Ck_B T_c \leq |\Delta| - |E_F - E_{\lambda=2R}| \quad \text{if } |\Delta| > |E_F - E_{\lambda=2R}| "
    r"\text{ and } E_{\lambda=2R} < E_F \quad (3.6)",
)
EQ_3_7 = Equation(
    "3.7", text("gap bottom, ", Math(E_lambda >= E_F)), relation(E_1, E_lambda - Delta_abs), source=PAPER,
    condition=E_lambda >= E_F, note="the equality case of (3.5)",
    printed=r"E_1 = E_{\lambda=2R} - Ck_B T_c = E_{\lambda=2R} - |\Delta| \quad \text{if } E_{\lambda=2R} \geq E_F "
    r"\quad (3.7)",
    not_compared={r"E_{\lambda=2R} - Ck_B T_c": _DEFINITION_OF_C},
)
EQ_3_8 = Equation(
    "3.8", text("gap bottom, ", Math(E_lambda < E_F)), relation(E_1, E_F - Delta_abs), source=PAPER,
    condition=E_lambda < E_F, note="the equality case of (3.6)",
    printed=r"E_1 = E_{\lambda=2R} - Ck_B T_c = E_F - |\Delta| \quad \text{if } E_{\lambda=2R} < E_F \quad (3.8)",
    not_compared={r"E_{\lambda=2R} - Ck_B T_c": _DEFINITION_OF_C},
)
EQ_3_9 = Equation(
    "3.9", text("single electrons just below ", Math(T_c)),
    relation(N_Tc, sp.Integral(S(E) * fermi_occupation(E), (E, 0, E_lambda))), source=PAPER,
    printed=r"N(T_c) = \int_0^{E_{\lambda=2R}} S(E_\lambda) \cdot f(E_\lambda, T_c) dE_\lambda = "
    r"\int_0^{E_{\lambda=2R}} S(E_\lambda) \cdot \frac{1}{\exp\left(\frac{E_\lambda - E_1}{k_B T_c}\right) + 1} "
    r"dE_\lambda \quad (3.9)",
    notation=_INTEGRAL_NOTATION,
)
EQ_3_10 = Equation(
    "3.10", "single electrons at T = 0", relation(N_0, sp.Integral(S(E), (E, 0, E_1))), source=PAPER,
    printed=r"N(0) = \int_0^{E_1} S(E_\lambda) dE_\lambda \quad (3.10)", notation=_INTEGRAL_NOTATION,
)
EQ_3_11 = Equation(
    "3.11", text(Math(T_c), " balance ", Math(relation(N_0, N_Tc))),
    relation(EQ_3_10.rhs, EQ_3_9.rhs), source=PAPER,
    note=text("fixes ", Math(T_c), " (forward) or ", Math(E_lambda), " (inverse); C from ",
              Math(relation(C * k_B * T_c, E_lambda - E_1))),
    printed=r"\int_0^{E_1} S(E_\lambda) dE_\lambda = \int_0^{E_{\lambda=2R}} S(E_\lambda) \cdot "
    r"\frac{1}{\exp\left(\frac{E_\lambda - E_1}{k_B T_c}\right) + 1} dE_\lambda \quad (3.11)",
    notation=_INTEGRAL_NOTATION,
)

#: Eqs. (3.7)-(3.8) as one piecewise gap bottom.
GAP_BOTTOM = sp.Piecewise((EQ_3_7.rhs, E_lambda >= E_F), (EQ_3_8.rhs, True))
#: The energy window C k_B T_c = E_λ=2R - E_1 allowed by (3.4)-(3.6) at equality.
ENERGY_WINDOW = sp.Piecewise(
    (0, Delta_abs < sp.Abs(E_F - E_lambda)),
    (Delta_abs, E_lambda >= E_F),
    (Delta_abs - sp.Abs(E_F - E_lambda), True),
)


#: The box of the paper's claims A and B: E_1 in eV and T_c in K (Section 3).
CLAIM_E1_EV = ("0.25", "3")
CLAIM_TC_K = ("0.1", "50")
