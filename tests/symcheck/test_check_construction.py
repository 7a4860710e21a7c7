"""Checks cannot be built so that they cannot fail: required arguments, numbers as a physicist
writes them, errata that record the truth, and a time limit on every check."""

from __future__ import annotations

import sys

import mpmath
import pytest
import sympy as sp

from symcheck import (Claim, Identity, Inequality, KnownDeviation, KnownErratum, Limit, RangeClaim, Status,
                      SymcheckError)
from symcheck.checks import Check
from symcheck.results import Result

x = sp.Symbol("x", positive=True)


@pytest.mark.parametrize("build", [
    lambda: Identity("x"),
    lambda: Identity("x", x),
    lambda: Claim("c"),
    lambda: Claim("c", "3.14"),
    lambda: Limit("l"),
    lambda: Limit("l", x, x, 0),
    lambda: Inequality("i", sp.pi),
    lambda: RangeClaim("r", "1", "2"),
    lambda: KnownErratum("e", Claim("c", "3.15", sp.pi)),
    lambda: KnownErratum("e", Claim("c", "3.15", sp.pi), "why"),
])
def test_missing_required_arguments_raise_at_construction(build):
    with pytest.raises(TypeError, match="missing"):
        build()


def test_float_paper_value_means_the_number_as_written():
    r = Claim("c", 3.14, sp.pi).run()
    assert r.status is Status.HOLDS and r.paper_value == "3.14" and "±0.005" in r.method
    assert Claim("c", 3.15, sp.pi).run().status is Status.FAILS
    assert Claim("c", 3, sp.pi).run().status is Status.HOLDS  # ±0.5


def test_float_computed_is_double_precision():
    r = Claim("c", "3.14", 3.14159).run()
    assert r.status is Status.HOLDS
    assert "double-precision" in r.method


def test_limit_accepts_plain_numbers():
    r = Limit("l", sp.sin(x) / x, x, 0, 1).run()
    assert r.status is Status.HOLDS
    assert Limit("l", sp.sin(x) / x, x, 0, 2).run().status is Status.FAILS


def test_identity_accepts_plain_numbers_and_refuses_text():
    assert Identity("i", sp.cos(x) ** 2 + sp.sin(x) ** 2, 1).run().status is Status.HOLDS
    with pytest.raises(SymcheckError, match="text is not parsed"):
        Identity("i", "x", x)
    with pytest.raises(SymcheckError, match="paper value must be the number as printed"):
        Claim("c", [3.14], sp.pi)
    with pytest.raises(SymcheckError, match="must be a SymPy Symbol"):
        Limit("l", x, "x", 0, 0)


def test_known_erratum_records_what_is_true_instead():
    ok = KnownErratum("e", Claim("c", "3.15", sp.pi), "π is not 3.15", instead="3.14").run()
    assert ok.ok and ok.status is Status.FAILS and "what is true instead" in ok.detail


def test_known_erratum_fails_when_the_computed_truth_drifts():
    drifted = KnownErratum("e", Claim("c", "3.15", sp.pi), "π is not 3.15", instead="3.12").run()
    assert not drifted.ok and drifted.status is Status.ERROR
    assert "no longer checks out" in drifted.method


def test_known_erratum_with_a_check_as_truth():
    s = sp.Symbol("s", positive=True)
    wrong = Identity("w", sp.diff(s**-2, s) * s / s**-2, 2)
    good = KnownErratum("e", wrong, "the power is -2", instead=Identity("t", sp.diff(s**-2, s) * s / s**-2, -2))
    assert good.run().ok
    bad = KnownErratum("e", wrong, "the power is -2", instead=Identity("t", sp.diff(s**-2, s) * s / s**-2, -3))
    assert bad.run().status is Status.ERROR


def test_known_erratum_of_a_range_checks_both_recorded_ends():
    def computed(dps: int) -> tuple[mpmath.mpf, mpmath.mpf]:
        return mpmath.mpf("4.293"), mpmath.mpf("12.96")

    wrong = RangeClaim("r", "4.5", "11", computed)
    assert KnownErratum("e", wrong, "the range is wider", instead=("4.293", "12.96")).run().ok
    for instead in (("4.293", "13.5"), ("4.5", "12.96")):  # either recorded end drifting is a regression
        drifted = KnownErratum("e", wrong, "the range is wider", instead=instead).run()
        assert drifted.status is Status.ERROR and not drifted.ok, instead


def test_known_erratum_that_starts_to_hold_is_reported():
    fixed = KnownErratum("e", Claim("c", "3.14", sp.pi), "π is 3.14", instead="3.14").run()
    assert fixed.status is Status.HOLDS and not fixed.ok and "NO LONGER REPRODUCES" in fixed.detail


def test_known_deviation_also_records_the_truth():
    r = KnownDeviation("d", Claim("c", "3.2", sp.pi), "a reference value", instead="3.142").run()
    assert r.ok and r.kind == "deviation"


def test_erratum_shares_the_computation_with_its_truth():
    calls = []

    def computed(dps: int) -> mpmath.mpf:
        calls.append(dps)
        with mpmath.workdps(dps):
            return +mpmath.pi

    assert KnownErratum("e", Claim("c", "3.15", computed), "π", instead="3.14").run().ok
    assert sorted(calls) == sorted(set(calls))  # each precision once


def test_instead_of_the_wrong_shape_is_refused():
    with pytest.raises(SymcheckError, match="one number as text"):
        KnownErratum("e", Claim("c", "3.15", sp.pi), "π", instead=("3", "4"))
    with pytest.raises(SymcheckError, match="must be a Check"):
        KnownErratum("e", Identity("i", x, 2 * x), "no", instead="1")


class _Loops(Check):
    def _run(self) -> Result:
        while True:
            pass


class _Exits(Check):
    def _run(self) -> Result:
        sys.exit(3)


class _Wrong(Check):
    def _run(self) -> Result:
        return "holds"  # type: ignore[return-value]


class _Base(Check):
    def _run(self) -> Result:
        raise BaseException("a plugin's own BaseException")


def test_a_looping_check_ends_at_its_time_limit():
    r = _Loops("loop", run_time_limit=0.3).run()
    assert r.status is Status.ERROR and "time limit" in r.detail and r.seconds < 5


@pytest.mark.parametrize("cls, text", [(_Exits, "SystemExit"), (_Wrong, "not a Result"),
                                       (_Base, "a plugin's own BaseException")])
def test_a_check_that_exits_or_misbehaves_is_an_error_of_that_check(cls, text):
    r = cls("bad").run()
    assert r.status is Status.ERROR and text in r.detail


def test_time_limit_must_be_positive():
    with pytest.raises(SymcheckError, match="run_time_limit"):
        Identity("i", x, x, run_time_limit=0)
