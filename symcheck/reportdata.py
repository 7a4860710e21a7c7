"""What a report shows, as plain data: check results, figure data files, tables.

Everything here turns a derivation's objects (:class:`~symcheck.results.Result`,
:class:`~symcheck.figures.Figure`, :class:`~symcheck.figures.Map`, report
sections) into dicts, lists and strings, so a template sees data and never a
live object with methods. Text stays text (the template's ``finalize`` escapes
it); LaTeX from data is screened by :func:`symcheck.latex.screen_latex` and
arrives as :class:`~symcheck.latex.Trusted`. Text with formulas
(:class:`~symcheck.mathtext.Text`: a detail, a note, a caption, a table cell)
becomes LaTeX in :func:`rich_latex`: the text escaped, each formula typeset
from SymPy's LaTeX and screened. Figures become pgfplots data files (numbers
only) and the view their template draws them from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from .figures import Figure, Map
from .latex import ReportError, Trusted, latex_escape, screen_latex
from .mathtext import Math, parts_of
from .results import Result, Status
from .strategies import LADDER

__all__ = ["contour_segments", "result_view", "figure_view", "section_tables", "symbol_latex", "versions",
           "slug", "provider_name", "Rendered", "MAX_MAP_CELLS", "MAX_CURVE_POINTS", "rich_latex", "shown_as",
           "decimal_cell", "SHOWN"]

#: Largest map drawn as is; bigger grids are thinned (and the caption says so), as
#: TeX's memory and compile time grow with every cell.
MAX_MAP_CELLS = 80 * 80
#: Most points drawn of one curve; longer series are thinned (first and last point kept) and the
#: caption says so.
MAX_CURVE_POINTS = 2000


def _verdict(result: Result) -> tuple[str, str, str]:
    """Plain words for how a check ended (long and short), and a class for colour: ok, erratum, bad, unknown."""
    deviation = result.kind == "deviation"  # expected to fail, but not the paper's error
    if result.status is Status.HOLDS:
        if result.ok:
            return "holds", "holds", "ok"
        record = "a known deviation" if deviation else "an erratum"
        return (f"holds, but is recorded as {record}: the record is out of date",
                f"holds ({'deviation' if deviation else 'erratum'} record out of date)", "bad")
    if result.status is Status.FAILS:
        if result.ok and deviation:
            return ("does not hold, as expected: a known deviation, not an error of the paper",
                    "known deviation (not the paper's error)", "deviation")
        if result.ok:
            return "does not hold: the paper is wrong here (known erratum)", "paper wrong (known erratum)", "erratum"
        return "does not hold (not expected)", "FAILS (not expected)", "bad"
    if result.status is Status.INCONCLUSIVE:
        return "inconclusive: neither shown nor refuted", "inconclusive", "unknown"
    if result.status is Status.NOT_RUN:
        return "not run (the reason is in the detail); counted neither way", "not run", "unknown"
    return "the check raised an error", "error in the check", "bad"


#: The part of an identity's detail that depends on the machine's speed: which rewrites the
#: time limit stopped (symcheck.checks.Identity). Reports keep the fact, not the list, so the
#: same derivation gives the same report on a busy machine.
_TIMED_OUT = re.compile(r"(rewrites stopped by the [0-9.eE+-]+ s limit): [A-Za-z_, ]+")


#: How a check's verdict was reached, as the verdict overview counts it (see :func:`shown_as`).
SHOWN = ("proved", "numerically", "refuted", "open")

_NUMERIC_WORDS = ("numerically", "not proved", "mpmath limit only", "recomputed", "computed to", "compared")


def shown_as(result: Result) -> str:
    """``proved``, ``numerically`` (verified at finite precision, numbers recomputed included),
    ``refuted`` (shown false: disproved, a counterexample, a number not reproduced) or ``open``
    (inconclusive, not run, an error), read from the result's status and ``method``.

    The method's wording is the check kinds' (symcheck.checks, symcheck.strategies): "proved
    (cancel)", "SymPy limit, cross-checked by mpmath", "verified numerically (5 points, 30 digits);
    not proved", "recomputed to 30 digits; compared within ...".
    """
    if result.status is Status.FAILS:
        return "refuted"
    if result.status is not Status.HOLDS:
        return "open"
    method = result.method.split(": ", 1)[-1] if result.kind in ("erratum", "deviation") else result.method
    if "not proved" in method or "numerically" in method or "mpmath limit only" in method:
        return "numerically"
    if method.startswith("proved") or "proved" in method.split(";")[0] or method.startswith("SymPy limit"):
        return "proved"
    return "numerically" if any(w in method for w in _NUMERIC_WORDS) else "open"


_BREAK_AFTER = "/*="
#: SymPy rewrites named in a method ("proved (expand_complex)"): printed as code.
_REWRITES = re.compile(r"\b(" + "|".join(sorted((re.escape(n) for n, _ in LADDER), key=len, reverse=True)) + r")\b")


def _text_latex(text: str, code_names: bool = False, breaks: bool = False) -> str:
    out = []
    last = 0
    matches = list(_REWRITES.finditer(text)) if code_names else []
    for match in matches + [None]:
        chunk = text[last:match.start()] if match else text[last:]
        for c in chunk:
            out.append(latex_escape(c))
            if breaks and c in _BREAK_AFTER:
                out.append(r"\allowbreak{}")
        if match:
            out.append(r"\texttt{" + latex_escape(match.group(1)) + "}")
            last = match.end()
    joined = "".join(out)
    for pair in ("--", ",,"):
        while pair in joined:
            joined = joined.replace(pair, pair[0] + "{}" + pair[1])
    return joined


def rich_latex(value: object, what: str, problems: list[str] | None = None, code_names: bool = False,
               breaks: bool = False) -> Trusted:
    """Text with formulas as LaTeX: text escaped (with ``breaks``, breakable after ``/``, ``*``, ``=``),
    formulas typeset.

    Each :class:`~symcheck.mathtext.Math` part is SymPy's LaTeX (or the paper's), screened by
    :func:`~symcheck.latex.screen_latex`; one that is refused is recorded in ``problems`` and printed as
    text. With ``code_names``, SymPy rewrite names (``expand_complex``) print as code.
    """
    out = []
    for part in parts_of(value):
        if isinstance(part, Math):
            out.append("$" + screen_latex(part.latex, what, problems) + "$")
        else:
            out.append(_text_latex(part, code_names, breaks))
    return Trusted("".join(out))


def _without_timing(value: object) -> object:
    """The detail without what depends on the machine's speed (which rewrites a time limit stopped)."""
    from .mathtext import Text

    parts = [_TIMED_OUT.sub(r"\1 (which ones depends on the machine's speed)", p) if isinstance(p, str) else p
             for p in parts_of(value)]
    return Text(parts)


def result_view(result: Result, problems: list[str] | None = None) -> dict[str, Any]:
    data = result.to_json()
    data.pop("seconds", None)  # wall-clock time: not reproducible, not printed
    detail = _without_timing(result.detail)
    data["detail"] = str(detail)
    what = f"check {result.id}"
    data["detail_latex"] = rich_latex(detail, what + ", detail", problems, breaks=True)
    data["where_latex"] = rich_latex(result.where, what + ", where", problems, breaks=True)
    data["method_latex"] = rich_latex(result.method, what + ", method", problems, code_names=True, breaks=True)
    data["finding_latex"] = None if not getattr(result, "finding", None) else rich_latex(
        result.finding, what + ", finding", problems)
    data["verdict"], data["verdict_short"], data["verdict_class"] = _verdict(result)
    data["numeric"] = result.paper_value is not None or result.computed_value is not None
    data["shown"] = shown_as(result)
    for key in ("paper_value", "computed_value", "reference_value"):
        value = getattr(result, key)
        data[key] = None if value is None else str(value)
        data[key + "_cells"] = None if value is None else decimal_cell(str(value))
        data[key + "_latex"] = None if value is None else rich_latex(value, f"{what}, {key}", problems, breaks=True)
    return data


#: A number as tables print it: sign, digits, a decimal point, digits, an exponent.
_DECIMAL = re.compile(r"\s*([<>]=?\s*)?([+-]?\d*)(\.\d*)?([eE][+-]?\d+)?\s*")


def _number_latex(integer: str, fraction: str, exponent: str | None) -> tuple[str, str]:
    left = integer.replace("-", r"\ensuremath{-}")
    right = fraction
    if exponent:
        power = int(exponent[1:])
        right += r"\ensuremath{\times 10^{" + str(power) + "}}"
    return left, right


def decimal_cell(value: str) -> tuple[Trusted, Trusted] | None:
    """A number split at its decimal point into the two LaTeX cells of an ``r@{}l`` column pair.

    ``"-0.92"`` -> ``("-0", ".92")``, ``"1.3e-5"`` -> ``("1", ".3 x 10^-5")``; anything that is not one
    number (a range, text) is None: the template then spans both cells.

    >>> decimal_cell("3.09"), decimal_cell("12"), decimal_cell("4.5-11")
    (('3', '.09'), ('12', ''), None)
    """
    match = _DECIMAL.fullmatch(value)
    if match is None or not re.search(r"\d", value):
        return None
    relation, integer, fraction, exponent = match.groups()
    left, right = _number_latex(integer, fraction or "", exponent)
    if relation:
        left = latex_escape(relation.strip()) + "~" + left
    return Trusted(left), Trusted(right)


def versions() -> dict[str, str]:
    import mpmath
    import sympy

    from . import __version__

    def dist(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:  # pragma: no cover
            return "unknown"

    return {
        "symcheck": __version__,
        "sympy": sympy.__version__,
        "mpmath": mpmath.__version__,
        "mpmath_backend": str(mpmath.libmp.BACKEND),
        "jinja2": dist("jinja2"),
    }


def _number(value: float) -> str:
    """Fixed formatting of plot data: 10 significant digits, 'nan' for gaps."""
    if not math.isfinite(value):
        return "nan"
    text = f"{value:.10g}"
    return "0" if text == "-0" else text


def _floats(values: Iterable[Any], what: str) -> list[float]:
    out = []
    for i, v in enumerate(values):
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            raise ReportError(f"{what}[{i}] is not a number: {v!r}") from None
    return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "x"


@dataclass
class Rendered:
    """What a figure needs in the template, and the data files it reads."""

    view: dict[str, Any]
    files: dict[str, str]


def _figure_data(fig: Figure, data_dir: str) -> Rendered:
    series = []
    data: dict[str, str] = {}
    if not fig.series:
        raise ReportError(f"figure {fig.name!r} has no series")
    xs: list[float] = []
    ys: list[float] = []
    thinned = []
    for k, s in enumerate(fig.series, start=1):
        x = _floats(s.x, f"figure {fig.name!r}, series {s.label!r}, x")
        y = _floats(s.y, f"figure {fig.name!r}, series {s.label!r}, y")
        if len(x) != len(y):
            raise ReportError(f"figure {fig.name!r}, series {s.label!r}: x and y differ in length")
        xs.extend(x)
        ys.extend(y)
        step = _stride(len(x), MAX_CURVE_POINTS)
        keep = sorted(set(range(0, len(x), step)) | {len(x) - 1})
        if step > 1:
            thinned.append(f"{s.label}: one point in {step} of {len(x)}")
        name = f"{fig.name}-{k}.dat"
        data[name] = "x y\n" + "".join(f"{_number(x[i])} {_number(y[i])}\n" for i in keep)
        label_latex = getattr(s, "label_latex", None)
        series.append({"label": s.label,
                       "label_latex": None if label_latex is None else screen_latex(
                           label_latex, f"figure {fig.name!r}, series {s.label!r}, label_latex"),
                       "file": Trusted(f"{data_dir}/{name}")})
    view = _axes(fig, "curves") | {"series": series, "xfixed": _fixed_ticks(xs), "yfixed": _fixed_ticks(ys),
                                   "thinned": "; ".join(thinned)}
    return Rendered(view, data)


def _fixed_ticks(values: Iterable[float]) -> bool:
    """Whether a log axis over ``values`` reads better as 0.25, 1, 4 than as powers of ten."""
    finite = [v for v in values if math.isfinite(v) and v > 0]
    return bool(finite) and min(finite) >= 1e-3 and max(finite) <= 1e4


def _stride(n: int, limit: int) -> int:
    return max(1, math.ceil(n / limit))


def _between(a: float, b: float, t: float, log: bool) -> float:
    if log and a > 0 and b > 0:
        return 10 ** (math.log10(a) + t * (math.log10(b) - math.log10(a)))
    return a + t * (b - a)


def contour_segments(x: Sequence[float], y: Sequence[float], z: Sequence[Sequence[float]], level: float,
                     xlog: bool = False, ylog: bool = False) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Line segments of ``z == level`` by marching squares (linear along each cell edge).

    Cells with a non-finite corner are skipped. On log axes the crossing is
    placed linearly in the logarithm, as the axis draws it.

    >>> contour_segments([0, 1], [0, 1], [[0, 1], [0, 1]], 0.5)
    [((0.5, 0.0), (0.5, 1.0))]
    """
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for i in range(len(y) - 1):
        for j in range(len(x) - 1):
            corners = [(j, i), (j + 1, i), (j + 1, i + 1), (j, i + 1)]
            values = [z[b][a] for a, b in corners]
            if not all(math.isfinite(v) for v in values):
                continue
            points = []
            for k in range(4):
                (ja, ia), (jb, ib) = corners[k], corners[(k + 1) % 4]
                fa, fb = values[k], values[(k + 1) % 4]
                if (fa < level) != (fb < level):
                    t = (level - fa) / (fb - fa)
                    points.append((float(_between(x[ja], x[jb], t, xlog)), float(_between(y[ia], y[ib], t, ylog))))
            segments.extend(zip(points[0::2], points[1::2]))
    return segments


def _map_data(fig: Map, data_dir: str) -> Rendered:
    x = _floats(fig.x, f"map {fig.name!r}, x")
    y = _floats(fig.y, f"map {fig.name!r}, y")
    z = [_floats(row, f"map {fig.name!r}, z[{i}]") for i, row in enumerate(fig.z)]
    if len(x) < 2 or len(y) < 2:
        raise ReportError(f"map {fig.name!r} needs at least 2 x and 2 y values")
    if len(z) != len(y) or any(len(row) != len(x) for row in z):
        raise ReportError(f"map {fig.name!r}: z must have len(y) rows of len(x) values")
    step = _stride(len(x) * len(y), MAX_MAP_CELLS)
    step = max(1, math.ceil(math.sqrt(step))) if step > 1 else 1
    cols, rows = list(range(0, len(x), step)), list(range(0, len(y), step))
    name = f"{fig.name}.dat"
    data: dict[str, str] = {}
    lines = ["x y z\n"]
    for i in rows:  # pgfplots' default mesh ordering: x varies fastest
        lines.extend(f"{_number(x[j])} {_number(y[i])} {_number(z[i][j])}\n" for j in cols)
    finite = [z[i][j] for i in rows for j in cols if math.isfinite(z[i][j])]
    if not finite:
        raise ReportError(f"map {fig.name!r} has no finite value to draw")
    low, high = min(finite), max(finite)
    if low == high:  # a constant map: pgfplots needs a colour range of non-zero width
        half = abs(low) / 2 or 1.0
        low, high = low - half, high + half
    thinned = "" if step == 1 else (f"drawn from one grid point in {step} along each axis "
                                    f"({len(cols)} x {len(rows)} of {len(x)} x {len(y)} points)")
    levels = _floats(fig.contours, f"map {fig.name!r}, contours")
    contours = None
    if levels:
        segments = [seg for level in levels for seg in contour_segments(x, y, z, level, fig.xlog, fig.ylog)]
        contours = f"{fig.name}-contours.dat"
        data[contours] = "x y\n" + "".join(
            f"{_number(a[0])} {_number(a[1])}\n{_number(b[0])} {_number(b[1])}\n\n" for a, b in segments)
    view = _axes(fig, "map") | {
        "zlabel": fig.zlabel, "zlabel_latex": _latex_field(fig, "zlabel_latex"),
        "file": Trusted(f"{data_dir}/{name}"), "cols": len(cols), "rows": len(rows),
        "gaps": len(finite) < len(cols) * len(rows), "thinned": thinned,
        "meta_min": _number(low), "meta_max": _number(high),
        "contours": [_number(v) for v in levels], "xfixed": _fixed_ticks(x), "yfixed": _fixed_ticks(y),
        "contour_file": Trusted(f"{data_dir}/{contours}") if contours else None,
    }
    data[name] = "".join(lines)
    return Rendered(view, data)


def _latex_field(fig: Figure | Map, name: str) -> Trusted | None:
    value = getattr(fig, name, None)
    return None if value is None else screen_latex(str(value), f"figure {fig.name!r}, {name}")


def _axes(fig: Figure | Map, kind: str) -> dict[str, Any]:
    return {
        "kind": kind, "name": fig.name, "label": Trusted("fig:" + fig.name),
        "title": rich_latex(fig.title, f"figure {fig.name!r}, title"),
        "caption": rich_latex(fig.caption, f"figure {fig.name!r}, caption"),
        "source": rich_latex(fig.source, f"figure {fig.name!r}, source") if fig.source else "",
        "xlabel": fig.xlabel, "ylabel": fig.ylabel,
        "xlabel_latex": _latex_field(fig, "xlabel_latex"), "ylabel_latex": _latex_field(fig, "ylabel_latex"),
        "xlog": fig.xlog, "ylog": fig.ylog,
    }


def symbol_latex(name: str, what: str, problems: list[str]) -> Trusted:
    """A symbol's name as SymPy typesets it (``E_lambda`` -> ``E_{\\lambda}``), screened."""
    import sympy

    return screen_latex(sympy.latex(sympy.Symbol(name)), what, problems)


def provider_name(provider: Callable[[], Any]) -> str:
    return getattr(provider, "__qualname__", None) or repr(provider)


def section_tables(name: str, value: Any) -> list[dict[str, Any]]:
    tables = value if isinstance(value, list) else [value]
    out = []
    for t, table in enumerate(tables, start=1):
        where = f"report section {name!r}" + (f", table {t}" if len(tables) > 1 else "")
        if not isinstance(table, Mapping):
            raise ReportError(f"{where}: expected a dict with header and rows, got {type(table).__name__}")
        header, rows = table.get("header"), table.get("rows")
        if not isinstance(header, Sequence) or isinstance(header, str) or not header:
            raise ReportError(f"{where}: 'header' must be a non-empty list of column titles")
        if not isinstance(rows, Sequence) or isinstance(rows, str):
            raise ReportError(f"{where}: 'rows' must be a list of rows")
        for i, row in enumerate(rows, start=1):
            if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != len(header):
                raise ReportError(f"{where}: row {i} must have {len(header)} cells like the header")
        header_latex = table.get("header_latex")
        if header_latex is not None and len(header_latex) != len(header):
            raise ReportError(f"{where}: 'header_latex' must have one entry per column")
        align = str(table.get("align") or "l" + "r" * (len(header) - 1))
        if len(align) != len(header) or set(align) - set("lcr"):
            raise ReportError(f"{where}: 'align' must give l, c or r for each of the {len(header)} columns")
        cells = [["" if c is None else c for c in row] for row in rows]
        # a right-aligned column of numbers is aligned on the decimal point: two cells, r@{}l
        decimal = [a == "r" and bool(rows) and all(str(row[k]).strip() == "" or decimal_cell(str(row[k]))
                                                   for row in cells) for k, a in enumerate(align)]
        out.append({
            "name": name,
            "title": rich_latex(table.get("title") or name, f"{where}, title"),
            "caption": rich_latex(table.get("caption") or "", f"{where}, caption"),
            "source": rich_latex(table.get("source") or "", f"{where}, source"),
            "notes": [rich_latex(n, f"{where}, note") for n in table.get("notes") or ()],
            "header": [Trusted((r"\multicolumn{2}{c}{\symcheckhead{%s}}" if d else r"\symcheckhead{%s}") % h)
                       for h, d in zip(
                [rich_latex(h, f"{where}, header") for h in header] if header_latex is None else
                [screen_latex(str(h), f"{where}, header_latex") for h in header_latex], decimal)],
            "rows": [[_table_cell(c, d, f"{where}, row {i}") for c, d in zip(row, decimal)]
                     for i, row in enumerate(cells, start=1)],
            "colspec": Trusted("".join("r@{}l" if d else a for a, d in zip(align, decimal))),
            "label": Trusted("tab:" + slug(name) + (f"-{t}" if len(tables) > 1 else "")),
        })
    return out


def _table_cell(value: object, decimal: bool, what: str) -> Trusted:
    if not decimal:
        return rich_latex(value, what)
    split = decimal_cell(str(value)) if str(value).strip() else (Trusted(""), Trusted(""))
    assert split is not None  # the column was found to hold numbers only
    return Trusted(split[0] + " & " + split[1])


def figure_view(fig: object, data_dir: str) -> Rendered:
    """The view and data files of what a figure provider returned (a Figure or a Map)."""
    if isinstance(fig, Map):
        return _map_data(fig, data_dir)
    if isinstance(fig, Figure):
        return _figure_data(fig, data_dir)
    raise ReportError(f"returned {type(fig).__name__}, expected a Figure or a Map")
