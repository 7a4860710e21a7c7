"""Shared fixtures: every test starts from mpmath's default precision (as mpmath's own suite does)."""

from __future__ import annotations

import mpmath
import pytest


@pytest.fixture(autouse=True)
def _reset_mpmath():
    mpmath.mp.dps = 15
    mpmath.mp.pretty = False
    yield
    assert mpmath.mp.dps == 15, "a test or the code under test changed mpmath.mp.dps globally"
    mpmath.mp.dps = 15
