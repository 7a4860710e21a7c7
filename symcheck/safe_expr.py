"""A whitelist parser for user-supplied formulas (e.g. a density of states given on the command line).

Untrusted text is never passed to ``eval``, :func:`sympy.sympify` or ``parse_expr``: it is parsed by
:func:`ast.parse` (which builds a syntax tree and executes nothing), every node is checked against a
short whitelist, and the SymPy expression is built here node by node. Accepted: numbers, the named
variables, ``+ - * / **``, parentheses, the constants ``pi`` and ``e``, and the functions in
:data:`FUNCTIONS`. Anything else (attributes, subscripts, keywords, strings, lambdas, unknown names,
``__import__``...) is refused with a one-line :class:`~symcheck.errors.InputError` naming what was
found and what is accepted. Sizes are bounded so that a short string cannot build a huge number.
Every part of the formula must be a finite real value where it is a number: ``log(0)``, ``0**(-1)``
or ``(-1)**0.5`` are refused where they occur, and whatever else goes wrong while the expression is
built (an overflow, SymPy running out of memory) is an ``InputError`` too, never another exception.
Python's tokenizer warnings (e.g. "invalid decimal literal" for ``1if E``) are refusals, not
warnings printed ahead of the message.

>>> import sympy as sp
>>> E = sp.Symbol("E", positive=True)
>>> parse_expression("2*sqrt(E) + E**1.5", {"E": E}) == 2*sp.sqrt(E) + E**sp.Rational(3, 2)
True
>>> parse_expression("__import__('os')", {"E": E}, what="--dos")
Traceback (most recent call last):
...
symcheck.errors.InputError: --dos: function '__import__' is not accepted; use one of abs, cos, cosh, exp, log, sin, sinh, sqrt, tan, tanh
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import sympy

from .errors import InputError

__all__ = ["CONSTANTS", "FUNCTIONS", "parse_expression"]

#: Functions a formula may call, by name; each takes exactly one argument.
FUNCTIONS: dict[str, sympy.FunctionClass] = {
    "sqrt": sympy.sqrt,
    "exp": sympy.exp,
    "log": sympy.log,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "abs": sympy.Abs,
}
CONSTANTS: dict[str, sympy.Expr] = {"pi": sympy.pi, "e": sympy.E}

_MAX_LENGTH = 500
_MAX_DEPTH = 40
_MAX_LITERAL = Decimal("1e15")
_MAX_EXPONENT = 64


def parse_expression(text: str, variables: Mapping[str, sympy.Symbol], *, what: str = "expression") -> sympy.Expr:
    """Build a SymPy expression from ``text`` using only whitelisted syntax.

    ``variables`` maps the names the formula may use to SymPy symbols; ``what`` names the input
    in error messages (e.g. ``"--dos"``).
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{what} must be a non-empty formula, e.g. 'sqrt(E)'")
    if len(text) > _MAX_LENGTH:
        raise InputError(f"{what} is {len(text)} characters long; at most {_MAX_LENGTH} are accepted")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # tokenizer warnings refuse the text instead of printing
            tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, SyntaxWarning, DeprecationWarning, ValueError, MemoryError, RecursionError) as exc:
        reason = getattr(exc, "msg", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InputError(f"{what}: {text!r} is not a formula ({reason}); write e.g. 'sqrt(E)' or 'E**1.5'") from None
    builder = _Builder(variables, what)
    try:
        expr = builder.build(tree.body, 0)
    except InputError:
        raise
    except (ArithmeticError, TypeError, ValueError, AttributeError, KeyError, NotImplementedError,
            MemoryError, RecursionError) as exc:  # SymPy's automatic evaluation gave up
        raise InputError(
            f"{what}: {text!r} cannot be built ({type(exc).__name__} while evaluating it); simplify the formula"
        ) from None
    if not isinstance(expr, sympy.Expr):
        raise InputError(f"{what}: {text!r} is not an arithmetic expression")
    return expr


class _Builder:
    def __init__(self, variables: Mapping[str, sympy.Symbol], what: str) -> None:
        self.variables = dict(variables)
        self.what = what

    def fail(self, message: str) -> InputError:
        return InputError(f"{self.what}: {message}")

    def accepted(self) -> str:
        names = sorted(self.variables) + sorted(CONSTANTS)
        return f"numbers, {', '.join(names)}, + - * / ** and the functions {', '.join(sorted(FUNCTIONS))}"

    def build(self, node: ast.AST, depth: int) -> sympy.Expr:
        value = self._build(node, depth)
        if value.has(sympy.zoo, sympy.nan, sympy.oo):
            raise self.fail(f"{_shown(node)!r} is infinite or undefined (as log(0) or 0**(-1) are); "
                            "the formula must be finite")
        if value.is_number and value.is_extended_real is False:
            raise self.fail(f"{_shown(node)!r} is not a real number; the formula must be real")
        return value

    def _build(self, node: ast.AST, depth: int) -> sympy.Expr:
        if depth > _MAX_DEPTH:
            raise self.fail(f"formula nested more than {_MAX_DEPTH} levels deep")
        if isinstance(node, ast.Constant):
            return self.number(node.value)
        if isinstance(node, ast.Name):
            if node.id in self.variables:
                return self.variables[node.id]
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            raise self.fail(f"unknown name {node.id!r}; accepted: {self.accepted()}")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self.build(node.operand, depth + 1)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            left = self.build(node.left, depth + 1)
            right = self.build(node.right, depth + 1)
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Div):
                if right == 0:
                    raise self.fail("division by zero")
                return left / right
            return self.power(left, right)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                called = ast.unparse(node.func)[:40]
                raise self.fail(f"calling {called!r} is not accepted; use one of {', '.join(sorted(FUNCTIONS))}")
            name = node.func.id
            if name not in FUNCTIONS:
                raise self.fail(f"function {name!r} is not accepted; use one of {', '.join(sorted(FUNCTIONS))}")
            if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                raise self.fail(f"{name}() takes exactly one argument")
            return FUNCTIONS[name](self.build(node.args[0], depth + 1))
        kind = type(node).__name__
        raise self.fail(f"{kind} syntax is not accepted; accepted: {self.accepted()}")

    def number(self, value: object) -> sympy.Expr:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"only real numbers are accepted as constants, got {value!r}")
        try:
            dec = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise self.fail(f"not a number: {value!r}") from None
        if not dec.is_finite() or abs(dec) > _MAX_LITERAL:
            raise self.fail(f"numbers must be finite and at most {_MAX_LITERAL:.0e} in size, got {value!r}")
        return sympy.Rational(str(dec)) if isinstance(value, float) else sympy.Integer(value)

    def power(self, base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
        if exponent.is_number:
            if exponent.is_extended_real is not True:
                raise self.fail("complex exponents are not accepted")
            if abs(float(exponent)) > _MAX_EXPONENT:
                raise self.fail(f"exponents must be at most {_MAX_EXPONENT} in size, got {_short(exponent)}")
            if base.is_number and base.is_real and base != 0:
                size = abs(float(exponent)) * abs(float(sympy.log(abs(base), 10)))
                if size > 300:
                    raise self.fail("a power of two numbers would exceed 1e300")
        return base**exponent


def _shown(node: ast.AST) -> str:
    """The source text of a node, shortened for a one-line message."""
    return _short(ast.unparse(node))


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
