"""Published reference values for the model systems, read from ``data/two_electron_references.json``.

Each value keeps its source and verification status beside it; :func:`reference` returns the entry.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

import sympy as sp

__all__ = ["references", "reference", "HARTREE_EV"]


@lru_cache(maxsize=None)
def references() -> dict[str, Any]:
    """The whole reference file (with sources)."""
    text = files("derivations.exchange_pairing").joinpath("data", "two_electron_references.json")
    return json.loads(text.read_text(encoding="utf-8"))


def reference(*path: str) -> Any:
    """One entry by its path of keys, e.g. ``reference("heitler_london", "D_e")``."""
    node: Any = references()
    for key in path:
        node = node[key]
    return node


#: CODATA 2022 Hartree energy in eV, exact rational of the published digits.
HARTREE_EV = sp.Rational(reference("hartree_eV", "value"))
