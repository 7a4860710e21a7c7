"""Published reference values and the check that compares a computed value with one.

A paper is tested against its own printed numbers (:class:`~symcheck.checks.Claim`, shown as
*Paper*). Numbers from elsewhere, a CODATA constant, an accurate energy from the literature, a
value from a table of another paper, are a different kind of evidence: they are *Reference*
values, and each carries its full citation (authors, publication, volume, page, year and the
table, equation or section it comes from). When a value was read from a secondary source, the
citation names that source too (``via``), so a reader can follow the chain.

:class:`Reference` is the value as published, with its unit and either its published standard
uncertainty or, if none is given, the rounding of its printed digits (half a unit in the last
place). :class:`ReferenceClaim` (kind ``reference``) compares a computed value with it, either
for agreement (``relation="="``) or as a bound (``"<"``, ``">"``, ...: a variational energy lies
above an accurate one). Its result carries ``reference_value`` and the ``reference`` citation and
leaves ``paper_value`` empty. A reference the model is known not to reproduce is wrapped in a
:class:`~symcheck.checks.KnownDeviation`: a finding, not an erratum of the paper.

>>> import sympy as sp
>>> codata = Citation(authors="P. J. Mohr, D. B. Newell, B. N. Taylor and E. Tiesinga",
...                   publication="Rev. Mod. Phys.", volume="97", page="025002", year=2025)
>>> pi_ref = Reference("pi, to five decimals", "3.14159", "", codata)
>>> ReferenceClaim("pi", pi_ref, sp.pi).run().status
<Status.HOLDS: 'holds'>
>>> ReferenceClaim("pi-bound", pi_ref, sp.Integer(3), relation="<").run().status
<Status.HOLDS: 'holds'>
>>> ReferenceClaim("e", pi_ref, sp.E).run().status
<Status.FAILS: 'fails'>
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

import mpmath
import sympy

from .checks import Check, Computed, Deferred, evaluate
from .errors import SymcheckError
from .results import Result, Status

__all__ = ["Citation", "Reference", "ReferenceClaim"]

_CITATION_FIELDS = ("authors", "publication", "year", "volume", "page", "title", "locator", "doi", "via")
_REFERENCE_FIELDS = ("quantity", "value", "unit", "citation", "uncertainty")

_RELATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,  # agreement within the tolerance; the operator is not used for it
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _text(value: object, what: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise SymcheckError(f"{what} must be a string, got {type(value).__name__}")
    if required and not value.strip():
        raise SymcheckError(f"{what} must not be empty")
    return value


def _decimal(text: object, what: str) -> Decimal:
    if not isinstance(text, str):
        raise SymcheckError(f"{what} must be the number as published, as a string (e.g. '27.211386245981'), "
                            f"got {type(text).__name__} {text!r}")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SymcheckError(f"{what} must be a decimal number as published, got {text!r}") from None
    if not value.is_finite():
        raise SymcheckError(f"{what} must be finite, got {text!r}")
    return value


@dataclass(frozen=True)
class Citation:
    """Where a published value comes from.

    ``publication`` is the journal (abbreviated as usual) or the book with its edition and
    publisher; ``locator`` says where in it (``"Table II"``, ``"Eq. (12)"``, ``"abstract"``);
    ``via`` names the secondary source the value was read from, if the primary one was not.

    >>> str(Citation(authors="W. Kolos and L. Wolniewicz", publication="J. Chem. Phys.", volume="41",
    ...              page="3663", year=1964, locator="abstract"))
    'W. Kolos and L. Wolniewicz, J. Chem. Phys. 41, 3663 (1964), abstract'
    """

    authors: str
    publication: str
    year: int
    volume: str = ""
    page: str = ""
    title: str = ""
    locator: str = ""
    doi: str = ""
    via: str = ""

    def __post_init__(self) -> None:
        _text(self.authors, "citation authors")
        _text(self.publication, "citation publication")
        if isinstance(self.year, bool) or not isinstance(self.year, int) or not 1600 <= self.year <= 2200:
            raise SymcheckError(f"citation year must be an integer year such as 2007, got {self.year!r}")
        for name in ("volume", "page", "title", "locator", "doi", "via"):
            _text(getattr(self, name), f"citation {name}", required=False)

    def __str__(self) -> str:
        head = self.authors + (f", '{self.title}'" if self.title else "")
        where = self.publication + (f" {self.volume}" if self.volume else "") + (f", {self.page}" if self.page else "")
        text = f"{head}, {where} ({self.year})"
        if self.locator:
            text += f", {self.locator}"
        if self.doi:
            text += f", doi:{self.doi}"
        if self.via:
            text += f"; as given in {self.via}"
        return text

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "citation") -> Citation:
        """A citation from a mapping (e.g. a JSON object) with the field names of this class."""
        if not isinstance(data, Mapping):
            raise SymcheckError(f"{where} must be an object with {', '.join(_CITATION_FIELDS)}, "
                                f"got {type(data).__name__}")
        unknown = sorted(set(data) - set(_CITATION_FIELDS))
        if unknown:
            raise SymcheckError(f"{where} has unknown field(s) {', '.join(unknown)}; "
                                f"accepted: {', '.join(_CITATION_FIELDS)}")
        missing = [name for name in ("authors", "publication", "year") if name not in data]
        if missing:
            raise SymcheckError(f"{where} lacks {', '.join(missing)}")
        return cls(**data)


@dataclass(frozen=True)
class Reference:
    """A value as published, with its unit, its uncertainty and its citation.

    ``value`` is the text as printed (``"-2.903724377034119598"``), never a float. Without an
    ``uncertainty`` the value is taken to be correctly rounded, so it stands for an interval of half
    a unit in its last printed place.

    >>> ref = Reference("Hartree energy in eV", "27.211386245981", "eV",
    ...                 Citation(authors="P. J. Mohr et al.", publication="Rev. Mod. Phys.", year=2025),
    ...                 uncertainty="0.000000000030")
    >>> ref.tolerance, ref.tolerance_reason
    (Decimal('3.0E-11'), 'published standard uncertainty')
    """

    quantity: str
    value: str
    unit: str
    citation: Citation
    uncertainty: str | None = None

    def __post_init__(self) -> None:
        _text(self.quantity, "reference quantity")
        _decimal(self.value, f"reference value of {self.quantity!r}")
        _text(self.unit, f"reference unit of {self.quantity!r}", required=False)
        if not isinstance(self.citation, Citation):
            raise SymcheckError(f"reference {self.quantity!r} needs a Citation, got {type(self.citation).__name__}")
        if self.uncertainty is not None and _decimal(self.uncertainty, f"uncertainty of {self.quantity!r}") < 0:
            raise SymcheckError(f"uncertainty of {self.quantity!r} must not be negative, got {self.uncertainty!r}")

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.value)

    @property
    def exact(self) -> sympy.Rational:
        """The published digits as an exact rational (for use in further exact arithmetic)."""
        return sympy.Rational(self.value)

    @property
    def tolerance(self) -> Decimal:
        """The published standard uncertainty, else half a unit in the last printed place."""
        if self.uncertainty is not None:
            return Decimal(self.uncertainty)
        exponent = self.decimal.as_tuple().exponent
        assert isinstance(exponent, int)
        return Decimal(5) * Decimal(10) ** (exponent - 1)

    @property
    def tolerance_reason(self) -> str:
        if self.uncertainty is not None:
            return "published standard uncertainty"
        return "rounding of the published value"

    def __str__(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        spread = f" ± {self.uncertainty}" if self.uncertainty is not None else ""
        return f"{self.value}{spread}{unit} ({self.quantity}; {self.citation})"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "reference") -> Reference:
        """A reference from a mapping such as a JSON object: ``quantity``, ``value``, ``unit``,
        ``citation`` (an object, see :meth:`Citation.from_mapping`) and optionally ``uncertainty``."""
        if not isinstance(data, Mapping):
            raise SymcheckError(f"{where} must be an object with {', '.join(_REFERENCE_FIELDS)}, "
                                f"got {type(data).__name__}")
        unknown = sorted(set(data) - set(_REFERENCE_FIELDS))
        if unknown:
            raise SymcheckError(f"{where} has unknown field(s) {', '.join(unknown)}; "
                                f"accepted: {', '.join(_REFERENCE_FIELDS)}")
        missing = [name for name in ("quantity", "value", "unit", "citation") if name not in data]
        if missing:
            raise SymcheckError(f"{where} lacks {', '.join(missing)}")
        citation = Citation.from_mapping(data["citation"], f"{where}: citation")
        return cls(data["quantity"], data["value"], data["unit"], citation, data.get("uncertainty"))


def _show(value: mpmath.mpf, digits: int) -> str:
    return mpmath.nstr(value, max(1, digits))


def _as_decimal(value: mpmath.mpf, digits: int) -> Decimal:
    return Decimal(mpmath.nstr(value, max(digits, 1), strip_zeros=False, min_fixed=-40, max_fixed=40))


@dataclass(frozen=True)
class ReferenceClaim(Check):
    """A computed value against a published :class:`Reference`: agreement, or a bound.

    With ``relation="="`` the value must agree within the reference's own tolerance (its standard
    uncertainty, else its rounding); a wider ``tolerance`` (a decimal string, in the reference's
    unit) needs a ``tolerance_reason``. With ``"<"``, ``"<="``, ``">"`` or ``">="`` the computed value
    must lie on that side of the reference by more than both uncertainties together, else the
    result is ``inconclusive``. ``computed`` is a SymPy number, a Python number (a float is taken as a
    double-precision value good to 15 digits, as :class:`~symcheck.checks.Claim` takes it) or a function of
    the working precision, in the reference's unit.
    """

    reference: Reference
    computed: Computed
    relation: str = field(default="=", kw_only=True)
    tolerance: str | None = field(default=None, kw_only=True)
    tolerance_reason: str = field(default="", kw_only=True)
    shown_digits: int = field(default=6, kw_only=True)
    accuracy_digits: int | None = field(default=None, kw_only=True)
    accuracy_reason: str = field(default="", kw_only=True)

    kind: ClassVar[str] = "reference"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.reference, Reference):
            raise SymcheckError(f"{self.id}: reference must be a Reference, got {type(self.reference).__name__}")
        computed = self.computed  # a deferred value is checked here when the claim runs and computes it
        if not isinstance(computed, Deferred) and (isinstance(computed, (bool, str)) or not (
                isinstance(computed, (int, float, sympy.Basic)) or callable(computed))):
            raise SymcheckError(f"{self.id}: computed must be a SymPy expression, a number or a function of the "
                                f"working precision, got {type(computed).__name__} {computed!r}")
        if isinstance(computed, (int, float)):
            object.__setattr__(self, "computed", sympy.sympify(computed, strict=True))
        if isinstance(computed, float) and self.accuracy_digits is None:  # as Claim takes a float
            object.__setattr__(self, "accuracy_digits", 15)
            object.__setattr__(self, "accuracy_reason", "a double-precision number")
        if self.relation not in _RELATIONS:
            raise SymcheckError(f"{self.id}: relation must be one of {', '.join(_RELATIONS)}; got {self.relation!r}")
        if self.tolerance is not None:
            _decimal(self.tolerance, f"{self.id}: tolerance")
            if not self.tolerance_reason:
                raise SymcheckError(f"{self.id}: a tolerance other than the reference's own needs a tolerance_reason")
        if self.accuracy_digits is not None:
            if isinstance(self.accuracy_digits, bool) or not isinstance(self.accuracy_digits, int) \
                    or self.accuracy_digits < 1:
                raise SymcheckError(f"{self.id}: accuracy_digits must be a positive integer, "
                                    f"got {self.accuracy_digits!r}")
            if not self.accuracy_reason:
                raise SymcheckError(f"{self.id}: accuracy_digits needs an accuracy_reason")

    @property
    def unit(self) -> str:
        """The unit of the computed value: the reference's."""
        return self.reference.unit

    def _run(self) -> Result:
        ref = self.reference
        if self.tolerance is None:
            tol, how = ref.tolerance, ref.tolerance_reason
        else:
            tol, how = Decimal(self.tolerance), self.tolerance_reason
        published = len(ref.decimal.as_tuple().digits)
        value, digits = evaluate(self.computed, max(30, published + 10))
        recomputed = f"recomputed to {digits} digits"
        if self.accuracy_digits is not None:
            digits = min(digits, self.accuracy_digits)
            recomputed = f"computed to {digits} digits ({self.accuracy_reason})"
        unit = f" {ref.unit}" if ref.unit else ""
        shown = min(digits, self.shown_digits)
        required = ref.value if self.relation == "=" else f"{self.relation} {ref.value}"
        values: dict[str, object] = dict(reference_value=required, reference=str(ref.citation),
                                         computed_value=_show(value, max(shown, 1)), digits=shown)
        if digits < 3:
            return self._result(Status.INCONCLUSIVE, "computed value not reproducible to 3 digits",
                                f"recomputation agreed to {digits} digits only", **values)
        with mpmath.workdps(max(40, published + 15)):
            difference = _as_decimal(value, digits) - ref.decimal
            # one unit in the last verified digit: what the computed value itself may be off by
            computed_error = abs(value) * mpmath.mpf(10) ** (1 - digits)
            if self.relation == "=":
                gap = mpmath.mpf(str(abs(difference)))
                detail = (f"{ref.quantity}: reference {ref.value}{unit}, computed {_show(value, shown)}{unit}, "
                          f"difference {_show(mpmath.mpf(str(difference)), 3)}{unit}, tolerance ±{tol}{unit} ({how})")
                method = f"{recomputed}; compared with the published value within ±{tol}{unit} ({how})"
                if abs(difference) <= tol:
                    return self._result(Status.HOLDS, method, detail, **values)
                if gap <= mpmath.mpf(str(tol)) + computed_error:
                    return self._result(
                        Status.INCONCLUSIVE,
                        f"not resolved: the difference is within the computed value's verified digits ({recomputed})",
                        f"{detail}; the computed value is good to {_show(computed_error, 2)}{unit}", **values)
                return self._result(Status.FAILS, method, detail, **values)
            margin = mpmath.mpf(str(difference))
            uncertainty = mpmath.mpf(str(tol)) + computed_error
            shown_margin = _show(margin, 3)
            if abs(margin) <= uncertainty:
                return self._result(
                    Status.INCONCLUSIVE,
                    f"not resolved: computed and reference differ by less than their uncertainties ({how}; {recomputed})",
                    f"{ref.quantity}: computed {_show(value, shown)}{unit}, reference {ref.value}{unit}, "
                    f"difference {shown_margin}{unit}, uncertainty {_show(uncertainty, 2)}{unit}",
                    **values)
            holds = _RELATIONS[self.relation](margin, 0)
        detail = (f"{ref.quantity}: computed {_show(value, shown)}{unit} {'is' if holds else 'is not'} "
                  f"{self.relation} the reference {ref.value}{unit} (difference {shown_margin}{unit}, "
                  f"uncertainty {_show(uncertainty, 2)}{unit})")
        method = f"{recomputed}; compared with the published bound {self.relation} {ref.value}{unit} ({how})"
        return self._result(Status.HOLDS if holds else Status.FAILS, method, detail, **values)
