"""pytest plugin: every check of a derivation is an ordinary pytest item.

Installed with symcheck through the ``pytest11`` entry point, inactive until
asked for, on the command line or in the ini file::

    pytest --symcheck                          # checks of the default derivation, beside the tests
    pytest --symcheck=path/to/paper.py         # a file, a registered name or module:attr
    pytest --symcheck --symcheck-derivation my-paper -k table1
    pytest "symcheck::exchange-pairing::3.12-standard-form"   # one check by its node ID

    [pytest]                                   # or [tool.pytest.ini_options]
    symcheck = true
    symcheck_derivation = path/to/paper.py

Checks are collected under one collector per derivation, so node IDs read
``symcheck::<derivation>::<check id>``; counting, ``--collect-only``, ``-k``,
``-m symcheck``, node IDs, ``--lf``, ``-x`` and JUnit XML (classname
``symcheck.<derivation>``, name the check ID) work as for any test. Each item
carries the marker ``symcheck`` and its kind (``identity``, ``claim``, ...) as a
keyword.

An item passes when its check ends as the derivation expected (a known erratum
passes while the paper is still wrong there) and fails with the check's method,
values and detail otherwise. A derivation that cannot be loaded is a collection
error of one line, not an internal error.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from .checks import Check
from .derivation import Derivation
from .errors import SymcheckError
from .registry import load
from .results import Result
from .testing import describe

__all__ = ["SymcheckItem", "SymcheckCollector", "SymcheckFailure"]

_ROOT = "symcheck"
_SELECTION = pytest.StashKey[list[str]]()
_DERIVATION = pytest.StashKey[str | None]()
_ENABLED = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("symcheck")
    group.addoption(
        "--symcheck",
        nargs="?",
        const="",
        default=None,
        metavar="DERIVATION",
        help="collect symcheck checks as tests; --symcheck=DERIVATION names a registered derivation, "
        "a file paper.py or module:attr (default: symcheck_derivation in the ini file, else the built-in paper)",
    )
    group.addoption(
        "--symcheck-derivation",
        default=None,
        metavar="DERIVATION",
        help="derivation to collect: a registered name, a file paper.py or module:attr",
    )
    parser.addini("symcheck", type="bool", default=False, help="collect symcheck checks as tests (as --symcheck)")
    parser.addini("symcheck_derivation", type="string", default="",
                  help="derivation to collect (as --symcheck-derivation)")


def _given_tokens(config: pytest.Config) -> list[str]:
    """The command-line tokens pytest parsed: PYTEST_ADDOPTS, the ini addopts and the invocation."""
    tokens = shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))
    tokens += [str(token) for token in config.getini("addopts")]
    return tokens + [str(arg) for arg in config.invocation_params.args]


def _restore_swallowed_path(config: pytest.Config, value: str) -> None:
    """``--symcheck tests/`` took ``tests/`` as its value: give the path back to pytest."""
    config.option.symcheck = ""
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        config.args.insert(0, value)
    else:  # pytest fell back to testpaths or the current directory because the only path was taken
        config.args[:] = [value]


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "symcheck: a check of a derivation collected by symcheck")
    value: str | None = config.getoption("--symcheck")
    if value and f"--symcheck={value}" not in _given_tokens(config):
        _restore_swallowed_path(config, value)
        value = ""
    selection = [arg for arg in config.args if arg.startswith(_ROOT + "::")]
    if selection:  # node IDs of checks are not paths: pytest must not look for them on disk
        config.args[:] = [arg for arg in config.args if arg not in selection]
    config.stash[_SELECTION] = selection
    enabled = value is not None or bool(selection) or bool(config.getini("symcheck"))
    name = value or config.getoption("--symcheck-derivation") or config.getini("symcheck_derivation") or None
    config.stash[_DERIVATION] = name
    if not enabled:
        config.stash[_SELECTION] = []
        config.stash[_DERIVATION] = None
    config.stash[_ENABLED] = enabled


@pytest.hookimpl(hookwrapper=True)  # the old-style wrapper: pytest 7.4 may come with a pluggy before wrapper=True
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, None]:
    """Add the checks' collector beside what the session collects from paths, so pytest counts its items."""
    outcome = yield
    config = collector.config
    if not (isinstance(collector, pytest.Session) and config.stash.get(_ENABLED, False)):
        return
    report: pytest.CollectReport = outcome.get_result()
    if report.passed:
        report.result.append(SymcheckRoot.from_parent(collector, name=_ROOT, nodeid=_ROOT, path=config.rootpath))


class SymcheckFailure(Exception):
    """A check that did not end as its derivation expected."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.id)
        self.result = result


class SymcheckItem(pytest.Item):
    """One check, run as a test."""

    def __init__(self, *, check: Check, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.add_marker(pytest.mark.symcheck)
        self.extra_keyword_matches.add(check.kind)

    def runtest(self) -> None:
        __tracebackhide__ = True
        result = self.check.run()
        self.user_properties.append(("status", result.status.value))
        self.user_properties.append(("method", result.method))
        if not result.ok:
            raise SymcheckFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, SymcheckFailure):
            return describe(excinfo.value.result)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        where = f" ({self.check.where})" if self.check.where else ""
        return self.path, None, f"{self.nodeid}{where}"


class SymcheckCollector(pytest.Collector):
    """The checks of one derivation; with node IDs given, only those."""

    def __init__(self, *, derivation: Derivation, selection: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.derivation = derivation
        self.selection = selection

    def collect(self) -> Iterator[SymcheckItem]:
        prefix = self.nodeid + "::"
        wanted = {arg[len(prefix):] for arg in self.selection if arg.startswith(prefix)}
        whole = not self.selection or self.nodeid in self.selection
        for check in self.derivation.checks.values():
            if whole or check.id in wanted:
                yield SymcheckItem.from_parent(self, name=check.id, check=check)


class _LoadFailed(Exception):
    pass


class SymcheckRoot(pytest.Collector):
    """``symcheck``: the derivation asked for, loaded when collected."""

    def collect(self) -> Iterator[SymcheckCollector]:
        name = self.config.stash.get(_DERIVATION, None)
        selection = self.config.stash.get(_SELECTION, [])
        try:
            derivation = load(name)
            derivation.checks  # noqa: B018 -- a lazily built derivation is built here, inside the collector
        except SymcheckError as exc:
            raise _LoadFailed(str(exc)) from None
        except Exception as exc:  # a derivation's own code failing while it builds
            raise _LoadFailed(f"derivation {name or 'default'!r} failed while building: "
                              f"{type(exc).__name__}: {exc}") from None
        collector = SymcheckCollector.from_parent(self, name=derivation.name, derivation=derivation,
                                                  selection=selection)
        known = {f"{_ROOT}::{derivation.name}::{check_id}" for check_id in derivation.checks}
        unknown = [arg for arg in selection if arg != collector.nodeid and arg not in known]
        if unknown:
            raise _LoadFailed(f"no such check: {', '.join(unknown)}; node IDs read "
                              f"{collector.nodeid}::<check id> (see pytest --symcheck --collect-only -q)")
        yield collector

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, _LoadFailed):
            return f"symcheck: {excinfo.value}"
        return str(super().repr_failure(excinfo, style=style))
