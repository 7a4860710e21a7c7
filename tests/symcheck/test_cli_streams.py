"""The CLI with unusual output streams, as real processes: closed stdout or stderr, a non-UTF-8
stdout, and a reader that stops early (``| head``)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_CMD = [sys.executable, "-m", "symcheck"]
_TOY = (
    "from symcheck import Derivation\n"
    "derivation = Derivation('toy-λ', 'Pairing at E_λ=2R ≤ E_F, ' + 'Δ √E ' * 4000)\n"  # > a pipe's 64 KiB
)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """A small derivation with non-ASCII text, so each run takes a second, not a full build."""
    root = tmp_path_factory.mktemp("toy")
    (root / "toy_streams.py").write_text(_TOY, encoding="utf-8")
    info = root / "toy_streams-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-streams\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[symcheck.derivations]\ntoy-streams = toy_streams:derivation\n")
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))


_LIST = ["list", "--derivation", "toy-streams"]


def _close_stdout() -> None:
    os.close(1)


def test_closed_stdout_is_a_one_line_error(env):
    result = subprocess.run([*_CMD, *_LIST], env=env, stdout=None, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_close_stdout, timeout=120)
    assert result.returncode == 2
    assert result.stderr == "symcheck: error: standard output is closed, so the result cannot be written; run with stdout open\n"


def test_ascii_stdout_keeps_the_result_in_ascii_spellings(env):
    result = subprocess.run([*_CMD, *_LIST], capture_output=True, env=dict(env, PYTHONIOENCODING="ascii"), timeout=120)
    assert result.returncode == 0 and result.stderr == b""
    text = result.stdout.decode("ascii")  # raises if anything but ASCII came out
    assert text.startswith("Pairing at E_lambda=2R <= E_F, Delta sqrtE ")


def test_a_reader_that_stops_early_ends_the_run_quietly(env):
    process = subprocess.Popen([*_CMD, *_LIST], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as `| head` does once it has its lines
    _, err = process.communicate(timeout=120)
    assert process.returncode == 141 and err == b""
