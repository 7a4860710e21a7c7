"""symcheck.balls: exact conversions, proved signs, rigorous integrals, branch cuts reported."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import flint
import mpmath
import pytest

from symcheck import balls
from symcheck.numerics import NumericalError


def test_mpf_round_trip_is_exact():
    with mpmath.workdps(50):
        x = mpmath.mpf(1) / 3
        minus = -x
    with balls.precision(400):
        b = balls.from_mpf(x)
        assert b.is_exact() and balls.to_mpf(b) == x
        assert balls.from_mpf(minus) == -b and balls.from_mpf(mpmath.mpf(0)) == 0
        assert balls.from_mpf(mpmath.mpf(2) ** 300) == flint.arb(2) ** 300


def test_mpf_with_more_bits_than_the_precision_becomes_a_ball_around_it():
    with mpmath.workdps(50):
        x = mpmath.mpf(1) / 3
    with balls.precision(60):
        b = balls.from_mpf(x)
    with balls.precision(400):
        assert not b.is_exact() and b.contains(balls.from_mpf(x))


def test_rational_balls_contain_the_exact_value():
    with balls.precision(64):
        third = balls.from_rational(Fraction(1, 3))
        assert third.contains(flint.fmpq(1, 3)) and not third.is_exact()
        assert balls.from_rational(Decimal("0.1")).contains(flint.fmpq(1, 10))
        assert balls.from_rational(Decimal("-2.5")).is_exact()


def test_sign_is_decided_only_when_the_ball_excludes_zero():
    assert balls.sign(flint.arb(1, 0.5)) == 1
    assert balls.sign(flint.arb(-1, 0.5)) == -1
    assert balls.sign(flint.arb(1, 2)) == 0
    assert balls.sign(flint.arb(0)) == 0


def test_precision_is_restored():
    before = flint.ctx.prec
    with pytest.raises(RuntimeError), balls.precision(300):
        assert flint.ctx.prec == 300
        raise RuntimeError
    assert flint.ctx.prec == before


def test_integral_contains_the_exact_value():
    with balls.precision(200):
        # ∫_0^1 e^x dx = e - 1; ∫_0^10 φ(u) du = ln 2 - ln(1 + e^-10)
        exp = balls.integral(lambda z, _: z.exp(), flint.arb(0), flint.arb(1), flint.arb(2) ** -190)
        assert exp.contains(flint.arb(1).exp() - 1) and exp.rad() < flint.arb(10) ** -50
        phi = balls.integral(lambda z, _: balls.fermi(z), flint.arb(0), flint.arb(10), flint.arb(2) ** -190)
        assert phi.contains(flint.arb(2).log() - (1 + (-flint.arb(10)).exp()).log())
        assert phi.rad() < flint.arb(10) ** -50


def test_log1p_refuses_its_branch_cut_when_analyticity_is_asked():
    z = flint.acb(-1.5, 0.1)
    assert not balls.log1p(z, True).is_finite()
    assert balls.log1p(z, False).is_finite()
    assert balls.log1p(flint.acb(0.5), True).real.contains(flint.arb(1.5).log())
    with balls.precision(200):
        # √x has a branch cut at x ≤ 0: integrated from 1 to 4 only with the flag honoured
        root = balls.integral(lambda z, a: (balls.log1p(z - 1, a) / 2).exp(), flint.arb(1), flint.arb(4), flint.arb(2) ** -190)
        assert root.contains(flint.fmpq(14, 3))


def test_integral_that_cannot_be_enclosed_is_an_error():
    with pytest.raises(NumericalError, match="finite enclosure"):
        balls.integral(lambda z, _: flint.acb(flint.arb("nan")), flint.arb(0), flint.arb(1), flint.arb(2) ** -50)
