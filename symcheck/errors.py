"""Exceptions raised by symcheck.

Every error a user can cause is a :class:`SymcheckError`, which is also a
:class:`ValueError` (as ``pint.errors.PintError`` is), so callers can catch it
either way. The CLI turns these into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

__all__ = ["SymcheckError", "InputError", "UnknownNameError"]


class SymcheckError(ValueError):
    """Base class of every error symcheck raises on purpose."""


class InputError(SymcheckError):
    """An input value was malformed or out of range.

    The message names the input, what was received and what would be accepted,
    e.g. ``--digits must be an integer from 6 to 100, got 3``.
    """


class UnknownNameError(SymcheckError):
    """A check ID, equation label or derivation name is not registered."""
