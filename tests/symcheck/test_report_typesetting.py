"""Reports typeset mathematics: formulas in details, figure labels, the verdict overview, aligned numbers.

Rendering tests only (no TeX); the compiled paper report is tested in test_report.py.
"""

from __future__ import annotations

import pickle
import re

import pytest
import sympy as sp

from symcheck import Claim, Derivation, Equation, Identity, KnownErratum, Limit, Status
from symcheck import report as rep
from symcheck.figures import Figure, Map, Series, axis_label
from symcheck.mathtext import Math, Text, join, text
from symcheck.reportdata import decimal_cell, rich_latex, shown_as
from symcheck.results import Result

x = sp.Symbol("x", positive=True)
E_s = sp.Symbol("E_s")


# -- text with formulas ------------------------------------------------------------------------------


def test_text_is_the_plain_string_and_keeps_its_formulas():
    detail = text("norm ", Math(1 + x**2), " at ", Math(sp.Eq(E_s, 2)))
    assert detail == "norm x**2 + 1 at Eq(E_s, 2)"
    assert [p.latex for p in detail.parts if isinstance(p, Math)] == ["x^{2} + 1", "E_{s} = 2"]
    for joined in (join("; ", [detail, "more"]), detail + "; more", "before; " + detail):
        assert isinstance(joined, Text) and sum(isinstance(p, Math) for p in joined.parts) == 2
    again = pickle.loads(pickle.dumps(detail))
    assert again == detail and again.parts == detail.parts
    assert not isinstance(f"{detail}", Text)  # an f-string makes plain text, as documented


def test_math_takes_sympy_objects_never_text():
    with pytest.raises(TypeError, match="not parsed"):
        Math("x**2")
    assert Math.printed(r"\frac{a}{b}", "'a/b'").latex == r"\frac{a}{b}"


def test_rich_latex_escapes_text_and_typesets_formulas():
    out = rich_latex(text("50% of ", Math(sp.sqrt(x) * E_s), " & more"), "test")
    assert out == r"50\% of $E_{s} \sqrt{x}$ \& more"
    problems: list[str] = []
    refused = rich_latex(text("a ", Math.printed(r"\input{/etc/passwd}")), "test", problems)
    assert r"\input{" not in refused and problems and "which a report does not run" in problems[0]


# -- details of the engine's check kinds -------------------------------------------------------------


def test_identity_residual_and_limit_values_are_formulas():
    failed = Identity("wrong", (x + 1) ** 2, x**2 + 1).run()
    assert failed.status is Status.FAILS and failed.method.startswith("disproved")
    maths = [p for p in failed.detail.parts if isinstance(p, Math)]
    assert [m.latex for m in maths] == ["2 x"]
    assert "lhs - rhs = 2*x" in failed.detail  # the terminal and JSON read SymPy's text
    refuted = Identity("refuted", x**2, x).run()  # not decided by a rewrite: a counterexample, typeset
    assert refuted.method.startswith("refuted numerically")
    assert [re.sub(r"[0-9.]+", "N", p.latex) for p in refuted.detail.parts if isinstance(p, Math)] == ["x = N"]
    y = sp.Symbol("y", positive=True)
    limit = Limit("lim", sp.sin(x) / x * y, x, 0, y).run()
    latex = [p.latex for p in limit.detail.parts if isinstance(p, Math)]
    assert "y" in latex and any(re.fullmatch(r"y = [0-9.]+", m) for m in latex)  # SymPy's value, the sample point


def test_erratum_keeps_the_formulas_of_what_it_wraps():
    r = KnownErratum("e", Identity("i", (x + 1) ** 2, x**2 + 1), "the paper drops 2x",
                     instead=Identity("t", (x + 1) ** 2, x**2 + 2 * x + 1)).run()
    assert r.ok and any(isinstance(p, Math) and p.latex == "2 x" for p in r.detail.parts)


def _result(method: str, status: Status = Status.HOLDS, kind: str = "identity") -> Result:
    return Result("r", None, kind, status, method, "", "")


@pytest.mark.parametrize("method, status, kind, shown", [
    ("proved (cancel)", Status.HOLDS, "identity", "proved"),
    ("SymPy limit, cross-checked by mpmath", Status.HOLDS, "limit", "proved"),
    ("verified numerically (5 points, 30 digits); not proved", Status.HOLDS, "identity", "numerically"),
    ("mpmath limit only (SymPy gave no decision); not proved", Status.HOLDS, "limit", "numerically"),
    ("proved for 5 sampled inputs; not proved in general", Status.HOLDS, "claim", "numerically"),  # never "proved"
    ("recomputed to 30 digits; compared within ±0.005 (paper's rounding)", Status.HOLDS, "claim", "numerically"),
    ("disproved (expand)", Status.FAILS, "identity", "refuted"),
    ("identity: disproved (structural)", Status.FAILS, "erratum", "refuted"),
    ("needs the paper's source", Status.NOT_RUN, "claim", "open"),
    ("not proved; no numeric test possible", Status.INCONCLUSIVE, "identity", "open"),
])
def test_how_a_verdict_was_reached(method, status, kind, shown):
    assert shown_as(_result(method, status, kind)) == shown


# -- the rendered report ------------------------------------------------------------------------------


def _derivation() -> Derivation:
    d = Derivation("typeset", "Typesetting")
    d.add_equation(Equation("1", text("the square root of ", Math(x**2)), sp.Eq(sp.sqrt(x**2), x),
                            note=text("holds for ", Math(sp.Symbol("y") > 0))))
    d.add_equation(Equation("2", "a claim", None, note="a number only"))
    d.add_check(Identity("1-root", sp.sqrt(x**2), x, equation="1"))
    d.add_check(KnownErratum("1-wrong", Identity("square", (x + 1) ** 2, x**2 + 1), "not the same", equation="1",
                             instead=Identity("same", x, x)))
    d.add_check(Claim("2-pi", "3.14", sp.pi, equation="2"))
    d.figures.append(lambda: Figure("f", "Curves", text("caption with ", Math(E_s)), "E_s (eV)", "y",
                                    [Series("E_s", [1.0, 2.0], [1.0, 4.0], label_latex=sp.latex(E_s))],
                                    xlabel_latex=axis_label(E_s, "eV"), ylabel_latex="y"))
    d.report_sections["t"] = lambda: {"header": ["name", Math(E_s)], "rows": [["a", "3.25"], ["b", "-12.5"]]}
    return d


@pytest.fixture(scope="module")
def typeset() -> rep.Report:
    return rep.render(_derivation())


def test_overview_comes_first_with_counts_and_links(typeset):
    body = typeset.tex.split(r"\begin{document}", 1)[1]
    assert body.index("Verdict overview") < body.index(r"\tableofcontents") < body.index(r"\section{Equations}")
    rows = {line.split("}", 2)[1].strip("{()"): line for line in body.splitlines()
            if line.startswith(r"\hyperlink{eq-")}
    # Eq. 1: one proved, one refuted (the erratum), the erratum listed and linked to its detail
    cells = [c.strip() for c in rows["1"].split("&")]
    assert cells[3:7] == ["1", "", r"\verdict{erratum}{1}", ""]
    anchors = {r.id: f"check-{i}" for i, r in enumerate(_derivation().run(), start=1)}
    assert rf"\hyperlink{{{anchors['1-wrong']}}}" in cells[7]
    assert rf"\hypertarget{{{anchors['1-wrong']}}}{{}}" in body  # the detail it links to
    assert body.count(rf"\hypertarget{{{anchors['1-wrong']}}}") == 1  # listed again under findings, one target
    # the erratum's detail links back to its equation
    assert r"\hyperlink{eq-1}{Eq.~(1)}" in body
    assert [c.strip() for c in rows["2"].split("&")][3:7] == ["", "1", "", ""]  # the claim: verified numerically


def test_formulas_are_typeset_in_details_titles_notes_and_figures(typeset):
    tex = typeset.tex
    assert "the square root of $x^{2}$" in tex and "holds for $y > 0$" in tex
    assert "$2 x$, which is non-zero" in tex  # the wrong identity's residual
    assert r"xlabel={$E_{s}\ \left(\mathrm{eV}\right)$}" in tex and r"\addlegendentry{$E_{s}$}" in tex
    assert "caption with $E_{s}$" in tex
    assert "**" not in tex.split(r"\begin{document}", 1)[1] and "sqrt(" not in tex


def test_numbers_align_on_the_decimal_point(typeset):
    assert decimal_cell("-0.92") == (r"\ensuremath{-}0", ".92")
    assert decimal_cell("1.5e-8") == ("1", r".5\ensuremath{\times 10^{-8}}")
    assert decimal_cell("> 2.5") == (r"\textgreater{}~2", ".5")
    assert decimal_cell("4.5-11") is None and decimal_cell("n/a") is None
    tex = typeset.tex
    assert r"\begin{tabular}{@{}lr@{}l@{}}" in tex and r"a & 3 & .25\\" in tex and r"\ensuremath{-}12 & .5\\" in tex
    assert r"\multicolumn{2}{c}{\symcheckhead{$E_{s}$}}" in tex
    assert r"3 & .14 & 3 & .14159" in tex  # the claims audit: paper and computed, each split at the point


def test_not_run_counts_neither_way():
    d = _derivation()
    results = d.run()
    not_run = Result("skipped", "2", "claim", Status.NOT_RUN, "needs the paper's source", "", "reason")
    tex = rep.render(d, results=results + [not_run]).tex
    as_expected = sum(r.ok for r in results)
    assert f"{as_expected} checks ended as the derivation expects; 1 was not run" in tex


def test_figure_latex_is_screened():
    d = Derivation("bad", "bad")
    d.figures.append(lambda: Figure("f", "t", "c", "x", "y", [Series("s", [1.0], [1.0])],
                                    xlabel_latex=r"\input{/etc/passwd}"))
    report = rep.render(d)
    assert report.figures == 0 and "xlabel_latex" in report.problems[0] and r"\input{" not in report.tex


def test_map_labels_take_latex():
    m = Map("m", "t", "c", "x", "y", "z", [1.0, 2.0], [1.0, 2.0], [[1.0, 2.0], [3.0, 4.0]],
            xlabel_latex="E_{1}", ylabel_latex="T_{c}", zlabel_latex="C", contours=(2.5,))
    d = Derivation("map", "map")
    d.figures.append(lambda: m)
    tex = rep.render(d).tex
    assert "xlabel={$E_{1}$}" in tex and "ylabel={$T_{c}$}" in tex and "Black lines: $C$ = 2.5." in tex


def test_section2_brackets_print_in_bra_ket_notation():
    from symcheck_derivations.exchange_pairing import section2

    latex = section2.EQ_2_2.latex()
    assert r"\middle| \hat{O} \middle|" in latex and r"O{\left(" not in latex and r"\int" not in latex
    exchange = section2.EQ_2_4.latex()
    assert exchange == (r"J = \left\langle \Psi_{1}{\left(r_{1} \right)} \Psi_{2}{\left(r_{2} \right)} \middle| "
                        r"\hat{O} \middle| \Psi_{1}{\left(r_{2} \right)} \Psi_{2}{\left(r_{1} \right)} \right\rangle")
    assert str(section2.EQ_2_4.rhs) == "<Psi_1(r_1)*Psi_2(r_2)|O|Psi_1(r_2)*Psi_2(r_1)>"
