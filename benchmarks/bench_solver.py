"""Benchmark: the verified solvers of Eq. (3.11) against a naive solver, side by side in one run.

The naive solver is what one writes straight from the paper: mpmath ``quad`` of the printed (3.11)
(both sides, split at E_1 so the Fermi edge is seen) and bisection on E_λ=2R, at the precision the
printed form needs for the same digits, digits + 2 log10(E_1/k_B T_c) + 10 (the two sides agree to
about log10(1/ε) digits and the balance is ε times smaller again at the root). Its answers are
compared with the fast solver's, so the speed-up is between two solvers that agree.

Run:  python benchmarks/bench_solver.py            (≈ 2-4 minutes)
      python benchmarks/bench_solver.py --quick    (fewer naive samples)
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import mpmath

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symcheck_derivations.exchange_pairing import gap
from symcheck_derivations.exchange_pairing.cli import grid
from symcheck.numerics import agreement_digits

with mpmath.workdps(120):
    KB = mpmath.mpf(gap.K_B_EV.p) / gap.K_B_EV.q


def naive_C(e1: str, tc: str, digits: int) -> mpmath.mpf:
    """C by bisection on the printed (3.11), S = √E, mpmath quad at the precision it needs."""
    with mpmath.workdps(30):
        eps = float(KB * mpmath.mpf(tc) / mpmath.mpf(e1))
    dps = int(digits + 2 * max(0.0, -math.log10(eps)) + 10)
    with mpmath.workdps(dps):
        E1, t = mpmath.mpf(e1), KB * mpmath.mpf(tc)

        def residual(c: mpmath.mpf) -> mpmath.mpf:
            e_lambda = E1 + c * t
            lhs = mpmath.quad(mpmath.sqrt, [0, E1], maxdegree=10)
            # breakpoints at the Fermi edge and a few k_B T around it, so quad reaches the digits
            edge = sorted({mpmath.mpf(0), E1, e_lambda} | {E1 + k * t for k in (-40, -10, -3, 3) if 0 < E1 + k * t < e_lambda})
            rhs = mpmath.quad(lambda E: mpmath.sqrt(E) / (mpmath.exp((E - E1) / t) + 1), edge, maxdegree=10)
            return lhs - rhs  # positive below the root

        lo, hi = mpmath.mpf("0.5"), mpmath.mpf(60)
        while hi - lo > mpmath.mpf(10) ** (-digits - 1) * hi:
            mid = (lo + hi) / 2
            if residual(mid) > 0:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer naive samples")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, mpmath {mpmath.__version__} (backend {mpmath.libmp.BACKEND})")

    # -- 50 x 50 sweep at 12 digits over claim A's box -------------------------------------------
    e1_axis = grid(*_decimal_range("0.25", "3", 50))
    tc_axis = grid(*_decimal_range("0.1", "50", 50), log=True)
    gap.solve_c("1", "1", digits=12)  # warm-up (imports, node caches)
    start = time.perf_counter()
    fast = {}
    paths = set()
    for e1 in e1_axis:
        for tc in tc_axis:
            r = gap.solve_c(e1, tc, digits=12)
            fast[(e1, tc)] = r
            paths.add(r.path.split()[0])
    sweep_seconds = time.perf_counter() - start
    per_point_fast = sweep_seconds / (len(e1_axis) * len(tc_axis))
    digits_min = min(r.digits for r in fast.values())
    print(f"\n50x50 sweep, 12 digits, S = sqrt(E): {sweep_seconds:.2f} s total, {per_point_fast * 1e3:.2f} ms per point, "
          f"paths used: {', '.join(sorted(paths))}, fewest verified digits {digits_min}")

    samples = [(e1_axis[0], tc_axis[-1]), (e1_axis[-1], tc_axis[0]), (e1_axis[24], tc_axis[24])]
    if not args.quick:
        samples += [(e1_axis[10], tc_axis[40]), (e1_axis[40], tc_axis[10])]
    naive_times = []
    for e1, tc in samples:
        start = time.perf_counter()
        c_naive = naive_C(e1, tc, 12)
        naive_times.append(time.perf_counter() - start)
        with mpmath.workdps(60):
            agree = agreement_digits(mpmath.mpf(fast[(e1, tc)].C), c_naive)
        print(f"  naive E_1 = {e1} eV, T_c = {tc} K: {naive_times[-1]:.2f} s, C = {mpmath.nstr(c_naive, 13)}, "
              f"fast C = {fast[(e1, tc)].C}, agree to {agree} digits")
    per_point_naive = statistics.mean(naive_times)
    print(f"naive: {per_point_naive:.2f} s per point (mean of {len(samples)} sampled grid points); "
          f"speed-up per point {per_point_naive / per_point_fast:,.0f}x")

    # -- one 30-digit solve --------------------------------------------------------------------
    from symcheck.numerics import gauss_legendre

    gauss_legendre.cache_clear()
    start = time.perf_counter()
    r = gap.solve_c("1", "1", digits=30)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    gap.solve_c("1.5", "2", digits=30)
    warm = time.perf_counter() - start
    start = time.perf_counter()
    c_naive = naive_C("1", "1", 30)
    naive30 = time.perf_counter() - start
    print(f"\n30-digit solve (E_1 = 1 eV, T_c = 1 K): {cold:.2f} s cold (node cache empty), {warm:.2f} s warm; "
          f"C = {r.C} ({r.digits} digits, {r.path.split()[0]})")
    with mpmath.workdps(60):
        agree30 = agreement_digits(mpmath.mpf(r.C), c_naive)
    print(f"naive 30-digit solve: {naive30:.1f} s, agrees to {agree30} digits; "
          f"speed-up {naive30 / warm:,.0f}x warm")

    start = time.perf_counter()
    f = gap.solve_tc("3.09", "3.2", "0.2", digits=30)
    print(f"30-digit forward solve (E_λ=2R 3.09, E_F 3.2, |Δ| 0.2 eV): {time.perf_counter() - start:.2f} s, T_c = {f.Tc_K} K")
    start = time.perf_counter()
    r100 = gap.solve_c("1", "1", digits=100)
    print(f"100-digit inverse solve: {time.perf_counter() - start:.1f} s ({r100.digits} digits verified)")
    return 0


def _decimal_range(a: str, b: str, n: int):
    from decimal import Decimal

    return Decimal(a), Decimal(b), n


if __name__ == "__main__":
    raise SystemExit(main())
