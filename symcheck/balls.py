"""Ball arithmetic (Arb, through python-flint): numbers with a proved error radius, and proofs of a sign.

An Arb ball [m ± r] contains the exact value of whatever was computed, rounding and truncation
included; ``acb.integral`` returns a ball that contains the exact integral of an integrand that is
analytic where it says it is. A sign read off a ball that excludes zero is therefore *proved*, not
estimated, and a sign change of a continuous function between two exact points proves a root there.
The helpers here are paper-agnostic:

- :func:`precision` (a context manager for Arb's working precision) and :func:`bits_for_digits`;
- exact conversions: :func:`from_rational` (a ball around an exact fraction or decimal),
  :func:`from_mpf` (an mpmath number, exactly) and :func:`to_mpf` (a ball's midpoint, exactly);
- :func:`sign` (+1, -1, or 0 when the ball contains zero: undecided);
- :func:`integral` (``acb.integral`` with an absolute tolerance; a non-finite result is an error);
- :func:`fermi` (1/(e^z + 1) for Re z ≥ 0) and :func:`log1p` (log(1 + z) that reports where it is
  not analytic, as ``acb.integral`` requires of functions with branch cuts).

Nothing here changes Arb's precision globally except inside :func:`precision`.

>>> from fractions import Fraction
>>> with precision(100):
...     x = from_rational(Fraction(1, 3))
...     sign(x - from_rational(Fraction(333, 1000))), sign(x - x)
(1, 0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction

import flint
import mpmath

from .numerics import NumericalError

__all__ = [
    "bits_for_digits",
    "fermi",
    "from_mpf",
    "from_rational",
    "integral",
    "log1p",
    "precision",
    "sign",
    "to_mpf",
]

arb = flint.arb
acb = flint.acb


def bits_for_digits(digits: float) -> int:
    """Binary digits that carry ``digits`` decimal digits.

    >>> bits_for_digits(30)
    100
    """
    return math.ceil(digits * math.log2(10))


@contextmanager
def precision(bits: int) -> Iterator[None]:
    """Arb's working precision set to ``bits`` inside the block, restored after it."""
    saved = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        yield
    finally:
        flint.ctx.prec = saved


def from_rational(value: Fraction | Decimal | int) -> flint.arb:
    """A ball that contains ``value`` exactly (the fraction itself, not a binary rounding of it).

    >>> from_rational(Decimal("0.1")).contains(flint.fmpq(1, 10))
    True
    """
    q = Fraction(value)
    return arb(flint.fmpq(q.numerator, q.denominator))


def from_mpf(x: mpmath.mpf) -> flint.arb:
    """The mpmath number ``x`` as a ball: exact (radius zero) when the working precision holds its
    bits, as it does for numbers made at a lower precision; otherwise a ball that contains it.

    >>> from_mpf(mpmath.mpf(0.375)).is_exact(), from_mpf(mpmath.mpf(0.375)) == arb(0.375)
    (True, True)
    """
    raw = x._mpf_ if isinstance(x, mpmath.mpf) else mpmath.mpf(x)._mpf_  # mpf(x) would round x
    sgn, man, exp, _ = raw
    if not man:
        return arb(0)
    man = int(man)  # a gmpy2 mpz when mpmath runs on gmpy
    value = arb(flint.fmpz(-man if sgn else man))
    # an integer times a power of two: exact at any precision that holds the integer's bits
    return value * arb(2) ** exp if exp >= 0 else value / arb(2) ** (-exp)


def to_mpf(x: flint.arb) -> mpmath.mpf:
    """The midpoint of the ball ``x`` as an mpmath number (exact: no digit is lost or invented)."""
    man, exp = x.mid().man_exp()
    return mpmath.mp.make_mpf(mpmath.libmp.from_man_exp(int(man), int(exp)))


def sign(x: flint.arb) -> int:
    """+1 or -1 when the whole ball lies on that side of zero (a proof), 0 when it contains zero."""
    if x > 0:
        return 1
    if x < 0:
        return -1
    return 0


def integral(f: Callable[[flint.acb, bool], flint.acb], a: flint.arb, b: flint.arb, abs_tol: flint.arb) -> flint.arb:
    """∫_a^b f as a real ball that contains the exact integral (Arb's rigorous Gauss-Legendre).

    ``f(z, analytic)`` must return a non-finite ball when ``analytic`` is true and ``f`` is not
    analytic on the ball ``z`` (see :func:`log1p`). The work stops once the error is below
    ``abs_tol`` or 2^-prec relative to the integral; the ball's radius is whatever was achieved.
    """
    value = acb.integral(f, a, b, abs_tol=abs_tol, rel_tol=arb(2) ** (-flint.ctx.prec))
    real = value.real
    if not real.is_finite():
        raise NumericalError(f"ball integral from {a.str(6)} to {b.str(6)} did not give a finite enclosure")
    return real


def fermi(z: flint.acb) -> flint.acb:
    """1/(e^z + 1) as e^-z/(1 + e^-z): no overflow for Re z ≥ 0 (meromorphic: poles at iπ(2k+1))."""
    e = (-z).exp()
    return e / (1 + e)


def log1p(z: flint.acb, analytic: bool) -> flint.acb:
    """log(1 + z), or a non-finite ball when ``analytic`` is asked for and 1 + z may touch the
    branch cut (-∞, 0]: analytic is proved only where Re(1 + z) > 0 on the whole ball."""
    if analytic and not ((1 + z).real > 0):
        return acb(arb("nan"))
    return z.log1p()
