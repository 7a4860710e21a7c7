"""--pdf with real TeX: no outside file reaches the PDF, and TeX never outlives symcheck.

Every test here compiles with pdfTeX (marked ``tex``, skipped only without a TeX engine). A
secret file with unique content is made outside the report's directory; templates and
derivation data try to embed it, and the PDF's bytes, also with every stream inflated, are
searched for it. Each layer of :mod:`symcheck.texcompile` is also tested alone, with the
layers before it switched off.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
import zlib
from pathlib import Path

import pytest
from test_report_sandbox import SCRIPT

from symcheck import report as rep
from symcheck import texcompile, texconfine

pytestmark = [pytest.mark.tex,
              pytest.mark.skipif(rep.find_tex() is None, reason="no TeX engine (latexmk/pdflatex) installed")]


def pdf_contains(pdf: bytes, needle: bytes) -> bool:
    """Whether ``needle`` is in the PDF, as is or inside any (Flate-compressed) stream."""
    if needle in pdf:
        return True
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            if needle in zlib.decompressobj().decompress(match.group(1)):
                return True
        except zlib.error:
            continue
    return False


@pytest.fixture()
def secret(tmp_path_factory) -> tuple[Path, bytes]:
    """A file outside any report directory, with content found nowhere else."""
    content = f"SECRET-{uuid.uuid4().hex}".encode()
    path = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    path.write_bytes(content + b"\n")
    return path, content


def run_script(tmp_path: Path, *args: str, script: str = SCRIPT, env: dict[str, str] | None = None,
               **popen: object) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "symcheck_tiny.py"
    path.write_text(script)
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=600,
                          env=env, check=False, **popen)  # type: ignore[call-overload]


def everything_in(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


DOCUMENT = "\\documentclass{article}\n\\usepackage{pgfplots}\n\\begin{document}\nReport.\n%s\n\\end{document}\n"


@pytest.mark.parametrize("attack", [
    r"\immediate\pdfobj stream file {SECRET}\pdfcatalog{/X \the\pdflastobj\space 0 R}",
    r"\input{SECRET}",
    r"\includegraphics{SECRET}",
    r"\begin{tikzpicture}\begin{axis}\addplot table {SECRET};\end{axis}\end{tikzpicture}",
    r"\usepackage{catchfile}\CatchFileDef{\x}{SECRET}{}\x",
    r"\csname input\endcsname{SECRET}",
    r"\in\VAR{''}put{SECRET}",
    r"\VAR{'\\input{SECRET}'|trusted}",
])
def test_a_template_cannot_embed_an_outside_file(tmp_path, secret, attack):
    path, _ = secret
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.tex.jinja").write_text(DOCUMENT % attack.replace("SECRET", str(path)))
    done = run_script(tmp_path, "report", "--out", str(tmp_path / "out"), "--template", str(tmp_path / "tpl"),
                      "--pdf")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert re.match(r"symcheck: error: (template .*tpl/report\.tex\.jinja, line 5|the rendered report, line 5)",
                    done.stderr), done.stderr
    assert not (tmp_path / "out").exists()


DATA_SCRIPT = SCRIPT.replace('    return d\n', '''    s = sp.Symbol(r"\\immediate\\pdfobj stream file {SECRET}\\pdfcatalog{/X \\the\\pdflastobj\\space 0 R}")
    d.add_equation(Equation("2", "leak", sp.Eq(s, x), symbol_notes={r"\\input{SECRET}": "leak"}))
    d.report_sections["t"] = lambda: {"header": ["a"], "header_latex": [r"\\csname input\\endcsname{SECRET}"],
                                      "rows": [["1"]]}
    return d
''')


def test_derivation_data_cannot_embed_an_outside_file(tmp_path, secret):
    path, content = secret
    done = run_script(tmp_path, "report", "--out", str(tmp_path / "out"), "--pdf",
                      script=DATA_SCRIPT.replace("SECRET", str(path)))
    assert done.returncode == rep.EXIT_INCOMPLETE, done.stderr  # refused LaTeX is a problem of the report
    assert "which a report does not run; it is printed as text" in done.stderr
    pdf = (tmp_path / "out" / "tiny.pdf").read_bytes()
    assert not pdf_contains(pdf, content) and content not in everything_in(tmp_path / "out")


def _compile_attack(tmp_path: Path, secret_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    tex = folder / "leak.tex"
    tex.write_text(DOCUMENT % (r"\immediate\pdfobj stream file {%s}\pdfcatalog{/X \the\pdflastobj\space 0 R}"
                               % secret_path))
    return tex


def test_recorder_layer_alone_refuses_an_outside_read(tmp_path, secret, monkeypatch):
    path, content = secret
    monkeypatch.setattr(texcompile, "check_document", lambda *args, **kwargs: None)  # no allow-list
    monkeypatch.setenv(texconfine.DISABLE_ENV, "1")  # no namespace
    tex = _compile_attack(tmp_path, path)
    with pytest.raises(rep.ReportError, match=r"^TeX read '.*secret\.txt', outside the report's directory"):
        rep.compile_pdf(tex, timeout_s=120)
    assert not (tmp_path / "out" / "leak.pdf").exists()
    assert content not in everything_in(tmp_path / "out")  # not even in a kept log


@pytest.mark.skipif(not texconfine.available(), reason="mount namespaces are not available here")
def test_namespace_layer_alone_hides_outside_files(tmp_path, secret, monkeypatch):
    path, content = secret
    monkeypatch.setattr(texcompile, "check_document", lambda *args, **kwargs: None)  # no allow-list
    monkeypatch.setattr(texcompile, "_check_recorded", lambda *args, **kwargs: None)  # no recorder check
    tex = _compile_attack(tmp_path, path)
    with pytest.raises(rep.ReportError, match="secret.txt not found"):
        rep.compile_pdf(tex, timeout_s=120)
    assert content not in everything_in(tmp_path / "out")


def test_confined_and_unconfined_compiles_give_the_same_bytes(tmp_path, monkeypatch):
    from test_report import hostile_derivation

    report = rep.render(hostile_derivation())
    confinable = texconfine.available()
    first = rep.compile_pdf(report.write(tmp_path / "a"))
    monkeypatch.setenv(texconfine.DISABLE_ENV, "1")
    second = rep.compile_pdf(report.write(tmp_path / "b"))
    assert not second.confined and first.confined == confinable
    assert first.pdf.read_bytes() == second.pdf.read_bytes()


# -- TeX never outlives symcheck -------------------------------------------------------------------

SLOW = ("\\documentclass{article}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.16}\n\\begin{document}\n"
        "\\BLOCK{for i in range(4000)}\n\\begin{tikzpicture}\\begin{axis}\\addplot table "
        "{\\VAR{figures[0].series[0].file}};\\end{axis}\\end{tikzpicture}\n\\BLOCK{endfor}\n\\end{document}\n")


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, process group) of a live process, or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[1]), int(fields[2])) if fields[0] != "Z" else None


def _processes() -> dict[int, tuple[int, int]]:
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            out[int(entry.name)] = stat
    return out


def _tex_group(parent: int, deadline_s: float) -> int:
    """The process group of the TeX run that ``parent`` started, once pdflatex runs in it."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        procs = _processes()
        children = [pid for pid, (ppid, _) in procs.items() if ppid == parent]
        for child in children:
            group = procs[child][1]
            members = [pid for pid, (_, pgrp) in procs.items() if pgrp == group]
            names = {Path(f"/proc/{pid}/comm").read_text().strip() for pid in members
                     if Path(f"/proc/{pid}/comm").exists()}
            if group == child and "pdflatex" in names:
                return group
        time.sleep(0.2)
    raise AssertionError("TeX did not start")


#: compile_pdf called from a plain script, without the CLI's own signal handling.
LIBRARY_SCRIPT = SCRIPT.replace("symcheck.cli.load = lambda name=None: build()\nsys.exit(symcheck.cli.main(sys.argv[1:]))",
                                """from symcheck import report
tex = report.render(build(), sys.argv[2]).write(sys.argv[1])
report.compile_pdf(tex)""")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to watch processes")
@pytest.mark.parametrize("signum, runner", [(signal.SIGINT, "cli"), (signal.SIGTERM, "cli"),
                                            (signal.SIGTERM, "library"), (signal.SIGHUP, "library")])
def test_a_signal_mid_compile_ends_tex_and_removes_its_files(tmp_path, signum, runner):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.tex.jinja").write_text(SLOW)
    (tmp_path / "tmp").mkdir()
    script = tmp_path / "symcheck_tiny.py"
    script.write_text(SCRIPT if runner == "cli" else LIBRARY_SCRIPT)
    args = (["report", "--out", str(tmp_path / "out"), "--template", str(tmp_path / "tpl"), "--pdf"]
            if runner == "cli" else [str(tmp_path / "out"), str(tmp_path / "tpl")])
    proc = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})
    try:
        group = _tex_group(proc.pid, 120)
        time.sleep(1.0)  # pdflatex is busy now
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if runner == "library":  # delivered again after the clean-up, to the default handler
        assert proc.returncode == -signum, (proc.returncode, err)
    elif signum == signal.SIGINT:
        assert proc.returncode == 130 and err.endswith("symcheck: interrupted\n")
    else:  # delivered again after the clean-up, to the CLI's handler
        assert proc.returncode == 128 + signum, (proc.returncode, err)
    assert "Traceback" not in err
    time.sleep(0.2)
    assert [pid for pid, (_, pgrp) in _processes().items() if pgrp == group] == []
    assert list((tmp_path / "tmp").iterdir()) == []  # no temporary directory left behind
    assert not (tmp_path / "out" / "tiny.pdf").exists()


def test_a_timeout_ends_tex_keeps_the_log_and_names_it(tmp_path, monkeypatch):
    import tempfile

    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.tex.jinja").write_text(SLOW)
    from test_report_sandbox import tiny

    from symcheck.figures import Figure, Series

    d = tiny()
    d.figures.append(lambda: Figure("line", "Line", "A line", "x", "y", [Series("s", [0.0, 1.0], [0.0, 1.0])]))
    tex = rep.render(d, tmp_path / "tpl").write(tmp_path / "out")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    started: list[int] = []

    class Recorded(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started.append(self.pid)

    monkeypatch.setattr(texcompile.subprocess, "Popen", Recorded)
    with pytest.raises(rep.ReportError, match=r"did not finish within 3 s; the PDF was not written \(log: .*tiny\.log\)$"):
        rep.compile_pdf(tex, timeout_s=3)
    time.sleep(0.2)
    assert started and [pid for pid, (_, pgrp) in _processes().items() if pgrp in started] == []
    assert list((tmp_path / "tmp").iterdir()) == [] and (tmp_path / "out" / "tiny.log").is_file()


def test_a_data_file_that_is_not_a_table_of_numbers_is_refused(tmp_path, secret):
    path, _ = secret
    from test_report_sandbox import tiny

    from symcheck.figures import Figure, Series

    d = tiny()
    d.figures.append(lambda: Figure("line", "Line", "A line", "x", "y", [Series("s", [0.0, 1.0], [0.0, 1.0])]))
    tex = rep.render(d).write(tmp_path)
    (tmp_path / "tiny-data" / "line-1.dat").write_text(f"x y\n\\input{{{path}}} 1\n")
    with pytest.raises(rep.ReportError, match=r"line-1\.dat' holds more than a table of numbers"):
        rep.compile_pdf(tex)
    assert not (tmp_path / "tiny.pdf").exists()


def test_a_confinement_that_fails_is_one_line_and_no_pdf(tmp_path, monkeypatch):
    def broken(*args: object) -> object:
        def confine() -> None:
            raise OSError(1, "mount: Operation not permitted")
        return confine

    monkeypatch.setattr(texconfine, "available", lambda: True)
    monkeypatch.setattr(texconfine, "preexec", broken)
    tex = rep.Report("tiny", DOCUMENT % "").write(tmp_path)
    with pytest.raises(rep.ReportError, match=f"^cannot start .*{texconfine.DISABLE_ENV}=1"):
        rep.compile_pdf(tex)
    assert not (tmp_path / "tiny.pdf").exists()
