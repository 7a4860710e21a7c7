"""Jupyter display: an Equation as LaTeX, a Result and a run as HTML with verdicts coloured and every string
escaped, a Claim by its value; and a small notebook executed end to end (nbclient)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from symcheck import Claim, Derivation, Equation, Identity, Run, run_checks
from symcheck.display import STATUS_COLOURS
from symcheck.results import Result, Status

x = sp.Symbol("x", positive=True)


def _derivation() -> Derivation:
    d = Derivation("demo", "Demo <b>bold</b> & co")
    d.add_equation(Equation("1", "root", sp.Eq(sp.sqrt(x**2), x)))
    d.add_check(Identity("root", sp.sqrt(x**2), x, equation="1"))
    d.add_check(Claim("pi-good", "3.14", sp.pi))
    d.add_check(Claim("pi-<bad>", "3.15", sp.pi))
    return d


def test_equation_latex_is_the_sympy_form_tagged_with_its_label():
    eq = Equation("3.2", "Bragg", sp.Eq(sp.Symbol("E"), sp.Symbol("h") ** 2 / (8 * x**2)))
    assert eq._repr_latex_() == rf"$$ {sp.latex(eq.relation)} \tag{{3.2}} $$"
    assert Equation("4", "words", None, note="no relation")._repr_latex_() is None


def test_equation_latex_shows_its_condition():
    eq = Equation("5", "positive root", sp.Eq(sp.sqrt(sp.Symbol("y") ** 2), sp.Symbol("y")),
                  condition=sp.Symbol("y") > 0)
    assert r"\text{if } y > 0" in eq._repr_latex_()


def test_result_html_colours_the_verdict_and_escapes_every_string():
    result = Result("a<b", "1", "claim", Status.FAILS, "compared <script>", "Table & row", "x < y \"quoted\"",
                    paper_value="1<2", computed_value="3")
    page = result._repr_html_()
    assert STATUS_COLOURS[Status.FAILS] in page and "(expected holds)" in page
    assert "<script>" not in page and "&lt;script&gt;" in page and "a&lt;b" in page
    assert "Table &amp; row" in page and "x &lt; y &quot;quoted&quot;" in page and "paper 1&lt;2, computed 3" in page


def test_reference_result_html_shows_the_reference_not_a_paper_value():
    result = Result("ref", None, "reference", Status.HOLDS, "compared", "", "", reference_value="2.71",
                    computed_value="2.718", reference="L. Euler, Introductio (1748)")
    page = result._repr_html_()
    assert "reference 2.71, computed 2.718 (L. Euler, Introductio (1748))" in page and "paper None" not in page


def test_run_table_has_one_coloured_row_per_check_and_the_summary():
    run = run_checks(_derivation())
    assert isinstance(run, Run) and len(run) == 3 and not run.ok
    assert [r.id for r in run.not_as_expected] == ["pi-<bad>"]
    page = run._repr_html_()
    assert page.count("<tr>") == 1 + 3 + 1  # head, rows, summary
    assert page.count(STATUS_COLOURS[Status.HOLDS]) == 2 and page.count(STATUS_COLOURS[Status.FAILS]) == 1
    assert "Demo &lt;b&gt;bold&lt;/b&gt; &amp; co" in page and "<b>bold" not in page
    assert "pi-&lt;bad&gt;" in page and "not as expected: pi-&lt;bad&gt;" in page
    assert run.summary().startswith("3 checks: 2 holds, 1 fails")
    assert str(run).splitlines()[-1] == run.summary()


def test_a_known_erratum_that_fails_is_shown_as_expected():
    from symcheck import KnownErratum

    d = Derivation("e", "Erratum")
    d.add_check(KnownErratum("printed", Claim("c", "3.15", sp.pi), "π is not 3.15", instead="3.14"))
    page = run_checks(d)._repr_html_()
    assert "fails (known erratum)" in page and "font-weight:bold" not in page


def test_run_checks_accepts_ids_and_a_file(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("import sympy as sp\nfrom symcheck import Claim, Derivation\n"
                    "derivation = Derivation('mine', 'Mine')\nderivation.add_check(Claim('half', '0.5', sp.S.Half))\n")
    run = run_checks(str(path), ["half"])
    assert run.derivation == "mine" and run["half"].status is Status.HOLDS
    with pytest.raises(KeyError):
        run["other"]


def test_claim_repr_shows_its_value_not_a_long_fraction():
    value = sp.Rational(10**70 + 7, 3 * 10**69)  # 3.333...
    text = repr(Claim("c", "3.33", value, unit="eV", equation="2.1"))
    assert text == "Claim('c', paper 3.33 eV, computed 3.33333 eV, equation='2.1')"
    assert len(text) < 80


@pytest.mark.slow
def test_the_notebook_executes_and_displays_richly():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(Path(__file__).parent / "notebooks" / "own_derivation.ipynb", as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    outputs = [cell.get("outputs", []) for cell in notebook.cells if cell.cell_type == "code"]
    data = [out[0].get("data", {}) if out else {} for out in outputs]
    assert data[1]["text/latex"] == r"$$ E_{n} = - \frac{E_{1}}{n^{2}} \tag{1} $$"
    table = data[2]["text/html"]
    assert table.count(STATUS_COLOURS[Status.HOLDS]) == 3 and table.count(STATUS_COLOURS[Status.FAILS]) == 1
    assert "Bohr levels &lt;in a notebook&gt;" in table and "not as expected: wrong-ratio" in table
    assert STATUS_COLOURS[Status.FAILS] in data[3]["text/html"] and "paper 0.30, computed 0.25" in data[3]["text/html"]
    assert data[4]["text/plain"] == "Claim('ratio', paper 0.25, computed 0.250000)"
    printed = outputs[5][0]["text"]
    assert "claim 'claim' fails (expected holds)" in printed and "paper value: 0.30" in printed
