"""Section 3 in pictures and tables: the T_c dome, the map of C over claim A's box, solver examples.

Every number is computed by the verified solvers of :mod:`.gap` (S ∝ √E) when a report asks for it.
"""

from __future__ import annotations

from decimal import Decimal

import mpmath
import sympy as sp

from symcheck.figures import Figure, Map, Series, axis_label
from symcheck.mathtext import Math, text

from .gap import log_grid, solve_c, solve_tc
from .gap_equations import CLAIM_E1_EV, CLAIM_TC_K
from .symbols import E_1, E_F, C, Delta_abs, E_lambda, T_c, k_B

__all__ = ["REPRESENTATIVE_FORWARD", "REPRESENTATIVE_INVERSE", "c_map", "solver_tables", "tc_dome"]


#: Representative inputs for the report: (E_λ=2R, E_F, |Δ|) in eV for the forward problem, one per
#: regime of Eqs. (3.4)-(3.8), and (E_1 in eV, T_c in K) across claim A's box for the inverse one.
REPRESENTATIVE_FORWARD = (("3.09", "3.0895", "0.001"), ("3.09", "3.2", "0.12"), ("3.09", "3.2", "0.1"),
                          ("1.33", "1.54", "0.25"))
REPRESENTATIVE_INVERSE = (("0.25", "0.1"), ("1", "1"), ("1", "10"), ("3", "50"))


def solver_tables(digits: int = 12) -> list[dict[str, object]]:
    """T_c and C of Eq. (3.11) (S ∝ √E) for representative inputs, as report tables.

    The path column names the solver path (double precision or mpmath, as chosen by the solver's
    error analysis); the digits column is what that path verified.
    """
    forward_rows = []
    for e_lambda, e_fermi, delta in REPRESENTATIVE_FORWARD:
        sol = solve_tc(e_lambda, e_fermi, delta, digits=digits)
        forward_rows.append([e_lambda, e_fermi, delta, sol.regime, sol.E1_eV or "-", sol.Tc_K, sol.C or "-",
                             str(sol.digits), sol.path.split(" (")[0]])
    inverse_rows = []
    for e1, tc in REPRESENTATIVE_INVERSE:
        sol = solve_c(e1, tc, digits=digits)
        inverse_rows.append([e1, tc, sol.E_lambda_eV, sol.C, str(sol.digits), sol.path.split(" (")[0]])
    source = (f"symcheck_derivations.exchange_pairing.gap solvers, {digits} digits requested; every value is shown to the "
              "digits its solver verified")
    return [
        {
            "title": text("Eq. (3.11), forward: ", Math(T_c), " from ", Math(E_lambda), ", ", Math(E_F), " and ",
                          Math(Delta_abs)),
            "caption": text("S ∝ √E. ", Math(E_1), " from Eqs. (3.7)/(3.8); ", Math(sp.Eq(T_c, 0)),
                            " under Eq. (3.4); ", Math(sp.Eq(C, (E_lambda - E_1) / (k_B * T_c))), "."),
            "header": [_unit(E_lambda, "eV"), _unit(E_F, "eV"), _unit(Delta_abs, "eV"), "regime", _unit(E_1, "eV"),
                       _unit(T_c, "K"), "C", "digits",
                       "path"],
            "rows": forward_rows,
            "align": "rrrlrrrrl",
            "source": source,
        },
        {
            "title": text("Eq. (3.11), inverse: C and ", Math(E_lambda), " from ", Math(E_1), " and ", Math(T_c),
                          " (claim A's box)"),
            "caption": text("S ∝ √E; ", Math(sp.Eq(E_lambda, E_1 + C * k_B * T_c)), "."),
            "header": [_unit(E_1, "eV"), _unit(T_c, "K"), _unit(E_lambda, "eV"), "C", "digits", "path"],
            "rows": inverse_rows,
            "align": "rrrrrl",
            "source": source,
        },
    ]


# -- figures --------------------------------------------------------------------------------------
DOME_E_LAMBDA_EV = "3.09"  # Li, R_100 (Table 1)


def _unit(symbol: sp.Symbol, unit: str) -> object:
    """A column header: the quantity typeset, its unit as text."""
    return text(Math(symbol), f" ({unit})")


def tc_dome() -> Figure:
    """T_c against E_F - E_λ=2R at fixed |Δ| (E_λ=2R = 3.09 eV, Li's R_100), S ∝ √E, 8 digits."""
    series = []
    for delta in ("0.005", "0.01", "0.02"):
        xs, ys = [], []
        d_val = Decimal(delta)
        for k in range(-40, 41):
            offset = d_val * Decimal(k) / Decimal(25)  # -1.6|Δ| .. 1.6|Δ|
            ef = Decimal(DOME_E_LAMBDA_EV) + offset
            r = solve_tc(DOME_E_LAMBDA_EV, str(ef), delta, digits=8)
            xs.append(float(offset))
            ys.append(float(r.Tc_K))
        series.append(Series(f"|Δ| = {delta} eV", xs, ys,
                             label_latex=sp.latex(sp.Eq(Delta_abs, sp.Float(delta, len(delta) - 2)))
                             + r"\ \mathrm{eV}"))
    return Figure(
        name="tc-dome", title=text(Math(T_c), " against ", Math(E_F - E_lambda), " (Eqs. 3.4-3.8, 3.11)"),
        caption=text("At fixed ", Math(Delta_abs), " the gap bottom (3.7) and so ", Math(T_c), " do not depend on ",
                     Math(E_F), " for ", Math(E_F <= E_lambda), ": a plateau that drops to 0 at ",
                     Math(sp.Eq(E_F, E_lambda - Delta_abs)), " (3.4), and a linear fall of the window for ",
                     Math(E_F > E_lambda), " (3.6, 3.8)."),
        xlabel="E_F - E_λ=2R (eV)", ylabel="T_c (K)", series=series,
        xlabel_latex=axis_label(E_F - E_lambda, "eV"), ylabel_latex=axis_label(T_c, "K"),
        source=text("symcheck solve tc, S ∝ √E, ", Math(sp.Eq(E_lambda, sp.Float(DOME_E_LAMBDA_EV, 3))),
                    " eV, 8 verified digits"),
    )


def c_map() -> Map:
    """C over E_1 (0.25-3 eV) and T_c (0.1-50 K, log), S ∝ √E, 8 digits: the box of claim A."""
    e1s = log_grid(CLAIM_E1_EV, 16)
    tcs = log_grid(CLAIM_TC_K, 16)
    z = [[float(mpmath.mpf(solve_c(mpmath.nstr(e, 12), mpmath.nstr(t, 12), digits=8).C)) for e in e1s] for t in tcs]
    return Map(
        name="c-map", title="C over the box of claim A (Eq. 3.11, S ∝ √E)",
        caption=text(Math(sp.Eq(C, (E_lambda - E_1) / (k_B * T_c))), " from Eq. (3.11). The paper's claim A is "
                     "C ≈ 4.5-11 over this box."),
        xlabel="E_1 (eV)", ylabel="T_c (K)", zlabel="C", x=[float(v) for v in e1s], y=[float(v) for v in tcs], z=z,
        xlabel_latex=axis_label(E_1, "eV"), ylabel_latex=axis_label(T_c, "K"), zlabel_latex=axis_label(C),
        xlog=True, ylog=True, source="symcheck solve c, 8 verified digits", contours=(4.5, 7, 11),
    )
