"""Read a paper's printed LaTeX into SymPy, through a derivation's notation table.

The printed form of an equation is data: it is parsed by SymPy's LaTeX parser
(antlr backend, ``strict=True``, which refuses input it cannot read instead of
dropping it) and never reaches ``eval``, ``sympify`` or ``parse_expr``. Before
parsing, mechanical rewrites turn the paper's typesetting into what the parser
reads:

* the trailing ``\\quad (N.M)`` label, ``aligned`` environments, ``&`` and ``\\\\``;
* ``\\left``/``\\right``, spacing (``\\,``, ``\\quad``), ``\\vec{x}`` and ``\\hat{x}`` -> ``x``,
  ``\\text{x}`` -> ``\\mathrm{x}``;
* a ``\\quad \\text{if } ...`` condition is split off (``\\text{ and }`` joins its parts);
* a ``,\\quad`` list is split into items, and each item's chain ``A = B \\leq C``
  into members and operators (``\\approx`` is read as ``=`` and reported so);
* the notation table maps the paper's spellings to the derivation's objects.
  A spelling the parser reads as one name (``k_B``, ``\\Psi_1``, ``\\vec{r}_1``,
  ``T_{\\text{BEC}}``) is matched by that name after parsing; any other spelling
  (``E_{\\lambda=2R}``, ``m^*``, ``|\\Delta|``, ``\\langle K(e_1) \\rangle``) is replaced
  in the text by a placeholder first. A :class:`Bracket` entry, keyed by the
  operator's spelling, maps ``\\langle a | \\hat{O} | b \\rangle`` to the derivation's
  stand-in for the matrix element.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> m = sp.Symbol("m^*", positive=True)
>>> read_member(r"\\frac{x^2}{2 m^*}", {"x": x, "m^*": m})
x**2/(2*m^*)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

import sympy
from sympy.core.function import AppliedUndef, FunctionClass

from .errors import SymcheckError

__all__ = [
    "Bracket",
    "NotationTarget",
    "NotParseable",
    "MissingNotation",
    "Chain",
    "PrintedForm",
    "split_printed",
    "read_member",
    "read_relation",
    "normalise",
    "without_label",
]


@dataclass(frozen=True)
class Bracket:
    """How a derivation encodes ``<bra| op |ket>``: ``build(bra, ket)``.

    Keyed in a notation table by the operator's printed spelling, e.g.
    ``r"\\hat{O}(\\vec{r}_1, \\vec{r}_2)"``; the key ``""`` stands for ``<bra|ket>``.
    """

    build: Callable[[sympy.Expr, sympy.Expr], sympy.Expr]


#: What a paper spelling may stand for: an expression, a function (class or Lambda), or a bracket.
NotationTarget = Union[sympy.Basic, FunctionClass, Bracket]


class NotParseable(SymcheckError):
    """The printed LaTeX cannot be read; the message says why."""


class MissingNotation(SymcheckError):
    """The printed LaTeX uses a name the notation table does not map."""


@dataclass(frozen=True)
class Chain:
    """One printed statement ``A = B \\leq C``: members and the operators between them."""

    members: tuple[str, ...]
    operators: tuple[str, ...]


@dataclass(frozen=True)
class PrintedForm:
    """A printed equation split into list items (chains), an optional condition and its label."""

    items: tuple[Chain, ...]
    condition: tuple[Chain, ...] = ()
    condition_text: str = ""
    label: str = ""


_LABEL = re.compile(r"\\quad\s*\((\d+(?:\.\d+)*)\)\s*$")
_CONDITION = re.compile(r"\\quad\s*\\text\{\s*if\s*\}")
_AND = re.compile(r"\\text\{\s*and\s*\}")
_RELATIONS = (r"\approx", r"\leq", r"\geq", r"\neq", r"\le", r"\ge", r"\ne", "=", "<", ">")
_UNSUPPORTED = {
    r"\dots": "'\\dots' stands for terms the paper does not write out",
    r"\ldots": "'\\ldots' stands for terms the paper does not write out",
    r"\cdots": "'\\cdots' stands for terms the paper does not write out",
}
_PLACEHOLDER = "zzslot"
_RANGLE = r"\rangle"


def normalise(text: str) -> str:
    """Whitespace collapsed, ``\\left``/``\\right`` and alignment removed: the form keys are matched in."""
    text = text.strip()
    if text.startswith("$$") and text.endswith("$$"):
        text = text[2:-2]
    text = re.sub(r"\\(begin|end)\{aligned\}", " ", text)
    text = re.sub(r"=\s*\\\\\s*&?\s*=", "=", text)  # a line ending '= \\' continued by '&= ...'
    text = text.replace("\\\\", " ").replace("&", " ")
    text = re.sub(r"\\(left|right)(?![A-Za-z])\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def without_label(printed: str) -> str:
    """The printed LaTeX without its trailing ``\\quad (N.M)`` label (for display beside the label).

    >>> without_label(r"n\\lambda = 2 \\cdot R \\quad (3.1)")
    'n\\\\lambda = 2 \\\\cdot R'
    """
    return _LABEL.sub("", printed.strip()).strip()


def _top_level_split(text: str, separators: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Split at separators outside braces, parentheses and bra-kets; return parts and separators."""
    parts: list[str] = []
    found: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        if text.startswith(r"\langle", i):
            depth += 1
            i += len(r"\langle")
            continue
        if text.startswith(r"\rangle", i):
            depth -= 1
            i += len(r"\rangle")
            continue
        ch = text[i]
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif depth == 0:
            for sep in separators:
                if text.startswith(sep, i) and not (sep[-1].isalpha() and text[i + len(sep):i + len(sep) + 1].isalpha()):
                    parts.append(text[start:i].strip())
                    found.append(sep)
                    i += len(sep)
                    start = i
                    break
            else:
                i += 1
                continue
            continue
        elif ch == "\\":  # skip a command name so that e.g. \lesssim is not read as <
            match = re.match(r"\\[A-Za-z]+", text[i:])
            i += len(match.group(0)) if match else 2
            continue
        i += 1
    parts.append(text[start:].strip())
    return parts, found


def _chain(text: str) -> Chain:
    members, operators = _top_level_split(text, _RELATIONS)
    if any(not m for m in members):
        raise NotParseable(f"an empty side around a relation in {text!r}")
    return Chain(tuple(members), tuple(operators))


def split_printed(printed: str) -> PrintedForm:
    """Split a printed equation into its label, list items (each a chain) and condition.

    >>> form = split_printed(r"E_1 = a - b = c \\quad \\text{if } a \\geq c \\quad (3.7)")
    >>> form.label, form.items[0].members, form.condition[0].operators
    ('3.7', ('E_1', 'a - b', 'c'), ('\\\\geq',))
    """
    text = normalise(printed)
    for command, why in _UNSUPPORTED.items():
        if command in text:
            raise NotParseable(why)
    label = ""
    match = _LABEL.search(text)
    if match:
        label, text = match.group(1), text[: match.start()].strip()
    condition_text = ""
    condition: tuple[Chain, ...] = ()
    pieces = _CONDITION.split(text)
    if len(pieces) > 2:
        raise NotParseable("more than one '\\quad \\text{if}' condition")
    if len(pieces) == 2:
        text, condition_text = pieces[0].strip(), pieces[1].strip()
        condition = tuple(_chain(part.strip()) for part in _AND.split(condition_text))
    items_text, _ = _top_level_split(text, (r", \quad", r",\quad"))
    items = tuple(_chain(item) for item in items_text)
    return PrintedForm(items, condition, condition_text, label)


# -- one member: text -> SymPy ------------------------------------------------------------------
def _typeset_rewrites(text: str) -> str:
    text = re.sub(r"\\(vec|hat|mathbf|boldsymbol)\{([^{}]*)\}", r"\2", text)
    text = re.sub(r"\\(vec|hat)\s+([A-Za-z])", r"\2", text)
    text = re.sub(r"\\text\{([^{}]*)\}", lambda m: r"\mathit{" + m.group(1).strip() + "}", text)
    text = re.sub(r"\\(,|;|!|:|quad|qquad)(?![A-Za-z])", " ", text)
    text = text.replace("\\ ", " ")
    return re.sub(r"\s+", " ", text).strip()


def _parse(text: str) -> sympy.Basic:
    """``text`` parsed by SymPy's antlr LaTeX parser (``strict=True``); the same text is parsed once a run.

    SymPy's expressions are immutable, so a text read twice (a notation key in
    two equations) shares one parse; a refusal is remembered as well.
    """
    parsed, refusal = _parse_once(text)
    if refusal is not None:
        raise NotParseable(refusal)
    assert parsed is not None
    return parsed


@lru_cache(maxsize=4096)
def _parse_once(text: str) -> tuple[sympy.Basic | None, str | None]:
    from sympy.parsing.latex import LaTeXParsingError, parse_latex

    try:
        parsed = _parse_sll(text)
        if parsed is None:
            parsed = parse_latex(text, strict=True, backend="antlr")
    except LaTeXParsingError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "refused"
        return None, f"SymPy's LaTeX parser refused {text!r}: {first}"
    except ImportError as exc:  # antlr4 runtime missing or of the wrong version
        raise SymcheckError(f"reading printed LaTeX needs antlr4-python3-runtime 4.11: {exc}") from None
    return parsed, None


def _parse_sll(text: str) -> sympy.Basic | None:
    """SymPy's antlr parse in ANTLR's SLL prediction mode, or None where that mode cannot decide.

    ANTLR's two-stage strategy: SLL prediction (cached, fast) either gives the
    parse tree that full LL prediction gives or stops at a syntax error; on any
    stop the caller parses again exactly as SymPy does (LL, its own error
    messages), so the result is SymPy's ``parse_latex(text, strict=True)``.
    """
    from sympy.parsing.latex import check_matrix_delimiters
    from sympy.parsing.latex import _parse_latex_antlr as antlr_latex

    if antlr_latex.LaTeXParser is None or antlr_latex.MathErrorListener is None:
        return None  # SymPy's own call reports what is missing
    from antlr4 import CommonTokenStream, InputStream
    from antlr4.atn.PredictionMode import PredictionMode
    from antlr4.error.ErrorStrategy import BailErrorStrategy
    from antlr4.error.Errors import ParseCancellationException
    from sympy.parsing.latex import LaTeXParsingError

    try:
        check_matrix_delimiters(text)
        source = text.strip()
        lexer = antlr_latex.LaTeXLexer(InputStream(source))
        lexer.removeErrorListeners()
        lexer.addErrorListener(antlr_latex.MathErrorListener(source))
        parser = antlr_latex.LaTeXParser(CommonTokenStream(lexer))
        parser.removeErrorListeners()
        parser._interp.predictionMode = PredictionMode.SLL
        parser._errHandler = BailErrorStrategy()
        relation = parser.math().relation()
    except (ParseCancellationException, LaTeXParsingError):
        return None
    if relation.start.start != 0 or relation.stop.stop != len(source) - 1:
        return None  # not the whole text: SymPy's strict parse refuses it
    return antlr_latex.convert_relation(relation)


@lru_cache(maxsize=None)
def _name_of(key: str) -> str | None:
    """The symbol name the parser gives a spelling, or None if it is not one name."""
    try:
        parsed = _parse(_typeset_rewrites(normalise(key)))
    except (NotParseable, SymcheckError):
        return None
    return parsed.name if isinstance(parsed, sympy.Symbol) else None


def _slot(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return _PLACEHOLDER + letters


def _find_key(text: str, key: str, start: int = 0) -> int:
    """Index of ``key`` in ``text`` at a token boundary, or -1."""
    while True:
        i = text.find(key, start)
        if i < 0:
            return -1
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(key)] if i + len(key) < len(text) else " "
        bad_before = key[0].isalpha() and (before.isalpha() or before == "\\")
        bad_after = key[-1].isalpha() and after.isalpha()
        if not (bad_before or bad_after):
            return i
        start = i + 1


def _replace_key(text: str, key: str, slot: str) -> str:
    out, start = [], 0
    while True:
        i = _find_key(text, key, start)
        if i < 0:
            out.append(text[start:])
            return "".join(out)
        out.append(text[start:i])
        out.append(f"\\{slot} ")
        start = i + len(key)


class _Reader:
    """Reads members of one equation with one notation table."""

    def __init__(self, notation: Mapping[str, NotationTarget]) -> None:
        self.brackets: dict[str, Bracket] = {}
        self.by_name: dict[str, NotationTarget] = {}
        self.textual: dict[str, NotationTarget] = {}
        for key, target in notation.items():
            spelled = normalise(key)
            if isinstance(target, Bracket):
                self.brackets[_typeset_rewrites(spelled)] = target
                continue
            name = _name_of(spelled) if spelled else None
            if name is not None:
                self.by_name[name] = target
                self.textual[spelled] = target  # used only where the name must be a placeholder
            else:
                self.textual[spelled] = target
        self.slots: dict[str, NotationTarget] = {}

    def _new_slot(self, target: NotationTarget) -> str:
        slot = _slot(len(self.slots))
        self.slots[slot] = target
        return slot

    def read(self, text: str) -> sympy.Basic:
        if _PLACEHOLDER in text:
            raise NotParseable(f"the text contains the reserved name {_PLACEHOLDER!r}")
        return self._read(text)

    def _read(self, text: str) -> sympy.Basic:
        text = normalise(text)
        for command, why in _UNSUPPORTED.items():
            if _find_key(text, command) >= 0 or command in text:
                raise NotParseable(why)
        text = self._textual_keys(text)
        text = self._brakets(text)
        if r"\langle" in text or r"\rangle" in text:
            raise NotParseable("a bra-ket with no entry in the notation table")
        return self._finish(_parse(_typeset_rewrites(text)))

    def _textual_keys(self, text: str) -> str:
        names = set(self.by_name)
        for key in sorted(self.textual, key=len, reverse=True):
            if _find_key(text, key) < 0:
                continue
            differential = re.search(r"(?:^|[\s})])d\s*" + re.escape(key), text) is not None
            if _name_of(key) in names and not differential:
                continue  # matched by name after parsing
            slot = self._new_slot(self.textual[key])
            text = re.sub(r"(^|[\s})])d\s*" + re.escape(key), lambda m, s=slot: f"{m.group(1)}d\\{s} ", text)
            text = _replace_key(text, key, slot)
        return text

    def _brakets(self, text: str) -> str:
        while True:
            start = text.find(r"\langle")
            if start < 0:
                return text
            end = _matching_rangle(text, start)
            inner = text[start + len(r"\langle"):end].strip()
            parts, _ = _top_level_split(inner, ("|",))
            if len(parts) == 3:
                bra, op, ket = parts
            elif len(parts) == 2:
                (bra, ket), op = parts, ""
            else:
                raise NotParseable(f"cannot read the bra-ket <{inner}>")
            bracket = self.brackets.get(_typeset_rewrites(normalise(op)))
            if bracket is None:
                raise NotParseable(f"no notation for the operator {op!r} in <{inner}>")
            value = bracket.build(self._read(bra), self._read(ket))
            slot = self._new_slot(value)
            rest = text[end + len(_RANGLE):]
            text = f"{text[:start]} \\{slot} {rest}"

    def _finish(self, parsed: sympy.Basic) -> sympy.Basic:
        expr = _exact_numbers(parsed)
        names = self.by_name
        for app in expr.atoms(AppliedUndef):  # the parser's functions, before any replacement
            name = app.func.__name__
            if name not in names:
                raise MissingNotation(f"the printed form uses the function {name!r}, which has no notation entry")
            if not isinstance(names[name], (FunctionClass, sympy.Lambda)):
                raise MissingNotation(f"{name!r} is applied to arguments but maps to {names[name]}, not a function")
        symbols: dict[sympy.Basic, sympy.Basic] = {}
        slots: dict[sympy.Basic, sympy.Basic] = {}
        for s in expr.free_symbols | _bound_symbols(expr):
            if not isinstance(s, sympy.Symbol):
                continue
            if s.name in self.slots:
                slots[s] = self.slots[s.name]  # type: ignore[assignment]
            elif s.name in names:
                target = names[s.name]
                if isinstance(target, (FunctionClass, sympy.Lambda, Bracket)):
                    raise MissingNotation(f"{s.name!r} maps to a function but is printed without arguments")
                symbols[s] = target  # type: ignore[assignment]
            elif s.name == "pi":
                symbols[s] = sympy.pi
            else:
                raise MissingNotation(f"the printed form uses {s.name!r}, which has no notation entry")
        expr = expr.xreplace(symbols)
        expr = expr.replace(
            lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in names,
            lambda e: names[e.func.__name__](*e.args),
        )
        return _rebuild(expr.xreplace(slots))  # last: a slot's value holds the derivation's own names


def _bound_symbols(expr: sympy.Basic) -> set[sympy.Basic]:
    out: set[sympy.Basic] = set()
    for integral in expr.atoms(sympy.Integral):
        out |= {limit[0] for limit in integral.limits}
    return out


def _matching_rangle(text: str, start: int) -> int:
    depth, i = 0, start
    while i < len(text):
        if text.startswith(r"\langle", i):
            depth += 1
            i += len(r"\langle")
        elif text.startswith(r"\rangle", i):
            depth -= 1
            if depth == 0:
                return i
            i += len(r"\rangle")
        else:
            i += 1
    raise NotParseable("a \\langle without its \\rangle")


def _exact_numbers(expr: sympy.Basic) -> sympy.Basic:
    """Printed decimals as exact rationals: ``3.3125`` -> ``53/16``."""
    return expr.xreplace({f: sympy.Rational(str(f)) for f in expr.atoms(sympy.Float)})


def _rebuild(expr: sympy.Basic) -> sympy.Basic:
    """Rebuild bottom-up so that SymPy's automatic simplifications apply (the parser leaves them out)."""
    if not expr.args or isinstance(expr, (sympy.Symbol, sympy.Number)):
        return expr
    args = [_rebuild(a) for a in expr.args]
    if isinstance(expr, sympy.core.relational.Relational):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def read_member(text: str, notation: Mapping[str, NotationTarget]) -> sympy.Basic:
    """One printed expression (no relation) as SymPy, through ``notation``."""
    return _Reader(notation).read(text)


def read_relation(chain: Chain, notation: Mapping[str, NotationTarget]) -> list[sympy.Basic]:
    """Each member of a chain as SymPy (one reader, so placeholders are shared)."""
    reader = _Reader(notation)
    return [reader.read(member) for member in chain.members]
