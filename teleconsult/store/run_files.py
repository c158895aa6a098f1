"""Where the running processes of one data dir leave word for each other: ``<data>/run``.

The supervisor's status file (read by ``/healthz``), each part's heartbeat, the DICOM
ingress processes' load boards and the instance lock all live there; this module is the one
place that names them.
"""

from __future__ import annotations

from pathlib import Path

STATUS_FILE = "supervisor.json"
LOCK_FILE = "instance.lock"


def run_dir(data_dir: Path) -> Path:
    """``<data>/run``, made if missing."""
    path = data_dir / "run"
    path.mkdir(parents=True, exist_ok=True)
    return path


def status_path(data_dir: Path) -> Path:
    """The supervisor's view of its parts (written by ``serve``, read by ``/healthz``)."""
    return data_dir / "run" / STATUS_FILE


def heartbeat_path(data_dir: Path, name: str) -> Path:
    """The file a supervised part touches every second."""
    return run_dir(data_dir) / f"{name}.beat"


def load_board_path(data_dir: Path, port: int) -> Path:
    """The load board the DICOM ingress processes sharing ``port`` publish to."""
    return run_dir(data_dir) / f"dicom-load-{port}"


def lock_path(data_dir: Path) -> Path:
    """The instance lock: shared by every running part, exclusive for ``reindex``."""
    return run_dir(data_dir) / LOCK_FILE
