"""Compiling a report's ``.tex`` to a PDF with pdfTeX, so that no other file can reach the PDF.

:func:`compile_pdf` guarantees that no file outside the report's own directory
and the TeX installation reaches the PDF, whatever the template or the data
contains. It does so in layers, each of which fails closed:

1. **What may be compiled.** The ``.tex`` must pass
   :func:`symcheck.latex.check_document` (static catcodes; only allow-listed
   commands, environments and packages; ``\\addplot`` only reads tables of the
   report's data directory), and each data file must be a plain table of
   numbers. Anything else is refused before TeX starts.
2. **Where TeX runs.** In a fresh temporary directory holding only the ``.tex``
   and its data files, with a minimal environment (``HOME`` is that directory,
   no ``TEXINPUTS``), shell escape off, ``openin_any=p`` and ``openout_any=p``
   (no absolute paths, no ``..``, no dot files), the date fixed to
   :data:`SOURCE_DATE_EPOCH` so two compiles give the same bytes.
3. **What TeX can see.** Where the kernel allows it, TeX runs in its own
   mount namespace in which only the programs it needs, the TeX installation
   and the working directory exist (:mod:`symcheck.texconfine`).
4. **What TeX read.** pdfTeX records every file it opens (``-recorder``),
   including those read by primitives that ``openin_any`` does not govern
   (e.g. ``\\pdfobj file``). Every recorded input must lie in the working
   directory or under a root of the TeX installation (as ``kpsewhich``
   reports it); otherwise the PDF is discarded and the compile refused.

TeX runs in its own process group (``start_new_session``) under a time limit;
on every way out (success, error, timeout, exception, SIGINT, SIGTERM, SIGHUP)
the whole group is killed and the temporary directory removed. The TeX log is
kept beside the output (``<name>.log``) and named in the error message.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import texconfine
from .latex import ReportError, check_document
from .reportfiles import directory_lock, write_owned

__all__ = ["CompileResult", "TexUnavailable", "TexInterrupted", "compile_pdf", "find_tex", "tex_roots",
           "INSTALL_HINT", "SOURCE_DATE_EPOCH"]

#: The date every compile pretends it is (seconds since 1970), so PDFs are reproducible.
SOURCE_DATE_EPOCH = "0"
#: What to install when no TeX engine is found.
INSTALL_HINT = (
    "no TeX engine found (need latexmk or pdflatex on PATH). On Debian/Ubuntu install one with:\n"
    "    sudo apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk\n"
    "(texlive-pictures provides pgfplots, which draws the figures). The .tex file was still written."
)


class TexUnavailable(ReportError):
    """Neither latexmk nor pdflatex is installed."""


class TexInterrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived while TeX ran; TeX was stopped and its files removed."""


@dataclass(frozen=True)
class CompileResult:
    """A compiled PDF and what its log says."""

    pdf: Path
    pages: int | None
    size: int
    engine: str
    warnings: tuple[str, ...]
    log: str
    log_path: Path | None = None
    confined: bool = False  #: whether TeX ran in its own mount namespace (:mod:`symcheck.texconfine`)


def find_tex() -> tuple[str, ...] | None:
    """The compile command prefix: latexmk if present, else pdflatex; None without either."""
    if shutil.which("latexmk") and shutil.which("pdflatex"):
        return ("latexmk",)
    if shutil.which("pdflatex"):
        return ("pdflatex",)
    return None


_ENGINE_FLAGS = ("-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-no-shell-escape",
                 "-recorder")
_ERROR = re.compile(r"^(!.*|.*:\d+: .*)$", re.MULTILINE)
_WARNING = re.compile(r"^((?:LaTeX|Package \w+|pdfTeX) [Ww]arning:.*)$", re.MULTILINE)
_DATA_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*\.dat")
_DATA_TEXT = re.compile(r"[-+0-9.einaxyz \n]*")


def _tex_env(work: str) -> dict[str, str]:
    """A minimal environment for TeX: nothing from the user's that adds search paths or output dirs."""
    return {
        "PATH": os.environ.get("PATH", os.defpath), "HOME": work, "TMPDIR": work, "LC_ALL": "C",
        "openin_any": "p", "openout_any": "p", "shell_escape": "f", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "FORCE_SOURCE_DATE": "1", "max_print_line": "10000",
    }


@lru_cache(maxsize=4)
def _roots_for(path_var: str, home: str) -> tuple[str, ...]:
    env = _tex_env(home) | {"PATH": path_var}
    queries = [["kpsewhich", "--expand-path=$TEXMF"], ["kpsewhich", "--expand-path=$TEXMFCNF"],
               ["kpsewhich", "--var-value=TEXMFSYSVAR"], ["kpsewhich", "--var-value=TEXMFSYSCONFIG"],
               ["kpsewhich", "--var-value=TEXMFROOT"]]
    roots: set[str] = set()
    for query in queries:
        try:
            out = subprocess.run(query, env=env, capture_output=True, text=True, timeout=30, check=False).stdout
        except (OSError, subprocess.TimeoutExpired):
            continue
        for part in out.strip().replace("!!", "").split(":"):
            path = os.path.realpath(part.strip()) if part.strip() else ""
            if os.path.isabs(path) and len(Path(path).parts) >= 3 and not path.startswith(home):
                roots.add(path)
    return tuple(sorted(roots))


def tex_roots(work: str = "/nonexistent") -> tuple[str, ...]:
    """The directories of the TeX installation (texmf trees and configuration), real paths."""
    return _roots_for(os.environ.get("PATH", os.defpath), work)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _check_recorded(fls: Path, work: str, roots: Sequence[str]) -> None:
    """Refuse unless every file TeX recorded lies in ``work`` or under a TeX installation root."""
    if not fls.is_file():
        raise ReportError("TeX did not record the files it read (-recorder); the PDF was not written")
    real_work = os.path.realpath(work)
    pwd = work
    for line in fls.read_text(encoding="utf-8", errors="surrogateescape").splitlines():
        kind, _, name = line.partition(" ")
        if kind == "PWD":
            pwd = name
            continue
        if kind not in ("INPUT", "OUTPUT"):
            continue
        real = os.path.realpath(os.path.join(pwd, name))
        if _inside(real, real_work) or (kind == "INPUT" and any(_inside(real, root) for root in roots)):
            continue
        verb = "read" if kind == "INPUT" else "wrote"
        raise ReportError(f"TeX {verb} {name!r}, outside the report's directory and the TeX installation; "
                          "the PDF was not written")


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While TeX runs, SIGTERM and SIGHUP raise :class:`TexInterrupted`, so clean-up runs (main thread only).

    After the clean-up the signal is delivered again to the handler that was
    there before (by default, ending the process as the signal would have).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def _handler(signum: int, frame: object) -> None:
        caught.append(signum)
        raise TexInterrupted(f"stopped by signal {signal.Signals(signum).name}")

    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


def _kill_group(proc: subprocess.Popen[str]) -> None:
    """End TeX and everything it started (its process group), and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=10)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        proc.kill()
        proc.wait()


def _run(cmd: Sequence[str], cwd: str, env: Mapping[str, str], timeout_s: float,
         preexec_fn: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True,
                                preexec_fn=preexec_fn)
    except (OSError, subprocess.SubprocessError) as exc:
        hint = (f"; TeX could not be confined here (set {texconfine.DISABLE_ENV}=1 to compile with the other "
                "safeguards only)") if preexec_fn is not None else ""
        raise ReportError(f"cannot start {cmd[0]}: {exc}{hint}") from None
    try:
        out, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise ReportError(f"{cmd[0]} did not finish within {timeout_s:g} s; the PDF was not written") from None
    finally:
        _kill_group(proc)  # latexmk's pdflatex children too, on every way out
    return subprocess.CompletedProcess(cmd, proc.returncode, out, "")


def _copy_inputs(tex: Path, text: str, work: Path, data_dir: str) -> None:
    """Put the .tex and its data files (plain number tables only) into the working directory."""
    (work / tex.name).write_text(text, encoding="utf-8")
    source = tex.parent / data_dir
    if not source.is_dir() or source.is_symlink():
        return
    (work / data_dir).mkdir()
    for entry in sorted(source.iterdir()):
        if not _DATA_NAME.fullmatch(entry.name) or entry.is_symlink() or not entry.is_file():
            continue  # not a data file of the report: not copied, so TeX cannot read it
        content = entry.read_text(encoding="ascii", errors="replace")
        if not _DATA_TEXT.fullmatch(content):
            raise ReportError(f"data file {str(entry)!r} holds more than a table of numbers; "
                              "regenerate it with `symcheck report`")
        (work / data_dir / entry.name).write_text(content, encoding="ascii")


def _data_dir_name(stem: str) -> str:
    return (re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "x") + "-data"


def compile_pdf(tex_path: str | os.PathLike[str], out_pdf: str | os.PathLike[str] | None = None,
                timeout_s: float = 300) -> CompileResult:
    """Compile ``tex_path`` (and its data directory) to a PDF next to it (or at ``out_pdf``).

    See the module docstring for what is checked and how TeX is confined.
    Raises :class:`TexUnavailable` without a TeX engine and :class:`ReportError`
    (with the first error of the log, and where the log was kept) when LaTeX
    fails or is refused; the target PDF is then left untouched.
    """
    tex = Path(tex_path)
    if not tex.is_file():
        raise ReportError(f"no such .tex file: {str(tex)!r}")
    command = find_tex()
    if command is None:
        raise TexUnavailable(INSTALL_HINT)
    target = Path(out_pdf) if out_pdf is not None else tex.with_suffix(".pdf")
    stem, data_dir = tex.stem, _data_dir_name(tex.stem)
    try:
        text = tex.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"cannot read {str(tex)!r}: {exc}") from None
    check_document(text, repr(str(tex)), data_dir)
    if command[0] == "latexmk":
        cmds = [["latexmk", "-pdf", "-norc", "-silent", *_ENGINE_FLAGS, tex.name]]
    else:
        cmds = [["pdflatex", *_ENGINE_FLAGS, tex.name]] * 2
    confined = texconfine.available()
    with directory_lock(target.parent), _signals_interrupt(), \
            tempfile.TemporaryDirectory(prefix="symcheck-tex-") as work, \
            tempfile.TemporaryDirectory(prefix="symcheck-root-") as new_root:
        _copy_inputs(tex, text, Path(work), data_dir)
        env = _tex_env(work)
        roots = tex_roots()
        confine = texconfine.preexec(new_root, work, roots) if confined else None
        log_path = Path(work) / f"{stem}.log"
        kept = target.with_suffix(".log")

        def keep_log() -> str:
            if not log_path.is_file():
                return ""
            write_owned(kept.parent, stem, kept.name, log_path.read_bytes())
            return f" (log: {kept})"

        def check_partial() -> None:
            """After a failed or stopped pass: a foreign read refuses, and not even the log is kept."""
            if (Path(work) / f"{stem}.fls").is_file():
                _check_recorded(Path(work) / f"{stem}.fls", work, roots)

        def one_pass(cmd: Sequence[str]) -> str:
            try:
                proc = _run(cmd, work, env, timeout_s, confine)
            except ReportError as exc:
                check_partial()
                raise ReportError(f"{exc}{keep_log()}") from None
            log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else proc.stdout
            if proc.returncode != 0:
                check_partial()
                errors = _ERROR.findall(log)
                first = errors[0] if errors else (proc.stdout.strip().splitlines() or ["no output"])[-1]
                raise ReportError(f"{cmd[0]} failed on {str(tex)!r}: {first.strip()}{keep_log()}")
            _check_recorded(Path(work) / f"{stem}.fls", work, roots)
            return log

        for cmd in cmds:
            log = one_pass(cmd)
        if command[0] == "pdflatex" and "Rerun to get" in log:
            log = one_pass(cmds[0])
        pdf = Path(work) / f"{stem}.pdf"
        keep_log()
        if not pdf.is_file():
            raise ReportError(f"{command[0]} wrote no PDF for {str(tex)!r} (log: {kept})")
        content = pdf.read_bytes()
    pages = re.search(r"Output written on .*?\((\d+) pages?", log)
    try:
        write_owned(target.parent, stem, target.name, content)
    except OSError as exc:
        raise ReportError(f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    return CompileResult(target, int(pages.group(1)) if pages else None, len(content), command[0],
                         tuple(_WARNING.findall(log)), log, kept, confined)
