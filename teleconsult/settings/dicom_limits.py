"""The DICOM ingress's limits and timeouts: the ``[dicom_limits]`` table, read once.

Every bound a peer could otherwise push on (PDU length, time to associate, idle time,
connections per address, associations per clinic and in total) is a field here with a
default that needs no configuration; docs/ingress-limits.md says what a peer sees at each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from teleconsult.settings.reader import Reader

_KEYS = {"artim_seconds", "idle_seconds", "max_pdu_bytes", "max_pending",
         "max_pending_per_address", "max_associations", "max_associations_per_clinic",
         "associations_by_clinic"}
# 128 KiB: measured best throughput at flat RSS with chunked receive.
DEFAULT_MAX_PDU = 128 * 1024


@dataclass(frozen=True)
class DicomLimits:
    artim_seconds: float = 10.0  # a new connection must deliver its A-ASSOCIATE-RQ by then
    idle_seconds: float = 60.0  # an association with no PDU for this long is aborted
    max_pdu_bytes: int = DEFAULT_MAX_PDU  # largest P-DATA we accept (told to the peer)
    max_pending: int = 64  # connections not yet associated, in total
    max_pending_per_address: int = 8  # ... from one peer address
    max_associations: int = 48  # established associations, in total
    max_associations_per_clinic: int = 8  # ... of one clinic (unless listed below)
    associations_by_clinic: Mapping[str, int] = field(default_factory=dict)

    def clinic_limit(self, clinic_id: str) -> int:
        """How many associations ``clinic_id`` may hold at once."""
        return self.associations_by_clinic.get(clinic_id, self.max_associations_per_clinic)


def _positive(r: Reader, t: dict, key: str, kind: type, default: Any, low: float,
              high: float) -> Any:
    value = r.get(t, key, "dicom_limits", (int, float) if kind is float else int, default)
    if not low <= value <= high:
        r.fail(f"dicom_limits.{key}", f"must be between {low} and {high}, got {value}")
        return default
    return kind(value)


def parse_dicom_limits(r: Reader, data: Any, clinic_ids: set[str]) -> DicomLimits:
    """The ``[dicom_limits]`` table; problems are recorded on ``r`` (file and key named)."""
    t = r.table(data if data is not None else {}, "dicom_limits", _KEYS, set())
    d = DicomLimits()
    by_clinic: dict[str, int] = {}
    for cid, n in r.get(t, "associations_by_clinic", "dicom_limits", dict, {}).items():
        key = f"dicom_limits.associations_by_clinic.{cid}"
        if cid not in clinic_ids:
            r.fail(key, "no such clinic")
        elif isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 1000:
            r.fail(key, f"must be an integer between 1 and 1000, got {n!r}")
        else:
            by_clinic[cid] = n
    limits = DicomLimits(
        artim_seconds=_positive(r, t, "artim_seconds", float, d.artim_seconds, 0.1, 600),
        idle_seconds=_positive(r, t, "idle_seconds", float, d.idle_seconds, 0.1, 86400),
        max_pdu_bytes=_positive(r, t, "max_pdu_bytes", int, d.max_pdu_bytes, 4096, 16 * 2**20),
        max_pending=_positive(r, t, "max_pending", int, d.max_pending, 1, 10_000),
        max_pending_per_address=_positive(r, t, "max_pending_per_address", int,
                                          d.max_pending_per_address, 1, 10_000),
        max_associations=_positive(r, t, "max_associations", int, d.max_associations, 1, 1000),
        max_associations_per_clinic=_positive(r, t, "max_associations_per_clinic", int,
                                              d.max_associations_per_clinic, 1, 1000),
        associations_by_clinic=by_clinic)
    if limits.max_pending_per_address > limits.max_pending:
        r.fail("dicom_limits.max_pending_per_address", "must not exceed max_pending")
    return limits
