"""Inputs with an admissible range: interval enclosures, the search, and verdicts that can fail."""

from __future__ import annotations

from decimal import Decimal

import mpmath
import pytest
import sympy as sp

from symcheck import Status, SymcheckError
from symcheck.inputs import Input, InputClaim, Printed, Tabulated, interval_value

a = sp.Symbol("a", positive=True)
b = sp.Symbol("b", positive=True)
HANDBOOK = Tabulated("2.00", "room temperature", "A. Handbook, 1st ed. (2000), table 1")
COLD = Tabulated("1.98", "5 K", "B. Table, J. Data 1, 1 (1999)")


def lattice(**kw) -> Input:
    return Input(a, "Å", (HANDBOOK, COLD), rounding="0.01", rounding_reason="quoted to 0.01", **kw)


@pytest.mark.parametrize("expr", [
    1 / a**2, sp.sqrt(3) * a / 2, a ** sp.Rational(2, 3) - sp.pi, sp.exp(-a) + sp.log(a), sp.Abs(a - 2),
    (a - 1) * (a + b) ** 3 / b, sp.Float("0.1") * a,
    sp.Abs(a - 3), 1 / sp.sqrt(a), sp.sqrt(b) / a,  # |x| of a negative box; the powers ±1/2
])
def test_interval_value_encloses_the_value_everywhere(expr):
    box = {a: mpmath.iv.mpf(["1.5", "2.5"]), b: mpmath.iv.mpf(["0.5", "0.7"])}
    enclosure = interval_value(expr, box)
    f = sp.lambdify((a, b), expr, modules="mpmath")
    for x in ("1.5", "1.7", "2", "2.5"):
        for y in ("0.5", "0.6", "0.7"):
            value = f(mpmath.mpf(x), mpmath.mpf(y))
            assert enclosure.a <= value <= enclosure.b


def test_interval_value_refuses_what_it_cannot_enclose():
    with pytest.raises(SymcheckError, match="no interval evaluation"):
        interval_value(sp.gamma(a), {a: mpmath.iv.mpf([1, 2])})


def test_admissible_range_is_the_tabulated_hull_widened_by_the_rounding():
    assert lattice().admissible() == (Decimal("1.975"), Decimal("2.005"))
    assert Input(a, "Å", (HANDBOOK,)).admissible() == (Decimal("2.00"), Decimal("2.00"))


def test_input_needs_provenance():
    with pytest.raises(SymcheckError, match="the value the paper states or tabulated"):
        Input(a, "Å")
    with pytest.raises(SymcheckError, match="stated_at"):
        Input(a, "Å", stated="2.0")
    with pytest.raises(SymcheckError, match="source"):
        Tabulated("2.0", "room temperature", "")
    with pytest.raises(SymcheckError, match="rounding_reason"):
        Input(a, "Å", (HANDBOOK,), rounding="0.01")


def test_search_finds_the_exact_range_and_holds():
    # 1/a^2 rounds to 0.253 for a in [1/sqrt(0.2535), 1/sqrt(0.2525)] = [1.98614, 1.99007]
    r = InputClaim("c", (Printed("E", "0.253", 1 / a**2),), (lattice(),)).run()
    assert r.status is Status.HOLDS
    assert "holds for a in [1.9861, 1.9901] Å" in r.detail
    assert "proved" in r.method


def test_no_admissible_input_fails_and_says_what_would_be_needed():
    # 0.30 needs a = 1/sqrt(0.30) ~ 1.826, outside [1.975, 2.005]
    r = InputClaim("c", (Printed("E", "0.300", 1 / a**2),), (lattice(),)).run()
    assert r.status is Status.FAILS
    assert "needs a in [1.82" in r.detail


def test_two_printed_numbers_must_agree_on_one_input():
    # each alone reproduces somewhere in the range, but not with the same a
    alone = [InputClaim("c", (Printed("E", v, 1 / a**2),), (lattice(),)).run().status for v in ("0.251", "0.255")]
    assert alone == [Status.HOLDS, Status.HOLDS]
    both = InputClaim("c", (Printed("E1", "0.251", 1 / a**2), Printed("E2", "0.255", 1 / a**2)), (lattice(),))
    assert both.run().status is Status.FAILS


def test_stated_input_is_used_and_a_miss_fails():
    stated = lattice(stated="1.98", stated_at="Section 1")
    assert InputClaim("c", (Printed("E", "0.255", 1 / a**2),), (stated,)).run().status is Status.HOLDS
    r = InputClaim("c", (Printed("E", "0.251", 1 / a**2),), (stated,)).run()
    assert r.status is Status.FAILS and "with the paper's a = 1.98 Å" in r.detail


def test_finding_reports_the_tabulated_values_and_is_optional():
    r = InputClaim("c", (Printed("E", "0.253", 1 / a**2),), (lattice(),)).run()
    # a = 2.00 gives 0.25 exactly, printed as 0.250, not 0.253
    assert "a = 2.00 Å (room temperature; A. Handbook" in r.finding and "prints 0.250, paper 0.253" in r.finding
    quiet = InputClaim("c", (Printed("E", "0.253", 1 / a**2),), (lattice(),), finding=False).run()
    assert quiet.finding is None


def test_stated_value_outside_the_tabulated_range_is_a_finding():
    r = InputClaim("c", (Printed("E", "0.20", 1 / a**2),),
                   (lattice(stated="2.24", stated_at="Section 1"),)).run()
    assert r.status is Status.HOLDS
    assert "lies outside the admissible" in r.finding


def test_two_free_inputs_are_searched_together():
    width = Input(b, "m", (Tabulated("1.0", "a", "S1"), Tabulated("3.0", "b", "S2")))
    r = InputClaim("c", (Printed("A", "4.0", a * b),), (lattice(), width)).run()
    assert r.status is Status.HOLDS
    assert "a in [" in r.detail and "b in [" in r.detail


def test_expression_must_use_only_inputs():
    with pytest.raises(SymcheckError, match="not an input"):
        InputClaim("c", (Printed("E", "1", a * b),), (lattice(),))


def test_a_stated_input_missing_by_more_than_the_rounding_fails():
    # 1/1.98² = 0.25508: the printed 0.256 is 0.00092 away, outside its ±0.0005 (inside twice that)
    stated = lattice(stated="1.98", stated_at="Section 1")
    r = InputClaim("c", (Printed("E", "0.256", 1 / a**2),), (stated,)).run()
    assert r.status is Status.FAILS and "E do not reproduce" in r.detail


def test_a_search_that_proves_nothing_is_inconclusive_not_holds():
    # 0.255 + (a - 2)² meets the printed 0.25 ± 0.005 only at a = 2, where it touches 0.255: every
    # box around a = 2 is neither wholly inside nor wholly outside, so the search ends undecided
    touching = Printed("E", "0.25", sp.Rational(255, 1000) + (a - 2) ** 2)
    r = InputClaim("c", (touching,), (lattice(),)).run()
    assert r.status is Status.INCONCLUSIVE and "undecided" in r.method
    assert r.computed_value is None
