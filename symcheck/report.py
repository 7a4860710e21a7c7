"""LaTeX reports of a derivation: rendered with Jinja2, compiled with pdfTeX.

:func:`render` runs a derivation's checks, calls its figure providers and
report sections, and renders ``report.tex.jinja`` into the text of one LaTeX
file plus the data files its figures plot (pgfplots reads them, so the figures
are vector graphics drawn by TeX). :meth:`Report.write` writes them atomically;
:func:`compile_pdf` turns the ``.tex`` into a PDF in a temporary directory,
with shell escape off, file access restricted and the date fixed, so two
compiles give the same bytes.

Nothing in a report is typed by hand that the derivation already knows:
equations come from :meth:`~symcheck.equation.Equation.latex`, verdicts,
methods and values from :meth:`~symcheck.derivation.Derivation.run`.

Templates use LaTeX-safe delimiters: ``\\VAR{x}`` prints, ``\\BLOCK{for ...}``
is a statement, ``\\#{...}`` a comment. Every printed value is escaped for
LaTeX (TeX specials, and non-ASCII text mapped to LaTeX commands) unless it is
:class:`Trusted`, the type of SymPy's LaTeX output. A ``--template DIR`` is
searched before the templates shipped in ``symcheck/templates``, so a user can
override ``report.tex.jinja`` or any part it includes.

A derivation's ``report_sections`` values are zero-argument callables
returning a table, or a list of tables, each a dict::

    {"title": "...", "caption": "...", "source": "...",
     "header": ["Metal", "E_F (eV)"], "rows": [["Na", "3.16"], ...],
     "header_latex": ["Metal", "$E_F$ (eV)"],   # optional, trusted LaTeX
     "align": "lr",                              # optional, l/c/r per column
     "notes": ["..."]}                           # optional

>>> latex_escape(r"50% of $x_1 & {y}\\input{/etc/passwd}")
'50\\\\% of \\\\$x\\\\_1 \\\\& \\\\{y\\\\}\\\\textbackslash{}input\\\\{/etc/passwd\\\\}'
>>> latex_escape("λ ≈ 3 Å")
'\\\\ensuremath{\\\\lambda} \\\\ensuremath{\\\\approx} 3 \\\\mbox{\\\\AA}'
>>> str(Trusted(r"\\frac{1}{2}"))
'\\\\frac{1}{2}'
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO

import jinja2

from .derivation import Derivation
from .errors import SymcheckError
from .figures import Figure, Map
from .results import Result, Status

__all__ = [
    "Trusted",
    "ReportError",
    "TexUnavailable",
    "Report",
    "CompileResult",
    "latex_escape",
    "trusted_latex",
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
]

#: The main template's name, in a ``--template DIR`` or the shipped templates.
TEMPLATE = "report.tex.jinja"
#: The date every compile pretends it is (seconds since 1970), so PDFs are reproducible.
SOURCE_DATE_EPOCH = "0"
#: Exit status of ``symcheck report`` when the .tex was written but is incomplete
#: (a figure or section provider failed) or the PDF asked for could not be made.
EXIT_INCOMPLETE = 3
#: Largest map drawn as is; bigger grids are thinned (and the caption says so), as
#: TeX's memory and compile time grow with every cell.
MAX_MAP_CELLS = 80 * 80
#: Most points drawn of one curve; longer series are thinned (first and last point kept) and the
#: caption says so.
MAX_CURVE_POINTS = 2000
#: What to install when no TeX engine is found.
INSTALL_HINT = (
    "no TeX engine found (need latexmk or pdflatex on PATH). On Debian/Ubuntu install one with:\n"
    "    sudo apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk\n"
    "(texlive-pictures provides pgfplots, which draws the figures). The .tex file was still written."
)


class ReportError(SymcheckError):
    """A report could not be rendered, written or compiled; the message names the input."""


class TexUnavailable(ReportError):
    """Neither latexmk nor pdflatex is installed."""


class Trusted(str):
    """A string that is LaTeX already (SymPy's output, or a template author's); never escaped."""

    __slots__ = ()


# -- escaping -----------------------------------------------------------------------

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
    "'": r"\textquotesingle{}",
    '"': r"\textquotedbl{}",
    "\n": " ",
    "\t": " ",
    "\r": " ",
}

_GREEK = (
    "alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma "
    "sigma tau upsilon varphi chi psi omega"
).split()
_GREEK_UPPER = {"Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
                "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"}
_MATH = {
    **{chr(0x3B1 + i): ("" if name == "o" else "\\") + name for i, name in enumerate(_GREEK)},
    **{c: r"\mathrm{" + latin + "}" for c, latin in zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX")},
    **{k: "\\" + v for k, v in _GREEK_UPPER.items()},
    "ϵ": r"\epsilon", "ϕ": r"\phi", "ϑ": r"\vartheta", "ϱ": r"\varrho", "ϖ": r"\varpi",
    "ħ": r"\hbar", "ℏ": r"\hbar", "ℓ": r"\ell", "µ": r"\mu",
    "≈": r"\approx", "±": r"\pm", "∓": r"\mp", "×": r"\times", "·": r"\cdot", "⋅": r"\cdot",
    "∙": r"\cdot", "÷": r"\div", "≤": r"\leq", "≥": r"\geq", "≠": r"\neq", "≡": r"\equiv",
    "∝": r"\propto", "∼": r"\sim", "≃": r"\simeq", "≅": r"\cong", "≪": r"\ll", "≫": r"\gg",
    "→": r"\rightarrow", "←": r"\leftarrow", "↔": r"\leftrightarrow", "⇒": r"\Rightarrow",
    "⇔": r"\Leftrightarrow", "↑": r"\uparrow", "↓": r"\downarrow", "∞": r"\infty",
    "∂": r"\partial", "∇": r"\nabla", "√": r"\surd", "∑": r"\sum", "∏": r"\prod", "∫": r"\int",
    "∈": r"\in", "∉": r"\notin", "⊂": r"\subset", "∩": r"\cap", "∪": r"\cup", "∀": r"\forall",
    "∃": r"\exists", "∅": r"\emptyset", "′": r"{}^{\prime}", "″": r"{}^{\prime\prime}",
    "−": "-", "∗": r"\ast", "⟨": r"\langle", "⟩": r"\rangle", "‖": r"\|", "∥": r"\parallel",
    "⊥": r"\perp", "✓": r"\checkmark", "✗": r"\times", "½": r"\tfrac{1}{2}", "¼": r"\tfrac{1}{4}",
    "¾": r"\tfrac{3}{4}", "¬": r"\neg", "∧": r"\wedge", "∨": r"\vee", "⊗": r"\otimes",
    "⊕": r"\oplus", "†": r"\dagger", "‡": r"\ddagger",
    **{s: "^{" + t + "}" for s, t in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni")},
    **{s: "_{" + t + "}" for s, t in zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()")},
}
_TEXT = {
    "\u00c5": r"\AA", "\u212b": r"\AA", "°": r"\textdegree", "–": r"\textendash", "—": r"\textemdash",
    "‘": r"\textquoteleft", "’": r"\textquoteright", "“": r"\textquotedblleft",
    "”": r"\textquotedblright", "…": r"\textellipsis", "§": r"\S", "¶": r"\P",
    "©": r"\textcopyright", "®": r"\textregistered", "™": r"\texttrademark", "€": r"\texteuro",
    "ß": r"\ss", "æ": r"\ae", "Æ": r"\AE", "ø": r"\o", "Ø": r"\O", "œ": r"\oe", "Œ": r"\OE",
    "ł": r"\l", "Ł": r"\L", "ı": r"\i", "«": r"\guillemotleft", "»": r"\guillemotright",
    "•": r"\textbullet", "‰": r"\textperthousand",
}
_SPACES = {"\u00a0": "~", "\u2009": r"\,", "\u202f": r"\,", "\u2002": r"\enspace", "\u2003": r"\quad"}
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u030a": "r",
            "\u0327": "c", "\u030c": "v", "\u0304": "=", "\u0306": "u", "\u0307": ".", "\u030b": "H",
            "\u0328": "k"}


def _unicode(char: str) -> str:
    """LaTeX for one non-ASCII character; works in text and in math mode."""
    if char in _MATH:
        return r"\ensuremath{" + _MATH[char] + "}"
    if char in _TEXT:
        return r"\mbox{" + _TEXT[char] + "}"
    if char in _SPACES:
        return _SPACES[char]
    base, *marks = list(unicodedata.normalize("NFD", char))
    if base.isascii() and base.isalpha() and marks and all(m in _ACCENTS for m in marks):
        out = base
        for mark in marks:
            out = f"\\{_ACCENTS[mark]}{{{out}}}"
        return r"\mbox{" + out + "}"
    return rf"\mbox{{\texttt{{[U+{ord(char):04X}]}}}}"


def _ascii_char(char: str) -> str:
    if char in _SPECIALS:
        return _SPECIALS[char]
    if char.isascii():
        if ord(char) < 32 or ord(char) == 127:
            return rf"\mbox{{\texttt{{[U+{ord(char):04X}]}}}}"
        return char
    return _unicode(char)


def latex_escape(text: object) -> str:
    """``text`` as LaTeX that prints it literally: TeX specials escaped, non-ASCII mapped.

    The result is pure ASCII. Characters with no LaTeX equivalent print as ``[U+XXXX]``.
    """
    out = "".join(_ascii_char(c) for c in str(text))
    # no ligatures: -- and --- stay hyphens, ,, and << stay two characters
    for pair in ("--", ",,"):
        while pair in out:
            out = out.replace(pair, pair[0] + "{}" + pair[1])
    return out


def trusted_latex(latex: str) -> Trusted:
    """LaTeX (e.g. from :func:`sympy.latex`) marked trusted, with non-ASCII mapped to commands."""
    return Trusted("".join(c if c.isascii() else _unicode(c) for c in latex))


#: Control sequences refused in trusted LaTeX: file and terminal I/O, definitions, catcodes and
#: engine escapes. SymPy never writes them; a symbol *named* ``\\input{...}`` would carry them into
#: sympy.latex output, so trusted text is screened too (with shell escape off and reads restricted
#: as a second line of defence when compiling).
_REFUSED = re.compile(
    r"\\(input|include|includeonly|InputIfFileExists|IfFileExists|openin|openout|read|readline|write|"
    r"immediate|message|errmessage|special|pdfobj|pdfliteral|directlua|latelua|csname|expandafter|def|edef|"
    r"gdef|xdef|let|futurelet|catcode|lccode|uccode|newcommand|renewcommand|providecommand|newwrite|newread|"
    r"everyeof|everypar|endinput|jobname|documentclass|usepackage|shipout|output|afterassignment|"
    r"uppercase|lowercase|scantokens|detokenize|string|meaning|newenvironment|renewenvironment|"
    r"pdffiledump|pdfmdfivesum|pdffilesize|pdffilemoddate|verbatiminput|lstinputlisting|url|href|"
    r"addplot|pgfplotstableread|tikz|pgf\w*)(?![A-Za-z])"
)
_ENVIRONMENTS = {"matrix", "pmatrix", "bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array", "cases",
                 "aligned", "split", "gathered"}


def _screen(latex: str, what: str, problems: list[str] | None = None) -> Trusted:
    """Trusted LaTeX if it uses no refused command; else the text, escaped, and a problem recorded.

    Without a ``problems`` list a refused command raises :class:`ReportError`.
    """
    environments = set(re.findall(r"\\(?:begin|end)\s*\{([^}]*)\}", latex))
    refused = _REFUSED.search(latex)
    if refused is None and environments <= _ENVIRONMENTS and "^^" not in latex:
        return trusted_latex(latex)
    if refused is not None:
        why = refused.group(0)
    elif "^^" in latex:
        why = "TeX's ^^ character notation"
    else:
        why = "the environment " + ", ".join(sorted(environments - _ENVIRONMENTS))
    message = f"{what}: its LaTeX uses {why}, which a report does not run"
    if problems is None:
        raise ReportError(message)
    problems.append(message + "; it is printed as text")
    return Trusted(r"\texttt{" + _breakable(latex) + "}")


def _breakable(text: object) -> Trusted:
    """Escaped text with break points after ``-``, ``_``, ``/`` and ``.`` (for IDs in narrow cells)."""
    out = []
    for c in str(text):
        out.append(latex_escape(c))
        if c in "-_/.,=":
            out.append(r"\allowbreak{}")
    return Trusted("".join(out))


def _soft(text: object) -> Trusted:
    """Escaped text that may also break after ``/``, ``*`` and ``=`` (long formulas in details)."""
    out = []
    for c in str(text):
        out.append(latex_escape(c))
        if c in "/*=":
            out.append(r"\allowbreak{}")
    text = "".join(out)
    for pair in ("--", ",,"):
        while pair in text:
            text = text.replace(pair, pair[0] + "{}" + pair[1])
    return Trusted(text)


def _tt(text: object) -> Trusted:
    return Trusted(r"\texttt{" + _breakable(text) + "}")


def _finalize(value: Any) -> str:
    if isinstance(value, Trusted):
        return str(value)
    if value is None:
        raise ReportError("a template printed None (test the value with `is none` first)")
    return latex_escape(str(value))  # str() of a StrictUndefined raises UndefinedError


# -- templates ------------------------------------------------------------------------


class _PackageLoader(jinja2.BaseLoader):
    """Templates shipped in ``symcheck/templates`` (read through importlib.resources)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if "/" in template or "\\" in template or template.startswith("."):
            raise jinja2.TemplateNotFound(template)
        resource = files("symcheck").joinpath("templates", template)
        if not resource.is_file():
            raise jinja2.TemplateNotFound(template)
        return resource.read_text(encoding="utf-8"), f"symcheck/templates/{template}", lambda: True

    def list_templates(self) -> list[str]:
        return sorted(p.name for p in files("symcheck").joinpath("templates").iterdir() if p.is_file())


def environment(template_dir: str | os.PathLike[str] | None = None) -> jinja2.Environment:
    """The Jinja2 environment of reports: LaTeX-safe delimiters, strict, escaping by default."""
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        path = Path(template_dir)
        if not path.is_dir():
            raise ReportError(f"--template must be an existing directory of templates, got {str(path)!r}")
        loaders.append(jinja2.FileSystemLoader(str(path)))
    loaders.append(_PackageLoader())
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        block_start_string=r"\BLOCK{",
        block_end_string="}",
        variable_start_string=r"\VAR{",
        variable_end_string="}",
        comment_start_string=r"\#{",
        comment_end_string="}",
        line_comment_prefix="%#",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # escaping is done by `finalize`, for LaTeX rather than HTML
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    env.filters.update(tt=_tt, breakable=_breakable, soft=_soft, escape=lambda v: Trusted(latex_escape(v)),
                       trusted=lambda v: Trusted(v) if isinstance(v, Trusted) else trusted_latex(str(v)))
    env.filters["e"] = env.filters["escape"]
    return env


# -- the report's data ------------------------------------------------------------------


def _verdict(result: Result) -> tuple[str, str, str]:
    """Plain words for how a check ended (long and short), and a class for colour: ok, erratum, bad, unknown."""
    deviation = result.kind == "deviation"  # expected to fail, but not the paper's error
    if result.status is Status.HOLDS:
        if result.ok:
            return "holds", "holds", "ok"
        record = "a known deviation" if deviation else "an erratum"
        return (f"holds, but is recorded as {record}: the record is out of date",
                f"holds ({'deviation' if deviation else 'erratum'} record out of date)", "bad")
    if result.status is Status.FAILS:
        if result.ok and deviation:
            return ("does not hold, as expected: a known deviation, not an error of the paper",
                    "known deviation (not the paper's error)", "deviation")
        if result.ok:
            return "does not hold: the paper is wrong here (known erratum)", "paper wrong (known erratum)", "erratum"
        return "does not hold (not expected)", "FAILS (not expected)", "bad"
    if result.status is Status.INCONCLUSIVE:
        return "inconclusive: neither shown nor refuted", "inconclusive", "unknown"
    return "the check raised an error", "error in the check", "bad"


#: The part of an identity's detail that depends on the machine's speed: which rewrites the
#: time limit stopped (symcheck.checks.Identity). Reports keep the fact, not the list, so the
#: same derivation gives the same report on a busy machine.
_TIMED_OUT = re.compile(r"(rewrites stopped by the [0-9.eE+-]+ s limit): [A-Za-z_, ]+")


def _result_view(result: Result) -> dict[str, Any]:
    data = result.to_json()
    data.pop("seconds", None)  # wall-clock time: not reproducible, not printed
    data["detail"] = _TIMED_OUT.sub(r"\1 (which ones depends on the machine's speed)", data["detail"])
    data["verdict"], data["verdict_short"], data["verdict_class"] = _verdict(result)
    data["numeric"] = result.paper_value is not None or result.computed_value is not None
    return data


def _versions() -> dict[str, str]:
    import mpmath
    import sympy

    from . import __version__

    def dist(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:  # pragma: no cover
            return "unknown"

    return {
        "symcheck": __version__,
        "sympy": sympy.__version__,
        "mpmath": mpmath.__version__,
        "mpmath_backend": str(mpmath.libmp.BACKEND),
        "jinja2": dist("jinja2"),
    }


def _number(value: float) -> str:
    """Fixed formatting of plot data: 10 significant digits, 'nan' for gaps."""
    if not math.isfinite(value):
        return "nan"
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


def _floats(values: Iterable[Any], what: str) -> list[float]:
    out = []
    for i, v in enumerate(values):
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            raise ReportError(f"{what}[{i}] is not a number: {v!r}") from None
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "x"


@dataclass
class _Rendered:
    """What a figure needs in the template, and the data files it reads."""

    view: dict[str, Any]
    files: dict[str, str]


def _figure_data(fig: Figure, data_dir: str) -> _Rendered:
    series = []
    data: dict[str, str] = {}
    if not fig.series:
        raise ReportError(f"figure {fig.name!r} has no series")
    xs: list[float] = []
    ys: list[float] = []
    thinned = []
    for k, s in enumerate(fig.series, start=1):
        x = _floats(s.x, f"figure {fig.name!r}, series {s.label!r}, x")
        y = _floats(s.y, f"figure {fig.name!r}, series {s.label!r}, y")
        if len(x) != len(y):
            raise ReportError(f"figure {fig.name!r}, series {s.label!r}: x and y differ in length")
        xs.extend(x)
        ys.extend(y)
        step = _stride(len(x), MAX_CURVE_POINTS)
        keep = sorted(set(range(0, len(x), step)) | {len(x) - 1})
        if step > 1:
            thinned.append(f"{s.label}: one point in {step} of {len(x)}")
        name = f"{fig.name}-{k}.dat"
        data[name] = "x y\n" + "".join(f"{_number(x[i])} {_number(y[i])}\n" for i in keep)
        label_latex = getattr(s, "label_latex", None)
        series.append({"label": s.label,
                       "label_latex": None if label_latex is None else _screen(label_latex, f"figure {fig.name!r}"),
                       "file": Trusted(f"{data_dir}/{name}")})
    view = _axes(fig, "curves") | {"series": series, "xfixed": _fixed_ticks(xs), "yfixed": _fixed_ticks(ys),
                                   "thinned": "; ".join(thinned)}
    return _Rendered(view, data)


def _fixed_ticks(values: Iterable[float]) -> bool:
    """Whether a log axis over ``values`` reads better as 0.25, 1, 4 than as powers of ten."""
    finite = [v for v in values if math.isfinite(v) and v > 0]
    return bool(finite) and min(finite) >= 1e-3 and max(finite) <= 1e4


def _stride(n: int, limit: int) -> int:
    return max(1, math.ceil(n / limit))


def _between(a: float, b: float, t: float, log: bool) -> float:
    if log and a > 0 and b > 0:
        return 10 ** (math.log10(a) + t * (math.log10(b) - math.log10(a)))
    return a + t * (b - a)


def contour_segments(x: Sequence[float], y: Sequence[float], z: Sequence[Sequence[float]], level: float,
                     xlog: bool = False, ylog: bool = False) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Line segments of ``z == level`` by marching squares (linear along each cell edge).

    Cells with a non-finite corner are skipped. On log axes the crossing is
    placed linearly in the logarithm, as the axis draws it.

    >>> contour_segments([0, 1], [0, 1], [[0, 1], [0, 1]], 0.5)
    [((0.5, 0.0), (0.5, 1.0))]
    """
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for i in range(len(y) - 1):
        for j in range(len(x) - 1):
            corners = [(j, i), (j + 1, i), (j + 1, i + 1), (j, i + 1)]
            values = [z[b][a] for a, b in corners]
            if not all(math.isfinite(v) for v in values):
                continue
            points = []
            for k in range(4):
                (ja, ia), (jb, ib) = corners[k], corners[(k + 1) % 4]
                fa, fb = values[k], values[(k + 1) % 4]
                if (fa < level) != (fb < level):
                    t = (level - fa) / (fb - fa)
                    points.append((float(_between(x[ja], x[jb], t, xlog)), float(_between(y[ia], y[ib], t, ylog))))
            segments.extend(zip(points[0::2], points[1::2]))
    return segments


def _map_data(fig: Map, data_dir: str) -> _Rendered:
    x = _floats(fig.x, f"map {fig.name!r}, x")
    y = _floats(fig.y, f"map {fig.name!r}, y")
    z = [_floats(row, f"map {fig.name!r}, z[{i}]") for i, row in enumerate(fig.z)]
    if len(x) < 2 or len(y) < 2:
        raise ReportError(f"map {fig.name!r} needs at least 2 x and 2 y values")
    if len(z) != len(y) or any(len(row) != len(x) for row in z):
        raise ReportError(f"map {fig.name!r}: z must have len(y) rows of len(x) values")
    step = _stride(len(x) * len(y), MAX_MAP_CELLS)
    step = max(1, math.ceil(math.sqrt(step))) if step > 1 else 1
    cols, rows = list(range(0, len(x), step)), list(range(0, len(y), step))
    name = f"{fig.name}.dat"
    data: dict[str, str] = {}
    lines = ["x y z\n"]
    for i in rows:  # pgfplots' default mesh ordering: x varies fastest
        lines.extend(f"{_number(x[j])} {_number(y[i])} {_number(z[i][j])}\n" for j in cols)
    finite = [z[i][j] for i in rows for j in cols if math.isfinite(z[i][j])]
    if not finite:
        raise ReportError(f"map {fig.name!r} has no finite value to draw")
    low, high = min(finite), max(finite)
    if low == high:  # a constant map: pgfplots needs a colour range of non-zero width
        half = abs(low) / 2 or 1.0
        low, high = low - half, high + half
    thinned = "" if step == 1 else (f"drawn from one grid point in {step} along each axis "
                                    f"({len(cols)} x {len(rows)} of {len(x)} x {len(y)} points)")
    levels = _floats(fig.contours, f"map {fig.name!r}, contours")
    contours = None
    if levels:
        segments = [seg for level in levels for seg in contour_segments(x, y, z, level, fig.xlog, fig.ylog)]
        contours = f"{fig.name}-contours.dat"
        data[contours] = "x y\n" + "".join(
            f"{_number(a[0])} {_number(a[1])}\n{_number(b[0])} {_number(b[1])}\n\n" for a, b in segments)
    view = _axes(fig, "map") | {
        "zlabel": fig.zlabel, "zlabel_latex": _latex_field(fig, "zlabel_latex"),
        "file": Trusted(f"{data_dir}/{name}"), "cols": len(cols), "rows": len(rows),
        "gaps": len(finite) < len(cols) * len(rows), "thinned": thinned,
        "meta_min": _number(low), "meta_max": _number(high),
        "contours": [_number(v) for v in levels], "xfixed": _fixed_ticks(x), "yfixed": _fixed_ticks(y),
        "contour_file": Trusted(f"{data_dir}/{contours}") if contours else None,
    }
    data[name] = "".join(lines)
    return _Rendered(view, data)


def _latex_field(fig: Figure | Map, name: str) -> Trusted | None:
    value = getattr(fig, name, None)
    return None if value is None else _screen(str(value), f"figure {fig.name!r}, {name}")


def _axes(fig: Figure | Map, kind: str) -> dict[str, Any]:
    return {
        "kind": kind, "name": fig.name, "label": Trusted("fig:" + fig.name), "title": fig.title,
        "caption": fig.caption, "source": fig.source,
        "xlabel": fig.xlabel, "ylabel": fig.ylabel,
        "xlabel_latex": _latex_field(fig, "xlabel_latex"), "ylabel_latex": _latex_field(fig, "ylabel_latex"),
        "xlog": fig.xlog, "ylog": fig.ylog,
    }


def _symbol_latex(name: str, what: str, problems: list[str]) -> Trusted:
    """A symbol's name as SymPy typesets it (``E_lambda`` -> ``E_{\\lambda}``), screened."""
    import sympy

    return _screen(sympy.latex(sympy.Symbol(name)), what, problems)


def _provider_name(provider: Callable[[], Any]) -> str:
    return getattr(provider, "__qualname__", None) or repr(provider)


def _section_tables(name: str, value: Any) -> list[dict[str, Any]]:
    tables = value if isinstance(value, list) else [value]
    out = []
    for t, table in enumerate(tables, start=1):
        where = f"report section {name!r}" + (f", table {t}" if len(tables) > 1 else "")
        if not isinstance(table, Mapping):
            raise ReportError(f"{where}: expected a dict with header and rows, got {type(table).__name__}")
        header, rows = table.get("header"), table.get("rows")
        if not isinstance(header, Sequence) or isinstance(header, str) or not header:
            raise ReportError(f"{where}: 'header' must be a non-empty list of column titles")
        if not isinstance(rows, Sequence) or isinstance(rows, str):
            raise ReportError(f"{where}: 'rows' must be a list of rows")
        for i, row in enumerate(rows, start=1):
            if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != len(header):
                raise ReportError(f"{where}: row {i} must have {len(header)} cells like the header")
        header_latex = table.get("header_latex")
        if header_latex is not None and len(header_latex) != len(header):
            raise ReportError(f"{where}: 'header_latex' must have one entry per column")
        align = str(table.get("align") or "l" + "r" * (len(header) - 1))
        if len(align) != len(header) or set(align) - set("lcr"):
            raise ReportError(f"{where}: 'align' must give l, c or r for each of the {len(header)} columns")
        out.append({
            "name": name,
            "title": str(table.get("title") or name),
            "caption": str(table.get("caption") or ""),
            "source": str(table.get("source") or ""),
            "notes": [str(n) for n in table.get("notes") or ()],
            "header": list(header) if header_latex is None else
            [_screen(str(h), f"{where}, header_latex") for h in header_latex],
            "rows": [["" if c is None else str(c) for c in row] for row in rows],
            "colspec": Trusted("".join(align)),
            "label": Trusted("tab:" + _slug(name) + (f"-{t}" if len(tables) > 1 else "")),
        })
    return out


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
        return _slug(self.name) + "-data"

    def files(self) -> dict[str, str]:
        """Every file of the report by path relative to the output directory."""
        out = {f"{self.name}.tex": self.tex}
        out.update({f"{self.data_dir}/{k}": v for k, v in sorted(self.data.items())})
        return out

    def write(self, out_dir: str | os.PathLike[str]) -> Path:
        """Write the .tex and the data files; returns the .tex path.

        The data directory is replaced as a whole (stale data files go) together
        with the .tex; a failure leaves the previous files in place and no
        temporary files.
        """
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise ReportError(f"--out must be a directory, got an existing file: {str(out)!r}")
        try:
            out.mkdir(parents=True, exist_ok=True)
            _replace_all(out / f"{self.name}.tex", self.tex.encode("utf-8"), out / self.data_dir, self.data)
            return out / f"{self.name}.tex"
        except OSError as exc:
            raise ReportError(f"cannot write the report to {str(out)!r}: {exc.strerror or exc}") from None


def _staged(path: Path, content: bytes) -> Path:
    """``content`` written in full to a temporary file beside ``path``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _atomic_write(path: Path, content: bytes) -> Path:
    tmp = _staged(path, content)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _replace_all(tex_path: Path, tex: bytes, data_path: Path, data: Mapping[str, str]) -> None:
    """Replace the .tex and its data directory together, or leave both as they were.

    Everything is written to temporary names first; only renames follow, and
    if one fails the previous data directory is moved back.
    """
    staged_tex = _staged(tex_path, tex)
    new = Path(tempfile.mkdtemp(dir=data_path.parent, prefix=f".{data_path.name}.", suffix=".tmp"))
    old = data_path.parent / f".{data_path.name}.old"
    try:
        for name, text in data.items():
            (new / name).write_text(text, encoding="utf-8")
        new.chmod(0o755)
        if old.exists():
            shutil.rmtree(old)
        moved = data_path.exists()
        if moved:
            os.replace(data_path, old)
        try:
            if data:
                os.replace(new, data_path)
            os.replace(staged_tex, tex_path)
        except BaseException:
            if data and not new.exists():  # the new data went in: take it out again
                shutil.rmtree(data_path, ignore_errors=True)
            if moved:
                os.replace(old, data_path)
            raise
    finally:
        staged_tex.unlink(missing_ok=True)
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


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


def render(derivation: Derivation, template_dir: str | os.PathLike[str] | None = None,
           results: Sequence[Result] | None = None) -> Report:
    """Run the checks (unless ``results`` are given) and render the report.

    A figure provider or report section that raises does not stop the report:
    the error is printed in the report and listed in :attr:`Report.problems`.
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
    views = [_result_view(r) for r in results]

    figures, data = [], {}
    for i, provider in enumerate(derivation.figures, start=1):
        try:
            fig = provider()
            if isinstance(fig, Map):
                rendered = _map_data(fig, report.data_dir)
            elif isinstance(fig, Figure):
                rendered = _figure_data(fig, report.data_dir)
            else:
                raise ReportError(f"returned {type(fig).__name__}, expected a Figure or a Map")
            if any(name in data for name in rendered.files):
                raise ReportError(f"figure name {fig.name!r} is used twice")
        except Exception as exc:  # a provider's bug must not kill the report
            problems.append(f"figure {i} ({_provider_name(provider)}) failed: {type(exc).__name__}: {exc}")
            continue
        figures.append(rendered.view)
        data.update(rendered.files)

    sections = []
    for name, provider in derivation.report_sections.items():
        try:
            sections.extend(_section_tables(name, provider()))
        except Exception as exc:
            problems.append(f"report section {name!r} failed: {type(exc).__name__}: {exc}")

    by_equation: dict[str | None, list[dict[str, Any]]] = {}
    for v in views:
        by_equation.setdefault(v["equation"], []).append(v)
    equations = [
        {"label": eq.label, "title": eq.title, "latex": _screen(eq.latex(), f"equation {eq.label}", problems),
         "note": eq.note, "source": eq.source, "checkable": eq.checkable,
         "results": by_equation.get(eq.label, []),
         "symbols": [(_symbol_latex(name, f"equation {eq.label}, symbol {name!r}", problems), meaning)
                     for name, meaning in eq.symbol_notes.items()]}
        for eq in derivation.equations.values()
    ]
    digits = sorted({r.digits for r in results if r.digits is not None})
    context = {
        "derivation": {"name": derivation.name, "title": derivation.title, "source": derivation.source,
                       "description": derivation.description},
        "summary": {
            "total": len(results),
            "counts": [(s.value, sum(r.status is s for r in results)) for s in Status],
            "as_expected": sum(r.ok for r in results),
            "errata": sum(r.ok and r.status is Status.FAILS and r.kind != "deviation" for r in results),
            "deviations": sum(r.ok and r.status is Status.FAILS and r.kind == "deviation" for r in results),
            "not_as_expected": [v for v in views if not v["ok"]],
        },
        "equations": equations,
        "unattached": by_equation.get(None, []),
        "claims": [v for v in views if v["numeric"]],
        "findings": [v for v in views if v["status"] == Status.FAILS.value and v["verdict_class"] != "deviation"],
        "deviations": [v for v in views if v["verdict_class"] == "deviation"],
        "sections": sections,
        "figures": figures,
        "problems": problems,
        "meta": _versions() | {"digits": digits},
    }
    try:
        tex = template.render(context)
    except ReportError:
        raise
    except jinja2.TemplateError as exc:
        raise _template_error(exc) from None
    except Exception as exc:  # a user template calling a filter wrongly, etc.
        raise _template_error(exc) from None
    report.tex, report.data, report.problems, report.figures = tex, data, problems, len(figures)
    return report


# -- compiling ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CompileResult:
    """A compiled PDF and what its log says."""

    pdf: Path
    pages: int | None
    size: int
    engine: str
    warnings: tuple[str, ...]
    log: str


def find_tex() -> tuple[str, ...] | None:
    """The compile command prefix: latexmk if present, else pdflatex; None without either."""
    if shutil.which("latexmk") and shutil.which("pdflatex"):
        return ("latexmk",)
    if shutil.which("pdflatex"):
        return ("pdflatex",)
    return None


_ENGINE_FLAGS = ("-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape")


def _run(cmd: Sequence[str], cwd: str, env: Mapping[str, str], timeout_s: float) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(cmd, cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # latexmk's pdflatex children too
        proc.communicate()
        raise ReportError(f"{cmd[0]} did not finish within {timeout_s:g} s; the PDF was not written") from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, "")


_ERROR = re.compile(r"^(!.*|.*:\d+: .*)$", re.MULTILINE)
_WARNING = re.compile(r"^((?:LaTeX|Package \w+|pdfTeX) [Ww]arning:.*)$", re.MULTILINE)


def compile_pdf(tex_path: str | os.PathLike[str], out_pdf: str | os.PathLike[str] | None = None,
                timeout_s: float = 300) -> CompileResult:
    """Compile ``tex_path`` (and its data directory) to a PDF next to it (or at ``out_pdf``).

    Runs in a temporary directory with shell escape off, reads and writes
    restricted to it (``openin_any=p``, ``openout_any=p``) and the date fixed to
    :data:`SOURCE_DATE_EPOCH`, under ``timeout_s``. Raises :class:`TexUnavailable`
    without a TeX engine and :class:`ReportError` (with the first error of the
    log) when LaTeX fails; the target PDF is then left untouched.
    """
    tex = Path(tex_path)
    if not tex.is_file():
        raise ReportError(f"no such .tex file: {str(tex)!r}")
    command = find_tex()
    if command is None:
        raise TexUnavailable(INSTALL_HINT)
    target = Path(out_pdf) if out_pdf is not None else tex.with_suffix(".pdf")
    stem = tex.stem
    env = {**os.environ, "openin_any": "p", "openout_any": "p", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
           "FORCE_SOURCE_DATE": "1", "shell_escape": "f", "max_print_line": "10000"}
    env.pop("TEXMFOUTPUT", None)
    with tempfile.TemporaryDirectory(prefix="symcheck-tex-") as work:
        shutil.copyfile(tex, Path(work) / tex.name)
        data_dir = tex.parent / (_slug(stem) + "-data")
        if data_dir.is_dir():
            shutil.copytree(data_dir, Path(work) / data_dir.name)
        if command[0] == "latexmk":
            cmds = [["latexmk", "-pdf", "-norc", "-silent", *_ENGINE_FLAGS, tex.name]]
        else:
            cmds = [["pdflatex", *_ENGINE_FLAGS, tex.name]] * 2
        log_path = Path(work) / f"{stem}.log"
        for cmd in cmds:
            proc = _run(cmd, work, env, timeout_s)
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else proc.stdout
            if proc.returncode != 0:
                errors = _ERROR.findall(log)
                first = errors[0] if errors else (proc.stdout.strip().splitlines() or ["no output"])[-1]
                raise ReportError(f"{cmd[0]} failed on {str(tex)!r}: {first.strip()}")
        if command[0] == "pdflatex" and "Rerun to get" in log:
            _run(cmds[0], work, env, timeout_s)
            log = log_path.read_text(encoding="utf-8", errors="replace")
        pdf = Path(work) / f"{stem}.pdf"
        if not pdf.is_file():
            raise ReportError(f"{command[0]} wrote no PDF for {str(tex)!r}")
        content = pdf.read_bytes()
    pages = re.search(r"Output written on .*?\((\d+) pages?", log)
    try:
        _atomic_write(target, content)
    except OSError as exc:
        raise ReportError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    return CompileResult(target, int(pages.group(1)) if pages else None, len(content), command[0],
                         tuple(_WARNING.findall(log)), log)


# -- the command -------------------------------------------------------------------------------


def run_command(derivation: Derivation, out_dir: str, pdf: bool = False, template_dir: str | None = None,
                stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``symcheck report``: write DIR/<name>.tex and its figure data; with ``pdf``, compile it.

    Returns 0 when the report is complete, :data:`EXIT_INCOMPLETE` (3) when
    it was written but a figure or section failed, or the PDF asked for
    could not be made. Bad input raises :class:`ReportError` (the CLI exits 2).
    """
    import sys

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    report = render(derivation, template_dir)
    tex = report.write(out_dir)
    stdout.write(f"wrote {tex} ({report.figures} figures, {len(report.data)} data files"
                 f"{', in ' + str(Path(out_dir) / report.data_dir) if report.data else ''})\n")
    status = 0
    for problem in report.problems:
        stderr.write(f"symcheck: report: {problem}\n")
        status = EXIT_INCOMPLETE
    if pdf:
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
