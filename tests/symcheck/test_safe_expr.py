"""The --dos parser: a whitelist, never eval; every refusal is one InputError line."""

from __future__ import annotations

import pytest
import sympy as sp

from symcheck import InputError
from symcheck.safe_expr import parse_expression

E = sp.Symbol("E", positive=True)
V = {"E": E}


@pytest.mark.parametrize("text, expected", [
    ("sqrt(E)", sp.sqrt(E)),
    ("E**1.5", E ** sp.Rational(3, 2)),
    ("2*E - E/4", sp.Rational(7, 4) * E),
    ("exp(-E)*log(1 + E)", sp.exp(-E) * sp.log(1 + E)),
    ("-(-E)", E),
    ("pi*E**2", sp.pi * E**2),
    ("tanh(E) + abs(E - 1)", sp.tanh(E) + sp.Abs(E - 1)),
])
def test_accepted(text, expected):
    assert sp.simplify(parse_expression(text, V) - expected) == 0


@pytest.mark.parametrize("text, fragment", [
    ("__import__('os')", "function '__import__' is not accepted"),
    ("E.__class__", "Attribute syntax is not accepted"),
    ("(lambda: 1)()", "is not accepted"),
    ("open('x')", "function 'open' is not accepted"),
    ("E[0]", "Subscript syntax"),
    ("'E'", "only real numbers"),
    ("x + 1", "unknown name 'x'"),
    ("sqrt(E, 2)", "exactly one argument"),
    ("sqrt(x=E)", "exactly one argument"),
    ("10**10**10", "exponents must be at most"),
    ("100000**64", "exceed 1e300"),
    ("E if E else 1", "IfExp syntax"),
    ("E; import os", "not a formula"),
    ("", "non-empty"),
    ("1e400*E", "finite"),
    ("E/0", "division by zero"),
    ("True*E", "only real numbers"),
    ("2j*E", "only real numbers"),
    ("E" + "+E" * 300, "characters long"),
])
def test_refused_with_one_line(text, fragment):
    with pytest.raises(InputError) as info:
        parse_expression(text, V, what="--dos")
    message = str(info.value)
    assert fragment in message and "\n" not in message and message.startswith("--dos")


def test_never_reaches_eval(monkeypatch):
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(sp, "sympify", forbidden)
    assert parse_expression("sqrt(E) + 1", V) == sp.sqrt(E) + 1


@pytest.mark.parametrize("text, fragment", [
    ("log(0)", "'log(0)' is infinite or undefined"),
    ("0**(-1)", "infinite or undefined"),
    ("E + 1/(1/log(0))", "'log(0)' is infinite or undefined"),  # refused where it occurs, not only at the end
    ("tan(pi/2)*E", "infinite or undefined"),
    ("(-1)**0.5*E", "is not a real number"),
    ("E**log(-1)", "'log(-1)' is not a real number"),
    ("(-8)**(1/3)", "is not a real number"),
    ("E**(" + "*".join(["1e15"] * 30) + ")", "exponents must be at most 64"),
])
def test_non_finite_and_complex_parts_refused(text, fragment):
    with pytest.raises(InputError) as info:
        parse_expression(text, V, what="--dos")
    message = str(info.value)
    assert fragment in message and "\n" not in message and message.startswith("--dos")


@pytest.mark.parametrize("text, fragment", [
    ("1if E else 2", "invalid decimal literal"),
    ("0x1for E", "invalid hexadecimal literal"),
    ("E\x00", "null bytes"),
])
def test_tokenizer_warnings_are_refusals_not_warnings(text, fragment):
    # pytest turns warnings into errors: a SyntaxWarning escaping ast.parse fails this test
    with pytest.raises(InputError) as info:
        parse_expression(text, V, what="--dos")
    assert fragment in str(info.value) and "is not a formula" in str(info.value)


def test_a_failure_inside_sympy_is_an_input_error(monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    import symcheck.safe_expr as safe_expr

    monkeypatch.setitem(safe_expr.FUNCTIONS, "exp", exhausted)
    with pytest.raises(InputError, match=r"--dos: 'exp\(E\)' cannot be built \(MemoryError while evaluating it\)"):
        parse_expression("exp(E)", V, what="--dos")
