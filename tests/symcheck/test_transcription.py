"""Transcription checks: printed LaTeX against the encoded SymPy statement."""

from __future__ import annotations

import sympy as sp
import pytest

from symcheck import Derivation, Equation, Status
from symcheck.checks import Transcription
from symcheck.latex_reader import Bracket, NotParseable, read_member, split_printed

R, m, h, E = sp.symbols("R m h E", positive=True)
x, y = sp.symbols("x y", real=True)
NOTATION = {r"E_{\lambda=2R}": E, "h": h, "m": m, "R": R, "x": x, "y": y}
BRAGG = r"E_{\lambda=2R} = \frac{h^2}{R^2 \cdot 8 \cdot m} \quad (3.2)"


def run(relation: sp.Basic, printed: str, label: str = "3.2", **fields: object) -> object:
    eq = Equation(label, "t", relation, printed=printed, **fields)  # type: ignore[arg-type]
    return Transcription(f"{label}-transcription", eq, notation=NOTATION).run()


def test_proved_equal() -> None:
    r = run(sp.Eq(E, h**2 / (8 * m * R**2)), BRAGG)
    assert r.status is Status.HOLDS and r.method.startswith("proved") and r.equation == "3.2"


@pytest.mark.parametrize(
    "wrong",
    [
        h**2 / (4 * m * R**2),  # numeric constant
        h**3 / (8 * m * R**2),  # exponent
        -(h**2) / (8 * m * R**2),  # sign
        h**2 / (8 * R**2),  # missing factor
    ],
)
def test_differs(wrong: sp.Expr) -> None:
    r = run(sp.Eq(E, wrong, evaluate=False), BRAGG)
    assert r.status is Status.FAILS
    assert "printed right side - encoded" in r.detail


def test_equal_numerically_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import symcheck.transcription as transcription
    from symcheck.strategies import Proof

    def undecided(a: sp.Expr, b: sp.Expr, time_limit: float) -> Proof:  # as if no rewrite got there in time
        return Proof(None, None, a - b)

    monkeypatch.setattr(transcription, "prove_equal", undecided)
    eq = Equation("1", "t", sp.Eq(x, (y + 1) ** 2), printed=r"x = y^2 + 2y + 1")
    r = Transcription("t", eq, notation=NOTATION).run()
    assert r.status is Status.HOLDS
    assert "numerically (5 points, 30 digits)" in r.detail and "not proved" in r.method
    wrong = Equation("1", "t", sp.Eq(x, (y + 1) ** 2), printed=r"x = y^2 + 2y + 2")
    assert Transcription("t", wrong, notation=NOTATION).run().status is Status.FAILS


def test_dots_are_not_parseable_with_reason() -> None:
    r = run(sp.Eq(x, y), r"x = y + \dots \quad (1)", label="1")
    assert r.status is Status.NOT_RUN and r.ok and "\\dots" in r.detail


def test_strict_parser_refuses_instead_of_dropping() -> None:
    with pytest.raises(NotParseable):
        read_member(r"\frac{x}{", NOTATION)
    r = run(sp.Eq(x, y), r"x = y \foo{ \quad (1)", label="1")
    assert r.status is Status.NOT_RUN and "parser refused" in r.detail


def test_never_evaluated_as_python() -> None:
    r = run(sp.Eq(x, y), r"x = __import__('os').getcwd()", label="1")
    assert r.status in (Status.NOT_RUN, Status.ERROR)


def test_missing_notation_is_an_error() -> None:
    r = run(sp.Eq(x, y), r"x = z \quad (1)", label="1")
    assert r.status is Status.ERROR and "'z'" in r.detail


def test_wrong_label_fails() -> None:
    r = run(sp.Eq(E, h**2 / (8 * m * R**2)), BRAGG, label="3.3")
    assert r.status is Status.FAILS and "(3.2)" in r.detail


def test_chain_member_compared_or_declared() -> None:
    printed = r"x = y + y = 2y \quad (1)"
    r = run(sp.Eq(x, 2 * y), printed, label="1")
    assert r.status is Status.HOLDS and "'2y' equals 'y + y'" in r.detail
    undeclared = r"x = y + 1 = 2y \quad (1)"
    r = run(sp.Eq(x, 2 * y), undeclared, label="1")
    assert r.status is Status.FAILS and "neither encoded nor declared" in r.detail
    r = run(sp.Eq(x, 2 * y), undeclared, label="1", not_compared={"y + 1": "a step the encoding skips"})
    assert r.status is Status.HOLDS and "'y + 1' not compared: a step the encoding skips" in r.detail


def test_approx_is_read_as_equality_and_reported() -> None:
    r = run(sp.Eq(x, y), r"x \approx y \quad (1)", label="1")
    assert r.status is Status.HOLDS and "'≈' read as '='" in r.detail


def test_inequality_direction() -> None:
    assert run(sp.Le(x, y), r"y \geq x", label="1").status is Status.HOLDS
    assert run(sp.Le(x, y), r"x \geq y", label="1").status is Status.FAILS
    assert run(sp.Lt(x, y), r"x \leq y", label="1").status is Status.FAILS


def test_strict_inequality_direction_both_ways_round() -> None:
    assert run(sp.Lt(x, y), r"y > x", label="1").status is Status.HOLDS
    assert run(sp.Gt(y, x), r"x < y", label="1").status is Status.HOLDS
    assert run(sp.Lt(x, y), r"y < x", label="1").status is Status.FAILS
    assert run(sp.Gt(y, x), r"y < x", label="1").status is Status.FAILS


def test_condition_compared() -> None:
    printed = r"x = 0 \quad \text{if } y < 1 \text{ and } y > 0 \quad (1)"
    good = run(sp.Eq(x, 0), printed, label="1", condition=sp.And(y < 1, y > 0))
    assert good.status is Status.HOLDS and "condition" in good.detail
    wrong = run(sp.Eq(x, 0), printed, label="1", condition=sp.And(y < 2, y > 0))
    assert wrong.status is Status.FAILS
    missing = run(sp.Eq(x, 0), printed, label="1")
    assert missing.status is Status.FAILS
    declared = run(sp.Eq(x, 0), printed, label="1", not_compared={"condition": "the encoding assumes it"})
    assert declared.status is Status.HOLDS and "not compared: the encoding assumes it" in declared.detail
    unprinted = run(sp.Eq(x, 0), r"x = 0", label="1", condition=y > 0)
    assert unprinted.status is Status.FAILS and "not printed" in unprinted.detail


def test_list_items_against_and() -> None:
    printed = r"x = 1, \quad y = 2 \quad (1)"
    assert run(sp.And(sp.Eq(x, 1), sp.Eq(y, 2)), printed, label="1").status is Status.HOLDS
    assert run(sp.And(sp.Eq(x, 1), sp.Eq(y, 3)), printed, label="1").status is Status.FAILS


def test_bracket_and_textual_keys() -> None:
    f = sp.Function("f")
    op = sp.Function("O")

    def bracket(bra: sp.Expr, ket: sp.Expr) -> sp.Expr:
        return sp.Integral(bra * op(ket), x)

    notation = {"f": f, r"\vec{x}": x, r"\hat{O}": Bracket(bracket), r"m^*": m}
    value = read_member(r"\left\langle f(\vec{x}) \left| \hat{O} \right| f(\vec{x}) \right\rangle / m^*", notation)
    assert value == bracket(f(x), f(x)) / m


def test_split_printed_parts() -> None:
    form = split_printed(r"\begin{aligned} a &= b = \\ &= c \end{aligned} \quad (2.2)")
    assert form.label == "2.2" and form.items[0].members == ("a", "b", "c")


def test_added_automatically_and_uses_derivation_notation() -> None:
    d = Derivation("demo", "demo")
    d.add_equation(Equation("3.2", "t", sp.Eq(E, h**2 / (8 * m * R**2)), printed=BRAGG))
    d.add_notation(NOTATION)  # defaults added later are seen when the check runs
    assert [c.id for c in d.checks.values()] == ["3.2-transcription", "3.2-in-paper"]
    assert d.run()[0].status is Status.HOLDS
