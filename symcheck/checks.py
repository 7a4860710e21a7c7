"""Check kinds: identity, limit, claim, range claim, inequality, known erratum and known deviation.

Each check is a small object that knows what to verify and returns a
:class:`~symcheck.results.Result` from :meth:`Check.run`. Checks never raise
for a mathematical outcome: a false identity is ``fails``, an undecidable one
``inconclusive``, and an exception inside the check is ``error`` with the
exception in the detail.

>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> Identity("demo", sp.exp(sp.log(x)), x).run().status
<Status.HOLDS: 'holds'>
>>> Claim("pi", "3.14", sp.pi).run().status
<Status.HOLDS: 'holds'>
>>> Claim("pi-wrong", "3.15", sp.pi).run().status
<Status.FAILS: 'fails'>
"""

from __future__ import annotations

import time
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import ClassVar, Union

import mpmath
import sympy

from ._timeout import TimeLimitExceeded, call_with_time_limit
from .errors import SymcheckError
from .mathtext import Math, join, text
from .results import Result, Status
from .strategies import NumericUnavailable, numeric_test, prove_equal, sample_point, symbolic_limit

__all__ = [
    "Check",
    "Identity",
    "Limit",
    "Claim",
    "RangeClaim",
    "KnownErratum",
    "KnownDeviation",
    "Inequality",
    "decimal_tolerance",
    "evaluate",
    "Computed",
    "Deferred",
    "deferred",
    "Transcription",
]

#: A computed value: an exact SymPy expression (no free symbols), or a function
#: of the working precision in decimal digits returning an mpmath number.
Computed = Union[sympy.Expr, Callable[[int], mpmath.mpf]]


#: Default wall-clock limit of a whole check, in seconds (``Check.run_time_limit``).
DEFAULT_RUN_TIME_LIMIT = 120.0


def _seed(text: str) -> int:
    return zlib.crc32(text.encode())


@dataclass(frozen=True)
class Deferred:
    """A value of a check computed when the check first runs, not when it is built: see :func:`deferred`."""

    compute: Callable[[], object]

    def __repr__(self) -> str:
        return f"deferred({getattr(self.compute, '__qualname__', type(self.compute).__name__)})"


def deferred(compute: Callable[[], object]) -> Deferred:
    """A check's value (an expression, a computed value, a detail) computed when the check runs.

    Building a derivation then does no symbolic work that only running needs:
    ``symcheck list`` shows the checks without computing them, and
    ``symcheck check`` computes them on its workers. The check is the same
    once computed: the value is validated as if given directly, the first time
    the check runs, and kept. What a listing shows (``id``, ``equation``,
    ``where``) is given directly.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", positive=True)
    >>> check = Identity("late", deferred(lambda: sp.integrate(2 * x, x)), x**2)
    >>> check.lhs
    deferred(<lambda>)
    >>> check.run().status, check.lhs
    (<Status.HOLDS: 'holds'>, x**2)
    """
    if isinstance(compute, Deferred) or not callable(compute):
        raise SymcheckError(f"deferred() takes a function of no arguments, got {type(compute).__name__} {compute!r}")
    return Deferred(compute)


#: Fields a listing shows without running a check: never deferred.
_LISTED = ("id", "equation", "where", "run_time_limit")


@dataclass(frozen=True)
class Check(ABC):
    """Common fields of every check.

    ``id`` is unique within a derivation; ``equation`` is the paper label the
    check is about (or ``None``); ``where`` is a human locator such as
    ``"Table 1, Na, E_F"``; ``detail`` is prepended to the result's detail.
    """

    id: str
    equation: str | None = field(default=None, kw_only=True)
    where: str = field(default="", kw_only=True)
    detail: str = field(default="", kw_only=True)
    #: Wall-clock limit on the whole check in seconds; past it the check ends as
    #: ``error`` with "time limit" in the detail, and the run goes on.
    run_time_limit: float = field(default=DEFAULT_RUN_TIME_LIMIT, kw_only=True)

    kind: ClassVar[str] = "check"

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise SymcheckError(f"a check id must be a non-empty string, got {self.id!r}")
        for name in _LISTED:
            if isinstance(getattr(self, name), Deferred):
                raise SymcheckError(f"{self.id}: {name} is listed without running the check; give it directly")
        for name in ("where", "detail"):  # a formula alone is text with one formula
            if isinstance(getattr(self, name), Math):
                object.__setattr__(self, name, text(getattr(self, name)))
        limit = self.run_time_limit
        if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not limit > 0:
            raise SymcheckError(f"{self.id}: run_time_limit must be a positive number of seconds, got {limit!r}")

    def run(self) -> Result:
        """Run the check under its time limit.

        Any exception, a ``sys.exit`` or another ``BaseException`` (except
        ``KeyboardInterrupt``, which ends the run as the user asked) becomes a
        result with status ``error``; so does a ``_run`` that returns something
        other than a :class:`~symcheck.results.Result`.
        """
        start = time.perf_counter()
        try:
            result, _ = call_with_time_limit(self._resolved_run, self.run_time_limit)
            if not isinstance(result, Result):
                raise SymcheckError(f"the check returned {type(result).__name__}, not a Result")
        except TimeLimitExceeded:
            result = self._result(
                Status.ERROR, "time limit", f"stopped by its time limit of {self.run_time_limit:g} s"
            )
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a bug or bad content: report, never end the run
            result = self._result(Status.ERROR, "raised", f"{type(exc).__name__}: {exc}")
        return replace(result, seconds=round(time.perf_counter() - start, 4))

    @abstractmethod
    def _run(self) -> Result: ...

    def _resolved_run(self) -> Result:
        self.resolve()
        return self._run()

    def resolve(self) -> None:
        """Compute the :func:`deferred` values of this check (once) and validate them as if given directly."""
        pending = [f.name for f in fields(self) if isinstance(getattr(self, f.name), Deferred)]
        if not pending:
            return
        values = {name: getattr(self, name).compute() for name in pending}
        for name, value in values.items():
            object.__setattr__(self, name, value)
        self.__post_init__()  # the checks and conversions a value given directly gets

    def _result(self, status: Status, method: str, detail: str = "", **values: object) -> Result:
        joined = join("; ", [part for part in (self.detail, detail) if part])
        return Result(
            id=self.id,
            equation=self.equation,
            kind=self.kind,
            status=status,
            method=method,
            where=self.where,
            detail=joined,
            **values,  # type: ignore[arg-type]
        )


def _sympy_value(check_id: str, what: str, value: object) -> sympy.Basic:
    """A SymPy object, or a Python number made one as SymPy would (``0`` -> ``Integer(0)``).

    Text is refused: content builds expressions with SymPy, it never has them parsed.
    A :func:`deferred` value is left for the check's run.
    """
    if isinstance(value, (sympy.Basic, Deferred)):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        hint = " (text is not parsed: build the expression with SymPy)" if isinstance(value, str) else ""
        raise SymcheckError(
            f"{check_id}: {what} must be a SymPy expression or a number, got {type(value).__name__} {value!r}{hint}"
        )
    return sympy.sympify(value, strict=True)


def _printed_number(check_id: str, what: str, value: object) -> str:
    """A number as the paper prints it, as text: ``"3.09"``.

    A float or int means the number as written (its shortest repr: ``3.14`` is
    ``"3.14"``, rounding ±0.005); anything else must be decimal text.
    """
    if isinstance(value, Deferred):
        return value  # type: ignore[return-value]
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise SymcheckError(
            f"{check_id}: {what} must be the number as printed, as text such as '3.09' "
            f"(or an int or float), got {type(value).__name__} {value!r}"
        )
    else:
        text = repr(value) if isinstance(value, float) else str(value)
    _parse_decimal(text, f"{check_id}: {what}")
    return text


def _short(expr: sympy.Expr, limit: int = 300) -> str:
    shown = sympy.sstr(expr)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _math(expr: sympy.Expr, limit: int = 300) -> Math | str:
    """A formula of a detail: typeset in reports, its text cut short past ``limit`` characters.

    A formula too long to typeset in a line of text (LaTeX past ten times ``limit``) is named by its size.
    """
    shown = sympy.sstr(expr)
    if len(shown) <= limit:
        return Math(expr)
    latex = sympy.latex(expr)
    if len(latex) > 10 * limit:
        return f"an expression of {sympy.count_ops(expr)} operations"
    return Math.printed(latex, shown[: limit - 3] + "...")


def _assignment(symbol: sympy.Symbol, value: str) -> Math | str:
    """``symbol = value`` of a sample point, as a formula when the value is a real number."""
    try:
        number = sympy.Float(value, max(1, len(value.lstrip("-").replace(".", "").split("e")[0])))
    except (TypeError, ValueError):
        return f"{symbol}={value}"
    return Math(sympy.Eq(symbol, number, evaluate=False))


@dataclass(frozen=True)
class Identity(Check):
    """``lhs == rhs`` for every value the symbols' assumptions allow.

    Proved by the rewrite ladder of :func:`~symcheck.strategies.prove_equal`,
    whose rungs are chosen by their operation budget
    (:data:`~symcheck.strategies.BUDGET`), so the verdict depends on the
    expressions and not on the machine; else tested numerically at ``points``
    random points with ``digits`` significant digits. ``time_limit`` is only a
    safety net (never below :data:`~symcheck.strategies.SAFETY_NET_S`); past it
    the check is an ``error`` with "time limit" in its detail.
    """

    lhs: sympy.Expr
    rhs: sympy.Expr
    time_limit: float = field(default=10.0, kw_only=True)
    points: int = field(default=5, kw_only=True)
    digits: int = field(default=30, kw_only=True)

    kind: ClassVar[str] = "identity"

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "lhs", _sympy_value(self.id, "lhs", self.lhs))
        object.__setattr__(self, "rhs", _sympy_value(self.id, "rhs", self.rhs))

    def _run(self) -> Result:
        proof = prove_equal(self.lhs, self.rhs, self.time_limit)
        limit_note = "" if proof.limit_enforced else " (time limit not enforced off the main thread)"
        if proof.verdict is True:
            return self._result(Status.HOLDS, f"proved ({proof.strategy}){limit_note}")
        if proof.verdict is False:
            return self._result(
                Status.FAILS,
                f"disproved ({proof.strategy}){limit_note}",
                text("lhs - rhs = ", _math(proof.residual), ", which is non-zero under the assumptions"),
            )
        timed = (f"; not tried (over their operation budget): {', '.join(proof.over_budget)}"
                 if proof.over_budget else "")
        try:
            test = numeric_test(
                self.lhs, self.rhs, points=self.points, digits=self.digits, seed=_seed(self.id)
            )
        except NumericUnavailable as exc:
            return self._result(
                Status.INCONCLUSIVE,
                "not proved; no numeric test possible",
                text("lhs - rhs reduces at best to ", _math(proof.residual), f"; {exc}{timed}"),
            )
        if test.holds:
            return self._result(
                Status.HOLDS,
                f"verified numerically ({test.points} points, {test.digits} digits); not proved",
                text("no rewrite reduced lhs - rhs = ", _math(proof.residual), f" to 0{timed}"),
            )
        point = join(", ", [_assignment(sympy.Symbol(k), v) for k, v in test.counterexample.items()])
        return self._result(
            Status.FAILS,
            "refuted numerically (counterexample)",
            text("at ", point, f": lhs = {test.lhs_value}, rhs = {test.rhs_value}"),
        )


@dataclass(frozen=True)
class Limit(Check):
    """``limit(expr, var -> point) == expected``, by SymPy, cross-checked by mpmath.

    The cross-check substitutes admissible random values for the other
    symbols and lets :func:`mpmath.limit` approach the point numerically.
    """

    expr: sympy.Expr
    var: sympy.Symbol
    point: sympy.Expr
    expected: sympy.Expr
    direction: str = field(default="+", kw_only=True)
    time_limit: float = field(default=20.0, kw_only=True)

    kind: ClassVar[str] = "limit"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.var, (sympy.Symbol, Deferred)):
            raise SymcheckError(f"{self.id}: the limit variable must be a SymPy Symbol, got {self.var!r}")
        for name in ("expr", "point", "expected"):
            object.__setattr__(self, name, _sympy_value(self.id, name, getattr(self, name)))
        if self.direction not in ("+", "-", "+-"):
            raise SymcheckError(f"{self.id}: direction must be '+', '-' or '+-', got {self.direction!r}")

    def _run(self) -> Result:
        value, sympy_note = symbolic_limit(self.expr, self.var, self.point, self.direction, self.time_limit)
        symbolic, how = None, "no SymPy result"
        if value is not None:
            verdict = prove_equal(value, self.expected, self.time_limit).verdict
            if verdict is not None:
                symbolic, how = verdict, "SymPy limit"
            else:
                try:
                    test = numeric_test(value, self.expected, seed=_seed(self.id))
                    symbolic, how = test.holds, "SymPy limit, compared numerically with expected"
                except NumericUnavailable:
                    symbolic = None
        numeric, numeric_note = self._numeric()
        shown = f"not found ({sympy_note})" if value is None else _math(value)
        detail = text("SymPy limit: ", shown, "; expected ", _math(self.expected), "; ", numeric_note)
        if symbolic is True and numeric is not False:
            cross = ", cross-checked by mpmath" if numeric else " (mpmath cross-check unavailable)"
            return self._result(Status.HOLDS, how + cross, detail)
        if symbolic is False and numeric is not True:
            return self._result(Status.FAILS, how + ": differs from expected", detail)
        if symbolic is None and numeric is not None:
            status = Status.HOLDS if numeric else Status.FAILS
            return self._result(status, "mpmath limit only (SymPy gave no decision); not proved", detail)
        return self._result(Status.INCONCLUSIVE, "SymPy and mpmath limits disagree or both unavailable", detail)

    def _numeric(self) -> tuple[bool | None, str | Math]:
        """Compare the expected value with an mpmath limit at random admissible values."""
        import random

        others = sorted((self.expr.free_symbols | self.expected.free_symbols) - {self.var}, key=str)
        rng = random.Random(_seed(self.id))
        with mpmath.workdps(30):
            values = {s: sample_point(s, rng) for s in others}
            try:
                f = sympy.lambdify([self.var], self.expr.subs(values), modules="mpmath")
                target = _mp_constant(self.expected.subs(values))
                point = _mp_constant(self.point)
                sides = {"+": [1], "-": [-1], "+-": [1, -1]}[self.direction]
                estimates = [mpmath.limit(f, point, direction=d, exp=True) for d in sides]
            except Exception as exc:  # numeric evaluation can fail in many ways
                return None, f"mpmath cross-check unavailable ({type(exc).__name__}: {exc})"
            shown = ", ".join(mpmath.nstr(v, 10) for v in estimates)
            where = join(", ", [_assignment(s, mpmath.nstr(v, 6)) for s, v in values.items()])
            agree = all(abs(v - target) <= mpmath.mpf("1e-8") * max(1, abs(target)) for v in estimates)
            at = text(" at ", where) if where else ""
            return agree, text("mpmath limit", at, f": {shown} vs expected {mpmath.nstr(target, 10)}")


def _mp_constant(expr: sympy.Expr) -> mpmath.mpf:
    """A constant SymPy expression (oo and pi included) as an mpmath number."""
    return mpmath.mpmathify(sympy.lambdify([], sympy.sympify(expr), modules="mpmath")())


def decimal_tolerance(printed: str) -> Decimal:
    """Half a unit in the last printed place: ``"3.09"`` -> ``0.005``.

    >>> decimal_tolerance("3.09"), decimal_tolerance("1.0"), decimal_tolerance("0.78e-8")
    (Decimal('0.005'), Decimal('0.05'), Decimal('5E-11'))
    """
    value = _parse_decimal(printed, "paper value")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(5) * Decimal(10) ** (exponent - 1)


def _parse_decimal(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SymcheckError(f"{what} must be a decimal number as printed, got {text!r}") from None
    if not value.is_finite():
        raise SymcheckError(f"{what} must be finite, got {text!r}")
    return value


def evaluate(computed: Computed, digits: int = 30) -> tuple[mpmath.mpf, int]:
    """Evaluate ``computed`` and verify its digits by recomputing with 15 more.

    Returns the value and the number of significant digits on which the two
    evaluations agree (at most ``digits``). A function that ignores its
    precision argument (a double-precision computation) agrees with itself
    perfectly: declare its real accuracy (``Claim(accuracy_digits=...)``).
    """

    def once(dps: int) -> mpmath.mpf:
        with mpmath.workdps(dps):
            if isinstance(computed, sympy.Basic):
                if computed.free_symbols:
                    names = ", ".join(sorted(map(str, computed.free_symbols)))
                    raise SymcheckError(f"computed value still has free symbols: {names}")
                return mpmath.mpmathify(sympy.N(computed, dps))
            return mpmath.mpmathify(computed(dps))

    a, b = once(digits), once(digits + 15)
    with mpmath.workdps(digits + 15):
        if a == b:
            agreed = digits
        elif b == 0:
            agreed = 0
        else:
            rel = abs(a - b) / abs(b)
            agreed = int(min(digits, max(0, mpmath.floor(-mpmath.log10(rel)))))
    return b, agreed


def _to_decimal(value: mpmath.mpf, digits: int) -> Decimal:
    return Decimal(mpmath.nstr(value, max(digits, 1), strip_zeros=False, min_fixed=-30, max_fixed=30))


def _show(value: mpmath.mpf, digits: int) -> str:
    return mpmath.nstr(value, max(1, digits))


@dataclass(frozen=True)
class Claim(Check):
    """A number printed in the paper against the value recomputed from the equations.

    ``paper_value`` is the text as printed (``"3.09"``); the default tolerance
    is the paper's rounding, half a unit in the last printed place. A wider
    ``tolerance`` (a decimal string) must come with ``tolerance_reason``, e.g.
    a claim the paper makes with "≈ order of magnitude".
    """

    paper_value: str
    computed: Computed
    tolerance: str | None = field(default=None, kw_only=True)
    tolerance_reason: str = field(default="", kw_only=True)
    unit: str = field(default="", kw_only=True)
    shown_digits: int = field(default=6, kw_only=True)
    #: Significant digits the computation can deliver at most (e.g. 15 for a
    #: double-precision quadrature), which recomputation at higher working
    #: precision cannot reveal; give ``accuracy_reason`` with it.
    accuracy_digits: int | None = field(default=None, kw_only=True)
    accuracy_reason: str = field(default="", kw_only=True)

    kind: ClassVar[str] = "claim"

    def __repr__(self) -> str:
        """The computed value to ``shown_digits`` digits (an exact rational would print as a 70-digit fraction)."""
        if isinstance(self.computed, sympy.Basic) and not self.computed.free_symbols:
            shown = str(sympy.N(self.computed, self.shown_digits))
        else:
            shown = getattr(self.computed, "__name__", type(self.computed).__name__) + "(digits)"
        unit = f" {self.unit}" if self.unit else ""
        at = f", equation={self.equation!r}" if self.equation else ""
        return f"Claim({self.id!r}, paper {self.paper_value}{unit}, computed {shown}{unit}{at})"

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "paper_value", _printed_number(self.id, "paper value", self.paper_value))
        if self.tolerance is not None:
            object.__setattr__(self, "tolerance", _printed_number(self.id, "tolerance", self.tolerance))
        computed, double = _computed(self.id, self.computed)
        object.__setattr__(self, "computed", computed)
        if double and self.accuracy_digits is None:
            object.__setattr__(self, "accuracy_digits", 15)
            object.__setattr__(self, "accuracy_reason", "a double-precision number")

    def _run(self) -> Result:
        paper = _parse_decimal(self.paper_value, f"{self.id}: paper value")
        if self.tolerance is None:
            tol, how = decimal_tolerance(self.paper_value), "paper's rounding"
        else:
            if not self.tolerance_reason:
                raise SymcheckError(f"{self.id}: a tolerance other than the paper's rounding needs a reason")
            tol, how = _parse_decimal(self.tolerance, f"{self.id}: tolerance"), self.tolerance_reason
        value, digits = evaluate(self.computed)
        recomputed = f"recomputed to {digits} digits"
        if self.accuracy_digits is not None:
            digits = _declared_accuracy(self.id, digits, self.accuracy_digits, self.accuracy_reason)
            recomputed = f"computed to {digits} digits ({self.accuracy_reason})"
        shown = min(digits, self.shown_digits)
        if shown < 3:
            return self._result(
                Status.INCONCLUSIVE,
                "computed value not reproducible to 3 digits",
                f"recomputation agreed to {digits} digits only",
                paper_value=self.paper_value,
                computed_value=_show(value, max(shown, 1)),
                digits=digits,
            )
        computed_dec = _to_decimal(value, digits)
        difference = computed_dec - paper
        holds = abs(difference) <= tol
        unit = f" {self.unit}" if self.unit else ""
        detail = (
            f"paper {self.paper_value}{unit}, computed {_show(value, shown)}{unit}, "
            f"difference {_show(mpmath.mpf(str(difference)), 3)}{unit}, tolerance ±{tol}{unit} ({how})"
        )
        return self._result(
            Status.HOLDS if holds else Status.FAILS,
            f"{recomputed}; compared within ±{tol}{unit} ({how})",
            detail,
            paper_value=self.paper_value,
            computed_value=_show(value, shown),
            digits=shown,
        )


def _computed(check_id: str, value: object) -> tuple[Computed, bool]:
    """A computed value as :data:`Computed`, and whether it came as a double-precision float."""
    if callable(value) and not isinstance(value, sympy.Basic):
        return value, False  # type: ignore[return-value]
    expr = _sympy_value(check_id, "computed value", value)
    return expr, isinstance(value, float)  # type: ignore[return-value]


def _declared_accuracy(check_id: str, verified: int, declared: int, reason: str) -> int:
    if declared < 1:
        raise SymcheckError(f"{check_id}: accuracy_digits must be a positive integer, got {declared}")
    if not reason:
        raise SymcheckError(f"{check_id}: accuracy_digits needs an accuracy_reason")
    return min(verified, declared)


_RELATIONS: dict[str, Callable[[mpmath.mpf, mpmath.mpf], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@dataclass(frozen=True)
class Inequality(Check):
    """A computed value against a bound the paper states: ``computed < bound`` and the like.

    For statements of sign or order ("J is negative", "T_BEC > T*"). The value
    must clear the bound by more than its uncertainty, else the result is
    ``inconclusive``: the uncertainty is ``error`` (absolute, for values whose
    accuracy is known from elsewhere, such as a quadrature) or the verified
    digits.

    >>> import sympy as sp
    >>> Inequality("neg", -sp.pi, "<", "0").run().status
    <Status.HOLDS: 'holds'>
    >>> Inequality("pos", -sp.pi, ">", "0").run().status
    <Status.FAILS: 'fails'>
    """

    computed: Computed
    relation: str
    bound: str
    error: Callable[[], float] | None = field(default=None, kw_only=True)
    error_reason: str = field(default="", kw_only=True)
    unit: str = field(default="", kw_only=True)
    shown_digits: int = field(default=6, kw_only=True)

    kind: ClassVar[str] = "inequality"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.relation not in _RELATIONS:
            raise SymcheckError(f"{self.id}: relation must be one of <, <=, >, >=; got {self.relation!r}")
        object.__setattr__(self, "bound", _printed_number(self.id, "bound", self.bound))
        object.__setattr__(self, "computed", _computed(self.id, self.computed)[0])

    def _run(self) -> Result:
        bound = mpmath.mpf(str(_parse_decimal(self.bound, f"{self.id}: bound")))
        value, digits = evaluate(self.computed)
        with mpmath.workdps(40):
            uncertainty = abs(value) * mpmath.mpf(10) ** (-digits)
            how = f"verified to {digits} digits"
            if self.error is not None:
                if not self.error_reason:
                    raise SymcheckError(f"{self.id}: an error estimate needs an error_reason")
                uncertainty = max(uncertainty, abs(mpmath.mpf(self.error())))
                how = f"uncertainty {mpmath.nstr(uncertainty, 2)} ({self.error_reason})"
            shown = max(1, min(digits, self.shown_digits))
            unit = f" {self.unit}" if self.unit else ""
            values = dict(paper_value=f"{self.relation} {self.bound}", computed_value=_show(value, shown), digits=shown)
            margin = value - bound
            if abs(margin) <= uncertainty:
                return self._result(
                    Status.INCONCLUSIVE,
                    f"not resolved: the value is within its uncertainty of the bound ({how})",
                    f"computed {_show(value, shown)}{unit}, bound {self.bound}{unit}",
                    **values,
                )
            holds = _RELATIONS[self.relation](value, bound)
        return self._result(
            Status.HOLDS if holds else Status.FAILS,
            f"compared with the bound {self.relation} {self.bound}{unit} ({how})",
            f"computed {_show(value, shown)}{unit} {'is' if holds else 'is not'} {self.relation} {self.bound}{unit}",
            **values,
        )


@dataclass(frozen=True)
class RangeClaim(Check):
    """A range printed in the paper (``"4.5"`` to ``"11"``) against a computed range.

    ``computed`` returns ``(low, high)`` at a working precision in digits.
    Each end is compared with the paper's rounding of that end.
    """

    paper_low: str
    paper_high: str
    computed: Callable[[int], tuple[mpmath.mpf, mpmath.mpf]]
    unit: str = field(default="", kw_only=True)
    shown_digits: int = field(default=4, kw_only=True)

    kind: ClassVar[str] = "claim"

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "paper_low", _printed_number(self.id, "paper low end", self.paper_low))
        object.__setattr__(self, "paper_high", _printed_number(self.id, "paper high end", self.paper_high))
        if not callable(self.computed) and not isinstance(self.computed, Deferred):
            raise SymcheckError(f"{self.id}: computed must be a function of the working precision returning (low, high)")

    def _run(self) -> Result:
        lo_paper = _parse_decimal(self.paper_low, f"{self.id}: paper low end")
        hi_paper = _parse_decimal(self.paper_high, f"{self.id}: paper high end")
        cache: dict[int, tuple[mpmath.mpf, mpmath.mpf]] = {}

        def ends(dps: int) -> tuple[mpmath.mpf, mpmath.mpf]:
            if dps not in cache:  # one computation per precision serves both ends
                cache[dps] = self.computed(dps)
            return cache[dps]

        lo, lo_digits = evaluate(lambda dps: ends(dps)[0])
        hi, hi_digits = evaluate(lambda dps: ends(dps)[1])
        digits = min(lo_digits, hi_digits, self.shown_digits)
        if digits < 3:
            return self._result(
                Status.INCONCLUSIVE, "computed range not reproducible to 3 digits",
                f"recomputation agreed to {digits} digits only", paper_value=f"{self.paper_low}-{self.paper_high}",
                computed_value=f"{_show(lo, max(digits, 1))}-{_show(hi, max(digits, 1))}", digits=digits,
            )
        tol_lo, tol_hi = decimal_tolerance(self.paper_low), decimal_tolerance(self.paper_high)
        ok_lo = abs(_to_decimal(lo, 20) - lo_paper) <= tol_lo
        ok_hi = abs(_to_decimal(hi, 20) - hi_paper) <= tol_hi
        unit = f" {self.unit}" if self.unit else ""
        computed_text = f"{_show(lo, digits)}-{_show(hi, digits)}"
        detail = (
            f"paper {self.paper_low}-{self.paper_high}{unit}, computed {computed_text}{unit}; "
            f"low end {'within' if ok_lo else 'outside'} ±{tol_lo}, "
            f"high end {'within' if ok_hi else 'outside'} ±{tol_hi} (paper's rounding)"
        )
        return self._result(
            Status.HOLDS if ok_lo and ok_hi else Status.FAILS,
            f"range recomputed to {digits} digits; each end compared within the paper's rounding",
            detail,
            paper_value=f"{self.paper_low}-{self.paper_high}",
            computed_value=computed_text,
            digits=digits,
        )


# the expected-failure kinds and the transcription check live in their own modules
from .errata import KnownDeviation, KnownErratum  # noqa: E402
from .transcription import Transcription  # noqa: E402  (the check kind lives in its own module)
