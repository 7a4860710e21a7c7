"""Sweeps: a solver over a grid of points, to a CSV file that appears only when complete.

The pieces ``symcheck sweep`` is built from, for any declared :class:`~symcheck.solvers.Solver`:

- :class:`Axis` / :func:`grid`: ``N`` points from ``A`` to ``B`` (linear or logarithmic), each made
  when asked for, both ends exactly as given;
- :func:`check_output` and :func:`write_csv`: the target is checked before any work; rows go to a
  temporary file beside it, renamed into place when the last row is in (with the mode a plain
  ``open`` would give: the umask's, or the replaced file's), so a failed or interrupted sweep leaves
  no file;
- :func:`run_points`: the first and last points solved in this process (they time the estimate
  printed for a long sweep), the rest by a backend in chunks, in order, with a progress bar on
  stderr. A chunk is solved by one call (a solver with a batch hook solves it at once, see
  :class:`~symcheck.solvers.Solver`); chunks are bounded, so memory grows with the workers and the
  chunk size, not the points;
- :class:`LocalProcesses`: this process, or worker processes fed a few chunks each at a time;
  workers ignore Ctrl-C and the parent ends them. The Dask backend is in
  :mod:`symcheck.dask_backend`.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import stat
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from decimal import Context, Decimal
from itertools import islice
from typing import Any, Protocol

import mpmath

from .errors import InputError

__all__ = [
    "BATCH_CHUNK",
    "ESTIMATE_SECONDS",
    "MAX_CHUNK",
    "MAX_WORKERS",
    "Axis",
    "Backend",
    "LocalProcesses",
    "Progress",
    "check_output",
    "chunk_size",
    "eta",
    "grid",
    "run_points",
    "write_csv",
]

MAX_WORKERS = 64
#: A sweep expected to take longer than this says so on stderr before it starts.
ESTIMATE_SECONDS = 10.0
BATCH_PER_WORKER = 4  # chunks in flight per worker
#: Points per chunk for a solver that solves them one by one (small, so workers share the load).
MAX_CHUNK = 64
#: Points per chunk for a solver with a batch hook: large enough that the batch's fixed costs vanish.
BATCH_CHUNK = 2048

#: Solves a chunk of points: one row per point, in order.
ChunkFn = Callable[[list[Any]], list[list[str]]]


class Axis:
    """``count`` points from ``lo`` to ``hi`` as decimal strings, each made when first asked for.

    The ends are exactly as given; interior points have 15 significant digits. An axis keeps the
    points it has made (the inner axis of a grid is asked for again on every row), at most
    :data:`~symcheck.solvers.MAX_RANGE_POINTS` strings.

    >>> list(Axis(Decimal("1"), Decimal("2"), 3))
    ['1', '1.5', '2']
    >>> list(Axis(Decimal("0.1"), Decimal("10"), 3, log=True))
    ['0.1', '1.00000000000000', '10']
    """

    def __init__(self, lo: Decimal, hi: Decimal, count: int, log: bool = False) -> None:
        self.lo, self.hi, self.count, self.log = lo, hi, count, log
        self._made: dict[int, str] = {}
        self._context = Context(prec=15)  # as localcontext() with prec 15 under the default context
        if log and count > 1:
            with mpmath.workdps(40):
                self.ends = (mpmath.log(mpmath.mpf(str(lo))), mpmath.log(mpmath.mpf(str(hi))))

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, k: int) -> str:
        made = self._made.get(k)
        if made is None:
            made = self._made[k] = self._make(k)
        return made

    def _make(self, k: int) -> str:
        if not 0 <= k < self.count:
            raise IndexError(k)
        if k == 0 or k == self.count - 1:  # the ends exactly as given
            return str(self.lo) if k == 0 else str(self.hi)
        if self.log:
            a, b = self.ends
            with mpmath.workdps(40):
                return mpmath.nstr(mpmath.exp(a + (b - a) * k / (self.count - 1)), 15, strip_zeros=False)
        ctx = self._context
        step = ctx.divide(ctx.multiply(ctx.subtract(self.hi, self.lo), k), self.count - 1)
        return str(ctx.add(self.lo, step).normalize(ctx))


def grid(lo: Decimal, hi: Decimal, count: int, log: bool = False) -> list[str]:
    """All points of an :class:`Axis` at once.

    >>> grid(Decimal("1"), Decimal("2"), 3)
    ['1', '1.5', '2']
    """
    return list(Axis(lo, hi, count, log))


def check_output(path: str, option: str = "--out") -> str:
    """The absolute path of a CSV file that can be written, checked before any work is done; ``-`` is stdout."""
    if path == "-":
        return path
    if not path:
        raise InputError(f"{option} must name a CSV file to write")
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise InputError(f"{option} {path!r} is a directory; give a file name such as sweep.csv")
    if not os.path.isdir(folder):
        raise InputError(f"{option} {path!r}: folder {folder!r} does not exist")
    if os.path.lexists(target) and (os.path.islink(target) or not os.path.isfile(target)):
        raise InputError(f"{option} {path!r} exists and is not a regular file; give a new or regular CSV file name")
    if not os.access(folder, os.W_OK) or (os.path.exists(target) and not os.access(target, os.W_OK)):
        raise InputError(f"{option} {path!r} is not writable; choose a file in a folder you can write to")
    try:  # a probe, so that no work is done for a file that cannot be written
        fd, probe = tempfile.mkstemp(prefix=".symcheck-", suffix=".probe", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(
            f"{option} {path!r} is not writable ({exc.strerror}); choose a file in a folder you can write to"
        ) from None
    return target


def _new_file_mode(target: str) -> int:
    """The mode ``target`` would get from ``open``: its present mode if it exists, else 0o666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(mask)
        return 0o666 & ~mask


def write_csv(target: str, header: list[str], rows: Iterable[list[str]], option: str = "--out") -> int:
    """Write rows to a temporary file beside ``target``, then rename it into place; the row count.

    ``mkstemp`` makes the file 0600; it gets the mode a plain ``open`` would have given before the
    rename. Whatever stops the rows (an error, Ctrl-C, SIGTERM) removes the temporary file.
    ``target`` ``-`` is stdout: the rows are held until the last one is in, then written at once,
    so an interrupted sweep writes nothing there.
    """
    if target == "-":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(header)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
        sys.stdout.write(buffer.getvalue())
        sys.stdout.flush()
        return count
    folder = os.path.dirname(target)
    try:
        fd, temp = tempfile.mkstemp(prefix=".symcheck-", suffix=".csv.part", dir=folder)
    except OSError as exc:
        raise InputError(f"{option} {target!r} is not writable ({exc.strerror})") from None
    count = 0
    try:
        os.fchmod(fd, _new_file_mode(target))
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(
                f"{option} {target!r} could not be written ({exc.strerror}); nothing was left behind"
            ) from None
        raise
    return count


def eta(elapsed: float, done: int, total: int) -> str:
    """The time left if the remaining points go as fast as the ``done`` ones did."""
    if done <= 0:
        return "ETA unknown"
    left = elapsed / done * (total - done)
    minutes, seconds = divmod(round(left), 60)
    return f"ETA {minutes}:{seconds:02d}" if minutes else f"ETA {seconds} s"


class Progress:
    """A one-line progress bar with an ETA on stderr, shown only on a terminal and once a run has taken 2 s."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.label = total, label
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False
        isatty = getattr(sys.stderr, "isatty", None)
        self.terminal = bool(isatty and isatty())

    def update(self, done: int) -> None:
        now = time.monotonic()
        if not self.terminal or now - self.start < 2.0 or (now - self.last < 0.25 and done < self.total):
            return
        self.last, self.shown = now, True
        width = 30
        filled = int(width * done / self.total)
        sys.stderr.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} points, "
            f"{now - self.start:.1f} s, {eta(now - self.start, done, self.total)}"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


class Backend(Protocol):
    """Where a sweep's points are solved: ``map`` cuts ``jobs`` into chunks of at most ``largest``
    jobs, applies ``fn`` to each and gives the rows in order."""

    #: Points solved at once, for the time estimate.
    workers: int

    def map(self, fn: ChunkFn, jobs: Iterator[Any], count: int, largest: int = MAX_CHUNK) -> Iterator[list[str]]: ...


def _init_worker() -> None:
    """Ctrl-C reaches every process in the terminal's group: workers ignore it and the parent ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


#: The function the forked workers apply: inherited, not pickled, so any solver works (a lambda too).
_forked_fn: ChunkFn | None = None


def _run_chunk(chunk: list[Any]) -> list[list[str]]:
    assert _forked_fn is not None
    return _forked_fn(chunk)


def chunk_size(count: int, workers: int, largest: int = MAX_CHUNK) -> int:
    """Jobs per task: a sixteenth of each worker's share, at most ``largest``."""
    return max(1, min(largest, count // (workers * 16)))


def _chunks(jobs: Iterator[Any], size: int) -> Iterator[list[Any]]:
    return iter(lambda: list(islice(jobs, size)), [])


class LocalProcesses:
    """Worker processes on this machine (forked, so they start with the solver already loaded)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def map(self, fn: ChunkFn, jobs: Iterator[Any], count: int, largest: int = MAX_CHUNK) -> Iterator[list[str]]:
        """``fn`` over chunks of ``jobs``, in order: here for one worker, else in worker processes
        with a few chunks per worker in flight."""
        if self.workers <= 1 or count < 4:
            for chunk in _chunks(jobs, largest):
                yield from fn(chunk)
            return
        import multiprocessing

        global _forked_fn
        chunks = _chunks(jobs, chunk_size(count, self.workers, largest))
        # the workers start with SIGINT and SIGTERM blocked, so none can die with a traceback before
        # _init_worker has set its handlers; the parent takes the blocked signals once the pool stands
        signals = {signal.SIGINT, signal.SIGTERM}
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
        _forked_fn = fn  # for the workers the pool forks now, and any it forks to replace one
        try:
            try:
                pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_init_worker)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            with pool:  # leaving it (done, error, Ctrl-C, SIGTERM) terminates the workers
                in_flight = self.workers * BATCH_PER_WORKER
                pending = deque(pool.apply_async(_run_chunk, (c,)) for c in islice(chunks, in_flight))
                while pending:
                    rows = pending.popleft().get()
                    following = next(chunks, None)
                    if following is not None:
                        pending.append(pool.apply_async(_run_chunk, (following,)))
                    yield from rows
        finally:
            _forked_fn = None


def _say_estimate(label: str, count: int, per_point: float, workers: int, rest: int | None = None,
                  basis: str = "the first and last points") -> None:
    rest = count - 2 if rest is None else rest
    seconds = rest * per_point / max(1, min(workers, rest))
    if seconds < ESTIMATE_SECONDS:
        return
    shown = (f"{seconds / 3600:.1f} h" if seconds >= 5400 else f"{seconds / 60:.1f} min" if seconds >= 90
             else f"{seconds:.0f} s")
    sys.stderr.write(
        f"{label}: {count} points, about {shown} ({per_point:.2g} s per point on {basis}, "
        f"{workers} worker{'s' if workers > 1 else ''}); Ctrl-C stops it and leaves no file\n"
    )
    sys.stderr.flush()


def run_points(
    fn: ChunkFn, job_at: Callable[[int], Any], count: int, label: str, backend: Backend, largest: int = MAX_CHUNK,
    jobs: Iterable[Any] | None = None, batched: bool | Callable[[], bool] = False,
) -> Iterator[list[str]]:
    """The rows of ``job_at(0)`` .. ``job_at(count - 1)`` in order, ``fn`` solving chunks of at most
    ``largest`` jobs; ``jobs``, if given, yields the same jobs in order, faster than ``job_at``.

    The first and last points are solved here first: a bad point fails before any worker starts,
    and their time gives the estimate. The rest are made as the backend asks for them. When ``fn``
    solves a chunk at once (``batched``, or ``batched()`` true once the first and last points are
    solved), one point alone costs about what a whole chunk does, so the estimate waits for the
    first chunk of the rest instead.
    """
    progress = Progress(count, label)
    try:
        started = time.monotonic()
        first = fn([job_at(0)])[0]
        last = fn([job_at(count - 1)])[0] if count > 1 else None
        shared = backend.workers if count - 2 >= 4 else 1
        if callable(batched):
            batched = batched()
        if count > 2 and not batched:
            _say_estimate(label, count, (time.monotonic() - started) / 2, shared)
        yield first
        progress.update(1)
        middle = (job_at(k) for k in range(1, count - 1)) if jobs is None else islice(jobs, 1, count - 1)
        started = time.monotonic()
        estimated = not batched
        for done, row in enumerate(backend.map(fn, middle, count - 2, largest), 2):
            if not estimated:
                estimated = True
                # rows arrive a chunk at a time: this one's time covers a whole chunk, solved
                # while the other workers solved theirs
                alone = backend.workers <= 1 or count - 2 < 4
                first_chunk = min(count - 2, largest if alone else chunk_size(count - 2, backend.workers, largest))
                per_point = (time.monotonic() - started) / first_chunk
                _say_estimate(label, count, per_point, shared, count - 1 - done,
                              f"the first {first_chunk} points")
            yield row
            progress.update(done)
        if last is not None:
            yield last
            progress.update(count)
    finally:
        progress.close()
