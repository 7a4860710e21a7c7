"""OS-level confinement of TeX: a private mount namespace in which only TeX's files exist.

Where the kernel lets this process make a mount namespace (Linux, as root or
with ``CAP_SYS_ADMIN``), TeX runs chrooted into a fresh ``tmpfs`` that holds
read-only bind mounts of the programs and libraries it needs (``/usr/bin``,
``/usr/lib``, Perl for latexmk), the TeX installation's trees, ``/dev/null``,
and the report's working directory (writable, at its own path). Everything
else (``/etc``, ``/home``, ``/root``, ``/tmp``, ``/var``, ...) does not exist
for TeX, whatever primitive it uses to open a file.

This is the last of the layers :mod:`symcheck.texcompile` stacks: where it is
not available (no namespaces, e.g. an unprivileged container, or not Linux)
the compile runs with the other layers only, and :func:`available` says so.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache

__all__ = ["available", "preexec", "SYSTEM_PATHS", "DISABLE_ENV"]

#: Paths besides the TeX trees that TeX and latexmk need: programs, libraries, Perl.
SYSTEM_PATHS = ("/usr/bin", "/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libexec", "/usr/share/perl",
                "/usr/share/perl5", "/etc/perl", "/etc/ld.so.cache", "/bin", "/lib", "/lib64", "/lib32")
#: Setting this environment variable to 1 turns the confinement off (the other layers stay).
DISABLE_ENV = "SYMCHECK_NO_TEX_NAMESPACE"

_CLONE_NEWNS = 0x00020000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = (
    1, 2, 4, 32, 4096, 16384, 1 << 18)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(libc: ctypes.CDLL, source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    encode = (lambda s: None if s is None else s.encode())
    _check(libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data)),
           f"mount {target}")


def _plan(roots: Sequence[str]) -> list[str]:
    """The paths to bind, real and outermost first (a path inside another is covered by it)."""
    paths = sorted({p for p in SYSTEM_PATHS if os.path.lexists(p)} | {os.path.realpath(r) for r in roots
                                                                        if os.path.exists(r)})
    out: list[str] = []
    for path in paths:
        if not any(path == o or path.startswith(o.rstrip("/") + "/") for o in out if not os.path.islink(o)):
            out.append(path)
    return out


def preexec(new_root: str, work: str, roots: Sequence[str]) -> Callable[[], None]:
    """A ``preexec_fn`` that confines the child to ``work`` and the read-only ``roots`` (see the module)."""
    plan = _plan(roots)

    def confine() -> None:
        libc = _libc()
        _check(libc.unshare(_CLONE_NEWNS), "unshare")
        _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)
        _mount(libc, "tmpfs", new_root, "tmpfs", _MS_NOSUID | _MS_NODEV, "mode=755,size=8m")
        for path in plan:
            inside = new_root + path
            if os.path.islink(path):  # e.g. /bin -> usr/bin on a merged /usr
                os.makedirs(os.path.dirname(inside), exist_ok=True)
                os.symlink(os.readlink(path), inside)
                continue
            if os.path.isdir(path):
                os.makedirs(inside, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(inside), exist_ok=True)
                open(inside, "wb").close()
            _mount(libc, path, inside, None, _MS_BIND | _MS_REC)
            _mount(libc, None, inside, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID)
        os.makedirs(new_root + "/dev", exist_ok=True)
        open(new_root + "/dev/null", "wb").close()
        _mount(libc, "/dev/null", new_root + "/dev/null", None, _MS_BIND)
        os.makedirs(new_root + work, exist_ok=True)
        _mount(libc, work, new_root + work, None, _MS_BIND)
        os.chroot(new_root)
        os.chdir(work)

    return confine


@lru_cache(maxsize=1)
def _probe() -> bool:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="symcheck-probe-") as work, \
            tempfile.TemporaryDirectory(prefix="symcheck-root-") as root:
        try:
            done = subprocess.run(["true"], preexec_fn=preexec(root, work, ()), capture_output=True, timeout=30,
                                  check=False)
        except (OSError, subprocess.SubprocessError):
            return False
        return done.returncode == 0


def available() -> bool:
    """Whether TeX can be confined here (Linux with mount namespaces allowed, and not turned off)."""
    if not sys.platform.startswith("linux") or os.environ.get(DISABLE_ENV) == "1":
        return False
    return _probe()
