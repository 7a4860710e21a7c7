"""Section 3 closed forms: Eqs. (3.1), (3.2), (3.12), (3.13) and the statements around them."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from symcheck_derivations.exchange_pairing import derivation, section3
from symcheck import Status

H, ME, EV, HBAR = 6.62607015e-34, 9.1093837139e-31, 1.602176634e-19, 6.62607015e-34 / (2 * math.pi)


def result(check_id: str):
    return derivation.checks[check_id].run()


@pytest.mark.parametrize(
    "check_id",
    ["3.1-first-order", "3.2-de-broglie", "3.12-standard-form", "3.13-fermi-liquid-dos", "3.13-power-law",
     "3-pair-momentum-bound", "3-electron-energy-gain", "3-scaling-same-exponent"],
)
def test_identities_are_proved(check_id):
    r = result(check_id)
    assert r.status is Status.HOLDS
    assert r.method.startswith("proved")


def test_bose_constant_is_the_ideal_gas_value():
    # independent: 2π/ζ(3/2)^(2/3) with ζ(3/2) = 2.612375348685488...
    assert float(section3.bose_constant()) == pytest.approx(2 * math.pi / 2.612375348685488 ** (2 / 3), rel=1e-14)
    r = result("3.13-bose-constant")
    assert r.status is Status.HOLDS and r.paper_value == "3.3125"


def test_eq_3_13_prefactor_is_one_to_four_decimals():
    ratio = section3.tbec_over_tstar()
    e_f, delta = sp.Symbol("E_F", positive=True), sp.Symbol(r"|\Delta|", positive=True)
    k = float(sp.N(ratio.subs(e_f, 8 * delta), 20)) / 2.0  # (8)^{1/3} = 2
    assert k == pytest.approx(3.3125 * 3.5 / (2 ** (4 / 3) * math.pi ** (4 / 3)), rel=1e-12)
    assert abs(k - 1) < 1e-4


def test_scaling_with_R_is_an_erratum():
    for check_id in ("3-scaling-EF-R2", "3-scaling-Elambda-R2"):
        r = result(check_id)
        assert r.kind == "erratum" and r.status is Status.FAILS and r.ok
        assert "R**(-2)" in r.detail  # the formula as SymPy prints it (typeset in reports)


def test_bismuth_wavelength_uses_h_not_hbar():
    lam_h = H / math.sqrt(2 * ME * 0.025 * EV)
    assert lam_h == pytest.approx(7.7566e-9, rel=1e-4)
    printed = result("3-bismuth-lambdaF-formula")
    assert printed.status is Status.FAILS and printed.ok
    assert float(printed.computed_value) == pytest.approx(HBAR / math.sqrt(2 * ME * 0.025 * EV), rel=1e-5)
    assert result("3-bismuth-lambdaF-with-h").status is Status.HOLDS


def test_every_section3_check_ends_as_expected():
    ids = [c for c in derivation.checks if c.startswith("3")]
    bad = [r.id for r in derivation.run(ids) if not r.ok]
    assert bad == []


@pytest.mark.parametrize("label", [f"3.{k}" for k in range(1, 14)])
def test_printed_form_is_transcribed(label):
    """Every labelled equation of Section 3 carries the paper's LaTeX and matches it, conditions included."""
    eq = derivation.equations[label]
    assert eq.printed.endswith(f"\\quad ({label})")
    r = result(f"{label}-transcription")
    assert r.status is Status.HOLDS, r.detail
    if "\\text{if }" in eq.printed:
        assert eq.condition is not None and "condition" in r.detail


def test_conditional_equations_state_their_condition_once():
    for label in ("3.4", "3.5", "3.6", "3.7", "3.8"):
        eq = derivation.equations[label]
        assert isinstance(eq.relation, sp.core.relational.Relational)
        assert "if " not in eq.note
