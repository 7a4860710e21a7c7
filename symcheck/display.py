"""Rich display in Jupyter: a result, and a whole run as a table with verdicts coloured.

:func:`run_checks` runs a derivation's checks (all, or the IDs and equation
labels given) and returns a :class:`Run`, which a notebook shows as an HTML
table and a terminal as plain text. :class:`~symcheck.results.Result` and
:class:`~symcheck.equation.Equation` display themselves through
:func:`result_html` and ``Equation._repr_latex_``.

Every string that reaches HTML (IDs, methods, details, values; a derivation is
code, but a detail may quote anything) is escaped.

>>> import sympy as sp
>>> from symcheck import Derivation, Identity
>>> d = Derivation("demo", "A demo")
>>> x = sp.Symbol("x", positive=True)
>>> _ = d.add_check(Identity("root", sp.sqrt(x**2), x))
>>> run = run_checks(d)
>>> run.counts["holds"], run.ok
(1, True)
>>> print(run)  # doctest: +ELLIPSIS
holds  root  proved ...
1 checks: 1 holds, 0 fails, 0 inconclusive, 0 error, 0 not run; 1 as expected
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .derivation import Derivation
from .results import Result, Status

__all__ = ["Run", "run_checks", "result_html", "STATUS_COLOURS"]

#: Background colour of each verdict in HTML (readable on light and dark notebook themes).
STATUS_COLOURS: dict[Status, str] = {
    Status.HOLDS: "#c8e6c9",
    Status.FAILS: "#ffcdd2",
    Status.INCONCLUSIVE: "#ffe0b2",
    Status.ERROR: "#e1bee7",
    Status.NOT_RUN: "#eeeeee",
}
_CELL = 'style="text-align:left; vertical-align:top; padding:2px 6px"'


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _verdict_cell(result: Result) -> str:
    colour = STATUS_COLOURS[result.status]
    note = ""
    if result.ok and result.expected is not Status.HOLDS and result.status is not Status.NOT_RUN:
        note = " (known deviation)" if result.kind == "deviation" else " (known erratum)"
    elif not result.ok:
        note = f" (expected {result.expected.value})"
    weight = "font-weight:bold; " if not result.ok else ""
    return (f'<td style="background:{colour}; color:#000; {weight}text-align:left; padding:2px 6px">'
            f"{_e(result.status.value)}{_e(note)}</td>")


def _values(result: Result) -> str:
    if result.reference_value is not None:
        return f"reference {result.reference_value}, computed {result.computed_value} ({result.reference})"
    if result.paper_value is not None or result.computed_value is not None:
        return f"paper {result.paper_value}, computed {result.computed_value}"
    return ""


def result_html(result: Result) -> str:
    """One result as a small HTML table: verdict (coloured), method, where, values, detail."""
    rows = [("verdict", None), ("method", result.method), ("where", result.where), ("values", _values(result)),
            ("detail", result.detail), ("finding", result.finding)]
    body = []
    for name, text in rows:
        if name == "verdict":
            body.append(f"<tr><th {_CELL}>{_e(result.kind)} {_e(result.id)}</th>{_verdict_cell(result)}</tr>")
        elif text:
            body.append(f"<tr><th {_CELL}>{_e(name)}</th><td {_CELL}>{_e(text)}</td></tr>")
    return '<table class="symcheck-result">' + "".join(body) + "</table>"


@dataclass(frozen=True)
class Run:
    """The results of one run of a derivation's checks, in order."""

    derivation: str
    title: str
    results: tuple[Result, ...]

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, check_id: str) -> Result:
        for result in self.results:
            if result.id == check_id:
                return result
        raise KeyError(check_id)

    @property
    def counts(self) -> dict[str, int]:
        """How many checks ended in each status, by status value."""
        return {s.value: sum(r.status is s for r in self.results) for s in Status}

    @property
    def not_as_expected(self) -> list[Result]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        """Whether every check ended as the derivation expected."""
        return not self.not_as_expected

    def summary(self) -> str:
        """One line: the counts by status and how many ended as expected (checks not run count neither way)."""
        counted = len(self.results) - sum(r.status is Status.NOT_RUN for r in self.results)
        counts = ", ".join(f"{n} {status}" for status, n in self.counts.items())
        line = f"{len(self.results)} checks: {counts}; {counted - len(self.not_as_expected)} as expected"
        if self.not_as_expected:
            line += "; not as expected: " + ", ".join(r.id for r in self.not_as_expected)
        return line

    def __str__(self) -> str:
        width = max((len(r.id) for r in self.results), default=2)
        lines = [f"{r.status.value:<{6}} {r.id:<{width}}  {r.method}" for r in self.results]
        return "\n".join([*lines, self.summary()])

    def __repr__(self) -> str:
        return f"<Run of {self.derivation!r}: {self.summary()}>"

    def _repr_html_(self) -> str:
        head = "".join(f"<th {_CELL}>{name}</th>" for name in ("check", "kind", "eq.", "verdict", "method", "values"))
        rows = []
        for r in self.results:
            rows.append(
                f"<tr><td {_CELL}><code>{_e(r.id)}</code></td><td {_CELL}>{_e(r.kind)}</td>"
                f"<td {_CELL}>{_e(r.equation or '')}</td>{_verdict_cell(r)}"
                f'<td {_CELL} title="{_e(r.detail)}">{_e(r.method)}</td><td {_CELL}>{_e(_values(r))}</td></tr>'
            )
        caption = f"{_e(self.title)} [{_e(self.derivation)}]"
        return (f'<table class="symcheck-run"><caption style="text-align:left">{caption}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
                f'<tfoot><tr><td colspan="6" {_CELL}>{_e(self.summary())}</td></tr></tfoot></table>')


def run_checks(derivation: Derivation | str | None = None, ids: Iterable[str] = ()) -> Run:
    """Run a derivation's checks (all, or the check IDs and equation labels in ``ids``) for display.

    ``derivation`` is a :class:`~symcheck.derivation.Derivation`, or what
    :func:`symcheck.registry.load` accepts: a registered name, a file
    ``paper.py`` or ``module:attr`` (default: the built-in paper).
    """
    if not isinstance(derivation, Derivation):
        from .registry import load

        derivation = load(derivation)
    return Run(derivation.name, derivation.title, tuple(derivation.run(list(ids))))
