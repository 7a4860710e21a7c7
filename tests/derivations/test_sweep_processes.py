"""sweep as a real process: SIGTERM and Ctrl-C leave no file and no worker behind and print no
traceback; a closed stderr or a non-UTF-8 stdout does not lose a finished result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

_CMD = [sys.executable, "-m", "symcheck"]
# long enough to be interrupted among its workers: thousands of points at 30 digits
_LONG_SWEEP = ["sweep", "c", "--e1", "1:2:60", "--tc", "1:100:60", "--digits", "30", "--workers", "2"]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _wait_for_workers(process: subprocess.Popen[str], tmp_path: Path) -> list[int]:
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children(process.pid)
        assert process.poll() is None, process.communicate()[1]
    assert len(workers) >= 2, "the sweep never started its workers"
    assert any(name.endswith(".csv.part") for name in os.listdir(tmp_path))
    time.sleep(1.0)  # the workers are solving
    return workers


@pytest.mark.slow
@pytest.mark.parametrize("how, code, message", [
    ("sigterm-to-the-parent", 143, "symcheck: terminated"),
    ("ctrl-c-to-the-group", 130, "symcheck: interrupted"),
])
def test_interrupted_sweep_leaves_nothing_behind(tmp_path, how, code, message):
    process = subprocess.Popen([*_CMD, *_LONG_SWEEP, "--out", str(tmp_path / "c.csv")], stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        workers = _wait_for_workers(process, tmp_path)
        if how == "sigterm-to-the-parent":
            process.send_signal(signal.SIGTERM)
        else:
            # a terminal's Ctrl-C goes to every process in the group; the workers first, so that one
            # which does not ignore it has a second to print its traceback before the parent ends it
            for pid in workers:
                os.kill(pid, signal.SIGINT)
            time.sleep(1.0)
            os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == code
    assert err.rstrip().endswith(message)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "points, about" in err  # the estimate came before the work
    assert os.listdir(tmp_path) == []
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)]


def test_closed_stderr_does_not_fail_a_complete_sweep(tmp_path):
    target = tmp_path / "c.csv"
    result = subprocess.run([*_CMD, "sweep", "c", "--e1", "1:2:2", "--tc", "1:2:2", "--out", str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=lambda: os.close(2),
                            timeout=120)
    assert result.returncode == 0 and len(target.read_text().splitlines()) == 5


def test_non_utf8_stdout_keeps_the_result():
    result = subprocess.run([*_CMD, "solve", "c", "--e1", "1", "--tc", "1", "--digits", "8"], capture_output=True,
                            env=dict(os.environ, PYTHONIOENCODING="ascii"), timeout=120)
    assert result.returncode == 0 and result.stderr == b""
    lines = result.stdout.decode("ascii").splitlines()
    assert lines[0].startswith("C = 9.5550158 ") and lines[1] == "E_lambda=2R = 1.0008234 eV"


def test_a_dos_tokenizer_warning_is_not_printed():
    result = subprocess.run([*_CMD, "solve", "c", "--e1", "1", "--tc", "1", "--dos", "1if E else 2"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "SyntaxWarning" not in result.stderr
    assert "invalid decimal literal" in result.stderr
