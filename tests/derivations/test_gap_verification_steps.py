"""The verification steps of the Eq. (3.11) solvers, each given an input it exists to catch.

The solvers verify what they report in four ways: the double-precision path brackets its root with
two balances whose signs are certain (value beyond a rounding and quadrature bound); the mpmath path
solves at two precisions, compares, and brackets the root with a sign change of the balance. (The
Arb ball path's proof has its own tests, in test_gap_arb.py; the mpmath tests here ask for the
mpmath path with ``allow_arb=False``.) Here
one ingredient at a time is made wrong (by monkeypatching the solver's own helpers) so that only the
verification stands between it and a wrong answer: the solver must then fall back, escalate or refuse,
and what it does report must still be right.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symcheck_derivations.exchange_pairing import gap
from symcheck import InputError


def _truth_c(e1: str, tc: str, digits: int) -> mpmath.mpf:
    return mpmath.mpf(gap.solve_c(e1, tc, digits=digits, allow_double=False, allow_arb=False).C)


def _truth_tc(args: tuple[str, str, str], digits: int) -> mpmath.mpf:
    return mpmath.mpf(gap.solve_tc(*args, digits=digits, allow_double=False, allow_arb=False).Tc_K)


FORWARD = ("3.09", "3.2", "0.2")


# -- the double path: error bound, enclosure ---------------------------------------------------------
@pytest.mark.parametrize("c, eps, p", [(9.5, 8.6e-5, 0.5), (5.0, 0.015, 0.5), (12.0, 1e-6, 2.0), (7.0, 1e-3, 1.5),
                                       (3.0, 0.019, 0.5), (20.0, 1e-9, 0.5)])
def test_double_balance_error_bound_covers_its_error(c, eps, p):
    (value, bound), = gap._balances_double([(c, eps)], p, True)
    with mpmath.workdps(40):
        s = gap.DensityOfStates.from_expr(gap.E ** sp.nsimplify(p)).ratio(mpmath.mpf(1))
        exact = gap.balance(mpmath.mpf(c), mpmath.mpf(eps), s, 30)
        assert abs(value - exact) <= bound, (value, exact, bound)
        # and the bound is not vacuous: far below the balance's own size
        assert bound < abs(exact) * 1e-9


def _shifted_root(monkeypatch):
    """The double Newton/bracket iteration sees a balance whose root is off by 1e-7 (relative in C);
    the verification, which evaluates the balance through ``_balances_double``, does not."""
    real = gap._balance_double

    def wrong(c, eps_, p, bound=True):
        return real(c * (1 + 1e-7), eps_, p, bound)

    monkeypatch.setattr(gap, "_balance_double", wrong)


def test_inverse_double_root_that_is_wrong_is_not_reported(monkeypatch):
    truth = _truth_c("1", "1", 14)
    _shifted_root(monkeypatch)
    r = gap.solve_c("1", "1", digits=12)
    assert r.digits >= 12 and not r.path.startswith("double")
    assert abs(mpmath.mpf(r.C) - truth) <= mpmath.mpf(10) ** -10


def test_forward_double_root_that_is_wrong_is_not_reported(monkeypatch):
    truth = _truth_tc(FORWARD, 14)
    _shifted_root(monkeypatch)
    r = gap.solve_tc(*FORWARD, digits=12)
    assert r.digits >= 12 and not r.path.startswith("double")
    assert abs(mpmath.mpf(r.Tc_K) - truth) <= truth * mpmath.mpf(10) ** -11


def test_double_path_does_not_claim_a_sign_inside_its_error_bound(monkeypatch):
    # the same balances, with an error bound larger than they are: no sign is certain, so the double
    # path must not verify anything and a higher-precision path (Arb balls, or mpmath) must take over
    real = gap._balances_double

    def uncertain(points, p, bound):
        return [(value, error + 1.0) for value, error in real(points, p, bound)]

    monkeypatch.setattr(gap, "_balances_double", uncertain)
    for allow_arb, path in ((True, "Arb"), (False, "mpmath")):
        inverse = gap.solve_c("1", "1", digits=12, allow_arb=allow_arb)
        forward = gap.solve_tc(*FORWARD, digits=12, allow_arb=allow_arb)
        assert inverse.path.startswith(path) and forward.path.startswith(path)
        assert inverse.digits >= 12 and forward.digits >= 12


def test_double_path_never_claims_more_than_13_digits():
    # double precision carries ~16 digits and the balance loses some: more than 13 needs mpmath
    for digits in (14, 15):
        assert not gap.solve_c("1", "1", digits=digits).path.startswith("double")
        assert not gap.solve_tc(*FORWARD, digits=digits).path.startswith("double")


# -- the mpmath path: enclosure, agreement between precisions ---------------------------------------
@pytest.mark.slow
def test_inverse_mpmath_refuses_a_root_that_no_sign_change_encloses(monkeypatch):
    # a root finder wrong by 1e-5 at every precision: both solutions agree with each other, so only
    # the sign change of the balance across C(1 ± 10^-digits) can notice
    wrong = mpmath.nstr(_truth_c("1", "1", 12) * (1 + mpmath.mpf(10) ** -5), 20)
    monkeypatch.setattr(gap, "_root_C", lambda *a, **k: mpmath.mpf(wrong))
    with pytest.raises(InputError, match="could not be verified"):
        gap.solve_c("1", "1", digits=6, allow_double=False, allow_arb=False)


@pytest.mark.slow
def test_forward_mpmath_refuses_a_root_that_no_sign_change_encloses(monkeypatch):
    r = gap.solve_tc(*FORWARD, digits=12, allow_double=False, allow_arb=False)
    with mpmath.workdps(30):
        wrong = mpmath.nstr(mpmath.log(mpmath.mpf(r.Tc_K) * gap.K_B_EV.p / gap.K_B_EV.q / mpmath.mpf(r.E1_eV)) + mpmath.mpf(10) ** -5, 20)
    monkeypatch.setattr(gap, "_root_forward", lambda *a, **k: mpmath.mpf(wrong))
    with pytest.raises(InputError, match="could not be verified"):
        gap.solve_tc(*FORWARD, digits=6, allow_double=False, allow_arb=False)


def _precision_dependent_balance(monkeypatch):
    """The balance carries an error of 10^-(dps/4) of its scale: its root is right only to about a
    quarter of the working digits, at every precision. Solving at two precisions shows it."""
    real = gap.balance

    def drifting(c, eps_, s, digits):
        return real(c, eps_, s, digits) + eps_ * mpmath.mpf(10) ** -(mpmath.mp.dps // 4)

    monkeypatch.setattr(gap, "balance", drifting)


@pytest.mark.slow
def test_inverse_mpmath_escalates_until_two_precisions_agree(monkeypatch):
    truth = _truth_c("1", "1", 14)
    _precision_dependent_balance(monkeypatch)
    r = gap.solve_c("1", "1", digits=12, allow_double=False, allow_arb=False)
    assert r.digits == 12
    assert abs(mpmath.mpf(r.C) - truth) <= mpmath.mpf(10) ** -10


@pytest.mark.slow
def test_forward_mpmath_escalates_until_two_precisions_agree(monkeypatch):
    truth = _truth_tc(FORWARD, 14)
    _precision_dependent_balance(monkeypatch)
    r = gap.solve_tc(*FORWARD, digits=12, allow_double=False, allow_arb=False)
    assert r.digits == 12
    assert abs(mpmath.mpf(r.Tc_K) - truth) <= truth * mpmath.mpf(10) ** -11
