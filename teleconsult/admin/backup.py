"""Backup and restore of the data dir, consistent while the service runs.

The files are the truth (Redis is rebuilt by ``reindex``), and every file but the
append-only logs is written once or replaced by an atomic rename: a file opened for the
archive is always one complete version. Append-only ``*.jsonl`` logs are cut at their last
newline, so a line being appended at that instant is left out whole rather than torn.
Everything but ``instances/`` is archived first: a case or report in the archive then finds
every instance it was made from (instances are never written after the case that holds
them, only before), and an instance archived without its case becomes a pending study that
``reindex`` hands to the assembler again.
"""

from __future__ import annotations

import io
import os
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

MANIFEST = "teleconsult-backup.json"
FORMAT = 1
# Rebuilt or transient: the embedded Redis (socket, AOF), half-received uploads, the
# statistics store with the journal it follows (`teleconsult stats rebuild` after restore),
# the running processes' heartbeats, status, lock and load boards (run/), rendered images
# (cache/, made again on demand).
SKIPPED_TOP = frozenset({"redis", "tmp", "stats", "changes", "run", "cache"})
# The county CA's private key: it belongs offline once the certificates are issued
# (docs/security.md); a backup that carried it would put it wherever the backups go.
SKIPPED_FILES = frozenset({"tls/ca.key"})


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    files: int
    bytes: int


def _walk(root: Path, top: str) -> Iterator[Path]:
    base = root / top
    if base.is_file():
        yield base
        return
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.startswith(".") and not name.endswith((".part", ".tmp")):
                yield Path(dirpath) / name


def _ordered(root: Path) -> Iterator[Path]:
    tops = sorted(p.name for p in root.iterdir() if p.name not in SKIPPED_TOP)
    for top in [t for t in tops if t != "instances"] + [t for t in tops if t == "instances"]:
        yield from _walk(root, top)


def _add(tar: tarfile.TarFile, path: Path, arcname: str) -> int:
    """Archive one file from one open descriptor (so one version of it); its size."""
    with path.open("rb") as f:
        st = os.fstat(f.fileno())
        info = tarfile.TarInfo(arcname)
        info.mtime, info.mode, info.size = int(st.st_mtime), 0o640, st.st_size
        if path.suffix == ".jsonl":
            data = f.read(st.st_size)
            data = data[: data.rfind(b"\n") + 1]
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        else:
            tar.addfile(info, f)  # streamed: never a whole study in memory
    return info.size


def backup(data_dir: Path, out: io.BufferedIOBase | Path, community: str = "") -> BackupResult:
    """Write a gzip'd tar of ``data_dir`` to ``out`` (a path or a binary stream)."""
    if not (data_dir / "instances").is_dir() and not (data_dir / "cases").is_dir():
        raise BackupError(f"{data_dir} is not a Teleconsult data dir (no instances/ or cases/)")
    files = total = 0
    manifest = orjson.dumps({"format": FORMAT, "created_at": time.time(),
                             "community": community, "source": str(data_dir)})
    target = out.open("wb") if isinstance(out, Path) else out
    try:
        with tarfile.open(fileobj=target, mode="w|gz") as tar:
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(manifest), int(time.time())
            tar.addfile(info, io.BytesIO(manifest))
            for path in _ordered(data_dir):
                if path.relative_to(data_dir).as_posix() in SKIPPED_FILES:
                    continue
                try:
                    size = _add(tar, path, path.relative_to(data_dir).as_posix())
                except FileNotFoundError:
                    continue  # replaced or removed while we walked: its successor is listed
                files, total = files + 1, total + size
    finally:
        if isinstance(out, Path):
            target.close()
    return BackupResult(files, total)


def restore(archive: io.BufferedIOBase | Path, data_dir: Path) -> BackupResult:
    """Unpack a backup into an empty (or absent) ``data_dir``; never over live data."""
    if data_dir.exists() and any(data_dir.iterdir()):
        raise BackupError(f"{data_dir} is not empty: restore only into a new data dir")
    source = archive.open("rb") if isinstance(archive, Path) else archive
    files = total = 0
    try:
        with tarfile.open(fileobj=source, mode="r|gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST:
                raise BackupError("not a Teleconsult backup (no manifest first)")
            meta = orjson.loads(tar.extractfile(first).read())  # type: ignore[union-attr]
            if meta.get("format") != FORMAT:
                raise BackupError(f"backup format {meta.get('format')} is not {FORMAT}")
            data_dir.mkdir(parents=True, exist_ok=True)
            for member in tar:
                if member is first:
                    continue  # iteration starts again at the manifest already read
                # the "data" filter refuses absolute paths, "..", links out of the tree
                tar.extract(member, data_dir, filter="data")
                files, total = files + 1, total + member.size
        os.sync()  # the restored tree is durable before anyone reindexes from it
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"archive unreadable: {exc}") from exc
    finally:
        if isinstance(archive, Path):
            source.close()
    return BackupResult(files, total)
