"""A wall-clock limit around a call, for SymPy and mpmath routines that may not return.

Uses ``SIGALRM`` (``setitimer``) when called from the main thread on a POSIX
system, which is how the CLI and pytest run checks. Elsewhere (worker threads,
Windows) the call runs without a limit and :func:`call_with_time_limit` says
so through its second return value.

Library code sometimes catches ``Exception`` broadly (SymPy does, around
optional simplifications), which would swallow the one
:class:`TimeLimitExceeded` raised when the time is up. The timer therefore
keeps firing every :data:`REPEAT_SECONDS` until the call has ended, so the
limit holds however often the exception is swallowed.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["REPEAT_SECONDS", "TimeLimitExceeded", "call_with_time_limit"]

T = TypeVar("T")

#: Once the limit is reached, how often the timer fires again until the call has ended.
REPEAT_SECONDS = 0.05


class TimeLimitExceeded(Exception):
    """The call ran past its time limit."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _disarm(previous: object) -> None:
    """Stop the timer and put the previous handler back, even if the timer fires meanwhile."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]
            return
        except TimeLimitExceeded:  # fired between two lines above: the timer is still set, go again
            continue


def call_with_time_limit(fn: Callable[[], T], seconds: float) -> tuple[T, bool]:
    """Run ``fn()``; raise :class:`TimeLimitExceeded` after ``seconds``.

    Returns ``(value, enforced)`` where ``enforced`` tells whether the limit
    could be applied.
    """
    if seconds <= 0 or not _can_alarm():
        return fn(), False

    def _handler(signum: int, frame: object) -> None:
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, _handler)
    started = time.monotonic()
    outer_left, _ = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    if 0 < outer_left < seconds:  # an outer limit runs out first: keep it
        signal.setitimer(signal.ITIMER_REAL, outer_left, REPEAT_SECONDS)
    try:
        return fn(), True
    finally:
        _disarm(previous)
        if outer_left > 0:  # restore what is left of the outer limit (at least a tick)
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), REPEAT_SECONDS)
