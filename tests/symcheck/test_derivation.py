"""Derivation: lazy building by registered builders, ordering, duplicate and unknown names."""

from __future__ import annotations

import pytest
import sympy as sp

from symcheck import Claim, Derivation, Equation, SymcheckError, UnknownNameError

x = sp.Symbol("x", positive=True)


def test_builders_run_once_on_first_use():
    calls = []

    def section(d: Derivation) -> None:
        calls.append(1)
        d.add_equation(Equation("2.10", "later", sp.Eq(x, x)))
        d.add_equation(Equation("2.9", "earlier", sp.Eq(x, x)))
        d.add_check(Claim("pi", "3.14", sp.pi, equation="2.9"))

    d = Derivation("lazy", "lazy", builders=[section])
    assert calls == []
    assert list(d.equations) == ["2.9", "2.10"]
    assert list(d.checks) == ["pi"] and calls == [1]
    assert [c.id for c in d.select(["2.9"])] == ["pi"]


def test_failed_build_can_be_retried_and_leaves_nothing_half_built():
    attempts = []

    def flaky(d: Derivation) -> None:
        d.add_equation(Equation("1", "one", sp.Eq(x, x)))
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first build fails")

    d = Derivation("flaky", "flaky", builders=[flaky])
    with pytest.raises(RuntimeError):
        d.checks
    assert list(d.equations) == ["1"] and len(attempts) == 2


def test_duplicates_and_unknown_references_are_errors():
    d = Derivation("d", "d")
    d.add_equation(Equation("1", "one", sp.Eq(x, x)))
    with pytest.raises(SymcheckError, match="defined twice"):
        d.add_equation(Equation("1", "again", sp.Eq(x, x)))
    with pytest.raises(SymcheckError, match="not defined"):
        d.add_check(Claim("c", "1", sp.Integer(1), equation="9.9"))
    with pytest.raises(UnknownNameError, match="unknown check ID"):
        d.select(["nope"])
