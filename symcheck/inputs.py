"""Inputs with provenance and an admissible range, and claims checked over that range.

A printed number is often computed from an input the paper does not print,
or prints rounded: a lattice constant, a temperature, a data-table value. If
the recomputation from one tabulated value misses the printed number, that is
not yet an error of the paper: the paper may have used another tabulated value
(another temperature, another edition) or rounded first. An
:class:`Input` says where its values come from (:class:`Tabulated`, each with
its source) and which values are admissible: the hull of the tabulated values,
widened by the paper's own rounding of that quantity. An :class:`InputClaim`
then asks the sharper question: *for which admissible inputs does the printed
number reproduce?*

* If the paper states the input (``stated=``), the claim is checked with that
  value: a miss is the paper's arithmetic failing with its own inputs.
* Otherwise the admissible range is searched with interval arithmetic
  (:mod:`mpmath`'s ``iv``; enclosures, so "holds for a in [x, y]" is proved,
  not sampled) and the claim holds for the part of the range where every
  printed number reproduces; it fails only if no admissible input reproduces
  them.

Either way the result's ``finding`` says, computed, what the tabulated values
give instead, so a referee sees the input choice once, where it applies,
rather than as an error of the paper.

>>> import sympy as sp
>>> a = sp.Symbol("a", positive=True)
>>> lattice = Input(a, "Å", tabulated=(Tabulated("2.00", "room temperature", "a handbook"),
...                                    Tabulated("1.98", "5 K", "a table")),
...                 rounding="0.01", rounding_reason="quoted to 0.01 Å")
>>> lattice.admissible()
(Decimal('1.975'), Decimal('2.005'))
>>> r = InputClaim("demo", (Printed("E", "0.253", 1 / a**2),), (lattice,)).run()
>>> r.status.value, r.detail.split(";")[0]
('holds', 'holds for a in [1.9861, 1.9901] Å, inside the admissible [1.975, 2.005] Å')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

import mpmath
import sympy

from .checks import Check, _parse_decimal, decimal_tolerance, evaluate
from .errors import SymcheckError
from .mathtext import join
from .mathtext import text as rich
from .results import Result, Status

__all__ = ["Tabulated", "Input", "Printed", "InputClaim", "interval_value"]

_iv = mpmath.iv


@dataclass(frozen=True)
class Tabulated:
    """A value of an input as a data source gives it.

    ``value`` is decimal text as tabulated; ``condition`` says what it is the
    value of (``"room temperature"``, ``"5 K"``); ``source`` is the citation.
    """

    value: str
    condition: str
    source: str

    def __post_init__(self) -> None:
        _parse_decimal(self.value, "tabulated value")
        if not self.source.strip():
            raise SymcheckError(f"tabulated value {self.value}: a source is required")

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.value)


@dataclass(frozen=True)
class Input:
    """An input quantity of a computation, with its provenance.

    Parameters
    ----------
    symbol:
        The SymPy symbol the claims' expressions use.
    unit:
        Its unit, as shown (``"Å"``).
    tabulated:
        Values from data sources, each with its source.
    stated:
        The value the paper states, as printed, if it states one; claims are
        then checked with it.
    stated_at:
        Where the paper states it.
    rounding:
        The paper's resolution for this quantity (``"0.01"`` if it quotes such
        values to 0.01): the admissible range extends half of it beyond the
        tabulated values.
    rounding_reason:
        Why that resolution (required with ``rounding``).
    """

    symbol: sympy.Symbol
    unit: str
    tabulated: tuple[Tabulated, ...] = ()
    stated: str | None = field(default=None, kw_only=True)
    stated_at: str = field(default="", kw_only=True)
    rounding: str | None = field(default=None, kw_only=True)
    rounding_reason: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.symbol, sympy.Symbol):
            raise SymcheckError(f"an input needs a SymPy Symbol, got {self.symbol!r}")
        object.__setattr__(self, "tabulated", tuple(self.tabulated))
        if self.stated is not None:
            _parse_decimal(self.stated, f"input {self.symbol}: stated value")
            if not self.stated_at:
                raise SymcheckError(f"input {self.symbol}: a stated value needs stated_at (where the paper states it)")
        elif not self.tabulated:
            raise SymcheckError(f"input {self.symbol}: give the value the paper states or tabulated values")
        if self.rounding is not None:
            if _parse_decimal(self.rounding, f"input {self.symbol}: rounding") <= 0:
                raise SymcheckError(f"input {self.symbol}: rounding must be positive, got {self.rounding}")
            if not self.rounding_reason:
                raise SymcheckError(f"input {self.symbol}: a rounding needs a rounding_reason")

    @property
    def name(self) -> str:
        return self.symbol.name

    def admissible(self) -> tuple[Decimal, Decimal]:
        """The admissible range: the tabulated values' hull, widened by half the paper's rounding.

        With no tabulated values, the stated value within its printed rounding.
        """
        if not self.tabulated:
            assert self.stated is not None
            half = decimal_tolerance(self.stated)
            return Decimal(self.stated) - half, Decimal(self.stated) + half
        values = [t.decimal for t in self.tabulated]
        half = Decimal(self.rounding) / 2 if self.rounding is not None else Decimal(0)
        return min(values) - half, max(values) + half

    def admissible_reason(self) -> str:
        """How the admissible range was formed, from the data (for details)."""
        if not self.tabulated:
            return f"the stated {self.stated} {self.unit} within its printed rounding"
        values = ", ".join(f"{t.value} {self.unit} ({t.condition})" for t in self.tabulated)
        text = f"tabulated {values}"
        if self.rounding is not None:
            text += f", ±{Decimal(self.rounding) / 2} {self.unit} ({self.rounding_reason})"
        return text


@dataclass(frozen=True)
class Printed:
    """A number the paper prints, and the expression that computes it from the inputs."""

    label: str
    value: str
    expr: sympy.Expr

    def __post_init__(self) -> None:
        _parse_decimal(self.value, f"printed {self.label}")
        if not isinstance(self.expr, sympy.Basic):
            raise SymcheckError(f"printed {self.label}: the expression must be a SymPy expression")


# -- interval evaluation ---------------------------------------------------------------------------

_IV_FUNCTIONS: Mapping[type, Callable[[object], object]] = {
    sympy.exp: _iv.exp,
    sympy.log: _iv.log,
    sympy.sin: _iv.sin,
    sympy.cos: _iv.cos,
    sympy.tan: _iv.tan,
}


def interval_value(expr: sympy.Expr, box: Mapping[sympy.Symbol, object]) -> object:
    """An enclosure of ``expr`` over ``box`` (symbols -> ``mpmath.iv`` intervals).

    Evaluated from SymPy's tree with outward-rounded interval arithmetic at
    the caller's ``iv`` precision: every constant, exact or not, becomes an
    interval that contains it, so the result contains every value ``expr``
    takes on the box.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", positive=True)
    >>> v = interval_value(sp.Rational(1, 3) * x**2, {x: mpmath.iv.mpf([1, 2])})
    >>> float(v.a) <= 1/3 and float(v.b) >= 4/3
    True
    """
    if expr in box:
        return box[expr]
    if isinstance(expr, sympy.Integer):
        return _iv.mpf(int(expr))
    if isinstance(expr, sympy.Rational):
        return _iv.mpf(int(expr.p)) / _iv.mpf(int(expr.q))
    if isinstance(expr, sympy.Float):
        return _iv.mpf(str(expr))
    if expr is sympy.pi:
        return _iv.pi
    if expr is sympy.E:
        return _iv.e
    if isinstance(expr, sympy.Add):
        total = _iv.mpf(0)
        for term in expr.args:
            total = total + interval_value(term, box)
        return total
    if isinstance(expr, sympy.Mul):
        product = _iv.mpf(1)
        for factor in expr.args:
            product = product * interval_value(factor, box)
        return product
    if isinstance(expr, sympy.Pow):
        base, exponent = expr.args
        value = interval_value(base, box)
        if isinstance(exponent, sympy.Integer):
            return value ** int(exponent)
        if exponent == sympy.Rational(1, 2):
            return _iv.sqrt(value)
        if exponent == -sympy.Rational(1, 2):
            return 1 / _iv.sqrt(value)
        return _iv.exp(interval_value(exponent, box) * _iv.log(value))
    if isinstance(expr, sympy.Function) and type(expr) in _IV_FUNCTIONS and len(expr.args) == 1:
        return _IV_FUNCTIONS[type(expr)](interval_value(expr.args[0], box))
    if isinstance(expr, sympy.Abs):
        inner = interval_value(expr.args[0], box)
        low, high = inner.a, inner.b
        if low >= 0:
            return inner
        if high <= 0:
            return -inner
        return _iv.mpf([0, max(-low, high)])
    raise SymcheckError(f"no interval evaluation for {type(expr).__name__} in {sympy.sstr(expr)[:80]}")


@contextmanager
def _iv_workdps(dps: int) -> Iterator[None]:
    """``mpmath.iv`` at ``dps`` digits for the block, restored after (``iv`` has no ``workdps``)."""
    saved = _iv.dps
    _iv.dps = dps
    try:
        yield
    finally:
        _iv.dps = saved


# -- the check -------------------------------------------------------------------------------------

_Box = tuple[tuple[mpmath.mpf, mpmath.mpf], ...]

#: Interval work precision (decimal digits) and the search's limits.
_IV_DPS = 40
_MAX_BOXES = 4000
_RELATIVE_RESOLUTION = mpmath.mpf("1e-7")


def _classify(printed: Sequence[Printed], free: Sequence[Input], fixed: Mapping[sympy.Symbol, object],
              box: _Box) -> str:
    """``inside`` if every printed number reproduces on the whole box, ``outside`` if one cannot
    anywhere on it, else ``undecided``."""
    env = dict(fixed)
    env.update({inp.symbol: _iv.mpf([lo, hi]) for inp, (lo, hi) in zip(free, box)})
    inside = True
    for p in printed:
        value = interval_value(p.expr, env)
        target, tol = mpmath.mpf(p.value), mpmath.mpf(str(decimal_tolerance(p.value)))
        low, high = target - tol, target + tol
        if value.b < low or value.a > high:
            return "outside"
        if not (value.a >= low and value.b <= high):
            inside = False
    return "inside" if inside else "undecided"


def _search(printed: Sequence[Printed], free: Sequence[Input], fixed: Mapping[sympy.Symbol, object],
            box: _Box) -> tuple[list[_Box], list[_Box]]:
    """Branch and bound: boxes where every printed number reproduces, and boxes left undecided
    at the resolution limit."""
    widths = [hi - lo for lo, hi in box]
    floor = [w * _RELATIVE_RESOLUTION for w in widths]
    inside: list[_Box] = []
    undecided: list[_Box] = []
    queue = [box]
    seen = 0
    while queue:
        current = queue.pop()
        seen += 1
        verdict = _classify(printed, free, fixed, current)
        if verdict == "inside":
            inside.append(current)
            continue
        if verdict == "outside":
            continue
        axis = max(range(len(current)), key=lambda i: (current[i][1] - current[i][0]) / widths[i])
        lo, hi = current[axis]
        if hi - lo <= floor[axis] or seen > _MAX_BOXES:
            undecided.append(current)
            continue
        mid = (lo + hi) / 2
        for part in ((lo, mid), (mid, hi)):
            queue.append(current[:axis] + (part,) + current[axis + 1:])
    return inside, undecided


def _hull(boxes: Sequence[_Box], axis: int) -> tuple[mpmath.mpf, mpmath.mpf]:
    return min(b[axis][0] for b in boxes), max(b[axis][1] for b in boxes)


def _range_text(low: mpmath.mpf, high: mpmath.mpf, unit: str, digits: int = 5) -> str:
    return f"[{mpmath.nstr(low, digits)}, {mpmath.nstr(high, digits)}] {unit}".rstrip()


@dataclass(frozen=True)
class InputClaim(Check):
    """Numbers the paper prints, checked over the admissible values of their inputs.

    ``printed`` are the numbers (each with the expression computing it from
    the inputs' symbols); ``inputs`` are :class:`Input` objects. Inputs the
    paper states are fixed at the stated value; the others range over their
    admissible range, searched with interval arithmetic. The check holds if
    every printed number reproduces within the paper's rounding for some
    admissible input (the detail names that range), and fails if none does
    (the detail names what would be needed). ``finding`` (on by default) adds
    to the result what the tabulated values give where they differ from the
    printed numbers; give it to one check per set of inputs, so the finding
    is stated once.
    """

    printed: tuple[Printed, ...]
    inputs: tuple[Input, ...]
    unit: str = field(default="", kw_only=True)
    finding: bool = field(default=True, kw_only=True)
    shown_digits: int = field(default=5, kw_only=True)

    kind: ClassVar[str] = "claim"

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "printed", tuple(self.printed))
        object.__setattr__(self, "inputs", tuple(self.inputs))
        if not self.printed or not all(isinstance(p, Printed) for p in self.printed):
            raise SymcheckError(f"{self.id}: printed must be one or more Printed numbers")
        if not all(isinstance(i, Input) for i in self.inputs):
            raise SymcheckError(f"{self.id}: inputs must be Input objects")
        symbols = {i.symbol for i in self.inputs}
        for p in self.printed:
            missing = p.expr.free_symbols - symbols
            if missing:
                names = ", ".join(sorted(map(str, missing)))
                raise SymcheckError(f"{self.id}: printed {p.label} depends on {names}, which is not an input")

    # -- helpers ---------------------------------------------------------------------------------
    def _stated_values(self) -> dict[sympy.Symbol, sympy.Rational]:
        return {i.symbol: sympy.Rational(i.stated) for i in self.inputs if i.stated is not None}

    def _values_at(self, values: Mapping[sympy.Symbol, sympy.Expr]) -> list[tuple[Printed, mpmath.mpf, int]]:
        out = []
        for p in self.printed:
            value, digits = evaluate(p.expr.subs(values))
            out.append((p, value, digits))
        return out

    def _unit(self) -> str:
        return f" {self.unit}" if self.unit else ""

    def _tabulated_finding(self, base: Mapping[sympy.Symbol, sympy.Expr]) -> str:
        """What each tabulated input value gives (others as stated or at their first tabulated value)."""
        parts = []
        for inp in self.inputs:
            for tab in inp.tabulated:
                if inp.stated is not None and Decimal(inp.stated) == tab.decimal:
                    parts.append(f"the stated {inp.name} = {inp.stated} {inp.unit} is the tabulated {tab.condition} "
                                 f"value ({tab.source})")
                    continue
                values = dict(base)
                values[inp.symbol] = sympy.Rational(tab.value)
                shown = []
                misses = 0
                for p, value, _ in self._values_at(values):
                    printed_as = _round_like(value, p.value)
                    miss = printed_as != Decimal(p.value)
                    misses += miss
                    shown.append(rich(p.label, f" {mpmath.nstr(value, self.shown_digits)}",
                                      f" (prints {printed_as}, paper {p.value})" if miss else ""))
                verdict = "reproduces every printed number" if not misses else f"misses {misses} of {len(shown)}"
                parts.append(rich(f"{inp.name} = {tab.value} {inp.unit} ({tab.condition}; {tab.source}) gives ",
                                  join(", ", shown), f"{self._unit()}: {verdict}"))
        return "; ".join(parts)

    def _base_values(self) -> dict[sympy.Symbol, sympy.Expr]:
        base: dict[sympy.Symbol, sympy.Expr] = {}
        for inp in self.inputs:
            if inp.stated is not None:
                base[inp.symbol] = sympy.Rational(inp.stated)
            else:
                base[inp.symbol] = sympy.Rational(inp.tabulated[0].value)
        return base

    # -- the run ---------------------------------------------------------------------------------
    def _run(self) -> Result:
        stated = self._stated_values()
        free = [i for i in self.inputs if i.stated is None]
        paper = (self.printed[0].value if len(self.printed) == 1
                 else join(", ", [rich(p.label, f" {p.value}") for p in self.printed]))
        if not free:
            return self._run_stated(stated, paper)
        return self._run_search(stated, free, paper)

    def _run_stated(self, stated: Mapping[sympy.Symbol, sympy.Expr], paper: str) -> Result:
        rows = self._values_at(stated)
        digits = min(d for _, _, d in rows)
        shown = max(1, min(digits, self.shown_digits))
        misses = []
        described = []
        for p, value, _ in rows:
            tol = decimal_tolerance(p.value)
            ok = abs(Decimal(mpmath.nstr(value, 30, min_fixed=-40, max_fixed=40)) - Decimal(p.value)) <= tol
            described.append(rich(p.label, f": paper {p.value}, computed {mpmath.nstr(value, shown)}{self._unit()} "
                                  f"(±{tol})"))
            if not ok:
                misses.append(p.label)
        with_inputs = ", ".join(f"{i.name} = {i.stated} {i.unit}".rstrip() for i in self.inputs)
        outside = [f"the stated {i.name} = {i.stated} {i.unit} lies outside the admissible "
                   f"{_range_text(*map(mpmath.mpf, map(str, i.admissible())), i.unit)} ({i.admissible_reason()})"
                   for i in self.inputs if i.tabulated and not (i.admissible()[0] <= Decimal(i.stated)
                                                                <= i.admissible()[1])]
        finding = self._tabulated_finding(stated) if self.finding else ""
        finding = "; ".join(x for x in (finding, *outside) if x) or None
        status = Status.FAILS if misses else Status.HOLDS
        head = rich(f"with the paper's {with_inputs}: ",
                    "every printed number reproduces" if not misses else rich(join(", ", misses), " do not reproduce"))
        return self._result(
            status, f"recomputed to {digits} digits with the inputs the paper states; compared within the "
            "paper's rounding", join("; ", [head, *described]),
            paper_value=paper,
            computed_value=join(", ", [rich(p.label, " ", mpmath.nstr(v, shown)) if len(rows) > 1
                                       else mpmath.nstr(v, shown) for p, v, _ in rows]),
            digits=shown, finding=finding if self.finding else None,
        )

    def _run_search(self, stated: Mapping[sympy.Symbol, sympy.Expr], free: Sequence[Input], paper: str) -> Result:
        with _iv_workdps(_IV_DPS), mpmath.workdps(_IV_DPS):
            fixed = {s: interval_value(v, {}) for s, v in stated.items()}
            box = tuple((mpmath.mpf(str(i.admissible()[0])), mpmath.mpf(str(i.admissible()[1]))) for i in free)
            inside, undecided = _search(self.printed, free, fixed, box)
            admissible = "; ".join(f"{i.name} {_range_text(*b, i.unit)} ({i.admissible_reason()})"
                                   for i, b in zip(free, box))
            if inside:
                hulls = [_hull(inside, k) for k in range(len(free))]
                where = ", ".join(f"{i.name} in {_range_text(*h, i.unit)}" for i, h in zip(free, hulls))
                inner = {i.symbol: sympy.Rational(str((h[0] + h[1]) / 2)) for i, h in zip(free, hulls)}
                rows = self._values_at({**stated, **inner})
                values = join(", ", [rich(p.label, " ", mpmath.nstr(v, self.shown_digits)) if len(rows) > 1
                                     else mpmath.nstr(v, self.shown_digits) for p, v, _ in rows])
                detail = rich(f"holds for {where}, inside the admissible {_admissible_short(free, box)}; "
                              "there (midpoint) ", values, f"{self._unit()}; admissible: {admissible}")
                status, method = Status.HOLDS, "interval search over the admissible inputs (enclosures, " \
                    "so the range is proved); compared within the paper's rounding"
                computed = values
            else:
                needed = self._needed(stated, free)
                detail = rich("no admissible input reproduces ", paper, f"{self._unit()}: admissible {admissible}",
                              "; " if needed else "", needed)
                status = Status.INCONCLUSIVE if undecided else Status.FAILS
                method = ("interval search over the admissible inputs left boxes undecided at its resolution"
                          if undecided else "interval search over the admissible inputs: none reproduces")
                computed = None
        finding = self._tabulated_finding(self._base_values()) if self.finding else None
        return self._result(status, method, detail, paper_value=paper, computed_value=computed,
                            digits=self.shown_digits if computed else None, finding=finding or None)

    def _needed(self, stated: Mapping[sympy.Symbol, sympy.Expr], free: Sequence[Input]) -> str:
        """Where each printed number alone would reproduce, searching ten times the admissible width."""
        parts = []
        fixed = {s: interval_value(v, {}) for s, v in stated.items()}
        for p in self.printed:
            box = []
            for i in free:
                lo, hi = (mpmath.mpf(str(x)) for x in i.admissible())
                pad = 5 * (hi - lo)
                box.append((max(lo - pad, (lo) / 2), hi + pad))
            inside, _ = _search((p,), free, fixed, tuple(box))
            if inside:
                hull = ", ".join(f"{i.name} in {_range_text(*_hull(inside, k), i.unit)}" for k, i in enumerate(free))
                parts.append(rich(p.label, f" {p.value} needs {hull}"))
            else:
                parts.append(rich(p.label, f" {p.value} reproduces nowhere within ten times the admissible width"))
        return join("; ", parts)


def _admissible_short(free: Sequence[Input], box: _Box) -> str:
    """The admissible box in a few words."""
    return ", ".join(f"{_range_text(*b, i.unit)}" for i, b in zip(free, box))


def _round_like(value: mpmath.mpf, printed: str) -> Decimal:
    """``value`` rounded to the printed number's last place (half away from zero, as by hand)."""
    exponent = Decimal(printed).as_tuple().exponent
    assert isinstance(exponent, int)
    text = mpmath.nstr(value, 40, min_fixed=-50, max_fixed=50)
    return Decimal(text).quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
