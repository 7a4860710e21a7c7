"""The rewrite ladder and the numeric test: proofs, disproofs and counterexamples."""

from __future__ import annotations

import random

import sympy as sp

from symcheck.strategies import numeric_test, prove_equal, sample_point

x = sp.Symbol("x", positive=True)
y = sp.Symbol("y")  # complex: no assumptions
k = sp.Symbol("k", integer=True, positive=True)


def test_structural_and_cancel():
    assert prove_equal(sp.sqrt(x**2), x).verdict is True
    assert prove_equal((x**2 - 1) / (x - 1), x + 1).strategy == "cancel"


def test_fractional_powers_of_positive_symbols():
    a, b = sp.symbols("a b", positive=True)
    proof = prove_equal((a * b) ** sp.Rational(2, 3), a ** sp.Rational(2, 3) * b ** sp.Rational(2, 3))
    assert proof.verdict is True


def test_false_identity_is_not_proved():
    proof = prove_equal(x + 1, x)
    assert proof.verdict is False
    assert proof.residual == 1


def test_identity_false_off_its_assumptions_is_undecided_then_refuted():
    assert prove_equal(sp.sqrt(y**2), y).verdict is None
    test = numeric_test(sp.sqrt(y**2), y, seed=1)
    assert not test.holds
    assert "y" in test.counterexample


def test_numeric_test_catches_a_tiny_relative_error():
    test = numeric_test(x * (1 + sp.Rational(1, 10**20)), x, digits=30)
    assert not test.holds


def test_numeric_test_passes_true_identity():
    test = numeric_test(sp.exp(sp.log(x) * 2), x**2, points=7, digits=40)
    assert test.holds and test.points == 7 and test.digits == 40


def test_samples_respect_assumptions():
    rng = random.Random(3)
    neg = sp.Symbol("q", negative=True)
    for _ in range(50):
        assert sample_point(x, rng) > 0
        assert sample_point(neg, rng) < 0
        v = sample_point(k, rng)
        assert isinstance(v, int) and v >= 1


def test_time_limit_marks_timed_out_rewrites():
    # a zero budget leaves every rewrite unrun: nothing may be claimed as proved
    proof = prove_equal(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), time_limit=0.0)
    assert proof.verdict is None
    assert "simplify" in proof.timed_out
