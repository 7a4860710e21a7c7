"""The LaTeX allow-lists: what data LaTeX and whole documents may contain (symcheck.latex)."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from symcheck import latex as L

x, y = sp.symbols("x y", positive=True)
n = sp.Symbol("n", integer=True)
f = sp.Function("f")

#: What SymPy's printer makes of a spread of expressions: every one must pass as trusted LaTeX.
SYMPY_OUTPUT = [
    sp.Eq(sp.Symbol("E_lambda"), sp.pi**2 * sp.Symbol("hbar") ** 2 / (2 * sp.Symbol("m") * sp.Symbol("R") ** 2)),
    sp.sqrt(x**2 + 1) / sp.log(x) - sp.exp(-x) * sp.sin(x) ** 2 + sp.atan(y) + sp.cosh(x),
    sp.Integral(sp.exp(-x**2), (x, 0, sp.oo)), sp.Sum(1 / n**2, (n, 1, sp.oo)), sp.Limit(sp.sin(x) / x, x, 0),
    sp.Derivative(f(x), x, 2), sp.Matrix([[1, x], [y, 2]]), sp.Piecewise((x, x > 1), (y, True)),
    sp.Abs(x - y), sp.floor(x) + sp.ceiling(y), sp.gamma(x) * sp.zeta(3) * sp.besselj(0, x),
    sp.Symbol("T_c") >= sp.Symbol("Delta_0"), sp.Ne(x, y), sp.binomial(n, 2), sp.factorial(n), sp.re(x) + sp.im(y),
    sp.Symbol("alpha_1") * sp.Symbol("Omega") * sp.Symbol("xi^*") * sp.Symbol("x'"), sp.O(x**3), sp.nan, sp.zoo,
    sp.And(x > 1, y < 2), sp.Rational(-3, 7) * sp.E ** (sp.I * sp.pi), sp.Symbol("λ") + sp.Symbol("ħ"),
]


@pytest.mark.parametrize("expr", SYMPY_OUTPUT, ids=range(len(SYMPY_OUTPUT)))
def test_sympy_printer_output_passes(expr):
    latex = sp.latex(expr)
    screened = L.screen_latex(latex, "expr")
    assert screened == L.trusted_latex(latex)
    L.check_document(screened)


@pytest.mark.parametrize("latex, refused", [
    (r"\input{/etc/hostname}", r"\input"),
    (r"\csname input\endcsname{/etc/hostname}", r"\csname"),
    (r"\expandafter\x", r"\expandafter"),
    (r"\ExplSyntaxOn \use:c{input}", r"\ExplSyntaxOn"),
    (r"\makeatletter\@@input", r"\makeatletter"),
    (r"\scantokens{\input x}", r"\scantokens"),
    (r"\lowercase{\INPUT}", r"\lowercase"),
    (r"\pdfprimitive\input", r"\pdfprimitive"),
    (r"\directlua{os.execute('ls')}", r"\directlua"),
    (r"\string\input", r"\string"),
    (r"\catcode`\|=0 |input", r"\catcode"),
    (r"\immediate\pdfobj stream file {/etc/hostname}", r"\immediate"),
    (r"\pdfximage{/etc/hostname}", r"\pdfximage"),
    (r"\pdffiledump{/etc/hostname}", r"\pdffiledump"),
    (r"\pdfmdfivesum file {/etc/hostname}", r"\pdfmdfivesum"),
    (r"\includegraphics{/etc/hostname}", r"\includegraphics"),
    (r"\def\x{1}", r"\def"),  # templates may define (allow-listed) commands; data may not
    (r"\@input{x}", "\\@"),
    ("\\\n", "<end of line>"),
])
def test_data_latex_refuses_what_is_not_allowed(latex, refused):
    with pytest.raises(L.UnsafeLatex, match=r"^LaTeX: .*" + re.escape(refused)):
        L.trusted_latex(latex)
    problems: list[str] = []
    shown = L.screen_latex(latex, "equation 9", problems)
    assert len(problems) == 1 and problems[0].startswith("equation 9: ") and refused in problems[0]
    assert shown.startswith(r"\texttt{") and "\\" + refused.lstrip("\\") not in shown.replace(r"\texttt{", "")


@pytest.mark.parametrize("latex, why", [
    ("x^^5cinput", "^^"), ("x}{", "closes a group"), ("{x", "unclosed"), ("x % comment", "bare '%'"),
    ("#1", "bare '#'"), (r"\begin{document}", "environment 'document'"), (r"\begin{verbatim}", "verbatim"),
    ("a\x00b", "control character"), ("a\x7fb", "control character"),
])
def test_data_latex_refuses_catcode_and_group_tricks(latex, why):
    with pytest.raises(L.UnsafeLatex, match=re.escape(why)):
        L.trusted_latex(latex)


def test_data_latex_maps_unicode_and_keeps_math_environments():
    assert L.trusted_latex("λ_{1}") == r"\ensuremath{\lambda}_{1}"
    assert L.trusted_latex(r"\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}").startswith(r"\begin{pmatrix}")
    assert L.trusted_latex(r"$E_{\lambda=2R}$\\$R_{100}$ (\AA) \% \# \{ \}") is not None


DOCUMENT = r"""\documentclass[10pt]{article}
\usepackage[T1]{fontenc}
\usepackage{amsmath,pgfplots}
\newcommand{\mine}[1]{\textbf{#1}}
\begin{document}
\mine{x} $\frac{1}{2}$
\begin{tikzpicture}\begin{axis}[title={A}]
\addplot+[mark=none] table[x=x, y=y] {tiny-data/line-1.dat};
\end{axis}\end{tikzpicture}
\end{document}
"""


def test_document_with_allowed_commands_passes_and_newcommand_names_are_usable():
    L.check_document(DOCUMENT, "doc", "tiny-data")


@pytest.mark.parametrize("change, why", [
    (("\\mine{x}", "\\input{/etc/hostname}"), r"doc, line 6: \input is not"),
    (("{amsmath,pgfplots}", "{amsmath,catchfile}"), "loads a package"),
    (("[T1]{fontenc}", "[/etc/hostname]{fontenc}"), "may not name files"),
    (("{tiny-data/line-1.dat}", "{/etc/hostname}"), "plots only files of its own data directory"),
    (("{tiny-data/line-1.dat}", "{tiny-data/../../etc/hostname}"), "plots only files"),
    (("{tiny-data/line-1.dat}", "{other-data/line-1.dat}"), "plots only files"),
    (("table[x=x, y=y]", "file"), "may only plot a table"),
    (("\\newcommand{\\mine}", "\\newcommand{\\pdfobj}"), r"may not define \pdfobj"),
    (("\\newcommand{\\mine}", "\\renewcommand{\\input}"), r"may not define \input"),
    (("\\newcommand{\\mine}", "\\renewcommand{\\foo}"), r"may only redefine an allowed command"),
    (("\\begin{tikzpicture}", "\\begin{filecontents}"), "environment 'filecontents'"),
    (("\\end{document}", "% \\input{/etc/hostname}\n\\end{document}"), r"\input"),  # comments are scanned
    (("$\\frac", "$\\fr^^61c"), "^^"),
    (("\\mine{x}", "\\mine{\u00e9}"), "non-ASCII"),
    (("\\mine{x}", "\\pdf\\mine{}obj"), r"\pdf is not"),
])
def test_document_refuses_what_is_not_allowed(change, why):
    document = DOCUMENT.replace(*change)
    assert document != DOCUMENT
    with pytest.raises(L.UnsafeLatex, match=re.escape(why)):
        L.check_document(document, "doc", "tiny-data")


def test_control_sequences_reads_as_tex_does():
    assert [name for name, _ in L.control_sequences(r"\a1\b@\\c\ \%")] == ["a", "b", "\\", " ", "%"]
