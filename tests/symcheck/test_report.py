"""LaTeX reports: escaping, rendering, atomic writes, the CLI contract, and (with TeX) compiling.

Rendering tests always run. Tests marked ``tex`` compile PDFs and are skipped only
when no TeX engine is installed (``.ci/run`` installs one).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import jinja2
import pytest
import sympy as sp

import symcheck
from symcheck import Claim, Derivation, Equation, Identity, KnownErratum
from symcheck import report as rep
from symcheck.cli import main
from symcheck.figures import Figure, Map, Series

REPO = Path(__file__).resolve().parents[2]
HOSTILE = [r"\input{/etc/passwd}", r"\write18{touch /tmp/symcheck-pwned}", "_ & % $ # { } ~ ^ \\",
           "a--b---c ,, `q' \"d\" <x> |y|", "\\\\ \\par \\end{document}"]
UNICODE = "λ Δ ħ ² ⁻ ≈ ± Å ° · ≤ ∝ √ π ζ µ – — é ü ß ∞ ₁"
needs_tex = pytest.mark.skipif(rep.find_tex() is None, reason="no TeX engine (latexmk/pdflatex) installed")


# -- escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_leaves_no_command_and_no_special(text):
    out = rep.latex_escape(text)
    # every backslash now starts one of the escaper's own commands or an escaped special
    commands = set(re.findall(r"\\([A-Za-z]+|.)", out))
    assert commands <= {"textbackslash", "textasciitilde", "textasciicircum", "textless", "textgreater",
                        "textbar", "textasciigrave", "textquotesingle", "textquotedbl",
                        "{", "}", "$", "&", "#", "%", "_"}
    unescaped = re.sub(r"\\([A-Za-z]+(\{\})?|.)", "", out)
    assert not set(unescaped) & set("\\$&#%_^~"), unescaped
    assert unescaped.count("{") == unescaped.count("}")  # only the {} after escape commands remain


def test_escape_exact_specials():
    assert rep.latex_escape("_&%$#{}~^\\") == (
        r"\_\&\%\$\#\{\}\textasciitilde{}\textasciicircum{}\textbackslash{}")
    assert rep.latex_escape("a--b") == "a-{}-b"


def test_escape_maps_unicode_to_ascii_latex():
    out = rep.latex_escape(UNICODE)
    assert out.isascii()
    assert r"\ensuremath{\lambda}" in out and r"\mbox{\AA}" in out and r"\ensuremath{^{2}}" in out
    assert r"\mbox{\'{e}}" in out and r"\ensuremath{_{1}}" in out
    # a character without a LaTeX equivalent prints visibly, never breaks the compile
    assert rep.latex_escape("\U0001f600") == r"\mbox{\texttt{[U+1F600]}}"


def test_trusted_latex_passes_and_maps_unicode():
    assert rep.trusted_latex(r"\frac{a}{b}") == r"\frac{a}{b}"
    assert rep.trusted_latex("λ_{1}") == r"\ensuremath{\lambda}_{1}"
    assert isinstance(rep.trusted_latex("x"), rep.Trusted)


def test_environment_escapes_everything_but_trusted():
    env = rep.environment()
    t = env.from_string(r"\VAR{a} \VAR{b} \VAR{c|tt}")
    assert t.render(a="50%", b=rep.Trusted(r"\alpha"), c="x_y") == r"50\% \alpha \texttt{x\_\allowbreak{}y}"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string(r"\VAR{missing}").render()
    with pytest.raises(rep.ReportError, match="None"):
        env.from_string(r"\VAR{n}").render(n=None)


# -- a small hostile derivation -----------------------------------------------------------

x = sp.Symbol("x", positive=True)
y = sp.Symbol("y")


def _curves() -> Figure:
    xs = [0.5 * i for i in range(1, 21)]
    return Figure("energy-curves", "Energies " + HOSTILE[0], "Two curves; caption with " + HOSTILE[2],
                  "R (Å) " + HOSTILE[1], "E (eV) ≈ λ²", [Series("singlet " + HOSTILE[2], xs, [v * v for v in xs]),
                                                      Series("triplet λ", xs, [float("nan")] + [-v for v in xs[1:]])],
                  source="exact, 10 digits")


def _map() -> Map:
    xs = [1.0 + i for i in range(12)]
    ys = [10.0 ** (i / 4) for i in range(9)]
    z = [[a * b if a * b < 300 else float("nan") for a in xs] for b in ys]
    return Map("c-map", "C map", "C over (E_1, T_c) " + HOSTILE[3], "E_1 (eV)", "T_c (K)", "C", xs, ys, z,
               ylog=True, source="test grid", contours=(50, 100))


def _broken() -> Figure:
    raise RuntimeError("provider failed with " + HOSTILE[1])


def hostile_derivation(*, broken: bool = False) -> Derivation:
    d = Derivation("hostile", "Title " + HOSTILE[0] + " " + UNICODE, source=HOSTILE[2],
                   description="Description " + HOSTILE[3])
    d.add_equation(Equation("1", "root " + HOSTILE[2], sp.Eq(y, sp.sqrt(x**2)), source=HOSTILE[4],
                            note="note " + HOSTILE[1] + " " + UNICODE))
    d.add_equation(Equation("2", "prose only", None, note="no relation " + HOSTILE[0]))
    d.add_check(Identity("root-" + HOSTILE[2], sp.sqrt(x**2), x, equation="1", where=HOSTILE[0]))
    d.add_check(Claim("claim " + HOSTILE[1], "3.14", sp.pi, equation="1", where="where " + HOSTILE[3],
                      detail="detail " + HOSTILE[0] + " " + UNICODE))
    d.add_check(KnownErratum("erratum", check=Claim("wrong", "3.2", sp.pi), explanation="π is " + HOSTILE[2],
                             where="Section 3 " + UNICODE, instead="3.14"))
    d.figures.extend([_curves, _map] + ([_broken] if broken else []))
    d.report_sections["table " + HOSTILE[2]] = lambda: {
        "title": "A table " + HOSTILE[0], "caption": "Caption " + HOSTILE[2], "source": "Source " + HOSTILE[1],
        "header": ["Name " + HOSTILE[2], "Value (Å)"], "rows": [[HOSTILE[0], "1.0"], [UNICODE, "2.5 †"]],
        "notes": ["Note " + HOSTILE[3]],
    }
    d.report_sections["long"] = lambda: {"header": ["n", "n²"], "rows": [[str(n), str(n * n)] for n in range(40)],
                                         "caption": "A table long enough to break across pages."}
    return d


@pytest.fixture(scope="module")
def hostile_report() -> rep.Report:
    return rep.render(hostile_derivation(broken=True))


def test_hostile_strings_print_as_text(hostile_report):
    tex = hostile_report.tex
    body = tex.split(r"\begin{document}", 1)[1]
    assert r"\input{" not in body and r"\write18" not in body and r"\end{document}" in body
    assert body.count(r"\end{document}") == 1
    assert r"\textbackslash{}input\{/etc/passwd\}" in body
    assert tex.isascii()


def test_trusted_latex_with_a_dangerous_command_prints_as_text():
    evil = sp.Symbol(r"\input{/etc/passwd}")
    d = Derivation("evil", "evil")
    d.add_equation(Equation("1", "evil", sp.Eq(evil, x), symbol_notes={r"\write18{ls}": "shell"}))
    d.report_sections["t"] = lambda: {"header": ["a"], "header_latex": [r"\immediate\write18{ls}"], "rows": []}
    report = rep.render(d)
    body = report.tex.split(r"\begin{document}", 1)[1]
    assert r"\input{" not in body and r"\write18" not in body and r"\immediate" not in body
    assert r"\texttt{\textbackslash{}input\{/\allowbreak{}etc/\allowbreak{}passwd\}" in body
    assert sorted(p.split(":")[0] for p in report.problems) == [
        "equation 1", "equation 1, symbol '\\\\write18{ls}'", "report section 't' failed"]
    assert all("which a report does not run" in p for p in report.problems)


def test_equations_come_from_sympy_and_verdicts_from_checks(hostile_report):
    d = hostile_derivation()
    tex = hostile_report.tex
    assert d.equations["1"].latex() in tex
    results = {r.id: r for r in d.run()}
    assert results["erratum"].status is symcheck.Status.FAILS
    assert "paper is wrong here (known erratum)" in tex
    assert rep.latex_escape(results["claim " + HOSTILE[1]].method) in tex
    assert "3.14159" in tex  # the computed value, as the check printed it


def test_known_deviation_is_not_called_an_error_of_the_paper():
    d = Derivation("dev", "dev")
    d.add_check(symcheck.KnownDeviation("ref", check=Claim("ref-value", "3.2", sp.pi),
                                        explanation="the published reference uses another model", instead="3.14"))
    tex = rep.render(d).tex
    assert "known deviation, not an error of the paper" in tex and "paper is wrong" not in tex
    assert r"\label{sec:deviations}" in tex and "No check contradicts the paper as printed." in tex
    assert "1 fails as expected for a reason that is not an error of the paper" in tex


def test_figures_written_as_data_and_failures_recorded(hostile_report):
    assert hostile_report.figures == 2
    assert sorted(hostile_report.data) == ["c-map-contours.dat", "c-map.dat", "energy-curves-1.dat",
                                           "energy-curves-2.dat"]
    assert "Black lines: C = 50, 100." in hostile_report.tex
    assert hostile_report.data["energy-curves-1.dat"].splitlines()[:3] == ["x y", "0.5 0.25", "1 1"]
    assert hostile_report.data["energy-curves-2.dat"].splitlines()[1] == "0.5 nan"
    assert "matrix plot*" in hostile_report.tex and "mesh/cols=12" in hostile_report.tex
    assert "ymode=log" in hostile_report.tex
    assert len(hostile_report.problems) == 1 and "RuntimeError" in hostile_report.problems[0]
    assert "This report is incomplete" in hostile_report.tex
    # the verdict overview, the claims audit and the 40-row table break across pages
    assert hostile_report.tex.count(r"\begin{longtable}") == 3 and r"\begin{tabular}{@{}lr@{}}" in hostile_report.tex
    assert rep.latex_escape(hostile_report.problems[0]) in hostile_report.tex


def test_render_is_deterministic(hostile_report):
    again = rep.render(hostile_derivation(broken=True))
    assert again.files() == hostile_report.files()


def test_big_map_is_thinned_and_says_so():
    big = Map("big", "big", "cap", "x", "y", "z", list(range(200)), list(range(100)),
              [[float(i + j) for i in range(200)] for j in range(100)])
    d = Derivation("big", "big")
    d.figures.append(lambda: big)
    report = rep.render(d)
    rows = report.data["big.dat"].splitlines()
    assert 1 < len(rows) - 1 <= rep.MAX_MAP_CELLS
    assert "drawn from one grid point in 2 along each axis (100 x 50 of 200 x 100 points)" in report.tex


@pytest.mark.parametrize("section, message", [
    ({"header": ["a", "b"], "rows": [["1"]]}, "row 1 must have 2 cells"),
    ({"rows": []}, "'header' must be"),
    ("text", "expected a dict"),
    ({"header": ["a"], "rows": [], "align": "x"}, "'align'"),
])
def test_bad_report_section_is_a_problem_not_a_crash(section, message):
    d = Derivation("bad", "bad")
    d.report_sections["s"] = lambda: section
    report = rep.render(d)
    assert len(report.problems) == 1 and message in report.problems[0]


def test_user_template_overrides_shipped_one(tmp_path):
    (tmp_path / "report.tex.jinja").write_text(r"custom \VAR{derivation.title} \VAR{summary.total}" + "\n")
    report = rep.render(hostile_derivation(), tmp_path)
    assert report.tex.startswith(r"custom Title \textbackslash{}input") and report.tex.endswith(" 3\n")


def test_user_template_can_override_a_part(tmp_path):
    (tmp_path / "result.tex.jinja").write_text(r"RESULT[\VAR{r.id|tt}]" + "\n")
    report = rep.render(hostile_derivation(), tmp_path)
    assert r"RESULT[\texttt{erratum}]" in report.tex and r"\documentclass" in report.tex


# -- writing ---------------------------------------------------------------------------------------


def test_write_is_atomic_and_replaces_stale_data(tmp_path, hostile_report):
    earlier = rep.Report("hostile", hostile_report.tex, hostile_report.data | {"old-figure.dat": "x y\n1 2\n"})
    earlier.write(tmp_path)
    stale = tmp_path / "hostile-data" / "old-figure.dat"
    assert stale.is_file()
    tex = hostile_report.write(tmp_path)
    assert tex == tmp_path / "hostile.tex"
    assert not stale.exists()  # symcheck wrote it, so a newer report may remove it
    assert sorted(p.name for p in (tmp_path / "hostile-data").iterdir()) == sorted(hostile_report.data)
    # no temporary files; the manifest records what was written
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hostile.symcheck-manifest", "hostile-data", "hostile.tex"]


@pytest.mark.parametrize("failing", ["every rename", "the .tex rename"])
def test_failed_write_leaves_previous_files(tmp_path, hostile_report, monkeypatch, failing):
    hostile_report.write(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    changed = rep.Report("hostile", "new text", {"c-map.dat": "new"})
    replace = os.replace

    def fail(src, dst):
        if failing == "every rename" or str(dst).endswith(".tex"):
            raise OSError(28, "No space left on device")
        replace(src, dst)

    monkeypatch.setattr(rep.os, "replace", fail)
    with pytest.raises(rep.ReportError, match="No space left"):
        changed.write(tmp_path)
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


# -- the CLI ---------------------------------------------------------------------------------------


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def hostile_cli(monkeypatch):
    d = hostile_derivation()
    monkeypatch.setattr("symcheck.cli.load", lambda name=None: d)
    return d


def test_cli_report_writes_tex(capsys, tmp_path, hostile_cli):
    code, out, err = run_cli(capsys, "report", "--out", str(tmp_path / "r"))
    assert code == 0 and err == ""
    assert out.startswith(f"wrote {tmp_path / 'r' / 'hostile.tex'} (2 figures, 4 data files")
    assert (tmp_path / "r" / "hostile-data" / "c-map.dat").is_file()


def test_cli_report_with_failing_figure_exits_3(capsys, tmp_path, monkeypatch):
    d = hostile_derivation(broken=True)
    monkeypatch.setattr("symcheck.cli.load", lambda name=None: d)
    code, _, err = run_cli(capsys, "report", "--out", str(tmp_path))
    assert code == rep.EXIT_INCOMPLETE
    assert "RuntimeError: provider failed" in err and "Traceback" not in err
    assert (tmp_path / "hostile.tex").is_file()


@pytest.mark.parametrize("make_args, message", [
    (lambda tmp: ["--out", str(tmp / "file")], "--out must be a directory"),
    (lambda tmp: ["--template", str(tmp / "missing")], "--template must be an existing directory"),
    (lambda tmp: ["--template", str(tmp / "bad")], "report.tex.jinja, line 2"),
    (lambda tmp: ["--template", str(tmp / "undefined")], "'nothing' is undefined"),
])
def test_cli_report_bad_input_is_one_line_exit_2(capsys, tmp_path, hostile_cli, make_args, message):
    (tmp_path / "file").write_text("not a directory")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "report.tex.jinja").write_text("ok\n\\BLOCK{for x in}\n")
    (tmp_path / "undefined").mkdir()
    (tmp_path / "undefined" / "report.tex.jinja").write_text("\\VAR{nothing}\n")
    args = make_args(tmp_path)
    if "--out" not in args:
        args += ["--out", str(tmp_path / "out")]
    code, _, err = run_cli(capsys, "report", *args, "--pdf")
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_cli_report_unknown_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--bogus"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "unrecognized arguments: --bogus" in err and err.count("\n") == 1


def test_cli_report_unknown_derivation(capsys, tmp_path):
    code, _, err = run_cli(capsys, "report", "--derivation", "no-such-paper", "--out", str(tmp_path))
    assert code == 2 and "unknown derivation 'no-such-paper'" in err and err.count("\n") == 1


def test_cli_pdf_without_tex_says_how_to_install(capsys, tmp_path, hostile_cli, monkeypatch):
    monkeypatch.setattr("symcheck.texcompile.shutil.which", lambda name: None)
    code, _, err = run_cli(capsys, "report", "--out", str(tmp_path), "--pdf")
    assert code == rep.EXIT_INCOMPLETE
    assert "apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk" in err
    assert (tmp_path / "hostile.tex").is_file() and not (tmp_path / "hostile.pdf").exists()


# -- the generated copy in reports/ ---------------------------------------------------------------


@pytest.fixture(scope="module")
def paper_report() -> rep.Report:
    """The built-in paper's report, rendered once for this module (it runs every check)."""
    return rep.render(symcheck.load())


def test_reports_copy_is_up_to_date(paper_report):
    """reports/ holds `symcheck report --out reports` output; regenerate it when this fails.

    Any difference fails, How: and Detail: lines included: they say how each verdict was reached
    (proved, verified numerically), which the engine decides by operation budgets, not by the clock.
    """
    _assert_copy_is_up_to_date(symcheck.load(), paper_report, "symcheck report --out reports")


def test_the_second_derivations_reports_copy_is_up_to_date():
    d = symcheck.load("bcs-weak-coupling")
    _assert_copy_is_up_to_date(d, rep.render(d), "symcheck report --derivation bcs-weak-coupling --out reports")


def _assert_copy_is_up_to_date(d: Derivation, report: rep.Report, command: str) -> None:
    expected = report.files()
    folder = REPO / "reports"
    present = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*")
               if p.is_file() and (p.name == f"{d.name}.tex" or p.parent.name == report.data_dir)}
    if present == expected:
        return
    stale = sorted(set(present) ^ set(expected) | {k for k in expected if present.get(k) != expected[k]})
    committed = present.get(f"{d.name}.tex", "")
    recorded = re.search(r"^%% versions: (.*)$", committed, re.MULTILINE)
    current = re.search(r"^%% versions: (.*)$", report.tex, re.MULTILINE)
    versions = (f"; it was generated with {recorded.group(1)}, installed: {current.group(1)}"
                if recorded and current and recorded.group(1) != current.group(1) else "")
    old, new = committed.splitlines(), report.tex.splitlines()
    first = next((f"\n  committed: {a}\n  now:       {b}" for a, b in zip(old, new) if a != b), "")
    pytest.fail("reports/ is out of date (" + ", ".join(stale) + f"){versions}; regenerate it with "
                f"`{command}`" + first)


# -- compiling (needs TeX) ------------------------------------------------------------------------


def _compile(report: rep.Report, folder: Path) -> rep.CompileResult:
    return rep.compile_pdf(report.write(folder))


def _text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF's text")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


@pytest.mark.tex
@needs_tex
def test_hostile_report_compiles_and_prints_the_strings(tmp_path, hostile_report):
    result = _compile(hostile_report, tmp_path)
    assert result.pages and result.pages >= 2
    assert "undefined" not in " ".join(result.warnings).lower()
    assert "(/etc/passwd" not in result.log  # TeX logs every file it opens as "(path"
    assert not Path("/tmp/symcheck-pwned").exists()
    text = _text(result.pdf)
    for s in (r"\input{/etc/passwd}", r"\write18{touch /tmp/symcheck-pwned}", "_ & % $ # { } ~ ^ \\",
              "a--b---c", "λ", "Å", "≈ ±", "provider failed with"):
        assert s in text, s
    assert not any(p.suffix == ".tmp" or p.name.startswith(".") and not p.name.endswith(".symcheck-manifest")
                   for p in tmp_path.iterdir())


@pytest.fixture(scope="module")
def paper_pdf(paper_report, tmp_path_factory) -> rep.CompileResult:
    """The built-in paper's report compiled once for this module (each compile takes seconds)."""
    return _compile(paper_report, tmp_path_factory.mktemp("paper-pdf"))


@pytest.mark.tex
@needs_tex
def test_the_paper_report_compiles_reproducibly(tmp_path, paper_report, paper_pdf):
    first = paper_pdf
    second = _compile(paper_report, tmp_path / "b")
    assert first.pdf.read_bytes() == second.pdf.read_bytes()
    assert not re.search(r"^!", first.log, re.MULTILINE)
    assert "There were undefined references" not in first.log
    assert not [w for w in first.warnings if "undefined" in w.lower() or "Rerun" in w]
    text = _text(first.pdf)
    assert "Table 1 side by side" in text and "Claims audit" in text


def test_the_paper_reports_figures_typeset_their_labels(paper_report):
    tex = paper_report.tex
    labels = re.findall(r"^  [xy]label=\{(.*)\},$|^\\addlegendentry\{(.*)\}$|colorbar style=\{ylabel=\{(.*)\}\},$", tex,
                        re.MULTILINE)
    assert len(labels) >= 2 * paper_report.figures
    for groups in labels:
        label = "".join(groups)
        assert label.startswith("$") and label.endswith("$"), label


def _pdf_words(pdf: Path, *pages: int) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF's text")
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    # -layout keeps each line as printed (without it pdftotext joins a check id broken after a hyphen)
    text = subprocess.run(["pdftotext", "-layout", *span, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split()


@pytest.mark.tex
@needs_tex
def test_the_paper_report_typesets_its_mathematics(paper_pdf):
    """No Python syntax or ASCII stand-in reaches the PDF; the verdict overview is on the first page."""
    pdf = paper_pdf.pdf
    words = _pdf_words(pdf)
    text = " ".join(words)
    for python in ("**", "sqrt(", "<Psi", "Integral(", "Eq("):
        assert python not in text, python
    assert "Verdict overview" in " ".join(_pdf_words(pdf, 1))


def _names_with_underscores(paper_report: rep.Report) -> list[str]:
    from symcheck.strategies import LADDER

    return list(symcheck.load().checks) + [name for name, _ in LADDER] + list(paper_report.data)


@pytest.mark.tex
@needs_tex
def test_the_paper_report_prints_no_ascii_subscript(paper_report, paper_pdf):
    """An underscore in the PDF's text is part of a check id, a file name or a SymPy function name, never a
    subscript written as text (E_s, T_c)."""
    pdf = paper_pdf.pdf
    names = _names_with_underscores(paper_report)
    # paths, file names, modules, and a citation's constant names in code (E_ZETA_TOT in a source file)
    files = re.compile(r"[\w./-]*/[\w./-]*|[\w-]+\.(json|py|md|dat|csv)|[a-z_]+(\.[a-z0-9_]+)+|[A-Z]+(_[A-Z]+){2,},?")
    stray = sorted({w for w in (word.strip("(),;:.'") for word in _pdf_words(pdf))
                    if "_" in w and not files.fullmatch(w) and not any(w in name for name in names)})
    assert not stray, stray


@pytest.mark.tex
@needs_tex
def test_latex_error_is_reported_and_leaves_no_pdf(tmp_path):
    bad = rep.Report("broken", "\\documentclass{article}\\begin{document}\\begin{center}\\end{itemize}\\end{document}\n")
    tex = bad.write(tmp_path)
    with pytest.raises(rep.ReportError, match=r"ended by \\end\{itemize\}.*\(log: .*broken\.log\)$"):
        rep.compile_pdf(tex, timeout_s=60)
    assert not (tmp_path / "broken.pdf").exists()
    assert "ended by \\end{itemize}" in (tmp_path / "broken.log").read_text()  # kept beside the .tex, and named


@pytest.mark.tex
@needs_tex
def test_cli_pdf(capsys, tmp_path, hostile_cli):
    code, out, err = run_cli(capsys, "report", "--out", str(tmp_path), "--pdf")
    assert code == 0, err
    assert re.search(r"wrote .*hostile\.pdf \(\d+ pages, \d+ bytes, (latexmk|pdflatex)\)", out)
    assert os.path.getsize(tmp_path / "hostile.pdf") > 1000


@pytest.mark.tex
@needs_tex
def test_cli_latex_failure_exits_3_and_keeps_the_tex(capsys, tmp_path, hostile_cli):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.tex.jinja").write_text(
        "\\documentclass{article}\\begin{document}\\VAR{derivation.name}\\begin{center}\\end{itemize}\\end{document}\n")
    (tmp_path / "hostile.pdf").write_bytes(b"%PDF old")
    code, _, err = run_cli(capsys, "report", "--out", str(tmp_path), "--template", str(tmp_path / "tpl"), "--pdf")
    assert code == rep.EXIT_INCOMPLETE
    assert err.count("\n") == 1 and "ended by \\end{itemize}" in err and "was not updated" in err
    assert f"(log: {tmp_path / 'hostile.log'})" in err and (tmp_path / "hostile.log").is_file()
    assert (tmp_path / "hostile.tex").is_file() and (tmp_path / "hostile.pdf").read_bytes() == b"%PDF old"


@pytest.mark.tex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex installed")
def test_pdflatex_fallback_resolves_references(tmp_path, hostile_report, monkeypatch):
    tex = hostile_report.write(tmp_path)
    monkeypatch.setattr("symcheck.texcompile.find_tex", lambda: ("pdflatex",))
    first = rep.compile_pdf(tex, tmp_path / "a.pdf")
    assert first.engine == "pdflatex" and first.pages and first.pages >= 2
    assert "Rerun" not in " ".join(first.warnings) and "undefined" not in " ".join(first.warnings).lower()


def _edge_derivation() -> Derivation:
    d = Derivation("edge", "edge cases of figure data")
    d.figures.append(lambda: Map("flat", "constant", "c", "x", "y", "z", [1, 2, 3], [1, 2], [[1, 1, 1], [1, 1, 1]]))
    d.figures.append(lambda: Figure("logs", "log axes with non-positive data", "c", "x", "y",
                                    [Series("s", [0, -1, 1, 10, 100], [1, 2, 3, 4, 5])], xlog=True, ylog=True))
    d.figures.append(lambda: Figure("gaps", "no finite value", "c", "x", "y", [Series("s", [1, 2], [float("nan")] * 2)]))
    return d


def test_long_curve_is_thinned_and_says_so():
    d = Derivation("long", "long")
    d.figures.append(lambda: Figure("many", "t", "c", "x", "y", [Series("s", list(range(5001)), [0.0] * 5001)]))
    report = rep.render(d)
    rows = report.data["many-1.dat"].splitlines()[1:]
    assert len(rows) == 1668 and rows[0] == "0 0" and rows[-1] == "5000 0"
    assert "Curves drawn from fewer points than computed (s: one point in 3 of 5001)" in report.tex


def test_constant_map_gets_a_colour_range():
    report = rep.render(_edge_derivation())
    assert "point meta min=0.5, point meta max=1.5" in report.tex and not report.problems


@pytest.mark.tex
@needs_tex
def test_edge_case_figures_compile(tmp_path):
    result = rep.compile_pdf(rep.render(_edge_derivation()).write(tmp_path))
    assert result.pages
