"""The benchmark's peers and references solve Eq. (3.11) to the digits they are credited with.

The independent reference here is symcheck's own verified solver (the benchmark's code is what is under
test); the benchmark's brute-force references are checked against it too. No timing is asserted.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest
from symcheck_derivations.exchange_pairing import gap

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_performance.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_performance", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_performance"] = module
    spec.loader.exec_module(module)  # puts benchmarks/ on sys.path for bench_peers
    return module


bench = _load()
import bench_peers as peers  # importable once the script has put benchmarks/ on the path

#: The corners of the benchmark's sweep (E_1 eV, T_c K) and the point of its single solves.
POINTS = [("0.5", "0.5"), ("2", "0.5"), ("0.5", "20"), ("2", "20"), ("1", "1")]


def _verified(e1: str, tc: str, digits: int) -> mpmath.mpf:
    return gap.solve_c(e1, tc, digits=digits).C


def test_digits_correct_counts_correctly_rounded_digits():
    exact = "193.2505693640405795285708691"
    assert peers.digits_correct("193.250569364041", exact) == 15  # correctly rounded to 15 digits
    assert peers.digits_correct("193.250569364042", exact) == 14  # one unit off in the 15th
    assert peers.digits_correct("193.26", exact) == 4
    assert peers.digits_correct(exact, exact) == peers.MAX_DIGITS


def test_agreement_with_a_rounded_value_allows_for_its_rounding():
    assert bench.agrees_to(9.555015818288779, "9.55501581829", 12) == 12  # symcheck's 12 digits, rounded up
    # 0.7 units of the 12th digit from the rounded value, but within 0.5 of the interval it was rounded from
    assert bench.agrees_to(9.555015818297, "9.55501581829", 12) == 12
    assert bench.agrees_to(9.555015818311, "9.55501581829", 12) == 11
    assert bench.agrees_to(9.5550158, "9.55501581829", 12) == 8


def test_vectorised_peer_reaches_12_digits_over_the_sweep():
    e1 = np.array([float(p[0]) for p in POINTS])
    tc = np.array([float(p[1]) for p in POINTS])
    c = peers.vectorised_peer_C(e1, tc)
    got = [peers.digits_correct(x, _verified(*p, 20)) for x, p in zip(c, POINTS)]
    assert min(got) >= 12, got


def test_vectorised_peer_is_credited_only_with_what_it_reaches():
    c = peers.vectorised_peer_C(np.array([1.0]), np.array([1.0]), newton_steps=1)
    assert peers.digits_correct(c[0], _verified("1", "1", 20)) < 8


def test_mpmath_peer_needs_more_working_digits_than_it_delivers():
    with mpmath.workdps(50):
        ref = peers.Reference(mpmath.mpf(_verified("1", "1", 35)), 35, (0, 0))
    assert peers.digits_correct(peers.mpmath_peer_C("1", "1", 30, 9.555), ref.value) < 30
    dps, got = bench.peer_dps_for(30, ref, 9.555, range(30, 61, 5))
    assert got >= 30 and 30 < dps <= 60
    assert peers.digits_correct(peers.mpmath_peer_C("1", "1", dps - 5, 9.555), ref.value) < 30


def test_brute_force_reference_agrees_with_symcheck():
    ref = peers.reference_C("0.5", "20", 30)
    assert ref.digits >= 30
    assert peers.digits_correct(ref.value, _verified("0.5", "20", 32)) >= 30


def test_brute_force_reference_refuses_digits_its_two_precisions_do_not_share():
    # the printed (3.11) loses 2 log10(1/ε) ≈ 8 digits at E_1 = T_c = 1: 13 and 28 working digits
    # cannot agree to 20
    with pytest.raises(RuntimeError, match="agrees to only"):
        peers.reference_C("1", "1", 20, margin=-15)


def test_brute_force_forward_reference_agrees_with_symcheck():
    ref = peers.reference_Tc(bench.FORWARD_E1, bench.FORWARD_WINDOW, 12)
    assert ref.digits >= 12
    assert peers.digits_correct(ref.value, gap.solve_tc(*bench.FORWARD, digits=15).Tc_K) >= 12


def test_scipy_peer_solves_the_printed_equation():
    pytest.importorskip("scipy")
    got = [peers.digits_correct(peers.scipy_peer_C(float(e1), float(tc)), _verified(e1, tc, 16))
           for e1, tc in POINTS[:3]]
    assert min(got) >= 6, got


def test_quick_sweep_section_on_a_tiny_grid(capsys):
    rows = bench.bench_sweep(3, repeat=1, scipy_points=2, ref_points=2, whole_command=False)
    out = capsys.readouterr().out
    assert "9 points" in out and "digits correct vs references" in out
    vectorised = rows[0]
    assert vectorised.figure.startswith("sweep") and isinstance(vectorised.met, bool)
    assert int(vectorised.symcheck.split("(")[1].split()[0]) >= 12  # symcheck's digits vs the brute force
    assert int(vectorised.peer.split("(")[1].split()[0]) >= 12
    assert bench.MEASURED["sweep_seconds_per_point"] > 0


def test_memory_probe_reads_a_peak_rss():
    before, after, seconds = bench.sweep_peak_rss_kib(2)
    assert 10_000 < before <= after and seconds > 0
