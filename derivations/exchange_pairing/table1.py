"""Table 1 of the paper: E_F and E_{λ=2R} of the alkali metals, recomputed from its inputs.

E_{λ=2R} comes from Eq. (3.2) with R_100 = a and R_111 = a√3/2 of the bcc
cell; E_F from Eq. (3.12) with m* = m and one conduction electron per atom
(N = 2/a³), except for Li, whose E_F the paper takes from experiment [30].
The difference columns are differences of the printed (rounded) columns, as
the paper's own arithmetic.

The paper states its lattice constant only for Li (R_100 = 3.49 Å) and Cs
(a = 6.14 Å). For the other metals the lattice constant is an
:class:`~symcheck.inputs.Input` whose admissible values run between its
tabulated low-temperature and room-temperature values, widened by the
paper's 0.01 Å quoting; each row is checked over that range with interval
arithmetic. A row that reproduces for an admissible lattice constant is the
paper's arithmetic holding with an input choice, which the row's *finding*
states once, computed from the tabulated values; only a row that no
admissible input reproduces would be an error of the paper.

Data: ``data/lattice_constants.json`` (each value with its temperature and
source) and ``data/table1_paper.json`` (the printed table and the values
the text states).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from typing import Any

import sympy as sp

from symcheck import Check, Claim, Derivation
from symcheck.equation import relation
from symcheck.inputs import Input, InputClaim, Printed, Tabulated
from symcheck.mathtext import Math, Text, text
from symcheck.mathtext import text as rich
from symcheck.paper_source import InPaper, InSentence, InTable, paper_text

from .constants import value_of
from .section3 import EQ_3_2, EQ_3_12
from .symbols import E_lambda, N, R, h, m, m_star

__all__ = ["register", "report_tables", "lattice_data", "paper_table", "lattice_input", "fermi_input",
           "e_lambda_eV", "e_fermi_bcc_eV", "COLUMNS", "METALS", "A", "E_F_MEASURED"]

COLUMNS = ("E_F", "E_lambda_R100", "E_F_minus_E_lambda_R100", "E_lambda_R111", "E_F_minus_E_lambda_R111")
ENERGY_COLUMNS = ("E_F", "E_lambda_R100", "E_lambda_R111")
COLUMN_TITLES = {
    "E_F": "E_F",
    "E_lambda_R100": "E_λ=2R for R_100",
    "E_F_minus_E_lambda_R100": "E_F - E_λ=2R for R_100",
    "E_lambda_R111": "E_λ=2R for R_111",
    "E_F_minus_E_lambda_R111": "E_F - E_λ=2R for R_111",
}
METALS = ("Li", "Na", "K", "Rb", "Cs")
ANGSTROM = sp.Rational(1, 10**10)

#: The bcc lattice constant in Å, and Li's measured Fermi energy in eV: the inputs of Table 1.
A = sp.Symbol("a", positive=True)
E_F_MEASURED = sp.Symbol("E_F", positive=True)


def _load(name: str) -> dict[str, Any]:
    return json.loads(files(__package__).joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def lattice_data() -> dict[str, Any]:
    """The lattice-constant data file (each value with its temperature and source)."""
    return _load("lattice_constants.json")


@lru_cache(maxsize=None)
def paper_table() -> dict[str, Any]:
    """Table 1 as printed in the paper, and the inputs its text states."""
    return _load("table1_paper.json")


def _energy_eV(expr: sp.Expr) -> sp.Expr:
    consts = {h: value_of("h"), m: value_of("m_e"), m_star: value_of("m_e")}
    return expr.subs(consts) / value_of("eV")


def e_lambda_eV(R_angstrom: sp.Expr) -> sp.Expr:
    """E_{λ=2R} of Eq. (3.2) in eV, exact, for R in Å.

    >>> round(float(e_lambda_eV(sp.Rational("3.49"))), 4)
    3.0873
    """
    return _energy_eV(EQ_3_2.rhs.subs(R, R_angstrom * ANGSTROM))


def e_fermi_bcc_eV(a_angstrom: sp.Expr) -> sp.Expr:
    """E_F of Eq. (3.12) in eV with m* = m and N = 2/a³ (bcc, one electron per atom)."""
    return _energy_eV(EQ_3_12.rhs.subs(N, 2 / (a_angstrom * ANGSTROM) ** 3))


def _expressions(metal: str) -> dict[str, sp.Expr]:
    """Each energy column of the metal's row as an expression in the inputs."""
    measured = metal in paper_table()["measured_E_F"]
    return {
        "E_F": E_F_MEASURED if measured else e_fermi_bcc_eV(A),
        "E_lambda_R100": e_lambda_eV(A),
        "E_lambda_R111": e_lambda_eV(A * sp.sqrt(3) / 2),
    }


def _resolution() -> tuple[str, str]:
    """The paper's resolution for lattice constants, from the values its text states."""
    text = paper_table()["text_values"]
    stated = (text["Li_R100_angstrom"], text["Cs_a_angstrom"])
    exponents = {Decimal(v).as_tuple().exponent for v in stated}
    finest = min(exponents)  # type: ignore[type-var]
    step = str(Decimal(1).scaleb(finest))
    return step, (f"the paper quotes lattice constants to {step} Å (Section 3: Li R_100 = {stated[0]} Å, "
                  f"Cs a = {stated[1]} Å)")


def lattice_input(metal: str) -> Input:
    """The metal's lattice constant as an input: tabulated values, and the value the text states."""
    values = tuple(Tabulated(v["a_angstrom"], v["temperature"], v["source"])
                   for v in lattice_data()["metals"][metal])
    text = paper_table()["text_values"]
    stated = {"Li": "Li_R100_angstrom", "Cs": "Cs_a_angstrom"}.get(metal)
    step, reason = _resolution()
    return Input(A, "Å", values, rounding=step, rounding_reason=reason,
                 stated=text[stated] if stated else None,
                 stated_at=text["where"][stated] if stated else "")


def fermi_input(metal: str) -> Input | None:
    """The measured E_F the paper uses for the metal, if any (Li)."""
    measured = paper_table()["measured_E_F"].get(metal)
    if measured is None:
        return None
    printed = paper_table()["rows"][metal]["E_F"]
    return Input(E_F_MEASURED, "eV", stated=printed, stated_at=f"{measured['stated_at']} ({measured['source']})")


def _inputs(metal: str) -> tuple[Input, ...]:
    measured = fermi_input(metal)
    return (lattice_input(metal),) + ((measured,) if measured else ())


def _where(metal: str, column: str) -> Text:
    """The cell, its column named as the paper prints it (typeset in reports)."""
    return text(f"Table 1, {metal}, ", paper_text(PRINTED_HEADERS[column]))


def _row_check(metal: str) -> Check:
    row = paper_table()["rows"][metal]
    exprs = _expressions(metal)
    printed = tuple(Printed(paper_text(PRINTED_HEADERS[c]), row[c], exprs[c]) for c in ENERGY_COLUMNS
                    if exprs[c] is not E_F_MEASURED)
    return InputClaim(
        f"table1-{metal}-row", printed, _inputs(metal), unit="eV", equation="3.2", where=f"Table 1, {metal} row",
        detail=f"every energy of the {metal} row that Eqs. (3.2) and (3.12) compute, with one lattice constant",
    )


def _cell_checks(metal: str) -> list[Check]:
    row = paper_table()["rows"][metal]
    exprs = _expressions(metal)
    checks: list[Check] = []
    for column in ENERGY_COLUMNS:
        if exprs[column] is E_F_MEASURED:
            continue  # an input the paper takes from experiment, not a computed number
        checks.append(InputClaim(
            f"table1-{metal}-{column}", (Printed(paper_text(PRINTED_HEADERS[column]), row[column], exprs[column]),),
            _inputs(metal), unit="eV", finding=False,
            equation="3.12" if column == "E_F" else "3.2", where=_where(metal, column),
        ))
    for column in ("E_F_minus_E_lambda_R100", "E_F_minus_E_lambda_R111"):
        minuend, subtrahend = column.split("_minus_")
        checks.append(Claim(
            f"table1-{metal}-{column}", row[column], sp.Rational(row[minuend]) - sp.Rational(row[subtrahend]),
            unit="eV", equation="3.2", where=_where(metal, column),
            detail=text("the paper's arithmetic: its printed ", paper_text(PRINTED_HEADERS[minuend]),
                        f" {row[minuend]} minus its printed ", paper_text(PRINTED_HEADERS[subtrahend]),
                        f" {row[subtrahend]}"),
        ))
    return checks


def _text_checks() -> list[Check]:
    """The lattice parameters and energies the text of Section 3 quotes for Li and Cs."""
    text = paper_table()["text_values"]
    li_r, cs_a, cs_r = (sp.Rational(text[k]) for k in ("Li_R100_angstrom", "Cs_a_angstrom", "Cs_R111_angstrom"))
    return [
        Claim("3-Li-Elambda-text", "3.09", e_lambda_eV(li_r), unit="eV", equation="3.2",
              where=rich("Section 3, Li: ", Math(relation(E_lambda, sp.Float("3.09", 3))), " eV with ",
                         Math(relation(sp.Symbol("R_100"), sp.Float(text["Li_R100_angstrom"], 3))), " Å"),
              detail="the paper's arithmetic with its own R"),
        Claim("3-Cs-R111", text["Cs_R111_angstrom"], cs_a * sp.sqrt(3) / 2, unit="Å", equation="3.2",
              where=rich("Section 3, Cs: ", Math(sp.Symbol("R_111")), f" = {text['Cs_a_angstrom']}·√3/2 = "
                         f"{text['Cs_R111_angstrom']} Å")),
        Claim("3-Cs-Elambda-text", "1.33", e_lambda_eV(cs_r), unit="eV", equation="3.2",
              where=rich("Section 3, Cs: ", Math(relation(E_lambda, sp.Float("1.33", 3))), " eV with ",
                         Math(relation(sp.Symbol("R_111"), sp.Float(text["Cs_R111_angstrom"], 3))), " Å"),
              detail="the paper's arithmetic with its own R"),
    ]


#: Table 1's column headers exactly as the paper prints them (where its cells are looked up).
PRINTED_HEADERS = {
    "E_F": "E_F",
    "E_lambda_R100": r"$E_{\lambda=2R}$ for R_{100}",
    "E_F_minus_E_lambda_R100": r"$E_F - E_{\lambda=2R}$ for R_{100}",
    "E_lambda_R111": r"$E_{\lambda=2R}$ for R_{111}",
    "E_F_minus_E_lambda_R111": r"$E_F - E_{\lambda=2R}$ for R_{111}",
}


def _places() -> list[Check]:
    """Every transcribed number of Table 1 and of the text's Li and Cs sentences, at its place in the paper."""
    rows = paper_table()["rows"]
    text = paper_table()["text_values"]
    checks: list[Check] = [
        InPaper(f"table1-{metal}-{column}-in-paper", values=(rows[metal][column],),
                printed_at=InTable("Table 1", row=metal, column=PRINTED_HEADERS[column]),
                equation="3.12" if column == "E_F" else "3.2")
        for metal in METALS for column in COLUMNS
    ]
    checks.append(InPaper("3-Li-text-in-paper", equation="3.2",
                          values=("3.09", text["Li_R100_angstrom"], text["Li_E_F_eV"]),
                          printed_at=InSentence("Only Li is superconductor at ambient pressure")))
    checks.append(InPaper("3-Cs-text-in-paper", equation="3.2",
                          values=("1.33", text["Cs_a_angstrom"], text["Cs_R111_angstrom"], rows["Cs"]["E_F"]),
                          printed_at=InSentence("The next candidate in superconductors is Cs")))
    return checks


# -- report ------------------------------------------------------------------------------------------

_HEADER_LATEX = ["Metal", "Column", "Paper", r"From the paper's inputs", r"From the tabulated $a$", "Verdict"]


def _primary(metal: str) -> dict[str, str]:
    return lattice_data()["metals"][metal][0]


def _tabulated_values(metal: str) -> dict[str, sp.Expr]:
    """Each column from the first tabulated lattice constant (unrounded arithmetic throughout)."""
    a = sp.Rational(_primary(metal)["a_angstrom"])
    ef = e_fermi_bcc_eV(a)
    values = {"E_F": ef, "E_lambda_R100": e_lambda_eV(a), "E_lambda_R111": e_lambda_eV(a * sp.sqrt(3) / 2)}
    values["E_F_minus_E_lambda_R100"] = ef - values["E_lambda_R100"]
    values["E_F_minus_E_lambda_R111"] = ef - values["E_lambda_R111"]
    return values


def _show(value: sp.Expr) -> str:
    return f"{float(sp.N(value, 20)):.4f}"


def report_tables(d: Derivation) -> list[dict[str, Any]]:
    """Table 1 for reports: per cell the printed value, the value from the paper's inputs and
    arithmetic, the value from the tabulated lattice constant, and the verdict; then the input
    findings, one per row. Every number comes from running the ``table1-*`` checks or from the
    data files."""
    ids = [f"table1-{m}-{c}" for m in METALS for c in COLUMNS if f"table1-{m}-{c}" in d.checks]
    rows_ids = [f"table1-{m}-row" for m in METALS]
    results = {r.id: r for r in d.run(ids + rows_ids)}
    rows = []
    for metal in METALS:
        printed = paper_table()["rows"][metal]
        tabulated = _tabulated_values(metal)
        for column in COLUMNS:
            result = results.get(f"table1-{metal}-{column}")
            if result is None:
                ours, verdict = "input (measured)", "input"
            else:
                ours = result.computed_value or "none"
                verdict = result.status.value
            rows.append([metal if column == COLUMNS[0] else "", paper_text(PRINTED_HEADERS[column]), printed[column], ours,
                         _show(tabulated[column]), verdict])
    cells = {
        "title": "Table 1 side by side",
        "caption": "Table 1 of the paper (eV), cell by cell: the printed value; the value from the paper's inputs "
        "and arithmetic (the lattice constant the text states, or the midpoint of the range of admissible lattice "
        "constants for which the row reproduces, Eqs. (3.2) and (3.12); differences of the printed columns); the "
        "value from the first tabulated lattice constant of each metal with unrounded arithmetic; the verdict of "
        "the table1-* check.",
        "header": ["Metal", "Column", "Paper", "From the paper's inputs", "From the tabulated a", "Verdict"],
        "header_latex": _HEADER_LATEX,
        "align": "llrrrl",
        "rows": rows,
        "source": "printed values: " + paper_table()["source"] + "; tabulated a: "
        + "; ".join(f"{m} {_primary(m)['a_angstrom']} Å ({_primary(m)['temperature']})" for m in METALS)
        + ", sources in data/lattice_constants.json",
    }
    findings = {
        "title": "Table 1: input findings",
        "caption": "One finding per row: which lattice constants reproduce the row (checks table1-*-row) and what "
        "the tabulated values give instead. These are input choices, not errors of the paper.",
        "header": ["Metal", "Check", "Verdict", "Finding"],
        "align": "llll",
        "rows": [[m, f"table1-{m}-row", results[f"table1-{m}-row"].status.value,
                  "; ".join(x for x in (results[f"table1-{m}-row"].detail, results[f"table1-{m}-row"].finding) if x)]
                 for m in METALS],
    }
    return [cells, findings]


def register(d: Derivation) -> None:
    for metal in METALS:
        d.add_check(_row_check(metal))
        d.add_checks(_cell_checks(metal))
    d.add_checks(_text_checks())
    d.add_checks(_places())
    d.report_sections["table1"] = lambda: report_tables(d)
