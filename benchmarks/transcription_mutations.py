"""Mutation pass over the encoded equations and the paper's numbers: does ``symcheck check`` catch a one-symbol change?

1. For every equation with a printed form, deliberate one-place changes to the encoded SymPy
   statement (and to its condition): a sign, an exponent, a numeric constant, a missing factor, one
   symbol swapped for another of the same equation, a relation turned around. Each mutant replaces
   the equation in a one-equation derivation with the real notation tables; caught when the
   ``check`` command exits 1 and names the equation's transcription check.
2. With ``--paper FILE``: every transcribed paper number (the checks of kind ``paper``) with one
   digit changed, its sign flipped or its decimal point moved, and every printed equation with one
   character changed (a digit, a sign, a sub- or superscript); caught when ``check --paper`` exits 1
   and names that check.

Run:  python benchmarks/transcription_mutations.py [--per-equation N] [--paper FILE]
Prints one line per mutant and the score; exits 1 if any mutant survives.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from dataclasses import replace

import sympy as sp

from symcheck_derivations.exchange_pairing import build
from symcheck import Check, Derivation, Equation
from symcheck.cli import _cmd_check
from symcheck.paper_source import InPaper, PaperSource, PrintedEquation, using_paper

Path = tuple[int, ...]


def _nodes(expr: sp.Basic, path: Path = ()) -> Iterator[tuple[Path, sp.Basic]]:
    yield path, expr
    if isinstance(expr, sp.Integral):  # the integrand and the limits, not the bound variable itself
        yield from _nodes(expr.function, path + (0,))
        for k, limit in enumerate(expr.limits):
            for j, bound in enumerate(limit[1:], start=1):
                yield from _nodes(bound, path + (k + 1, j))
        return
    for i, arg in enumerate(expr.args):
        yield from _nodes(arg, path + (i,))


def _rebuild(expr: sp.Basic, path: Path, new: sp.Basic) -> sp.Basic:
    if not path:
        return new
    if isinstance(expr, sp.Integral):
        if path[0] == 0:
            return sp.Integral(_rebuild(expr.function, path[1:], new), *expr.limits)
        limits = [list(limit) for limit in expr.limits]
        limits[path[0] - 1][path[1]] = new
        return sp.Integral(expr.function, *[tuple(limit) for limit in limits])
    args = list(expr.args)
    args[path[0]] = _rebuild(args[path[0]], path[1:], new)
    if isinstance(expr, sp.core.relational.Relational):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def mutants(statement: sp.Basic) -> Iterator[tuple[str, sp.Basic]]:
    """One-place changes of ``statement``, each with a description."""
    symbols = sorted(statement.free_symbols, key=str)
    for path, node in _nodes(statement):
        if isinstance(node, sp.Pow) and node.exp.is_number:
            yield f"exponent {node.exp} -> {node.exp + 1} in {node}", _rebuild(statement, path, node.base ** (node.exp + 1))
        elif isinstance(node, sp.Rational) and node not in (0,) and path:
            yield f"constant {node} -> {node + 1}", _rebuild(statement, path, node + 1)
        elif isinstance(node, sp.Mul):
            factors = [f for f in node.args if not f.is_number]
            if len(node.args) > 1 and factors:
                dropped = factors[0]
                yield f"factor {dropped} dropped from {node}", _rebuild(statement, path, node / dropped)
        elif isinstance(node, sp.Add):
            term = node.args[-1]
            yield f"sign of {term} flipped", _rebuild(statement, path, node - 2 * term)
        elif isinstance(node, sp.Symbol) and path:
            others = [s for s in symbols if s != node and s.is_real == node.is_real]
            if others:
                yield f"symbol {node} -> {others[0]}", _rebuild(statement, path, others[0])
        elif isinstance(node, sp.core.relational.Relational):
            flipped = {sp.Le: sp.Ge, sp.Ge: sp.Le, sp.Lt: sp.Gt, sp.Gt: sp.Lt}.get(type(node))
            if flipped is not None:
                yield f"relation {node.rel_op} turned around", _rebuild(statement, path, flipped(*node.args, evaluate=False))


def run_one(equation: Equation, notation: dict) -> tuple[int, str]:
    """``symcheck check`` on a derivation holding only ``equation``: exit code and output."""
    d = Derivation("mutant", "mutant")
    d.add_notation(notation)
    d.add_equation(equation)
    out = io.StringIO()
    return _cmd_check(d, [], False, out), out.getvalue()


def number_mutants(value: str) -> Iterator[tuple[str, str]]:
    """One-symbol changes of a printed number: its last digit, its sign, its decimal point."""
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    mantissa_end = value.lower().find("e") if "e" in value.lower() else len(value)
    last = max(i for i in digits if i < mantissa_end)
    yield "last digit", value[:last] + str((int(value[last]) + 1) % 10) + value[last + 1:]
    yield "sign", value[1:] if value.startswith("-") else "-" + value
    point = value.find(".")
    if 0 <= point < mantissa_end - 1:  # the point one place to the right: 3.09 -> 30.9
        yield "decimal point", value[:point] + value[point + 1] + "." + value[point + 2:]
    else:  # an integer: one more digit, ten times the value
        yield "decimal point", value[:mantissa_end] + "0" + value[mantissa_end:]


def text_mutants(printed: str) -> Iterator[tuple[str, str]]:
    """One-character changes of a printed equation: a digit, a sign, a subscript, a superscript."""
    body = printed[: printed.rfind("\\quad")]  # not the label
    for what, old, new in (("sign", "+", "-"), ("sign", "-", "+"), ("subscript", "_1", "_2"),
                           ("superscript", "^2", "^3"), ("digit", "2", "3"), ("digit", "1", "4")):
        at = body.find(old)
        if at >= 0:
            yield f"{what} {old!r} -> {new!r} at {at}", printed[:at] + new + printed[at + len(old):]


def run_paper_check(check: Check, paper: PaperSource) -> tuple[int, str]:
    """``symcheck check --paper`` on the one check (a printed form comes with its equation)."""
    d = Derivation("mutant", "mutant")
    if isinstance(check, PrintedEquation):
        d.add_equation(check.encoded)  # adds the equation's <label>-in-paper check
    else:
        d.add_check(replace(check, equation=None))
    out = io.StringIO()
    with using_paper(paper):
        return _cmd_check(d, [check.id], False, out), out.getvalue()


def paper_pass(derivation: Derivation, paper: PaperSource) -> tuple[int, int]:
    caught = total = 0
    for check in derivation.checks.values():
        mutants_: list[tuple[str, Check]] = []
        if isinstance(check, InPaper):
            for k, value in enumerate(check.values):
                for how, changed in number_mutants(value):
                    values = check.values[:k] + (changed,) + check.values[k + 1:]
                    mutants_.append((f"{value} -> {changed} ({how})", replace(check, values=values)))
        elif isinstance(check, PrintedEquation):
            for how, changed in list(text_mutants(check.encoded.printed))[:2]:
                mutants_.append((how, replace(check, encoded=replace(check.encoded, printed=changed))))
        for how, mutant in mutants_:
            code, output = run_paper_check(mutant, paper)
            ok = code == 1 and check.id in output.split("not as expected:")[-1]
            caught += ok
            total += 1
            print(f"{'caught  ' if ok else 'SURVIVED'} [{check.id}] {how}")
    return caught, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-equation", type=int, default=5, help="mutants per equation and field (default 5)")
    parser.add_argument("--paper", metavar="FILE", help="the paper's markdown: also mutate the transcribed numbers")
    parser.add_argument("--skip-equations", action="store_true", help="only the paper pass")
    args = parser.parse_args()
    derivation = build()
    notation = dict(derivation.notation)
    caught = total = 0
    for eq in derivation.equations.values():
        if args.skip_equations or not eq.printed or eq.relation is None:
            continue
        fields = [("relation", eq.relation)] + ([("condition", eq.condition)] if eq.condition is not None else [])
        for field_name, statement in fields:
            seen: set[str] = set()
            count = 0
            for how, mutated in mutants(statement):
                kind = how.split()[0]
                if kind in seen or mutated == statement:
                    continue  # one mutant per kind, so the sample spreads over kinds
                seen.add(kind)
                count += 1
                total += 1
                code, output = run_one(replace(eq, **{field_name: mutated}), notation)
                named = f"{eq.label}-transcription" in output.split("not as expected:")[-1]
                ok = code == 1 and named
                caught += ok
                print(f"{'caught  ' if ok else 'SURVIVED'} ({eq.label}) {field_name}: {how}")
                if count >= args.per_equation:
                    break
    if total:
        print(f"\nencoded equations: {caught} of {total} mutants caught ({100 * caught / total:.0f} %)\n")
    if args.paper:
        p_caught, p_total = paper_pass(derivation, PaperSource.load(args.paper))
        print(f"\npaper's numbers and printed forms: {p_caught} of {p_total} mutants caught "
              f"({100 * p_caught / max(p_total, 1):.0f} %)")
        caught, total = caught + p_caught, total + p_total
    return 0 if caught == total else 1


if __name__ == "__main__":
    sys.exit(main())
