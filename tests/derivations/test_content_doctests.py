"""The examples in the content's docstrings run, imported under the installed name.

The content's folder is ``derivations/`` but its import name is ``symcheck_derivations``; collecting the folder
with ``--doctest-modules`` would import a second copy under the folder's name, so its doctests run here instead.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import symcheck_derivations

MODULES = sorted(info.name for info in pkgutil.walk_packages(symcheck_derivations.__path__, "symcheck_derivations."))


def test_every_content_module_is_found():
    assert "symcheck_derivations.exchange_pairing.gap" in MODULES
    assert "symcheck_derivations.bcs_weak_coupling.numerics" in MODULES
    assert "symcheck_derivations.exchange_pairing.models.helium" in MODULES


def test_the_content_has_doctests():
    total = sum(len(t.examples) for name in MODULES
                for t in doctest.DocTestFinder().find(importlib.import_module(name)))
    assert total > 20


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(module):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (output above)"
