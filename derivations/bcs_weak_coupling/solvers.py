"""Eqs. (5) and (8) as solvers: what ``symcheck solve`` and ``symcheck sweep`` take and give here.

::

    symcheck solve tc  --derivation bcs-weak-coupling --coupling L [--digits N] [--json]
    symcheck solve gap --derivation bcs-weak-coupling --coupling L --t X [--digits N] [--json]
    symcheck sweep gap --derivation bcs-weak-coupling --coupling L --t A:B:N --out FILE.csv

Energies are in units of the cutoff ħω_D; ``--t`` is T/T_c. The engine makes the options, JSON,
CSV, progress and workers from these declarations; the numbers come from :mod:`.numerics`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symcheck.solvers import Output, Quantity, Solution, Solver

from . import numerics

__all__ = ["SOLVERS", "SOLVE_TC", "SOLVE_GAP"]

_COUPLING = Quantity(
    "coupling", "", "the coupling λ = N(0)V", low=str(numerics.COUPLING_RANGE[0]),
    high=str(numerics.COUPLING_RANGE[1]), metavar="L", label="λ", sweep="either", column="coupling",
)
_FRACTION = Quantity(
    "t", "", "T/T_c, from 0 to 1", low="0", high="1", metavar="X", label="T/T_c", sweep="either", column="t",
)


def _solve_tc(inputs: Mapping[str, Any], digits: int) -> Solution:
    r = numerics.t_c(inputs["coupling"], digits)
    return Solution({"t_c": r.value}, r.digits, r.method)


def _solve_gap(inputs: Mapping[str, Any], digits: int) -> Solution:
    gap = numerics.delta(inputs["coupling"], inputs["t"], digits)
    full = numerics.delta0(inputs["coupling"], digits)
    return Solution({"delta": gap.value, "delta0": full.value}, min(gap.digits, full.digits), gap.method)


SOLVE_TC = Solver(
    "tc", "Eq. (5): the coupling λ -> k_B T_c/ħω_D",
    inputs=(_COUPLING,),
    outputs=(Output("t_c", "", "k_B T_c/ħω_D", label="k_B T_c/ħω_D"),),
    solve=_solve_tc, digits=numerics.DIGITS_RANGE, sweep_help="k_B T_c/ħω_D over the coupling λ",
)
SOLVE_GAP = Solver(
    "gap", "Eq. (8): λ, T/T_c -> Δ(T)/ħω_D, and Δ(0)/ħω_D (Eq. 4)",
    inputs=(_COUPLING, _FRACTION),
    outputs=(Output("delta", "", "Δ(T)/ħω_D", label="Δ(T)/ħω_D"),
             Output("delta0", "", "Δ(0)/ħω_D", label="Δ(0)/ħω_D")),
    solve=_solve_gap, digits=numerics.DIGITS_RANGE, sweep_help="Δ(T)/ħω_D over T/T_c (and λ)",
)

#: The solvers of Eqs. (5) and (8), in the order ``symcheck solve`` lists them.
SOLVERS = (SOLVE_TC, SOLVE_GAP)
