"""Logging: the standard error format of every process, and a rotated log file beside it."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"
# Set by ``serve`` in each child's environment: the part's name ("dicom-1", "worker").
SUPERVISED_AS = "TELECONSULT_SUPERVISED_AS"


def configure(verbose: bool = False) -> None:
    """Log to standard error, naming the part when this process is one of ``serve``'s."""
    part = os.environ.get(SUPERVISED_AS)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s " + (f"[{part}] " if part else "")
                        + "%(name)s: %(message)s", force=True)  # a forked part: its own
    logging.getLogger("pynetdicom").setLevel(logging.WARNING)


def add_file_log(path: Path, max_mb: float = 50, backups: int = 10) -> logging.Handler:
    """Also write every log line to ``path``, rotated at ``max_mb`` keeping ``backups`` old
    files. One writer per file: give each process of a scaled-out deployment its own file
    (rotation is not coordinated between processes)."""
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=int(max_mb * 2**20),
                                                   backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    return handler
