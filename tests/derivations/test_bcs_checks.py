"""BCS weak coupling, the derivation: registered, every check holds (it is a control), and the
checks are the ones that can fail: a wrong closed form, limit or printed number is caught."""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from symcheck_derivations.bcs_weak_coupling import critical_temperature, derivation, ground_state, near_tc
from symcheck_derivations.bcs_weak_coupling.symbols import T, hbar_omega_D, k_B, lam
from symcheck import Claim, Identity, Limit, Status
from symcheck.registry import available, load

SOLVED = ("6-prefactor-solved", "7-half-ratio-solved", "9-prefactor-solved")
CHEAP = [c for c in derivation.checks if c not in SOLVED]


def test_registered_under_its_name():
    assert "bcs-weak-coupling" in available()
    assert load("bcs-weak-coupling") is derivation
    assert list(derivation.equations) == [str(k) for k in range(1, 11)]
    assert [s.name for s in derivation.solvers] == ["tc", "gap"]


@pytest.mark.parametrize("check_id", CHEAP)
def test_every_check_holds(check_id):
    r = derivation.checks[check_id].run()
    if check_id.endswith("-in-paper"):
        assert r.status is Status.NOT_RUN  # no paper markdown: the sources are textbooks and articles
    else:
        assert r.status is Status.HOLDS, r.detail


@pytest.mark.slow
@pytest.mark.parametrize("check_id", SOLVED)
def test_printed_numbers_hold_against_the_solved_equations(check_id):
    r = derivation.checks[check_id].run()
    assert r.status is Status.HOLDS, r.detail
    assert r.digits >= 6


@pytest.mark.parametrize("check_id", ["2-closed-form", "4-closed-form", "5-in-x", "5-by-parts", "6-weak-coupling",
                                      "8-at-tc", "10-gap-minimises"])
def test_closed_forms_are_proved(check_id):
    assert derivation.checks[check_id].run().method.startswith("proved")


@pytest.mark.parametrize("check_id", ["2-weak-coupling", "4-weak-coupling", "5-boundary-tail", "7-weak-coupling",
                                      "9-near-tc", "10-jump"])
def test_limits_are_sympy_limits_cross_checked(check_id):
    assert derivation.checks[check_id].run().method == "SymPy limit, cross-checked by mpmath"


def test_printed_numbers_and_their_exact_values():
    # independent: γ = 0.5772156649015329, ζ(3) = 1.2020569031595942
    euler, zeta3 = 0.5772156649015329, 1.2020569031595942
    expected = {
        "6-prefactor": ("1.134", 2 * math.exp(euler) / math.pi),
        "7-ratio": ("3.528", 2 * math.pi / math.exp(euler)),
        "7-half-ratio": ("1.764", math.pi / math.exp(euler)),
        "9-prefactor": ("3.06", math.sqrt(8 * math.pi**2 / (7 * zeta3))),
        "10-jump-value": ("1.43", 12 / (7 * zeta3)),
    }
    for check_id, (printed, exact) in expected.items():
        check = derivation.checks[check_id]
        assert check.paper_value == printed
        assert float(sp.N(check.computed, 20)) == pytest.approx(exact, rel=1e-14)


def test_gl_coefficient_against_quadrature():
    # d/dΔ² of ∫_0^∞ tanh(E/2T)/E dξ at Δ = 0 is (1/8T²) ∫_0^∞ (sech²x/x² - tanh x/x³) dx
    with mpmath.workdps(30):
        cut = mpmath.mpf("1e-3")  # below it the integrand is -2/3 + 8x²/15 + O(x⁴)
        integral = mpmath.quad(lambda x: 1 / mpmath.cosh(x) ** 2 / x**2 - mpmath.tanh(x) / x**3,
                               [cut, 1, 4, 16, mpmath.inf]) - 2 * cut / 3 + 8 * cut**3 / 45
        coefficient = near_tc.gl_coefficient().subs({k_B: 1, T: 1})
        assert mpmath.almosteq(mpmath.mpf(sp.N(coefficient, 30)), integral / 8, rel_eps=mpmath.mpf("1e-8"))


def test_the_weak_coupling_constant_is_derived_not_typed():
    prefactor = critical_temperature.weak_coupling_prefactor(sp.log(sp.pi / 4) - sp.EulerGamma)
    assert sp.simplify(prefactor - 2 * sp.exp(sp.EulerGamma) / sp.pi) == 0


# -- the checks can fail: the same constructions on wrong statements --------------------------------

def test_a_wrong_gap_closed_form_is_refuted():
    gap = ground_state.EQ_3.rhs.doit()
    wrong = hbar_omega_D / sp.sinh(2 / lam)
    r = Identity("wrong", sp.sinh(gap / lam).subs(ground_state.Delta_0, wrong), sp.sinh(1 / lam)).run()
    assert r.status is Status.FAILS


def test_a_wrong_weak_coupling_limit_fails():
    r = Limit("wrong", ground_state.EQ_4.rhs / (hbar_omega_D * sp.exp(-1 / lam)), lam, 0, 1).run()
    assert r.status is Status.FAILS


def test_a_wrong_printed_ratio_fails():
    assert Claim("wrong", "3.54", critical_temperature.EQ_7.rhs).run().status is Status.FAILS


def test_details_computed_at_run_state_what_was_computed():
    """The free energy, coefficient and Δ² a detail names are computed with the check and stated in full."""
    omega = near_tc._free_energy()[0]
    jump = derivation.checks["10-jump"].run()
    assert f"Ω_s - Ω_n = {sp.sstr(omega)}, over γT_c" in jump.detail
    near = derivation.checks["9-near-tc"].run()
    assert f"from the Matsubara sum is {sp.sstr(near_tc.gl_coefficient())}; " in near.detail
    assert f"Δ² = {sp.sstr(near_tc.gl_gap_squared())}, over" in near.detail
