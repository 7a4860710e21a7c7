"""Content packages for symcheck: each module states a paper's derivation.

``symcheck_derivations.exchange_pairing`` is the paper "Formation of Cooper Pairs as a
Consequence of Exchange Interaction". Nothing here knows how checks run; see
``symcheck`` for that.
"""
