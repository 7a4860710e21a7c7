"""A deferred value is computed when its check runs, once, and gives the check built with the value directly."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp

from symcheck import Claim, Derivation, Identity, Inequality, KnownErratum, Limit, ReferenceClaim, deferred
from symcheck.errors import SymcheckError
from symcheck.reference import Citation, Reference
from symcheck.results import Status

x = sp.Symbol("x", positive=True)


def _timeless(result):
    return replace(result, seconds=None)


class _Counter:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_computed_when_the_check_runs_and_only_once():
    lhs = _Counter(sp.sqrt(x**2))
    check = Identity("root", deferred(lhs), x, detail=deferred(_Counter("a deferred detail")))
    assert lhs.calls == 0
    first = check.run()
    assert lhs.calls == 1 and check.lhs == x and check.detail == "a deferred detail"
    assert _timeless(check.run()) == _timeless(first) and lhs.calls == 1


@pytest.mark.parametrize(
    "make",
    [
        lambda v: Identity("i", v(sp.sqrt(x**2)), v(x), detail=v("why")),
        lambda v: Identity("i-wrong", v(sp.sqrt(x**2)), -x),
        lambda v: Limit("l", v(sp.sin(x) / x), x, v(sp.Integer(0)), v(sp.Integer(1)), detail=v("sin x/x")),
        lambda v: Claim("c", "3.14", v(sp.pi)),
        lambda v: Claim("c-float", "0.333", v(1 / 3)),
        lambda v: Inequality("q", v(-sp.E), "<", "0"),
        lambda v: KnownErratum("e", Claim("c", "3.15", v(sp.pi)), v("π is not 3.15"), instead="3.14"),
        lambda v: ReferenceClaim(
            "r", Reference("π", "3.14159", "", Citation("Archimedes", "Measurement of a Circle", 1600)), v(sp.pi)
        ),
    ],
)
def test_the_same_result_as_the_value_given_directly(make):
    direct, late = make(lambda value: value), make(lambda value: deferred(lambda: value))
    assert _timeless(late.run()) == _timeless(direct.run())
    assert late == direct  # once computed, the same check (a float made a SymPy number, its accuracy declared)


def test_a_computed_value_is_validated_as_one_given_directly():
    result = Identity("text", deferred(lambda: "x**2"), x).run()
    assert result.status is Status.ERROR and "text is not parsed" in result.detail
    result = Claim("bad-number", deferred(lambda: "3.1.4"), sp.pi).run()
    assert result.status is Status.ERROR and "decimal number" in result.detail


def test_a_failing_computation_is_an_error_result_and_the_run_goes_on():
    def broken() -> sp.Expr:
        raise ZeroDivisionError("in the deferred computation")

    d = Derivation("demo", "A demo")
    d.add_checks([Identity("broken", deferred(broken), x), Identity("fine", x, x)])
    broken_result, fine = d.run()
    assert broken_result.status is Status.ERROR and "ZeroDivisionError" in broken_result.detail
    assert fine.status is Status.HOLDS


@pytest.mark.parametrize("field", ["where", "equation"])
def test_what_a_listing_shows_is_not_deferred(field):
    with pytest.raises(SymcheckError, match=f"{field} is listed without running"):
        Identity("listed", x, x, **{field: deferred(lambda: "2.1")})


def test_deferred_takes_a_function():
    with pytest.raises(SymcheckError, match="a function of no arguments"):
        deferred(x)  # type: ignore[arg-type]
