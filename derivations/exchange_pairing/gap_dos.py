"""The single-electron density of states S(E) of Eqs. (3.3)-(3.11), as a user or the paper gives it.

S is a SymPy expression in ``E`` (eV); only its shape matters for (3.11), not its scale. A power law
S = A E^p is recognised (C then depends on E_1 and T_c only through k_B T_c / E_1); any S is checked
to be positive, finite and integrable at E = 0 before it is used. :data:`FERMI_LIQUID` is the
paper's √E.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import mpmath
import sympy as sp

from symcheck import InputError
from symcheck.integrability import Integrability
from symcheck.safe_expr import parse_expression

from .gap_equations import E

__all__ = ["FERMI_LIQUID", "DensityOfStates"]


@dataclass(frozen=True)
class DensityOfStates:
    """S(E), E in eV, as a SymPy expression; only its shape matters for (3.11), not its scale.

    ``exponent`` is p when S = A E^p (then C depends on E_1 and T_c only through k_B T_c / E_1).

    >>> DensityOfStates.parse("2*E**1.5").exponent
    3/2
    >>> DensityOfStates.parse("exp(E)").exponent is None
    True
    """

    text: str
    expr: sp.Expr
    exponent: sp.Expr | None = None
    _mp: Callable = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    @classmethod
    def parse(cls, text: str, what: str = "--dos") -> DensityOfStates:
        expr = parse_expression(text, {"E": E}, what=what)
        return cls.from_expr(expr, text, what)

    @classmethod
    def from_expr(cls, expr: sp.Expr, text: str | None = None, what: str = "--dos") -> DensityOfStates:
        extra = expr.free_symbols - {E}
        if extra:
            raise InputError(f"{what} may use only the variable E (energy in eV), found {', '.join(map(str, extra))}")
        exponent = None
        if E in expr.free_symbols:
            slope = sp.simplify(sp.powsimp(E * sp.diff(expr, E) / expr, force=True))
            if not slope.free_symbols and slope.is_real:
                exponent = sp.nsimplify(slope)
        elif expr.is_number:
            exponent = sp.Integer(0)
        fn = sp.lambdify([E], expr, modules="mpmath")
        return cls(text if text is not None else sp.sstr(expr), expr, exponent, fn)

    def value(self, energy: mpmath.mpf) -> mpmath.mpf:
        v = self._mp(energy)
        if isinstance(v, mpmath.mpc):
            if v.imag != 0:
                raise InputError(f"--dos {self.text!r} is not real at E = {mpmath.nstr(energy, 6)} eV")
            v = v.real
        return mpmath.mpf(v)

    def validate(self, e_max: mpmath.mpf, what: str = "--dos") -> None:
        """Refuse an S that is negative, zero, not finite or not integrable on (0, e_max]."""
        if self.exponent is not None:
            # A E^p: positive on (0, ∞) iff A > 0, integrable at 0 iff p > -1
            with mpmath.workdps(20):
                try:
                    at_one = self.value(mpmath.mpf(1))
                except (ArithmeticError, ValueError, TypeError) as exc:
                    if isinstance(exc, InputError):
                        raise
                    raise InputError(f"{what} {self.text!r} cannot be evaluated at E = 1 eV") from None
            if not mpmath.isfinite(at_one) or at_one <= 0:
                raise InputError(f"{what} {self.text!r} must be positive and finite for E > 0, got {mpmath.nstr(at_one, 6)} at E = 1 eV")
            if not self.exponent > -1:
                raise InputError(
                    f"{what} {self.text!r} is not integrable at E = 0: the power-law test refused it "
                    f"(S = A E^p with p = {self.exponent}; integrable needs p > -1)"
                )
            return
        with mpmath.workdps(20):
            e_max = mpmath.mpf(e_max)
            samples = [e_max * mpmath.mpf(k) / 64 for k in range(1, 65)]
            samples += [e_max * mpmath.mpf(10) ** (-k) for k in (2, 4, 8, 16)]
            for energy in samples:
                try:
                    v = self.value(energy)
                except (ArithmeticError, ValueError, TypeError) as exc:
                    if isinstance(exc, InputError):
                        raise
                    raise InputError(f"{what} {self.text!r} cannot be evaluated at E = {mpmath.nstr(energy, 6)} eV") from None
                if not mpmath.isfinite(v) or v <= 0:
                    raise InputError(
                        f"{what} {self.text!r} must be positive and finite on 0 < E ≤ {mpmath.nstr(e_max, 6)} eV, "
                        f"got {mpmath.nstr(v, 6)} at E = {mpmath.nstr(energy, 6)} eV"
                    )
        verdict = _integrability(self.expr)
        if verdict.integrable is False:
            raise InputError(f"{what} {self.text!r} is not integrable at E = 0: the {verdict.test} refused it ({verdict.reason})")
        if verdict.integrable is None:
            raise InputError(
                f"{what} {self.text!r}: cannot decide whether it is integrable at E = 0 ({verdict.reason}); "
                "N(0) of Eq. (3.10) must be finite: give S that behaves like E^p with p > -1 at E -> 0"
            )

    def ratio(self, e1: mpmath.mpf) -> Callable[[mpmath.mpf], mpmath.mpf]:
        """s(y) = S(E_1 (1 + y)) / S(E_1) at the caller's precision.

        For a power law the function carries ``odd(y) = s(y) - s(-y)`` in a form without
        cancellation: 2y/(√(1+y) + √(1-y)) for √E, 2 (1-y²)^{p/2} sinh(p artanh y) otherwise.
        """
        if self.exponent is not None:
            if self.exponent == sp.Rational(1, 2):
                def s_half(y: mpmath.mpf) -> mpmath.mpf:
                    return mpmath.sqrt(1 + y)

                s_half.odd = lambda y: 2 * y / (mpmath.sqrt(1 + y) + mpmath.sqrt(1 - y))  # type: ignore[attr-defined]
                return s_half
            p = mpmath.mpf(sp.Rational(self.exponent).p) / sp.Rational(self.exponent).q if self.exponent.is_Rational else mpmath.mpf(str(sp.N(self.exponent, mpmath.mp.dps + 5)))

            def s_power(y: mpmath.mpf) -> mpmath.mpf:
                return mpmath.power(1 + y, p)

            s_power.odd = lambda y: 2 * mpmath.power(1 - y * y, p / 2) * mpmath.sinh(p * mpmath.atanh(y))  # type: ignore[attr-defined]
            return s_power
        s1 = self.value(e1)
        return lambda y: self.value(e1 * (1 + y)) / s1


def _integrability(expr: sp.Expr) -> Integrability:
    """Whether S is integrable at E = 0 (see :mod:`symcheck.integrability`), within 20 s."""
    from symcheck._timeout import call_with_time_limit
    from symcheck.integrability import integrability_at_zero

    def too_long() -> Integrability:
        return Integrability(None, "power-law test", "its limits at E -> 0 took more than 20 s")

    return call_with_time_limit(lambda: integrability_at_zero(expr, E), 20.0, on_timeout=too_long)[0]


FERMI_LIQUID = DensityOfStates.from_expr(sp.sqrt(E), "sqrt(E)")
