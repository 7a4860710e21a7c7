"""symcheck: a physics paper's derivation as executable, checked mathematics.

The engine is paper-agnostic: :class:`Equation` holds one SymPy relation per
paper label; checks (:class:`Identity`, :class:`Limit`, :class:`Claim`,
:class:`RangeClaim`, :class:`Inequality`, :class:`KnownErratum`,
:class:`KnownDeviation`, and :class:`ReferenceClaim` against a published
:class:`Reference` with its :class:`Citation`) say what must hold and return a
:class:`Result` that states how it was shown. A :class:`Derivation` collects a
paper's equations and checks and is registered through the
``symcheck.derivations`` entry-point group.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("symcheck")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from .checks import (
    Check,
    Claim,
    Identity,
    Inequality,
    KnownDeviation,
    KnownErratum,
    Limit,
    RangeClaim,
    decimal_tolerance,
    deferred,
    evaluate,
)
from .derivation import CommandProvider, Derivation
from .display import Run, run_checks
from .equation import Equation
from .errors import InputError, SymcheckError, UnknownNameError
from .reference import Citation, Reference, ReferenceClaim
from .registry import available, load
from .results import Result, Status

__all__ = [
    "__version__",
    "Check",
    "Citation",
    "Claim",
    "CommandProvider",
    "Derivation",
    "Equation",
    "Identity",
    "Inequality",
    "InputError",
    "KnownDeviation",
    "KnownErratum",
    "Limit",
    "RangeClaim",
    "Reference",
    "ReferenceClaim",
    "Result",
    "Run",
    "Status",
    "SymcheckError",
    "UnknownNameError",
    "available",
    "decimal_tolerance",
    "deferred",
    "evaluate",
    "load",
    "run_checks",
]
