"""Formulas inside a check's detail (or a note, a caption, a table cell): SymPy objects, typeset in reports.

A detail is text. Where it states a formula, the derivation (or a check kind)
writes the formula as a SymPy object in a :class:`Math` segment and joins the
parts with :func:`text`::

    text("Φ of (2.1) has ", Math(sp.Eq(norm, 1 + S**2)), " (check 2.1-norm)")

The result is a :class:`Text`: a ``str`` whose value is what the terminal and
JSON show (each formula as :func:`sympy.sstr` writes it, so it can be read and
copied back into Python), and which also keeps its parts, so that a report
typesets each formula with :func:`sympy.latex` and escapes the text around it.
A formula is printed once, by SymPy's printers, never typed twice.

:meth:`Math.printed` holds a formula as the paper prints it (LaTeX of its
source, e.g. the members a transcription check compares); a report screens it
with the same allow-list as every other LaTeX from data.

Joining keeps the parts: ``Text + str``, ``str + Text``, :func:`text` and
:func:`join` give a :class:`Text`; an f-string gives a plain ``str`` (the
formulas are then text).

>>> import sympy as sp
>>> S = sp.Symbol("S")
>>> detail = text("norm ", Math(1 + S**2))
>>> str(detail), detail.parts[1].latex
('norm S**2 + 1', 'S^{2} + 1')
>>> join("; ", [detail, "done"]).parts[-1]
'; done'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Union

import sympy

__all__ = ["Math", "Text", "Part", "text", "join", "parts_of"]


class Math:
    """One formula: its LaTeX (SymPy's printer, or the paper's source) and its plain-text form.

    The plain form is printed at once (it is the text's value); the LaTeX, which
    only a report reads, is printed the first time :attr:`latex` is asked for.
    """

    __slots__ = ("_latex", "plain", "_expr", "_options")

    def __init__(self, expr: Any, **latex_options: Any) -> None:
        if isinstance(expr, str):
            raise TypeError("Math takes a SymPy expression (text is not parsed); for the paper's own LaTeX "
                            "use Math.printed(...)")
        value = sympy.sympify(expr, strict=True)
        self._latex: str | None = None
        self._expr: Any = value
        self._options: dict[str, Any] = latex_options
        self.plain: str = sympy.sstr(value)

    @property
    def latex(self) -> str:
        """The formula's LaTeX: SymPy's printer (with the options given), or the paper's source."""
        if self._latex is None:
            self._latex = sympy.latex(self._expr, **self._options)
            self._expr, self._options = None, {}
        return self._latex

    @classmethod
    def printed(cls, latex: str, plain: str | None = None) -> Math:
        """A formula as the paper prints it: ``latex`` is its LaTeX source (shown as is in the terminal)."""
        math = cls.__new__(cls)
        math._latex = str(latex)
        math._expr, math._options = None, {}
        math.plain = str(latex) if plain is None else str(plain)
        return math

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Math) and (self.latex, self.plain) == (other.latex, other.plain)

    def __hash__(self) -> int:
        return hash((self.latex, self.plain))

    def __repr__(self) -> str:
        return f"Math({self.plain!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_math, (self.latex, self.plain))

    def __str__(self) -> str:
        return self.plain


def _math(latex: str, plain: str) -> Math:
    return Math.printed(latex, plain)


#: A piece of a :class:`Text`: plain text or a formula.
Part = Union[str, Math]


def _flatten(pieces: Iterable[object]) -> tuple[Part, ...]:
    out: list[Part] = []
    for piece in pieces:
        if isinstance(piece, Text):
            items: Iterable[Part] = piece.parts
        elif isinstance(piece, Math):
            items = (piece,)
        elif isinstance(piece, sympy.Basic):
            items = (Math(piece),)
        else:
            items = (str(piece),)
        for item in items:
            if isinstance(item, str):
                if not item:
                    continue
                if out and isinstance(out[-1], str):
                    out[-1] = out[-1] + item
                    continue
            out.append(item)
    return tuple(out)


class Text(str):
    """Text with formulas: as a ``str``, the plain form; :attr:`parts` the text and :class:`Math` pieces."""

    parts: tuple[Part, ...]

    def __new__(cls, parts: Iterable[object] = ()) -> Text:
        flat = _flatten(parts)
        obj = super().__new__(cls, "".join(p if isinstance(p, str) else p.plain for p in flat))
        obj.parts = flat
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.parts,))

    def __add__(self, other: object) -> Text:  # type: ignore[override]
        if not isinstance(other, (str, Math)):
            return NotImplemented
        return Text((self, other))

    def __radd__(self, other: object) -> Text:
        if not isinstance(other, (str, Math)):
            return NotImplemented
        return Text((other, self))

    def __repr__(self) -> str:
        return f"Text({list(self.parts)!r})"


def text(*pieces: object) -> Text:
    """Join text and formulas into one :class:`Text`; a bare SymPy object becomes a :class:`Math`."""
    return Text(pieces)


def join(separator: str, items: Iterable[object]) -> Text:
    """``separator.join(items)`` that keeps the formulas of every item."""
    pieces: list[object] = []
    for i, item in enumerate(items):
        if i:
            pieces.append(separator)
        pieces.append(item)
    return Text(pieces)


def parts_of(value: object) -> tuple[Part, ...]:
    """The parts of any text: a :class:`Text`'s own, or a plain string as one text part."""
    if isinstance(value, Text):
        return value.parts
    if isinstance(value, Math):
        return (value,)
    return (str(value),) if str(value) else ()
