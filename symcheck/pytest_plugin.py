"""pytest plugin: collect every registered check as a test item.

Installed with symcheck through the ``pytest11`` entry point, inactive until
asked for::

    pytest --symcheck                       # all checks of the default derivation
    pytest --symcheck --symcheck-derivation my-paper -k table1

An item passes when its check ends as the derivation expected (a known
erratum passes while the paper is still wrong there) and fails with the check's
method and detail otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .checks import Check
from .registry import load
from .results import Result

__all__: list[str] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("symcheck")
    group.addoption("--symcheck", action="store_true", default=False, help="collect symcheck checks as tests")
    group.addoption(
        "--symcheck-derivation", default=None, metavar="NAME", help="derivation to collect (default: built-in paper)"
    )


class SymcheckFailure(Exception):
    def __init__(self, result: Result) -> None:
        super().__init__(result)
        self.result = result


class SymcheckItem(pytest.Item):
    def __init__(self, *, check: Check, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:
        result = self.check.run()
        if not result.ok:
            raise SymcheckFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, SymcheckFailure):
            r = excinfo.value.result
            return (
                f"{r.kind} {r.id} {r.status.value} (expected {r.expected.value})\n"
                f"method: {r.method}\nwhere: {r.where}\n"
                f"paper: {r.paper_value}  computed: {r.computed_value}\ndetail: {r.detail}"
            )
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return "symcheck", None, f"symcheck::{self.check.id}"


class SymcheckCollector(pytest.Collector):
    def __init__(self, *, derivation_name: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.derivation_name = derivation_name

    def collect(self) -> Iterator[SymcheckItem]:
        derivation = load(self.derivation_name)
        for check in derivation.checks.values():
            yield SymcheckItem.from_parent(self, name=check.id, check=check)


@pytest.hookimpl(tryfirst=True)  # before pytest's own -k / -m deselection sees the items
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--symcheck"):
        return
    name = config.getoption("--symcheck-derivation")
    collector = SymcheckCollector.from_parent(session, name=f"symcheck[{name or 'default'}]", derivation_name=name)
    items.extend(collector.collect())
