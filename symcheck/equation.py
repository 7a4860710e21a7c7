"""Equations: one SymPy relation per paper label, everything else derived from it.

An :class:`Equation` is the single place a formula is typed. Its LaTeX (for
reports), its numeric function (:meth:`Equation.lambdify`) and the checks that
refer to it all start from :attr:`Equation.relation`. Symbols carry their
assumptions (``positive=True`` and so on); the identity checks sample only
points that respect them.

>>> import sympy as sp
>>> R, m, h = sp.symbols("R m h", positive=True)
>>> E = sp.Symbol("E_lambda", positive=True)
>>> eq = Equation("3.2", "Bragg energy", sp.Eq(E, h**2 / (8 * m * R**2)), source="paper")
>>> eq.latex()
'E_{\\\\lambda} = \\\\frac{h^{2}}{8 R^{2} m}'
>>> f = eq.lambdify((h, m, R))
>>> float(f(1, 1, 1))
0.125
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from .errors import SymcheckError

__all__ = ["Equation", "relation"]


def relation(lhs: object, rhs: object) -> sympy.Equality:
    """``lhs = rhs`` as written: SymPy's ``Eq`` without first asking SymPy to decide it.

    ``sympy.Eq(a, b)`` tries to prove or refute ``a = b`` (slow for integrals,
    brackets and undefined functions) and, when it cannot, returns exactly this
    relation; a derivation states equations SymPy cannot decide, so this gives
    the same object without the attempt. One SymPy could decide stays a relation.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> relation(x**2, 1) == sp.Eq(x**2, 1), relation(x, x)
    (True, Eq(x, x))
    """
    return sympy.Eq(lhs, rhs, evaluate=False)


@dataclass(frozen=True)
class Equation:
    """A numbered equation of a derivation.

    Parameters
    ----------
    label:
        The paper's label without parentheses, e.g. ``"3.2"``.
    title:
        A few words a reader would search for, e.g. ``"Bragg energy"``.
    relation:
        One SymPy object: an ``Eq`` (or other relational), or ``None`` for a
        numbered statement that states no checkable relation; say why in
        ``note``.
    source:
        Where the equation comes from (the paper and section, or a reference).
    note:
        Free text shown with the equation in listings and reports.
    symbol_notes:
        Optional meaning/units of each symbol, keyed by symbol name.
    printed:
        The paper's LaTeX of the equation, verbatim as in the paper's source
        (e.g. ``r"n\\lambda = 2 \\cdot R \\quad (3.1)"``). An equation with a
        printed form gets a ``transcription`` check that compares the two.
    notation:
        How the paper's spellings map to this equation's SymPy objects, where
        they differ from the derivation's defaults (``r"\\vec{r}"``: a symbol,
        ``r"\\Psi_1"``: a function, ``r"\\lambda_1"``: an expression).
    condition:
        A SymPy boolean under which the relation holds (the paper's "if ...").
    not_compared:
        Printed members (or the key ``"condition"``) that the encoding leaves
        out on purpose, each with the reason; transcription verdicts list them.
    """

    label: str
    title: str
    relation: sympy.Basic | None
    source: str = ""
    note: str = ""
    symbol_notes: Mapping[str, str] = field(default_factory=dict)
    printed: str = ""
    notation: Mapping[str, Any] = field(default_factory=dict)
    condition: sympy.Basic | None = None
    not_compared: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.label or not isinstance(self.label, str):
            raise SymcheckError(f"equation label must be a non-empty string, got {self.label!r}")
        if self.relation is not None and not isinstance(self.relation, sympy.Basic):
            raise SymcheckError(
                f"equation {self.label}: relation must be a SymPy object or None, "
                f"got {type(self.relation).__name__}"
            )
        if not isinstance(self.printed, str):
            raise SymcheckError(f"equation {self.label}: printed must be the paper's LaTeX as a string")
        if self.condition is not None and not isinstance(self.condition, sympy.Basic):
            raise SymcheckError(
                f"equation {self.label}: condition must be a SymPy boolean (a relation, And, ...), "
                f"got {type(self.condition).__name__}"
            )
        for key, reason in self.not_compared.items():
            if not reason:
                raise SymcheckError(f"equation {self.label}: not_compared[{key!r}] needs a reason")
        if self.relation is None and not self.note:
            raise SymcheckError(
                f"equation {self.label}: an equation without a relation needs a note saying why"
            )

    # -- derived views -------------------------------------------------------------
    @property
    def checkable(self) -> bool:
        """Whether the equation states a relation that checks can refer to."""
        return self.relation is not None

    @property
    def lhs(self) -> sympy.Expr:
        return self._relational().lhs

    @property
    def rhs(self) -> sympy.Expr:
        return self._relational().rhs

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        """Free symbols of the relation, sorted by name."""
        if self.relation is None:
            return ()
        return tuple(sorted(self.relation.free_symbols, key=lambda s: s.name))

    def assumptions(self) -> dict[str, dict[str, bool]]:
        """The stated assumptions of each symbol (``positive``, ``real``, ...)."""
        wanted = ("positive", "negative", "nonnegative", "real", "integer", "nonzero", "finite")
        out: dict[str, dict[str, bool]] = {}
        for s in self.symbols:
            given = {k: v for k, v in s._assumptions_orig.items() if k in wanted}  # noqa: SLF001
            out[s.name] = given
        return out

    def latex(self, **options: Any) -> str:
        """LaTeX of the relation, rendered by :func:`sympy.latex`."""
        if self.relation is None:
            return ""
        return sympy.latex(self.relation, **options)

    def _repr_latex_(self) -> str | None:
        """Jupyter: the relation as SymPy renders it, tagged with the paper's label (None without a relation)."""
        if self.relation is None:
            return None
        condition = rf" \quad \text{{if }} {self.condition_latex()}" if self.condition is not None else ""
        tag = rf" \tag{{{self.label}}}" if all(ch.isalnum() or ch in ".-" for ch in self.label) else ""
        return f"$$ {self.latex()}{condition}{tag} $$"

    def condition_latex(self, **options: Any) -> str:
        """LaTeX of the condition ("" when the relation holds unconditionally)."""
        if self.condition is None:
            return ""
        return sympy.latex(self.condition, **options)

    def lambdify(
        self,
        args: Sequence[sympy.Symbol],
        side: str = "rhs",
        modules: str | Sequence[Any] = "mpmath",
    ) -> Callable[..., Any]:
        """Numeric function of one side of the relation (default: the right-hand side).

        ``modules="mpmath"`` gives a function that evaluates at the caller's
        ``mpmath.mp`` precision; use it inside ``mpmath.workdps(n)``.
        """
        if side not in ("lhs", "rhs"):
            raise SymcheckError(f"side must be 'lhs' or 'rhs', got {side!r}")
        expr = self.lhs if side == "lhs" else self.rhs
        missing = expr.free_symbols - set(args)
        if missing:
            names = ", ".join(sorted(s.name for s in missing))
            raise SymcheckError(f"equation {self.label}: lambdify args miss the symbols {names}")
        return sympy.lambdify(tuple(args), expr, modules=modules)

    def solve_for(self, symbol: sympy.Symbol) -> sympy.Expr:
        """The relation solved for ``symbol``; one solution required."""
        solutions = sympy.solve(self._relational(), symbol, dict=False)
        if len(solutions) != 1:
            raise SymcheckError(
                f"equation {self.label}: expected one solution for {symbol}, got {len(solutions)}"
            )
        return solutions[0]

    def _relational(self) -> sympy.core.relational.Relational:
        if not isinstance(self.relation, sympy.core.relational.Relational):
            raise SymcheckError(f"equation {self.label} has no left and right side: {self.note}")
        return self.relation
