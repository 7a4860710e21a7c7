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

A derivation of one's own needs no packaging. Wherever a registered name is
accepted, so is

* a file, ``path/to/paper.py`` (any name ending in ``.py`` or containing a path
  separator): it is imported under a module name of its own, so two files both
  called ``paper.py`` do not collide;
* a module, ``package.module:attr`` (or ``package.module:`` for the attribute
  ``derivation``), imported as usual; a module not found on the path is looked
  for in the current directory last, after every installed package.

The file or module defines ``derivation`` (or the attribute named): a
:class:`~symcheck.derivation.Derivation` or a function returning one. A missing
file, an import that fails, a module without ``derivation`` or an attribute that
is not a Derivation is one line naming the file or module and what is expected.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType

from .derivation import Derivation
from .errors import SymcheckError, UnknownNameError

__all__ = [
    "ENTRY_POINT_GROUP",
    "DEFAULT_DERIVATION",
    "PluginError",
    "available",
    "is_builtin",
    "is_spec",
    "load",
    "origin",
    "resolve",
]

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


def _is_file_spec(name: str) -> bool:
    return name.endswith(".py") or os.sep in name or (os.altsep is not None and os.altsep in name)


def _is_module_spec(name: str) -> bool:
    module, colon, attr = name.partition(":")
    return bool(colon) and all(part.isidentifier() for part in module.split(".")) and (
        attr == "" or all(part.isidentifier() for part in attr.split("."))
    )


def is_spec(name: str) -> bool:
    """Whether ``name`` names a file (``paper.py``) or a module (``pkg.mod:attr``) rather than a registered name."""
    return _is_file_spec(name) or _is_module_spec(name)


def origin(name: str) -> str:
    """Where a derivation comes from, for messages: its file, its module, or its entry point and distribution."""
    if _is_file_spec(name):
        return f"derivation file {name!r}"
    if _is_module_spec(name):
        return f"derivation module {name!r}"
    ep = _select(name)
    return f"derivation {name!r} (entry point {ep.value!r} in {_distribution(ep)})"


def is_builtin(name: str) -> bool:
    """Whether ``name`` is registered by symcheck itself (its failures are bugs, shown with a traceback)."""
    if is_spec(name):
        return False
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


def _import_file(name: str) -> ModuleType:
    """Import the file ``name`` under a module name that depends on its absolute path."""
    path = Path(name).expanduser()
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "does not exist"
        raise PluginError(f"derivation file {name!r} {what}; give a Python file that defines 'derivation'")
    resolved = path.resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    module_name = f"_symcheck_file_{_identifier(resolved.stem)}_{digest}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, resolved)
    if spec is None or spec.loader is None:
        raise PluginError(f"derivation file {name!r} cannot be imported as Python; give a file ending in .py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and pickling look the module up while it runs
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def _identifier(stem: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in stem) or "file"


def _import_module(module_name: str) -> ModuleType:
    """Import ``module_name``; one not found among the installed packages is looked for in the current directory."""
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        top = module_name.split(".")[0]
        cwd = os.getcwd()
        if exc.name != top or cwd in sys.path or "" in sys.path:
            raise
    sys.path.append(cwd)  # last, so a folder in the current directory cannot shadow an installed package
    importlib.invalidate_caches()
    return importlib.import_module(module_name)


def _load_spec(name: str) -> object:
    """The object a file or ``module:attr`` names (not yet checked to be a Derivation)."""
    where = origin(name)
    if _is_file_spec(name):
        module_name, attr = name, "derivation"
    else:
        module_name, _, attr = name.partition(":")
        attr = attr or "derivation"
    try:
        module = _import_file(name) if _is_file_spec(name) else _import_module(module_name)
    except PluginError:
        raise
    except ModuleNotFoundError as exc:
        raise PluginError(f"{where} cannot be imported: module {exc.name!r} is not installed") from None
    except (Exception, SystemExit) as exc:  # the user's code: any failure is reported, not raised
        raise PluginError(f"{where} failed on import: {_one_line(exc)}") from None
    obj: object = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise PluginError(
                f"{where} defines no {attr!r}; define `{attr} = Derivation(...)` "
                "(or a function returning one) in it, or name another attribute as module:attr"
            )
        obj = getattr(obj, part)
    return obj


def _load_registered(name: str) -> object:
    ep = _select(name)
    where = origin(name)
    try:
        return ep.load()
    except ModuleNotFoundError as exc:
        raise PluginError(f"{where} cannot be imported: module {exc.name!r} is not installed") from None
    except (Exception, SystemExit) as exc:  # a plugin's import is its code: any failure is reported, not raised
        raise PluginError(f"{where} failed on import: {_one_line(exc)}") from None


@lru_cache(maxsize=None)
def load(name: str | None = None) -> Derivation:
    """Load a derivation: a registered name (default: the built-in paper), a ``.py`` file or ``module:attr``."""
    name = resolve(name)
    where = origin(name)
    obj = _load_spec(name) if is_spec(name) else _load_registered(name)
    derivation = obj
    if callable(obj) and not isinstance(obj, Derivation):
        try:
            derivation = obj()
        except (Exception, SystemExit) as exc:
            raise PluginError(f"{where} failed when called to build the derivation: {_one_line(exc)}") from None
    if not isinstance(derivation, Derivation):
        raise PluginError(f"{where} gave {type(derivation).__name__}, expected a symcheck Derivation")
    return derivation
