"""Assertion helpers for users' own test suites.

Each helper runs the corresponding check and raises :class:`AssertionError`
with the simplified difference or the numeric counterexample when it does not
hold::

    from symcheck.testing import assert_identity
    assert_identity(sp.sqrt(x**2), x)          # passes for positive x
    assert_identity(sp.sqrt(y**2), y)          # AssertionError: refuted ... at y=...

``assert_check`` runs any registered check and passes when it ended as the
derivation expected (so a known erratum passes while it still fails).

The helpers hide their own frames from pytest's tracebacks
(``__tracebackhide__``), so a failure points at the line of the test that
called them. The message shows the values compared: the paper's printed value,
or for a check against the literature the reference value and its source.
"""

from __future__ import annotations

import sympy

from .checks import Check, Claim, Computed, Identity, Limit
from .results import Result, Status

__all__ = ["assert_identity", "assert_limit", "assert_claim", "assert_check", "describe", "SymcheckAssertionError"]


def describe(result: Result) -> str:
    """Lines on a result: what ended how, the method, where, the values compared, the detail and any finding."""
    lines = [f"{result.kind} {result.id!r} {result.status.value} (expected {result.expected.value})",
             f"  method: {result.method}"]
    if result.where:
        lines.append(f"  where: {result.where}")
    if result.reference_value is not None:
        lines.append(f"  reference value: {result.reference_value}")
        lines.append(f"  computed:        {result.computed_value}")
        lines.append(f"  source: {result.reference}")
    elif result.paper_value is not None or result.computed_value is not None:
        lines.append(f"  paper value: {result.paper_value}")
        lines.append(f"  computed:    {result.computed_value}")
    if result.detail:
        lines.append(f"  detail: {result.detail}")
    if result.finding:
        lines.append(f"  finding (an input choice, not an error of the paper): {result.finding}")
    return "\n".join(lines)


class SymcheckAssertionError(AssertionError):
    """A symcheck assertion did not hold; ``result`` has the details."""

    def __init__(self, result: Result) -> None:
        self.result = result
        super().__init__(describe(result))


def assert_check(check: Check) -> Result:
    """Run ``check``; raise unless it ended as expected. Returns the result."""
    __tracebackhide__ = True
    result = check.run()
    if not result.ok:
        raise SymcheckAssertionError(result)
    return result


def assert_identity(
    lhs: sympy.Expr, rhs: sympy.Expr, *, allow_numeric: bool = True, id: str = "identity", **options: object
) -> Result:
    """Assert ``lhs == rhs`` under the symbols' assumptions.

    With ``allow_numeric=False`` only a symbolic proof passes; a numeric
    verification is then reported as a failure to prove.
    """
    __tracebackhide__ = True
    result = assert_check(Identity(id, sympy.sympify(lhs), sympy.sympify(rhs), **options))  # type: ignore[arg-type]
    if not allow_numeric and not result.method.startswith("proved"):
        raise SymcheckAssertionError(
            Result(**{**result.__dict__, "status": Status.INCONCLUSIVE, "detail": "not proved symbolically: " + result.detail})
        )
    return result


def assert_limit(
    expr: sympy.Expr, var: sympy.Symbol, point: sympy.Expr, expected: sympy.Expr, *, direction: str = "+", id: str = "limit"
) -> Result:
    """Assert ``limit(expr, var -> point) == expected`` (SymPy, cross-checked by mpmath)."""
    __tracebackhide__ = True
    return assert_check(Limit(id, sympy.sympify(expr), var, sympy.sympify(point), sympy.sympify(expected), direction=direction))


def assert_claim(paper_value: str, computed: Computed, *, tolerance: str | None = None, reason: str = "", id: str = "claim") -> Result:
    """Assert a printed number (as text, e.g. ``"3.09"``) matches ``computed`` within its rounding."""
    __tracebackhide__ = True
    return assert_check(Claim(id, paper_value, computed, tolerance=tolerance, tolerance_reason=reason))
