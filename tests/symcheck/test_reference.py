"""Reference values with their citations, and the check that compares a computed value with one."""

from __future__ import annotations

import json
from decimal import Decimal

import mpmath
import pytest
import sympy as sp

from symcheck import (
    Check,
    Citation,
    KnownDeviation,
    Reference,
    ReferenceClaim,
    Status,
    SymcheckError,
)

CITE = Citation(authors="A. Author and B. Author", publication="J. Test.", volume="12", page="345", year=2001,
                locator="Table 2")


def ref(value: str, uncertainty: str | None = None, unit: str = "hartree") -> Reference:
    return Reference("test quantity", value, unit, CITE, uncertainty)


# -- Citation ---------------------------------------------------------------------------------------
def test_citation_text_names_every_part():
    full = Citation(authors="H. Nakashima and H. Nakatsuji", publication="J. Chem. Phys.", volume="127",
                    page="224104", year=2007, locator="ground state of He", doi="10.1063/x",
                    title="A title", via="a secondary source, p. 3")
    assert str(full) == ("H. Nakashima and H. Nakatsuji, 'A title', J. Chem. Phys. 127, 224104 (2007), "
                         "ground state of He, doi:10.1063/x; as given in a secondary source, p. 3")
    assert str(CITE) == "A. Author and B. Author, J. Test. 12, 345 (2001), Table 2"


@pytest.mark.parametrize("kwargs, message", [
    (dict(authors="", publication="J", year=2000), "authors must not be empty"),
    (dict(authors="A", publication="  ", year=2000), "publication must not be empty"),
    (dict(authors="A", publication="J", year="2000"), "integer year"),
    (dict(authors="A", publication="J", year=True), "integer year"),
    (dict(authors="A", publication="J", year=99), "integer year"),
    (dict(authors="A", publication="J", year=2000, page=12), "page must be a string"),
])
def test_citation_refuses_incomplete_or_mistyped_fields(kwargs, message):
    with pytest.raises(SymcheckError, match=message):
        Citation(**kwargs)


def test_citation_is_required_to_have_authors_publication_year():
    with pytest.raises(TypeError):
        Citation(authors="A", publication="J")  # type: ignore[call-arg]


# -- Reference --------------------------------------------------------------------------------------
def test_reference_tolerance_is_rounding_or_published_uncertainty():
    assert ref("-2.84765625").tolerance == Decimal("5E-9") and ref("-2.84765625").tolerance_reason == (
        "rounding of the published value")
    assert str(ref("1.5e3").tolerance) == "50"
    codata = ref("27.211386245981", uncertainty="0.000000000030", unit="eV")
    assert str(codata.tolerance) == "3.0E-11" and codata.tolerance_reason == "published standard uncertainty"
    assert codata.exact == sp.Rational(27211386245981, 10**12)
    assert str(codata) == ("27.211386245981 ± 0.000000000030 eV (test quantity; A. Author and B. Author, "
                           "J. Test. 12, 345 (2001), Table 2)")


@pytest.mark.parametrize("value, uncertainty, message", [
    (3.14, None, "as a string"),
    ("pi", None, "decimal number as published"),
    ("nan", None, "finite"),
    ("1.0", "-0.1", "must not be negative"),
    ("1.0", 0.1, "as a string"),
])
def test_reference_refuses_floats_and_bad_numbers(value, uncertainty, message):
    with pytest.raises(SymcheckError, match=message):
        Reference("q", value, "eV", CITE, uncertainty)


def test_reference_needs_a_citation_object():
    with pytest.raises(SymcheckError, match="needs a Citation"):
        Reference("q", "1.0", "eV", "Author 2001")  # type: ignore[arg-type]


def test_reference_from_mapping_round_trip_and_errors():
    data = json.loads('{"quantity": "q", "value": "1.25", "unit": "eV", "uncertainty": "0.01",'
                      ' "citation": {"authors": "A", "publication": "J", "year": 1999, "page": "7"}}')
    made = Reference.from_mapping(data)
    assert made == Reference("q", "1.25", "eV", Citation(authors="A", publication="J", year=1999, page="7"), "0.01")
    with pytest.raises(SymcheckError, match="unknown field.*status"):
        Reference.from_mapping({**data, "status": "checked"})
    with pytest.raises(SymcheckError, match="lacks citation"):
        Reference.from_mapping({k: v for k, v in data.items() if k != "citation"})
    with pytest.raises(SymcheckError, match="citation has unknown field.*source"):
        Reference.from_mapping({**data, "citation": {**data["citation"], "source": "x"}})
    with pytest.raises(SymcheckError, match="citation lacks year"):
        Reference.from_mapping({**data, "citation": {"authors": "A", "publication": "J"}})
    with pytest.raises(SymcheckError, match="must be an object"):
        Reference.from_mapping(["q"])  # type: ignore[arg-type]


# -- ReferenceClaim: agreement ----------------------------------------------------------------------
def test_agreement_within_rounding_holds_and_outside_fails():
    exact = -sp.Rational(27, 16) ** 2
    result = ReferenceClaim("he", ref("-2.84765625"), exact).run()
    assert result.status == Status.HOLDS and result.kind == "reference"
    assert result.paper_value is None
    assert result.reference_value == "-2.84765625" and result.reference == str(CITE)
    assert result.computed_value == "-2.84766" and result.digits == 6
    assert "rounding of the published value" in result.method
    # one unit in the last published place away: fails
    assert ReferenceClaim("he", ref("-2.84765626"), exact).run().status == Status.FAILS
    # half a unit is the edge of the rounding interval
    assert ReferenceClaim("edge", ref("1.2"), sp.Rational(125, 100)).run().status == Status.HOLDS
    assert ReferenceClaim("edge", ref("1.2"), sp.Rational(1251, 1000)).run().status == Status.FAILS


def test_agreement_uses_the_published_uncertainty_not_the_rounding():
    value = sp.Rational("27.21138624600")  # 1.9e-11 from the reference: inside ±3.0e-11
    assert ReferenceClaim("u", ref("27.211386245981", "0.000000000030", "eV"), value).run().status == Status.HOLDS
    value = sp.Rational("27.21138624602")  # 3.9e-11 away: outside
    assert ReferenceClaim("u", ref("27.211386245981", "0.000000000030", "eV"), value).run().status == Status.FAILS


def test_many_digit_reference_is_compared_at_its_own_precision():
    # a 19-digit reference: the computed value must be evaluated beyond 19 digits to be judged
    he = ref("-2.903724377034119598")
    close = sp.Rational("-2.9037243770341195984")
    off = sp.Rational("-2.9037243770341195990")  # 1e-18 away, i.e. two units in the last place
    assert ReferenceClaim("he", he, close).run().status == Status.HOLDS
    assert ReferenceClaim("he", he, off).run().status == Status.FAILS


def test_wider_tolerance_needs_reason_and_is_used():
    with pytest.raises(SymcheckError, match="needs a tolerance_reason"):
        ReferenceClaim("t", ref("1.0"), sp.Integer(1), tolerance="0.5")
    result = ReferenceClaim("t", ref("1.0"), sp.Rational(13, 10), tolerance="0.5",
                            tolerance_reason="model accuracy").run()
    assert result.status == Status.HOLDS and "model accuracy" in result.method


def test_function_of_precision_is_verified_by_recomputation():
    calls = []

    def value(dps: int) -> mpmath.mpf:
        calls.append(dps)
        with mpmath.workdps(dps):
            return mpmath.pi

    result = ReferenceClaim("pi", ref("3.14159", unit=""), value).run()
    assert result.status == Status.HOLDS and "recomputed to 30 digits" in result.method
    assert len(calls) == 2 and calls[1] == calls[0] + 15


def test_unreproducible_value_is_inconclusive_not_holds():
    state = iter([mpmath.mpf("3.1"), mpmath.mpf("3.3")])
    result = ReferenceClaim("noisy", ref("3.1", unit=""), lambda dps: next(state)).run()
    assert result.status == Status.INCONCLUSIVE and "not reproducible" in result.method


def test_declared_accuracy_caps_the_digits():
    result = ReferenceClaim("d", ref("3.14159", unit=""), lambda dps: mpmath.mpf(3.141592653589793),
                            accuracy_digits=2, accuracy_reason="a crude estimate").run()
    assert result.status == Status.INCONCLUSIVE and result.digits == 2


# -- ReferenceClaim: bounds -------------------------------------------------------------------------
def test_variational_bound_holds_above_and_fails_below():
    exact = ref("-2.903724377034119598")
    above = ReferenceClaim("bound", exact, -sp.Rational(27, 16) ** 2, relation=">").run()
    assert above.status == Status.HOLDS and above.reference_value == "> -2.903724377034119598"
    assert "published bound" in above.method
    below = ReferenceClaim("bound", exact, sp.Rational(-3), relation=">").run()
    assert below.status == Status.FAILS and "is not > the reference" in below.detail
    assert ReferenceClaim("lt", exact, sp.Rational(-3), relation="<").run().status == Status.HOLDS


def test_bound_within_the_uncertainties_is_inconclusive():
    # 2e-9 above a value rounded to 8 decimals (±5e-9): not resolved either way
    result = ReferenceClaim("near", ref("-2.84765625"), sp.Rational("-2.847656248"), relation=">").run()
    assert result.status == Status.INCONCLUSIVE and "not resolved" in result.method
    # the same margin against an uncertainty of 1e-10 is resolved
    resolved = ReferenceClaim("near", ref("-2.84765625", "0.0000000001"), sp.Rational("-2.847656248"),
                              relation=">").run()
    assert resolved.status == Status.HOLDS


# -- construction ------------------------------------------------------------------------------------
def test_required_arguments_are_required():
    with pytest.raises(TypeError):
        ReferenceClaim("x")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ReferenceClaim("x", ref("1.0"))  # type: ignore[call-arg]


@pytest.mark.parametrize("computed", ["3.14", True, None, [3.14]])
def test_text_bools_and_other_objects_are_refused_as_computed(computed):
    with pytest.raises(SymcheckError, match=f"a SymPy expression, a number or a function of the working precision, "
                                            f"got {type(computed).__name__}"):
        ReferenceClaim("x", ref("3.14"), computed)


def test_float_computed_is_a_double_good_to_15_digits():
    check = ReferenceClaim("x", ref("3.14159265358979", unit=""), 3.141592653589793)
    assert check.accuracy_digits == 15 and check.accuracy_reason == "a double-precision number"
    result = check.run()
    assert result.status == Status.HOLDS and result.digits == 6 and "a double-precision number" in result.method
    # 17 published digits can be neither confirmed nor refuted by a double
    finer = ReferenceClaim("x", ref("3.1415926535897932", unit=""), 3.141592653589793).run()
    assert finer.status == Status.INCONCLUSIVE and "within the computed value's verified digits" in finer.method
    # but a double far off is refuted
    assert ReferenceClaim("x", ref("3.1415926535897932", unit=""), 3.1416).run().status == Status.FAILS


def test_int_computed_is_accepted_as_exact():
    assert ReferenceClaim("x", ref("3", unit=""), 3).run().status == Status.HOLDS


@pytest.mark.parametrize("kwargs, message", [
    (dict(relation="=="), "relation must be one of"),
    (dict(tolerance="wide", tolerance_reason="r"), "decimal number"),
    (dict(accuracy_digits=0, accuracy_reason="r"), "positive integer"),
    (dict(accuracy_digits=5), "needs an accuracy_reason"),
])
def test_bad_options_fail_at_construction(kwargs, message):
    with pytest.raises(SymcheckError, match=message):
        ReferenceClaim("x", ref("1.0"), sp.Integer(1), **kwargs)


def test_reference_must_be_a_reference():
    with pytest.raises(SymcheckError, match="must be a Reference"):
        ReferenceClaim("x", "1.0", sp.Integer(1))  # type: ignore[arg-type]


def test_is_a_check_and_json_carries_reference_not_paper():
    check = ReferenceClaim("j", ref("1.0"), sp.Integer(1), equation="2.9", where="model")
    assert isinstance(check, Check)
    data = check.run().to_json()
    assert data["kind"] == "reference" and data["paper_value"] is None
    assert data["reference_value"] == "1.0" and data["reference"] == str(CITE)
    json.dumps(data)


def test_known_deviation_keeps_the_reference_fields():
    def deviation(instead: str) -> KnownDeviation:
        inner = ReferenceClaim("inner", ref("-1.1744746"), sp.Rational("-1.1159"))
        return KnownDeviation("model-vs-accurate", check=inner, instead=instead,
                              explanation="the model recovers only part of the binding energy")

    result = deviation("-1.1159").run()
    assert result.kind == "deviation" and result.ok and result.status == Status.FAILS
    assert result.reference_value == "-1.1744746" and result.reference == str(CITE)
    assert result.paper_value is None
    # the model's own value, recorded as what is true instead, is watched for drift
    assert deviation("-1.1200").run().status == Status.ERROR


# -- in the report -----------------------------------------------------------------------------------
def test_report_shows_references_apart_from_the_papers_numbers():
    from symcheck import Claim, Derivation, Equation
    from symcheck import report as rep

    x = sp.Symbol("x", positive=True)
    d = Derivation("refs", "refs")
    d.add_equation(Equation("1", "a model", sp.Eq(x, x)))
    d.add_check(Claim("paper-number", "3.14", sp.pi, equation="1", where="printed pi"))
    d.add_check(ReferenceClaim("ref-bound", ref("-2.903724377034119598"), -sp.Rational(27, 16) ** 2,
                               relation=">", equation="1", where="model above the exact energy"))
    d.add_check(KnownDeviation("ref-dev", check=ReferenceClaim("inner", ref("-1.1744746"), sp.Rational("-1.1159")),
                               instead="-1.1159", explanation="the model misses part of the binding",
                               equation="1"))
    tex = rep.render(d).tex
    audit = tex[tex.index(r"\section{Claims audit}"):tex.index(r"\label{sec:references}")]
    references = tex[tex.index(r"\label{sec:references}"):tex.index(r"\section{Where the paper does not hold}")]
    assert "3 & .14 &" in audit and "903724377034119598" not in audit and "1744746" not in audit
    assert r"Check & \multicolumn{2}{c}{Reference} & \multicolumn{2}{c}{Computed} & Digits & Verdict" in references
    # aligned on the decimal point: the integer part and the point with the fraction in two cells
    assert r"\textgreater{}~\ensuremath{-}2 & .903724377034119598" in references
    assert r"\ensuremath{-}1 & .1744746" in references
    assert rep.latex_escape(str(CITE)) in references
    assert "Published reference values compared with a model of this equation: 2" in tex
    assert r"\emph{Reference:}" in tex and r"\emph{Source:} " + rep.latex_escape(str(CITE)) in tex


def test_common_check_fields_are_validated_too():
    with pytest.raises(SymcheckError, match="check id must be a non-empty string"):
        ReferenceClaim("", ref("1.0"), sp.Integer(1))
