"""Printed LaTeX is parsed as SymPy's strict antlr parser parses it, whichever prediction mode decides."""

from __future__ import annotations

import pytest
import sympy as sp
from sympy.parsing.latex import LaTeXParsingError, parse_latex

from symcheck import load
from symcheck.latex_reader import NotParseable, _parse, _parse_once, _parse_sll, _typeset_rewrites, normalise

#: Texts SymPy's strict parser refuses: a prefix parses, the rest does not; unbalanced; unknown command.
REFUSED = [r"x )", r"x + y ) z", r"\frac{x}{", r"x = y \foo{", r"a b c }", r"x^{2"]


def _sympy(text: str) -> sp.Basic | str:
    try:
        return parse_latex(text, strict=True, backend="antlr")
    except LaTeXParsingError as exc:
        return f"refused: {str(exc).splitlines()[0]}"


def _ours(text: str) -> sp.Basic | str:
    try:
        return _parse(text)
    except NotParseable as exc:
        return f"refused: {str(exc).split(': ', 1)[1]}" if ": " in str(exc) else str(exc)


@pytest.mark.parametrize("text", REFUSED)
def test_what_sympy_refuses_is_refused_with_its_message(text):
    expected = _sympy(text)
    assert isinstance(expected, str)
    with pytest.raises(NotParseable, match="SymPy's LaTeX parser refused") as raised:
        _parse(text)
    assert expected.removeprefix("refused: ") in str(raised.value)


def test_a_prefix_that_parses_is_not_taken_for_the_whole_text():
    # SLL prediction reads "x" and stops before ")": only the strict whole-text test refuses it
    assert _parse_sll("x )") is None
    with pytest.raises(NotParseable):
        _parse("x )")


def _printed_texts() -> list[str]:
    texts = []
    for name in ("exchange-pairing", "bcs-weak-coupling"):
        for equation in load(name).equations.values():
            for side in (equation.printed or "").split("="):
                texts.append(_typeset_rewrites(normalise(side.split(r"\quad")[0])))
    return [t for t in texts if t]


def test_every_printed_side_parses_as_sympy_parses_it():
    texts = _printed_texts()
    assert len(texts) > 40
    same = 0
    for text in texts:
        ours, theirs = _ours(text), _sympy(text)
        if isinstance(theirs, str):
            assert isinstance(ours, str), text
        else:
            assert sp.srepr(ours) == sp.srepr(theirs), text
            same += 1
    assert same > 20


def test_a_text_is_parsed_once_and_its_refusal_remembered():
    _parse_once.cache_clear()
    first = _parse(r"\frac{a}{b} + c")
    assert _parse(r"\frac{a}{b} + c") is first
    for _ in range(2):
        with pytest.raises(NotParseable):
            _parse(r"\frac{a}{")
    info = _parse_once.cache_info()
    assert info.misses == 2 and info.hits == 2
