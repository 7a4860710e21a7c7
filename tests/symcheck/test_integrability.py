"""Integrability at 0: the power-law and logarithmic tests, their numeric cross-check, and "cannot decide"."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symcheck.integrability import integrability_at_zero

x = sp.Symbol("x", positive=True)
L = sp.log(x / 10)


@pytest.mark.parametrize("f, integrable, test", [
    (sp.sqrt(x), True, "power-law test"),
    (x ** sp.Rational(-1, 2) * (1 + x), True, "power-law test"),
    (x ** sp.Rational(-3, 2), False, "power-law test"),
    (sp.exp(-1 / x), True, "power-law test"),  # flatter than any power
    (sp.exp(1 / x), False, "power-law test"),
    (x ** sp.Rational(-99, 100) * (-sp.log(x)) ** 5, True, "power-law test"),  # the log only slows convergence
    (1 / (x * L**2), True, "logarithmic test"),  # ∫ = -1/log(x/10), finite at 0
    (1 / (x * L**2 * sp.log(-L)), True, "logarithmic test"),
    (1 / x, False, "logarithmic test"),
    ((1 + x) / x, False, "logarithmic test"),
])
def test_decided(f, integrable, test):
    verdict = integrability_at_zero(f, x)
    assert (verdict.integrable, verdict.test) == (integrable, test), verdict


@pytest.mark.parametrize("f, fragment", [
    (1 / (x * sp.Abs(L)), "q = -1 is the borderline case"),  # diverges like log log: no test can tell from q
    ((2 + sp.sin(1 / x)) / sp.sqrt(x), "finds no limit"),  # the local exponent oscillates
    (x ** sp.Rational(-999, 1000) * (-sp.log(x)) ** 50, "not borne out numerically"),  # integrable, too slow to see
])
def test_cannot_decide_is_said(f, fragment):
    verdict = integrability_at_zero(f, x)
    assert verdict.integrable is None and fragment in verdict.reason


def test_the_logarithmic_verdict_matches_the_integral():
    # the accepted borderline case really has a finite integral: ∫_δ^1 dx / (x log²(x/10)) converges to
    # 1/ln 10 as δ -> 0, slowly (the rest is 1/ln(10/δ)), which is why no quadrature at 0 can show it
    with mpmath.workdps(30):
        for k in (10, 100):
            decades = [mpmath.mpf(10) ** -j for j in range(k, -1, -1)]
            value = mpmath.quad(lambda t: 1 / (t * mpmath.log(t / 10) ** 2), decades)
            rest = 1 / ((k + 1) * mpmath.log(10))
            assert abs(value + rest - 1 / mpmath.log(10)) < mpmath.mpf(10) ** -15
    assert integrability_at_zero(1 / (x * L**2), x).integrable is True
