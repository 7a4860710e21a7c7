"""The report's figure: Δ(T)/Δ(0) against T/T_c from the solved Eq. (8), beside the law of Eq. (9)."""

from __future__ import annotations

import mpmath
import sympy as sp

from symcheck.figures import Figure, Series

from . import numerics
from .near_tc import EQ_9
from .symbols import Delta, Delta_0, T, T_c, k_B

__all__ = ["FIGURE_COUPLING", "gap_against_temperature"]

#: The coupling λ of the figure.
FIGURE_COUPLING = "0.25"
_DIGITS = 8
_GRID = [f"{k / 20:.2f}" for k in range(20)] + ["0.97", "0.99", "0.995", "0.999", "1"]
_LAW_FROM = 0.5  # the law of Eq. (9) is drawn from T/T_c = 0.5 up


def _inline(ratio: sp.Expr) -> str:
    """An axis label as a slashed ratio (a stacked fraction is too small on an axis)."""
    return sp.latex(ratio, fold_short_frac=True)


def gap_against_temperature() -> Figure:
    """Δ(T)/Δ(0) over T/T_c at λ = 0.25 (8 verified digits) and (Δ of Eq. 9)/Δ(0)."""
    full = mpmath.mpf(numerics.delta0(FIGURE_COUPLING, _DIGITS).value)
    tc = mpmath.mpf(numerics.t_c(FIGURE_COUPLING, _DIGITS).value)
    ts = [float(t) for t in _GRID]
    ratios = [float(mpmath.mpf(numerics.delta(FIGURE_COUPLING, t, _DIGITS).value) / full) for t in _GRID]
    law = sp.lambdify([T], EQ_9.rhs.subs({k_B: 1, T_c: 1}), modules="mpmath")  # Δ/k_BT_c at T/T_c
    near = [t for t in ts if t >= _LAW_FROM]
    gl = [float(law(t) * tc / full) for t in near]
    coefficient = sp.N(EQ_9.rhs.subs({k_B: 1, T_c: 1, T: 0}), 3)
    return Figure(
        name="gap-temperature", title="The BCS gap against temperature (Eqs. 8, 9)",
        caption=f"Δ(T)/Δ(0) from the gap equation (8) solved at λ = {FIGURE_COUPLING}, and the Ginzburg-Landau "
        f"law of Eq. (9) (prefactor {coefficient}) over Δ(0): the two meet as T approaches the critical temperature.",
        xlabel="T/T_c", ylabel="Δ(T)/Δ(0)", xlabel_latex=_inline(T / T_c), ylabel_latex=_inline(Delta / Delta_0),
        series=[Series("Eq. (8), solved", ts, ratios), Series("Eq. (9)", near, gl)],
        source=f"symcheck solve gap --derivation bcs-weak-coupling --coupling {FIGURE_COUPLING}, "
        f"{_DIGITS} verified digits",
    )
