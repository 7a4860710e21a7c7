"""``pytest --symcheck``: checks are ordinary items, so counting, ``--collect-only``, ``-k``, ``-m``, node IDs,
``--lf``, ``-x`` and JUnit XML behave as for any test. Each test runs a real pytest session (pytester)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

pytest_plugins = ["pytester"]

PAPER = '''
import sympy as sp
from symcheck import Claim, Derivation, Identity, Limit
from symcheck.reference import Citation, Reference, ReferenceClaim

x = sp.Symbol("x", positive=True)
derivation = Derivation("toy", "A toy")
derivation.add_check(Identity("root", sp.sqrt(x**2), x, where="Eq. (1)"))
derivation.add_check(Limit("decay", sp.exp(-x), x, sp.oo, 0))
derivation.add_check(Claim("pi-good", "3.14", sp.pi))
derivation.add_check(Claim("pi-bad", "3.15", sp.pi))
derivation.add_check(ReferenceClaim(
    "e-bad", Reference("Euler's number", "2.71", "", Citation("L. Euler", "Introductio", 1748)), sp.E))
'''
ALL = ["symcheck::toy::root", "symcheck::toy::decay", "symcheck::toy::pi-good", "symcheck::toy::pi-bad",
       "symcheck::toy::e-bad"]


@pytest.fixture
def paper(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(paper=PAPER)
    return pytester


def _items(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if line.startswith("symcheck::")]


def test_collect_only_lists_and_counts_every_check(paper):
    result = paper.runpytest("--symcheck=paper.py", "--collect-only", "-q", "-p", "no:cacheprovider")
    assert _items(result) == ALL
    result.stdout.fnmatch_lines(["5 tests collected in *"])
    assert result.ret == pytest.ExitCode.OK


def test_header_counts_the_checks_and_failures_say_what_was_compared(paper):
    result = paper.runpytest("--symcheck=paper.py", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["collected 5 items"])
    result.assert_outcomes(passed=3, failed=2)
    text = result.stdout.str()
    assert "paper value: 3.15" in text and "computed:    3.14159" in text
    assert "reference value: 2.71" in text and "L. Euler" in text
    assert "paper value: None" not in text and "paper: None" not in text


def test_k_selects_by_id_and_by_kind(paper):
    by_id = paper.runpytest("--symcheck=paper.py", "-k", "pi", "--collect-only", "-q", "-p", "no:cacheprovider")
    assert _items(by_id) == ["symcheck::toy::pi-good", "symcheck::toy::pi-bad"]
    by_kind = paper.runpytest("--symcheck=paper.py", "-k", "limit or identity", "--collect-only", "-q",
                              "-p", "no:cacheprovider")
    assert _items(by_kind) == ["symcheck::toy::root", "symcheck::toy::decay"]


def test_marker_selects_the_checks_beside_ordinary_tests(paper):
    paper.makepyfile(test_other="def test_plain():\n    pass\n")
    both = paper.runpytest("--symcheck=paper.py", "--collect-only", "-q", "-p", "no:cacheprovider")
    both.stdout.fnmatch_lines(["6 tests collected in *"])
    marked = paper.runpytest("--symcheck=paper.py", "-m", "symcheck", "-p", "no:cacheprovider", "--strict-markers")
    marked.assert_outcomes(passed=3, failed=2, deselected=1)
    plain = paper.runpytest("--symcheck=paper.py", "-m", "not symcheck", "-p", "no:cacheprovider")
    plain.assert_outcomes(passed=1, deselected=5)


def test_a_node_id_selects_one_check(paper):
    result = paper.runpytest("symcheck::toy::pi-good", "--symcheck-derivation", "paper.py", "-v", "-p",
                             "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["symcheck::toy::pi-good PASSED*"])


def test_a_derivation_node_id_selects_all_its_checks(paper):
    result = paper.runpytest("symcheck::toy", "--symcheck-derivation", "paper.py", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=2)


def test_an_unknown_node_id_is_one_collection_error(paper):
    result = paper.runpytest("symcheck::toy::nope", "--symcheck-derivation", "paper.py", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["symcheck: no such check: symcheck::toy::nope; node IDs read symcheck::toy::<check id>*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED and "INTERNALERROR" not in result.stdout.str()


def test_last_failed_reruns_only_the_failed_checks(paper):
    first = paper.runpytest("--symcheck=paper.py")
    first.assert_outcomes(passed=3, failed=2)
    again = paper.runpytest("--symcheck=paper.py", "--lf", "-v")
    again.assert_outcomes(failed=2, deselected=3)
    assert _passed_or_failed(again) == ["symcheck::toy::pi-bad", "symcheck::toy::e-bad"]


def _passed_or_failed(result: pytest.RunResult) -> list[str]:
    return [line.split()[0] for line in result.outlines if line.startswith("symcheck::") and " " in line]


def test_x_stops_at_the_first_failed_check(paper):
    result = paper.runpytest("--symcheck=paper.py", "-x", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)


def test_junit_xml_has_classname_and_check_ids(paper):
    paper.runpytest("--symcheck=paper.py", "--junitxml=out.xml", "-p", "no:cacheprovider")
    cases = ET.parse(paper.path / "out.xml").getroot().iter("testcase")
    named = [(case.get("classname"), case.get("name")) for case in cases]
    assert named == [("symcheck.toy", check.rsplit("::", 1)[1]) for check in ALL]


def test_ini_options_turn_the_plugin_on(pytester):
    pytester.makeini("[pytest]\nsymcheck = true\nsymcheck_derivation = paper.py\n")
    pytester.makepyfile(paper=PAPER)
    result = pytester.runpytest("--collect-only", "-q", "-p", "no:cacheprovider")
    assert _items(result) == ALL


def test_command_line_overrides_the_ini_derivation(pytester):
    pytester.makeini("[pytest]\nsymcheck = true\nsymcheck_derivation = missing.py\n")
    pytester.makepyfile(paper=PAPER)
    result = pytester.runpytest("--symcheck=paper.py", "--collect-only", "-q", "-p", "no:cacheprovider")
    assert _items(result) == ALL


def test_a_path_after_a_bare_symcheck_stays_a_path(paper):
    paper.makepyfile(test_other="def test_plain():\n    pass\n")
    result = paper.runpytest("--symcheck", "test_other.py", "--symcheck-derivation", "paper.py", "--collect-only",
                             "-q", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["test_other.py::test_plain", "6 tests collected in *"])


def test_a_derivation_that_cannot_load_is_one_collection_error(paper):
    paper.makepyfile(broken="x = 1\n")
    result = paper.runpytest("--symcheck=broken.py", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["symcheck: derivation file 'broken.py' defines no 'derivation'*"])
    assert "INTERNALERROR" not in result.stdout.str() and "Traceback" not in result.stdout.str()


def test_the_built_in_derivation_by_default(pytester):
    pytester.makeini("[pytest]\n")
    result = pytester.runpytest("--symcheck", "-k", "3.12-standard-form", "--collect-only", "-q",
                                "-p", "no:cacheprovider")
    assert _items(result) == ["symcheck::exchange-pairing::3.12-standard-form"]


def test_assertion_helpers_hide_their_own_frames(pytester):
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(test_mine='''
import sympy as sp
from symcheck.testing import assert_claim, assert_identity

def test_wrong_identity():
    x = sp.Symbol("x", positive=True)
    assert_identity((x + 1) ** 2, x**2 + 1)

def test_wrong_claim():
    assert_claim("3.15", sp.pi)
''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    text = result.stdout.str()
    assert "symcheck/testing.py" not in text and "def assert_check" not in text
    result.stdout.fnmatch_lines(["*assert_identity((x + 1) ** 2, x**2 + 1)*", "E * lhs - rhs = 2*x*",
                                 "*assert_claim(\"3.15\", sp.pi)*", "E * paper value: 3.15*"])
