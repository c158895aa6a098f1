"""This node of a deployment: its id (``TELECONSULT_NODE_ID``, default the host name) and
the parts ``serve --parts`` may run on it."""

from __future__ import annotations

import re
import socket
from collections.abc import Mapping

from teleconsult.settings.reader import Reader

# The id names a directory under <data>/run/nodes and a member in Redis: no separators.
NODE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
# ingress: DICOM (and HL7) listeners; api: HTTP (API, STOW, pages); workers: the loops
PART_NAMES = ("ingress", "api", "workers")
PARTS_ENV = "TELECONSULT_PARTS"  # what the node's serve runs, passed to its parts


def default_node_id() -> str:
    """The host name, cut at the first dot and at 64 characters."""
    return socket.gethostname().split(".")[0][:64] or "node"


def node_id_from_env(r: Reader, env: Mapping[str, str]) -> str:
    """``TELECONSULT_NODE_ID`` (checked), else the host name."""
    raw = env.get("TELECONSULT_NODE_ID", "").strip()
    if not raw:
        return default_node_id()
    if not NODE_ID_RE.match(raw):
        r.fail("TELECONSULT_NODE_ID", f"invalid node id {raw!r}: letters, digits, '.', '_' "
               "and '-', starting with a letter or digit, at most 64")
    return raw


def parse_parts(text: str) -> tuple[str, ...]:
    """``ingress,api,workers`` → the parts in their canonical order; ValueError naming a
    bad or missing one."""
    names = [n.strip() for n in text.split(",")]
    unknown = [n for n in names if n not in PART_NAMES]
    if unknown or not any(names):
        bad = ", ".join(repr(n) for n in unknown) or "none"
        raise ValueError(f"unknown part {bad}: choose from {','.join(PART_NAMES)}")
    return tuple(p for p in PART_NAMES if p in names)
