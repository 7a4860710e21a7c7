"""The time limit stops a long call and leaves no timer behind."""

from __future__ import annotations

import signal
import time

import pytest

from symcheck._timeout import TimeLimitExceeded, call_with_time_limit


def _spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_returns_value_within_limit():
    assert call_with_time_limit(lambda: 42, 1.0) == (42, True)


def test_stops_a_long_call():
    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        call_with_time_limit(lambda: _spin(5), 0.2)
    assert time.monotonic() - start < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_nested_inner_limit_cannot_extend_outer():
    with pytest.raises(TimeLimitExceeded):
        call_with_time_limit(lambda: call_with_time_limit(lambda: _spin(5), 3.0), 0.2)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _swallowing(seconds: float) -> str:
    """Like library code that catches Exception around an optional slow step (SymPy does)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            _spin(0.3)
        except Exception:  # noqa: BLE001 -- swallowing is what this test is about
            pass
        _spin(0.1)  # the work between two optional steps
    return "swallowed"


def test_a_swallowed_limit_fires_again():
    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        call_with_time_limit(lambda: _swallowing(5), 0.2)
    assert time.monotonic() - start < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_on_timeout_answers_for_its_own_limit_only():
    assert call_with_time_limit(lambda: _spin(5), 0.1, on_timeout=lambda: "late") == ("late", True)
    # the outer limit runs out first: the inner fallback must not turn it into an answer
    with pytest.raises(TimeLimitExceeded) as info:
        call_with_time_limit(lambda: call_with_time_limit(lambda: _spin(5), 3.0, on_timeout=lambda: "inner"), 0.2)
    assert info.value.seconds == 0.2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class _SlowFinaliser:
    def __del__(self) -> None:
        _spin(0.02)  # a tick here would be printed as "Exception ignored in ..." and lost


def test_a_tick_in_a_finaliser_is_not_printed_and_the_limit_still_holds(monkeypatch):
    import sys

    lost: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", lost.append)  # where Python sends an exception from __del__

    def make_garbage() -> None:
        while True:
            _SlowFinaliser()  # dropped at once: its __del__ runs
            _spin(0.01)

    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        call_with_time_limit(make_garbage, 0.2)
    assert time.monotonic() - start < 2
    assert lost == []
