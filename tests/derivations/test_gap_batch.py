"""The vectorised (3.11) solvers sweeps use (gap_batch): bounds that cover their errors, roots that agree
with the per-point solvers digit for digit and with the printed equation by brute force, a verification
that refuses a wrong root, digits printed exactly as ``round_to_digits`` prints them, and sweep CSVs
byte-identical to the per-point ones on grids that include points the batch leaves to the per-point
solver."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

import mpmath
import numpy as np
import pytest
import sympy as sp
from symcheck_derivations.exchange_pairing import gap, solvers
from symcheck_derivations.exchange_pairing import gap_batch as gb

from symcheck import cli
from symcheck.derivation import Derivation
from symcheck.numerics import round_to_digits

HALF = sp.Rational(1, 2)

with mpmath.workdps(60):
    KB = mpmath.mpf(gap.K_B_EV.p) / gap.K_B_EV.q


def _dos(p) -> gap.DensityOfStates:
    return gap.DensityOfStates.from_expr(gap.E ** sp.nsimplify(p))


# -- printing verified digits ------------------------------------------------------------------------
EDGES = [9.9999999999995, 9.99999999999949, 99.99999999999951, 0.5, 1.0, 123.0, 1.5e39, 1.5e40, 9.99999999999999e39,
         0.00012345, 1.23e-12, 1.23e-11, 3.3e-100, 8.61733e-5, 123456.7, 999999999999.4, 1e-12, 1e-13, 0.99999999999999]


def _distance_to_half(x: float, digits: int) -> Decimal:
    exact = Decimal(x)
    scaled = exact.scaleb(digits - 1 - exact.adjusted())
    return abs(scaled - scaled.to_integral_value(rounding="ROUND_FLOOR") - Decimal("0.5"))


@pytest.mark.parametrize("digits", [1, 3, 6, 12, 13])
def test_printed_digits_are_those_of_round_to_digits(digits):
    rng = np.random.default_rng(digits)
    values = np.concatenate([EDGES, 10 ** rng.uniform(-120, 120, 3000), rng.uniform(0.9, 10, 1000)])
    printed = gb.format_digits(values, np.zeros_like(values), digits)
    for x, text in zip(values.tolist(), printed):
        if text is None:  # refused only right next to a rounding boundary
            assert _distance_to_half(x, digits) < Decimal("0.005"), x
        else:
            assert text == round_to_digits(mpmath.mpf(x), digits), x
    assert sum(text is None for text in printed) <= 0.01 * len(printed)


def test_printed_digits_round_up_across_a_power_of_ten_and_keep_the_layout():
    cases = [(9.9999999999995, 12, "10.0000000000"), (99.99999999999951, 12, "100.000000000"),
             (999999999999.4, 12, "999999999999."), (1.5e40 * 1.0001, 3, "1.50e+40"), (1.5e-13 * 1.0001, 3, "1.50e-13"),
             (1.23456e-12, 4, "1.235e-12"), (1.23456e-11, 4, "0.00000000001235"), (9.996e39, 3, "1.00e+40")]
    for x, digits, text in cases:
        assert gb.format_digits(np.array([x]), np.zeros(1), digits) == [text] == [round_to_digits(mpmath.mpf(x), digits)]



def test_the_detail_line_prints_k_T_over_E1_as_mpmath_nstr_does():
    rng = np.random.default_rng(7)
    values = np.concatenate([[8.61733e-5, 0.0153467, 1.5, 1e-5, 1e-4, 2.5e6, 0.01, 123456.0, 999999.5, 1.0],
                             10 ** rng.uniform(-260, 10, 3000)])
    assert gb.short_text(values) == [mpmath.nstr(mpmath.mpf(v), 6) for v in values.tolist()]


def test_a_value_whose_radius_reaches_a_rounding_boundary_is_not_printed():
    assert gb.format_digits(np.array([1.26, 1.26, 1.25]), np.array([0.001, 0.02, 0.0]), 2) == ["1.3", None, None]


# -- the balance and its bound -------------------------------------------------------------------------
def _brute_balance(c: float, eps: float, p: float) -> mpmath.mpf:
    """B(C; ε) = ∫_0^C s(εu) φ du - ∫_0^{1/ε} s(-εu) φ du by brute-force quadrature (both terms O(1))."""
    with mpmath.workdps(30 + int(-math.log10(eps))):
        e, pp, a = mpmath.mpf(eps), mpmath.mpf(p), 1 / mpmath.mpf(eps)

        def phi(u):
            return 1 / (mpmath.exp(u) + 1)

        up = mpmath.quad(lambda u: (1 + e * u) ** pp * phi(u), mpmath.linspace(0, c, int(c) + 2))
        top = min(a, mpmath.mpf(200))
        down = mpmath.quad(lambda u: (1 - e * u) ** pp * phi(u), mpmath.linspace(0, top, int(top / 2) + 2))
        return up - down


@pytest.mark.parametrize("c, eps, p", [(9.5, 8.6e-5, 0.5), (4.2, 0.0199, 0.5), (12.0, 1e-6, 2.0), (7.0, 1e-3, 1.5),
                                       (3.0, 0.019, 3.7), (20.0, 1e-9, 0.5), (26.0, 1e-12, 0.1), (2.5, 0.015, 1 / 3)])
def test_balance_error_bound_covers_its_error(c, eps, p):
    value, bound = gb.balance_bounded(np.array([c]), np.array([eps]), p)
    exact = _brute_balance(c, eps, p)
    assert abs(value[0] - exact) <= bound[0], (value[0], exact, bound[0])
    assert bound[0] < 1e-12 * eps * p  # and not vacuous: the terms of B are of size ε p


@pytest.mark.parametrize("c, eps, p", [(9.5, 8.6e-5, 0.5), (4.2, 0.0199, 0.5), (3.0, 0.019, 3.7), (26.0, 1e-12, 0.1),
                                       (12.0, 1e-6, 2.0)])
def test_each_series_bound_covers_its_own_error(c, eps, p):
    """D(ε) and K(C; ε) separately: a bound dropped from either is caught here, not hidden by the other's."""
    text = repr(p)
    d, d_bound = gb._d_series(np.array([eps]), p, text)
    k, _, k_bound = gb._k_series(np.array([c]), np.array([eps]), p, text, True)
    with mpmath.workdps(40 + int(-math.log10(eps))):
        e, pp = mpmath.mpf(eps), mpmath.mpf(p)
        phi = lambda u: 1 / (mpmath.exp(u) + 1)
        k_exact = mpmath.quad(lambda u: (1 + e * u) ** pp * phi(u), mpmath.linspace(c, c + 200, 101))
        d_exact = _brute_balance(c, eps, p) + k_exact
    assert abs(d[0] - d_exact) <= d_bound[0] < 1e-13 * abs(d_exact)
    assert abs(k[0] - k_exact) <= k_bound[0] < 1e-13 * abs(k_exact)


def test_balance_at_tiny_kT_over_E1_agrees_with_the_mpmath_balance():
    c, eps = 575.0, 1e-249
    value, bound = gb.balance_bounded(np.array([c]), np.array([eps]), 0.5)
    with mpmath.workdps(40):
        s = _dos(HALF).ratio(mpmath.mpf(1))
        exact = gap.balance(mpmath.mpf(c), mpmath.mpf(eps), s, 30)
    assert abs(value[0] - exact) <= bound[0] < 1e-12 * eps


# -- the solvers against the per-point solvers and the printed equation --------------------------------
E1 = ["0.001", "0.05", "1", "3.7", "250000"]
TC = ["0.001", "0.3", "1", "77.7", "4000", "1e-90"]


@pytest.mark.parametrize("p", [HALF, sp.Rational(3, 2), sp.Rational(1, 3), sp.Integer(2), sp.sqrt(2)])
def test_inverse_batch_gives_the_per_point_digits(p):
    points = [(Decimal(e1), Decimal(tc)) for e1 in E1 for tc in TC]
    solved = gb.solve_c_batch(points, p, 12)
    in_range = 0
    for (e1, tc), r in zip(points, solved):
        eps = float(tc) * float(KB) / float(e1)
        in_range += 1e-250 < eps < 0.0199
        if r is None:
            continue
        assert 1e-250 < eps < 0.02
        ref = gap.solve_c(e1, tc, _dos(p), 12)
        assert (r[0], r[1], ref.digits) == (ref.C, ref.E_lambda_eV, 12)
        assert ref.detail.endswith(r[2])
    assert sum(r is not None for r in solved) >= in_range - 1 >= 15


def _printed_residual(e1, t, e_lambda, p, dps):
    """LHS - RHS of the printed (3.11) for S = E^p by brute-force quadrature (positive below the root)."""
    with mpmath.workdps(dps):
        e1, t, e_lambda, p = (mpmath.mpf(v) for v in (e1, t, e_lambda, p))
        points = sorted({mpmath.mpf(0), e_lambda, *(e1 + k * t for k in (-80, -30, -10, -3, 0, 3, 10, 30, 80)
                                                    if 0 < e1 + k * t < e_lambda)})
        rhs = mpmath.quad(lambda E: E**p / (mpmath.exp((E - e1) / t) + 1), points, maxdegree=10)
        return e1 ** (p + 1) / (p + 1) - rhs


def _ulp(text: str) -> mpmath.mpf:
    d = Decimal(text)
    return mpmath.mpf(10) ** (d.adjusted() - len(d.as_tuple().digits) + 1)


@pytest.mark.parametrize("e1, tc, p", [("1", "1", HALF), ("0.25", "50", HALF), ("3", "0.1", sp.Rational(3, 2)),
                                       ("0.7", "3.3", sp.Integer(2))])
def test_inverse_batch_matches_the_printed_equation(e1, tc, p):
    [r] = gb.solve_c_batch([(Decimal(e1), Decimal(tc))], p, 12)
    assert r is not None
    with mpmath.workdps(60):
        t = KB * mpmath.mpf(tc)
        dps = int(2 * -math.log10(float(t / mpmath.mpf(e1)))) + 30
        c, ulp = mpmath.mpf(r[0]), _ulp(r[0])
        below = _printed_residual(e1, t, mpmath.mpf(e1) + (c - ulp) * t, p, dps)
        above = _printed_residual(e1, t, mpmath.mpf(e1) + (c + ulp) * t, p, dps)
    assert below > 0 > above


FORWARD = [("3.09", "3.2", "0.2"), ("3.09", "3.0", "0.1"), ("3.09", "3.09", "0.001"), ("3", "2.999", "0.002"),
           ("3", "2.95", "0.1"), ("3", "3", "0.19"), ("3", "3.5", "0.2"), ("3", "3.1", "0.1"), ("1e-3", "1e-3", "1e-6")]


def test_forward_batch_gives_the_per_point_digits():
    points = [tuple(Decimal(v) for v in row) for row in FORWARD]
    solved = gb.solve_tc_batch(points, HALF, 12)
    for row, r in zip(FORWARD, solved):
        ref = gap.solve_tc(*row, digits=12)
        if ref.path.startswith("double"):
            assert r is not None, row
        if r is not None:
            assert (r[0], r[1], r[2], r[3]) == (ref.Tc_K, ref.E1_eV, ref.C, ref.regime) and ref.digits == 12
            assert ref.detail == f"S = sqrt(E), E_λ=2R - E_1 = {r[4]} eV, k_B T_c/E_1 = {r[5]}"
    # T_c = 0 under (3.4) and the boundary are the per-point solver's (exact, no solve)
    assert solved[6] is None and solved[7] is None


@pytest.mark.parametrize("el, ef, delta", [("3.09", "3.2", "0.2"), ("3.09", "3.0", "0.1"), ("3.09", "3.09", "0.001")])
def test_forward_batch_matches_the_printed_equation(el, ef, delta):
    [r] = gb.solve_tc_batch([(Decimal(el), Decimal(ef), Decimal(delta))], HALF, 12)
    assert r is not None
    with mpmath.workdps(60):
        e1, t, ulp = mpmath.mpf(r[1]), KB * mpmath.mpf(r[0]), KB * _ulp(r[0])
        dps = int(2 * -math.log10(float(t / e1))) + 30
        below = _printed_residual(e1, t - ulp, el, 0.5, dps)
        above = _printed_residual(e1, t + ulp, el, 0.5, dps)
    assert below < 0 < above


# -- the verification stands between a wrong root and the CSV -----------------------------------------
POINTS = [(Decimal(1), Decimal(tc)) for tc in ("0.5", "1", "10", "100")]


def test_a_wrong_inverse_root_is_not_verified(monkeypatch):
    assert all(r is not None for r in gb.solve_c_batch(POINTS, HALF, 12))
    real = gb._inverse_newton
    monkeypatch.setattr(gb, "_inverse_newton", lambda eps, p, text: real(eps, p, text) * (1 + 3e-12))
    assert gb.solve_c_batch(POINTS, HALF, 12) == [None] * 4
    assert all(r is not None for r in gb.solve_c_batch(POINTS, HALF, 11))  # 3e-12 is within 11 digits


def test_a_wrong_forward_root_is_not_verified(monkeypatch):
    points = [tuple(Decimal(v) for v in row) for row in FORWARD[:3]]
    assert all(r is not None for r in gb.solve_tc_batch(points, HALF, 12))
    real = gb._forward_secant
    monkeypatch.setattr(gb, "_forward_secant", lambda *args: real(*args) * (1 + 3e-12))
    assert gb.solve_tc_batch(points, HALF, 12) == [None] * 3


@pytest.mark.parametrize("end", [0, 1])
def test_a_sign_inside_its_error_bound_at_either_end_is_not_a_sign(monkeypatch, end):
    real = gb.balance_bounded

    def one_end_uncertain(c, eps, p, p_text=None):
        b, error = real(c, eps, p, p_text)
        n = len(b) // 2
        error = error.copy()
        error[end * n:(end + 1) * n] = 2 * np.abs(b[end * n:(end + 1) * n])
        return b, error

    point = tuple(Decimal(v) for v in FORWARD[0])
    assert gb.solve_tc_batch([point], HALF, 12) != [None]
    monkeypatch.setattr(gb, "balance_bounded", one_end_uncertain)
    assert gb.solve_tc_batch([point], HALF, 12) == [None]


def test_the_error_bound_takes_part_in_the_verification(monkeypatch):
    monkeypatch.setattr(gb, "_input_error", lambda c, eps, p: 1e-3 * eps)
    assert gb.solve_c_batch(POINTS, HALF, 12) == [None] * 4
    assert gb.solve_tc_batch([tuple(Decimal(v) for v in FORWARD[0])], HALF, 12) == [None]


@pytest.mark.parametrize("tc", ["1.004055", "1.00732", "1.008065"])
def test_a_root_next_to_a_rounding_boundary_is_left_to_the_per_point_solver(tc):
    # C = 9.5477252300050..., within 1e-15 of the boundary between ...3000 and ...3001 at 12 digits:
    # the per-point solver's own double root decides which digits it prints, so the batch leaves it
    eps = np.array([float(tc) * float(KB)])
    c, verified, _ = gb.inverse_roots(eps, 0.5, 12, "1/2")
    scaled = c[0] * 1e11
    assert verified[0] and 4 * 2.0**-53 < abs(scaled - math.floor(scaled) - 0.5) / scaled < 1e-15
    assert gb.solve_c_batch([(Decimal(1), Decimal(tc))], HALF, 12) == [None]
    assert gap.solve_c("1", tc, digits=12).digits == 12


def test_the_batch_leaves_what_it_cannot_verify_to_the_per_point_solver():
    assert gb.solve_c_batch(POINTS, HALF, 14) == [None] * 4  # more than double precision verifies
    assert gb.solve_c_batch(POINTS, sp.Rational(-1, 2), 12) == [None] * 4  # a falling S has no root
    assert gb.solve_c_batch([(Decimal("0.001"), Decimal(1000))], HALF, 12) == [None]  # k_B T_c/E_1 = 86
    # a density of states that is not a power law: the engine solves every point alone
    point = {"e1": Decimal(1), "tc": Decimal(1), "dos": solvers._dos("E**0.5*(1 + E)")}
    assert solvers._solve_c_batch([point, point], 12) == [None, None]


# -- sweeps: the CSV is the per-point one, byte for byte ----------------------------------------------
def _csv(monkeypatch, target, args, solver):
    derivation = Derivation("exchange-pairing", "one solver", solvers=[solver])
    monkeypatch.setattr(cli, "load", lambda _: derivation)
    assert cli.main(["sweep", *args, "--out", str(target)]) == 0
    return target.read_bytes()


@pytest.mark.parametrize("args", [
    # k_B T_c/E_1 from 1e-9 to 0.8: the top corner is beyond the batch (Arb/mpmath per point)
    ["c", "--e1", "0.001:2:5", "--tc", "0.01:40:5", "--log"],
    # T_c = 0 under (3.4), the boundary, both regimes, and k_B T_c/E_1 above 0.015 (per point)
    ["tc", "--e-lambda", "3", "--e-fermi", "2.9:3.1:5", "--delta", "0.05:0.2:4"],
    ["c", "--e1", "0.5:2:4", "--tc", "1:100:3", "--dos", "E**1.5", "--digits", "10"],
])
def test_a_batch_sweep_writes_the_per_point_csv(monkeypatch, tmp_path, args):
    solver = next(s for s in solvers.SOLVERS if s.name == args[0])
    chunks: list[int] = []
    alone: list[int] = []

    def batch(points, digits):
        chunks.append(len(points))
        return solver.solve_batch(points, digits)

    def solve(inputs, digits):
        alone.append(1)
        return solver.solve(inputs, digits)

    batched = _csv(monkeypatch, tmp_path / "batch.csv", args, dataclasses.replace(solver, solve_batch=batch, solve=solve))
    assert max(chunks) > 1 and len(alone) < sum(chunks)  # the middle of the grid went to the batch as one chunk
    per_point = _csv(monkeypatch, tmp_path / "alone.csv", args, dataclasses.replace(solver, solve_batch=None))
    assert batched == per_point
