"""Run checks in order, in this process or on several worker processes.

Checks are independent: each reads the derivation built before the run and
returns a :class:`~symcheck.results.Result`. :func:`run_in_order` runs them
one by one in this process (``workers=1``) or forks worker processes once
the derivation is built (POSIX ``fork``: the workers inherit the built
checks, the paper's source and every cache) and hands them a few
consecutive checks at a time. Both paths call the same :func:`_run_one`, and results come back in the
order of ``checks`` whatever order they finish in, so the output is the same
but for the ``seconds`` each check took.

A check that raises or runs past its time limit is reported by
:meth:`~symcheck.checks.Check.run` as in a single process (a worker runs it
in its main thread, so the time limit is enforced there too). A worker that
dies (killed, out of memory) is a one-line :class:`RunnerError`, not a hang.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from .errors import SymcheckError

if TYPE_CHECKING:
    from .checks import Check
    from .results import Result

__all__ = ["RunnerError", "default_workers", "run_in_order", "parse_workers"]

#: The checks a forked worker runs, set in the parent just before the fork.
_CHECKS: Sequence[Check] = ()


class RunnerError(SymcheckError):
    """The worker processes could not run the checks (a worker died, or no process could be started)."""


def default_workers() -> int:
    """The processors this process may use (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this platform
        return max(1, os.cpu_count() or 1)


def parse_workers(text: str) -> int:
    """``--workers`` as a count: a positive integer, or ``auto`` for :func:`default_workers`.

    >>> parse_workers("3"), parse_workers("auto") >= 1
    (3, True)
    """
    if text.strip().lower() == "auto":
        return default_workers()
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise SymcheckError(f"--workers must be a positive integer or 'auto', got {text!r}")
    return count


def _run_one(index: int) -> Result:
    """Run check number ``index`` of the checks of this run (the same call in a worker and in process)."""
    return _CHECKS[index].run()


def _run_block(start: int, stop: int) -> list[Result]:
    """Run checks ``start`` to ``stop - 1`` in order, in one worker."""
    return [_run_one(index) for index in range(start, stop)]


def _blocks(total: int, count: int) -> list[tuple[int, int]]:
    """Consecutive checks in blocks, handed to the workers one block at a time.

    Neighbouring checks often share work (a family's integrals, a model's
    optimum, the LaTeX parser's decisions) that each process does once, so a
    block keeps them on one worker; blocks stay small enough (at least four
    per worker, at most 8 checks each) for the slowest to even out.

    >>> _blocks(7, 2)
    [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]
    >>> _blocks(46, 2)[:2], len(_blocks(46, 2)), len(_blocks(198, 2))
    ([(0, 5), (5, 10)], 10, 25)
    """
    size = max(1, min(8, total // (4 * count)))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def _worker_init() -> None:
    """A worker leaves Ctrl-C and SIGTERM to the parent, which ends the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_in_order(checks: Sequence[Check], workers: int = 1) -> Iterator[Result]:
    """Results of ``checks`` in their order, run on ``workers`` processes (1: in this process).

    More workers than checks are not started; where processes cannot be
    forked (Windows) the checks run in this process.
    """
    global _CHECKS
    count = min(workers, len(checks))
    previous = _CHECKS
    _CHECKS = tuple(checks)
    try:
        if count <= 1 or not _can_fork():
            for index in range(len(_CHECKS)):
                yield _run_one(index)
            return
        yield from _run_forked(len(_CHECKS), count)
    finally:
        _CHECKS = previous


def _run_forked(total: int, count: int) -> Iterator[Result]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    try:
        pool = ProcessPoolExecutor(count, mp_context=context, initializer=_worker_init)
        blocks = _blocks(total, count)
        pending = [pool.submit(_run_block, start, stop) for start, stop in blocks]
    except OSError as exc:
        raise RunnerError(f"cannot start {count} worker processes ({exc}); run with --workers 1") from None
    finished = False
    try:
        for (start, stop), job in zip(blocks, pending):
            try:
                yield from job.result()
            except BrokenProcessPool:
                names = ", ".join(repr(check.id) for check in _CHECKS[start:stop])
                raise RunnerError(
                    f"a worker process died while the checks ran (at or after one of {names}); "
                    "run with --workers 1 to see the check on its own"
                ) from None
        finished = True
    finally:
        if not finished:  # interrupted, or the reader stopped: end the workers now, not after their checks
            for job in pending:
                job.cancel()
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
