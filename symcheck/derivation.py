"""A derivation: a paper's numbered equations and the checks on them.

A :class:`Derivation` is the unit a content package registers with symcheck.
It holds :class:`~symcheck.equation.Equation` objects by label and checks by
ID, in the order the paper presents them. It knows nothing about how checks
are proved; it only collects them and runs the ones asked for.

Content packages may also declare solvers (:class:`~symcheck.solvers.Solver`),
for which the engine provides ``symcheck solve`` and ``symcheck sweep``,
contribute other CLI commands (see :class:`CommandProvider`) and report
sections; the engine discovers all of them through the derivation object.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

from .checks import Check
from .equation import Equation
from .errors import SymcheckError, UnknownNameError
from .paper_source import PrintedEquation
from .results import Result
from .solvers import Solver
from .transcription import Transcription

__all__ = ["Derivation", "CommandProvider"]


class CommandProvider(Protocol):
    """A CLI command a derivation adds to ``symcheck`` (e.g. ``solve``)."""

    name: str
    help: str

    def configure(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _label_key(label: str) -> tuple[tuple[int, object], ...]:
    """Natural order of labels: numeric parts compare as numbers."""
    parts = label.replace("-", ".").split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


class Derivation:
    """Equations and checks of one paper (or one user's derivation).

    Content is added directly (:meth:`add_equation`, :meth:`add_check`) or by
    ``builders``: functions ``register(derivation)`` that run the first time
    the equations, checks, figures or report sections are asked for. A command
    such as ``symcheck solve`` that needs none of them then starts without
    building the whole derivation.

    >>> import sympy as sp
    >>> from symcheck import Identity
    >>> d = Derivation("demo", "A demo", source="nowhere")
    >>> x = sp.Symbol("x", positive=True)
    >>> _ = d.add_equation(Equation("1", "square root", sp.Eq(sp.sqrt(x**2), x)))
    >>> _ = d.add_check(Identity("root", sp.sqrt(x**2), x, equation="1"))
    >>> [r.status.value for r in d.run()]
    ['holds']
    """

    def __init__(
        self,
        name: str,
        title: str,
        source: str = "",
        description: str = "",
        *,
        commands: Iterable[CommandProvider] = (),
        solvers: Iterable[Solver] = (),
        builders: Iterable[Callable[[Derivation], None]] = (),
    ) -> None:
        self.name = name
        self.title = title
        self.source = source
        self.description = description
        #: Solvers for ``symcheck solve`` and ``symcheck sweep`` (available without a build).
        self.solvers: tuple[Solver, ...] = tuple(solvers)
        names = [s.name for s in self.solvers]
        if len(set(names)) != len(names):
            raise SymcheckError(f"{name}: a solver name is declared twice ({', '.join(names)})")
        self._commands: list[CommandProvider] = list(commands)
        self._builders = list(builders)
        self._state = "new" if self._builders else "built"
        self._equations: dict[str, Equation] = {}
        self._checks: dict[str, Check] = {}
        self._figures: list[Callable[[], Any]] = []
        self._report_sections: dict[str, Callable[[], Any]] = {}
        self._notation: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Derivation({self.name!r}, {self.title!r})"

    @property
    def commands(self) -> list[CommandProvider]:
        """CLI commands for ``symcheck`` (available without a build): the derivation's own, and
        ``solve`` and ``sweep`` when it declares solvers."""
        from .solver_commands import solver_commands

        return [*self._commands, *solver_commands(self)]

    def _ensure_built(self) -> None:
        if self._state != "new":
            return  # built, or being built (a builder reading what earlier builders added)
        self._state = "building"
        try:
            for builder in self._builders:
                builder(self)
        except BaseException:
            self._state = "new"
            self._equations, self._checks, self._figures, self._report_sections = {}, {}, [], {}
            self._notation = {}
            raise
        self._state = "built"

    @property
    def equations(self) -> dict[str, Equation]:
        """Equations by label, in the paper's order."""
        self._ensure_built()
        return self._equations

    @property
    def checks(self) -> dict[str, Check]:
        """Checks by ID, in the order they were added."""
        self._ensure_built()
        return self._checks

    @property
    def figures(self) -> list[Callable[[], Any]]:
        """Figures for reports: zero-argument callables returning a
        :class:`~symcheck.figures.Figure` or :class:`~symcheck.figures.Map`,
        so nothing is computed until a report asks."""
        self._ensure_built()
        return self._figures

    @property
    def report_sections(self) -> dict[str, Callable[[], Any]]:
        """Extra material for reports by name (e.g. a side-by-side table); each
        value is a zero-argument callable returning plain data."""
        self._ensure_built()
        return self._report_sections

    @property
    def notation(self) -> Mapping[str, Any]:
        """The derivation-wide notation table: the paper's spellings -> SymPy objects.

        Transcription checks read printed LaTeX through it; an equation's own
        :attr:`~symcheck.equation.Equation.notation` overrides it.
        """
        self._ensure_built()
        return self._notation

    def add_notation(self, table: Mapping[str, Any]) -> None:
        """Add default notation entries; a spelling may be defined once (override it per equation)."""
        for key, target in table.items():
            if key in self._notation and self._notation[key] != target:
                raise SymcheckError(
                    f"{self.name}: notation {key!r} is defined twice with different meanings; "
                    "give the second meaning in the equation's own notation"
                )
            self._notation[key] = target

    def add_equation(self, equation: Equation) -> Equation:
        """Add an equation; one with a printed form also gets its ``<label>-transcription`` check
        and its ``<label>-in-paper`` check (the printed form at its label in the paper's source)."""
        if equation.label in self.equations:
            raise SymcheckError(f"{self.name}: equation label {equation.label!r} is defined twice")
        self._equations[equation.label] = equation
        # keep the paper's order whatever order sections register in: 2.9 < 2.10 < 3.1
        self._equations = dict(sorted(self._equations.items(), key=lambda item: _label_key(item[0])))
        if equation.printed:
            # the live table: defaults a later section adds are seen when the check runs
            self.add_check(Transcription(f"{equation.label}-transcription", equation, notation=self._notation))
            # and the printed form is the paper's (run with the paper's source, else reported not run)
            self.add_check(PrintedEquation(f"{equation.label}-in-paper", encoded=equation))
        return equation

    def add_check(self, check: Check) -> Check:
        if check.id in self.checks:
            raise SymcheckError(f"{self.name}: check ID {check.id!r} is defined twice")
        if check.equation is not None and check.equation not in self.equations:
            raise SymcheckError(
                f"{self.name}: check {check.id!r} refers to equation {check.equation!r}, "
                "which is not defined"
            )
        self._checks[check.id] = check
        return check

    def add_checks(self, checks: Iterable[Check]) -> None:
        for check in checks:
            self.add_check(check)

    def equation(self, label: str) -> Equation:
        try:
            return self.equations[label]
        except KeyError:
            known = ", ".join(self.equations) or "none"
            raise UnknownNameError(f"unknown equation label {label!r}; known labels: {known}") from None

    def select(self, ids: Iterable[str] = ()) -> list[Check]:
        """Checks by ID (all when ``ids`` is empty); an ID may also be an equation label."""
        wanted = list(ids)
        if not wanted:
            return list(self.checks.values())
        chosen: list[Check] = []
        for item in wanted:
            if item in self.checks:
                found = [self.checks[item]]
            else:
                found = [c for c in self.checks.values() if c.equation == item]
            if not found:
                raise UnknownNameError(
                    f"unknown check ID or equation label {item!r}; `symcheck list` shows the IDs"
                )
            chosen.extend(c for c in found if c not in chosen)
        return chosen

    def iter_run(self, ids: Iterable[str] = (), *, workers: int = 1) -> Iterator[Result]:
        """Results of the selected checks in order, run on ``workers`` processes (1: in this one)."""
        from .runner import run_in_order

        yield from run_in_order(self.select(ids), workers)

    def run(self, ids: Iterable[str] = (), *, workers: int = 1) -> list[Result]:
        return list(self.iter_run(ids, workers=workers))
