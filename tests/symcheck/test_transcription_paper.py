"""The paper's source as a check input: locators, printed numbers, printed equations, --paper."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
import sympy as sp

from symcheck import Claim, Derivation, Equation, RangeClaim, Status
from symcheck.cli import _cmd_check, build_parser
from symcheck.errors import SymcheckError
from symcheck.paper_source import (
    AtEquation,
    InPaper,
    InSentence,
    InTable,
    PaperSource,
    PlaceNotFound,
    PrintedEquation,
    numbers_in,
    printed_at,
    using_paper,
)

PAPER = Path(__file__).resolve().parents[3] / "shared" / "paper" / "exchange-pairing.md"
pytestmark = pytest.mark.skipif(not PAPER.exists(), reason="the paper's source is not next to the repository")


@pytest.fixture(scope="module")
def paper() -> PaperSource:
    return PaperSource.load(PAPER)


def test_every_label_found(paper: PaperSource) -> None:
    labels = [f"2.{k}" for k in range(1, 15)] + [f"3.{k}" for k in range(1, 14)]
    assert sorted(paper.equations) == sorted(labels)
    assert paper.find(AtEquation("3.1")) == r"n\lambda = 2 \cdot R \quad (3.1)"


@pytest.mark.parametrize(
    ("row", "column", "cell"),
    [("Li", "E_F", "3.2"), ("Cs", r"$E_{\lambda=2R}$ for R_{100}", "1.0"),
     ("Li", r"$E_F - E_{\lambda=2R}$ for R_{111}", "-0.92"), ("Rb", "Discovered SC", "SC at 55 GPa")],
)
def test_table_cells(paper: PaperSource, row: str, column: str, cell: str) -> None:
    assert paper.find(InTable("Table 1", row, column)) == cell


def test_places_that_are_not_there(paper: PaperSource) -> None:
    with pytest.raises(PlaceNotFound, match="rows named 'Fr'"):
        paper.find(InTable("Table 1", "Fr", "E_F"))
    with pytest.raises(PlaceNotFound, match="columns headed"):
        paper.find(InTable("Table 1", "Li", "E_G"))
    with pytest.raises(PlaceNotFound, match="no display equation labelled"):
        paper.find(AtEquation("4.1"))
    with pytest.raises(PlaceNotFound, match="sentences .* contain"):
        paper.find(InSentence("E_F"))  # in many sentences: a locator must name one


def test_sentence_is_one_sentence(paper: PaperSource) -> None:
    text = paper.find(InSentence("E_F of bismuth is"))
    assert text.startswith("E_F of bismuth is") and text.endswith("m.")
    assert Decimal("0.78e-8") in numbers_in(text) and Decimal("25") in numbers_in(text)


def test_numbers_as_printed() -> None:
    assert numbers_in(r"$\approx 0.78 \cdot 10^{-8}$ m") == [Decimal("7.8E-9")]
    assert numbers_in("w = 0,5 H") == [Decimal("0.5")]
    assert numbers_in(r"$(\lambda_F)^{-3} \approx 10^{18} / \text{cm}^3$") == [Decimal("1E+18")]
    assert numbers_in("-0.92") == [Decimal("-0.92")]
    assert Decimal("3") not in numbers_in(r"E^{3}")  # exponents are not printed values


def test_in_paper_holds_fails_and_is_not_run(paper: PaperSource) -> None:
    cell = InTable("Table 1", "Li", r"$E_{\lambda=2R}$ for R_{100}")
    good = InPaper("li", values=("3.09",), printed_at=cell)
    wrong = InPaper("li-wrong", values=("3.08",), printed_at=cell)
    assert good.run().status is Status.NOT_RUN and good.run().ok
    assert "--paper" in good.run().detail
    with using_paper(paper):
        assert good.run().status is Status.HOLDS
        r = wrong.run()
        assert r.status is Status.FAILS and "3.08 not found" in r.detail and "Table 1, row Li" in r.detail
        missing = InPaper("nowhere", values=("1",), printed_at=InSentence("no such sentence")).run()
        assert missing.status is Status.FAILS and "no sentence" in missing.detail


def test_printed_at_takes_the_checks_own_value(paper: PaperSource) -> None:
    claim = Claim("bose", "3.3125", sp.Rational(53, 16))
    check = printed_at(claim, InSentence("for boson gas we obtain"))
    assert check.id == "bose-in-paper" and check.values == ("3.3125",)
    ranged = printed_at(RangeClaim("c", "4.5", "11", lambda dps: (0, 0)), InSentence("Substituting the ranges"))
    assert ranged.values == ("4.5", "11")
    with using_paper(paper):
        assert check.run().status is Status.HOLDS
        assert ranged.run().status is Status.HOLDS
        assert printed_at(Claim("bose", "3.3", sp.Rational(33, 10)), check.printed_at).run().status is Status.FAILS


def test_printed_equation(paper: PaperSource) -> None:
    n, lam, R = sp.symbols("n lambda R", positive=True)
    good = Equation("3.1", "Bragg", sp.Eq(n * lam, 2 * R), printed=r"n\lambda = 2 \cdot R \quad (3.1)")
    typo = Equation("3.1", "Bragg", sp.Eq(n * lam, 2 * R), printed=r"n\lambda = 3 \cdot R \quad (3.1)")
    with using_paper(paper):
        assert PrintedEquation("a", encoded=good).run().status is Status.HOLDS
        r = PrintedEquation("b", encoded=typo).run()
    assert r.status is Status.FAILS and "3 \\cdot R" in r.detail and "2 \\cdot R" in r.detail


def test_check_command_with_and_without_paper(paper: PaperSource) -> None:
    d = Derivation("demo", "demo")
    d.add_equation(Equation("3.1", "Bragg", sp.Eq(sp.Symbol("x"), 1), printed=r"n\lambda = 2 \cdot R \quad (3.1)"))
    out = io.StringIO()
    assert _cmd_check(d, ["3.1-in-paper"], False, out) == 0
    assert "not run" in out.getvalue() and "0 as expected" in out.getvalue()
    with using_paper(paper):
        out = io.StringIO()
        assert _cmd_check(d, ["3.1-in-paper"], False, out) == 0 and "1 as expected" in out.getvalue()
    args = build_parser(None).parse_args(["check", "--paper", str(PAPER)])
    assert args.paper == str(PAPER)


def test_unreadable_paper_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(SymcheckError, match="--paper .*cannot read"):
        PaperSource.load(tmp_path / "missing.md")
