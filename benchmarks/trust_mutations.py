"""Mutation pass over the verdict logic and the content: is every deliberate one-line error caught?

Each mutant is one line of the engine (``symcheck/``) or of the content
(``derivations/exchange_pairing/``) changed the way a careless edit would change it: a tolerance
loosened, a comparison turned around, a verification step dropped (the recomputation at higher
precision, the erratum's check of what is true instead, a sign-change enclosure), an interval
classified wrongly, a Table 1 expression or datum, the sign, exponent or constant of an equation.

For every mutant the script

1. applies it to the working tree it runs in (this checkout),
2. runs the tests of the mutated module (and its doctests); the first failing test is what caught it
   (tests that fail before any mutation are found first and deselected),
3. if no test caught it (or with ``--always-check``), runs ``python -m symcheck check --json --paper
   PAPER`` (default ``../shared/paper/exchange-pairing.md`` beside the checkout; without ``--paper``
   if it is not found) and records its exit status and the checks not ending as expected,
4. restores the file with ``git checkout -- FILE``.

A mutant that neither step catches has the whole test suite run on it once (``--full``). The
script prints one row per mutant (what caught it, or SURVIVED) and the timings, and exits 1 if a
mutant survived every run. It refuses to start on a tree with uncommitted changes to the files it
mutates, since restoring them would lose those changes. A mutant whose text is no longer found (the
code has moved) is listed as not applicable and counted neither way.

Run:  python benchmarks/trust_mutations.py [--only NAME ...] [--full] [--paper FILE] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAPER = ROOT.parent / "shared" / "paper" / "exchange-pairing.md"  # beside the checkout, as in the README

# the tests that cover each mutated module (its doctests are added automatically)
CHECKS_TESTS = ("tests/symcheck/test_checks.py", "tests/symcheck/test_check_construction.py",
                "tests/symcheck/test_verification_steps.py", "tests/symcheck/test_inputs.py")
INPUTS_TESTS = ("tests/symcheck/test_inputs.py", "tests/derivations/test_table1.py")
STRATEGIES_TESTS = ("tests/symcheck/test_strategies.py", "tests/symcheck/test_sampling.py",
                    "tests/symcheck/test_checks.py", "tests/symcheck/test_verification_steps.py")
REFERENCE_TESTS = ("tests/symcheck/test_reference.py",)
TRANSCRIPTION_TESTS = ("tests/symcheck/test_transcription.py",)
NUMERICS_TESTS = ("tests/symcheck/test_numerics.py", "tests/symcheck/test_verification_steps.py")
TABLE1_TESTS = ("tests/derivations/test_table1.py", "tests/derivations/test_table1_inputs.py")
SECTION2_TESTS = ("tests/derivations/test_section2.py",)
SECTION3_TESTS = ("tests/derivations/test_section3.py",)
GAP_TESTS = ("tests/derivations/test_gap_verification_steps.py", "tests/derivations/test_gap.py")
MODELS_TESTS = ("tests/derivations/test_models.py",)
CONSTANTS_TESTS = ("tests/symcheck/test_constants.py", "tests/derivations/test_table1.py",
                   "tests/derivations/test_table1_inputs.py",
                   "tests/derivations/test_section3.py")

EP = "derivations/exchange_pairing"


@dataclass(frozen=True)
class Mutant:
    """One deliberate error: ``old`` replaced by ``new`` in ``path``.

    ``elsewhere`` lists the same error as ``(path, old, new)`` where the code has moved (a module
    split, a constant read from data); the first place where its text occurs exactly once is used.
    """

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]
    why: str = ""
    elsewhere: tuple[tuple[str, str, str], ...] = ()

    def located(self) -> Mutant | None:
        """This mutant at the place where its text occurs exactly once in this tree, or None."""
        for path, old, new in ((self.path, self.old, self.new), *self.elsewhere):
            file = ROOT / path
            if file.exists() and file.read_text(encoding="utf-8").count(old) == 1:
                return Mutant(self.name, path, old, new, self.tests, self.why)
        return None


MUTANTS: tuple[Mutant, ...] = (
    # -- engine: checks.py ---------------------------------------------------------------------
    Mutant("evaluate-no-higher-precision", "symcheck/checks.py",
           "a, b = once(digits), once(digits + 15)", "a, b = once(digits), once(digits)", CHECKS_TESTS,
           "the recomputation with 15 more digits dropped: every value agrees with itself"),
    Mutant("claim-tolerance-doubled", "symcheck/checks.py",
           "holds = abs(difference) <= tol", "holds = abs(difference) <= 2 * tol", CHECKS_TESTS,
           "a claim accepted within a whole unit of the last printed place"),
    Mutant("decimal-tolerance-exponent", "symcheck/checks.py",
           "return Decimal(5) * Decimal(10) ** (exponent - 1)", "return Decimal(5) * Decimal(10) ** exponent",
           CHECKS_TESTS, "the paper's rounding taken ten times too wide"),
    Mutant("claim-reproducibility-floor-dropped", "symcheck/checks.py",
           "if shown < 3:", "if shown < 1:", CHECKS_TESTS,
           "a value not reproducible to 3 digits is compared anyway"),
    Mutant("inequality-uncertainty-ignored", "symcheck/checks.py",
           "            if abs(margin) <= uncertainty:", "            if abs(margin) < 0:", CHECKS_TESTS,
           "an inequality decided inside the value's uncertainty"),
    Mutant("declared-accuracy-ignored", "symcheck/checks.py",
           "return min(verified, declared)", "return verified", CHECKS_TESTS,
           "a double-precision computation reported with 30 digits"),
    Mutant("erratum-drift-test-dropped", "symcheck/checks.py",
           "if inner.status == Status.FAILS and truth.status == Status.HOLDS:",
           "if inner.status == Status.FAILS:", CHECKS_TESTS,
           "a KnownErratum accepts any failure again, whatever the truth it records",
           (("symcheck/errata.py", "if inner.status == Status.FAILS and truth.status == Status.HOLDS:",
             "if inner.status == Status.FAILS:"),)),
    Mutant("erratum-expected-follows-outcome", "symcheck/checks.py",
           "expected=Status.FAILS,", "expected=inner.status,", CHECKS_TESTS,
           "an erratum whose paper statement starts to hold is still 'as expected'",
           (("symcheck/errata.py", "expected=Status.FAILS,", "expected=inner.status,"),)),
    Mutant("range-claim-or", "symcheck/checks.py",
           "Status.HOLDS if ok_lo and ok_hi else Status.FAILS", "Status.HOLDS if ok_lo or ok_hi else Status.FAILS",
           CHECKS_TESTS, "a range holds when one end reproduces"),
    Mutant("range-claim-high-end-low-tolerance", "symcheck/checks.py",
           "ok_hi = abs(_to_decimal(hi, 20) - hi_paper) <= tol_hi",
           "ok_hi = abs(_to_decimal(hi, 20) - hi_paper) <= tol_lo", CHECKS_TESTS,
           "the high end compared with the low end's rounding"),
    Mutant("limit-mpmath-tolerance-loose", "symcheck/checks.py",
           'agree = all(abs(v - target) <= mpmath.mpf("1e-8") * max(1, abs(target)) for v in estimates)',
           'agree = all(abs(v - target) <= mpmath.mpf("1e-2") * max(1, abs(target)) for v in estimates)',
           CHECKS_TESTS, "the mpmath cross-check of a limit accepts 1% agreement"),
    Mutant("limit-holds-without-cross-check", "symcheck/checks.py",
           "if symbolic is True and numeric is not False:", "if symbolic is True:", CHECKS_TESTS,
           "a limit holds on SymPy's word even when mpmath disagrees"),
    Mutant("erratum-instead-range-high-end", "symcheck/checks.py",
           'return check, RangeClaim(f"{check_id}/instead", instead[0], instead[1], computed, unit=unit)',
           'return check, RangeClaim(f"{check_id}/instead", instead[0], instead[0], computed, unit=unit)',
           CHECKS_TESTS, "the recorded truth of a range erratum compared with the wrong end",
           (("symcheck/errata.py",
             'return check, RangeClaim(f"{check_id}/instead", instead[0], instead[1], computed, unit=unit)',
             'return check, RangeClaim(f"{check_id}/instead", instead[0], instead[0], computed, unit=unit)'),)),
    # -- engine: inputs.py ---------------------------------------------------------------------
    Mutant("classify-never-outside", "symcheck/inputs.py",
           "if value.b < low or value.a > high:", "if value.b < low and value.a > high:", INPUTS_TESTS,
           "a box is never excluded: a printed number no input reproduces is not refuted"),
    Mutant("classify-inside-on-overlap", "symcheck/inputs.py",
           "if not (value.a >= low and value.b <= high):", "if not (value.a >= low or value.b <= high):",
           INPUTS_TESTS, "a box that only overlaps the printed rounding counts as reproducing"),
    Mutant("classify-double-tolerance", "symcheck/inputs.py",
           "low, high = target - tol, target + tol", "low, high = target - 2 * tol, target + 2 * tol",
           INPUTS_TESTS, "the interval search accepts twice the paper's rounding"),
    Mutant("admissible-full-rounding", "symcheck/inputs.py",
           "half = Decimal(self.rounding) / 2 if self.rounding is not None else Decimal(0)",
           "half = Decimal(self.rounding) if self.rounding is not None else Decimal(0)", INPUTS_TESTS,
           "the admissible range widened by a whole quoting step instead of half"),
    Mutant("admissible-high-end-not-widened", "symcheck/inputs.py",
           "return min(values) - half, max(values) + half", "return min(values) - half, max(values)",
           INPUTS_TESTS, "the admissible range widened on one side only"),
    Mutant("interval-abs-negative", "symcheck/inputs.py",
           "            return -inner\n", "            return inner\n", INPUTS_TESTS,
           "|x| of an all-negative interval enclosed as the negative interval"),
    Mutant("interval-inverse-sqrt", "symcheck/inputs.py",
           "return 1 / _iv.sqrt(value)", "return _iv.sqrt(value)", INPUTS_TESTS,
           "x**(-1/2) enclosed as x**(1/2)"),
    Mutant("stated-input-tolerance-doubled", "symcheck/inputs.py",
           "ok = abs(Decimal(mpmath.nstr(value, 30, min_fixed=-40, max_fixed=40)) - Decimal(p.value)) <= tol",
           "ok = abs(Decimal(mpmath.nstr(value, 30, min_fixed=-40, max_fixed=40)) - Decimal(p.value)) <= 2 * tol",
           INPUTS_TESTS, "with the paper's stated input a miss by up to a whole unit of the last place holds"),
    Mutant("search-undecided-holds", "symcheck/inputs.py",
           "status = Status.INCONCLUSIVE if undecided else Status.FAILS",
           "status = Status.HOLDS if undecided else Status.FAILS", INPUTS_TESTS,
           "an interval search that proved nothing reports 'holds'"),
    Mutant("finding-miss-inverted", "symcheck/inputs.py",
           "miss = printed_as != Decimal(p.value)", "miss = printed_as == Decimal(p.value)", INPUTS_TESTS,
           "the finding reports misses as reproductions"),
    # -- engine: strategies.py -----------------------------------------------------------------
    Mutant("numeric-test-half-digits", "symcheck/strategies.py",
           "tolerance = mpmath.mpf(10) ** (-digits)", "tolerance = mpmath.mpf(10) ** (-(digits // 2))",
           STRATEGIES_TESTS, "an identity 'verified to 30 digits' is compared to 15"),
    Mutant("sample-point-no-spread", "symcheck/strategies.py",
           "magnitude = mpmath.mpf(10) ** mpmath.mpf(rng.uniform(-1, 1))",
           "magnitude = mpmath.mpf(10) ** mpmath.mpf(rng.uniform(0, 0))", STRATEGIES_TESTS,
           "every random point has magnitude 1, where x**2 = x"),
    Mutant("sample-point-real-always-positive", "symcheck/strategies.py",
           "return magnitude if rng.random() < 0.5 else -magnitude", "return magnitude", STRATEGIES_TESTS,
           "a real symbol of either sign is only sampled positive"),
    # -- engine: reference.py ------------------------------------------------------------------
    Mutant("reference-bound-direction", "symcheck/reference.py",
           "holds = _RELATIONS[self.relation](margin, 0)", "holds = _RELATIONS[self.relation](0, margin)",
           REFERENCE_TESTS, "a variational bound checked the wrong way round"),
    Mutant("reference-bound-without-reference-uncertainty", "symcheck/reference.py",
           "uncertainty = mpmath.mpf(str(tol)) + computed_error", "uncertainty = computed_error",
           REFERENCE_TESTS, "a bound decided inside the reference's own uncertainty"),
    Mutant("reference-rounding-exponent", "symcheck/reference.py",
           "return Decimal(5) * Decimal(10) ** (exponent - 1)", "return Decimal(5) * Decimal(10) ** exponent",
           REFERENCE_TESTS, "a published value's rounding taken ten times too wide"),
    # -- engine: transcription.py --------------------------------------------------------------
    Mutant("transcription-flip-lt", "symcheck/transcription.py",
           '_FLIP = {"lt": "gt", "gt": "lt",', '_FLIP = {"lt": "lt", "gt": "lt",', TRANSCRIPTION_TESTS,
           "a printed b < a accepted for an encoded a < b"),
    Mutant("transcription-one-side-enough", "symcheck/transcription.py",
           "if isinstance(m_left, _Match) and isinstance(m_right, _Match):",
           "if isinstance(m_left, _Match) or isinstance(m_right, _Match):", TRANSCRIPTION_TESTS,
           "an encoded relation matches a printed one when only one side agrees"),
    Mutant("transcription-unprinted-condition-accepted", "symcheck/transcription.py",
           'failures.append(f"the encoded condition {sympy.sstr(eq.condition)} is not printed")',
           'notes.append(f"the encoded condition {sympy.sstr(eq.condition)} is not printed")',
           TRANSCRIPTION_TESTS, "an encoded condition the paper does not print passes as a note",
           (("symcheck/transcription.py",
             'failures.append(rich("the encoded condition ", Math(eq.condition), " is not printed"))',
             'notes.append(rich("the encoded condition ", Math(eq.condition), " is not printed"))'),)),
    # -- engine: numerics.py -------------------------------------------------------------------
    Mutant("bracketed-root-no-sign-confirmation", "symcheck/numerics.py",
           "if (fp > 0) != (fq > 0) and fp != 0 and fq != 0:", "if fp != 0 and fq != 0:", NUMERICS_TESTS,
           "a converged Newton step returned without the sign change that encloses it"),
    Mutant("agreement-digits-ceil", "symcheck/numerics.py",
           "return int(min(cap, max(0, mpmath.floor(-mpmath.log10(rel)))))",
           "return int(min(cap, max(0, mpmath.ceil(-mpmath.log10(rel)))))", NUMERICS_TESTS,
           "one digit more claimed than two evaluations share"),
    Mutant("fermi-wrong-branch", "symcheck/numerics.py",
           "        return e / (1 + e)\n", "        return 1 / (1 + e)\n", NUMERICS_TESTS,
           "the Fermi function above the Fermi edge is 1 - f"),
    # -- content: gap.py -------------------------------------------------------------------------
    Mutant("gap-enclosure-no-sign-change", f"{EP}/gap.py",
           "return lo != 0 and hi != 0 and (lo > 0) != (hi > 0)", "return lo != 0 and hi != 0", GAP_TESTS,
           "the mpmath root accepted without a sign change around it"),
    Mutant("gap-inverse-no-agreement", f"{EP}/gap.py",
           "if agreed >= digits and _verify_enclosure(lambda c: balance(c, e, s, w2 - guard), c2, digits):",
           "if _verify_enclosure(lambda c: balance(c, e, s, w2 - guard), c2, digits):", GAP_TESTS,
           "C reported without two precisions agreeing"),
    Mutant("gap-double-ignores-error-bound", f"{EP}/gap.py",
           "    if lo < -lo_err and hi > hi_err:\n        return c, digits",
           "    if lo < 0 and hi > 0:\n        return c, digits", GAP_TESTS,
           "the double-precision enclosure trusted inside its own error bound"),
    Mutant("gap-eq-3-7-sign", f"{EP}/gap.py",
           'sp.Eq(E_1, E_lambda - Delta_abs), source=PAPER,', 'sp.Eq(E_1, E_lambda + Delta_abs), source=PAPER,',
           GAP_TESTS + ("tests/derivations/test_section3.py",), "Eq. (3.7) with the sign of |Δ| flipped",
           ((f"{EP}/gap_equations.py", 'sp.Eq(E_1, E_lambda - Delta_abs), source=PAPER,',
             'sp.Eq(E_1, E_lambda + Delta_abs), source=PAPER,'),)),
    # -- content: section3.py, section2.py ---------------------------------------------------------
    Mutant("eq-3-2-constant", f"{EP}/section3.py",
           "sp.Eq(E_lambda, h**2 / (R**2 * 8 * m)), source=PAPER,",
           "sp.Eq(E_lambda, h**2 / (R**2 * 4 * m)), source=PAPER,", SECTION3_TESTS + TABLE1_TESTS,
           "Eq. (3.2) with 4 for 8"),
    Mutant("eq-3-12-exponent", f"{EP}/section3.py",
           "h**2 / (8 * m_star) * (3 * N / sp.pi) ** sp.Rational(2, 3)), source=PAPER,",
           "h**2 / (8 * m_star) * (3 * N / sp.pi) ** sp.Rational(3, 2)), source=PAPER,",
           SECTION3_TESTS + TABLE1_TESTS, "Eq. (3.12) with the exponent 3/2 for 2/3"),
    Mutant("bose-constant-typo", f"{EP}/section3.py",
           'BOSE_CONSTANT_PAPER = sp.Rational("3.3125")', 'BOSE_CONSTANT_PAPER = sp.Rational("3.3215")',
           SECTION3_TESTS, "the paper's boson-gas constant mistyped in the derivation of (3.13)"),
    Mutant("tstar-factor", f"{EP}/section3.py",
           "t_star = Delta_abs / (sp.Rational(7, 2) * k_B)", "t_star = Delta_abs / (sp.Rational(5, 2) * k_B)",
           SECTION3_TESTS, "3.5 k_B T* = |Δ| mistyped as 2.5"),
    Mutant("bismuth-hbar-for-h", f"{EP}/section3.py",
           "lambda_printed = (hbar * (e_f_bi * 2 * m) ** sp.Rational(-1, 2)).subs(consts)",
           "lambda_printed = (h * (e_f_bi * 2 * m) ** sp.Rational(-1, 2)).subs(consts)", SECTION3_TESTS,
           "the erratum's formula checked with h instead of the printed ħ"),
    Mutant("eq-2-10-sign", f"{EP}/section2.py",
           "sp.Eq(J_sym, K1 + K2 + Pe1 + Pe2 - P12 + PI1 + PI2), source=PAPER,",
           "sp.Eq(J_sym, K1 + K2 + Pe1 + Pe2 + P12 + PI1 + PI2), source=PAPER,", SECTION2_TESTS,
           "Eq. (2.10) without the double-counting sign"),
    # -- content: Table 1 ----------------------------------------------------------------------------
    Mutant("table1-r111-sqrt2", f"{EP}/table1.py",
           '"E_lambda_R111": e_lambda_eV(A * sp.sqrt(3) / 2),', '"E_lambda_R111": e_lambda_eV(A * sp.sqrt(2) / 2),',
           TABLE1_TESTS, "R_111 of the bcc cell as a√2/2 (the fcc distance)"),
    Mutant("table1-one-electron-per-cell", f"{EP}/table1.py",
           "return _energy_eV(EQ_3_12.rhs.subs(N, 2 / (a_angstrom * ANGSTROM) ** 3))",
           "return _energy_eV(EQ_3_12.rhs.subs(N, 1 / (a_angstrom * ANGSTROM) ** 3))", TABLE1_TESTS,
           "one electron per cubic cell instead of two (bcc)"),
    Mutant("table1-resolution-0.1", f"{EP}/table1.py",
           "step = str(Decimal(1).scaleb(finest))", "step = str(Decimal(1).scaleb(finest + 1))", TABLE1_TESTS,
           "the paper's 0.01 Å quoting read as 0.1 Å: the admissible lattice constants ten times wider"),
    Mutant("table1-cs-not-stated", f"{EP}/table1.py",
           'stated = {"Li": "Li_R100_angstrom", "Cs": "Cs_a_angstrom"}.get(metal)',
           'stated = {"Li": "Li_R100_angstrom"}.get(metal)', TABLE1_TESTS,
           "Cs searched over the tabulated range instead of the a = 6.14 Å the paper states"),
    Mutant("table1-difference-column-dropped", f"{EP}/table1.py",
           'for column in ("E_F_minus_E_lambda_R100", "E_F_minus_E_lambda_R111"):',
           'for column in ("E_F_minus_E_lambda_R100",):', TABLE1_TESTS,
           "the E_F - E_λ(R_111) column no longer checked"),
    Mutant("table1-text-li-radius", f"{EP}/table1.py",
           'Claim("3-Li-Elambda-text", "3.09", e_lambda_eV(li_r), unit="eV", equation="3.2",',
           'Claim("3-Li-Elambda-text", "3.09", e_lambda_eV(cs_r), unit="eV", equation="3.2",', TABLE1_TESTS,
           "the text's Li energy computed with the Cs radius"),
    Mutant("data-na-ef", f"{EP}/data/table1_paper.json",
           '"E_F": "3.16",', '"E_F": "3.61",', TABLE1_TESTS, "a printed Table 1 cell transposed"),
    Mutant("data-k-cold-lattice", f"{EP}/data/lattice_constants.json",
           '"a_angstrom": "5.23",', '"a_angstrom": "5.32",', TABLE1_TESTS,
           "the 5 K lattice constant of K transposed"),
    Mutant("data-cs-stated-a", f"{EP}/data/table1_paper.json",
           '"Cs_a_angstrom": "6.14",', '"Cs_a_angstrom": "6.41",', TABLE1_TESTS,
           "the lattice constant the paper states for Cs transposed"),
    # -- content: models, data, constants ----------------------------------------------------------------
    Mutant("helium-exchange-integral", f"{EP}/models/helium.py",
           '"K": sp.Rational(5, 16) * (8 * _AB / (alpha + beta) ** 3) ** 2 * (alpha + beta),',
           '"K": sp.Rational(5, 8) * (8 * _AB / (alpha + beta) ** 3) ** 2 * (alpha + beta),', MODELS_TESTS,
           "the helium exchange integral (ab|ab) twice too large"),
    Mutant("data-helium-exact-10th-digit", f"{EP}/data/two_electron_references.json",
           '"value": "-2.903724377034119598",', '"value": "-2.903724377134119598",', MODELS_TESTS,
           "the exact helium energy wrong in the 10th digit"),
    Mutant("constants-electron-mass-2018", "symcheck/constants.py",
           'sympy.Rational("9.1093837139e-31")', 'sympy.Rational("9.1093837015e-31")', CONSTANTS_TESTS,
           "the CODATA 2018 electron mass where the 2022 value is cited",
           (("symcheck/data/codata2022.json", '"value": "9.1093837139e-31"', '"value": "9.1093837015e-31"'),)),
    # -- further verification steps ----------------------------------------------------------------
    Mutant("inequality-error-estimate-ignored", "symcheck/checks.py",
           "uncertainty = max(uncertainty, abs(mpmath.mpf(self.error())))",
           "uncertainty = min(uncertainty, abs(mpmath.mpf(self.error())))", CHECKS_TESTS,
           "an inequality ignores the quadrature error it was given"),
    Mutant("prove-equal-undecided-is-proof", "symcheck/strategies.py",
           "if reduced == 0 or reduced.is_zero is True:", "if reduced == 0 or reduced.is_zero is not False:",
           STRATEGIES_TESTS, "a rewrite SymPy cannot decide counts as a proof"),
    Mutant("inputs-hull-low-end", "symcheck/inputs.py",
           "return min(b[axis][0] for b in boxes), max(b[axis][1] for b in boxes)",
           "return min(b[axis][0] for b in boxes), max(b[axis][0] for b in boxes)", INPUTS_TESTS,
           "'holds for a in [x, y]' reports a range short of its top box"),
    Mutant("reference-accuracy-ignored", "symcheck/reference.py",
           "digits = min(digits, self.accuracy_digits)", "digits = max(digits, self.accuracy_digits)",
           REFERENCE_TESTS, "a reference comparison ignores the declared accuracy of a double computation"),
    Mutant("gap-generic-odd-term-scaled", f"{EP}/gap.py",
           "return (s(y) - s_minus(v)) * fermi(v)", 'return (s(y) * mpmath.mpf("1.0001") - s_minus(v)) * fermi(v)',
           GAP_TESTS + ("tests/derivations/test_gap_generic_dos.py",),
           "one term of the (3.11) balance for a density of states that is not a power law scaled by 1.0001"),
    Mutant("gap-double-claims-15-digits", f"{EP}/gap.py",
           "    if digits > 13:\n        return c, 0  # double precision cannot verify more: a start for mpmath",
           "    if digits > 15:\n        return c, 0  # double precision cannot verify more: a start for mpmath",
           GAP_TESTS, "the double-precision inverse path claims up to 15 verified digits"),
    Mutant("heitler-london-coulomb", f"{EP}/models/heitler_london.py",
           '"C": 1 / R - sp.exp(-2 * R) * (1 / R + sp.Rational(11, 8) + 3 * R / 4 + R**2 / 6),',
           '"C": 1 / R - sp.exp(-2 * R) * (1 / R + sp.Rational(11, 8) + 3 * R / 4 + R**2 / 3),', MODELS_TESTS,
           "the Heitler-London Coulomb integral with R²/3 for R²/6"),
    Mutant("constants-hbar", "symcheck/constants.py",
           '"reduced Planck constant", "hbar", h.value / (2 * sympy.pi), "J s",',
           '"reduced Planck constant", "hbar", h.value / sympy.pi, "J s",', CONSTANTS_TESTS,
           "ħ = h/π",
           (("symcheck/constants.py", 'value["hbar"] = value["h"] / (2 * sympy.pi)',
             'value["hbar"] = value["h"] / sympy.pi'),)),
)


@dataclass
class Outcome:
    mutant: Mutant
    test: str | None = None  # the first failing test's node id
    test_seconds: float = 0.0
    check_rc: int | None = None
    check_ids: list[str] = field(default_factory=list)
    check_note: str = ""
    check_seconds: float = 0.0
    full: str | None = None  # first failing test of the full suite, when run
    full_seconds: float = 0.0

    @property
    def caught(self) -> bool:
        return bool(self.test or self.check_rc not in (0, None) or self.full)

    def row(self) -> str:
        parts = []
        if self.test:
            parts.append(f"test {self.test}")
        if self.check_rc not in (0, None):
            shown = ", ".join(self.check_ids[:4]) + (" ..." if len(self.check_ids) > 4 else "")
            parts.append(f"check exit {self.check_rc}" + (f" ({shown})" if shown else f" ({self.check_note})"))
        if self.full:
            parts.append(f"full suite {self.full}")
        return "; ".join(parts) if parts else "SURVIVED"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


def _pytest(args: list[str], deselect: frozenset[str] = frozenset()) -> tuple[str | None, float]:
    start = time.perf_counter()
    skip = [f"--deselect={node}" for node in sorted(deselect)]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-rfE", *skip, *args],
                          cwd=ROOT, env=_env(), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode == 0:
        return None, seconds
    found = _FAILED.search(proc.stdout)
    if found:
        return found.group(1), seconds
    tail = (proc.stdout.strip().splitlines() or proc.stderr.strip().splitlines() or ["?"])[-1]
    return f"pytest exit {proc.returncode}: {tail[:120]}", seconds


def _failing_before(args: list[str]) -> frozenset[str]:
    """The tests among ``args`` that fail on the unmutated tree (deselected in the mutant runs)."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE", *args],
                          cwd=ROOT, env=_env(), capture_output=True, text=True, check=False)
    return frozenset(_FAILED.findall(proc.stdout))


def _check(paper: Path | None) -> tuple[int, list[str], str, float]:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "symcheck", "check", "--json"] + (["--paper", str(paper)] if paper else [])
    proc = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        note = (proc.stderr.strip().splitlines() or ["no output"])[-1][:160]
        return proc.returncode, [], note, seconds
    return proc.returncode, list(data["summary"]["not_as_expected"]), "", seconds


def _apply(m: Mutant) -> None:
    path = ROOT / m.path
    text = path.read_text(encoding="utf-8")
    count = text.count(m.old)
    if count != 1:
        raise SystemExit(f"mutant {m.name}: the text to replace occurs {count} times in {m.path}, not once")
    path.write_text(text.replace(m.old, m.new, 1), encoding="utf-8")


def _restore(m: Mutant) -> None:
    subprocess.run(["git", "-C", str(ROOT), "checkout", "--", m.path], check=True)


def _doctest_target(path: str) -> list[str]:
    return [path] if path.endswith(".py") else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only these mutants (by name)")
    parser.add_argument("--full", action="store_true", help="run the whole suite on mutants nothing else caught")
    parser.add_argument("--no-check", action="store_true", help="skip `symcheck check`")
    parser.add_argument("--always-check", action="store_true",
                        help="run `symcheck check` on every mutant, not only on those the tests missed")
    parser.add_argument("--paper", type=Path, default=DEFAULT_PAPER if DEFAULT_PAPER.exists() else None)
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)

    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    if args.only and len(chosen) != len(set(args.only)):
        known = {m.name for m in MUTANTS}
        print(f"unknown mutant(s): {', '.join(sorted(set(args.only) - known))}", file=sys.stderr)
        return 2
    selected, missing = [], []
    for m in chosen:
        here = m.located()
        if here is None:
            missing.append(m)
        else:
            selected.append(here)
    for m in missing:  # the code has moved: the mutant needs its new place, it is not counted either way
        print(f"not applicable here (its text is not found once in {m.path} or elsewhere): {m.name}", file=sys.stderr)
    if args.list:
        for m in selected:
            print(f"{m.name:48} {m.path}: {m.why}")
        return 0
    paths = sorted({m.path for m in selected})
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", *paths],
                           capture_output=True, text=True, check=True).stdout.strip()
    if dirty:
        print(f"uncommitted changes in files this script mutates; commit them first:\n{dirty}", file=sys.stderr)
        return 2

    start = time.perf_counter()
    # tests that already fail on the unmutated tree would "catch" every mutant: find and deselect them
    broken: dict[tuple[str, ...], frozenset[str]] = {}
    for m in selected:
        key = tuple(m.tests) + tuple(_doctest_target(m.path))
        if key not in broken:
            broken[key] = _failing_before(list(key))
            for node in sorted(broken[key]):
                print(f"failing before any mutation (deselected): {node}", flush=True)
    outcomes: list[Outcome] = []
    for m in selected:
        o = Outcome(m)
        _apply(m)
        try:
            key = tuple(m.tests) + tuple(_doctest_target(m.path))
            o.test, o.test_seconds = _pytest(list(key), broken[key])
            if not args.no_check and (args.always_check or not o.test):
                o.check_rc, o.check_ids, o.check_note, o.check_seconds = _check(args.paper)
            if args.full and not o.caught:
                if () not in broken:
                    _restore(m)
                    broken[()] = _failing_before([])
                    _apply(m)
                o.full, o.full_seconds = _pytest([], broken[()])
        finally:
            _restore(m)
        outcomes.append(o)
        print(f"{m.name:48} {o.row()}  [{o.test_seconds:.0f}+{o.check_seconds:.0f}+{o.full_seconds:.0f} s]",
              flush=True)

    survivors = [o for o in outcomes if not o.caught]
    print(f"\n{len(outcomes)} mutants, {len(outcomes) - len(survivors)} caught, {len(survivors)} survived"
          + (f", {len(missing)} not applicable here" if missing else "") + f"; {time.perf_counter() - start:.0f} s")
    for o in survivors:
        print(f"SURVIVED {o.mutant.name}: {o.mutant.path}: {o.mutant.why}")
    if args.json:
        args.json.write_text(json.dumps([{
            "name": o.mutant.name, "path": o.mutant.path, "why": o.mutant.why, "old": o.mutant.old,
            "new": o.mutant.new, "test": o.test, "test_seconds": round(o.test_seconds, 1),
            "check_rc": o.check_rc, "check_not_as_expected": o.check_ids, "check_note": o.check_note,
            "check_seconds": round(o.check_seconds, 1), "full": o.full, "full_seconds": round(o.full_seconds, 1),
            "caught": o.caught} for o in outcomes], indent=1), encoding="utf-8")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
