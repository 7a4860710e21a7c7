"""BCS weak coupling, numerics: t_c, delta and delta0 against values computed here by another method.

The reference solves the same equations directly: mpmath.findroot (secant) on the printed integrals,
∫_0^1 tanh(ξ/2T)/ξ dξ and ∫_0^1 tanh(E/2T)/E dξ, integrated by mpmath.quad (tanh-sinh) over panels
split at multiples of T and Δ, at 15 digits more than the solver is asked for. The solvers instead sum the T_c integral by parts and
the gap integral by Gauss-Legendre panels in the strip of analyticity, at two precisions.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import mpmath
import pytest

from symcheck_derivations.bcs_weak_coupling import numerics
from symcheck.errors import SymcheckError

COUPLING = "0.3"
GUARD = 15  # the reference's extra digits


def _edges(scales: list[mpmath.mpf]) -> list[mpmath.mpf]:
    """0, then 1/2, 1, 2, 4, ... times each scale (below 1), then 1."""
    points = {mpmath.mpf(0), mpmath.mpf(1)}
    for s in scales:
        for k in (-1, 0, 1, 2, 3, 5, 8, 12, 20, 40, 80, 160):
            p = s * mpmath.mpf(2) ** k if k < 4 else s * k
            if 0 < p < 1:
                points.add(p)
    return sorted(points)


@lru_cache(maxsize=None)
def reference_tc(coupling: str, dps: int) -> mpmath.mpf:
    with mpmath.workdps(dps):
        lam = mpmath.mpf(coupling)

        def f(temperature):
            integral = mpmath.quad(lambda xi: mpmath.tanh(xi / (2 * temperature)) / xi, _edges([temperature]))
            return lam * integral - 1

        guess = 2 * mpmath.exp(mpmath.euler) / mpmath.pi * mpmath.exp(-1 / lam)
        return mpmath.findroot(f, (guess, guess * mpmath.mpf("1.01")), tol=mpmath.mpf(10) ** (-dps + 5))


@lru_cache(maxsize=None)
def reference_delta(coupling: str, t: str, dps: int) -> mpmath.mpf:
    tc = reference_tc(coupling, dps)
    with mpmath.workdps(dps):
        lam, temperature = mpmath.mpf(coupling), mpmath.mpf(t) * tc

        def f(gap):
            def integrand(xi):
                e = mpmath.sqrt(xi**2 + gap**2)
                return mpmath.tanh(e / (2 * temperature)) / e

            return lam * mpmath.quad(integrand, _edges([temperature, abs(gap)])) - 1

        guess = 1 / mpmath.sinh(1 / lam) * mpmath.sqrt(1 - mpmath.mpf(t) ** 3)  # a rough start
        return mpmath.findroot(f, (guess, guess * mpmath.mpf("0.99")), tol=mpmath.mpf(10) ** (-dps + 5))


def assert_digits(value: str, reference: mpmath.mpf, digits: int) -> None:
    """``value`` carries ``digits`` significant digits, each right to within one unit in the last place."""
    with mpmath.workdps(digits + GUARD):
        v = mpmath.mpf(value)
        ulp = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(reference))) - digits + 1)
        assert abs(v - reference) <= ulp, f"{value} vs {mpmath.nstr(reference, digits + 5)} (ulp {mpmath.nstr(ulp, 2)})"
    significant = value.lstrip("-0.").replace(".", "").rstrip()
    assert len(significant.split("e")[0]) == digits


_DIGITS = [6, 15, 30, pytest.param(60, marks=pytest.mark.slow)]


@pytest.mark.parametrize("digits", _DIGITS)
def test_t_c_matches_the_direct_solution(digits):
    r = numerics.t_c(COUPLING, digits)
    assert r.digits == digits
    assert_digits(r.value, reference_tc(COUPLING, digits + GUARD), digits)


@pytest.mark.parametrize("digits", _DIGITS)
def test_delta_matches_the_direct_solution(digits):
    r = numerics.delta(COUPLING, "0.6", digits)
    assert r.digits == digits
    assert_digits(r.value, reference_delta(COUPLING, "0.6", digits + GUARD), digits)


@pytest.mark.parametrize("t", ["0.3", "0.9999"])
def test_delta_across_temperatures(t):
    assert_digits(numerics.delta(COUPLING, t, 12).value, reference_delta(COUPLING, t, 12 + GUARD), 12)


def test_t_c_at_strong_coupling():
    # λ = 5: T_c ≈ λ/2 (tanh(x)/x ≈ 1 over the whole window); the by-parts integral is summed to a < 50
    assert_digits(numerics.t_c("5", 15).value, reference_tc("5", 15 + GUARD), 15)


def test_t_c_at_weak_coupling_is_the_closed_form():
    # λ = 0.05: corrections to (2e^γ/π) e^{-1/λ} are of order e^{-ħω_D/k_B T_c} ~ e^{-10^8}
    with mpmath.workdps(40):
        weak = 2 * mpmath.exp(mpmath.euler) / mpmath.pi * mpmath.exp(-20)
        assert_digits(numerics.t_c("0.05", 30).value, weak, 30)


def test_delta0_is_the_closed_form():
    with mpmath.workdps(50):
        assert_digits(numerics.delta0("0.25", 40).value, 1 / mpmath.sinh(4), 40)


def test_delta_at_the_ends():
    assert numerics.delta(COUPLING, "0", 20) == numerics.delta0(COUPLING, 20)
    assert numerics.delta(COUPLING, 1, 20).value == "0"


def test_delta_at_low_temperature_is_the_zero_temperature_gap():
    # at T = 0.02 T_c, tanh(E/2T) = 1 - O(e^{-88}): Δ(T) equals Δ(0) = ħω_D/sinh(1/λ) to 25 digits
    assert numerics.delta(COUPLING, "0.02", 25).value == numerics.delta0(COUPLING, 25).value


def test_delta_falls_with_temperature():
    values = [Decimal(numerics.delta("0.25", t, 6).value) for t in ("0", "0.5", "0.99", "1")]
    assert values == sorted(values, reverse=True) and values[0] > values[1] > values[-1] == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: numerics.t_c("abc"), "coupling must be a coupling"),
        (lambda: numerics.t_c("0"), "between 0.01 and 100, got 0"),
        (lambda: numerics.t_c(1000), "got 1000"),
        (lambda: numerics.t_c("nan"), "coupling must be"),
        (lambda: numerics.t_c("0.3", 5), "digits must be an integer from 6 to 100, got 5"),
        (lambda: numerics.t_c("0.3", True), "digits must be an integer"),
        (lambda: numerics.delta("0.3", "1.5"), "t must be T/T_c, a number from 0 to 1, got 1.5"),
        (lambda: numerics.delta("0.3", -0.1), "got -0.1"),
        (lambda: numerics.delta0(None), "coupling must be"),
    ],
)
def test_bad_input_is_a_one_line_error(call, message):
    with pytest.raises(SymcheckError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        call()
    assert "\n" not in str(info.value)


def test_digits_are_refused_when_two_precisions_disagree():
    # a "solution" that moves by 1e-10 with each working precision never agrees with itself to 15 digits
    # (each is a true sign change of its own equation: only the agreement of the two solves is missing)
    def drifting(dps):
        root = 1 + dps * mpmath.mpf("1e-10")
        return root, lambda v: v - root

    with pytest.raises(numerics.NumericalError, match="could not be verified to 15 digits"):
        numerics._verified(drifting, 15, "x")


def test_digits_are_refused_without_a_sign_change():
    # agreeing solves are not enough: the equation must change sign across the root
    def no_root(dps):
        return mpmath.mpf(2), lambda v: (v - 1) ** 2 + 1

    with pytest.raises(numerics.NumericalError, match="could not be verified"):
        numerics._verified(no_root, 15, "x")


def _universal_gap_ratio(t: mpmath.mpf) -> mpmath.mpf:
    """Δ(T)/Δ(0) of weak coupling by another route: ln(Δ(0)/Δ) = 2 ∫_0^∞ f(E)/E dξ (the cutoff gone), and
    with f(E) = Σ_n (-1)^{n+1} e^{-nE/k_BT} and ∫_0^∞ e^{-nE/k_BT}/E dξ = K_0(nΔ/k_BT), a Bessel series;
    k_B T_c = (e^γ/π) Δ(0)."""
    temperature = t * mpmath.exp(mpmath.euler) / mpmath.pi

    def series(x):
        total, n = mpmath.mpf(0), 1
        while True:
            term = mpmath.besselk(0, n * x)
            total += (-1) ** (n + 1) * term
            if term < mpmath.mpf(10) ** (-mpmath.mp.dps - 5):
                return 2 * total
            n += 1

    return mpmath.findroot(lambda r: mpmath.log(1 / r) - series(r / temperature), mpmath.mpf("0.9"))


@pytest.mark.slow
@pytest.mark.parametrize("t", ["0.5", "0.9"])
def test_weak_coupling_gap_is_the_universal_bcs_curve(t):
    # at λ = 0.05 the cutoff corrections are of order (k_B T_c/ħω_D)² ~ 1e-17
    with mpmath.workdps(30):
        solved = mpmath.mpf(numerics.delta("0.05", t, 15).value) / mpmath.mpf(numerics.delta0("0.05", 15).value)
        assert mpmath.almosteq(solved, _universal_gap_ratio(mpmath.mpf(t)), rel_eps=mpmath.mpf("1e-13"))
