"""Each verification step of the engine has an input it exists for: without the step, these fail.

The inputs are purpose-built (a computation whose value depends on the working precision beyond its
digits, a limit whose SymPy and mpmath answers disagree, a root finder fed a wrong derivative) or
made by monkeypatching one side of a cross-check, so that only the verification stands between the
input and a wrong verdict.
"""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp

from symcheck import Claim, Identity, Inequality, Limit, RangeClaim, Status
from symcheck.checks import evaluate
from symcheck.numerics import NumericalError, bracketed_root
from symcheck.strategies import numeric_test

x = sp.Symbol("x", positive=True)
z = sp.Symbol("z")  # complex


def _drifting(dps: int) -> mpmath.mpf:
    """π, plus an error that shrinks with the working precision: good to about dps/2 digits only."""
    return mpmath.pi + mpmath.mpf(10) ** (-(dps // 2))


def _unstable(dps: int) -> mpmath.mpf:
    """A value whose second digit depends on the working precision."""
    return mpmath.mpf("3.1") + mpmath.mpf("0.05") * (dps % 2)


# -- evaluate(): the recomputation with 15 more digits ---------------------------------------------
def test_evaluate_reports_only_the_digits_that_survive_recomputation():
    value, digits = evaluate(_drifting, 30)
    # at 30 digits the error is 1e-15, at 45 digits 1e-22: the two agree to 15 digits, not 30
    assert 14 <= digits <= 16
    with mpmath.workdps(50):
        assert abs(value - mpmath.pi) < 1e-20  # the value returned is the more precise one


def test_evaluate_of_an_exact_expression_keeps_its_digits():
    assert evaluate(sp.pi, 30)[1] == 30


def test_claim_on_a_precision_dependent_value_is_inconclusive():
    # 3.1 as printed would hold at either precision alone; the recomputation shows the value is not
    # reproducible to 3 digits, so the check may not decide
    r = Claim("unstable", "3.1", _unstable).run()
    assert r.status is Status.INCONCLUSIVE, r


def test_claim_shows_no_more_digits_than_recomputation_verified():
    r = Claim("drift", "3.14159", _drifting, shown_digits=25).run()
    assert r.status is Status.HOLDS and 14 <= r.digits <= 16, r


def test_range_claim_ends_are_each_recomputed():
    r = RangeClaim("range-unstable", "3.1", "4", lambda dps: (_unstable(dps), mpmath.mpf(4))).run()
    assert r.digits < 3, r


def test_inequality_margin_must_exceed_the_verified_digits():
    # π + 1e-(dps/2) > π + 1e-18 is true at 30 digits (1e-15 > 1e-18) but not resolved: the value is
    # verified to ~15 digits only
    bound = mpmath.nstr(mpmath.pi + mpmath.mpf("1e-18"), 30)
    r = Inequality("drift-bound", _drifting, ">", bound).run()
    assert r.status is Status.INCONCLUSIVE, r


# -- Limit: SymPy and mpmath must agree --------------------------------------------------------------
def test_limit_is_not_held_when_mpmath_disagrees_with_sympy():
    # SymPy: 1/log(x) -> 0 as x -> 0+ (right). mpmath's extrapolation sees ~ -1e-4 (it converges like
    # 1/log): the cross-check fails, so the check may not hold on SymPy's word alone
    r = Limit("slow-log", 1 / sp.log(x), x, sp.Integer(0), sp.Integer(0)).run()
    assert r.status is Status.INCONCLUSIVE, r


def test_limit_is_not_held_on_mpmath_when_sympy_disagrees(monkeypatch):
    # the other way round: SymPy says the limit of x is 0, not 1; a (patched) mpmath side that agrees
    # with the wrong expected value must not make it hold
    monkeypatch.setattr(Limit, "_numeric", lambda self: (True, "mpmath limit (patched to agree)"))
    r = Limit("x-to-1", x, x, sp.Integer(0), sp.Integer(1)).run()
    assert r.status is Status.INCONCLUSIVE, r


def test_limit_holds_when_both_agree():
    r = Limit("sinc", sp.sin(x) / x, x, sp.Integer(0), sp.Integer(1)).run()
    assert r.status is Status.HOLDS and "cross-checked by mpmath" in r.method, r


def test_limit_fails_when_both_say_it_differs():
    r = Limit("sinc-wrong", sp.sin(x) / x, x, sp.Integer(0), sp.Integer(2)).run()
    assert r.status is Status.FAILS, r


# -- Identity: an unproved identity is tested, never assumed ---------------------------------------
def test_unproved_false_identity_is_refuted_not_held():
    # sqrt(z²) = z is false for complex z and no rewrite decides it: the numeric test must refute it
    r = Identity("branch", sp.sqrt(z**2), z).run()
    assert r.status is Status.FAILS and "counterexample" in r.method, r


def test_numeric_test_compares_to_its_digits():
    assert not numeric_test(sp.exp(x) * (1 + sp.Rational(1, 10**25)), sp.exp(x), digits=30).holds
    assert numeric_test(sp.exp(x) * (1 + sp.Rational(1, 10**35)), sp.exp(x), digits=30).holds


# -- bracketed_root: a converged Newton step is confirmed by a sign change --------------------------
def test_bracketed_root_does_not_trust_a_wrong_derivative():
    # f'(x) = 1e20 makes every Newton step look converged; only the confirming sign change around
    # the step stands between that and returning x = 0.5, where f = -0.375
    with mpmath.workdps(40):
        def f(v: mpmath.mpf) -> mpmath.mpf:
            return v**3 - mpmath.mpf("0.5")

        try:
            r = bracketed_root(f, mpmath.mpf(0), mpmath.mpf(1), rel_tol=mpmath.mpf(10) ** -12,
                               fprime=lambda v: mpmath.mpf(10) ** 20)
        except NumericalError:
            return  # refusing is honest
        assert (f(r.lo) > 0) != (f(r.hi) > 0) or f(r.root) == 0
        assert abs(r.root - mpmath.cbrt(mpmath.mpf("0.5"))) < mpmath.mpf(10) ** -11


def test_bracketed_root_enclosure_is_real():
    with mpmath.workdps(30):
        f = lambda v: mpmath.exp(v) - 3  # noqa: E731
        r = bracketed_root(f, mpmath.mpf(0), mpmath.mpf(2), rel_tol=mpmath.mpf(10) ** -25, fprime=mpmath.exp)
        assert f(r.lo) <= 0 <= f(r.hi)
        assert abs(r.root - mpmath.log(3)) < mpmath.mpf(10) ** -24
    assert math.isclose(float(r.root), math.log(3))


@pytest.mark.parametrize("steps", [0, 1])
def test_evaluate_agreement_is_not_capped_above_requested(steps):
    # a value exact at any precision agrees perfectly: never more digits than asked for
    assert evaluate(lambda dps: mpmath.mpf(2) ** steps, 20)[1] == 20


def test_range_claim_on_ends_not_reproducible_is_inconclusive():
    r = RangeClaim("range-unstable", "3.1", "4", lambda dps: (_unstable(dps), mpmath.mpf(4))).run()
    assert r.status is Status.INCONCLUSIVE and r.digits < 3, r
