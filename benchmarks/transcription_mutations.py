"""Mutation pass over the encoded equations: does ``symcheck check`` catch a one-symbol change?

For every equation with a printed form, this script makes deliberate one-place changes to the
encoded SymPy statement (and to its condition): a sign, an exponent, a numeric constant, a missing
factor, one symbol swapped for another of the same equation, a relation turned around. Each
mutant replaces the equation in a one-equation derivation with the real notation tables, and the
``check`` command runs on it; a mutant is caught when the command exits 1 and names the equation's
transcription check.

Run:  python benchmarks/transcription_mutations.py [--per-equation N]
Prints one line per mutant and the score; exits 1 if any mutant survives.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from dataclasses import replace

import sympy as sp

from derivations.exchange_pairing import build
from symcheck import Derivation, Equation
from symcheck.cli import _cmd_check

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
                yield f"{node} -> {others[0]}", _rebuild(statement, path, others[0])
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-equation", type=int, default=3, help="mutants per equation and field (default 3)")
    args = parser.parse_args()
    derivation = build()
    notation = dict(derivation.notation)
    caught = total = 0
    for eq in derivation.equations.values():
        if not eq.printed or eq.relation is None:
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
    print(f"\n{caught} of {total} mutants caught ({100 * caught / max(total, 1):.0f} %)")
    return 0 if caught == total else 1


if __name__ == "__main__":
    sys.exit(main())
