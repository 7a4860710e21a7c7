"""Discovery of derivations through the ``symcheck.derivations`` entry-point group.

A package adds a derivation without touching symcheck by declaring, in its
``pyproject.toml``::

    [project.entry-points."symcheck.derivations"]
    my-paper = "my_package.my_paper:derivation"

The object named there is a :class:`~symcheck.derivation.Derivation` or a
zero-argument callable returning one. The paper this project started with is
registered the same way, as ``exchange-pairing``, and is the default.

Derivations are Python code and are trusted like any import. A broken one is
still reported in one line, naming the derivation, its distribution and the
problem (an import that fails, a missing module, a builder that raises, an
object that is not a Derivation), and only when it is selected: the other
derivations stay usable. A name registered by two distributions is refused,
naming both, rather than one silently replacing the other.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points

from .derivation import Derivation
from .errors import SymcheckError, UnknownNameError

__all__ = ["ENTRY_POINT_GROUP", "DEFAULT_DERIVATION", "PluginError", "available", "load", "origin", "is_builtin", "resolve"]

ENTRY_POINT_GROUP = "symcheck.derivations"
DEFAULT_DERIVATION = "exchange-pairing"
_OWN_DISTRIBUTION = "symcheck"


class PluginError(SymcheckError):
    """A registered derivation could not be loaded or built."""


def _entry_points() -> list[EntryPoint]:
    return list(entry_points(group=ENTRY_POINT_GROUP))


def _distribution(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "an unknown distribution"
    return f"{dist.metadata['Name'] or '?'} {dist.version}"


def available() -> list[str]:
    """Names of the registered derivations, sorted."""
    return sorted({ep.name for ep in _entry_points()})


def _select(name: str) -> EntryPoint:
    matches = [ep for ep in _entry_points() if ep.name == name]
    if not matches:
        raise UnknownNameError(f"unknown derivation {name!r}; installed: {', '.join(available()) or 'none'}")
    if len(matches) > 1:
        owners = " and ".join(f"{_distribution(ep)} ({ep.value})" for ep in matches)
        raise PluginError(
            f"derivation name {name!r} is registered by {len(matches)} distributions: {owners}; "
            "uninstall one or rename its entry point"
        )
    return matches[0]


def origin(name: str) -> str:
    """Where a registered derivation comes from, for messages: its entry point and distribution."""
    ep = _select(name)
    return f"derivation {name!r} (entry point {ep.value!r} in {_distribution(ep)})"


def is_builtin(name: str) -> bool:
    """Whether ``name`` is registered by symcheck itself (its failures are bugs, shown with a traceback)."""
    dist = getattr(_select(name), "dist", None)
    return dist is not None and (dist.metadata["Name"] or "").lower() == _OWN_DISTRIBUTION


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def resolve(name: str | None) -> str:
    """The registered name ``load(name)`` loads: ``name`` itself, or the default."""
    if name is not None:
        return name
    names = available()
    if DEFAULT_DERIVATION in names:
        return DEFAULT_DERIVATION
    if len(names) == 1:
        return names[0]
    raise UnknownNameError(
        "no default derivation is installed; pass --derivation with one of: "
        + (", ".join(names) or "none (is the package installed?)")
    )


@lru_cache(maxsize=None)
def load(name: str | None = None) -> Derivation:
    """Load a registered derivation by name (default: the built-in paper)."""
    name = resolve(name)
    ep = _select(name)
    where = origin(name)
    try:
        obj = ep.load()
    except ModuleNotFoundError as exc:
        raise PluginError(f"{where} cannot be imported: module {exc.name!r} is not installed") from None
    except (Exception, SystemExit) as exc:  # a plugin's import is its code: any failure is reported, not raised
        raise PluginError(f"{where} failed on import: {_one_line(exc)}") from None
    derivation = obj
    if callable(obj) and not isinstance(obj, Derivation):
        try:
            derivation = obj()
        except (Exception, SystemExit) as exc:
            raise PluginError(f"{where} failed when called to build the derivation: {_one_line(exc)}") from None
    if not isinstance(derivation, Derivation):
        raise PluginError(f"{where} gave {type(derivation).__name__}, expected a symcheck Derivation")
    return derivation
