"""Expected failures: a known erratum of the paper, and a known deviation that is not its error.

An *erratum* is the paper's mathematics or arithmetic being wrong given its
own inputs; a *deviation* is an expected failure for another reason (a
published reference value the model does not reproduce, a number the paper
knowingly takes from elsewhere). Both wrap the check of what the paper says,
record what is true instead, and are reported when they start to hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ClassVar, Union

import sympy

from .checks import Check, Claim, Deferred, RangeClaim, _printed_number, decimal_tolerance
from .errors import SymcheckError
from .mathtext import join, text
from .results import Result, Status

__all__ = ["KnownErratum", "KnownDeviation", "Instead"]


class _Memo:
    """A computed function of the working precision, evaluated once per precision.

    An erratum's check of the paper and its check of what is true instead
    evaluate the same computation; this lets them share it.
    """

    def __init__(self, fn: Callable[[int], object]) -> None:
        self.fn = fn
        self.values: dict[int, object] = {}

    def __call__(self, dps: int) -> object:
        if dps not in self.values:
            self.values[dps] = self.fn(dps)
        return self.values[dps]


#: What is true instead, for :class:`KnownErratum`: a check that must hold, or
#: the correct number as text (for a wrapped claim), or ``(low, high)`` as text
#: (for a wrapped range claim), compared with the same computation.
Instead = Union[Check, str, tuple[str, str]]


@dataclass(frozen=True)
class KnownErratum(Check):
    """A check expected to fail because the paper is wrong there.

    An *erratum* is the paper's mathematics or arithmetic being wrong given
    its own inputs (a wrong power, ħ where h belongs). A different input
    (data vintage, temperature, rounding) or a published value that differs
    is not an erratum: use :class:`KnownDeviation`, or state the input's range
    with :class:`~symcheck.inputs.Input`.

    ``check`` is the check of what the paper prints; ``explanation`` says what
    is wrong; ``instead`` records what is true instead, and must hold: a check
    (for example the correct identity), or for a wrapped claim the correct
    number as text, compared with the same computation within its own
    rounding (``"3.05"``: ±0.005). If the computed truth drifts from the
    record, the result is ``error`` (a regression, not the paper's error). If
    the check of the paper ever holds, the result is ``holds`` and not ``ok``
    (as pytest's strict xfail), and the run reports it.

    >>> import sympy as sp
    >>> KnownErratum("e", Claim("c", "3.15", sp.pi), "π is not 3.15", instead="3.14").run().ok
    True
    >>> KnownErratum("e", Claim("c", "3.15", sp.pi), "π is not 3.15", instead="3.2").run().status
    <Status.ERROR: 'error'>
    """

    check: Check
    explanation: str
    instead: Instead = field(kw_only=True)

    kind: ClassVar[str] = "erratum"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.check, Check):
            raise SymcheckError(f"{self.id}: a known {self.kind} wraps a check, got {type(self.check).__name__}")
        if isinstance(self.explanation, Deferred):
            pass  # checked when the erratum runs and computes it
        elif not isinstance(self.explanation, str) or not self.explanation.strip():
            raise SymcheckError(f"{self.id}: a known {self.kind} needs an explanation")
        check, instead = _with_instead(self.id, self.check, self.instead)
        object.__setattr__(self, "check", check)
        object.__setattr__(self, "instead", instead)

    def _run(self) -> Result:
        inner = self.check.run()
        truth = self.instead.run()  # type: ignore[union-attr]
        status, method = inner.status, f"{inner.kind}: {inner.method}"
        if self.instead.id.endswith("/instead") and truth.paper_value is not None:  # type: ignore[union-attr]
            # a record made from text: say it is the recorded truth, not a number of the paper
            unit = getattr(self.instead, "unit", "")
            unit = f" {unit}" if unit else ""
            record = f"recorded {truth.paper_value}{unit}, computed {truth.computed_value}{unit} ({truth.method})"
        else:
            record = truth.detail or truth.method
        instead = text("what is true instead: ", record)
        if inner.status == Status.FAILS and truth.status == Status.HOLDS:
            detail = join(" | ", [self.explanation, inner.detail, instead])
        elif inner.status == Status.HOLDS:
            detail = text(f"{self.kind.upper()} NO LONGER REPRODUCES: the paper's statement now checks out | ",
                          inner.detail)
        elif inner.status == Status.FAILS:
            status = Status.ERROR
            method = f"what is true instead no longer checks out ({truth.status.value}: {truth.method})"
            detail = join(" | ", [self.explanation, inner.detail, instead])
        else:
            detail = text(self.explanation, " | inner check: ", inner.detail)
        return replace(
            inner,
            id=self.id,
            equation=self.equation if self.equation is not None else inner.equation,
            kind=self.kind,
            status=status,
            where=self.where or inner.where,
            method=method,
            detail=join("; ", [p for p in (self.detail, detail) if p]),
            expected=Status.FAILS,
        )


def _with_instead(check_id: str, check: Check, instead: object) -> tuple[Check, Check]:
    """The wrapped check and the check of what is true instead, sharing one computation."""
    if isinstance(instead, Check):
        return check, instead
    computed = getattr(check, "computed", None)
    if computed is None:
        raise SymcheckError(
            f"{check_id}: 'instead' must be a Check for a wrapped {check.kind} check, got {instead!r}"
        )
    if callable(computed) and not isinstance(computed, (sympy.Basic, _Memo)):
        computed = _Memo(computed)
        check = replace(check, computed=computed)  # type: ignore[call-arg]
    unit = getattr(check, "unit", "")
    if isinstance(check, RangeClaim):
        if not (isinstance(instead, tuple) and len(instead) == 2):
            raise SymcheckError(f"{check_id}: 'instead' for a range claim is (low, high) as text, got {instead!r}")
        return check, RangeClaim(f"{check_id}/instead", instead[0], instead[1], computed, unit=unit)
    if isinstance(instead, tuple):
        raise SymcheckError(f"{check_id}: 'instead' for a {check.kind} check is one number as text, got {instead!r}")
    accuracy = getattr(check, "accuracy_digits", None)
    reason = getattr(check, "accuracy_reason", "")
    record = _printed_number(check_id, "instead", instead)
    return check, Claim(f"{check_id}/instead", record, computed, unit=unit,  # type: ignore[arg-type]
                        tolerance=str(decimal_tolerance(record)), tolerance_reason="the recorded value's rounding",
                        accuracy_digits=accuracy, accuracy_reason=reason)


@dataclass(frozen=True)
class KnownDeviation(KnownErratum):
    """A check expected to fail for a reason that is not an error of the paper.

    For instance a published reference value that the formulas do not
    reproduce, or a number the paper knowingly takes from experiment instead
    of from its equation. Reported with kind ``deviation``; like a known
    erratum it records what is true instead (``instead``), and it is reported
    when it starts to hold.
    """

    kind: ClassVar[str] = "deviation"
