"""LaTeX reports of a derivation: rendered from sandboxed templates, compiled with pdfTeX.

:func:`render` runs a derivation's checks, calls its figure providers and
report sections, and renders ``report.tex.jinja`` into the text of one LaTeX
file plus the data files its figures plot (pgfplots reads them, so the figures
are vector graphics drawn by TeX). :meth:`Report.write` writes them atomically
and never over a file symcheck did not write; :func:`compile_pdf` turns the
``.tex`` into a PDF so that no file outside the report's directory and the TeX
installation can reach it, reproducibly (two compiles give the same bytes).

The trust model: a derivation is Python code, trusted like any import; report
templates are data; command-line values and files are untrusted input. So:

* templates render in a bounded Jinja2 sandbox that sees plain data
  (:mod:`symcheck.reportenv`, :mod:`symcheck.reportdata`);
* printed text is escaped, LaTeX from data must pass an allow-list, and so must
  the whole rendered document (:mod:`symcheck.latex`);
* files are written under a manifest and a directory lock
  (:mod:`symcheck.reportfiles`); TeX runs confined, and is ended with its
  process group on every way out (:mod:`symcheck.texcompile`).

Nothing in a report is typed by hand that the derivation already knows:
equations come from :meth:`~symcheck.equation.Equation.latex`, verdicts,
methods and values from :meth:`~symcheck.derivation.Derivation.run`. A
``--template DIR`` is searched before the templates shipped in
``symcheck/templates``, so a user can override ``report.tex.jinja`` or any
part it includes.

A derivation's ``report_sections`` values are zero-argument callables
returning a table, or a list of tables, each a dict::

    {"title": "...", "caption": "...", "source": "...",
     "header": ["Metal", "E_F (eV)"], "rows": [["Na", "3.16"], ...],
     "header_latex": ["Metal", "$E_F$ (eV)"],   # optional, allow-listed LaTeX
     "align": "lr",                              # optional, l/c/r per column
     "notes": ["..."]}                           # optional

>>> latex_escape("λ ≈ 3 Å")
'\\\\ensuremath{\\\\lambda} \\\\ensuremath{\\\\approx} 3 \\\\mbox{\\\\AA}'
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import jinja2

from ._timeout import TimeLimitExceeded, call_with_time_limit
from .derivation import Derivation
from .latex import (
    ReportError,
    Trusted,
    UnsafeLatex,
    check_document,
    latex_escape,
    screen_latex,
    trusted_latex,
)
from .latex_reader import without_label
from .reportdata import (
    MAX_CURVE_POINTS,
    MAX_MAP_CELLS,
    SHOWN,
    contour_segments,
    figure_view,
    provider_name,
    result_view,
    rich_latex,
    section_tables,
    slug,
    symbol_latex,
    versions,
)
from .reportenv import MAX_OUTPUT, TemplateLimit, environment
from .reportfiles import directory_lock, write_report_files
from .results import Result, Status
from .texcompile import (
    INSTALL_HINT,
    SOURCE_DATE_EPOCH,
    CompileResult,
    TexUnavailable,
    compile_pdf,
    find_tex,
)

__all__ = [
    "Trusted",
    "ReportError",
    "UnsafeLatex",
    "TexUnavailable",
    "Report",
    "CompileResult",
    "latex_escape",
    "trusted_latex",
    "screen_latex",
    "check_document",
    "environment",
    "render",
    "contour_segments",
    "compile_pdf",
    "find_tex",
    "run_command",
    "INSTALL_HINT",
    "TEMPLATE",
    "SOURCE_DATE_EPOCH",
    "EXIT_INCOMPLETE",
    "MAX_MAP_CELLS",
    "MAX_CURVE_POINTS",
    "RENDER_TIME_S",
]

#: The main template's name, in a ``--template DIR`` or the shipped templates.
TEMPLATE = "report.tex.jinja"
#: Exit status of ``symcheck report`` when the .tex was written but is incomplete
#: (a figure or section provider failed) or the PDF asked for could not be made.
EXIT_INCOMPLETE = 3
#: Longest a template may take to render, in seconds.
RENDER_TIME_S = 120.0


@dataclass
class Report:
    """A rendered report: the .tex text, the data files of its figures, and what went wrong."""

    name: str
    tex: str
    data: dict[str, str] = field(default_factory=dict)  #: file name -> text, in ``data_dir``
    problems: list[str] = field(default_factory=list)
    figures: int = 0

    @property
    def data_dir(self) -> str:
        return slug(self.name) + "-data"

    def files(self) -> dict[str, str]:
        """Every file of the report by path relative to the output directory."""
        out = {f"{self.name}.tex": self.tex}
        out.update({f"{self.data_dir}/{k}": v for k, v in sorted(self.data.items())})
        return out

    def write(self, out_dir: str | os.PathLike[str]) -> Path:
        """Write the .tex and the data files; returns the .tex path.

        The data directory is replaced as a whole (stale data files symcheck
        wrote go) together with the .tex; a failure leaves the previous files
        in place. A file symcheck did not write is never replaced or removed:
        its presence refuses the write (see :mod:`symcheck.reportfiles`).
        """
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise ReportError(f"--out must be a directory, got an existing file: {str(out)!r}")
        try:
            out.mkdir(parents=True, exist_ok=True)
            notes = write_report_files(out, self.name, self.tex.encode("utf-8"), self.data_dir,
                                       {k: v.encode("utf-8") for k, v in self.data.items()})
        except OSError as exc:
            raise ReportError(f"cannot write the report to {str(out)!r}: {exc.strerror or exc}") from None
        self.problems.extend(notes)
        return out / f"{self.name}.tex"


def _template_error(exc: Exception) -> ReportError:
    """One line naming the template file and line of a Jinja2 error."""
    where = ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename or exc.name}, line {exc.lineno}: "
    else:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".jinja") or "templates" in frame.filename:
                where = f"{frame.filename}, line {frame.lineno}: "
                break
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return ReportError(f"template {where}{message}")


def _origin(env: jinja2.Environment, used: Sequence[str], exc: UnsafeLatex, tex: str) -> str:
    """Where a refused command of the rendered document was written: a template line, if one has it.

    A template line identical to the rendered line is preferred; else the first
    line of a loaded template that has the command.
    """
    message = str(exc)
    where = re.match(r".*?, line (\d+): ", message)
    why = message[where.end():] if where else message
    rendered = tex.splitlines()[int(where.group(1)) - 1].strip() if where else ""
    match = re.search(r"(\\[A-Za-z]+|\\.)", why)
    if match is None:
        return message
    pattern = re.compile(re.escape(match.group(1)) + (r"(?![A-Za-z])" if match.group(1)[1:].isalpha() else ""))
    candidates: list[tuple[bool, str]] = []
    for name in used:
        try:
            source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            continue
        for number, line in enumerate(source.splitlines(), start=1):
            if pattern.search(line):
                candidates.append((line.strip() == rendered, f"template {filename}, line {number}: {why}"))
    if candidates:
        return max(candidates, key=lambda c: c[0])[1]  # the first exact match, else the first match
    return message + " (assembled by the template, or from the derivation's data)"


def _produce(template: jinja2.Template, context: dict[str, Any]) -> str:
    """The template's output, cut off with :class:`TemplateLimit` past :data:`MAX_OUTPUT` characters."""
    parts, total = [], 0
    for part in template.generate(context):
        total += len(part)
        if total > MAX_OUTPUT:
            raise TemplateLimit(f"the template's output passed {MAX_OUTPUT:,} characters; a report may be no longer")
        parts.append(part)
    return "".join(parts)


def _overview(equations: list[dict[str, Any]], unattached: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per equation label (and one for checks of no label): its transcription verdict, how many
    checks were proved, verified numerically, refuted or left open, and its errata, deviations and
    checks that did not end as expected."""
    rows = []
    groups = [(eq["label"], eq["title"], eq["anchor"], eq["results"]) for eq in equations]
    if unattached:
        groups.append((None, "statements not numbered in the paper", None, unattached))
    for label, title, anchor, results in groups:
        transcription = [r for r in results if r["kind"] == "transcription"]
        checks = [r for r in results if r["kind"] != "transcription"]
        rows.append({
            "label": label, "title": title, "anchor": anchor,
            "transcription": transcription[0] if transcription else None,
            "counts": {k: sum(r["shown"] == k for r in checks) for k in SHOWN},
            "marked": [r for r in checks if r["kind"] in ("erratum", "deviation") or not r["ok"]],
        })
    return rows


def render(derivation: Derivation, template_dir: str | os.PathLike[str] | None = None,
           results: Sequence[Result] | None = None) -> Report:
    """Run the checks (unless ``results`` are given) and render the report.

    A figure provider or report section that raises does not stop the report:
    the error is printed in the report and listed in :attr:`Report.problems`.
    A template error, a template limit or a refused command in the rendered
    document raises :class:`ReportError`.
    """
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", derivation.name):
        raise ReportError(f"derivation name {derivation.name!r} cannot name a file; use letters, digits, '.', '_', '-'")
    env = environment(template_dir)
    try:
        template = env.get_template(TEMPLATE)
    except jinja2.TemplateNotFound:  # pragma: no cover - shipped with the package
        raise ReportError(f"template {TEMPLATE!r} not found") from None
    except jinja2.TemplateError as exc:
        raise _template_error(exc) from None

    problems: list[str] = []
    report = Report(derivation.name, "")
    results = list(derivation.run() if results is None else results)
    views = [result_view(r, problems) | {"anchor": Trusted(f"check-{i}")} for i, r in enumerate(results, start=1)]
    anchors = {eq.label: Trusted(f"eq-{i}") for i, eq in enumerate(derivation.equations.values(), start=1)}
    for v in views:
        v["equation_anchor"] = anchors.get(v["equation"])

    figures, data = [], {}
    for i, provider in enumerate(derivation.figures, start=1):
        try:
            rendered = figure_view(provider(), report.data_dir)
            if any(name in data for name in rendered.files):
                raise ReportError(f"figure name {rendered.view['name']!r} is used twice")
        except Exception as exc:  # a provider's bug must not kill the report
            problems.append(f"figure {i} ({provider_name(provider)}) failed: {type(exc).__name__}: {exc}")
            continue
        figures.append(rendered.view)
        data.update(rendered.files)

    sections = []
    for name, provider in derivation.report_sections.items():
        try:
            sections.extend(section_tables(name, provider()))
        except Exception as exc:
            problems.append(f"report section {name!r} failed: {type(exc).__name__}: {exc}")

    by_equation: dict[str | None, list[dict[str, Any]]] = {}
    for v in views:
        by_equation.setdefault(v["equation"], []).append(v)
    equations = [
        {"label": eq.label, "title": rich_latex(eq.title, f"equation {eq.label}, title", problems), "latex": screen_latex(eq.latex(), f"equation {eq.label}", problems),
         "printed": screen_latex(without_label(eq.printed), f"equation {eq.label}, printed form", problems)
         if eq.printed else None,
         "condition": screen_latex(eq.condition_latex(), f"equation {eq.label}, condition", problems)
         if eq.condition is not None else None,
         "note": rich_latex(eq.note, f"equation {eq.label}, note", problems) if eq.note else None,
         "note_ends": str(eq.note).rstrip().endswith("."),
         "source": rich_latex(eq.source, f"equation {eq.label}, source", problems) if eq.source else None,
         "checkable": eq.checkable, "anchor": anchors[eq.label],
         "results": by_equation.get(eq.label, []),
         "symbols": [(symbol_latex(name, f"equation {eq.label}, symbol {name!r}", problems),
                      rich_latex(meaning, f"equation {eq.label}, symbol {name!r}", problems))
                     for name, meaning in eq.symbol_notes.items()]}
        for eq in derivation.equations.values()
    ]
    digits = sorted({r.digits for r in results if r.digits is not None})
    context = {
        "derivation": {"name": derivation.name, "title": rich_latex(derivation.title, "title", problems),
                       "source": derivation.source,
                       "description": rich_latex(derivation.description, "description", problems)
                       if derivation.description else ""},
        "summary": {
            "total": len(results),
            "counts": [(s.value, sum(r.status is s for r in results)) for s in Status],
            # a check not run counts neither way (as the CLI's summary)
            "as_expected": sum(r.ok and r.status is not Status.NOT_RUN for r in results),
            "not_run": sum(r.status is Status.NOT_RUN for r in results),
            "errata": sum(r.ok and r.status is Status.FAILS and r.kind != "deviation" for r in results),
            "deviations": sum(r.ok and r.status is Status.FAILS and r.kind == "deviation" for r in results),
            "not_as_expected": [v for v in views if not v["ok"]],
        },
        "equations": equations,
        "overview": _overview(equations, by_equation.get(None, [])),
        "unattached": by_equation.get(None, []),
        "claims": [v for v in views if v["numeric"]],
        "findings": [v for v in views if v["status"] == Status.FAILS.value and v["verdict_class"] != "deviation"],
        "deviations": [v for v in views if v["verdict_class"] == "deviation"],
        "sections": sections,
        "figures": figures,
        "problems": problems,
        "meta": versions() | {"digits": digits},
    }
    try:
        tex, _ = call_with_time_limit(lambda: _produce(template, context), RENDER_TIME_S)
    except TimeLimitExceeded:
        raise TemplateLimit(f"the template did not finish rendering within {RENDER_TIME_S:g} s") from None
    except ReportError as exc:
        raise _template_error(exc) from None
    except jinja2.TemplateError as exc:
        raise _template_error(exc) from None
    except (Exception, RecursionError) as exc:  # a user template calling a filter wrongly, etc.
        raise _template_error(exc) from None
    try:
        check_document(tex, "the rendered report", report.data_dir)
    except UnsafeLatex as exc:
        raise UnsafeLatex(_origin(env, list(env.loader.loaded), exc, tex)) from None  # type: ignore[union-attr]
    report.tex, report.data, report.problems, report.figures = tex, data, problems, len(figures)
    return report


def run_command(derivation: Derivation, out_dir: str, pdf: bool = False, template_dir: str | None = None,
                stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``symcheck report``: write DIR/<name>.tex and its figure data; with ``pdf``, compile it.

    Returns 0 when the report is complete, :data:`EXIT_INCOMPLETE` (3) when
    it was written but a figure or section failed, or the PDF asked for
    could not be made. Bad input raises :class:`ReportError` (the CLI exits 2).
    Runs writing into one directory take turns (a lock on the directory).
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    report = render(derivation, template_dir)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out must be a directory, got an existing file: {str(out)!r}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot write the report to {str(out)!r}: {exc.strerror or exc}") from None
    with directory_lock(out):
        tex = report.write(out)
        stdout.write(f"wrote {tex} ({report.figures} figures, {len(report.data)} data files"
                     f"{', in ' + str(out / report.data_dir) if report.data else ''})\n")
        status = 0
        for problem in report.problems:
            stderr.write(f"symcheck: report: {problem}\n")
            status = EXIT_INCOMPLETE
        if not pdf:
            return status
        try:
            result = compile_pdf(tex)
        except TexUnavailable as exc:
            stderr.write(f"symcheck: report: {exc}\n")
            return EXIT_INCOMPLETE
        except ReportError as exc:
            stale = tex.with_suffix(".pdf")
            note = f"; {stale} is from an earlier run and was not updated" if stale.exists() else ""
            stderr.write(f"symcheck: report: {exc}{note}\n")
            return EXIT_INCOMPLETE
    pages = f"{result.pages} pages, " if result.pages is not None else ""
    stdout.write(f"wrote {result.pdf} ({pages}{result.size} bytes, {result.engine})\n")
    return status
