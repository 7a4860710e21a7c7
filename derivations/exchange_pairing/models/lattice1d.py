"""A one-dimensional lattice: standing waves at the Bragg condition, softened Coulomb integrals.

The chain has ``N`` ions of charge +1 at x_j = (j + 1/2) R inside the segment
[0, L], L = N R, with hard walls. Conduction states are the box states
φ_n(x) = (2/L)^{1/2} sin(nπx/L); φ_N has wavelength 2R, the first-order Bragg
condition of Eq. (3.1), and its density peaks on the ions: the standing wave of
Eq. (2.13) (with u constant). The other N - 2 conduction electrons are a
uniform background, so the chain is neutral. Charges interact through the
softened Coulomb potential v(u) = 1/(u² + s²)^{1/2} (atomic units; s is the
softening length, a standard 1-D stand-in for 1/|r|). All potentials vanish
far from the chain, so the energy zero is an electron at rest outside the
crystal, the zero the paper chooses after Eq. (2.9).

Two-electron integrals reduce exactly to one dimension: with u = x - y,
(ij|kl) = ∫_0^L v(u) [F_fg(u) + F_gf(u)] du, where f = φ_iφ_j, g = φ_kφ_l and
F_fg(u) = ∫_0^{L-u} f(y + u) g(y) dy is a trigonometric polynomial evaluated
in closed form. The remaining 1-D integrals are done with Gauss-Legendre
nodes per half cell in double precision (numpy, milliseconds), with the change
between two orders as the error estimate; the same integrals at any precision
with mpmath (:func:`two_electron`, :func:`one_electron`) are the tests'
independent cross-check.

The family Ψ1 = a = φ_N, Ψ2 = cos θ a + sin θ c with c = φ_{N-1} (the nearest
standing wave inside the zone) lets the overlap run from 1 to 0; the energies
come from the symbolic family of :mod:`symcheck_derivations.exchange_pairing.section2`.

>>> chain = Chain()
>>> chain.L
24
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from .. import section2

__all__ = [
    "Chain", "CHAIN", "basis_integrals", "six_terms", "family_values", "two_electron", "one_electron",
    "background_potential", "ion_potential", "kinetic",
]


@dataclass(frozen=True)
class Chain:
    """N ions at spacing R (bohr), softening s (bohr); the state indices of the two standing waves."""

    N: int = 6
    R: int = 4
    s: int = 1

    @property
    def L(self) -> int:
        return self.N * self.R

    @property
    def bragg(self) -> int:
        """Box index of the standing wave with λ = 2R."""
        return self.N

    @property
    def partner(self) -> int:
        return self.N - 1


CHAIN = Chain()


def _v(u: mpmath.mpf, s: int) -> mpmath.mpf:
    return 1 / mpmath.sqrt(u * u + s * s)


def _product_frequencies(i: int, j: int, L: int) -> list[tuple[mpmath.mpf, int]]:
    """φ_i φ_j = (1/L)[cos((i-j)πx/L) - cos((i+j)πx/L)] as (frequency, sign) terms."""
    k = mpmath.pi / L
    return [(k * (i - j), 1), (k * (i + j), -1)]


def _cos_cos(a: mpmath.mpf, b: mpmath.mpf, u: mpmath.mpf, upper: mpmath.mpf) -> mpmath.mpf:
    """∫_0^upper cos(a(y + u)) cos(b y) dy in closed form."""
    total = mpmath.mpf(0)
    for w in (a + b, a - b):
        if w == 0:
            total += upper * mpmath.cos(a * u) / 2
        else:
            total += (mpmath.sin(w * upper + a * u) - mpmath.sin(a * u)) / (2 * w)
    return total


def _correlation(f: list, g: list, L: int, u: mpmath.mpf) -> mpmath.mpf:
    upper = L - u
    return sum(sf * sg * _cos_cos(a, b, u, upper) for a, sf in f for b, sg in g) / L**2


def two_electron(i: int, j: int, k: int, l: int, chain: Chain = CHAIN) -> mpmath.mpf:
    """(ij|kl) = ∫∫ φ_iφ_j(x) v(x - y) φ_kφ_l(y) dx dy over the chain, at the current mpmath precision."""
    f, g = _product_frequencies(i, j, chain.L), _product_frequencies(k, l, chain.L)
    nodes = [mpmath.mpf(chain.R) * m / 2 for m in range(2 * chain.N + 1)]

    def integrand(u: mpmath.mpf) -> mpmath.mpf:
        return _v(u, chain.s) * (_correlation(f, g, chain.L, u) + _correlation(g, f, chain.L, u))

    return mpmath.quad(integrand, nodes)


def background_potential(x: mpmath.mpf, chain: Chain = CHAIN) -> mpmath.mpf:
    """Potential of N - 2 electrons spread uniformly over [0, L] (closed form of ∫ v)."""
    density = mpmath.mpf(chain.N - 2) / chain.L
    return density * (mpmath.asinh((chain.L - x) / chain.s) + mpmath.asinh(x / chain.s))


def ion_potential(x: mpmath.mpf, chain: Chain = CHAIN) -> mpmath.mpf:
    """Attraction of the N ions of charge +1 at (j + 1/2) R."""
    return -sum(_v(x - (j + mpmath.mpf(1) / 2) * chain.R, chain.s) for j in range(chain.N))


def _phi(n: int, x: mpmath.mpf, L: int) -> mpmath.mpf:
    return mpmath.sqrt(mpmath.mpf(2) / L) * mpmath.sin(n * mpmath.pi * x / L)


def one_electron(i: int, j: int, potential, chain: Chain = CHAIN) -> mpmath.mpf:
    """<φ_i| potential |φ_j>."""
    nodes = [mpmath.mpf(chain.R) * m / 2 for m in range(2 * chain.N + 1)]
    return mpmath.quad(lambda x: _phi(i, x, chain.L) * _phi(j, x, chain.L) * potential(x, chain), nodes)


def kinetic(i: int, chain: Chain = CHAIN) -> mpmath.mpf:
    """<φ_i| -½ d²/dx² |φ_i> = ½ (iπ/L)²."""
    return (i * mpmath.pi / chain.L) ** 2 / 2


# -- fast double-precision evaluation (numpy, Gauss-Legendre per half cell) ------------------------------
def _gl_grid(chain: Chain, order: int) -> tuple[np.ndarray, np.ndarray]:
    x, w = np.polynomial.legendre.leggauss(order)
    edges = np.arange(2 * chain.N + 1) * chain.R / 2
    lo, hi = edges[:-1, None], edges[1:, None]
    nodes = (lo + hi) / 2 + (hi - lo) / 2 * x[None, :]
    weights = (hi - lo) / 2 * w[None, :]
    return nodes.ravel(), weights.ravel()


def _np_cos_cos(a: float, b: float, u: np.ndarray, upper: np.ndarray) -> np.ndarray:
    total = np.zeros_like(u)
    for w in (a + b, a - b):
        if w == 0:
            total += upper * np.cos(a * u) / 2
        else:
            total += (np.sin(w * upper + a * u) - np.sin(a * u)) / (2 * w)
    return total


def _np_two_electron(i: int, j: int, k: int, l: int, chain: Chain, order: int) -> float:
    u, w = _gl_grid(chain, order)
    L = chain.L
    f = [(np.pi / L * (i - j), 1), (np.pi / L * (i + j), -1)]
    g = [(np.pi / L * (k - l), 1), (np.pi / L * (k + l), -1)]

    def corr(p: list, q: list) -> np.ndarray:
        return sum(sp_ * sq * _np_cos_cos(a, b, u, L - u) for a, sp_ in p for b, sq in q) / L**2

    v = 1 / np.sqrt(u**2 + chain.s**2)
    return float(np.sum(w * v * (corr(f, g) + corr(g, f))))


def _np_one_electron(i: int, j: int, which: str, chain: Chain, order: int) -> float:
    x, w = _gl_grid(chain, order)
    L, s = chain.L, chain.s
    phi = lambda n: np.sqrt(2 / L) * np.sin(n * np.pi * x / L)
    if which == "bg":
        pot = (chain.N - 2) / L * (np.arcsinh((L - x) / s) + np.arcsinh(x / s))
    else:
        ions = (np.arange(chain.N) + 0.5) * chain.R
        pot = -np.sum(1 / np.sqrt((x[:, None] - ions[None, :]) ** 2 + s**2), axis=1)
    return float(np.sum(w * phi(i) * phi(j) * pot))


def _np_basis(chain: Chain, order: int) -> dict[str, float]:
    idx = {"a": chain.bragg, "c": chain.partner}
    out: dict[str, float] = {}
    for p, q in (("a", "a"), ("a", "c"), ("c", "c")):
        out[f"T_{p}{q}"] = float(kinetic(idx[p], chain)) if p == q else 0.0
        out[f"Vbg_{p}{q}"] = _np_one_electron(idx[p], idx[q], "bg", chain, order)
        out[f"VI_{p}{q}"] = _np_one_electron(idx[p], idx[q], "ion", chain, order)
    for key in ("aaaa", "aaac", "aacc", "acac", "accc", "cccc"):
        out[f"v_{key}"] = _np_two_electron(*(idx[ch] for ch in key), chain=chain, order=order)
    return out


@lru_cache(maxsize=None)
def basis_integrals(chain: Chain = CHAIN) -> tuple[dict[str, float], float]:
    """Integrals of a = φ_N and c = φ_{N-1} in double precision, and their largest change between
    Gauss-Legendre orders 24 and 48 per half cell (an estimate of the quadrature error)."""
    coarse, fine = _np_basis(chain, 24), _np_basis(chain, 48)
    error = max(abs(coarse[k] - fine[k]) for k in fine)
    return fine, error


def six_terms(chain: Chain = CHAIN) -> dict[str, float]:
    """The six terms of Eq. (2.10) for Ψ1 = Ψ2 = φ_N (full overlap), and D computed as a whole (hartree).

    P(e_i, e) is the repulsion from all conduction electrons including the partner; D is the
    direct energy <φφ|Ô|φφ> = 2(T + V_bg + V_I) + (aa|aa).
    """
    b, _ = basis_integrals(chain)
    pair = b["v_aaaa"]
    terms = {
        "K(e1)": b["T_aa"],
        "K(e2)": b["T_aa"],
        "P(e1,e)": b["Vbg_aa"] + pair,
        "P(e2,e)": b["Vbg_aa"] + pair,
        "-P(e1,e2)": -pair,
        "P(e1,I)": b["VI_aa"],
        "P(e2,I)": b["VI_aa"],
    }
    terms["sum"] = float(np.sum(list(terms.values())))
    terms["D"] = 2 * (b["T_aa"] + b["Vbg_aa"] + b["VI_aa"]) + pair
    return terms


def family_values(t_value: sp.Expr, chain: Chain = CHAIN) -> dict[str, float]:
    """D, J, S, E_s, E_t and the pairing energy of the section-2 family at parameter t, for this chain."""
    b, _ = basis_integrals(chain)
    basis = section2.FAMILY
    values: dict[sp.Symbol, sp.Expr] = {section2.t: t_value}
    for p, q in (("a", "a"), ("a", "c"), ("c", "c")):
        values[basis.h(p, q)] = sp.Float(b[f"T_{p}{q}"] + b[f"Vbg_{p}{q}"] + b[f"VI_{p}{q}"])
    for key in ("aaaa", "aaac", "aacc", "acac", "accc", "cccc"):
        values[basis.v(*key)] = sp.Float(b[f"v_{key}"])
    return {name: float(expr.subs(values)) for name, expr in section2.family_quantities().items()}
