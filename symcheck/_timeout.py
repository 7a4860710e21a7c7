"""A wall-clock limit around a call, for SymPy routines that may not return.

Uses ``SIGALRM`` (``setitimer``) when called from the main thread on a POSIX
system, which is how the CLI and pytest run checks. Elsewhere (worker threads,
Windows) the call runs without a limit and :func:`call_with_time_limit` says
so through its second return value.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["TimeLimitExceeded", "call_with_time_limit"]

T = TypeVar("T")


class TimeLimitExceeded(Exception):
    """The call ran past its time limit."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


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
    old_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(), True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_timer[0] > 0:  # an outer limit was running: restore what is left of it
            signal.setitimer(signal.ITIMER_REAL, old_timer[0])
