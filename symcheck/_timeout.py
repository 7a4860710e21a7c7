"""A wall-clock limit around a call, for SymPy and mpmath routines that may not return.

Uses ``SIGALRM`` (``setitimer``) when called from the main thread on a POSIX
system, which is how the CLI and pytest run checks. Elsewhere (worker threads,
Windows) the call runs without a limit and :func:`call_with_time_limit` says
so through its second return value.

Limits nest: an inner limit never outlives an outer one. When the outer one
runs out first, the :class:`TimeLimitExceeded` raised is the outer one's
(``exc.seconds`` is its limit), and an inner ``on_timeout`` does not take it.

Library code sometimes catches ``Exception`` broadly (SymPy does, around
optional simplifications), which would swallow the one exception raised when
the time is up. The timer therefore keeps firing every :data:`REPEAT_SECONDS`
until the call has ended, so the limit holds however often it is swallowed.
A tick that lands in a finaliser (``__del__``), where Python would print the
exception and drop it, is let pass: the next one raises.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

__all__ = ["REPEAT_SECONDS", "TimeLimitExceeded", "call_with_time_limit"]

T = TypeVar("T")

#: Once the limit is reached, how often the timer fires again until the call has ended.
REPEAT_SECONDS = 0.05

_active: list[tuple[object, float, float]] = []  # (token, deadline, seconds) of the limits now running


class TimeLimitExceeded(Exception):
    """The call ran past its time limit; ``seconds`` is the limit that ran out."""

    def __init__(self, seconds: float = 0.0, token: object = None) -> None:
        super().__init__(f"time limit of {seconds:g} s reached")
        self.seconds = seconds
        self.token = token


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _disarm(previous: object) -> None:
    """Stop the timer and put the previous handler back, even if the timer fires meanwhile."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]
            return
        except TimeLimitExceeded:  # fired between the two lines: the timer is still set, go again
            continue


def _in_finaliser(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside a ``__del__``, where an exception is printed and lost, not raised."""
    for _ in range(64):
        if frame is None:
            return False
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _handler(signum: int, frame: FrameType | None) -> None:
    if not _active or _in_finaliser(frame):
        return  # a late tick after every limit has ended, or a finaliser: the next tick raises
    token, _, seconds = min(_active, key=lambda entry: entry[1])  # the limit that ran out first
    raise TimeLimitExceeded(seconds, token)


def call_with_time_limit(
    fn: Callable[[], T], seconds: float, *, on_timeout: Callable[[], T] | None = None
) -> tuple[T, bool]:
    """Run ``fn()``; after ``seconds`` raise :class:`TimeLimitExceeded`, or return ``on_timeout()``.

    Returns ``(value, enforced)`` where ``enforced`` tells whether the limit could be applied.
    ``on_timeout`` answers only for this limit; an outer limit running out still raises.
    """
    if seconds <= 0 or not _can_alarm():
        return fn(), False
    token = object()
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _handler)
    _active.append((token, started + seconds, seconds))
    outer_left, _ = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    if 0 < outer_left < seconds:  # an outer limit runs out first: keep it
        signal.setitimer(signal.ITIMER_REAL, outer_left, REPEAT_SECONDS)
    try:
        return fn(), True
    except TimeLimitExceeded as exc:
        if exc.token is token and on_timeout is not None:
            _disarm(previous)
            return on_timeout(), True
        raise
    finally:
        _disarm(previous)
        _active.remove((token, started + seconds, seconds))
        if outer_left > 0:  # restore what is left of the outer limit (at least a tick)
            left = outer_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), REPEAT_SECONDS)
