"""Section 2 of the paper, the two-electron exchange algebra: Eqs. (2.1)-(2.14).

The paper's objects are two orbitals Ψ1, Ψ2 and an energy operator Ô(r1, r2).
This module models them abstractly, so that SymPy does every step of the
algebra instead of a formula being typed twice:

* an orbital is a linear combination of basis functions with a symbolic
  overlap matrix; a two-electron state is a combination of product states
  p(r1) q(r2);
* Ô is either a *generic* operator (one complex symbol per matrix element, to
  show which conditions the paper's split (2.2) needs) or the physical
  ``h(1) + h(2) + v(1, 2) + c`` with real one-electron integrals ``h_ij``,
  real two-electron integrals ``(ij|kl)`` (chemists' notation, with the
  eightfold symmetry of real orbitals and a symmetric kernel) and a constant
  ``c`` (the choice of the energy zero);
* D of (2.3) and J of (2.4) are the two matrix elements the paper names; the
  norm of (2.1), the normalised singlet and triplet energies and the pairing
  energy ``E_s - D`` follow by the same expansion.

Two families of orbitals are used: ``{a, b}`` with overlap ``S`` (the general
non-orthogonal pair of (2.5)), and ``Ψ1 = a``, ``Ψ2 = S a + sqrt(1 - S²) c``
with ``a, c`` orthonormal, written with the rational parameter ``t``
(``S = (1 - t²)/(1 + t²)``), so that Ψ2 -> Ψ1 is ``t -> 0`` and S -> 0 is
``t -> 1``. The limits of the paper's reading of (2.9) are taken there.

Eqs. (2.12)-(2.13) are checked with a concrete lattice-periodic ``u(x)`` at the
Bragg condition (3.1): momentum and density of the running and standing waves.
The model systems (helium, Heitler-London H2, a 1-D lattice) evaluate the same
D, J and S with real integrals: :mod:`symcheck_derivations.exchange_pairing.models`.

>>> S_ab, _ = overlap_and_norm(PAIR, singlet_state(PAIR.orbital("a"), PAIR.orbital("b")))
>>> S_ab
S**2 + 1
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp
from sympy.physics.quantum import Bra, InnerProduct, Ket

from symcheck import Derivation, Equation, Identity, KnownErratum, Limit, deferred
from symcheck.equation import relation
from symcheck.latex_reader import Bracket
from symcheck.mathtext import Math, text

from .brackets import O, OperatorBracket

__all__ = [
    "register",
    "pair_quantities",
    "Basis",
    "PAIR",
    "FAMILY",
    "S",
    "t",
    "c_zero",
    "singlet_state",
    "triplet_state",
    "matrix_element",
    "expectation",
    "overlap_and_norm",
    "direct_D",
    "exchange_J",
    "singlet_energy",
    "triplet_energy",
    "pairing_energy",
    "family_quantities",
    "EQUATIONS",
    "NOTATION",
]

PAPER = "paper, Section 2"

S = sp.Symbol("S", positive=True)  #: overlap <Ψ1|Ψ2> of Eq. (2.5) (real orbitals)
t = sp.Symbol("t", positive=True)  #: family parameter: S = (1 - t²)/(1 + t²)
c_zero = sp.Symbol("c", real=True)  #: constant added to Ô: the choice of the energy zero

Orbital = Mapping[str, sp.Expr]  # basis label -> coefficient
Product = tuple[Orbital, Orbital]  # p(r1) q(r2)
State = list[tuple[sp.Expr, Product]]  # sum of coefficient x product


@dataclass(frozen=True)
class Basis:
    """Real basis functions with a symbolic overlap matrix and symbolic integrals.

    ``overlap`` maps an unordered pair of labels to <i|j> (default: δ_ij).
    One-electron integrals ``h_ij`` and two-electron integrals ``(ij|kl)`` are
    real symbols, canonicalised by the symmetries of real orbitals and a
    kernel v(r1, r2) = v(r2, r1).
    """

    labels: tuple[str, ...]
    overlap: Mapping[frozenset[str], sp.Expr] = field(default_factory=dict)

    def orbital(self, label: str) -> dict[str, sp.Expr]:
        return {label: sp.Integer(1)}

    def s(self, i: str, j: str) -> sp.Expr:
        if i == j:
            return self.overlap.get(frozenset((i,)), sp.Integer(1))
        return self.overlap.get(frozenset((i, j)), sp.Integer(0))

    def h(self, i: str, j: str) -> sp.Symbol:
        i, j = sorted((i, j))
        return sp.Symbol(f"h_{{{i}{j}}}", real=True)

    def v(self, i: str, j: str, k: str, l: str) -> sp.Symbol:
        """(ij|kl) = ∫∫ i(1) j(1) v(1,2) k(2) l(2); canonical among its 8 equal forms."""
        forms = []
        for (p, q), (r, s) in ((sorted((i, j)), sorted((k, l))), (sorted((k, l)), sorted((i, j)))):
            forms.append((p, q, r, s))
        p, q, r, s = min(forms)
        return sp.Symbol(f"({p}{q}|{r}{s})", real=True)


#: Two non-orthogonal orbitals a = Ψ1, b = Ψ2 with overlap S (Eq. 2.5).
PAIR = Basis(("a", "b"), {frozenset(("a", "b")): S})
#: Orthonormal a, c; Ψ2 = S a + sqrt(1 - S²) c in the rational parameter t.
FAMILY = Basis(("a", "c"))


def _family_orbitals() -> tuple[dict[str, sp.Expr], dict[str, sp.Expr]]:
    cos_theta = (1 - t**2) / (1 + t**2)
    sin_theta = 2 * t / (1 + t**2)
    return {"a": sp.Integer(1)}, {"a": cos_theta, "c": sin_theta}


def singlet_state(p: Orbital, q: Orbital) -> State:
    """Eq. (2.1): (p(r1) q(r2) + p(r2) q(r1)) / sqrt(2)."""
    k = 1 / sp.sqrt(2)
    return [(k, (p, q)), (k, (q, p))]


def triplet_state(p: Orbital, q: Orbital) -> State:
    """The antisymmetric counterpart: (p(r1) q(r2) - p(r2) q(r1)) / sqrt(2)."""
    k = 1 / sp.sqrt(2)
    return [(k, (p, q)), (-k, (q, p))]


#: A matrix element between basis products <i(1) j(2)| Ô |k(1) l(2)>.
Element = Callable[[str, str, str, str], sp.Expr]


def physical_element(basis: Basis, shift: sp.Expr = sp.S.Zero) -> Element:
    """Ô = h(1) + h(2) + v(1, 2) + shift, between real basis products."""

    def element(i: str, j: str, k: str, l: str) -> sp.Expr:
        s_ik, s_jl = basis.s(i, k), basis.s(j, l)
        return basis.h(i, k) * s_jl + s_ik * basis.h(j, l) + basis.v(i, k, j, l) + shift * s_ik * s_jl

    return element


def identity_element(basis: Basis) -> Element:
    """Ô = 1: the overlap of two products."""
    return lambda i, j, k, l: basis.s(i, k) * basis.s(j, l)


def matrix_element(bra: Product, ket: Product, element: Element) -> sp.Expr:
    """<p(1) q(2)| Ô |r(1) s(2)>, expanded over the basis (real coefficients)."""
    (p, q), (r, s) = bra, ket
    total = sp.Integer(0)
    for (i, ci), (j, cj), (k, ck), (l, cl) in itertools.product(p.items(), q.items(), r.items(), s.items()):
        total += ci * cj * ck * cl * element(i, j, k, l)
    return total


def expectation(state: State, element: Element) -> sp.Expr:
    """<state| Ô |state> (real coefficients)."""
    return sp.expand(sum(
        cb * ck * matrix_element(pb, pk, element) for (cb, pb), (ck, pk) in itertools.product(state, state)
    ))


def overlap_and_norm(basis: Basis, state: State) -> tuple[sp.Expr, sp.Expr]:
    """(<state|state>, its expanded form) with the basis overlap."""
    value = expectation(state, identity_element(basis))
    return value, sp.expand(value)


def direct_D(p: Orbital, q: Orbital, element: Element) -> sp.Expr:
    """Eq. (2.3): D = <Ψ1(r1) Ψ2(r2)| Ô |Ψ1(r1) Ψ2(r2)>."""
    return sp.expand(matrix_element((p, q), (p, q), element))


def exchange_J(p: Orbital, q: Orbital, element: Element) -> sp.Expr:
    """Eq. (2.4): J = <Ψ1(r1) Ψ2(r2)| Ô |Ψ1(r2) Ψ2(r1)>."""
    return sp.expand(matrix_element((p, q), (q, p), element))


def singlet_energy(basis: Basis, p: Orbital, q: Orbital, element: Element) -> sp.Expr:
    """<Φ|Ô|Φ>/<Φ|Φ> for Φ of Eq. (2.1)."""
    state = singlet_state(p, q)
    return expectation(state, element) / overlap_and_norm(basis, state)[0]


def triplet_energy(basis: Basis, p: Orbital, q: Orbital, element: Element) -> sp.Expr:
    """The same for the antisymmetric (triplet) spatial state."""
    state = triplet_state(p, q)
    return expectation(state, element) / overlap_and_norm(basis, state)[0]


def pairing_energy(basis: Basis, p: Orbital, q: Orbital, element: Element) -> sp.Expr:
    """Normalised singlet energy minus the unpaired energy D of Eq. (2.3)."""
    return singlet_energy(basis, p, q, element) - direct_D(p, q, element)


def pair_quantities(basis: Basis, p: Orbital, q: Orbital, element: Element) -> dict[str, sp.Expr]:
    """D, J, the normalised singlet and triplet energies and the pairing energy of one orbital pair."""
    return {
        "D": direct_D(p, q, element),
        "J": exchange_J(p, q, element),
        "E_singlet": singlet_energy(basis, p, q, element),
        "E_triplet": triplet_energy(basis, p, q, element),
        "pairing": pairing_energy(basis, p, q, element),
    }


@lru_cache(maxsize=None)
def family_quantities() -> dict[str, sp.Expr]:
    """D, J, S, singlet, triplet and pairing energies of the t-family, as rational functions of t."""
    a, b = _family_orbitals()
    el = physical_element(FAMILY)
    D = direct_D(a, b, el)
    J = exchange_J(a, b, el)
    return {
        "S": sp.cancel(matrix_element((a, a), (b, a), identity_element(FAMILY))),
        "D": sp.cancel(D),
        "J": sp.cancel(J),
        "E_singlet": sp.cancel(singlet_energy(FAMILY, a, b, el)),
        "E_triplet": sp.cancel(triplet_energy(FAMILY, a, b, el)),
        "pairing": sp.cancel(pairing_energy(FAMILY, a, b, el)),
    }


# -- the paper's equations, each stated once ----------------------------------------------------------
r1, r2 = sp.symbols("r_1 r_2", real=True)
Psi1, Psi2 = sp.Function("Psi_1"), sp.Function("Psi_2")
O_op = O  #: Ô applied to a two-electron function (an abstract operator)
D_sym, J_sym, E_sym = sp.Symbol("D", real=True), sp.Symbol("J", real=True), sp.Symbol(r"\langle E\rangle", real=True)
Delta = sp.Symbol(r"\Delta", real=True)
A_const = sp.Symbol("A", positive=True)


def _bracket(bra: sp.Expr, ket: sp.Expr) -> sp.Expr:
    """A stand-in for <bra|Ô|ket>: bra · Ô(ket), integrated over r1, r2 (kept unevaluated, printed as a bracket)."""
    return OperatorBracket(bra * O_op(ket), r1, r2)


S_overlap = sp.Symbol("S", real=True)  #: <Ψ1|Ψ2> of Eq. (2.5) as stated: real, of either sign
E_s_sym, E_t_sym = sp.symbols("E_s E_t", real=True)  #: normalised singlet and triplet energies (in details)
_Phi, _Phi_minus = sp.Symbol("Phi"), sp.Symbol("Phi_-")  #: the singlet and triplet states, named in details


def _O(bra: sp.Expr, ket: sp.Expr) -> sp.Expr:
    """<bra|Ô|ket> in a detail."""
    return OperatorBracket(bra * O(ket), r1, r2)


def _overlap(bra: sp.Expr, ket: sp.Expr) -> sp.Expr:
    """<bra|ket> in a detail."""
    return InnerProduct(Bra(bra), Ket(ket))
Phi = sp.Function("Phi")
K1, K2, Pe1, Pe2, P12, PI1, PI2 = sp.symbols(
    r"\langle{K(e_1)}\rangle \langle{K(e_2)}\rangle \langle{P(e_1\,e)}\rangle \langle{P(e_2\,e)}\rangle "
    r"\langle{P(e_1\,e_2)}\rangle \langle{P(e_1\,I)}\rangle \langle{P(e_2\,I)}\rangle", real=True)
x_, k_, w_, tt_ = sp.symbols("x k omega t_time", real=True)
u_ = sp.Function("u", real=True)

_PHI = (Psi1(r1) * Psi2(r2) + Psi1(r2) * Psi2(r1)) / sp.sqrt(2)
_TRIPLET = (Psi1(r1) * Psi2(r2) - Psi1(r2) * Psi2(r1)) / sp.sqrt(2)  #: its antisymmetric counterpart (details)
_DIRECT = _bracket(Psi1(r1) * Psi2(r2), Psi1(r1) * Psi2(r2))
_EXCHANGE = _bracket(Psi1(r1) * Psi2(r2), Psi1(r2) * Psi2(r1))
_SUBSTITUTION_2_7 = {Psi1(r2): Psi2(r2), Psi2(r1): Psi1(r1)}

#: How Section 2's printed spellings map to the objects above (the derivation's defaults).
NOTATION: dict[str, object] = {
    r"\vec{r}_1": r1,
    r"\vec{r}_2": r2,
    r"\Psi_1": Psi1,
    r"\Psi_2": Psi2,
    # Φ as defined by (2.1), a function of (r1, r2); (2.1) itself uses the bare name
    r"\Phi": sp.Lambda((r1, r2), _PHI),
    r"\hat{O}(\vec{r}_1, \vec{r}_2)": Bracket(_bracket),
    "D": D_sym,
    "J": J_sym,
    r"\langle E(\vec{r}_1, \vec{r}_2) \rangle": E_sym,
    r"\Delta": Delta,
    "A": A_const,
}
#: (2.12), (2.13): one space coordinate x, time t, the imaginary unit i.
_WAVE_NOTATION = {r"\vec{r}": x_, r"\vec{k}": k_, "t": tt_, r"\omega": w_, "i": sp.I, "u": u_}

EQ_2_1 = Equation(
    "2.1", "symmetric (singlet) spatial state", relation(Phi(r1, r2), _PHI), source=PAPER,
    note=text("Φ is not normalised unless ", Math(relation(_overlap(sp.Symbol("Psi_1"), sp.Symbol("Psi_2")), 0)), ": ",
              Math(relation(_overlap(_Phi, _Phi), 1 + S**2)), " (check 2.1-norm)"),
    printed=r"\Phi(\vec{r}_1, \vec{r}_2) = \frac{1}{\sqrt{2}} \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) + "
    r"\frac{1}{\sqrt{2}} \Psi_1(\vec{r}_2) \Psi_2(\vec{r}_1) \quad (2.1)",
    notation={r"\Phi": Phi},  # (2.1) defines Φ: here the name itself, elsewhere its definition
)
EQ_2_2 = Equation(
    "2.2", "direct plus exchange energy", relation(D_sym + J_sym, _bracket(_PHI, _PHI)), source=PAPER,
    note="exact for any Ô symmetric under r1 <-> r2 and Hermitian; it is the unnormalised expectation value",
    printed=r"\begin{aligned} D+J &= \left\langle \Phi(\vec{r}_1, \vec{r}_2) \left| \hat{O}(\vec{r}_1, \vec{r}_2) "
    r"\right| \Phi(\vec{r}_1, \vec{r}_2) \right\rangle = \\ &= \left\langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) "
    r"\left| \hat{O}(\vec{r}_1, \vec{r}_2) \right| \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \right\rangle + "
    r"\left\langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \left| \hat{O}(\vec{r}_1, \vec{r}_2) \right| "
    r"\Psi_1(\vec{r}_2) \Psi_2(\vec{r}_1) \right\rangle \end{aligned} \quad (2.2)",
    not_compared={
        r"\left\langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \left| \hat{O}(\vec{r}_1, \vec{r}_2) \right| "
        r"\Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \right\rangle + \left\langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) "
        r"\left| \hat{O}(\vec{r}_1, \vec{r}_2) \right| \Psi_1(\vec{r}_2) \Psi_2(\vec{r}_1) \right\rangle":
        "the split into the direct and exchange brackets is what (2.2) asserts, not a rewriting: checks "
        "2.2-generic-operator and 2.2-symmetric-operator show when it holds",
    },
)
EQ_2_3 = Equation(
    "2.3", "energy of the unpaired electrons: direct term", relation(E_sym, _DIRECT), source=PAPER,
    note=text(Math(relation(E_sym, D_sym)), "; the product ", Math(Psi1(r1) * Psi2(r2)),
              " is normalised when Ψ1 and Ψ2 are"),
    printed=r"\langle E(\vec{r}_1, \vec{r}_2) \rangle = D = \left\langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) "
    r"\left| \hat{O}(\vec{r}_1, \vec{r}_2) \right| \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \right\rangle \quad (2.3)",
    not_compared={"D": "D is the paper's name for the bracket; the encoding states <E> = bracket"},
)
EQ_2_4 = Equation(
    "2.4", "exchange term", relation(J_sym, _EXCHANGE), source=PAPER,
    printed=r"J = \left\langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \left| \hat{O}(\vec{r}_1, \vec{r}_2) \right| "
    r"\Psi_1(\vec{r}_2) \Psi_2(\vec{r}_1) \right\rangle \quad (2.4)",
)
EQ_2_5 = Equation(
    "2.5", "non-orthogonal orbitals", sp.Ne(S_overlap, 0), source=PAPER,
    note="S = <Ψ1|Ψ2>, real for real orbitals and of either sign as stated here; elsewhere in Section 2 the "
    "phase of Ψ2 is chosen so that S > 0. The models report S",
    printed=r"\langle \Psi_1(\vec{r}) | \Psi_2(\vec{r}) \rangle \neq 0 \quad (2.5)",
    notation={r"\langle \Psi_1(\vec{r}) | \Psi_2(\vec{r}) \rangle": S_overlap},
)
EQ_2_6 = Equation(
    "2.6", "full overlap (printed with ≈)", relation(Psi1(r1), Psi2(r1)), source=PAPER,
    note="printed as Ψ1(r) ≈ Ψ2(r)",
    printed=r"\Psi_1(\vec{r}) \approx \Psi_2(\vec{r}) \quad (2.6)", notation={r"\vec{r}": r1},
)
EQ_2_7 = Equation(
    "2.7", "substitution in the ket of (2.4)",
    sp.And(relation(Psi1(r2), Psi2(r2)), relation(Psi2(r1), Psi1(r1))), source=PAPER,
    note="holding at every point, this is Ψ1 ≡ Ψ2, i.e. S = 1 exactly",
    printed=r"\Psi_1(\vec{r}_2) = \Psi_2(\vec{r}_2), \quad \Psi_2(\vec{r}_1) = \Psi_1(\vec{r}_1) \quad (2.7)",
)
EQ_2_8 = Equation(
    "2.8", "exchange term after (2.7)", relation(J_sym, _DIRECT), source=PAPER,
    printed=r"J = \left\langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \left| \hat{O}(\vec{r}_1, \vec{r}_2) \right| "
    r"\Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \right\rangle \quad (2.8)",
)
EQ_2_9 = Equation(
    "2.9", "exchange energy equals the unpaired energy", relation(J_sym, E_sym), source=PAPER,
    note="at full overlap; the paper reads it as: the pairing lowers the energy by J < 0",
    printed=r"J = \langle E(\vec{r}_1, \vec{r}_2) \rangle \quad (2.9)",
)
EQ_2_10 = Equation(
    "2.10", text("the six energy terms of ", Math(E_sym)), relation(J_sym, K1 + K2 + Pe1 + Pe2 - P12 + PI1 + PI2),
    source=PAPER,
    note=text(Math(Pe1), " includes the partner electron, hence the subtracted ", Math(P12), "; printed as ",
              Math(relation(J_sym, E_sym)), " = ..."),
    printed=r"J = \langle E(\vec{r}_1, \vec{r}_2) \rangle = \langle K(e_1) \rangle + \langle K(e_2) \rangle + "
    r"\langle P(e_1, e) \rangle + \langle P(e_2, e) \rangle - \langle P(e_1, e_2) \rangle + \langle P(e_1, I) "
    r"\rangle + \langle P(e_2, I) \rangle \quad (2.10)",
    notation={r"\langle K(e_1) \rangle": K1, r"\langle K(e_2) \rangle": K2, r"\langle P(e_1, e) \rangle": Pe1,
              r"\langle P(e_2, e) \rangle": Pe2, r"\langle P(e_1, e_2) \rangle": P12,
              r"\langle P(e_1, I) \rangle": PI1, r"\langle P(e_2, I) \rangle": PI2},
    not_compared={r"\langle E(\vec{r}_1, \vec{r}_2) \rangle": "J = <E> is Eq. (2.9), encoded there; (2.10) is "
                  "encoded as J = the sum of the six terms"},
)
EQ_2_11 = Equation(
    "2.11", "crystal energy with a product wave function", None, source=PAPER,
    note="an expectation value of an unspecified crystal Hamiltonian over unknown 'accurate' eigenfunctions; "
    "it states no relation to check. As written the many-body function is a simple product, not "
    "antisymmetrised, so it contains no exchange term of the kind (2.4) at all",
    printed=r"\langle E_{crystal} \rangle = \langle \dots \varphi_{i-1}(\vec{r}_{i-1}) \cdot \varphi_i(\vec{r}_i) "
    r"\dots \Psi_{m-1}(\vec{r}_{m-1}) \cdot \Psi_m(\vec{r}_m) \dots | H(\vec{r}_1 \dots \vec{r}_n) | \dots "
    r"\varphi_{i-1}(\vec{r}_{i-1}) \cdot \varphi_i(\vec{r}_i) \dots \Psi_{m-1}(\vec{r}_{m-1}) \cdot "
    r"\Psi_m(\vec{r}_m) \dots \rangle \quad (2.11)",
)
EQ_2_12 = Equation(
    "2.12", "two equal running Bloch waves",
    relation(Psi1(x_, tt_), u_(x_) * sp.exp(-sp.I * w_ * tt_ - sp.I * k_ * x_)), source=PAPER,
    note="Ψ1 = Ψ2; one dimension here; checked with a concrete lattice-periodic u(x)",
    printed=r"\Psi_1(\vec{r}, t) = \Psi_2(\vec{r}, t) = u(\vec{r}) \cdot \exp(-i\omega t - i\vec{k} \cdot \vec{r}) "
    r"\quad (2.12)",
    notation=_WAVE_NOTATION,
    not_compared={r"\Psi_2(\vec{r}, t)": "Ψ2 = Ψ1: the two electrons are in the same wave; encoded for Ψ1"},
)
EQ_2_13 = Equation(
    "2.13", "standing wave from two counter-propagating Bloch waves",
    relation(Psi1(x_, tt_), u_(x_) * (sp.exp(-sp.I * w_ * tt_ - sp.I * k_ * x_)
                                   + sp.exp(-sp.I * w_ * tt_ + sp.I * k_ * x_)) / sp.sqrt(2)),
    source=PAPER, note="Ψ1 = Ψ2; checked with a concrete lattice-periodic u(x) at the Bragg condition k = π/R",
    printed=r"\Psi_1(\vec{r}, t) = \Psi_2(\vec{r}, t) = \frac{1}{\sqrt{2}} u(\vec{r}) \cdot \exp(-i\omega t - "
    r"i\vec{k} \cdot \vec{r}) + \frac{1}{\sqrt{2}} u(\vec{r}) \cdot \exp(-i\omega t + i\vec{k} \cdot \vec{r}) "
    r"\quad (2.13)",
    notation=_WAVE_NOTATION,
    not_compared={r"\Psi_2(\vec{r}, t)": "Ψ2 = Ψ1: the two electrons are in the same wave; encoded for Ψ1"},
)
EQ_2_14 = Equation(
    "2.14", "pairing energy 2Δ", relation(2 * Delta, A_const * J_sym), source=PAPER,
    note="2Δ is defined as <φ1φ2|Ô|φ1φ2> - <Ψ1Ψ2|Ô|Ψ1Ψ2> (paired minus unpaired product energies) and "
    "asserted to equal A·J with A a positive material constant",
    printed=r"2\Delta = \langle \varphi_1(\vec{r}_1) \varphi_2(\vec{r}_2) | \hat{O}(\vec{r}_1, \vec{r}_2) | "
    r"\varphi_1(\vec{r}_1) \varphi_2(\vec{r}_2) \rangle - \langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) | "
    r"\hat{O}(\vec{r}_1, \vec{r}_2) | \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \rangle = A \cdot J \quad (2.14)",
    not_compared={
        r"\langle \varphi_1(\vec{r}_1) \varphi_2(\vec{r}_2) | \hat{O}(\vec{r}_1, \vec{r}_2) | \varphi_1(\vec{r}_1) "
        r"\varphi_2(\vec{r}_2) \rangle - \langle \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) | \hat{O}(\vec{r}_1, \vec{r}_2) "
        r"| \Psi_1(\vec{r}_1) \Psi_2(\vec{r}_2) \rangle":
        "the definition of 2Δ by the paired orbitals φ1, φ2, which the paper does not specify; check "
        "2.14-delta-energy-zero uses it with a second orbital pair",
    },
)

EQUATIONS = (EQ_2_1, EQ_2_2, EQ_2_3, EQ_2_4, EQ_2_5, EQ_2_6, EQ_2_7, EQ_2_8, EQ_2_9, EQ_2_10, EQ_2_11,
             EQ_2_12, EQ_2_13, EQ_2_14)


# -- checks ---------------------------------------------------------------------------------------------
def _generic_checks() -> list:
    """(2.2) for a generic operator: which conditions the split D + J needs."""
    ab, ba = ("a", "b"), ("b", "a")
    sym = {(x, y): sp.Symbol(f"O_{{{''.join(x)},{''.join(y)}}}") for x in (ab, ba) for y in (ab, ba)}

    def element(i: str, j: str, k: str, l: str) -> sp.Expr:
        return sym[((i, j), (k, l))]

    a, b = PAIR.orbital("a"), PAIR.orbital("b")
    _ab, _ba = sp.Symbol("ab"), sp.Symbol("ba")  # the products a(r1) b(r2) and b(r1) a(r2), named in details
    value = expectation(singlet_state(a, b), element)
    D, J = sym[(ab, ab)], sym[(ab, ba)]
    residual = (sym[(ba, ba)] - sym[(ab, ab)]) / 2 + (sym[(ba, ab)] - sym[(ab, ba)]) / 2
    # exchange symmetry of Ô: <ba|O|ba> = <ab|O|ab>, <ba|O|ab> = <ab|O|ba> (relabel r1 <-> r2);
    # Hermiticity: <ba|O|ab> = conj(<ab|O|ba>); together they also make J real.
    symmetric = {sym[(ba, ba)]: D, sym[(ba, ab)]: J}
    return [
        Identity(
            "2.2-generic-operator", value - (D + J), residual, equation="2.2",
            where="Eq. (2.2), any operator",
            detail=text("for an arbitrary operator ", Math(relation(_O(_Phi, _Phi), sp.Add(
                D_sym + J_sym, (_O(_ba, _ba) - D_sym) / 2, (_O(_ba, _ab) - J_sym) / 2, evaluate=False))),
                ": the split needs the two brackets to vanish"),
        ),
        Identity(
            "2.2-symmetric-operator", value.subs(symmetric), D + J, equation="2.2",
            where="Eq. (2.2), Ô symmetric under r1 <-> r2",
            detail=text("with Ô(r1, r2) = Ô(r2, r1) (any Hamiltonian of two identical particles) relabelling "
                        "r1 ↔ r2 gives ", Math(relation(_O(_ba, _ba), D_sym)), " and ",
                        Math(relation(_O(_ba, _ab), J_sym)),
                        ", so ", Math(relation(_O(_Phi, _Phi), D_sym + J_sym)), " exactly, for complex orbitals too; "
                        "Hermiticity then makes ", Math(sp.Eq(J_sym, sp.conjugate(J_sym), evaluate=False)), " real"),
        ),
    ]


def _pair_checks() -> list:
    a, b = PAIR.orbital("a"), PAIR.orbital("b")
    el = physical_element(PAIR)
    el_shift = physical_element(PAIR, c_zero)
    h, v = PAIR.h, PAIR.v
    D, J = direct_D(a, b, el), exchange_J(a, b, el)
    norm_s, _ = overlap_and_norm(PAIR, singlet_state(a, b))
    norm_t, _ = overlap_and_norm(PAIR, triplet_state(a, b))
    E_s = singlet_energy(PAIR, a, b, el)
    E_t = triplet_energy(PAIR, a, b, el)
    D_c, J_c = direct_D(a, b, el_shift), exchange_J(a, b, el_shift)
    pair_c = pairing_energy(PAIR, a, b, el_shift)
    return [
        Identity("2.1-norm", norm_s, 1 + S**2, equation="2.1", where=text("Eq. (2.1), ", Math(_overlap(_Phi, _Phi))),
                 detail=text("Φ of (2.1) has ", Math(relation(_overlap(_Phi, _Phi), 1 + S**2)), "; normalised, ",
                             Math(relation(_Phi, sp.sqrt(2) * _PHI / sp.sqrt(2 * (1 + S**2)))))),
        Identity("2.1-norm-triplet", norm_t, 1 - S**2, equation="2.1", where="antisymmetric counterpart of (2.1)",
                 detail=text(Math(_TRIPLET), " has norm ", Math(1 - S**2), ", zero at ", Math(relation(S, 1)),
                             ": no triplet at full overlap")),
        Identity("2.2-integrals", expectation(singlet_state(a, b), el), D + J, equation="2.2",
                 where="Eq. (2.2) with Ô = h(1) + h(2) + v(1,2), real orbitals",
                 detail=text("SymPy expansion of ", Math(_O(_Phi, _Phi)), " over ", Math(sp.Symbol("h_ij")),
                             ", S and (ij|kl)")),
        Identity("2.2-triplet", expectation(triplet_state(a, b), el), D - J, equation="2.2",
                 where="antisymmetric state", detail=Math(relation(_O(_Phi_minus, _Phi_minus), D_sym - J_sym))),
        Identity("2.3-direct-integrals", D, h("a", "a") + h("b", "b") + v("a", "a", "b", "b"), equation="2.3",
                 where="Eq. (2.3)",
                 detail=text(Math(relation(D_sym, h("a", "a") + h("b", "b") + v("a", "a", "b", "b"))),
                                                ": one-electron energies plus the Coulomb (direct) repulsion")),
        Identity("2.4-exchange-integrals", J, 2 * S * h("a", "b") + v("a", "b", "a", "b"), equation="2.4",
                 where="Eq. (2.4)", detail=text(Math(relation(J_sym, 2 * S * h("a", "b") + v("a", "b", "a", "b"))),
                                                ": the one-electron part enters multiplied by the overlap S, so J is "
                                                "not an interaction energy alone")),
        Identity("2.2-normalised-singlet", E_s, (D + J) / (1 + S**2), equation="2.2",
                 where="normalised singlet energy", detail=Math(relation(E_s_sym, (D_sym + J_sym) / (1 + S**2)))),
        Identity("2.2-normalised-triplet", E_t, (D - J) / (1 - S**2), equation="2.2",
                 where="normalised triplet energy", detail=Math(relation(E_t_sym, (D_sym - J_sym) / (1 - S**2)))),
        Identity("2.9-pairing-energy-form", E_s - D, (J - S**2 * D) / (1 + S**2), equation="2.9",
                 where="singlet minus unpaired energy",
                 detail=text("the energy gained on pairing is ", Math((J_sym - S**2 * D_sym) / (1 + S**2)),
                             ": J is measured against ", Math(S**2 * D_sym), ", not 0")),
        Identity("2.9-energy-zero-J", J_c - J, c_zero * S**2, equation="2.9",
                 where="Ô -> Ô + c (moving the energy zero)",
                 detail=text("J shifts by ", Math(c_zero * S**2),
                             " and D by c: the sign of J depends on where the energy zero is put")),
        Identity("2.9-energy-zero-pairing", pair_c, E_s - D, equation="2.9",
                 where="Ô -> Ô + c", detail=text("the pairing energy ", Math(E_s_sym - D_sym),
                                                 " does not depend on the energy zero")),
        Identity("2.9-energy-zero-D", D_c - D, c_zero, equation="2.3", where="Ô -> Ô + c",
                 detail="D shifts by c"),
    ]


def _q(name: str) -> object:
    """One of :func:`family_quantities`, computed when the check using it runs."""
    return deferred(lambda: family_quantities()[name])


def _family_checks() -> list:
    a_, c_ = "a", "c"
    psi_1, psi_2, c_orbital = sp.symbols("Psi_1 Psi_2 c")
    _family_where = Math(relation(psi_2, S * psi_1 + sp.sqrt(1 - S**2) * c_orbital))
    pairing = Math(E_s_sym - D_sym)
    h, v = FAMILY.h, FAMILY.v
    K_ac = v(a_, c_, a_, c_)
    E_t_orth = h(a_, a_) + h(c_, c_) + v(a_, a_, c_, c_) - K_ac
    paper_reading = Limit(
        "pairing-equals-J-at-full-overlap", _q("pairing"), t, sp.Integer(0),
        deferred(lambda: family_quantities()["J"].subs(t, 0)),
        detail="the paper's reading: at full overlap the singlet lies J = <E> below the unpaired state",
    )
    return [
        Identity("2.5-family-overlap", _q("S"), (1 - t**2) / (1 + t**2), equation="2.5",
                 where=_family_where,
                 detail=text("the family's overlap is ", Math(relation(S, (1 - t**2) / (1 + t**2))))),
        Limit("2.9-J-equals-E-full-overlap", deferred(lambda: family_quantities()["J"] - family_quantities()["D"]),
              t, sp.Integer(0), sp.Integer(0), equation="2.9",
              where="Eq. (2.9), Ψ2 -> Ψ1 (t -> 0)",
              detail="J - <E> -> 0: (2.9) holds as an identity between the integrals at full overlap"),
        Limit("2.9-pairing-energy-full-overlap", _q("pairing"), t, sp.Integer(0), sp.Integer(0), equation="2.9",
              where=text("normalised pairing energy ", pairing, " as Ψ2 → Ψ1"),
              detail=text("the normalised singlet energy ", Math((D_sym + J_sym) / (1 + S**2)),
                          " tends to D: at full overlap the singlet "
                          "is not below the unpaired state; ", Math(relation(J_sym, E_sym)),
                          " there is the energy itself, not an energy gain")),
        Limit("2.9-pairing-energy-orthogonal", _q("pairing"), t, sp.Integer(1), K_ac, equation="2.9",
              where=text("normalised pairing energy ", pairing, " as S → 0 (t → 1)"),
              detail="it tends to the exchange integral (ac|ac) of the orthogonal pair, which is ≥ 0 for a "
              "Coulomb kernel (the self-energy of the charge a·c): the triplet is favoured there (Hund). It "
              "vanishes only if (ac|ac) does, i.e. for orbitals apart in space, not for orthogonal overlapping ones"),
        Identity("2.9-triplet-independent-of-overlap", _q("E_triplet"), E_t_orth, equation="2.9",
                 where="normalised triplet energy along the family",
                 detail=text(Math(relation(_TRIPLET * sp.sqrt(2), sp.sqrt(1 - S**2) * sp.Symbol("(ac - ca)"))),
                             ": the triplet energy does not depend on S")),
        KnownErratum(
            "2.9-reading-pairing-gain", check=paper_reading, equation="2.9",
            instead=Limit("pairing-gain-at-full-overlap", _q("pairing"), t, sp.Integer(0), sp.Integer(0),
                          detail=text("the normalised pairing energy ", pairing, " tends to 0 at full overlap")),
            where="Section 2, after Eq. (2.9): 'the exchange energy J ... is also negative and the paired state "
            "is favorable'",
            explanation=text("with Φ normalised, the singlet minus unpaired energy tends to 0 as Ψ2 → Ψ1, not to ",
                             Math(relation(J_sym, E_sym)), "; (2.9) is true of the unnormalised integrals, but the "
                             "energy gain on pairing is ", Math((J_sym - S**2 * D_sym) / (1 + S**2)),
                             ", which vanishes at full overlap"),
        ),
    ]


def _substitution_checks() -> list:
    substituted = _EXCHANGE.subs(_SUBSTITUTION_2_7)
    return [
        Identity("2.8-from-2.7", substituted, EQ_2_8.rhs, equation="2.8",
                 where="Eq. (2.7) substituted into the ket of (2.4)",
                 detail="the substitution turns the exchange integrand into the direct one: (2.8) = (2.3); "
                 "as (2.7) holds for every r, it is Ψ1 ≡ Ψ2 (S = 1), the endpoint of the family checks"),
    ]


def _six_term_checks() -> list:
    """(2.10): <E> for Ô = Σ kinetic + background + ion terms + v12, with the double-counting correction."""
    kin1, kin2, bg1, bg2, ion1, ion2, v12 = sp.symbols("T_1 T_2 V_bg1 V_bg2 V_I1 V_I2 C_12", real=True)
    direct_energy = kin1 + kin2 + bg1 + bg2 + ion1 + ion2 + v12  # D with h = T + V_bg + V_I, (aa|bb) = C_12
    terms = {K1: kin1, K2: kin2, Pe1: bg1 + v12, Pe2: bg2 + v12, P12: v12, PI1: ion1, PI2: ion2}
    return [
        Identity("2.10-double-counting", EQ_2_10.rhs.subs(terms), direct_energy, equation="2.10",
                 where="Eq. (2.10)",
                 detail=text("with ", Math(Pe1), " = background repulsion + ", Math(P12), ", the six listed "
                             "terms minus ", Math(P12), " give ", Math(relation(D_sym, E_sym)),
                             " exactly; the 1-D lattice model evaluates each term")),
    ]


def _wave_checks() -> list:
    """(2.12), (2.13) with u(x) = 1 + β cos(2πx/R), k = π/R (Bragg, n = 1), ħ = m = 1, over one period 2R.

    The period integrals are computed when their checks run."""
    x = sp.Symbol("x", real=True)
    time = sp.Symbol("tau", real=True)
    R, w, beta = sp.symbols("R omega beta", positive=True)
    k = sp.pi / R
    u = 1 + beta * sp.cos(2 * sp.pi * x / R)
    values = [(u_(x_), u), (x_, x), (tt_, time), (k_, k), (w_, w)]
    running = EQ_2_12.rhs.subs(values)
    standing = EQ_2_13.rhs.subs(values)

    def real_form(expr: sp.Expr) -> sp.Expr:
        return sp.expand(sp.expand_complex(sp.expand(expr)))

    def period_integral(expr: sp.Expr) -> sp.Expr:
        """∫_0^{2R} dx of a trigonometric polynomial, term by term as exponentials e^{a x}."""
        total = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(sp.powsimp(sp.expand(expr.rewrite(sp.exp))))):
            coeff, xpart = term.as_independent(x, as_Add=False)
            rate = sp.cancel(sp.diff(xpart, x) / xpart)
            if rate.has(x):
                raise ValueError(f"not a trigonometric polynomial in x: {term}")
            total += coeff * (2 * R if rate == 0 else (sp.exp(2 * R * rate) - 1) / rate * xpart.subs(x, 0))
        return total

    @lru_cache(maxsize=None)
    def norm(psi: sp.Expr) -> sp.Expr:
        return period_integral(sp.conjugate(psi) * psi)

    def momentum(psi: sp.Expr) -> sp.Expr:
        return period_integral(sp.conjugate(psi) * (-sp.I) * sp.diff(psi, x)) / norm(psi)

    def density_rate(psi: sp.Expr) -> sp.Expr:
        return sp.diff(real_form(sp.conjugate(psi) * psi), time)

    real_profile = sp.sqrt(2) * u * sp.cos(k * x) * sp.exp(-sp.I * w * time)
    return [
        Identity("2.12-momentum", deferred(lambda: momentum(running)), -k, equation="2.12",
                 where="Eq. (2.12), <p> of the running wave (ħ = 1)",
                 detail="u(x) = 1 + β cos(2πx/R), k = π/R: <p> = -ħk ≠ 0, the running wave carries momentum"),
        Identity("2.12-density-static", deferred(lambda: density_rate(running)), sp.Integer(0), equation="2.12",
                 where="Eq. (2.12), ∂|Ψ|²/∂t", detail="the density u(x)² does not depend on time"),
        Identity("2.13-real-profile", deferred(lambda: sp.powsimp(sp.expand(standing * sp.exp(sp.I * w * time)))),
                 real_profile * sp.exp(sp.I * w * time),
                 equation="2.13", where="Eq. (2.13)",
                 detail=text("the standing wave is ", Math(sp.sqrt(2) * u_(x_) * sp.cos(k_ * x_)
                                                          * sp.exp(-sp.I * w_ * sp.Symbol("t"))),
                             ": a real profile times one phase")),
        Identity("2.13-momentum-zero", deferred(lambda: momentum(standing)), sp.Integer(0), equation="2.13",
                 where="Eq. (2.13), <p> of the standing wave",
                 detail="zero mean momentum, as the paper says"),
        Identity("2.13-density-static", deferred(lambda: density_rate(standing)), sp.Integer(0), equation="2.13",
                 where="Eq. (2.13), ∂|Ψ|²/∂t", detail="the density 2u²cos²(kx) does not depend on time"),
        Identity("2.13-norm", deferred(lambda: norm(standing) / norm(running)), 1 + 2 * beta / (2 + beta**2),
                 equation="2.13",
                 where="Eq. (2.13), norm relative to one running wave",
                 detail="at the Bragg condition -k = k - 2π/R, so the two counter-propagating waves are not "
                 "orthogonal: their overlap is the 2π/R Fourier component of u². With the printed 1/√2 the "
                 "standing wave is normalised only if that component vanishes (here β = 0, no lattice "
                 "modulation); the paper's 'equiprobable' weights hold, its normalisation does not in general"),
    ]


def _delta_checks() -> list:
    """(2.14): 2Δ is a difference of two product energies; A·J is not invariant under Ô -> Ô + c."""
    el, el_c = physical_element(PAIR), physical_element(PAIR, c_zero)
    a, b = PAIR.orbital("a"), PAIR.orbital("b")
    # paired orbitals φ1, φ2: another pair of real orbitals; products normalised
    PH = Basis(("f", "g"), {frozenset(("f", "g")): sp.Symbol("S_phi", positive=True)})
    f, g = PH.orbital("f"), PH.orbital("g")
    two_delta = direct_D(f, g, physical_element(PH)) - direct_D(a, b, el)
    two_delta_c = direct_D(f, g, physical_element(PH, c_zero)) - direct_D(a, b, el_c)
    A_J, A_J_c = A_const * exchange_J(a, b, el), A_const * exchange_J(a, b, el_c)
    return [
        Identity("2.14-delta-energy-zero", two_delta_c, two_delta, equation="2.14",
                 where="Eq. (2.14), 2Δ under Ô -> Ô + c",
                 detail="2Δ, a difference of two normalised product energies, does not depend on the energy zero"),
        KnownErratum(
            "2.14-A-J-energy-zero",
            check=Identity("A-J-invariant", A_J_c, A_J),
            instead=Identity("A-J-shift", A_J_c - A_J, A_const * c_zero * S**2,
                             detail="A·J shifts by A·c·S² under Ô -> Ô + c"),
            explanation="A·J changes by A·c·S² when the energy zero moves by c while 2Δ does not, so "
            "2Δ = A·J with a constant A can hold only for one conventional zero (the paper's 'we may define "
            "... zero'); moving the zero can even flip the sign of J without changing 2Δ, so no positive A "
            "works for every convention. The zero-independent exchange quantity is J - S²D",
            equation="2.14", where="Eq. (2.14), 2Δ = A·J",
        ),
    ]


def register(d: Derivation) -> None:
    d.add_notation(NOTATION)
    for eq in EQUATIONS:
        d.add_equation(eq)
    d.add_checks(_generic_checks())
    d.add_checks(_pair_checks())
    d.add_checks(_substitution_checks())
    d.add_checks(_family_checks())
    d.add_checks(_six_term_checks())
    d.add_checks(_wave_checks())
    d.add_checks(_delta_checks())
    from .models import register as register_models  # the models import this module

    register_models(d)
