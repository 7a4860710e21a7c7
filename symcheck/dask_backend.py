"""A sweep's points solved on an existing Dask cluster (``symcheck sweep ... --scheduler ADDRESS``).

Needs ``dask.distributed`` (``pip install 'symcheck[dask]'``) here and on the cluster's workers,
with symcheck and the derivation installed there too: the workers import the solver as this
process does. Points go to the cluster in chunks (each solved at once by a solver with a batch
hook), a few per worker thread at a time, and come back in order, so the CSV is the one a local
sweep writes, byte for byte, and it is written only when every point is in
(:func:`symcheck.sweeping.write_csv`). A task whose worker dies is run again on
another worker by the scheduler (up to its ``allowed-failures``); a task that fails with an error
fails the sweep, as it would locally. An unreachable scheduler is a one-line error after
:data:`CONNECT_SECONDS`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import CancelledError
from itertools import islice
from typing import Any

from .errors import SymcheckError
from .sweeping import BATCH_PER_WORKER, MAX_CHUNK, ChunkFn, chunk_size

__all__ = ["CONNECT_SECONDS", "DaskCluster"]

#: Seconds to reach the scheduler, and to wait for a first worker, before giving up.
CONNECT_SECONDS = 5.0


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def run_chunk(fn: ChunkFn, chunk: list[Any]) -> list[list[str]]:
    """What a Dask task does: one chunk of points (at once, for a solver with a batch hook)."""
    return fn(chunk)


class DaskCluster:
    """The workers of a running Dask scheduler at ``address`` (``tcp://host:8786``)."""

    def __init__(self, address: str, connect_seconds: float = CONNECT_SECONDS) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise SymcheckError(
                "--scheduler needs dask.distributed, which is not installed; pip install 'symcheck[dask]'"
            ) from None
        self.address = address
        try:
            self.client = Client(address, timeout=connect_seconds, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise SymcheckError(
                f"--scheduler {address!r}: no Dask scheduler could be reached within {connect_seconds:g} s "
                f"({_first_line(exc)}); start one with 'dask scheduler' or check the address"
            ) from None
        try:
            if not self.client.nthreads():
                self.client.wait_for_workers(1, timeout=connect_seconds)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise SymcheckError(
                f"--scheduler {address!r}: the scheduler has no workers ({_first_line(exc)}); "
                "start some with 'dask worker ADDRESS'"
            ) from None
        #: Points solved at once: the worker threads of the cluster.
        self.workers = max(1, sum(self.client.nthreads().values()))

    def close(self) -> None:
        self.client.close()

    def map(self, fn: ChunkFn, jobs: Iterator[Any], count: int, largest: int = MAX_CHUNK) -> Iterator[list[str]]:
        """``fn`` over chunks of ``jobs`` on the cluster, in order, with a few chunks per worker thread in flight."""
        from distributed import KilledWorker

        chunks = iter(lambda: list(islice(jobs, chunk_size(count, self.workers, largest))), [])
        pending: deque[Any] = deque()

        def submit(chunk: list[Any]) -> None:
            pending.append(self.client.submit(run_chunk, fn, chunk, pure=False))

        try:
            for chunk in islice(chunks, self.workers * BATCH_PER_WORKER):
                submit(chunk)
            while pending:
                try:
                    rows = pending.popleft().result()
                except KilledWorker as exc:
                    raise SymcheckError(
                        f"--scheduler {self.address!r}: a task ended every worker it was given ({_first_line(exc)}); "
                        "the points it held may need more memory than a worker has"
                    ) from None
                except (OSError, TimeoutError, CancelledError) as exc:
                    raise SymcheckError(f"--scheduler {self.address!r}: lost the cluster ({_first_line(exc)})") from None
                following = next(chunks, None)
                if following is not None:
                    submit(following)
                yield from rows
        finally:
            if pending:
                self.client.cancel(list(pending))
