"""Random points of the numeric tests: spread over magnitudes and over both signs of a real symbol.

A numeric verification is only as good as its points: at magnitude 1 a wrong power (x² = x) goes
unseen, and a real symbol sampled only positive hides a lost sign (|r| = r).
"""

from __future__ import annotations

import random

import sympy as sp

from symcheck import Identity, Status
from symcheck.strategies import numeric_test, sample_point

x = sp.Symbol("x", positive=True)
r = sp.Symbol("r", real=True)


def test_samples_spread_over_magnitudes_and_both_signs_of_a_real_symbol():
    rng = random.Random(5)
    values = [sample_point(r, rng) for _ in range(200)]
    assert any(v < 0 for v in values) and any(v > 0 for v in values)
    assert all(0.1 <= abs(v) <= 10 for v in values)
    assert min(abs(v) for v in values) < 0.3 and max(abs(v) for v in values) > 3


def test_numeric_test_refutes_a_wrong_power_and_a_sign_lost_off_the_positive_axis():
    # x² = x and |r| = r hold at x = 1 and at every r > 0: only spread, signed points refute them
    assert not numeric_test(x**2, x).holds
    assert not numeric_test(sp.Abs(r), r).holds


def test_identity_true_only_for_positive_values_of_a_real_symbol_fails():
    result = Identity("abs-of-real", sp.sqrt(r**2), r).run()
    assert result.status is Status.FAILS, result
