"""Sweeps on a real Dask cluster: a scheduler and two single-threaded workers started as processes on
the loopback interface, as a user would start them (``dask scheduler``, ``dask worker``).

The CSV from the cluster must be the local one, byte for byte; a worker that dies in the middle of a
task must cost nothing but time (the scheduler runs the task again elsewhere); an unreachable
scheduler must be one line on stderr within seconds, with no file left.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import mpmath
import pytest

pytest.importorskip("distributed", reason="the Dask tests need dask.distributed (pip install 'symcheck[dask]')")

from symcheck.derivation import Derivation  # noqa: E402
from symcheck.errors import InputError, SymcheckError  # noqa: E402
from symcheck.numerics import round_to_digits  # noqa: E402
from symcheck.solver_commands import SweepCommand  # noqa: E402
from symcheck.solvers import Output, Quantity, Solution, Solver  # noqa: E402

pytestmark = pytest.mark.slow

_SYMCHECK = [sys.executable, "-m", "symcheck"]
_DASK = [sys.executable, "-m", "dask"]


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    # the scheduler and workers import this module by name, as they would a derivation's
    path = os.pathsep.join(p for p in (str(Path(__file__).parent), os.environ.get("PYTHONPATH")) if p)
    with open(log, "wb") as handle:
        return subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
                                env=dict(os.environ, PYTHONPATH=path))


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a running scheduler with two worker processes of one thread each."""
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    started = [_start([*_DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                       "--scheduler-file", str(address_file)], folder / "scheduler.log")]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert address_file.exists(), (folder / "scheduler.log").read_text()
        time.sleep(0.2)  # the file is written whole, but give the writer its moment
        address = json.loads(address_file.read_text())["address"]
        worker_log = folder / "workers.log"
        started.append(_start([*_DASK, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                               "--host", "127.0.0.1"], worker_log))
        while worker_log.read_text().count("Registered to") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert worker_log.read_text().count("Registered to") == 2, worker_log.read_text()
        yield address
    finally:
        for process in reversed(started):
            _stop(process)


def _sweep(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_SYMCHECK, "sweep", *args], capture_output=True, text=True, cwd=cwd, timeout=180)


def test_a_cluster_sweep_writes_the_local_bytes(scheduler, tmp_path):
    grid = ["c", "--e1", "1:3:3", "--tc", "0.1:10:4", "--log", "--digits", "12"]
    local = _sweep(*grid, "--out", "local.csv", cwd=tmp_path)
    remote = _sweep(*grid, "--scheduler", scheduler, "--out", "dask.csv", cwd=tmp_path)
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    assert remote.stderr.splitlines()[-1] == "wrote 12 rows to dask.csv"
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["dask.csv", "local.csv"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_within_seconds(tmp_path):
    started = time.monotonic()
    result = _sweep("c", "--e1", "1:2:3", "--tc", "1:2:3", "--scheduler", f"tcp://127.0.0.1:{_closed_port()}",
                    "--out", "x.csv", cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "no Dask scheduler could be reached within 5 s" in result.stderr
    assert "Traceback" not in result.stderr and os.listdir(tmp_path) == []
    assert elapsed < 60  # the connect timeout is 5 s; the rest is starting Python on a loaded machine


# -- a worker lost in the middle of a task -----------------------------------------------------------------
def _dying_square(inputs, digits):
    """x^2, except that the first worker to meet x = 5 dies there (the marker file remembers it)."""
    marker = Path(inputs["marker"])
    if inputs["x"] == 5 and inputs["refuse"]:
        raise InputError("--x 5 is refused on a worker")
    if inputs["x"] == 5 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)  # the worker process ends mid-task, as if killed
    with mpmath.workdps(digits + 5):
        return Solution({"square": round_to_digits(mpmath.mpf(str(inputs["x"])) ** 2, digits)}, digits, "exact")


_DYING = Solver("square", "x^2", inputs=(
    Quantity("x", "", "x", low="0", high="100", sweep="range", column="x"),
    Quantity("marker", kind="text", parse=str, required=True, help="a file that marks the first death"),
    Quantity("refuse", kind="flag", help="refuse x = 5 (on a worker: it is a middle point)"),
), outputs=(Output("square"),), solve=_dying_square)


def _run_in_process(args: list[str]) -> int:
    import argparse

    derivation = Derivation("dying", "A worker that dies once", solvers=[_DYING])
    command = SweepCommand(derivation)
    parser = argparse.ArgumentParser()
    command.configure(parser)
    return command.run(parser.parse_args(args))


def test_a_task_whose_worker_dies_is_run_again_and_the_file_is_complete(scheduler, tmp_path, capsys):
    marker = tmp_path / "died"
    grid = ["square", "--x", "1:9:9", "--digits", "8", "--marker", str(marker)]
    assert _run_in_process([*grid, "--scheduler", scheduler, "--out", str(tmp_path / "dask.csv")]) == 0
    assert marker.exists() and int(marker.read_text()) != os.getpid()  # a worker died at x = 5
    assert _run_in_process([*grid, "--out", str(tmp_path / "local.csv")]) == 0
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert (tmp_path / "local.csv").read_text().splitlines()[5] == "5,25.000000,8"


def test_an_error_on_a_worker_fails_the_sweep_and_leaves_no_file(scheduler, tmp_path):
    args = ["square", "--x", "1:9:9", "--marker", str(tmp_path / "unused"), "--refuse", "--scheduler", scheduler,
            "--out", str(tmp_path / "x.csv")]
    with pytest.raises(InputError, match="^--x 5 is refused on a worker$"):
        _run_in_process(args)
    assert os.listdir(tmp_path) == []


def test_dask_missing_is_one_line(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed":
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    from symcheck.dask_backend import DaskCluster

    with pytest.raises(SymcheckError, match=r"pip install 'symcheck\[dask\]'"):
        DaskCluster("tcp://127.0.0.1:1")
