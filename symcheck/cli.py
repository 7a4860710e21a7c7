"""The ``symcheck`` command line.

Subcommands: ``list`` and ``check`` (this module), and whatever the loaded derivation contributes (for the built-in paper: ``solve``
and ``sweep``). The output formats are a contract other tools read; see the
README.

Exit codes: 0 when every check ended as expected, 1 when one did not, 2 for
usage and input errors (one line on stderr, no traceback).
``report`` exits 0 when the report is complete whatever the checks found (the
report says it), and 3 when the .tex was written but is incomplete (a figure
or report section failed) or ``--pdf`` could not make the PDF. Interrupted runs
exit 130 (Ctrl-C) or 143 (SIGTERM) after cleaning up as on any error; a reader
that closes the pipe early (``| head``) ends the run quietly with 141, as a
Unix tool ended by SIGPIPE does.

Output streams are not assumed: a closed stdout is an error only for a command
that writes its result there, a closed stderr is no error at all, and text that
the stream's encoding cannot hold (e.g. "λ" under ``LANG=C``) is transliterated
("lambda") or escaped, not lost.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn, TextIO

from . import __version__
from .derivation import Derivation
from .errors import SymcheckError
from .registry import PluginError, is_builtin, is_spec, load, origin, resolve
from .results import Result, Status

__all__ = ["main", "build_parser", "use_color"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE, EXIT_TERMINATED = 130, 141, 143

#: ASCII spellings of the non-ASCII characters symcheck prints, for streams that cannot encode them.
_ASCII = {
    "λ": "lambda", "Δ": "Delta", "ε": "eps", "φ": "phi", "π": "pi", "√": "sqrt", "≤": "<=", "≥": ">=",
    "±": "+/-", "×": "x", "−": "-", "–": "-", "—": "-", "→": "->", "Å": "Angstrom", "°": "deg", "…": "...",
    "²": "^2", "³": "^3", "⁰": "^0", "₀": "_0", "₁": "_1", "₂": "_2", "∞": "inf", "≈": "~", "·": "*",
}


def _transliterate(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: ASCII spellings where known, backslash escapes otherwise."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    return "".join(_ASCII.get(ch, ch.encode("ascii", "backslashreplace").decode("ascii")) for ch in bad), error.end


codecs.register_error("symcheck-ascii", _transliterate)


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: raised in the main thread so that every ``finally`` and cleanup runs, as for Ctrl-C."""


class _ClosedStdout:
    """Stands in for a closed stdout: writing the result there is a one-line error."""

    def write(self, text: str) -> int:
        raise SymcheckError("standard output is closed, so the result cannot be written; run with stdout open")

    def flush(self) -> None:
        pass


def _encodable(stream: TextIO) -> None:
    """Let ``stream`` fall back to ASCII spellings when its encoding cannot hold what symcheck prints."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "λΔ≤√".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, AttributeError):
                reconfigure(errors="symcheck-ascii")


@contextlib.contextmanager
def _streams_and_signals() -> Iterator[None]:
    """For the length of one command: usable stdout/stderr and SIGTERM as an exception."""
    saved = sys.stdout, sys.stderr
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 -- closed below
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()  # type: ignore[assignment]
    for stream in (sys.stdout, sys.stderr):
        _encodable(stream)

    def _terminate(signum: int, frame: object) -> None:
        raise Terminated

    previous = None
    with contextlib.suppress(ValueError):  # not the main thread: leave SIGTERM alone
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if sys.stderr is not saved[1]:
            sys.stderr.close()
        sys.stdout, sys.stderr = saved


def _quiet_broken_pipe() -> None:
    """The reader has gone: point stdout at /dev/null so that the exit's flush cannot complain."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _derivation_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--derivation",
        metavar="NAME",
        default=None,
        help="derivation to use: a registered name, a file paper.py or module:attr, "
        "before or after the command (default: the built-in paper, exchange-pairing)",
    )


def build_parser(derivation: Derivation | None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="symcheck",
        description="Check a physics paper's equations and numbers: proved, verified or refuted.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"symcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p_list = sub.add_parser("list", help="list the derivation's equations and checks")
    p_list.add_argument("--json", action="store_true", help="machine-readable output")
    _derivation_arg(p_list)

    p_check = sub.add_parser("check", help="run checks (all, or the given IDs / equation labels)")
    p_check.add_argument("ids", nargs="*", metavar="ID", help="check ID or equation label")
    p_check.add_argument("--json", action="store_true", help="machine-readable output")
    p_check.add_argument("-q", "--quiet", action="store_true",
                         help="print only the summary line (and the checks not as expected)")
    p_check.add_argument("--paper", metavar="FILE", default=None,
                         help="the paper's markdown: check printed equations and numbers at their places "
                         "(without it those checks are listed as not run)")
    p_check.add_argument("-j", "--workers", metavar="N", type=_workers, default=None,
                         help="processes to run the checks on (default: auto, the processors available; "
                         "1 runs them in this process); the output is the same")
    _derivation_arg(p_check)

    p_report = sub.add_parser(
        "report",
        help="write the LaTeX report DIR/<derivation>.tex and its figure data (with --pdf, compile it)",
    )
    p_report.add_argument("--out", metavar="DIR", default="reports", help="output directory (default: reports)")
    p_report.add_argument("--pdf", action="store_true", help="also compile DIR/<derivation>.pdf (needs latexmk or pdflatex)")
    p_report.add_argument("--template", metavar="DIR", default=None,
                          help="directory of templates searched before the shipped ones (e.g. your report.tex.jinja)")
    _derivation_arg(p_report)

    if derivation is not None:
        for command in derivation.commands:
            p_cmd = sub.add_parser(command.name, help=command.help)
            _derivation_arg(p_cmd)
            command.configure(p_cmd)
            p_cmd.set_defaults(_provider=command)
    return parser


def _workers(text: str) -> int:
    """argparse type of ``--workers``: the message names the option and what it accepts."""
    from .runner import parse_workers

    try:
        return parse_workers(text)
    except SymcheckError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--workers ")) from None


def _scan_derivation(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """The derivation asked for and the arguments without it.

    ``--derivation NAME`` may stand before or after the command; a file
    (``paper.py``) or ``module:attr`` may also stand right after the command.
    """
    rest: list[str] = []
    name: str | None = None
    command_at: int | None = None
    i = 0
    while i < len(argv):
        item = argv[i]
        if item == "--":
            rest.extend(argv[i:])
            break
        if item == "--derivation" and i + 1 < len(argv):
            name, i = argv[i + 1], i + 2
            continue
        if item.startswith("--derivation="):
            name, i = item.split("=", 1)[1], i + 1
            continue
        if command_at is None and not item.startswith("-"):
            command_at = len(rest)
        elif command_at == len(rest) - 1 and name is None and is_spec(item):
            name, i = item, i + 1
            continue
        rest.append(item)
        i += 1
    return name, rest


def _cmd_list(derivation: Derivation, as_json: bool, out: TextIO) -> int:
    if as_json:
        data = {
            "derivation": derivation.name,
            "title": derivation.title,
            "equations": [
                {
                    "label": eq.label,
                    "title": eq.title,
                    "checkable": eq.checkable,
                    "latex": eq.latex(),
                    "source": eq.source,
                    "note": eq.note,
                    "checks": [c.id for c in derivation.checks.values() if c.equation == eq.label],
                }
                for eq in derivation.equations.values()
            ],
            "checks": [
                {"id": c.id, "equation": c.equation, "kind": c.kind, "where": c.where}
                for c in derivation.checks.values()
            ],
        }
        json.dump(data, out, indent=2)
        out.write("\n")
        return EXIT_OK
    out.write(f"{derivation.title} [{derivation.name}]\n\nEquations\n")
    for eq in derivation.equations.values():
        flag = "" if eq.checkable else "  (no checkable relation: " + eq.note + ")"
        out.write(f"  ({eq.label:>5})  {eq.title}{flag}\n")
    out.write("\nChecks\n")
    width = max((len(c.id) for c in derivation.checks.values()), default=2)
    for c in derivation.checks.values():
        label = f"({c.equation})" if c.equation else ""
        out.write(f"  {c.id:<{width}}  {c.kind:<9} {label:<8} {c.where}\n")
    return EXIT_OK


_MARK = {Status.HOLDS: "holds", Status.FAILS: "FAILS", Status.INCONCLUSIVE: "inconclusive", Status.ERROR: "ERROR",
         Status.NOT_RUN: "not run"}

#: SGR colours of the verdicts on a terminal; a known erratum or deviation, as expected, is muted.
_COLOR = {Status.HOLDS: "32", Status.FAILS: "31", Status.INCONCLUSIVE: "33", Status.ERROR: "33"}
_MUTED = "2"


def use_color(stream: TextIO) -> bool:
    """Colour on a terminal unless NO_COLOR is set (any value, no-color.org); SYMCHECK_FORCE_COLOR=1 forces it."""
    if "NO_COLOR" in os.environ:
        return False
    if os.environ.get("SYMCHECK_FORCE_COLOR") == "1":
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _verdict(result: Result, color: bool) -> str:
    word = _MARK[result.status]
    code = _MUTED if result.ok and result.expected != Status.HOLDS else _COLOR.get(result.status)
    pad = " " * (12 - len(word))
    return f"\033[{code}m{word}\033[0m{pad}" if color and code else word + pad


def _cmd_check(derivation: Derivation, ids: Sequence[str], as_json: bool, out: TextIO, *, quiet: bool = False,
               color: bool = False, workers: int = 1) -> int:
    from .runner import run_in_order

    checks = derivation.select(ids)  # raises on unknown IDs before anything runs
    results: list[Result] = []
    for result in run_in_order(checks, workers):
        results.append(result)
        if not as_json and not quiet:
            expected = "" if result.ok else f"  <-- expected {result.expected.value}"
            if result.ok and result.expected != Status.HOLDS:
                expected = "  (known deviation)" if result.kind == "deviation" else "  (known erratum)"
            out.write(f"{_verdict(result, color)} {result.id}{expected}\n")
            out.write(f"{'':12} {result.method}\n")
            if result.where:
                out.write(f"{'':12} where: {result.where}\n")
            if result.reference_value is not None:
                out.write(f"{'':12} reference {result.reference_value}  computed {result.computed_value}\n")
                out.write(f"{'':12} source: {result.reference}\n")
            elif result.paper_value is not None or result.computed_value is not None:
                out.write(f"{'':12} paper {result.paper_value}  computed {result.computed_value}\n")
            if result.detail:
                out.write(f"{'':12} {result.detail}\n")
            if result.finding:
                out.write(f"{'':12} finding (an input choice, not an error of the paper): {result.finding}\n")
            out.flush()
    not_ok = [r for r in results if not r.ok]
    not_run = sum(r.status is Status.NOT_RUN for r in results)  # counted neither way
    if as_json:
        json.dump(
            {
                "derivation": derivation.name,
                "results": [r.to_json() for r in results],
                "summary": {
                    "total": len(results),
                    "as_expected": len(results) - len(not_ok) - not_run,
                    "not_as_expected": [r.id for r in not_ok],
                    **{s.value: sum(r.status == s for r in results) for s in Status},
                },
            },
            out,
            indent=2,
        )
        out.write("\n")
    else:
        counts = ", ".join(f"{sum(r.status == s for r in results)} {s.value}" for s in Status)
        out.write(f"{'' if quiet else chr(10)}{len(results)} checks: {counts}; {len(results) - len(not_ok) - not_run} as expected\n")
        if not_ok:
            out.write("not as expected: " + ", ".join(r.id for r in not_ok) + "\n")
    return EXIT_FAILED if not_ok else EXIT_OK


def _build(derivation: Derivation, name: str) -> None:
    """Build a lazily built derivation; a plugin that fails is one line naming it, the built-in one a bug."""
    try:
        derivation.checks  # noqa: B018 -- building is what this line is for
    except SymcheckError:
        raise
    except (Exception, SystemExit) as exc:
        if is_builtin(name):
            raise
        lines = str(exc).strip().splitlines()
        problem = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
        raise PluginError(f"{origin(name)} failed while building its equations and checks: {problem}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``symcheck`` console script."""
    with _streams_and_signals():
        return _main(list(sys.argv[1:] if argv is None else argv))


def _main(args_list: list[str]) -> int:
    try:
        name, args_list = _scan_derivation(args_list)
        derivation: Derivation | None
        try:
            derivation = load(name)
        except PluginError:
            if not any(a in ("-h", "--help", "-V", "--version") for a in args_list):
                raise
            derivation = None  # `symcheck --help` still works beside a broken default derivation
        except SymcheckError:
            if name is not None or any(a in ("list", "check", "report") for a in args_list):
                raise
            derivation = None  # e.g. `symcheck --help` with no derivation installed
        parser = build_parser(derivation)
        args = parser.parse_args(args_list)
        assert derivation is not None
        if args.command in ("list", "check", "report"):
            _build(derivation, resolve(name))
        if args.command == "list":
            return _cmd_list(derivation, args.json, sys.stdout)
        if args.command == "check":
            from .paper_source import PaperSource, using_paper

            from .runner import default_workers

            source = PaperSource.load(args.paper) if args.paper is not None else None
            with using_paper(source):
                return _cmd_check(derivation, args.ids, args.json, sys.stdout, quiet=args.quiet,
                                  color=use_color(sys.stdout),
                                  workers=default_workers() if args.workers is None else args.workers)
        if args.command == "report":
            from .report import run_command  # Jinja2 is imported only when a report is asked for

            return run_command(derivation, args.out, pdf=args.pdf, template_dir=args.template)
        return int(args._provider.run(args))
    except SymcheckError as exc:
        sys.stderr.write(f"symcheck: error: {exc}\n")
        return EXIT_USAGE
    except Terminated:
        sys.stderr.write("symcheck: terminated\n")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        sys.stderr.write("symcheck: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_broken_pipe()
        return EXIT_BROKEN_PIPE
