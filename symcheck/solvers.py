"""Solvers a derivation declares: what a numerical problem takes, what it gives, how it is solved.

A derivation that can solve one of its equations for a number (a critical temperature, a gap)
declares a :class:`Solver`, the way a dataclass declares fields: a name, its inputs
(:class:`Quantity`: name, unit, admissible range, how a value is read), its outputs
(:class:`Output`) and a function ``solve(inputs, digits) -> Solution``. The engine turns the
declaration into ``symcheck solve NAME`` and ``symcheck sweep NAME`` (options, validation, JSON,
CSV, progress, worker processes, a Dask cluster); the derivation writes no command-line code.

Numbers reach ``solve`` as :class:`~decimal.Decimal` values already checked against their declared
range; text inputs (a formula, say) reach it as whatever their ``parse`` function returned; flags
as ``bool``. A :class:`Solution` gives every output as a decimal string carrying only verified
digits (or ``None`` where the output is undefined), the number of digits and how they were
verified.

A solver that can solve many points at once (vectorised, say) also declares
``solve_batch(points, digits)``: a sweep hands it whole chunks of points and gets back one
:class:`Solution` per point, or ``None`` for a point it could not verify there, which is then solved
by ``solve`` alone. Both must print the same digits wherever both verify them.

>>> from decimal import Decimal
>>> def double(inputs, digits):
...     return Solution({"y": str(2 * inputs["x"])}, digits, "exact")
>>> doubler = Solver("double", "y = 2x", inputs=(Quantity("x", "m", "a length", low="0", high="10"),),
...                  outputs=(Output("y", "m", "twice x"),), solve=double)
>>> doubler.input("x").value("1.5")
Decimal('1.5')
>>> doubler.input("x").value("11")
Traceback (most recent call last):
...
symcheck.errors.InputError: --x must be at most 10 m, got '11'
>>> doubler.solve({"x": Decimal("1.5")}, 15).values
{'y': '3.0'}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any, TypeVar

from ._timeout import call_with_time_limit
from .errors import InputError, SymcheckError

__all__ = [
    "MAX_RANGE_POINTS",
    "Output",
    "Quantity",
    "Solution",
    "Solver",
    "parse_digits",
    "time_limited",
]

T = TypeVar("T")

#: Points one ``A:B:N`` range may have.
MAX_RANGE_POINTS = 100_000

_KINDS = ("number", "text", "flag")
_SWEEP_FORMS = ("value", "range", "either")


def _in(unit: str) -> str:
    return f" in {unit}" if unit else ""


def _sp(unit: str) -> str:
    return f" {unit}" if unit else ""


@dataclass(frozen=True)
class Quantity:
    """One input of a solver.

    ``name`` is the key ``solve`` reads (a Python identifier); the option is ``--name`` with
    underscores as dashes unless ``option`` says otherwise. A number lies in ``[low, high]``
    (decimal text, printed in messages as written); a ``low`` above zero makes it a positive
    quantity. A ``"text"`` input is read by ``parse(text)`` (which raises
    :class:`~symcheck.errors.SymcheckError` with a one-line message for bad text) and is optional
    unless ``required``; ``parse`` runs for every point of a sweep (in each worker), so one that
    is costly should cache its results. A ``"flag"`` is an option without a value.

    In a sweep, ``sweep`` says what the option takes: one ``"value"``, a ``"range"`` ``A:B:N``, or
    ``"either"``. A quantity with a ``column`` is written to the CSV beside the outputs; a
    ``log_flag`` (e.g. ``"--log"``) is a sweep option that spaces this axis logarithmically.
    """

    name: str
    unit: str = ""
    help: str = ""
    low: str | None = None
    high: str | None = None
    kind: str = "number"
    parse: Callable[[str], Any] | None = None
    default: str | None = None
    required: bool | None = None
    metavar: str | None = None
    option: str | None = None
    label: str | None = None
    sweep: str = "value"
    column: str | None = None
    log_flag: str | None = None
    log_help: str = ""

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise SymcheckError(f"quantity name {self.name!r} must be a Python identifier (it is the key solve reads)")
        if self.kind not in _KINDS:
            raise SymcheckError(f"quantity {self.name!r}: kind must be one of {', '.join(_KINDS)}, got {self.kind!r}")
        if self.sweep not in _SWEEP_FORMS:
            raise SymcheckError(f"quantity {self.name!r}: sweep must be one of {', '.join(_SWEEP_FORMS)}, got {self.sweep!r}")
        if self.kind == "text" and self.parse is None:
            raise SymcheckError(f"quantity {self.name!r}: a text input needs a parse function")
        if self.kind != "number" and (self.sweep != "value" or self.column or self.log_flag):
            raise SymcheckError(f"quantity {self.name!r}: only numbers can be swept or written as a column")
        if self.log_flag and self.sweep == "value":
            raise SymcheckError(f"quantity {self.name!r}: a log_flag needs sweep='range' or 'either'")
        if self.sweep != "value" and not self.column:
            raise SymcheckError(f"quantity {self.name!r}: a swept quantity needs a CSV column")
        for bound in (self.low, self.high):
            if bound is not None:
                try:
                    ok = Decimal(bound).is_finite()
                except InvalidOperation:
                    ok = False
                if not ok:
                    raise SymcheckError(f"quantity {self.name!r}: bound {bound!r} is not a finite decimal number")
        if self.low is not None and self.high is not None and Decimal(self.low) > Decimal(self.high):
            raise SymcheckError(f"quantity {self.name!r}: low {self.low} exceeds high {self.high}")

    @property
    def flag(self) -> str:
        """The command-line option, e.g. ``--e-lambda``."""
        return self.option or "--" + self.name.replace("_", "-")

    @property
    def is_required(self) -> bool:
        if self.required is not None:
            return self.required
        return self.kind == "number" and self.default is None

    @property
    def positive(self) -> bool:
        return self.low is not None and Decimal(self.low) > 0

    @cached_property
    def _limits(self) -> tuple[Decimal | None, Decimal | None, bool]:
        """(low, high, positive) as decimals, made once: every point of a sweep is checked against them."""
        low = Decimal(self.low) if self.low is not None else None
        high = Decimal(self.high) if self.high is not None else None
        return low, high, low is not None and low > 0

    def value(self, text: str) -> Any:
        """One value from the command line, checked; a bad one is a one-line :class:`InputError`."""
        if self.kind == "flag":
            return bool(text)
        if self.kind == "text":
            assert self.parse is not None
            return self.parse(text)
        return self._number(text, text)

    def _number(self, text: str, shown: str) -> Decimal:
        flag, unit = self.flag, self.unit
        try:
            d = Decimal(str(text).strip())
        except (InvalidOperation, ValueError):
            raise InputError(f"{flag} must be a number{_in(unit)}, got {shown!r}") from None
        if not d.is_finite():
            raise InputError(f"{flag} must be a finite number{_in(unit)}, got {shown!r}")
        low, high, positive = self._limits
        if positive and d <= 0:
            raise InputError(f"{flag} must be a positive number{_in(unit)}, got {shown!r}")
        if high is not None and d > high:
            raise InputError(f"{flag} must be at most {self.high}{_sp(unit)}, got {shown!r}")
        if low is not None and d < low:
            raise InputError(f"{flag} must be from {self.low} to {self.high}{_sp(unit)}, got {shown!r}")
        return d

    def range(self, text: str) -> tuple[Decimal, Decimal, int]:
        """``A:B:N`` -> (A, B, N): A ≤ B in the admissible range, N points (N = 1 needs A = B).

        >>> Quantity("e1", "eV", low="1e-100", high="1e6").range("0.25:3:12")
        (Decimal('0.25'), Decimal('3'), 12)
        """
        flag, unit = self.flag, self.unit
        parts = str(text).split(":")
        if len(parts) != 3:
            raise InputError(f"{flag} must be a range A:B:N (from A to B{_sp(unit)} in N points), got {text!r}")
        ends = []
        for part in parts[:2]:
            try:
                value = Decimal(part.strip())
            except InvalidOperation:
                raise InputError(f"{flag} must be a range A:B:N with numbers A, B{_in(unit)}, got {text!r}") from None
            ends.append(self._range_end(value, text))
        try:
            count = int(parts[2])
        except ValueError:
            raise InputError(f"{flag}: N in A:B:N must be a whole number of points, got {text!r}") from None
        if count < 1 or count > MAX_RANGE_POINTS:
            raise InputError(f"{flag}: N in A:B:N must be from 1 to {MAX_RANGE_POINTS}, got {text!r}")
        if ends[0] > ends[1]:
            raise InputError(f"{flag}: A must not exceed B in A:B:N, got {text!r}")
        if count == 1 and ends[0] != ends[1]:
            raise InputError(f"{flag}: one point (N = 1) needs A = B, got {text!r}")
        if count > 1 and ends[0] == ends[1]:
            raise InputError(f"{flag}: A = B needs N = 1, got {text!r}")
        return ends[0], ends[1], count

    def _range_end(self, value: Decimal, text: str) -> Decimal:
        flag, unit = self.flag, self.unit
        high = Decimal(self.high) if self.high is not None else None
        too_high = high is not None and value.is_finite() and value > high
        limit = f" (at most {self.high})" if self.high is not None else ""
        if self.positive or self.low is None:
            if not value.is_finite() or (self.positive and value <= 0) or too_high:
                kind = "positive finite numbers" if self.positive else "finite numbers"
                raise InputError(f"{flag}: A and B must be {kind}{_in(unit)}{limit}, got {text!r}")
        elif not value.is_finite() or too_high:
            raise InputError(f"{flag}: A and B must be finite numbers{_in(unit)}{limit}, got {text!r}")
        if self.low is not None and value < Decimal(self.low):
            raise InputError(f"{flag}: A and B must be from {self.low} to {self.high}{_sp(unit)}, got {text!r}")
        return value


@dataclass(frozen=True)
class Output:
    """One output of a solver: its name (the JSON key and the CSV column), unit and meaning."""

    name: str
    unit: str = ""
    help: str = ""
    label: str | None = None


@dataclass(frozen=True)
class Solution:
    """What a solver returns: ``values`` by output name as decimal strings of verified digits
    (``None`` where an output is undefined, e.g. C at T_c = 0), ``digits`` verified, ``path``
    saying how they were verified, and an optional one-line ``detail``."""

    values: Mapping[str, str | None]
    digits: int
    path: str
    detail: str = ""


@dataclass(frozen=True)
class Solver:
    """A numerical problem of a derivation, declared for ``symcheck solve`` and ``symcheck sweep``.

    ``solve(inputs, digits)`` gets every declared input by name and returns a :class:`Solution`
    with a value for every declared output; it raises :class:`~symcheck.errors.SymcheckError`
    (one line) for inputs it cannot solve. Digits asked for lie in ``digits`` (inclusive); solve
    defaults to ``default_digits``, sweep to ``sweep_digits``; ``digits_note`` (e.g. why the
    default is what it is) is added to the help of ``--digits``.

    ``solve_batch(points, digits)``, if given, solves a chunk of a sweep at once: ``points`` are
    the inputs ``solve`` would get, one mapping per point, and the answer is one
    :class:`Solution` or ``None`` per point, ``None`` meaning "not verified here: solve this point
    with ``solve``". Where both verify the same digits, both must give the same strings.

    ``precheck(inputs, digits)``, if given, refuses inputs before any work: ``solve`` calls it
    before solving, ``sweep`` once before its first point with every swept input at the top of its
    range (e.g. to check a user's formula over the whole range it will be used on).

    ``nesting`` orders a sweep's axes from outer to inner (default: declaration order);
    ``json_keys`` orders the keys of ``solve --json`` (default: the outputs, then ``digits``,
    ``path`` and ``detail``); ``describe`` turns a solution into the lines ``solve`` prints
    (default: one line per output, then the detail). ``sweep_help`` describes the sweep.
    """

    name: str
    help: str
    inputs: tuple[Quantity, ...]
    outputs: tuple[Output, ...]
    solve: Callable[[Mapping[str, Any], int], Solution]
    digits: tuple[int, int] = (6, 100)
    default_digits: int = 15
    sweep_digits: int = 12
    sweep_help: str = ""
    precheck: Callable[[Mapping[str, Any], int], None] | None = field(default=None, compare=False)
    nesting: tuple[str, ...] = ()
    json_keys: tuple[str, ...] = ()
    describe: Callable[[Solution], Sequence[str]] | None = field(default=None, compare=False)
    solve_batch: Callable[[Sequence[Mapping[str, Any]], int], Sequence[Solution | None]] | None = field(
        default=None, compare=False)
    digits_note: str = ""

    def __post_init__(self) -> None:
        names = [q.name for q in self.inputs]
        if len(set(names)) != len(names):
            raise SymcheckError(f"solver {self.name!r}: an input name is declared twice ({', '.join(names)})")
        flags = [q.flag for q in self.inputs] + [q.log_flag for q in self.inputs if q.log_flag]
        if len(set(flags)) != len(flags):
            raise SymcheckError(f"solver {self.name!r}: an option is declared twice ({', '.join(flags)})")
        outs = [o.name for o in self.outputs]
        if not outs or len(set(outs)) != len(outs):
            raise SymcheckError(f"solver {self.name!r}: outputs must be named, each once")
        columns = [q.column for q in self.inputs if q.column] + outs + ["digits"]
        if len(set(columns)) != len(columns):
            raise SymcheckError(f"solver {self.name!r}: CSV columns must differ ({', '.join(columns)})")
        swept = [q.name for q in self.inputs if q.sweep != "value"]
        if self.nesting and sorted(self.nesting) != sorted(swept):
            raise SymcheckError(f"solver {self.name!r}: nesting must order the swept inputs {', '.join(swept)}")
        if self.json_keys and sorted(self.json_keys) != sorted([*outs, "digits", "path", "detail"]):
            raise SymcheckError(f"solver {self.name!r}: json_keys must order the outputs, digits, path and detail")
        lo, hi = self.digits
        if not (1 <= lo <= self.default_digits <= hi and lo <= self.sweep_digits <= hi):
            raise SymcheckError(f"solver {self.name!r}: default digits must lie in {lo}-{hi}")

    def input(self, name: str) -> Quantity:
        for q in self.inputs:
            if q.name == name:
                return q
        raise SymcheckError(f"solver {self.name!r} has no input {name!r}")

    @property
    def axes(self) -> tuple[Quantity, ...]:
        """The inputs a sweep may vary, outer to inner."""
        order = self.nesting or tuple(q.name for q in self.inputs if q.sweep != "value")
        return tuple(self.input(name) for name in order)

    @property
    def header(self) -> list[str]:
        """The CSV columns of a sweep: the swept inputs, the outputs, then ``digits``."""
        return [q.column for q in self.inputs if q.column] + [o.name for o in self.outputs] + ["digits"]

    @cached_property
    def _names(self) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
        """(output names, CSV input columns, outputs in order), made once: every row of a sweep uses them."""
        outs = tuple(o.name for o in self.outputs)
        return frozenset(outs), tuple(q.name for q in self.inputs if q.column), outs

    def checked(self, solution: Solution) -> Solution:
        """``solution`` if it answers every output and counts its digits; anything else is a bug."""
        if not isinstance(solution, Solution) or solution.values.keys() != self._names[0]:
            got = sorted(solution.values) if isinstance(solution, Solution) else type(solution).__name__
            raise TypeError(f"solver {self.name!r} returned {got}, not a Solution of {[o.name for o in self.outputs]}")
        if isinstance(solution.digits, bool) or not isinstance(solution.digits, int) or solution.digits < 0:
            raise TypeError(f"solver {self.name!r} returned digits={solution.digits!r}")
        return solution

    def to_json(self, solution: Solution) -> dict[str, object]:
        """The JSON object ``solve --json`` prints."""
        fields: dict[str, object] = dict(solution.values)
        fields.update(digits=solution.digits, path=solution.path, detail=solution.detail)
        keys = self.json_keys or (*[o.name for o in self.outputs], "digits", "path", "detail")
        return {key: fields[key] for key in keys}

    def lines(self, solution: Solution) -> list[str]:
        """The lines ``solve`` prints without ``--json``."""
        if self.describe is not None:
            return list(self.describe(solution))
        lines = []
        for k, out in enumerate(self.outputs):
            value = solution.values[out.name]
            name = out.label or out.name
            shown = "undefined" if value is None else f"{value}{_sp(out.unit)}"
            line = f"{name} = {shown}"
            if k == 0:
                line += f"   ({solution.digits} digits verified; {solution.path})"
            lines.append(line)
        if solution.detail:
            lines.append(solution.detail)
        return lines

    def row(self, point: Mapping[str, str], solution: Solution) -> list[str]:
        """One CSV row: the swept inputs as given, the outputs (empty where undefined), the digits."""
        _, columns, outs = self._names
        values = solution.values
        row = [point[name] for name in columns]
        row += ["" if (v := values[name]) is None else v for name in outs]
        row.append(str(solution.digits))
        return row


def parse_digits(text: str, bounds: tuple[int, int], flag: str = "--digits") -> int:
    """A digit count from the command line, in ``bounds`` (inclusive)."""
    lo, hi = bounds
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise InputError(f"{flag} must be an integer from {lo} to {hi}, got {text!r}") from None
    if not lo <= value <= hi:
        raise InputError(f"{flag} must be an integer from {lo} to {hi}, got {text!r}")
    return value


def time_limited(fn: Callable[[], T], seconds: float, message: Callable[[], str]) -> T:
    """``fn()`` within ``seconds`` of wall-clock time; running out is an :class:`InputError` with ``message()``.

    The limit holds in a process's main thread (the command line, worker processes); in a thread
    (a Dask worker) the call runs without it. A solver uses it around a step whose time depends on
    untrusted input, such as a user's formula.
    """

    def expired() -> T:
        raise InputError(message())

    return call_with_time_limit(fn, seconds, on_timeout=expired)[0]
