"""Property: every --dos text, from the grammar of allowed tokens or raw, gives a result or a one-line
error through the whole pipeline (parse, classify, validate, solve), within a time bound.

The phase limits are lowered here so that an example that would hang ends in seconds; an example
that ends in anything but a result or a :class:`~symcheck.errors.SymcheckError` line fails.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symcheck_derivations.exchange_pairing import solvers as gap_cli
from symcheck._timeout import call_with_time_limit
from symcheck.cli import main
from symcheck.safe_expr import CONSTANTS, FUNCTIONS

_PHASES = {"parse": 1.0, "classify": 2.0, "validate": 2.0, "solve": 3.0}
_EXAMPLE_SECONDS = 12.0  # beyond the phases' sum: a run that gets here has escaped them

_numbers = st.sampled_from(["0", "1", "2", "3", "10", "0.5", "1.5", "-1", "1e-3", "64", "65", "1e15", "1e16", "0.0"])
_atoms = st.one_of(_numbers, st.sampled_from(["E", "E", "E", *sorted(CONSTANTS)]))


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(["-", "+"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        st.tuples(st.sampled_from(sorted(FUNCTIONS)), inner).map(lambda t: f"{t[0]}({t[1]})"),
    )


#: Formulas built from the accepted tokens, and raw text: from those characters and from anywhere.
formulas = st.one_of(
    st.recursive(_atoms, _compound, max_leaves=8),
    st.text(alphabet="E0123456789.+-*/() epiqrtxlognschab,_j", max_size=30),
    st.text(max_size=20),
)


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=formulas)
def test_every_dos_gives_a_result_or_one_line_error(capsys, text):
    args = ["solve", "c", "--e1", "1", "--tc", "1000", "--digits", "6", "--json", f"--dos={text}"]
    with mock.patch.dict(gap_cli.DOS_PHASE_SECONDS, _PHASES):
        gap_cli._dos.cache_clear()
        code, enforced = call_with_time_limit(lambda: main(args), _EXAMPLE_SECONDS)
    out, err = capsys.readouterr()
    if code == 0:
        assert '"C": "' in out and err == ""
    else:
        assert code == 2 and out == ""
        assert err.startswith("symcheck: error: ") and err.count("\n") == 1, err


@pytest.mark.parametrize("text", [
    "log(0)", "0**(-1)", "(-1)**0.5", "E**(1j)", "2**2**2**2**2", "1if E else 2",
    "exp(cosh(1e15))",  # found by the property test: mpmath runs out of memory for exp(1e434294481903251)
])
def test_known_failures_of_the_parser_are_one_line(capsys, text):
    code = main(["solve", "c", "--e1", "1", "--tc", "1", f"--dos={text}"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.startswith("symcheck: error: --dos") and err.count("\n") == 1
