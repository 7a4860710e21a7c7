"""A formula's LaTeX is SymPy's, printed when a report first asks for it."""

from __future__ import annotations

import pickle

import sympy as sp

from symcheck.mathtext import Math, text

x, S = sp.symbols("x S")


def test_latex_is_sympys_with_its_options():
    expr = sp.Eq(S**2 + 1, sp.sqrt(x) / 2)
    assert Math(expr).latex == sp.latex(expr)
    assert Math(x**2 / 3, fold_short_frac=True).latex == sp.latex(x**2 / 3, fold_short_frac=True)
    assert Math(x**2 / 3, fold_short_frac=True).latex != Math(x**2 / 3).latex
    assert Math(expr).plain == sp.sstr(expr)


def test_equal_hashed_and_pickled_as_printed():
    a, b = Math(1 + S**2), Math(S**2 + 1)
    assert a == b and hash(a) == hash(b) and a != Math(1 - S**2)
    copy = pickle.loads(pickle.dumps(text("norm ", a)))
    assert copy == "norm S**2 + 1" and copy.parts[1].latex == "S^{2} + 1"
    assert Math.printed(r"\frac{a}{b}", "a/b").latex == r"\frac{a}{b}"
