"""Figure data a derivation hands to the report: curves and 2-D maps, no plotting code.

A derivation registers zero-argument callables in ``Derivation.figures``; each
returns a :class:`Figure` (curves) or a :class:`Map` (a scalar over a grid).
The report renders them as vector graphics. Labels are plain text (they are
escaped for LaTeX, and shown by the terminal) unless given in ``*_latex``
attributes (``xlabel_latex``, ``ylabel_latex``, ``zlabel_latex``, a series'
``label_latex``): math-mode LaTeX as :func:`sympy.latex` writes it, typeset
between ``$...$``, which must pass the allow-list of
:func:`symcheck.latex.screen_latex` (else the figure is reported as failed).
:func:`axis_label` makes one from a SymPy expression and a unit::

    Figure(..., xlabel="R (Å)", xlabel_latex=axis_label(R, "Å"), ...)

Titles and captions may be :class:`~symcheck.mathtext.Text` with formulas.

>>> import sympy
>>> print(axis_label(sympy.Symbol("E_s"), "eV"))
E_{s}\\ \\left(\\mathrm{eV}\\right)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import SymcheckError

__all__ = ["Series", "Figure", "Map", "axis_label"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def axis_label(expr: object, unit: str = "") -> str:
    """Math-mode LaTeX of an axis label: the quantity as SymPy prints it, and its unit upright.

    The unit is plain text such as ``"eV"`` or ``"Å"`` (letters, digits, ``/``, ``^``, ``-``, spaces).
    """
    import sympy

    latex = sympy.latex(sympy.sympify(expr, strict=True))
    if not unit:
        return latex
    if not re.fullmatch(r"[A-Za-z0-9/^ \-ÅÅ°]+", unit):
        raise SymcheckError(f"an axis unit is letters, digits, '/', '^' and '-', got {unit!r}")
    upright = unit.replace("Å", r"\text{\AA}").replace("Å", r"\text{\AA}").replace("°", r"^{\circ}")
    return latex + r"\ \left(\mathrm{" + upright + r"}\right)"


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise SymcheckError(f"figure name must be lower-case letters, digits and '-', got {name!r}")


@dataclass(frozen=True)
class Series:
    """One curve: ``y`` against ``x``, both finite floats of equal length."""

    label: str
    x: Sequence[float]
    y: Sequence[float]
    label_latex: str | None = None  #: the legend entry as math-mode LaTeX

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or not self.x:
            raise SymcheckError(f"series {self.label!r}: x and y need the same non-zero length")


@dataclass(frozen=True)
class Figure:
    """Curves on one pair of axes."""

    name: str
    title: str
    caption: str
    xlabel: str
    ylabel: str
    series: Sequence[Series]
    xlog: bool = False
    ylog: bool = False
    source: str = ""  #: what computed the data, with its precision
    xlabel_latex: str | None = None  #: the x label as math-mode LaTeX (see :func:`axis_label`)
    ylabel_latex: str | None = None  #: the y label as math-mode LaTeX

    def __post_init__(self) -> None:
        _check_name(self.name)


@dataclass(frozen=True)
class Map:
    """A scalar ``z[i][j]`` over the grid ``x[j]`` (columns) by ``y[i]`` (rows)."""

    name: str
    title: str
    caption: str
    xlabel: str
    ylabel: str
    zlabel: str
    x: Sequence[float]
    y: Sequence[float]
    z: Sequence[Sequence[float]]
    xlog: bool = False
    ylog: bool = False
    source: str = ""
    contours: Sequence[float] = field(default_factory=tuple)
    xlabel_latex: str | None = None  #: the x label as math-mode LaTeX (see :func:`axis_label`)
    ylabel_latex: str | None = None
    zlabel_latex: str | None = None  #: the colour bar's label

    def __post_init__(self) -> None:
        _check_name(self.name)
        if len(self.z) != len(self.y) or any(len(row) != len(self.x) for row in self.z):
            raise SymcheckError(f"map {self.name!r}: z must have len(y) rows of len(x) values")
