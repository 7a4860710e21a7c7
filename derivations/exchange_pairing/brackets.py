"""Section 2's matrix elements ⟨bra|Ô|ket⟩, printed in bra-ket notation as the paper writes them.

Eqs. (2.2)-(2.4) and (2.8) are brackets of two-electron functions with the
energy operator Ô(r1, r2). The derivation keeps each as an unevaluated double
integral of ``bra · Ô(ket)`` over r1, r2 (Ô an undefined function, so SymPy
does no algebra inside it); :class:`OperatorBracket` is that integral, and
prints as ``\\left\\langle bra \\middle| \\hat{O} \\middle| ket \\right\\rangle``
(LaTeX) and ``<bra|O|ket>`` (text) instead of ``∫∫ bra O(ket)``.

>>> import sympy as sp
>>> r1, r2 = sp.symbols("r_1 r_2", real=True)
>>> f, g = sp.Function("Psi_1"), sp.Function("Psi_2")
>>> b = OperatorBracket(f(r1) * g(r2) * O(f(r2) * g(r1)), r1, r2)
>>> print(sp.latex(b))
\\left\\langle \\Psi_{1}{\\left(r_{1} \\right)} \\Psi_{2}{\\left(r_{2} \\right)} \\middle| \\hat{O} \\middle| \\Psi_{1}{\\left(r_{2} \\right)} \\Psi_{2}{\\left(r_{1} \\right)} \\right\\rangle
>>> print(sp.sstr(b))
<Psi_1(r_1)*Psi_2(r_2)|O|Psi_1(r_2)*Psi_2(r_1)>
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

__all__ = ["O", "OperatorBracket"]

#: Ô applied to a two-electron function (an abstract operator).
O = sp.Function("O")


class OperatorBracket(sp.Integral):
    """⟨bra|Ô|ket⟩ = ∫∫ bra · Ô(ket) dr1 dr2, kept unevaluated; prints in bra-ket notation."""

    def bra_ket(self) -> tuple[sp.Expr, sp.Expr] | None:
        """The bra and the ket, or None when the integrand is not ``bra · Ô(ket)``."""
        factors = sp.Mul.make_args(self.function)
        applied = [f for f in factors if isinstance(f, AppliedUndef) and f.func == O and len(f.args) == 1]
        if len(applied) != 1:
            return None
        bra = sp.Mul(*(f for f in factors if f is not applied[0]))
        return bra, applied[0].args[0]

    def _latex(self, printer: Any) -> str:
        parts = self.bra_ket()
        if parts is None:
            return printer._print_Integral(self)
        bra, ket = (printer._print(p) for p in parts)
        return rf"\left\langle {bra} \middle| \hat{{O}} \middle| {ket} \right\rangle"

    def _sympystr(self, printer: Any) -> str:
        parts = self.bra_ket()
        if parts is None:
            return printer._print_Integral(self)
        bra, ket = (printer._print(p) for p in parts)
        return f"<{bra}|O|{ket}>"
