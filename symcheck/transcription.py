"""Transcription checks: is the encoded equation what the paper prints?

A :class:`Transcription` check reads an equation's printed LaTeX
(:attr:`~symcheck.equation.Equation.printed`) through the notation table (the
derivation's defaults, overridden by the equation's own entries), and compares
it with the SymPy statement, member by member:

* every encoded relation (each part of an ``And``) must appear in the printed
  form: two members of one printed chain whose operators between them give the
  same relation, with sides *proved equal* (the rewrite ladder of
  :func:`~symcheck.strategies.prove_equal`, bounded in time) or *equal
  numerically* (random points that honour the symbols' assumptions, digits
  stated);
* every other printed member must be equal to a compared one, or be declared
  in :attr:`~symcheck.equation.Equation.not_compared` with a reason; the
  verdict lists them;
* a printed condition (``\\quad \\text{if } ...``) is compared with
  :attr:`~symcheck.equation.Equation.condition` the same way, part by part.

Outcomes: ``holds`` (proved equal, or equal numerically), ``fails`` (differs:
the detail shows the difference), ``not run`` (not parseable: the detail says
why, e.g. ``\\dots``), ``error`` (the notation table lacks a spelling the paper
uses).

>>> import sympy as sp
>>> from symcheck.equation import Equation
>>> R, m, h, E = sp.symbols("R m h E", positive=True)
>>> eq = Equation("3.2", "Bragg energy", sp.Eq(E, h**2 / (8 * m * R**2)),
...               printed=r"E_{\\lambda=2R} = \\frac{h^2}{R^2 \\cdot 8 \\cdot m} \\quad (3.2)",
...               notation={r"E_{\\lambda=2R}": E, "h": h, "m": m, "R": R})
>>> Transcription("3.2-transcription", eq).run().status.value
'holds'
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import sympy

from .checks import Check
from .equation import Equation
from .errors import SymcheckError
from .latex_reader import (
    Chain,
    MissingNotation,
    NotationTarget,
    NotParseable,
    _Reader,
    normalise,
    split_printed,
)
from .mathtext import Math, join
from .mathtext import text as rich
from .results import Result, Status
from .strategies import NumericUnavailable, numeric_test, prove_equal

__all__ = ["Transcription", "CONDITION"]

#: Key of :attr:`Equation.not_compared` for a printed condition that is not encoded.
CONDITION = "condition"

_ORDER = {"=": "eq", r"\approx": "eq", "<": "lt", ">": "gt", r"\leq": "le", r"\le": "le",
          r"\geq": "ge", r"\ge": "ge", r"\neq": "ne", r"\ne": "ne"}
_FLIP = {"lt": "gt", "gt": "lt", "le": "ge", "ge": "le", "eq": "eq", "ne": "ne"}
_ENCODED = {sympy.Eq: "eq", sympy.Ne: "ne", sympy.Lt: "lt", sympy.Gt: "gt", sympy.Le: "le", sympy.Ge: "ge"}
_SHOW = {"eq": "=", "ne": "≠", "lt": "<", "gt": ">", "le": "≤", "ge": "≥"}


def _seed(text: str) -> int:
    return zlib.crc32(text.encode())


def _compose(operators: tuple[str, ...]) -> str | None:
    """The relation between the first and last member of a chain piece, or None if it says nothing."""
    kinds = {_ORDER[op] for op in operators}
    if kinds == {"eq"}:
        return "eq"
    if len(operators) == 1:
        return kinds.pop()
    if "ne" in kinds or ({"lt", "le"} & kinds and {"gt", "ge"} & kinds):
        return None
    strict = bool({"lt", "gt"} & kinds)
    if {"lt", "le"} & kinds:
        return "lt" if strict else "le"
    return "gt" if strict else "ge"


def _relations(statement: sympy.Basic | None) -> list[sympy.Basic]:
    if statement is None:
        return []
    if isinstance(statement, sympy.And):
        return list(statement.args)
    return [statement]


@dataclass(frozen=True)
class _Match:
    how: str  # "proved (strategy)" or "numerically (N points, D digits)"
    numeric: bool


@dataclass(frozen=True)
class Transcription(Check):
    """The printed LaTeX of ``encoded`` against its SymPy statement.

    ``notation`` is the derivation-wide table (the equation's own
    :attr:`~symcheck.equation.Equation.notation` overrides it). ``equation``
    (the label) defaults to the encoded equation's label.
    """

    # compare=False: the id names the check; the equation and the live table are not hashable
    encoded: Equation = field(default=None, compare=False)  # type: ignore[assignment]
    notation: Mapping[str, NotationTarget] = field(default_factory=dict, kw_only=True, compare=False)
    time_limit: float = field(default=5.0, kw_only=True)
    points: int = field(default=5, kw_only=True)
    digits: int = field(default=30, kw_only=True)

    kind: ClassVar[str] = "transcription"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.encoded, Equation):
            raise SymcheckError(f"{self.id}: a transcription check needs an Equation, got {type(self.encoded).__name__}")
        if not self.encoded.printed:
            raise SymcheckError(f"{self.id}: equation {self.encoded.label} has no printed form")
        if self.equation is None:
            object.__setattr__(self, "equation", self.encoded.label)

    # -- running ----------------------------------------------------------------------------
    def _run(self) -> Result:
        eq = self.encoded
        try:
            form = split_printed(eq.printed)
        except NotParseable as exc:
            return self._result(Status.NOT_RUN, "not parseable", str(exc))
        if form.label and form.label != eq.label:
            return self._result(Status.FAILS, "label differs",
                                f"the printed form is labelled ({form.label}), the equation ({eq.label})")
        omitted = {normalise(k): v for k, v in eq.not_compared.items()}
        reader = _Reader({**self.notation, **eq.notation})
        try:
            members = self._read_items(form.items, reader, omitted)
            conditions = self._read_items(form.condition, reader, omitted) if CONDITION not in omitted else None
        except NotParseable as exc:
            return self._result(Status.NOT_RUN, "not parseable", str(exc))
        except MissingNotation as exc:
            return self._result(Status.ERROR, "notation table incomplete", str(exc))
        if eq.relation is None:
            return self._result(
                Status.FAILS, "no encoded relation to compare",
                "the printed form is parseable, but the equation encodes no relation",
            )
        notes: list[str] = []
        lines: list[str] = []  # Text, with the formulas typeset in reports
        failures: list[str] = []
        self._compare(form.items, members, _relations(eq.relation), "relation", lines, failures, notes)
        if form.condition and conditions is not None:
            self._compare(form.condition, conditions, _relations(eq.condition), "condition", lines, failures, notes)
        elif form.condition:
            notes.append(f"condition 'if {form.condition_text}' not compared: {omitted[CONDITION]}")
        elif eq.condition is not None:
            failures.append(rich("the encoded condition ", Math(eq.condition), " is not printed"))
        for chain, values in zip(form.items + form.condition, members + (conditions or [])):
            for text, value in zip(chain.members, values):
                if value is None:
                    notes.append(rich(_printed(text), " not compared: ", omitted[normalise(text)]))
        if any(r"\approx" in chain.operators for chain in form.items + form.condition):
            notes.append("printed '≈' read as '='")
        numeric = any("numerically" in line for line in lines)
        detail = join("; ", lines + notes)
        if failures:
            return self._result(Status.FAILS, "differs from the printed form", join("; ", failures + notes))
        method = "equal numerically; not proved" if numeric else "proved equal to the printed form"
        skipped = sum("not compared" in n for n in notes)
        if skipped:
            method += f" ({skipped} printed part{'s' if skipped > 1 else ''} not compared)"
        return self._result(Status.HOLDS, method, detail)

    def _read_items(
        self, chains: tuple[Chain, ...], reader: _Reader, omitted: Mapping[str, str]
    ) -> list[list[sympy.Basic | None]]:
        out: list[list[sympy.Basic | None]] = []
        for chain in chains:
            values: list[sympy.Basic | None] = []
            for text in chain.members:
                values.append(None if normalise(text) in omitted else reader.read(text))
            out.append(values)
        return out

    def _equal(self, a: sympy.Basic, b: sympy.Basic, cache: dict) -> _Match | sympy.Basic:
        """A match, or the difference a - b (as simple as the ladder made it) when not shown equal."""
        key = (a, b)
        if key in cache:
            return cache[key]
        proof = prove_equal(a, b, self.time_limit)
        if proof.verdict is True:
            result: _Match | sympy.Basic = _Match(f"proved ({proof.strategy})", False)
        elif proof.verdict is False:
            result = proof.residual
        else:
            try:
                test = numeric_test(a, b, points=self.points, digits=self.digits, seed=_seed(self.id))
            except NumericUnavailable:
                result = proof.residual
            else:
                result = (_Match(f"numerically ({test.points} points, {test.digits} digits)", True)
                          if test.holds else proof.residual)
        cache[key] = result
        return result

    def _compare(
        self,
        chains: tuple[Chain, ...],
        values: list[list[sympy.Basic | None]],
        relations: list[sympy.Basic],
        what: str,
        lines: list[str],
        failures: list[str],
        notes: list[str],
    ) -> None:
        cache: dict = {}
        used: set[tuple[int, int]] = set()
        for rel in relations:
            kind = _ENCODED.get(type(rel))
            if kind is None:
                failures.append(rich(f"the encoded {what} ", Math(rel), " is not a relation (=, ≠, <, ≤, >, ≥)"))
                continue
            found = self._find(chains, values, rel, kind, cache)
            if isinstance(found, tuple):
                (c, i, j), how = found
                used |= {(c, i), (c, j)}
                relation = _SHOW[_compose(chains[c].operators[i:j]) or "eq"]
                lines.append(rich(f"{what} ", Math(rel), " matches ", _printed(chains[c].members[i]),
                                  f" {relation} ", _printed(chains[c].members[j]), f" ({how})"))
            else:
                failures.append(rich(f"the encoded {what} ", Math(rel), " is not printed: ", found))
        if failures:
            return  # the members of an unmatched relation are not listed again
        # every other printed member: equal to a compared member, or declared not compared
        for c, chain in enumerate(chains):
            for i, text in enumerate(chain.members):
                value = values[c][i]
                if value is None or (c, i) in used:
                    continue
                partner = self._equal_to_used(chain, values[c], i, used, c, cache)
                if partner is None:
                    failures.append(rich(f"printed {what} member ", _printed(text),
                                         " is neither encoded nor declared not compared"))
                else:
                    lines.append(rich(_printed(text), " equals ", _printed(chain.members[partner[0]]),
                                      f" ({partner[1]})"))

    def _equal_to_used(
        self, chain: Chain, values: list[sympy.Basic | None], i: int, used: set[tuple[int, int]], c: int,
        cache: dict,
    ) -> tuple[int, str] | None:
        # members of the same kind first (an integral against an integral): a cheap structural match
        # is found before the ladder works on a hopeless pair such as an integral against a symbol
        order = sorted(range(len(values)), key=lambda j: (type(values[j]) is not type(values[i]), abs(i - j)))
        for j in order:
            other = values[j]
            if (c, j) not in used or other is None:
                continue
            lo, hi = min(i, j), max(i, j)
            if _compose(chain.operators[lo:hi]) != "eq":
                continue
            match = self._equal(values[i], other, cache)
            if isinstance(match, _Match):
                return j, match.how
        return None

    def _find(
        self, chains: tuple[Chain, ...], values: list[list[sympy.Basic | None]], rel: sympy.Basic, kind: str,
        cache: dict,
    ) -> tuple[tuple[int, int, int], str] | str:
        """The printed pair that states ``rel``, or why none does (with the nearest difference)."""
        nearest = ""
        for c, chain in enumerate(chains):
            row = values[c]
            for i in range(len(row)):
                for j in range(i + 1, len(row)):
                    if row[i] is None or row[j] is None:
                        continue
                    printed_kind = _compose(chain.operators[i:j])
                    if printed_kind is None:
                        continue
                    orders = []
                    if printed_kind == kind:
                        orders.append((row[i], row[j]))
                    if _FLIP[printed_kind] == kind:
                        orders.append((row[j], row[i]))
                    for left, right in orders:
                        m_left = self._equal(left, rel.lhs, cache)
                        m_right = self._equal(right, rel.rhs, cache)
                        if isinstance(m_left, _Match) and isinstance(m_right, _Match):
                            how = m_left.how if m_left.how == m_right.how else f"{m_left.how}, {m_right.how}"
                            return (c, i, j), how
                        if not nearest:
                            nearest = self._difference(left, right, rel, m_left, m_right)
        return nearest or "no printed pair with the same relation"

    @staticmethod
    def _difference(left: sympy.Basic, right: sympy.Basic, rel: sympy.Basic, m_left: object, m_right: object) -> str:
        parts = []
        if not isinstance(m_left, _Match):
            parts.append(rich("printed left side - encoded = ", _short(m_left)))
        if not isinstance(m_right, _Match):
            parts.append(rich("printed right side - encoded = ", _short(m_right)))
        return join("; ", parts)


def _short(expr: object, limit: int = 240) -> Math | str:
    shown = sympy.sstr(expr)
    if len(shown) > limit:
        return shown[: limit - 3] + "..."
    return Math(expr) if isinstance(expr, sympy.Basic) else shown


def _printed(latex: str) -> Math:
    """A member of the printed form: its LaTeX source, quoted in the terminal, typeset in reports."""
    return Math.printed(latex, f"'{latex}'")
