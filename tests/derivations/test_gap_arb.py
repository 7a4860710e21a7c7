"""Eq. (3.11) in Arb ball arithmetic: the balls contain the printed equation's value, and a proof is a proof.

The reference integrates the equation as printed, ∫_0^E_1 S dE - ∫_0^E_λ=2R S f dE for S = E^p at
E_1 = 1, by mpmath's tanh-sinh quadrature at a precision that beats its cancellation, with its own
error estimate; the cancellation-free balance is B(C; ε) = -(LHS - RHS) / (E_1^(p+1) ε). A ball must
contain it. Then one ingredient of the proof at a time is made wrong (a root off by 10^-8, balls that
contain zero, a tail cut short): the path must refuse, escalate or stay right, and the solver must
still report verified digits (from the mpmath path when the balls refuse).
"""

from __future__ import annotations

from fractions import Fraction

import flint
import mpmath
import pytest
import sympy as sp
from symcheck_derivations.exchange_pairing import gap, gap_arb

from symcheck import balls


def printed_balance(c: str, eps: str, p: Fraction, dps: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    """B(C; ε) from the printed (3.11) at E_1 = 1, k_B T_c = ε, E_λ=2R = 1 + Cε; and its error estimate."""
    with mpmath.workdps(dps):
        c, t, q = mpmath.mpf(c), mpmath.mpf(eps), mpmath.mpf(p.numerator) / p.denominator
        e_lambda = 1 + c * t
        points = {mpmath.mpf(0), e_lambda}
        for k in (-80, -30, -10, -3, 0, 3, 10, 30, 80):
            if 0 < 1 + k * t < e_lambda:
                points.add(1 + k * t)
        rhs, err = mpmath.quad(lambda E: E**q / (mpmath.exp((E - 1) / t) + 1), sorted(points), error=True, maxdegree=10)
        lhs = 1 / (q + 1)
        return -(lhs - rhs) / t, err / t


@pytest.mark.parametrize("c, eps, p", [
    ("9.5", "8.6e-5", Fraction(1, 2)),
    ("12", "1e-6", Fraction(2)),
    ("7", "1e-3", Fraction(3, 2)),
    ("5", "0.01", Fraction(1, 3)),
    ("3", "0.017", Fraction(1, 2)),     # the tail reaches E = 0 (1/ε ≈ 59): bounded there in closed form
    ("16", "1e-7", Fraction(-1, 2)),    # S falling: the other tail bound
])
def test_balance_ball_contains_the_printed_equation(c, eps, p):
    with balls.precision(160):
        e = balls.from_rational(Fraction(eps))
        x = balls.from_rational(Fraction(c))
        assert x.is_exact()
        ball = gap_arb.balance_ball(x, e, balls.from_rational(p), 30, flint.arb(10) ** -40)
    ref, err = printed_balance(c, eps, p, 120)
    mid, rad = balls.to_mpf(ball.mid()), balls.to_mpf(ball.rad())
    assert abs(mid - ref) <= rad + err + mpmath.mpf(10) ** -60, (ball, ref)
    assert rad < mpmath.mpf(10) ** -30 * mpmath.mpf(eps)  # and the ball says something (B is of order ε)


@pytest.mark.parametrize("c, eps, p", [("9.5", "8.6e-5", Fraction(1, 2)), ("16", "1e-7", Fraction(-1, 2))])
def test_tail_cut_short_is_bounded_not_dropped(monkeypatch, c, eps, p):
    # the tail integrated over 2 k_B T_c only: the ball must widen to cover the rest, never miss it
    monkeypatch.setattr(gap_arb, "_cut", lambda digits: 2.0)
    with balls.precision(160):
        ball = gap_arb.balance_ball(balls.from_rational(Fraction(c)), balls.from_rational(Fraction(eps)),
                                    balls.from_rational(p), 30, flint.arb(10) ** -40)
    ref, err = printed_balance(c, eps, p, 120)
    assert abs(balls.to_mpf(ball.mid()) - ref) <= balls.to_mpf(ball.rad()) + err
    assert balls.to_mpf(ball.rad()) > mpmath.mpf(10) ** -10 * mpmath.mpf(eps)  # about e^-(C+2): wide, as it must be


# -- the proof ----------------------------------------------------------------------------------
def _mpmath_c(e1: str, tc: str, digits: int) -> str:
    return gap.solve_c(e1, tc, digits=digits, allow_double=False, allow_arb=False).C


def test_ball_path_proves_30_digits_and_says_so():
    r = gap.solve_c("1", "1", digits=30)
    assert r.path.startswith("Arb ball arithmetic (B changes sign across C(1 ± 10^-30): proved")
    assert r.C == _mpmath_c("1", "1", 30)


def test_a_root_the_balls_do_not_enclose_is_not_reported(monkeypatch):
    # Newton's root moved by 10^-8 before the proof: B has the same sign at both ends, no proof;
    # the solver must fall back and still be right
    real = gap_arb._prove

    def shifted(ball_of, root, digits, *, rising):
        return real(ball_of, root * (1 + mpmath.mpf(10) ** -8), digits, rising=rising)

    monkeypatch.setattr(gap_arb, "_prove", shifted)
    eps = Fraction(1380649, 16021766340)
    assert gap_arb.solve_inverse(eps, Fraction(1, 2), 20, 9.555015818) is None
    r = gap.solve_c("1", "1", digits=20)
    assert r.path.startswith("mpmath") and r.C == _mpmath_c("1", "1", 20)
    f = gap.solve_tc("3.09", "3.2", "0.2", digits=20)
    assert f.path.startswith("mpmath")


def test_balls_that_contain_zero_prove_nothing(monkeypatch):
    real = gap_arb._b_at
    monkeypatch.setattr(gap_arb, "_b_at", lambda *a: real(*a).union(flint.arb(0)))
    r = gap.solve_c("1", "1", digits=20)
    assert r.path.startswith("mpmath") and r.C == _mpmath_c("1", "1", 20)


def test_undecided_balls_are_retried_at_higher_precision(monkeypatch):
    # balls made at the first proving precision contain zero; one escalation (64 more bits) decides
    real = gap_arb._b_at
    first = balls.bits_for_digits(20 + gap_arb.GUARD_DIGITS + 4)

    def coarse(*a):
        value = real(*a)
        return value.union(flint.arb(0)) if flint.ctx.prec == first else value

    monkeypatch.setattr(gap_arb, "_b_at", coarse)
    r = gap.solve_c("1", "1", digits=20)
    assert r.path.startswith("Arb") and f"at {first + 64} bits" in r.path
    assert r.C == _mpmath_c("1", "1", 20)


@pytest.mark.parametrize("dos, why", [("5", "root at C = 1/ε"), ("E**-0.5", "no root")])
def test_ball_path_leaves_what_it_cannot_take_to_mpmath(dos, why):
    eps = Fraction(1380649, 16021766340)
    p = gap._ball_exponent(gap.DensityOfStates.parse(dos))
    assert gap_arb.solve_inverse(eps, p, 20, 10.0) is None, why


def test_irrational_exponent_is_not_taken_by_the_balls():
    assert gap._ball_exponent(gap.DensityOfStates.from_expr(gap.E ** sp.sqrt(2))) is None
    assert gap._ball_exponent(gap.DensityOfStates.parse("E**1.5")) == Fraction(3, 2)


@pytest.mark.parametrize("dos", ["E**1.5", "E**(1/3)"])
def test_forward_ball_path_other_powers_against_mpmath(dos):
    d = gap.DensityOfStates.parse(dos)
    fast = gap.solve_tc("2.01", "2.0", "0.03", d, digits=25)
    slow = gap.solve_tc("2.01", "2.0", "0.03", d, digits=25, allow_arb=False)
    assert fast.path.startswith("Arb") and slow.path.startswith("mpmath")
    assert fast.Tc_K == slow.Tc_K


def _fraction(x: flint.arb) -> Fraction:
    man, exp = x.mid().man_exp()
    return Fraction(int(man)) * Fraction(2) ** int(exp)


def test_proof_points_lie_inside_the_claimed_interval():
    # the two points where the signs are proved must lie within root(1 ± 10^-digits) exactly, not just
    # to within a rounding: the claim is that the root lies between them
    seen = []

    def rising(point):
        seen.append(point)
        return point - flint.arb(mpmath.nstr(root, 40))

    with mpmath.workdps(40):
        root = mpmath.mpf(1) / 3
    assert gap_arb._prove(rising, root, 20, rising=True) is not None
    lo, hi = seen
    assert lo.is_exact() and hi.is_exact()
    exact = Fraction(int(root.man)) * Fraction(2) ** int(root.exp)
    assert exact * (1 - Fraction(1, 10**20)) <= _fraction(lo) < exact < _fraction(hi) <= exact * (1 + Fraction(1, 10**20))


def test_balance_at_a_ball_C_covers_every_C_in_it():
    # the forward proof evaluates B at C = δ/ε, a ball: the enclosure must hold for every C in it
    with balls.precision(160):
        e, p = balls.from_rational(Fraction("8.6e-5")), balls.from_rational(Fraction(1, 2))
        wide = flint.arb(flint.fmpq(19, 2), flint.arb(10) ** -6)
        ball = gap_arb._b_at(wide, e, p, 30)
        for end in (wide.lower(), wide.upper()):
            assert ball.contains(gap_arb.balance_ball(end, e, p, 30, flint.arb(10) ** -45))


def test_solves_in_threads_each_prove_their_digits():
    # Arb's and mpmath's precisions are one setting per process: concurrent solves (a Dask worker's
    # threads) must not run at, or leave behind, each other's (the tests' fixture checks mpmath's)
    from concurrent.futures import ThreadPoolExecutor

    generic = gap.DensityOfStates.parse("sqrt(E)*(1+E/10)")
    jobs = [("1", "1", gap.FERMI_LIQUID, 30), ("1", "1e-3", gap.FERMI_LIQUID, 60), ("0.7", "3.3", generic, 14),
            ("3", "0.1", gap.FERMI_LIQUID, 45)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda job: gap.solve_c(*job), jobs))
    for job, r in zip(jobs, results):
        assert r.path.startswith("mpmath" if job[2] is generic else "Arb") and r.digits == job[3]
        assert r.C == gap.solve_c(*job).C
