"""One path for every instance that arrives, by C-STORE or STOW-RS.

``Ingest.accept_file`` takes a fully received file (already on the data dir's filesystem),
checks it, moves it into place durably and records the arrival in Redis. Only when it
returns may the sender be told "success". Errors are the small classes below; each edge
(DIMSE status, HTTP) maps them once.
"""

from __future__ import annotations

import errno
import logging
import os
import time
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path

import redis

from dicom.completeness import Incomplete, check_complete
from dicom.fields import UnreadableDataset
from dicom.identity import read_ids
from dicom.sameness import same_instance
from teleconsult.settings.model import Clinic
from teleconsult.store import keys
from teleconsult.store.files import InvalidUID, Storage, StudyConflict, check_uid
from teleconsult.store.redis_target import RedisTarget
from teleconsult.store.replication import record_replicated

log = logging.getLogger(__name__)


class IngestError(Exception):
    """Base: the instance was not accepted; ``reason`` is safe to log and to return."""

    reason = "processing_failure"


class MalformedInstance(IngestError):
    reason = "malformed_dataset"


class HostileUID(IngestError):
    reason = "invalid_uid"


class ConflictingInstance(IngestError):
    reason = "conflict"


class NotDurable(IngestError):
    reason = "storage_unavailable"


class OutOfSpace(NotDurable):
    """The data dir's file system is full (or over quota): retry once space is freed."""

    reason = "insufficient_storage"


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC or EDQUOT: the one test of "no space left" both edges use."""
    return isinstance(exc, OutOfSpace) or (
        isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT))


@dataclass(frozen=True)
class Arrival:
    study_uid: str
    series_uid: str
    sop_uid: str
    sop_class_uid: str
    transfer_syntax_uid: str
    modality: str
    clinic: str
    received_at: float
    size: int
    new: bool

    def fields(self) -> dict[str, str]:
        # not ``asdict``: its deep copy of every value is wasted on flat strings and numbers
        return {f.name: str(getattr(self, f.name)) for f in dataclass_fields(self)}


# An arrival is put on the stream once per SOP instance: a re-send of a stored file is
# recorded only if the first attempt never was (e.g. Redis was down after the fsync). The
# EXPIRE comes first so that a re-send writes too: its WAIT then also covers the first
# attempt's recording, which the replication stream carries before it.
_RECORD_ONCE = """
local new = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if new == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
return 1
"""
_SEEN_TTL = 14 * 24 * 3600


class Ingest:
    """Owns the temp → checked → durable → recorded sequence for one process."""

    def __init__(self, storage: Storage, client: redis.Redis,
                 target: RedisTarget | None = None) -> None:
        self.storage = storage
        self.redis = client
        self.target = target  # its replicas_to_ack: how many replicas hold an arrival first
        self._record_once = client.register_script(_RECORD_ONCE)
        self._study_owner: dict[str, str] = {}  # study → clinic, saves a sidecar read each

    def accept_file(self, path: Path, clinic: Clinic, expected_sop_uid: str | None = None,
                    study_extra: dict | None = None) -> Arrival:
        """Check, store and record one instance; the file at ``path`` is consumed.

        ``study_extra`` goes into the study's sidecar (requested_priority, clinical_note from
        an HTTP upload); the assembler reads it when the study becomes a case.
        """
        try:
            return self._accept(path, clinic, expected_sop_uid, study_extra)
        finally:
            path.unlink(missing_ok=True)

    def _accept(self, path: Path, clinic: Clinic, expected_sop_uid: str | None,
                study_extra: dict | None) -> Arrival:
        try:
            check_complete(path)  # a sender cut off mid-instance: never acknowledged
            ids = read_ids(path)  # struct scan in the common case, else pydicom
        except (UnreadableDataset, Incomplete) as exc:
            raise MalformedInstance(str(exc)) from exc
        try:
            study = check_uid(ids.study_uid, "StudyInstanceUID")
            series = check_uid(ids.series_uid, "SeriesInstanceUID")
            sop = check_uid(ids.sop_instance_uid or ids.media_sop_instance_uid, "SOPInstanceUID")
            sop_class = check_uid(ids.sop_class_uid or ids.media_sop_class_uid, "SOPClassUID")
        except InvalidUID as exc:
            raise HostileUID(str(exc)) from exc
        if expected_sop_uid and expected_sop_uid.strip("\x00 ") != sop:
            raise MalformedInstance("SOPInstanceUID in the dataset differs from the request")
        modality = (ids.modality or "OT").upper()
        received_at = time.time()
        try:
            size = os.stat(path).st_size  # before adopt: a fallback may rename it away
            owed: list[Path] = []  # directory fsyncs claim_study leaves to adopt_instance
            claim = self._study_owner.get(study) != clinic.id or study_extra
            if claim:
                self.storage.claim_study(study, clinic.id, received_at, study_extra,
                                         defer_sync=owed)
            new = self.storage.adopt_instance(path, study, series, sop, sync_also=owed,
                                              same=same_instance)
            if claim:  # only now is the sidecar durable: others may skip the claim from here
                if len(self._study_owner) > 10_000:
                    self._study_owner.clear()
                self._study_owner[study] = clinic.id
        except StudyConflict as exc:
            raise ConflictingInstance(str(exc)) from exc
        except FileExistsError as exc:
            raise ConflictingInstance(str(exc)) from exc
        except OSError as exc:
            kind = OutOfSpace if is_disk_full(exc) else NotDurable
            raise kind(f"cannot store instance: {exc.strerror or exc}") from exc
        arrival = Arrival(
            study_uid=study, series_uid=series, sop_uid=sop, sop_class_uid=sop_class,
            transfer_syntax_uid=ids.transfer_syntax_uid or "", modality=modality,
            clinic=clinic.id, received_at=received_at,
            size=size, new=new,
        )
        self.record(arrival)
        return arrival

    def record(self, arrival: Arrival) -> None:
        """Put the arrival on the stream the assembler reads (the 'recorded' in invariant 2)."""
        flat = [x for kv in arrival.fields().items() for x in kv]
        try:
            record_replicated(self.redis, self.target, lambda c: self._record_once(
                keys=[keys.study_sops(arrival.study_uid), keys.ARRIVALS],
                args=[arrival.sop_uid, _SEEN_TTL, *flat], client=c), keys.ARRIVALS)
        except redis.RedisError as exc:
            raise NotDurable(f"cannot record arrival: {exc}") from exc

