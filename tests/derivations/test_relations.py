"""Equations stated with ``relation`` are the relations SymPy's ``Eq`` gives: SymPy cannot decide any of them."""

from __future__ import annotations

import pytest
import sympy as sp

from symcheck import load
from symcheck.equation import relation


@pytest.mark.parametrize("name", ["exchange-pairing", "bcs-weak-coupling"])
def test_every_stated_equation_is_what_eq_gives(name):
    compared = 0
    for equation in load(name).equations.values():
        if equation.relation is None:
            continue  # printed but states no relation
        for stated in equation.relation.atoms(sp.Eq):  # the relation itself, or the parts of an And
            assert sp.Eq(*stated.args) == stated, (equation.label, stated)
            compared += 1
    assert compared >= 10


def test_relation_keeps_what_eq_would_decide():
    x = sp.Symbol("x")
    assert relation(x, x) != sp.true and sp.Eq(x, x) == sp.true
    assert relation(x**2, 1) == sp.Eq(x**2, 1)
