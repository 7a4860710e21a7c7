"""The rewrite ladder and the numeric test: proofs, disproofs and counterexamples."""

from __future__ import annotations

import random
import time

import pytest
import sympy as sp

from symcheck import Identity, Status, strategies
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


def test_time_limit_does_not_decide_the_verdict():
    # a zero, a small and a large limit give the same proof: the budget decides, not the clock
    pythagoras = (sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1))
    proofs = {prove_equal(*pythagoras, time_limit=t) for t in (0.0, 1.0, 1000.0)}
    assert len(proofs) == 1
    (proof,) = proofs
    assert proof.verdict is True and proof.strategy == "trigsimp" and proof.timed_out == ()


def test_a_slow_machine_gets_the_same_proof(monkeypatch):
    # every rewrite 50 ms slower (a loaded machine): same verdict by the same rung
    fast = prove_equal((x**2 - 1) / (x - 1) + sp.sin(x) ** 2 + sp.cos(x) ** 2, x + 2)
    slow_ladder = tuple((name, lambda d, r=rewrite: (time.sleep(0.05), r(d))[1]) for name, rewrite in strategies.LADDER)
    monkeypatch.setattr(strategies, "LADDER", slow_ladder)
    slow = prove_equal((x**2 - 1) / (x - 1) + sp.sin(x) ** 2 + sp.cos(x) ** 2, x + 2, time_limit=0.5)
    assert slow == fast and fast.verdict is True


def test_budget_skips_expensive_rewrites_on_large_expressions():
    # simplify would prove this, but the difference is over its operation budget: it is not tried,
    # the same way on every machine, and the proof says so
    pad = sum(sp.Symbol(f"a{k}", positive=True) for k in range(40))
    big = (sp.gamma(x + 1) / sp.gamma(x) - x) * pad  # simplify: 0 (Γ(x+1) = xΓ(x))
    assert sp.count_ops(big) > strategies.BUDGET["simplify"]
    proof = prove_equal(big, sp.Integer(0))
    assert proof.verdict is None and "simplify" in proof.over_budget
    assert prove_equal(big, sp.Integer(0)) == proof


def test_safety_net_is_reported_as_an_error_never_as_a_numeric_verdict(monkeypatch):
    def never_returns(d):
        time.sleep(5)
        return d

    monkeypatch.setattr(strategies, "SAFETY_NET_S", 0.2)
    monkeypatch.setattr(strategies, "LADDER", (("stuck", never_returns),))
    monkeypatch.setitem(strategies.BUDGET, "stuck", 100)
    with pytest.raises(strategies.ProofTimeLimit, match="time limit"):
        prove_equal(sp.sqrt(y**2), y, time_limit=0.0)
    result = Identity("stuck-identity", sp.sqrt(y**2), y, time_limit=0.1).run()
    assert result.status is Status.ERROR and "time limit" in result.detail, result


def test_symbolic_limit_within_and_over_budget(monkeypatch):
    assert strategies.symbolic_limit(sp.sin(x) / x, x, sp.Integer(0)) == (sp.Integer(1), "SymPy limit")
    monkeypatch.setattr(strategies, "LIMIT_BUDGET", 2)
    value, note = strategies.symbolic_limit(sp.sin(x) / x + x**2, x, sp.Integer(0))
    assert value is None and "over the budget of 2" in note


def test_symbolic_limit_safety_net(monkeypatch):
    monkeypatch.setattr(strategies, "SAFETY_NET_S", 0.2)
    monkeypatch.setattr(sp, "limit", lambda *a: time.sleep(5))
    with pytest.raises(strategies.ProofTimeLimit, match="time limit"):
        strategies.symbolic_limit(sp.sin(x) / x, x, sp.Integer(0), time_limit=0.0)
