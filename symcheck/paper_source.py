"""The paper's own text as a source to check against: ``symcheck check --paper FILE``.

A derivation states what the paper prints (an equation's LaTeX, a number in a
table or a sentence); these checks look it up at its stated place in the
paper's markdown and fail when it is not there. The package does not ship the
paper's prose: the source is given at run time, and without it the checks are
reported as ``not run`` with the reason (they count neither way).

Places (*locators*):

* :class:`AtEquation` -- the display equation labelled ``(N.M)``;
* :class:`InTable` -- a cell, by the table's caption prefix (``"Table 1"``),
  the row's first cell (``"Li"``) and the column's header as printed;
* :class:`InSentence` -- the one sentence of the paper containing a snippet.

Numbers are read from the text as printed (``3.09``, ``-0.92``, ``0,5``,
``0.78 \\cdot 10^{-8}``, ``10^{18}``) and compared exactly as decimals with the
value the derivation says the paper prints.

>>> src = PaperSource("Table 1. Caption.\\n\\tE_F\\nLi\\t3.2\\n\\nIt is $\\\\approx 0.78 \\\\cdot 10^{-8}$ m.", "demo")
>>> src.find(InTable("Table 1", "Li", "E_F"))
'3.2'
>>> numbers_in(src.find(InSentence("It is")))
[Decimal('7.8E-9')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import ClassVar, Union

from .checks import Check
from .equation import Equation
from .errors import SymcheckError
from .mathtext import Math, Text
from .mathtext import text as rich
from .results import Result, Status

__all__ = [
    "AtEquation",
    "InTable",
    "InSentence",
    "Locator",
    "PaperSource",
    "PlaceNotFound",
    "numbers_in",
    "using_paper",
    "current_paper",
    "InPaper",
    "PrintedEquation",
    "printed_at",
    "paper_text",
]


@dataclass(frozen=True)
class AtEquation:
    """The display equation labelled ``(label)``."""

    label: str

    def __str__(self) -> str:
        return f"Eq. ({self.label})"


@dataclass(frozen=True)
class InTable:
    """A table cell: the caption's beginning, the row's first cell, the column's header as printed."""

    caption: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.caption}, row {self.row}, column {self.column}"

    def text(self) -> Text:
        """As :meth:`__str__`, with the header's TeX typeset in reports."""
        return rich(f"{self.caption}, row {self.row}, column ", paper_text(self.column))


@dataclass(frozen=True)
class InSentence:
    """The one sentence of the paper that contains ``snippet`` (whitespace-insensitive)."""

    snippet: str

    def __str__(self) -> str:
        return f"the sentence containing '{self.snippet}'"

    def text(self) -> Text:
        """As :meth:`__str__`, with the snippet's TeX typeset in reports."""
        if "\\" in self.snippet:  # TeX written without $: the snippet is one formula
            return rich("the sentence containing ", Math.printed(self.snippet, f"'{self.snippet}'"))
        return rich("the sentence containing '", paper_text(self.snippet), "'")


Locator = Union[AtEquation, InTable, InSentence]

#: TeX in the paper's markdown: inline math, or a subscript written outside it (``R_{100}``, ``E_F``).
_PAPER_TEX = re.compile(r"\$([^$]+)\$|\b([A-Za-z]+_(?:\{[^{}]*\}|[A-Za-z0-9]+))")


def _plain_tex(latex: str) -> str:
    """A short TeX formula as terminal text: Greek letters as characters, braces dropped (E_{\\lambda=2R} -> E_λ=2R)."""
    from sympy.printing.pretty.pretty_symbology import greek_unicode

    def letter(match: re.Match[str]) -> str:
        return greek_unicode.get(match.group(1), match.group(0))

    return re.sub(r"\\([A-Za-z]+)\s*", letter, latex).replace("{", "").replace("}", "")


def paper_text(markdown: str) -> Text:
    """Text of the paper's markdown with its TeX (inline ``$...$``, bare subscripts) as formulas for reports.

    >>> header = paper_text("$E_{\\\\lambda=2R}$ for R_{100}")
    >>> [getattr(p, "latex", p) for p in header.parts], str(header)
    (['E_{\\\\lambda=2R}', ' for ', 'R_{100}'], 'E_λ=2R for R_100')
    """
    parts: list[object] = []
    last = 0
    for match in _PAPER_TEX.finditer(markdown):
        parts.append(markdown[last:match.start()])
        latex = match.group(1) or match.group(2)
        parts.append(Math.printed(latex, _plain_tex(latex)))
        last = match.end()
    parts.append(markdown[last:])
    return rich(*parts)


def _place(locator: Locator) -> Text:
    return locator.text() if hasattr(locator, "text") else rich(str(locator))


class PlaceNotFound(SymcheckError):
    """A locator does not lead to one place in the paper's source."""


def _squash(text: str) -> str:
    return " ".join(text.split())


_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_LABEL = re.compile(r"\\quad\s*\((\d+(?:\.\d+)*)\)\s*$")
_ABBREVIATIONS = ("Eq", "Eqs", "e.g", "i.e", "al", "Fig", "No", "Vol", "vs", "cf")


class PaperSource:
    """A paper's markdown, with lookups by equation label, table cell and sentence."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.equations: dict[str, str] = {}
        for match in _DISPLAY.finditer(text):
            body = match.group(1).strip()
            label = _LABEL.search(body)
            if label:
                self.equations.setdefault(label.group(1), body)

    @classmethod
    def load(cls, path: str | Path) -> PaperSource:
        """Read a paper's markdown; a one-line error names the file and what went wrong."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            raise SymcheckError(
                f"--paper {path}: cannot read the paper's source ({reason}); give a UTF-8 markdown file"
            ) from None
        return cls(text, str(path))

    # -- places ------------------------------------------------------------------------------
    def find(self, locator: Locator) -> str:
        """The text at ``locator``; :class:`PlaceNotFound` says why there is none."""
        if isinstance(locator, AtEquation):
            if locator.label not in self.equations:
                raise PlaceNotFound(f"no display equation labelled ({locator.label}) in {self.name}")
            return self.equations[locator.label]
        if isinstance(locator, InTable):
            return self._cell(locator)
        if isinstance(locator, InSentence):
            return self._sentence(locator.snippet)
        raise SymcheckError(f"a place in the paper is an AtEquation, InTable or InSentence, got {locator!r}")

    def _cell(self, where: InTable) -> str:
        lines = self.text.splitlines()
        starts = [i for i, line in enumerate(lines) if line.strip().startswith(where.caption + ".")]
        if len(starts) != 1:
            raise PlaceNotFound(f"{len(starts)} captions begin with '{where.caption}.' in {self.name}; need one")
        rows = _table_after(lines, starts[0])
        if not rows:
            raise PlaceNotFound(f"no tab-separated table follows '{where.caption}' in {self.name}")
        header = [_squash(c) for c in rows[0]]
        columns = [i for i, c in enumerate(header) if c == _squash(where.column)]
        if len(columns) != 1:
            shown = ", ".join(repr(c) for c in header if c)
            raise PlaceNotFound(f"{where.caption}: {len(columns)} columns headed {where.column!r}; headers: {shown}")
        found = [r for r in rows[1:] if r and _squash(r[0]) == _squash(where.row)]
        if len(found) != 1:
            shown = ", ".join(repr(r[0]) for r in rows[1:] if r and r[0].strip())
            raise PlaceNotFound(f"{where.caption}: {len(found)} rows named {where.row!r}; rows: {shown}")
        row = found[0]
        return row[columns[0]].strip() if columns[0] < len(row) else ""

    def _sentence(self, snippet: str) -> str:
        wanted = _squash(snippet)
        hits = [s for paragraph in self.text.split("\n") for s in _sentences(_squash(paragraph)) if wanted in s]
        if len(hits) != 1:
            raise PlaceNotFound(
                f"{len(hits)} sentences of {self.name} contain '{snippet}'; a locator needs exactly one "
                "(give a longer snippet)" if hits else f"no sentence of {self.name} contains '{snippet}'"
            )
        return hits[0]


def _table_after(lines: list[str], start: int) -> list[list[str]]:
    """Tab-separated rows after a caption: the header, then the rows (a units row is skipped)."""
    rows: list[list[str]] = []
    i = start + 1
    while i < len(lines) and "\t" not in lines[i]:
        i += 1
    while i < len(lines) and "\t" in lines[i]:
        cells = lines[i].split("\t")
        is_units = rows and not cells[0].strip() and all(not numbers_in(c) for c in cells)
        if not is_units:
            rows.append(cells)
        i += 1
    return rows


def _sentences(paragraph: str) -> Iterator[str]:
    start = 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[A-Z$(\\])", paragraph):
        before = paragraph[start:match.start()]
        if any(before.endswith(f" {a}.") or before.endswith(f"({a}.") or before == f"{a}." for a in _ABBREVIATIONS):
            continue
        yield before
        start = match.end()
    yield paragraph[start:]


# -- numbers as printed -------------------------------------------------------------------------
_SCIENTIFIC = re.compile(r"(?<![\w.^{])(-?\d+(?:[.,]\d+)?)\s*(?:\\cdot|\\times|·|×)\s*10\^\{?(-?\d+)\}?")
_POWER = re.compile(r"(?<![\w.^{])10\^\{?(-?\d+)\}?")
_PLAIN = re.compile(r"(?<![\w.^{-])(-?\d+(?:[.,]\d+)?)(?![\d])")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def numbers_in(text: str) -> list[Decimal]:
    """The numbers printed in ``text``, as exact decimals (``0.78 \\cdot 10^{-8}`` is one number).

    >>> numbers_in(r"E_F \\approx 3.2 eV, N \\approx 3 \\cdot 10^{17} / cm^3, w = 0,5 H^2, 10^{18}")
    [Decimal('3E+17'), Decimal('1E+18'), Decimal('3.2'), Decimal('0.5')]
    """
    found: list[Decimal] = []
    rest = text
    for match in _SCIENTIFIC.finditer(rest):
        value = _decimal(match.group(1))
        if value is not None:
            found.append(value.scaleb(int(match.group(2))))
    rest = _SCIENTIFIC.sub(" ", rest)
    for match in _POWER.finditer(rest):
        found.append(Decimal(1).scaleb(int(match.group(1))))
    rest = _POWER.sub(" ", rest)
    for match in _PLAIN.finditer(rest):
        value = _decimal(match.group(1))
        if value is not None:
            found.append(value)
    return found


# -- the source of the current run ---------------------------------------------------------------
_CURRENT: ContextVar[PaperSource | None] = ContextVar("symcheck_paper_source", default=None)


@contextmanager
def using_paper(source: PaperSource | None) -> Iterator[None]:
    """Run checks with ``source`` as the paper's text (``None``: no source, they are not run)."""
    token = _CURRENT.set(source)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current_paper() -> PaperSource | None:
    """The paper's source of the current run, if one was given."""
    return _CURRENT.get()


_NO_SOURCE = "needs the paper's source: run 'symcheck check --paper FILE' with the paper's markdown"


@dataclass(frozen=True)
class InPaper(Check):
    """Numbers the derivation says the paper prints, looked up at their place in the paper's source.

    The result carries no paper or computed value: it states where a number is printed, not a
    recomputation (the check whose number it is does that).
    """

    values: tuple[str, ...] = ()
    printed_at: Locator = field(default=None)  # type: ignore[assignment]

    kind: ClassVar[str] = "paper"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.printed_at, (AtEquation, InTable, InSentence)):
            raise SymcheckError(f"{self.id}: printed_at must be AtEquation, InTable or InSentence")
        if not self.values:
            raise SymcheckError(f"{self.id}: give the printed value(s) to look for")
        for value in self.values:
            if _decimal(value) is None:
                raise SymcheckError(f"{self.id}: printed value must be a decimal number, got {value!r}")
        if not self.where:
            object.__setattr__(self, "where", _place(self.printed_at))

    def _run(self) -> Result:
        source = current_paper()
        shown = ", ".join(self.values)
        if source is None:
            return self._result(Status.NOT_RUN, "not run: no paper source",
                                rich(f"{shown} at ", _place(self.printed_at), f"; {_NO_SOURCE}"))
        try:
            text = source.find(self.printed_at)
        except PlaceNotFound as exc:
            return self._result(Status.FAILS, "place not found in the paper", f"{shown}: {exc}")
        printed = numbers_in(text)
        missing = [v for v in self.values if _decimal(v) not in printed]
        excerpt = text if len(text) <= 200 else text[:197] + "..."
        if missing:
            return self._result(
                Status.FAILS, "value not printed there",
                f"{', '.join(missing)} not found at {self.printed_at} in {source.name}: '{excerpt}'",
            )
        return self._result(Status.HOLDS, f"found in {source.name}",
                            rich(f"{shown} at ", _place(self.printed_at), f": '{excerpt}'"))


@dataclass(frozen=True)
class PrintedEquation(Check):
    """An equation's printed LaTeX, found verbatim (up to whitespace) at its label in the paper's source."""

    encoded: Equation = field(default=None, compare=False)  # type: ignore[assignment]  (id names it)

    kind: ClassVar[str] = "paper"

    def __post_init__(self) -> None:
        if not isinstance(self.encoded, Equation) or not self.encoded.printed:
            raise SymcheckError(f"{self.id}: needs an Equation with a printed form")
        if self.equation is None:
            object.__setattr__(self, "equation", self.encoded.label)
        if not self.where:
            object.__setattr__(self, "where", str(AtEquation(self.encoded.label)))

    def _run(self) -> Result:
        source = current_paper()
        if source is None:
            return self._result(Status.NOT_RUN, "not run: no paper source", _NO_SOURCE)
        try:
            text = source.find(AtEquation(self.encoded.label))
        except PlaceNotFound as exc:
            return self._result(Status.FAILS, "place not found in the paper", str(exc))
        ours, theirs = _squash(self.encoded.printed), _squash(text)
        if ours == theirs:
            return self._result(Status.HOLDS, f"printed form found verbatim in {source.name}")
        at = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
        return self._result(
            Status.FAILS, "printed form differs from the paper's source",
            f"first difference at character {at}: encoded '...{ours[max(0, at - 20):at + 20]}...', "
            f"paper '...{theirs[max(0, at - 20):at + 20]}...'",
        )


def printed_at(check: Check, locator: Locator, *, values: tuple[str, ...] | None = None) -> InPaper:
    """An :class:`InPaper` check for the number(s) ``check`` takes from the paper.

    The values are the check's own printed value (``paper_value``, or both ends
    of a range), so the number is typed once; a known erratum or deviation is
    looked through. ``values`` gives them instead where the paper prints the
    number in another form than the check compares (e.g. ``10^{18}`` for a
    claim on its logarithm).
    """
    inner = getattr(check, "check", None)
    source = inner if isinstance(inner, Check) else check
    if values is None:
        if hasattr(source, "paper_low") and hasattr(source, "paper_high"):
            values = (source.paper_low, source.paper_high)
        elif isinstance(getattr(source, "paper_value", None), str):
            values = (source.paper_value,)
        else:
            raise SymcheckError(f"{check.id}: no printed value to look for; give values=")
    return InPaper(f"{check.id}-in-paper", values=tuple(values), printed_at=locator, equation=check.equation)
