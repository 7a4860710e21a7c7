"""The outcome of a check: status, method, values and detail.

A :class:`Result` is what every check kind returns, and what the CLI prints as
JSON. ``status`` says what happened; ``ok`` says whether that is what the
derivation expected (a known erratum is expected to fail, like pytest's strict
xfail).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Status", "Result"]


class Status(str, enum.Enum):
    """How a check ended."""

    HOLDS = "holds"
    FAILS = "fails"
    INCONCLUSIVE = "inconclusive"
    ERROR = "error"
    #: Not run, with the reason in the detail (e.g. it needs an input that was not given);
    #: counts neither as expected nor against.
    NOT_RUN = "not run"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Result:
    """The result of running one check.

    ``paper_value`` and ``computed_value`` are decimal strings (or ``None``);
    ``digits`` is the number of significant digits ``computed_value`` carries,
    as verified by the check. ``paper_value`` holds only numbers the paper
    prints; a published value from elsewhere is ``reference_value`` (prefixed
    by its relation, e.g. ``"> -2.9037"``, when the check is a bound) with its
    full citation in ``reference``.
    """

    id: str
    equation: str | None
    kind: str
    status: Status
    method: str
    where: str
    detail: str
    expected: Status = Status.HOLDS
    paper_value: str | None = None
    computed_value: str | None = None
    digits: int | None = None
    seconds: float | None = None
    reference_value: str | None = None
    reference: str | None = None
    #: What the inputs' tabulated values give where they differ from the paper's
    #: (a data vintage, a temperature, a rounding): a finding, not an error of the paper.
    finding: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the check ended as the derivation expected (a check not run is not held against it)."""
        return self.status == self.expected or self.status == Status.NOT_RUN

    def _repr_html_(self) -> str:
        """Jupyter: the verdict coloured, with method, where, values and detail (all escaped)."""
        from .display import result_html  # the HTML lives with the run table

        return result_html(self)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        data["expected"] = self.expected.value
        data["ok"] = self.ok
        return data
