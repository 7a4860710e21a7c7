"""Figure data a derivation hands to the report: curves and 2-D maps, no plotting code.

A derivation registers zero-argument callables in ``Derivation.figures``; each
returns a :class:`Figure` (curves) or a :class:`Map` (a scalar over a grid).
The report renders them as vector graphics. Labels are plain text (they are
escaped for LaTeX) unless given in ``*_latex`` attributes (``xlabel_latex``,
``ylabel_latex``, ``zlabel_latex``, a series' ``label_latex``): LaTeX as
:func:`sympy.latex` writes it, which must pass the allow-list of
:func:`symcheck.latex.screen_latex` (else the figure is reported as failed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import SymcheckError

__all__ = ["Series", "Figure", "Map"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise SymcheckError(f"figure name must be lower-case letters, digits and '-', got {name!r}")


@dataclass(frozen=True)
class Series:
    """One curve: ``y`` against ``x``, both finite floats of equal length."""

    label: str
    x: Sequence[float]
    y: Sequence[float]

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

    def __post_init__(self) -> None:
        _check_name(self.name)
        if len(self.z) != len(self.y) or any(len(row) != len(self.x) for row in self.z):
            raise SymcheckError(f"map {self.name!r}: z must have len(y) rows of len(x) values")
