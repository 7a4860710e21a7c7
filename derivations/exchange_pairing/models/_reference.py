"""Published reference values for the model systems, read from ``data/two_electron_references.json``.

None of these numbers is printed in the paper: each is a :class:`symcheck.Reference` with its full
citation, compared through :class:`symcheck.ReferenceClaim` and shown as *Reference*, never as *Paper*.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

import sympy as sp

from symcheck import Reference

__all__ = ["references", "reference", "HARTREE_EV"]


@lru_cache(maxsize=None)
def references() -> dict[str, Reference]:
    """Every reference of the data file by its key."""
    text = files("symcheck_derivations.exchange_pairing").joinpath("data", "two_electron_references.json")
    data = json.loads(text.read_text(encoding="utf-8"))
    return {key: Reference.from_mapping(entry, f"two_electron_references.json: {key}")
            for key, entry in data.items() if key != "description"}


def reference(key: str) -> Reference:
    """One reference by its key, e.g. ``reference("helium_exact")``."""
    return references()[key]


#: CODATA 2022 Hartree energy in eV, the exact rational of the published digits.
HARTREE_EV: sp.Rational = reference("hartree_eV").exact
