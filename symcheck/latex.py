"""LaTeX for reports: escaping text, and the allow-list that screens every command.

A report's ``.tex`` is assembled from a template (data, not code), text from
the derivation and LaTeX from SymPy's printer. Three rules keep it safe to
compile:

* text is escaped (:func:`latex_escape`): TeX specials become commands that
  print them, non-ASCII characters become LaTeX commands, so the result is
  ASCII and contains no command of its own choosing;
* LaTeX that comes from data (SymPy's rendering of symbols and expressions, a
  table's ``header_latex``, a figure's axis LaTeX) passes :func:`screen_latex`:
  every control sequence must be one SymPy's printer or the escaper emits
  (:data:`DATA_COMMANDS`), every environment a math one, braces balanced, and
  no ``%``, ``#`` or ``^^``;
* the whole rendered document passes :func:`check_document`: catcodes stay
  static (no ``^^``, no non-ASCII or control characters, and none of the
  commands that change catcodes, assemble names or read files is allowed),
  every control sequence is in :data:`DATA_COMMANDS`, :data:`TEMPLATE_COMMANDS`
  or was defined by the document's own ``\\newcommand``, every environment and
  package is allow-listed, and every ``\\addplot`` reads a ``table`` from the
  report's data directory.

Anything else is refused with a one-line :class:`UnsafeLatex` naming the
command and where it came from. Comments are scanned like text: nothing hides
in them.

>>> latex_escape(r"50% of $x_1 & {y}\\input{/etc/passwd}")
'50\\\\% of \\\\$x\\\\_1 \\\\& \\\\{y\\\\}\\\\textbackslash{}input\\\\{/etc/passwd\\\\}'
>>> latex_escape("λ ≈ 3 Å")
'\\\\ensuremath{\\\\lambda} \\\\ensuremath{\\\\approx} 3 \\\\mbox{\\\\AA}'
>>> str(trusted_latex(r"\\frac{1}{2}"))
'\\\\frac{1}{2}'
>>> trusted_latex(r"\\csname input\\endcsname")
Traceback (most recent call last):
...
symcheck.latex.UnsafeLatex: LaTeX: \\csname is not a command a report allows (see symcheck.latex.DATA_COMMANDS)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .errors import SymcheckError

__all__ = [
    "ReportError",
    "UnsafeLatex",
    "Trusted",
    "latex_escape",
    "trusted_latex",
    "screen_latex",
    "check_document",
    "control_sequences",
    "DATA_COMMANDS",
    "DATA_ENVIRONMENTS",
    "TEMPLATE_COMMANDS",
    "TEMPLATE_ENVIRONMENTS",
    "PACKAGES",
]


class ReportError(SymcheckError):
    """A report could not be rendered, written or compiled; the message names the input."""


class UnsafeLatex(ReportError):
    """LaTeX that uses a command, environment or character outside the allow-list."""


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


# -- the allow-lists ------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Control words SymPy's LaTeX printer emits (sympy.printing.latex: Greek letters, functions,
#: operators, relations, accents, fonts, delimiters) and the escaper writes (:data:`_MATH`,
#: :data:`_TEXT`, :data:`_SPECIALS`, accents). Allowed in data LaTeX and in documents.
DATA_COMMANDS = _words("""
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi
    pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega digamma
    Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    aleph beth daleth ell eth gimel hbar hslash mho wp imath jmath
    sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth sech csch log ln exp lim max min sup inf
    det arg dim gcd deg Pr Re Im operatorname limits nolimits
    frac dfrac tfrac binom sqrt left right middle big Big bigg Bigg bigl bigr Bigl Bigr
    cdot times div pm mp ldots cdots dots vdots ddots infty partial nabla sum prod coprod int iint iiint
    iiiint oint to mapsto rightarrow leftarrow Rightarrow Leftarrow Leftrightarrow leftrightarrow
    Longrightarrow longrightarrow Longleftrightarrow uparrow downarrow
    leq geq neq approx equiv sim simeq cong propto ll gg lt gt le ge ne in ni notin subset subseteq supset
    supseteq cap cup setminus emptyset varnothing forall exists nexists neg lnot wedge vee veebar not mid nmid
    parallel perp models vdash
    hat bar tilde dot ddot dddot ddddot vec check breve acute grave mathring overline underline widehat
    widetilde overrightarrow boldsymbol bm mathbf mathrm mathit mathsf mathtt mathcal mathscr mathfrak mathbb
    text textrm textnormal mathrel mathop mathbin mathord mathpunct
    prime circ ast star dagger ddagger langle rangle lfloor rfloor lceil rceil lvert rvert lVert rVert
    quad qquad enspace substack bmod pmod nobreak nonumber otimes oplus ominus odot triangle bigtriangleup
    displaystyle textstyle scriptstyle scriptscriptstyle checkmark surd Box square diamond bullet
    ensuremath mbox texttt AA textdegree textendash textemdash textquoteleft textquoteright
    textquotedblleft textquotedblright textellipsis S P textcopyright textregistered texttrademark texteuro
    ss ae AE o O oe OE l L i guillemotleft guillemotright textbullet textperthousand
    textbackslash textasciitilde textasciicircum textless textgreater textbar textasciigrave
    textquotesingle textquotedbl r c v u H k begin end
""")
#: Control symbols (backslash and one non-letter) allowed anywhere.
CONTROL_SYMBOLS = frozenset("\\,;:! {}$&#%_'`^\"~=.|/-[]()")
#: Environments allowed in data LaTeX (SymPy's matrices and piecewise functions).
DATA_ENVIRONMENTS = frozenset({"matrix", "pmatrix", "bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array",
                               "cases", "aligned", "split", "gathered"})
#: Control words the templates use (document structure, tables, figures, colours), allowed in a
#: rendered document but not in data LaTeX.
TEMPLATE_COMMANDS = _words("""
    documentclass usepackage IfFileExists ifdefined ifdim ifx else fi pdfinfoomitdate pdftrailerid
    pdfsuppressptexinfo pgfplotsset pdfstringdefDisableCommands def newcommand renewcommand setlength
    parindent parskip setcounter definecolor textcolor color textbf textit textsl textsc emph underline
    bfseries itshape ttfamily rmfamily sffamily normalfont
    par centerline resizebox scalebox width height linewidth textwidth columnwidth title author date
    maketitle section subsection subsubsection paragraph tableofcontents addcontentsline noindent indent
    smallskip medskip bigskip vspace hspace hfill vfill newline linebreak nolinebreak pagebreak newpage
    clearpage toprule midrule bottomrule cmidrule hline cline endhead endfoot endfirsthead endlastfoot
    addlinespace multicolumn raggedright raggedleft arraybackslash centering item ref pageref label
    caption footnote tiny scriptsize footnotesize small normalsize large Large LARGE huge Huge allowbreak
    tick pgfmathparse pgfmathprintnumber pgfmathresult addplot addlegendentry verdict symcheckhead fitdisplay
    hyperlink hypertarget
""")
#: Environments allowed in a rendered document.
TEMPLATE_ENVIRONMENTS = DATA_ENVIRONMENTS | frozenset({
    "document", "figure", "table", "center", "flushleft", "flushright", "tabular", "longtable", "itemize",
    "enumerate", "description", "quote", "minipage", "tikzpicture", "axis", "semilogxaxis", "semilogyaxis",
    "loglogaxis", "equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*"})
#: Document classes and packages a document may load.
PACKAGES = frozenset({"article", "report", "fontenc", "inputenc", "lmodern", "textcomp", "amsmath", "amssymb",
                      "amsfonts", "mathtools", "bm", "geometry", "graphicx", "array", "booktabs", "longtable",
                      "xcolor", "tikz", "pgfplots", "hyperref", "caption", "float"})
#: Names a document's own ``\\newcommand`` may not take, whatever LaTeX would say: primitives and
#: engine commands that read files, assemble names or change catcodes.
_NEVER_DEFINE = re.compile(
    r"(pdf|if|every|open|close|read|write|immediate|input|endinput|include|special|csname|endcsname|"
    r"expandafter|noexpand|catcode|lccode|uccode|sfcode|mathcode|delcode|string|meaning|detokenize|"
    r"scantokens|lowercase|uppercase|directlua|latelua|lua|make|Expl|Explsyntax|char|let|futurelet|"
    r"afterassignment|aftergroup|shipout|output|jobname|font|special|message|errmessage)", re.IGNORECASE)
#: Commands whose next control word is the name being defined (``\\def\\name``, ``\\newcommand{\\name}``).
_DEFINERS = {"def", "newcommand", "renewcommand"}


def control_sequences(text: str) -> Iterator[tuple[str, int]]:
    """Every control sequence in ``text`` with its offset, as TeX reads it with the standard catcodes.

    A control word is a backslash and letters; a control symbol a backslash and one other
    character. Comments are not skipped (nothing may hide in them).

    >>> list(control_sequences(r"a\\frac{1}{2}\\,\\% \\\\"))
    [('frac', 1), (',', 12), ('%', 14), ('\\\\', 17)]
    """
    for match in re.finditer(r"\\([A-Za-z]+|.|\n|$)", text, re.DOTALL):
        yield match.group(1), match.start()


def _characters(text: str) -> str | None:
    """Why ``text`` could change TeX's reading of it (``^^``, a non-ASCII or control character), or None."""
    if "^^" in text:
        return "TeX's ^^ character notation"
    for char in text:
        if not char.isascii():
            return f"the non-ASCII character U+{ord(char):04X} (write it as LaTeX, e.g. \\'e for é)"
        if (ord(char) < 32 and char not in "\n\r\t") or ord(char) == 127:
            return f"the control character U+{ord(char):04X}"
    return None


def _group(text: str, start: int, open_: str = "{", close: str = "}") -> tuple[str, int] | None:
    """The balanced group opening at ``text[start]`` (after spaces): its inside and the end offset."""
    i = start
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    if i >= len(text) or text[i] != open_:
        return None
    depth, j = 0, i
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
        j += 1
    return None


def _refusal(name: str) -> str:
    shown = "\\" + (name if name not in ("\n", "") else "<end of line>")
    return f"{shown} is not a command a report allows"


def _problem(latex: str, commands: frozenset[str], environments: frozenset[str],
             defined: set[str] | None = None, data_dir: str | None = None) -> tuple[str, int] | None:
    """The first thing in ``latex`` outside the allow-lists, with its offset; None when all is allowed."""
    why = _characters(latex)
    if why is not None:
        offset = latex.find("^^") if why.startswith("TeX's") else next(
            i for i, c in enumerate(latex) if not c.isascii() or ord(c) < 32 and c not in "\n\r\t" or ord(c) == 127)
        return why, offset
    for name, offset in control_sequences(latex):
        end = offset + 1 + len(name)
        if len(name) == 1 and not name.isalpha():
            if name not in CONTROL_SYMBOLS:
                return _refusal(name), offset
            continue
        if name not in commands and (defined is None or name not in defined):
            return _refusal(name) + (" (see symcheck.latex.DATA_COMMANDS)" if defined is None else ""), offset
        if name in ("begin", "end"):
            group = _group(latex, end)
            if group is None or group[0].strip() not in environments:
                env = "?" if group is None else group[0].strip()
                return f"the environment {env!r} is not one a report allows", offset
        elif name in ("usepackage", "documentclass"):
            options = _group(latex, end, "[", "]")
            if options is not None and ("/" in options[0] or "\\" in options[0]):
                return f"\\{name} options may not name files or commands: [{options[0]}]", offset
            group = _group(latex, options[1] if options else end)
            names = [] if group is None else [n.strip() for n in group[0].split(",")]
            if not names or any(n not in PACKAGES for n in names):
                return f"\\{name}{{{group[0] if group else ''}}} loads a package a report does not allow", offset
        elif name == "IfFileExists":
            group = _group(latex, end)
            if group is None or not re.fullmatch(r"[A-Za-z0-9.-]+", group[0]):
                return "\\IfFileExists may only test a package file name", offset
        elif name in _DEFINERS and defined is not None:
            target = _defined_name(latex, end)
            if target is None or _NEVER_DEFINE.match(target):
                shown = "this" if target is None else "\\" + target
                return f"\\{name} may not define {shown}", offset
            if name == "newcommand":
                defined.add(target)
            elif target not in commands and target not in defined:
                return f"\\{name} may only redefine an allowed command, not \\{target}", offset
        elif name == "addplot":
            why = _addplot(latex, end, data_dir)
            if why is not None:
                return why, offset
    if defined is None:
        why = _balance(latex)
        if why is not None:
            return why
    return None


def _defined_name(latex: str, end: int) -> str | None:
    match = re.compile(r"\s*\*?\s*\{?\s*\\([A-Za-z]+)").match(latex, end)
    return None if match is None else match.group(1)


def _addplot(latex: str, end: int, data_dir: str | None) -> str | None:
    """Why an ``\\addplot`` at ``end`` is refused: it must read ``table[...]{<data_dir>/<file>}``."""
    i = end
    if latex.startswith("+", i):
        i += 1
    options = _group(latex, i, "[", "]")
    i = options[1] if options else i
    match = re.compile(r"\s*table").match(latex, i)
    if match is None:
        return "\\addplot may only plot a table from the report's data directory"
    i = match.end()
    options = _group(latex, i, "[", "]")
    group = _group(latex, options[1] if options else i)
    path = None if group is None else group[0].strip()
    if path is None or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*", path) \
            or ".." in path or (data_dir is not None and path.split("/")[0] != data_dir):
        return f"\\addplot reads {path!r}; a report plots only files of its own data directory"
    return None


def _balance(latex: str) -> tuple[str, int] | None:
    """Data LaTeX must not end a group it did not open, comment out the rest of a line, or take parameters."""
    depth = 0
    i = 0
    while i < len(latex):
        c = latex[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return "a '}' that closes a group it did not open", i
        elif c in "%#":
            return f"a bare {c!r} (write \\{c})", i
        i += 1
    if depth:
        return "an unclosed '{'", len(latex)
    return None


def screen_latex(latex: str, what: str, problems: list[str] | None = None) -> Trusted:
    """Data LaTeX (SymPy's, or a derivation's ``*_latex`` field) as :class:`Trusted`, if allowed.

    Non-ASCII characters are mapped to LaTeX first. Anything outside
    :data:`DATA_COMMANDS` and :data:`DATA_ENVIRONMENTS` is refused: with a
    ``problems`` list the text is escaped (it prints literally) and the reason
    recorded; without one, :class:`UnsafeLatex` is raised.
    """
    mapped = "".join(c if c.isascii() else _unicode(c) for c in str(latex))
    found = _problem(mapped, DATA_COMMANDS, DATA_ENVIRONMENTS)
    if found is None:
        return Trusted(mapped)
    message = f"{what}: {found[0]}, which a report does not run"
    if problems is None:
        raise UnsafeLatex(message)
    problems.append(message + "; it is printed as text")
    return Trusted(r"\texttt{" + _breakable(latex) + "}")


def trusted_latex(latex: str) -> Trusted:
    """LaTeX (e.g. from :func:`sympy.latex`) screened by :func:`screen_latex`, with non-ASCII mapped."""
    mapped = "".join(c if c.isascii() else _unicode(c) for c in str(latex))
    found = _problem(mapped, DATA_COMMANDS, DATA_ENVIRONMENTS)
    if found is not None:
        raise UnsafeLatex(f"LaTeX: {found[0]}")
    return Trusted(mapped)


def check_document(tex: str, source: str = "the report", data_dir: str | None = None) -> None:
    """Refuse a whole ``.tex`` unless every command, environment and package in it is allowed.

    Raises :class:`UnsafeLatex` naming the first refused thing and its line in ``source``.
    ``data_dir`` is the one directory ``\\addplot`` may read tables from.
    """
    found = _problem(tex, DATA_COMMANDS | TEMPLATE_COMMANDS, TEMPLATE_ENVIRONMENTS, set(), data_dir)
    if found is not None:
        why, offset = found
        raise UnsafeLatex(f"{source}, line {tex.count(chr(10), 0, offset) + 1}: {why}")


def _breakable(text: object) -> Trusted:
    """Escaped text with break points after ``-``, ``_``, ``/`` and ``.`` (for IDs in narrow cells)."""
    out = []
    for c in str(text):
        out.append(latex_escape(c))
        if c in "-_/.,=":
            out.append(r"\allowbreak{}")
    return Trusted("".join(out))
