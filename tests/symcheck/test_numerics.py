"""symcheck.numerics: Fermi-Dirac quadrature against GSL's published values, roots that stay bracketed."""

from __future__ import annotations

import json
import math
from importlib.resources import files

import mpmath
import pytest

from symcheck.numerics import (
    NumericalError,
    agreement_digits,
    bracketed_root,
    fermi,
    fermi_dirac_integral,
    gauss_legendre,
    panel_integral,
    panels,
    round_to_digits,
)

GSL = json.loads(files("symcheck_derivations.exchange_pairing").joinpath("data", "gsl_fermi_dirac.json").read_text())
GSL_TOL = {"TEST_TOL0": 2, "TEST_TOL1": 16, "TEST_TOL2": 256}


@pytest.mark.parametrize("row", GSL["values"], ids=lambda r: f"F{r['j']}({r['eta']})")
def test_fermi_dirac_quadrature_matches_gsl(row):
    with mpmath.workdps(30):
        value = fermi_dirac_integral(mpmath.mpf(row["j"]), mpmath.mpf(row["eta"]), dps=25)
        published = mpmath.mpf(row["value"])
        # GSL prints about 20 digits and tests its own doubles to a few ulps (TEST_TOL0 = 2 eps);
        # the quadrature must reproduce every printed digit: 1e-18 relative
        assert abs(value - published) / published < mpmath.mpf("1e-18")


def test_gsl_table_is_complete():
    assert len(GSL["values"]) == 36
    assert {r["j"] for r in GSL["values"]} == {"-0.5", "0.5", "1.5"}


def test_fermi_dirac_agrees_with_polylog_far_from_the_table():
    with mpmath.workdps(50):
        for j, eta in [(0.5, 300), (1.5, -40), (-0.5, 0.001)]:
            a = fermi_dirac_integral(j, eta, dps=40)
            b = mpmath.re(-mpmath.polylog(j + 1, -mpmath.exp(eta)))
            assert agreement_digits(a, b) >= 38


def test_fermi_is_symmetric_and_overflow_free():
    with mpmath.workdps(40):
        for u in ("0.3", "7", "800"):
            v = mpmath.mpf(u)
            assert abs(fermi(v) + fermi(-v) - 1) < mpmath.mpf(10) ** -38
        assert fermi(mpmath.mpf(10) ** 8) > 0


def test_gauss_legendre_integrates_polynomials_exactly():
    with mpmath.workdps(40):
        xs, ws = gauss_legendre(10, 40)
        # a 10-point rule is exact up to degree 19
        assert abs(mpmath.fsum(w * x**18 for x, w in zip(xs, ws)) - mpmath.mpf(2) / 19) < mpmath.mpf(10) ** -38
        assert abs(mpmath.fsum(w * x**20 for x, w in zip(xs, ws)) - mpmath.mpf(2) / 21) > mpmath.mpf(10) ** -12


def test_panel_integral_with_endpoint_singularity():
    with mpmath.workdps(30):
        f = lambda x: mpmath.sqrt(1 - x)
        value = panel_integral(f, panels(mpmath.mpf(0), mpmath.mpf(1), 0.5), 20, singular_right=True)
        assert agreement_digits(value, mpmath.mpf(2) / 3) >= 28


def test_bracketed_root_keeps_the_sign_change():
    with mpmath.workdps(40):
        f = lambda x: mpmath.cos(x) - x
        r = bracketed_root(f, mpmath.mpf(0), mpmath.mpf(1), rel_tol=mpmath.mpf(10) ** -35)
        assert (f(r.lo) > 0) != (f(r.hi) > 0) or r.lo == r.hi
        assert r.lo <= r.root <= r.hi
        assert agreement_digits(r.root, mpmath.findroot(f, 0.7)) >= 34


def test_bracketed_root_with_newton():
    r = bracketed_root(lambda x: math.exp(x) - 10, 0.0, 5.0, rel_tol=1e-15, fprime=math.exp)
    assert abs(r.root - math.log(10)) < 1e-14


def test_bracketed_root_refuses_a_bracket_without_sign_change():
    with pytest.raises(NumericalError, match="no sign change"):
        bracketed_root(lambda x: x * x + 1, -1.0, 1.0, rel_tol=1e-10)


def test_agreement_digits_and_rounding():
    assert agreement_digits(mpmath.mpf("1.2345678"), mpmath.mpf("1.2345679")) == 7
    assert agreement_digits(mpmath.mpf(0), mpmath.mpf(0), cap=12) == 12
    assert round_to_digits(mpmath.mpf("2.71828182845"), 4) == "2.718"
