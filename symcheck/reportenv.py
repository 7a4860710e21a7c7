"""The Jinja2 environment of report templates: sandboxed, bounded, LaTeX-escaping.

Report templates are data, not code: a ``--template DIR`` may come from anyone.
Every template, shipped or not, renders in a
:class:`jinja2.sandbox.ImmutableSandboxedEnvironment` that sees only plain
dicts, lists, strings and numbers (see :mod:`symcheck.reportdata`) and

* reaches no attribute that starts with ``_`` and calls no method but a few
  read-only string and dict methods (:data:`SAFE_METHODS`);
* has only the filters a report needs (:data:`FILTERS`), the tests, and a
  ``range`` of at most :data:`MAX_RANGE` items as its one global;
* cannot allocate without bound: ``+``, ``*``, ``~``, ``join`` and ``replace``
  refuse results longer than :data:`MAX_STRING` characters (or
  :data:`MAX_RANGE` items), ``%`` formatting and ``**`` beyond small numbers
  are refused, calls nest at most :data:`MAX_CALL_DEPTH` deep, and the whole
  output is cut at :data:`MAX_OUTPUT` characters with a one-line error.

Delimiters are LaTeX-safe: ``\\VAR{x}`` prints, ``\\BLOCK{for ...}`` is a
statement, ``\\#{...}`` a comment. Every printed value is escaped for LaTeX
unless it is :class:`~symcheck.latex.Trusted`; the ``trusted`` filter screens
its input with :func:`symcheck.latex.trusted_latex` first.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .latex import ReportError, Trusted, _breakable, latex_escape, trusted_latex

__all__ = ["environment", "FILTERS", "SAFE_METHODS", "MAX_RANGE", "MAX_STRING", "MAX_OUTPUT", "MAX_CALL_DEPTH",
           "TemplateLimit"]

#: Most items ``range`` gives, and most items a ``*`` or ``+`` may make of a list.
MAX_RANGE = 10_000
#: Longest string an expression may make.
MAX_STRING = 1_000_000
#: Longest output a template may produce.
MAX_OUTPUT = 20_000_000
#: Deepest nesting of calls (macros calling macros).
MAX_CALL_DEPTH = 50
#: The methods a template may call (read-only, on strings and dicts).
SAFE_METHODS = frozenset({"endswith", "startswith", "lower", "upper", "strip", "lstrip", "rstrip", "split",
                          "capitalize", "title", "items", "keys", "values", "get", "count", "isdigit",
                          "isalpha", "isspace"})
#: Jinja2's built-in filters a template may use (those that cannot allocate without bound).
_BUILTIN_FILTERS = ("abs", "attr", "capitalize", "count", "d", "default", "dictsort", "first", "float",
                    "groupby", "int", "items", "last", "length", "list", "lower", "map", "max", "min", "reject",
                    "rejectattr", "reverse", "round", "select", "selectattr", "sort", "string", "title", "trim",
                    "truncate", "unique", "upper", "wordcount")


class TemplateLimit(ReportError):
    """A template went past one of the limits on size, depth or time."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _limited(value: Any, what: str) -> Any:
    if isinstance(value, str) and len(value) > MAX_STRING:
        raise TemplateLimit(f"{what} would make a string of {len(value):,} characters; "
                            f"a template may make at most {MAX_STRING:,}")
    if isinstance(value, (list, tuple)) and len(value) > MAX_RANGE:
        raise TemplateLimit(f"{what} would make a list of {len(value):,} items; at most {MAX_RANGE:,}")
    return value


def _soft(text: object) -> Trusted:
    """Escaped text that may also break after ``/``, ``*`` and ``=`` (long formulas in details)."""
    out = []
    for c in str(text):
        out.append(latex_escape(c))
        if c in "/*=":
            out.append(r"\allowbreak{}")
    text = "".join(out)
    for pair in ("--", ",,"):
        while pair in text:
            text = text.replace(pair, pair[0] + "{}" + pair[1])
    return Trusted(text)


def _tt(text: object) -> Trusted:
    return Trusted(r"\texttt{" + _breakable(text) + "}")


def _tt(text: object) -> Trusted:
    return Trusted(r"\texttt{" + _breakable(text) + "}")


def _finalize(value: Any) -> str:
    if isinstance(value, Trusted):
        return str(value)
    if value is None:
        raise ReportError("a template printed None (test the value with `is none` first)")
    return latex_escape(str(value))  # str() of a StrictUndefined raises UndefinedError


def _join(values: Iterable[Any], separator: str = "") -> str:
    items = [str(v) for v in values]
    total = sum(map(len, items)) + len(str(separator)) * max(len(items) - 1, 0)
    if total > MAX_STRING:
        raise TemplateLimit(f"join would make a string of {total:,} characters; at most {MAX_STRING:,}")
    return str(separator).join(items)


def _replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text, old, new = str(value), str(old), str(new)
    hits = text.count(old) if count is None else min(text.count(old), int(count))
    if len(text) + hits * max(len(new) - len(old), 0) > MAX_STRING:
        raise TemplateLimit(f"replace would make a string longer than a template may make (at most {MAX_STRING:,})")
    return text.replace(old, new) if count is None else text.replace(old, new, int(count))


def _range(*args: int) -> range:
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise TemplateLimit(f"range of {len(values):,} items; a template may loop over at most {MAX_RANGE:,}")
    return values


class _CodeGenerator(CodeGenerator):
    """Jinja2's code generator, with ``~`` (concatenation) routed through a size check."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _ReportSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with every way to allocate without bound closed or capped."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%", "//"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._depth = 0

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not callable(value) or attr in SAFE_METHODS

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            raise SecurityError("%-formatting of strings is not available in report templates")
        if operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)):
            if abs(right) > 64 or (isinstance(left, int) and abs(left).bit_length() * abs(right) > 4096):
                raise TemplateLimit(f"{left!r} ** {right!r} is too large for a template")
        if operator == "*" and isinstance(right, (str, list, tuple)) and isinstance(left, int):
            left, right = right, left
        if operator == "*" and isinstance(left, (str, list, tuple)) and isinstance(right, int):
            limit = MAX_STRING if isinstance(left, str) else MAX_RANGE
            if len(left) * right > limit:
                raise TemplateLimit(f"'*' would make {len(left) * right:,} items; a template may make at most {limit:,}")
        if operator == "+":
            if _size(left) + _size(right) > (MAX_STRING if isinstance(left, str) else MAX_RANGE):
                raise TemplateLimit(f"'+' would make {_size(left) + _size(right):,} items; at most "
                                    f"{MAX_STRING if isinstance(left, str) else MAX_RANGE:,}")
        return super().call_binop(context, operator, left, right)

    def concat(self, parts: Iterable[Any]) -> str:
        """``a ~ b``: the parts as one string, no longer than :data:`MAX_STRING`."""
        texts = [str(p) for p in parts]
        if sum(map(len, texts)) > MAX_STRING:
            raise TemplateLimit(f"'~' would make a string of {sum(map(len, texts)):,} characters; "
                                f"at most {MAX_STRING:,}")
        return "".join(texts)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if __self._depth >= MAX_CALL_DEPTH:
            raise TemplateLimit(f"calls nest deeper than {MAX_CALL_DEPTH} (a macro calling itself without end?)")
        __self._depth += 1
        try:
            value = _limited(super().call(__context, __obj, *args, **kwargs), "a call")
            # a macro's output is template output, escaped already (and checked with the document)
            return Trusted(value) if isinstance(__obj, jinja2.runtime.Macro) else value
        finally:
            __self._depth -= 1


#: The filters of report templates: LaTeX helpers, and the safe subset of Jinja2's.
FILTERS: dict[str, Callable[..., Any]] = {
    "tt": _tt, "breakable": _breakable, "soft": _soft,
    "escape": lambda v: Trusted(latex_escape(v)), "e": lambda v: Trusted(latex_escape(v)),
    "trusted": lambda v: v if isinstance(v, Trusted) else trusted_latex(str(v)),
    "join": _join, "replace": _replace,
}


class _PackageLoader(jinja2.BaseLoader):
    """Templates shipped in ``symcheck/templates`` (read through importlib.resources)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if "/" in template or "\\" in template or template.startswith("."):
            raise jinja2.TemplateNotFound(template)
        resource = files("symcheck").joinpath("templates", template)
        if not resource.is_file():
            raise jinja2.TemplateNotFound(template)
        return resource.read_text(encoding="utf-8"), f"symcheck/templates/{template}", lambda: True

    def list_templates(self) -> list[str]:
        return sorted(p.name for p in files("symcheck").joinpath("templates").iterdir() if p.is_file())


class _RecordingLoader(jinja2.ChoiceLoader):
    """The user's templates, then the shipped ones; remembers which were loaded, in order."""

    def __init__(self, loaders: list[jinja2.BaseLoader]) -> None:
        super().__init__(loaders)
        self.loaded: list[str] = []

    def load(self, environment: jinja2.Environment, name: str, globals: Any = None) -> jinja2.Template:
        found = super().load(environment, name, globals)
        if name not in self.loaded:
            self.loaded.append(name)
        return found


def environment(template_dir: str | os.PathLike[str] | None = None) -> jinja2.Environment:
    """The sandboxed Jinja2 environment of reports: LaTeX-safe delimiters, strict, escaping by default."""
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        path = Path(template_dir)
        if not path.is_dir():
            raise ReportError(f"--template must be an existing directory of templates, got {str(path)!r}")
        loaders.append(jinja2.FileSystemLoader(str(path)))
    loaders.append(_PackageLoader())
    env = _ReportSandbox(
        loader=_RecordingLoader(loaders),
        block_start_string=r"\BLOCK{",
        block_end_string="}",
        variable_start_string=r"\VAR{",
        variable_end_string="}",
        comment_start_string=r"\#{",
        comment_end_string="}",
        line_comment_prefix="%#",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # escaping is done by `finalize`, for LaTeX rather than HTML
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    builtin = env.filters
    env.filters = {name: builtin[name] for name in _BUILTIN_FILTERS} | FILTERS
    env.globals = {"range": _range}
    return env
