"""Each check kind can hold and can fail; numeric passes are never called proofs."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symcheck import (Claim, Identity, Inequality, KnownDeviation, KnownErratum, Limit, RangeClaim, Status,
                      SymcheckError)

x = sp.Symbol("x", positive=True)
a = sp.Symbol("a", positive=True)
z = sp.Symbol("z")


def test_identity_proved():
    r = Identity("i", sp.exp(sp.log(x)), x).run()
    assert r.status is Status.HOLDS and r.method.startswith("proved")


def test_false_identity_fails_with_difference():
    r = Identity("i", (x + 1) ** 2, x**2 + 1).run()
    assert r.status is Status.FAILS
    assert "2*x" in r.detail


def test_identity_only_verified_numerically_says_so():
    # true for positive x but beyond the ladder: Lambert W of x e^x
    r = Identity("w", sp.LambertW(x * sp.exp(x)), x, time_limit=2).run()
    assert r.status is Status.HOLDS
    assert r.method.startswith("verified numerically") and "not proved" in r.method


def test_identity_refuted_numerically_gives_counterexample():
    r = Identity("c", sp.sqrt(z**2), z).run()
    assert r.status is Status.FAILS
    assert r.method.startswith("refuted numerically") and "z=" in r.detail


def test_identity_with_undefined_function_is_inconclusive():
    f = sp.Function("f")
    r = Identity("u", f(x) * sp.sin(x) ** 2 + f(x) * sp.cos(x) ** 2 + f(2 * x), f(x) + f(x)).run()
    assert r.status is Status.INCONCLUSIVE


def test_limit_holds_and_fails():
    assert Limit("l", sp.sin(a * x) / x, x, 0, a).run().status is Status.HOLDS
    r = Limit("l", (1 + a / x) ** x, x, sp.oo, sp.exp(2 * a)).run()
    assert r.status is Status.FAILS
    assert "mpmath limit" in r.detail


def test_claim_uses_paper_rounding():
    assert Claim("c", "3.14", sp.pi).run().status is Status.HOLDS
    r = Claim("c", "3.15", sp.pi).run()
    assert r.status is Status.FAILS
    assert r.paper_value == "3.15" and r.computed_value == "3.14159"
    assert "±0.005" in r.method


def test_claim_with_callable_and_digits():
    r = Claim("c", "2.718", lambda dps: mpmath.e).run()
    assert r.status is Status.HOLDS and r.digits == 6


def test_wider_tolerance_needs_a_reason():
    r = Claim("c", "3", sp.pi, tolerance="0.5").run()
    assert r.status is Status.ERROR and "reason" in r.detail


def test_range_claim():
    ok = RangeClaim("r", "4.5", "11", lambda dps: (mpmath.mpf("4.46"), mpmath.mpf("10.7"))).run()
    assert ok.status is Status.HOLDS
    bad = RangeClaim("r", "4.5", "11", lambda dps: (mpmath.mpf("3.9"), mpmath.mpf("10.7"))).run()
    assert bad.status is Status.FAILS


def test_known_erratum_expected_to_fail_and_reported_when_it_holds():
    still_wrong = KnownErratum("e", check=Claim("c", "3.15", sp.pi), explanation="pi is 3.14", instead="3.14").run()
    assert still_wrong.status is Status.FAILS and still_wrong.ok
    fixed = KnownErratum("e", check=Claim("c", "3.14", sp.pi), explanation="pi is 3.14", instead="3.14").run()
    assert fixed.status is Status.HOLDS and not fixed.ok
    assert "NO LONGER REPRODUCES" in fixed.detail


def test_error_inside_a_check_is_reported_not_raised():
    def broken(dps: int) -> mpmath.mpf:
        raise ZeroDivisionError("division by zero in the content")

    r = Claim("c", "3.14", broken).run()
    assert r.status is Status.ERROR and "ZeroDivisionError" in r.detail


def test_bad_paper_value_is_refused_at_construction():
    with pytest.raises(SymcheckError, match="paper value"):
        Claim("c", "not a number", sp.pi)


def test_result_json_keys():
    data = Claim("c", "3.14", sp.pi, where="somewhere").run().to_json()
    for key in ("id", "equation", "kind", "status", "method", "where", "paper_value", "computed_value", "detail"):
        assert key in data
    assert data["status"] == "holds" and data["ok"] is True


def test_inequality_holds_fails_and_is_inconclusive_within_its_error():
    assert Inequality("i", -sp.pi, "<", "0").run().status is Status.HOLDS
    wrong = Inequality("i", sp.pi, "<=", "3").run()
    assert wrong.status is Status.FAILS and wrong.paper_value == "<= 3"
    close = Inequality("i", lambda dps: mpmath.mpf("1e-20"), ">", "0", error=lambda: 1e-15, error_reason="quadrature")
    assert close.run().status is Status.INCONCLUSIVE


def test_claim_declared_accuracy_caps_digits():
    r = Claim("c", "3.142", sp.pi, accuracy_digits=4, accuracy_reason="double precision").run()
    assert r.status is Status.HOLDS and r.digits == 4 and "double precision" in r.method
    assert Claim("c", "3.14", sp.pi, accuracy_digits=4).run().status is Status.ERROR  # no reason given


def test_known_deviation_is_its_own_kind():
    r = KnownDeviation("d", check=Claim("c", "3.15", sp.pi), explanation="reference value", instead="3.142").run()
    assert r.kind == "deviation" and r.status is Status.FAILS and r.ok
