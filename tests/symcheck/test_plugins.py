"""Plugin derivations as real distributions on the path: a broken one is one line naming it and its
distribution, the others stay usable, and a name registered twice is refused naming both."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

_MODULES = {
    "toy_plugin": "from symcheck import Derivation\nderivation = Derivation('toy', 'A toy derivation')\n",
    "raising_plugin": "raise RuntimeError('boom at import')\n",
    "exiting_plugin": "import sys\nsys.exit('plugin called sys.exit')\n",
    "builder_plugin": "def derivation():\n    raise ValueError('cannot build')\n",
    "wrong_plugin": "derivation = 42\n",
    "lazy_plugin": (
        "from symcheck import Derivation\n"
        "def _fail(d):\n    raise KeyError('no such section')\n"
        "derivation = Derivation('lazy', 'Fails when built', builders=[_fail])\n"
    ),
}
_DISTRIBUTIONS = {  # distribution name -> entry points
    "toy-dist": {"toy": "toy_plugin:derivation", "toy-twice": "toy_plugin:derivation"},
    "raising-dist": {"raising": "raising_plugin:derivation"},
    "exiting-dist": {"exiting": "exiting_plugin:derivation"},
    "missing-dist": {"missing": "no_such_module_anywhere:derivation"},
    "builder-dist": {"builder": "builder_plugin:derivation"},
    "wrong-dist": {"wrong": "wrong_plugin:derivation"},
    "lazy-dist": {"lazy": "lazy_plugin:derivation"},
    "second-toy-dist": {"toy-twice": "toy_plugin:derivation"},
}


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> Path:
    """A folder on PYTHONPATH holding the modules and a ``*.dist-info`` per distribution."""
    root = tmp_path_factory.mktemp("plugins")
    for module, code in _MODULES.items():
        (root / f"{module}.py").write_text(code)
    for dist, points in _DISTRIBUTIONS.items():
        info = root / f"{dist.replace('-', '_')}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
        lines = "".join(f"{name} = {value}\n" for name, value in points.items())
        (info / "entry_points.txt").write_text("[symcheck.derivations]\n" + lines)
    return root


def symcheck(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(path), os.environ.get("PYTHONPATH")])))
    return subprocess.run([sys.executable, "-m", "symcheck", *args], capture_output=True, text=True, env=env, timeout=120)


def test_a_working_plugin_is_listed(plugin_path):
    result = symcheck(plugin_path, "list", "--derivation", "toy")
    assert result.returncode == 0 and result.stdout.startswith("A toy derivation [toy]"), result.stderr


@pytest.mark.parametrize("name, fragment", [
    ("raising", "failed on import: RuntimeError: boom at import"),
    ("exiting", "failed on import: SystemExit: plugin called sys.exit"),
    ("missing", "cannot be imported: module 'no_such_module_anywhere' is not installed"),
    ("builder", "failed when called to build the derivation: ValueError: cannot build"),
    ("wrong", "gave int, expected a symcheck Derivation"),
    ("lazy", "failed while building its equations and checks: KeyError: 'no such section'"),
])
def test_a_broken_plugin_is_one_line_naming_it(plugin_path, name, fragment):
    result = symcheck(plugin_path, "list", "--derivation", name)
    dist = next(d for d, points in _DISTRIBUTIONS.items() if name in points)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"derivation {name!r}" in result.stderr and f"{dist} 1.0" in result.stderr and fragment in result.stderr


def test_the_built_in_derivation_still_works_beside_broken_plugins(plugin_path):
    result = symcheck(plugin_path, "list")
    assert result.returncode == 0 and "[exchange-pairing]" in result.stdout.splitlines()[0], result.stderr


def test_a_name_registered_twice_is_refused_naming_both(plugin_path):
    result = symcheck(plugin_path, "list", "--derivation", "toy-twice")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "registered by 2 distributions" in result.stderr
    assert "toy-dist 1.0" in result.stderr and "second-toy-dist 1.0" in result.stderr


def test_a_plugin_cannot_silently_replace_the_built_in_one(tmp_path):
    (tmp_path / "impostor.py").write_text("derivation = None\n")
    info = tmp_path / "impostor-2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: impostor\nVersion: 2.0\n")
    (info / "entry_points.txt").write_text("[symcheck.derivations]\nexchange-pairing = impostor:derivation\n")
    result = symcheck(tmp_path, "solve", "c", "--e1", "1", "--tc", "1")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "'exchange-pairing' is registered by 2 distributions" in result.stderr
    assert "symcheck 0.1.0" in result.stderr and "impostor 2.0" in result.stderr
