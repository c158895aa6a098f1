"""Logging to a file with rotation (standard library), beside the stdout default."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"


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
