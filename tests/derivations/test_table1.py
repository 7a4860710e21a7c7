"""Table 1 recomputed: independent float arithmetic, the input ranges, and no cell called an erratum."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from symcheck_derivations.exchange_pairing import derivation, table1
from symcheck import Status

H, ME, EV = 6.62607015e-34, 9.1093837139e-31, 1.602176634e-19


def e_lambda(r_angstrom: float) -> float:
    return H**2 / (8 * ME * (r_angstrom * 1e-10) ** 2) / EV


def e_fermi_bcc(a_angstrom: float) -> float:
    n = 2 / (a_angstrom * 1e-10) ** 3
    hbar = H / (2 * math.pi)
    return hbar**2 * (3 * math.pi**2 * n) ** (2 / 3) / (2 * ME) / EV


def rounds_to(value: float, printed: str) -> bool:
    places = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) <= 0.5 * 10**-places


@pytest.mark.parametrize("a", [3.49, 4.2906, 5.321, 5.705, 6.141])
def test_expressions_match_float_arithmetic(a):
    r = sp.Rational(str(a))
    assert float(table1.e_lambda_eV(r)) == pytest.approx(e_lambda(a), rel=1e-12)
    assert float(table1.e_lambda_eV(r * sp.sqrt(3) / 2)) == pytest.approx(e_lambda(a * math.sqrt(3) / 2), rel=1e-12)
    assert float(table1.e_fermi_bcc_eV(r)) == pytest.approx(e_fermi_bcc(a), rel=1e-12)


def _results():
    ids = [c for c in derivation.checks if c.startswith("table1-") and not c.endswith("-in-paper")]
    return {r.id: r for r in derivation.run(ids)}


def test_no_table1_cell_is_an_erratum_and_every_cell_holds():
    results = _results()
    # 5 rows + 24 cells (Li's E_F is the paper's measured input, not a computed cell)
    assert len(results) == 29
    assert all(r.kind == "claim" for r in results.values())
    assert all(r.status is Status.HOLDS and r.ok for r in results.values()), [
        (r.id, r.detail) for r in results.values() if r.status is not Status.HOLDS]


@pytest.mark.parametrize("metal", ["Na", "K", "Rb"])
def test_row_range_reproduces_every_energy_by_independent_arithmetic(metal):
    """The row check's 'holds for a in [x, y]': both ends (just inside) reproduce every printed energy
    by plain float arithmetic, and just outside the range at least one does not."""
    r = derivation.checks[f"table1-{metal}-row"].run()
    low, high = (float(v) for v in r.detail.split("holds for a in [")[1].split("]")[0].split(", "))
    row = table1.paper_table()["rows"][metal]

    def all_reproduce(a: float) -> bool:
        return (rounds_to(e_fermi_bcc(a), row["E_F"]) and rounds_to(e_lambda(a), row["E_lambda_R100"])
                and rounds_to(e_lambda(a * math.sqrt(3) / 2), row["E_lambda_R111"]))

    assert all_reproduce(low + 1e-4) and all_reproduce(high - 1e-4)
    admissible_low, admissible_high = table1.lattice_input(metal).admissible()
    if low - 1e-3 > admissible_low:
        assert not all_reproduce(low - 1e-3)
    if high + 1e-3 < admissible_high:
        assert not all_reproduce(high + 1e-3)


def test_row_findings_are_computed_from_the_tabulated_values():
    r = derivation.checks["table1-K-row"].run()
    # K at the room-temperature 5.321 A: E_lambda(R_100) = 1.3281 eV prints 1.33, the paper's 1.32
    assert f"{e_lambda(5.321):.4f}" in r.finding
    assert "prints 1.33, paper 1.32" in r.finding
    li = derivation.checks["table1-Li-row"].run()
    assert "3.49 Å is the tabulated 78 K value" in li.finding
    assert f"{e_lambda(3.5093):.4f}" in li.finding  # what room temperature would give


def test_findings_are_stated_once_per_row():
    results = _results()
    with_finding = sorted(r.id for r in results.values() if r.finding)
    assert with_finding == sorted(f"table1-{m}-row" for m in table1.METALS)


def test_stated_inputs_are_used_for_li_and_cs():
    cs = derivation.checks["table1-Cs-E_F"].run()
    assert "with the paper's a = 6.14 Å" in cs.detail
    assert cs.computed_value.startswith(f"{e_fermi_bcc(6.14):.4f}"[:5])


def test_a_printed_value_no_admissible_input_reproduces_fails():
    from symcheck.inputs import InputClaim, Printed

    wrong = InputClaim("x", (Printed("E", "2.25", table1.e_lambda_eV(table1.A)),),
                       (table1.lattice_input("Na"),), unit="eV").run()
    assert wrong.status is Status.FAILS
    # and it says which lattice constant 2.25 eV would need: about sqrt(37.603/2.25) = 4.088 A
    assert "needs a in [4.08" in wrong.detail


def test_the_paper_arithmetic_on_its_rounded_columns_is_checked():
    from symcheck import Claim

    row = table1.paper_table()["rows"]["Na"]
    check = derivation.checks["table1-Na-E_F_minus_E_lambda_R100"]
    assert isinstance(check, Claim)
    assert check.computed == sp.Rational(row["E_F"]) - sp.Rational(row["E_lambda_R100"])


def test_every_table1_number_is_found_at_its_place_in_the_paper():
    from pathlib import Path

    from symcheck.paper_source import PaperSource, using_paper

    paper = Path(__file__).resolve().parents[3] / "shared" / "paper" / "exchange-pairing.md"
    if not paper.exists():
        pytest.skip("the paper's source is not beside the repository")
    ids = [c for c in derivation.checks if c.endswith("-in-paper") and (c.startswith("table1-") or "-text-" in c)]
    assert len(ids) == 27
    with using_paper(PaperSource.load(paper)):
        results = derivation.run(ids)
    assert all(r.status is Status.HOLDS for r in results), [(r.id, r.detail) for r in results if not r.ok]
