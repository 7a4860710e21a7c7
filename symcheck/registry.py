"""Discovery of derivations through the ``symcheck.derivations`` entry-point group.

A package adds a derivation without touching symcheck by declaring, in its
``pyproject.toml``::

    [project.entry-points."symcheck.derivations"]
    my-paper = "my_package.my_paper:derivation"

The object named there is a :class:`~symcheck.derivation.Derivation` or a
zero-argument callable returning one. The paper this project started with is
registered the same way, as ``exchange-pairing``, and is the default.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import entry_points

from .derivation import Derivation
from .errors import SymcheckError, UnknownNameError

__all__ = ["ENTRY_POINT_GROUP", "DEFAULT_DERIVATION", "available", "load"]

ENTRY_POINT_GROUP = "symcheck.derivations"
DEFAULT_DERIVATION = "exchange-pairing"


def available() -> list[str]:
    """Names of the registered derivations, sorted."""
    return sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})


@lru_cache(maxsize=None)
def load(name: str | None = None) -> Derivation:
    """Load a registered derivation by name (default: the built-in paper)."""
    names = available()
    if name is None:
        if DEFAULT_DERIVATION in names:
            name = DEFAULT_DERIVATION
        elif len(names) == 1:
            name = names[0]
        else:
            raise UnknownNameError(
                "no default derivation is installed; pass --derivation with one of: "
                + (", ".join(names) or "none (is the package installed?)")
            )
    matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not matches:
        raise UnknownNameError(
            f"unknown derivation {name!r}; installed: {', '.join(names) or 'none'}"
        )
    obj = matches[0].load()
    derivation = obj() if callable(obj) and not isinstance(obj, Derivation) else obj
    if not isinstance(derivation, Derivation):
        raise SymcheckError(
            f"entry point {name!r} gave {type(derivation).__name__}, expected a Derivation"
        )
    return derivation
