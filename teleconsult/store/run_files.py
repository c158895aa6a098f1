"""Where the running processes of one data dir leave word for each other: ``<data>/run``.

Several nodes may share one data dir (a shared filesystem), so what belongs to one node's
``serve`` — its supervisor's status file (read by ``/healthz``), each part's heartbeat, the
DICOM ingress processes' load boards — lives under ``<data>/run/nodes/<node id>``; the
instance lock, which every node's parts hold shared, stays at ``<data>/run``. This module is
the one place that names them.
"""

from __future__ import annotations

from pathlib import Path

STATUS_FILE = "supervisor.json"
LOCK_FILE = "instance.lock"
NODES_DIR = "nodes"


def run_dir(data_dir: Path) -> Path:
    """``<data>/run``, made if missing."""
    path = data_dir / "run"
    path.mkdir(parents=True, exist_ok=True)
    return path


def node_dir(data_dir: Path, node_id: str) -> Path:
    """``<data>/run/nodes/<node id>``, made if missing (the id is checked by settings)."""
    path = run_dir(data_dir) / NODES_DIR / node_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def status_path(data_dir: Path, node_id: str) -> Path:
    """The supervisor's view of its parts (written by ``serve``, read by ``/healthz``)."""
    return node_dir(data_dir, node_id) / STATUS_FILE


def heartbeat_path(data_dir: Path, node_id: str, name: str) -> Path:
    """The file a supervised part touches every second."""
    return node_dir(data_dir, node_id) / f"{name}.beat"


def load_board_path(data_dir: Path, node_id: str, port: int) -> Path:
    """The load board the DICOM ingress processes sharing ``port`` publish to."""
    return node_dir(data_dir, node_id) / f"dicom-load-{port}"


def lock_path(data_dir: Path) -> Path:
    """The instance lock: shared by every running part, exclusive for ``reindex``."""
    return run_dir(data_dir) / LOCK_FILE
