"""symcheck.testing helpers and the pytest plugin."""

from __future__ import annotations

import pytest
import sympy as sp

from symcheck.testing import SymcheckAssertionError, assert_claim, assert_identity, assert_limit

pytest_plugins = ["pytester"]

x = sp.Symbol("x", positive=True)
y = sp.Symbol("y")


def test_assert_identity_passes_and_shows_difference():
    assert_identity(sp.sqrt(x**2), x)
    with pytest.raises(SymcheckAssertionError, match=r"lhs - rhs = 2\*x"):
        assert_identity((x + 1) ** 2, x**2 + 1)


def test_assert_identity_shows_counterexample():
    with pytest.raises(SymcheckAssertionError, match="y="):
        assert_identity(sp.sqrt(y**2), y)


def test_assert_identity_can_require_a_proof():
    with pytest.raises(SymcheckAssertionError, match="not proved symbolically"):
        assert_identity(sp.LambertW(x * sp.exp(x)), x, allow_numeric=False, time_limit=2)


def test_assert_limit_and_claim():
    assert_limit(sp.sin(x) / x, x, 0, 1)
    with pytest.raises(SymcheckAssertionError):
        assert_limit(sp.sin(x) / x, x, 0, 2)
    assert_claim("3.14", sp.pi)
    with pytest.raises(SymcheckAssertionError, match="paper value: 3.15"):
        assert_claim("3.15", sp.pi)


def test_plugin_collects_registered_checks(pytester):
    pytester.makeini("[pytest]\n")
    result = pytester.runpytest("--symcheck", "-k", "table1-Cs or 3.12-standard-form", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 6
    assert "failed" not in outcomes


def test_plugin_is_inactive_without_flag(pytester):
    pytester.makeini("[pytest]\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
