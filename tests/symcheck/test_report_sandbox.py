"""Report templates are data: they render in a bounded sandbox (symcheck.reportenv)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

from symcheck import Derivation, Equation, Identity
from symcheck import report as rep

x = sp.Symbol("x", positive=True)

#: A runnable `symcheck report` on a tiny derivation (the CLI with its derivation loader replaced).
SCRIPT = """
import sys
import sympy as sp
import symcheck.cli
from symcheck import Derivation, Equation, Identity
from symcheck.figures import Figure, Series

def build():
    d = Derivation("tiny", "Tiny")
    x = sp.Symbol("x", positive=True)
    d.add_equation(Equation("1", "root", sp.Eq(sp.sqrt(x**2), x)))
    d.add_check(Identity("root", sp.sqrt(x**2), x, equation="1"))
    d.figures.append(lambda: Figure("line", "Line", "A line", "x", "y",
                                    [Series("s", [0.0, 1.0, 2.0], [0.0, 1.0, 4.0])]))
    return d

symcheck.cli.load = lambda name=None: build()
sys.exit(symcheck.cli.main(sys.argv[1:]))
"""


def tiny() -> Derivation:
    d = Derivation("tiny", "Tiny")
    d.add_equation(Equation("1", "root", sp.Eq(sp.sqrt(x**2), x)))
    d.add_check(Identity("root", sp.sqrt(x**2), x, equation="1"))
    return d


def render_with(tmp_path: Path, template: str) -> rep.Report:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "report.tex.jinja").write_text(template)
    return rep.render(tiny(), folder)


MARK = "/tmp/symcheck-sandbox-mark"

ESCAPES = [
    r"\VAR{cycler.__init__.__globals__.os.popen('touch " + MARK + r"').read()}",
    r"\VAR{range.__globals__.os.popen('touch " + MARK + r"').read()}",
    r"\VAR{'x'.center(5)}", r"\VAR{derivation.title.zfill(5)}", r"\VAR{summary.counts.append(1)}",
    r"\VAR{derivation.__class__.__mro__}",
    r"\VAR{summary.counts.__class__.__base__.__subclasses__()}",
    r"\VAR{derivation.items.__self__}",
    r"\VAR{lipsum(10)}", r"\VAR{joiner()}", r"\VAR{namespace(a=1)}",
    r"\VAR{'%s' % derivation}", r"\VAR{'{0.__class__}'.format(derivation)}",
    r"\VAR{'x'|format(1)}", r"\VAR{'x'|center(1000000000)}", r"\VAR{'x'|indent(1000000000)}",
    r"\VAR{'x'|tojson}", r"\VAR{derivation|pprint}",
]


@pytest.mark.parametrize("template", ESCAPES)
def test_template_cannot_reach_python(tmp_path, template):
    Path(MARK).unlink(missing_ok=True)
    with pytest.raises(rep.ReportError) as info:
        render_with(tmp_path, template + "\n")
    assert "\n" not in str(info.value) and str(info.value).startswith("template ")
    assert not Path(MARK).exists()


BOMBS = [
    r"\BLOCK{for i in range(100000000)}x\BLOCK{endfor}", r"\BLOCK{for i in range(20000)}\BLOCK{endfor}",
    r"\VAR{'x' * 1000000000}", r"\VAR{[1] * 1000000000}", r"\VAR{10 ** 100000000}",
    r"\BLOCK{macro f(s, n)}\BLOCK{if n}\VAR{f(s ~ s, n - 1)}\BLOCK{endif}\BLOCK{endmacro}\VAR{f('ab', 60)}",
    r"\BLOCK{macro f(s, n)}\BLOCK{if n}\VAR{f(s + s, n - 1)}\BLOCK{endif}\BLOCK{endmacro}\VAR{f('ab', 60)}",
    r"\BLOCK{macro f()}\VAR{f()}\BLOCK{endmacro}\VAR{f()}",
    r"\VAR{range(5000)|map('string')|join('x' * 500)}",
    r"\VAR{('x' * 900000)|replace('x', 'xxxxxxxx')}",
    r"\BLOCK{for i in range(10000)}\BLOCK{for j in range(10000)}" + "x" * 100 + r"\BLOCK{endfor}\BLOCK{endfor}",
]


@pytest.mark.parametrize("template", BOMBS)
def test_template_cannot_allocate_without_bound(tmp_path, template):
    with pytest.raises(rep.ReportError) as info:
        render_with(tmp_path, template + "\n")
    message = str(info.value)
    assert "\n" not in message and ("at most" in message or "deeper than" in message or "too large" in message
                                    or "no longer" in message)


def test_ordinary_template_features_still_work(tmp_path):
    report = render_with(tmp_path, "\n".join([
        r"\BLOCK{for i in range(3)}\VAR{i}\BLOCK{endfor}|",
        r"\VAR{summary.counts|map('first')|join(', ')}",
        r"\VAR{derivation.title.upper() ~ '!'}",
        r"\VAR{('ab' * 3)|replace('b', 'c')}",
        r"\VAR{2 ** 10}",
        r"\VAR{equations[0].latex|trusted}",
        r"\BLOCK{macro m(v)}[\VAR{v}]\BLOCK{endmacro}\VAR{m('q_1')}",
    ]) + "\n")
    lines = report.tex.splitlines()
    assert lines[0] == "012|" and lines[1].startswith("holds, fails") and lines[2] == "TINY!"
    assert lines[3:6] == ["acacac", "1024", r"\text{True}"] and lines[6] == r"[q\_1]"


def test_trusted_filter_screens_what_a_template_marks_trusted(tmp_path):
    with pytest.raises(rep.ReportError, match=r"^template .*\\input is not a command a report allows"):
        render_with(tmp_path, r"\VAR{'\\input{/etc/hostname}'|trusted}" + "\n")


def test_command_written_in_a_template_is_refused_naming_the_template_line(tmp_path):
    with pytest.raises(rep.UnsafeLatex, match=r"^template .*report\.tex\.jinja, line 2: \\immediate is not"):
        render_with(tmp_path, "ok\n\\immediate\\pdfobj stream file {/etc/hostname}\n")
    with pytest.raises(rep.UnsafeLatex, match=r"^the rendered report, line 1: \\input is not .*assembled"):
        render_with(tmp_path, r"\in\VAR{''}put{/etc/hostname}" + "\n")


def test_cli_template_exploit_is_refused_in_a_real_process(tmp_path):
    script = tmp_path / "symcheck_tiny.py"
    script.write_text(SCRIPT)
    (tmp_path / "tpl").mkdir()
    mark = tmp_path / "pwned"
    (tmp_path / "tpl" / "report.tex.jinja").write_text(
        r"\VAR{cycler.__init__.__globals__.os.popen('touch " + str(mark) + r"').read()}" + "\n")
    done = subprocess.run([sys.executable, str(script), "report", "--out", str(tmp_path / "out"), "--template",
                           str(tmp_path / "tpl")], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("symcheck: error: template ")
    assert "Traceback" not in done.stderr and not mark.exists() and not (tmp_path / "out").exists()
