"""Section 3 of the paper, closed-form results: Eqs. (3.1), (3.2), (3.12), (3.13).

Encodes the Bragg condition and the energy of the first-order standing wave,
the free-electron Fermi energy, and the estimate of T_BEC/T*; checks them as
identities, derives Eq. (3.13) from the four ingredients the paper states, and
audits the checkable statements of Section 3 around them (pair momentum, the
scaling of E_F and E_{λ=2R} with R, bismuth's λ_F). Table 1 is in
:mod:`symcheck_derivations.exchange_pairing.table1`.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symcheck import Claim, Derivation, Equation, Identity, KnownErratum, deferred
from symcheck.equation import relation
from symcheck.mathtext import Math, text
from symcheck.paper_source import InPaper, InSentence, printed_at

from .constants import value_of
from .symbols import (
    E_1,
    E_F,
    T_BEC,
    C,
    Delta_abs,
    E_lambda,
    N,
    N_s,
    R,
    T_c,
    T_star,
    h,
    hbar,
    k_B,
    lam,
    lam_1,
    m,
    m_star,
    n,
    p,
)

__all__ = ["register", "NOTATION", "EQ_3_1", "EQ_3_2", "EQ_3_12", "EQ_3_13", "bose_constant", "tbec_over_tstar"]

PAPER = "paper, Section 3"

#: How Section 3's printed spellings map to the derivation's symbols (its defaults; the gap equations
#: (3.3)-(3.11) use them too).
NOTATION: dict[str, object] = {
    r"E_{\lambda=2R}": E_lambda,
    "E_F": E_F,
    "E_1": E_1,
    "m": m,
    "m^*": m_star,
    "h": h,
    "N": N,
    "N_s": N_s,
    "R": R,
    "n": n,
    r"\lambda": lam,
    "k_B": k_B,
    "T_c": T_c,
    "C": C,
    r"|\Delta|": Delta_abs,
    "T^*": T_star,
    r"T_{\text{BEC}}": T_BEC,
}

_S = sp.Function("S")  #: the density of states S(E), named in details

EQ_3_1 = Equation(
    "3.1", "Bragg condition", relation(n * lam, 2 * R), source=PAPER,
    symbol_notes={"n": "integer order", r"\lambda": "Bloch wavelength", "R": "lattice parameter"},
    printed=r"n\lambda = 2 \cdot R \quad (3.1)",
)
EQ_3_2 = Equation(
    "3.2", text("energy of the standing wave with ", Math(relation(lam, 2 * R))),
    relation(E_lambda, h**2 / (R**2 * 8 * m)), source=PAPER,
    note=text("printed as ", Math(sp.Eq((h / lam_1) ** 2 / (2 * m), h**2 / (8 * m * R**2), evaluate=False)),
              "; m is the free-electron mass"),
    printed=r"E_{\lambda=2R} = \frac{(h/\lambda_1)^2}{2 \cdot m} = \frac{h^2}{R^2 \cdot 8 \cdot m} \quad (3.2)",
    notation={r"\lambda_1": 2 * R},  # the paper sets λ_1 = 2R just before (3.2)
)
EQ_3_12 = Equation(
    "3.12", "free-electron Fermi energy",
    relation(E_F, h**2 / (8 * m_star) * (3 * N / sp.pi) ** sp.Rational(2, 3)), source=PAPER,
    note="N is the conduction-electron density, m* the effective mass",
    printed=r"E_F = \frac{h^2}{8m^*} \left(\frac{3N}{\pi} \right)^{2/3} \quad (3.12)",
)
EQ_3_13 = Equation(
    "3.13", "BEC temperature over pairing temperature",
    relation(T_BEC / T_star, (E_F / Delta_abs) ** sp.Rational(1, 3)), source=PAPER,
    note=text("printed with '≈'; derived from ", Math(relation(N_s, _S(E_F) * Delta_abs)), ", ",
              Math(relation(sp.Float("3.5", 2) * k_B * T_star, Delta_abs)), ", the Fermi-liquid ", Math(_S(E_F)),
              " and ", Math(relation(sp.Function("T_BEC")(N_s), sp.Float("3.3125", 5) * hbar**2
                                 * (N_s / 2) ** sp.Rational(2, 3) / (2 * m * k_B))), " (each ≈)"),
    printed=r"\frac{T_{\text{BEC}}}{T^*} \approx \left(\frac{E_F}{|\Delta|} \right)^{1/3} \quad (3.13)",
)

# -- the ingredients of Eq. (3.13), as printed in the paragraph above it ------------------------
BOSE_CONSTANT_PAPER = sp.Rational("3.3125")
S_FERMI_LIQUID = sp.sqrt(2) * m ** sp.Rational(3, 2) * sp.sqrt(E_F) / (sp.pi**2 * hbar**3)


def bose_constant() -> sp.Expr:
    """2π/ζ(3/2)^{2/3}: the ideal Bose gas T_BEC = c ħ² n^{2/3}/(M k_B)."""
    return 2 * sp.pi / sp.zeta(sp.Rational(3, 2)) ** sp.Rational(2, 3)


def _t_bec(density: sp.Expr, mass: sp.Expr, constant: sp.Expr) -> sp.Expr:
    """Ideal Bose gas condensation temperature, c ħ² n^{2/3}/(M k_B)."""
    return constant * hbar**2 * density ** sp.Rational(2, 3) / (mass * k_B)


def tbec_over_tstar(constant: sp.Expr = BOSE_CONSTANT_PAPER) -> sp.Expr:
    """T_BEC/T* from the paper's four ingredients, before any simplification."""
    n_s = S_FERMI_LIQUID * Delta_abs  # N_s ≈ S(E_F)|Δ|
    t_star = Delta_abs / (sp.Rational(7, 2) * k_B)  # 3.5 k_B T* ≈ |Δ|
    return _t_bec(n_s / 2, 2 * m, constant) / t_star  # bosons of mass 2m at density N_s/2


def _fermi_density() -> sp.Expr:
    """N(E_F) from Eq. (3.12) with m* = m, h = 2πħ: the inverse of the Fermi energy."""
    solved = sp.solve(EQ_3_12.relation.subs({m_star: m, h: 2 * sp.pi * hbar}), N)
    (density,) = [s for s in solved if s.is_positive is not False]
    return density


def _dlog(quantity: sp.Symbol) -> sp.Expr:
    """d ln(quantity)/d ln R, as a detail states it."""
    return sp.Derivative(sp.log(quantity), sp.Symbol(r"\ln R"))


class _Propto(sp.Function):
    """``a ∝ b`` in a detail: printed as the relation, never evaluated."""

    nargs = 2

    def _latex(self, printer: Any) -> str:
        return rf"{printer._print(self.args[0])} \propto {printer._print(self.args[1])}"

    def _sympystr(self, printer: Any) -> str:
        return f"{printer._print(self.args[0])} ∝ {printer._print(self.args[1])}"


def _propto(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """a ∝ b, as a detail states it."""
    return _Propto(a, b)


def _log_slope(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    """d ln(expr)/d ln(var): the exponent of a power law."""
    return sp.simplify(var * sp.diff(expr, var) / expr)


def register(d: Derivation) -> None:
    d.add_notation(NOTATION)
    for eq in (EQ_3_1, EQ_3_2):
        d.add_equation(eq)
    lam_first = EQ_3_1.solve_for(lam).subs(n, 1)
    de_broglie = (h / lam_1) ** 2 / (2 * m)  # E = p^2/2m with p = h/λ
    d.add_checks([
        Identity(
            "3.1-first-order", lam_first, 2 * R, equation="3.1", where="Eq. (3.1), n = 1",
            detail=text(Math(relation(lam_1, 2 * R)), ": the longest standing wave of Eq. (3.1)"),
        ),
        Identity(
            "3.2-de-broglie", de_broglie.subs(lam_1, lam_first), EQ_3_2.rhs, equation="3.2",
            where="Eq. (3.2)", detail=text(Math(de_broglie), " with ", Math(relation(lam_1, 2 * R)),
                                           " from Eq. (3.1) equals ", Math(EQ_3_2.rhs)),
        ),
    ])

    # -- Eq. (3.12) ------------------------------------------------------------------------------
    d.add_equation(EQ_3_12)
    standard = hbar**2 * (3 * sp.pi**2 * N) ** sp.Rational(2, 3) / (2 * m_star)
    d.add_check(Identity(
        "3.12-standard-form", EQ_3_12.rhs.subs(h, 2 * sp.pi * hbar), standard, equation="3.12",
        where="Eq. (3.12)", detail=text(Math(sp.Eq(EQ_3_12.rhs, standard, evaluate=False)), " with ",
                                        Math(relation(h, 2 * sp.pi * hbar))),
    ))

    # -- Eq. (3.13) ------------------------------------------------------------------------------
    d.add_equation(EQ_3_13)
    ratio = tbec_over_tstar()
    prefactor = sp.simplify(ratio.subs(E_F, Delta_abs))
    exact_ratio = tbec_over_tstar(bose_constant())
    exact_prefactor = sp.simplify(exact_ratio / EQ_3_13.rhs)
    d.add_checks([
        Identity(
            "3.13-fermi-liquid-dos", deferred(lambda: sp.diff(_fermi_density(), E_F)), S_FERMI_LIQUID, equation="3.13",
            where=text("Section 3, ", Math(_S(E_F)), " above Eq. (3.13)"),
            detail=text(Math(relation(_S(E_F), S_FERMI_LIQUID)), " is ", Math(sp.Derivative(N, E_F)),
                        " of Eq. (3.12) with ", Math(relation(m_star, m)), " (both spins)"),
        ),
        Identity(
            "3.13-power-law", ratio, ratio.subs(E_F, Delta_abs) * EQ_3_13.rhs, equation="3.13",
            where="Eq. (3.13)",
            detail=text(Math(T_BEC / T_star), " from the four ingredients is a constant times ",
                        Math(EQ_3_13.rhs), "; the constant is ", Math(prefactor), f" = {sp.N(prefactor, 8)} with the "
                        f"paper's {float(BOSE_CONSTANT_PAPER):g}"),
        ),
        Claim(
            "3.13-prefactor", "1", prefactor, equation="3.13",
            where="Eq. (3.13), prefactor", tolerance="0.01",
            tolerance_reason="printed with '≈' and no prefactor; 1% asked",
            detail=text("exact prefactor with the ideal-gas constant: ", Math(exact_prefactor),
                        f" = {sp.N(exact_prefactor, 8)}"),
        ),
        Claim(
            "3.13-bose-constant", "3.3125", bose_constant(), equation="3.13",
            where=text(Math(sp.Function("T_BEC")(N_s)), " above Eq. (3.13)"),
            detail=text("ideal Bose gas: ", Math(relation(T_BEC, _t_bec(sp.Symbol("n") / sp.zeta(sp.Rational(3, 2)),
                                                                    sp.Symbol("M"), 2 * sp.pi))),
                        ", so the constant is ", Math(bose_constant())),
        ),
    ])

    # -- other checkable statements of Section 3 --------------------------------------------------
    pair_mass = 2 * m
    released = 2 * Delta_abs
    (p_max,) = sp.solve(relation(p**2 / (2 * pair_mass), released), p)
    d.add_checks([
        Identity(
            "3-pair-momentum-bound", p_max, (2 * Delta_abs * 2 * 2 * m) ** sp.Rational(1, 2),
            where="Section 3, p ≤ (2|Δ|·2·2m)^0.5",
            detail="all of the released 2|Δ| as kinetic energy of a pair of mass 2m: p²/(2·2m) = 2|Δ|",
        ),
        Identity(
            "3-electron-energy-gain", (p_max / 2) ** 2 / (2 * m), Delta_abs,
            where=text("Section 3, 'the kinetic energy becomes ≈ ", Math(E_F + Delta_abs), "'"),
            detail="each electron carries p/2 of the pair momentum at the bound: (p/2)²/(2m) = |Δ|",
        ),
    ])

    # E_F and E_{λ=2R} under an isotropic change of R: N ∝ R^-3 at a fixed count of electrons per cell
    nu = sp.Symbol("nu", positive=True)  # electrons per R^3
    e_fermi_of_r = EQ_3_12.rhs.subs(N, nu / R**3)
    slope_f, slope_l = _log_slope(e_fermi_of_r, R), _log_slope(EQ_3_2.rhs, R)
    d.add_checks([
        KnownErratum(
            "3-scaling-EF-R2",
            check=Identity("EF-propto-R2", slope_f, sp.Integer(2)),
            instead=Identity("EF-propto-R-2", slope_f, sp.Integer(-2),
                             detail=Math(relation(_dlog(E_F), -2))),
            explanation=text("the paper says ", Math(_propto(E_F, R**2)), "; with ", Math(_propto(N, R**-3)),
                             " Eq. (3.12) gives ", Math(_propto(E_F, R**slope_f))),
            equation="3.12", where=text("Section 3, '", Math(E_F), " and ", Math(E_lambda),
                                        " both are proportional to ", Math(R**2), "'"),
        ),
        KnownErratum(
            "3-scaling-Elambda-R2",
            check=Identity("El-propto-R2", slope_l, sp.Integer(2)),
            instead=Identity("El-propto-R-2", slope_l, sp.Integer(-2),
                             detail=Math(relation(_dlog(E_lambda), -2))),
            explanation=text("the paper says ", Math(_propto(E_lambda, R**2)), "; Eq. (3.2) gives ",
                             Math(_propto(E_lambda, R**slope_l))),
            equation="3.2", where="Section 3, same sentence",
        ),
        Identity(
            "3-scaling-same-exponent", slope_f, slope_l, where="Section 3, same sentence",
            detail=text("what the sentence needs holds: both scale with the same power of R (",
                        Math(R**slope_f), "), so an isotropic reduction of R raises both"),
        ),
    ])

    # Bismuth: λ_F from E_F ≈ 25 meV
    e_f_bi = sp.Rational(25, 1000) * value_of("eV")
    consts = {hbar: value_of("hbar"), h: value_of("h"), m: value_of("m_e")}
    lambda_printed = (hbar * (e_f_bi * 2 * m) ** sp.Rational(-1, 2)).subs(consts)
    lambda_with_h = (h * (e_f_bi * 2 * m) ** sp.Rational(-1, 2)).subs(consts)
    lambda_paper = "0.78e-8"  # λ_F as printed, in m
    _lam_F = sp.Symbol("lambda_F")
    d.add_checks([
        KnownErratum(
            "3-bismuth-lambdaF-formula",
            check=Claim("bi-lambda-hbar", lambda_paper, lambda_printed, unit="m"),
            instead="1.23e-9",
            explanation=text("the printed ", Math(relation(_lam_F, hbar * (E_F * 2 * m) ** sp.Float("-0.5", 1))),
            f" gives {sp.N(lambda_printed, 3)} m, a length "
            f"{sp.pretty(sp.simplify(lambda_with_h / lambda_printed)).replace('⋅', '')} times too short; the printed {lambda_paper} m follows "
            f"from h, not ħ: {sp.N(lambda_with_h, 3)} m (check 3-bismuth-lambdaF-with-h)"),
            where=text("Section 3, bismuth, ", Math(relation(_lam_F, hbar * (E_F * 2 * m) ** sp.Float("-0.5", 1))),
                       " ≈ 0.78·10⁻⁸ m at ", Math(E_F), " ≈ 25 meV"),
        ),
        Claim(
            "3-bismuth-lambdaF-with-h", lambda_paper, lambda_with_h, unit="m",
            where=text("Section 3, bismuth, ", Math(_lam_F), " at ", Math(E_F), " = 25 meV"),
            detail=text(Math(relation(_lam_F, h / sp.sqrt(2 * m * E_F))), " with m the free-electron mass"),
        ),
        Claim(
            "3-bismuth-R", "0.39e-8", lambda_with_h / 2, unit="m",
            where=text("Section 3, bismuth, ", Math(relation(R, sp.Float("0.5", 1) * _lam_F)), " ≈ 0.39·10⁻⁸ m"),
        ),
        Claim(
            "3-bismuth-density-bound", "18", sp.log(lambda_with_h**-3 / 10**6, 10),
            tolerance="0.5", tolerance_reason="an order of magnitude (≈ 10^18/cm³)",
            where=text("Section 3, bismuth, ", Math(_lam_F**-3), " ≈ 10¹⁸/cm³"),
            detail=text("compared as ", Math(sp.Function("log_10")(sp.Symbol("n"))), " of the density n in cm⁻³"),
        ),
    ])

    # -- where the paper prints the numbers above (looked up by `symcheck check --paper FILE`) --------
    bismuth = InSentence("E_F of bismuth is")
    d.add_checks([
        printed_at(d.checks["3.13-bose-constant"], InSentence("for boson gas we obtain")),
        printed_at(d.checks["3-bismuth-lambdaF-with-h"], bismuth),
        printed_at(d.checks["3-bismuth-R"], InSentence(r"R = 0.5 \cdot \lambda_F")),
        printed_at(d.checks["3-bismuth-density-bound"], InSentence(r"(\lambda_F)^{-3}"),
                   values=(f"1e{d.checks['3-bismuth-density-bound'].paper_value}",)),  # printed as 10^{18}
        InPaper("3-bismuth-EF-in-paper", values=(sp.sstr(e_f_bi / value_of("eV") * 1000),), printed_at=bismuth,
                detail=text(Math(E_F), " of bismuth in meV, the input of the ", Math(sp.Symbol("lambda_F")), " claims")),
    ])
