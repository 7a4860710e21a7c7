"""Writing a report's files: never deleting or overwriting a file symcheck did not write.

``symcheck report --out DIR`` writes ``DIR/<name>.tex``, the figure data in
``DIR/<name>-data/``, and with ``--pdf`` also ``DIR/<name>.pdf`` and the TeX log
``DIR/<name>.log``. Every file written is recorded with its SHA-256 in the
manifest ``DIR/.<name>.symcheck-manifest``. Before anything is replaced or
removed, each existing file is checked against the manifest; a file that is not
in it, or whose content changed since, is someone else's, and the write is
refused with a one-line :class:`~symcheck.latex.ReportError` naming it, with
nothing changed. A data directory that exists but is not in the manifest is
refused too (it is never adopted).

Files from a symcheck version that kept no manifest are recognised by their
content (a ``.tex`` whose first line says symcheck generated it, data files
that are plain number tables beside it, a PDF whose creator is symcheck).

Writes are atomic: everything is staged under unique temporary names beside
its target and moved in with renames; if one fails, the previous files are put
back. Concurrent runs into one directory take turns on an exclusive lock on
the directory (``flock``; without ``fcntl`` there is no lock), waiting up to
:data:`LOCK_WAIT_S` seconds before saying another run is writing there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .latex import ReportError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_WAIT_S", "MANIFEST_VERSION", "manifest_path", "directory_lock", "write_report_files",
           "write_owned", "owned_files"]

#: How long a run waits for another run writing the same directory.
LOCK_WAIT_S = 600.0
#: Format of the manifest (a JSON object ``{"version", "files": {path: [sha256, ...]}, "dirs": [...]}``).
MANIFEST_VERSION = 1

_held: dict[str, tuple[int, int]] = {}  # realpath of a locked directory -> (fd, depth)


def manifest_path(out_dir: Path, name: str) -> Path:
    """Where the manifest of derivation ``name``'s report in ``out_dir`` lives."""
    return out_dir / f".{name}.symcheck-manifest"


@contextmanager
def directory_lock(out_dir: Path, wait_s: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` (re-entrant within this process)."""
    key = os.path.realpath(out_dir)
    if fcntl is None or key in _held:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
        try:
            yield
        finally:
            if key in _held:
                fd, depth = _held[key]
                _held[key] = (fd, depth - 1)
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        deadline = time.monotonic() + (LOCK_WAIT_S if wait_s is None else wait_s)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ReportError(f"another symcheck report is writing {str(out_dir)!r}; "
                                      "try again when it has finished") from None
                time.sleep(0.05)
        _held[key] = (fd, 1)
        try:
            yield
        finally:
            del _held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Manifest:
    """What symcheck wrote for one report in one directory."""

    def __init__(self, out_dir: Path, name: str) -> None:
        self.path = manifest_path(out_dir, name)
        self.out_dir, self.name = out_dir, name
        self.files: dict[str, set[str]] = {}
        self.dirs: set[str] = set()
        self.raw: bytes | None = None
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
            raise ReportError(f"{str(self.path)!r} is not a symcheck manifest; move it away")
        if self.path.exists():
            self.raw = self.path.read_bytes()
            try:
                data = json.loads(self.raw)
                if data.get("version") != MANIFEST_VERSION:
                    raise ValueError("version")
                self.files = {str(k): set(map(str, v)) for k, v in data["files"].items()}
                self.dirs = set(map(str, data["dirs"]))
            except (ValueError, KeyError, TypeError, AttributeError):
                raise ReportError(f"{str(self.path)!r} is not a readable symcheck manifest; move it away "
                                  "(symcheck will then refuse to replace files it cannot show it wrote)") from None

    @property
    def legacy(self) -> bool:
        """No manifest: files of a symcheck that kept none are recognised by content."""
        return self.raw is None

    def owns(self, rel: str) -> bool:
        """Whether the existing file ``out_dir/rel`` is one symcheck wrote and nobody changed since."""
        path = self.out_dir / rel
        if path.is_symlink() or not path.is_file():
            return False
        content = path.read_bytes()
        if rel in self.files:
            return _sha256(content) in self.files[rel]
        return self.legacy and _legacy_owned(self.out_dir, self.name, rel, content)

    def save(self, files: Mapping[str, set[str]], dirs: set[str]) -> None:
        data = {"version": MANIFEST_VERSION, "derivation": self.name,
                "files": {k: sorted(v) for k, v in sorted(files.items())}, "dirs": sorted(dirs)}
        _atomic_write(self.path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))

    def restore(self) -> None:
        """Put the manifest back as it was when read."""
        if self.raw is None:
            self.path.unlink(missing_ok=True)
        else:
            _atomic_write(self.path, self.raw)


_LEGACY_DATA = re.compile(rb"x y( z)?\n[-+0-9.enai \n]*")


def _legacy_owned(out_dir: Path, name: str, rel: str, content: bytes) -> bool:
    """A file written by a symcheck that kept no manifest, recognised by its content."""
    tex = out_dir / f"{name}.tex"
    header = f"%% Generated by symcheck from the derivation '{name}'.".encode()
    tex_is_ours = tex.is_file() and not tex.is_symlink() and tex.read_bytes().startswith(header)
    if rel == f"{name}.tex":
        return content.startswith(header)
    if rel == f"{name}.pdf":
        return content.startswith(b"%PDF") and b"/Creator (symcheck)" in content
    folder, _, file = rel.partition("/")
    return (tex_is_ours and folder.endswith("-data") and re.fullmatch(r"[a-z0-9][a-z0-9.-]*\.dat", file) is not None
            and _LEGACY_DATA.fullmatch(content) is not None)


def _foreign(path: Path) -> ReportError:
    return ReportError(f"{str(path)!r} was not written by symcheck (or changed since); symcheck never "
                       "deletes or overwrites such a file: move it away or choose another --out")


def _staged(path: Path, content: bytes) -> Path:
    """``content`` written in full to a uniquely named temporary file beside ``path``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644 & ~_umask())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic_write(path: Path, content: bytes) -> None:
    tmp = _staged(path, content)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _remove_ours(folder: Path, rel_prefix: str, manifest_files: Mapping[str, set[str]]) -> list[str]:
    """Remove the files of ``folder`` symcheck wrote (hash in the manifest); return what is left."""
    left = []
    for entry in sorted(folder.iterdir()):
        rel = f"{rel_prefix}/{entry.name}"
        if (entry.is_file() and not entry.is_symlink()
                and _sha256(entry.read_bytes()) in manifest_files.get(rel, set())):
            entry.unlink()
        else:
            left.append(entry.name)
    if not left:
        folder.rmdir()
    return left


def owned_files(out_dir: Path, name: str) -> dict[str, set[str]]:
    """The manifest's files (relative path -> SHA-256 hashes) of report ``name`` in ``out_dir``."""
    return _Manifest(out_dir, name).files


def write_report_files(out_dir: Path, name: str, tex: bytes, data_dir: str, data: Mapping[str, bytes]) -> list[str]:
    """Replace ``out_dir/<name>.tex`` and ``out_dir/<data_dir>/`` together, or leave both as they were.

    Returns notes for the user (e.g. a foreign file that appeared in the old
    data directory while writing, which is kept). Raises :class:`ReportError`
    naming a foreign file before anything is changed.
    """
    with directory_lock(out_dir):
        manifest = _Manifest(out_dir, name)
        tex_rel = f"{name}.tex"
        tex_path, data_path = out_dir / tex_rel, out_dir / data_dir
        planned = {tex_rel: tex} | {f"{data_dir}/{k}": v for k, v in data.items()}
        if (tex_path.exists() or tex_path.is_symlink()) and not manifest.owns(tex_rel):
            raise _foreign(tex_path)
        data_exists = data_path.exists() or data_path.is_symlink()
        if data_exists:
            if data_path.is_symlink() or not data_path.is_dir():
                raise _foreign(data_path)
            if data_dir not in manifest.dirs and not manifest.legacy:
                raise ReportError(f"{str(data_path)!r} exists and was not made by symcheck; symcheck does not "
                                  "write into a directory it did not create: move it away or choose another --out")
            for entry in sorted(data_path.iterdir()):
                if not manifest.owns(f"{data_dir}/{entry.name}"):
                    raise _foreign(entry)
            if manifest.legacy and not any(data_path.iterdir()):
                raise ReportError(f"{str(data_path)!r} exists and was not made by symcheck; move it away")
        old_files = dict(manifest.files)
        if manifest.legacy and data_exists:
            old_files |= {f"{data_dir}/{e.name}": {_sha256(e.read_bytes())} for e in data_path.iterdir()}
        if manifest.legacy and tex_path.exists():
            old_files[tex_rel] = {_sha256(tex_path.read_bytes())}
        new_files = {k: v for k, v in old_files.items()
                     if k != tex_rel and not k.startswith(data_dir + "/")} | {k: {_sha256(v)} for k, v in planned.items()}
        union = {k: old_files.get(k, set()) | new_files.get(k, set()) for k in old_files.keys() | new_files.keys()}
        manifest.save(union, manifest.dirs | {data_dir})  # a crash from here on leaves files the manifest knows
        staged_tex = new = aside = None
        moved_in = False
        try:
            staged_tex = _staged(tex_path, tex)
            new = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{data_dir}.", suffix=".tmp"))
            for file, content in data.items():
                (new / file).write_bytes(content)
                os.chmod(new / file, 0o644 & ~_umask())
            new.chmod(0o755 & ~_umask())
            if data_exists:
                aside = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{data_dir}.", suffix=".old"))
                os.replace(data_path, aside)
            try:
                if data:
                    os.replace(new, data_path)
                    moved_in = True
                os.replace(staged_tex, tex_path)
            except BaseException:
                if moved_in:
                    os.replace(data_path, new)
                if aside is not None:
                    os.replace(aside, data_path)
                    aside = None
                raise
        except BaseException:
            manifest.restore()
            raise
        finally:
            if staged_tex is not None:
                staged_tex.unlink(missing_ok=True)
            if new is not None and new.exists():
                _remove_ours(new, data_dir, union)
        notes = []
        if aside is not None and aside.exists():
            left = _remove_ours(aside, data_dir, union)
            if left:
                notes.append(f"the previous {data_dir} held files symcheck did not write ({', '.join(left)}); "
                             f"they were kept in {str(aside)!r}")
        manifest.save(new_files, {data_dir} if data else set())
        return notes


def write_owned(out_dir: Path, name: str, file: str, content: bytes) -> Path:
    """Write ``out_dir/file`` (a PDF or log of report ``name``) atomically, unless a foreign file is there."""
    with directory_lock(out_dir):
        manifest = _Manifest(out_dir, name)
        path = out_dir / file
        if (path.exists() or path.is_symlink()) and not manifest.owns(file):
            raise _foreign(path)
        old, dirs = dict(manifest.files), set(manifest.dirs)
        if manifest.legacy:  # adopt the legacy files that are there, so later runs know them
            adopted = _legacy_files(out_dir, name)
            old |= {rel: {_sha256((out_dir / rel).read_bytes())} for rel in adopted}
            dirs |= {rel.split("/")[0] for rel in adopted if "/" in rel}
        manifest.save(old | {file: old.get(file, set()) | {_sha256(content)}}, dirs)
        try:
            _atomic_write(path, content)
        except BaseException:
            manifest.restore()
            raise
        manifest.save(old | {file: {_sha256(content)}}, dirs)
        return path


def _legacy_files(out_dir: Path, name: str) -> list[str]:
    """The files of report ``name`` in ``out_dir`` recognised as written by a symcheck without manifest."""
    rels = [f"{name}.tex", f"{name}.pdf"]
    data = out_dir / (re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") + "-data")
    if data.is_dir() and not data.is_symlink():
        rels += [f"{data.name}/{e.name}" for e in data.iterdir()]
    return [rel for rel in rels if (out_dir / rel).is_file() and not (out_dir / rel).is_symlink()
            and _legacy_owned(out_dir, name, rel, (out_dir / rel).read_bytes())]
